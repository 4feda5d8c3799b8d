"""The printed plan as Markdown that reads well in a repository (GitHub-flavoured tables).

Typed text is escaped so it shows as typed: Markdown punctuation is backslash-escaped and `<`,
`>` and `&` become entities, so a note can never turn into a link, a heading or raw HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from coach.model.links import link_target
from coach.model.plan import DiagnosisView, PrintedPlan
from coach.model.rules import severity_rank
from coach.render.common import (
    NOTHING_DIAGNOSED,
    SECTIONS,
    SOURCES_INTRO,
    SUGGESTED_ACTIONS_INTRO,
    check_heading,
    diagnosis_groups,
    follow_through_summary,
    found_by,
    keep_doing_lines,
    plan_state,
    shown_as_typed,
    signatures_intro,
)
from coach.review.printed import day_text

_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_LINE_START = re.compile(r"^(\s*)([-+>=#])", re.MULTILINE)
_ORDERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_BARE_LINK = re.compile(r":(?=//)")  # GitHub turns a bare https://... into a link
BAR = {0: "·", 1: "■□□□", 2: "■■□□", 3: "■■■□", 4: "■■■■"}


def md(text: str) -> str:
    """Escape text for Markdown: it renders exactly as typed (bidi controls as code points)."""
    text = shown_as_typed(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    text = _BARE_LINK.sub(r"\\:", text)
    return _ORDERED.sub(r"\1\\\2", text)


def link(url: str) -> str:
    """`url` as an autolink when the link policy allows it, else as escaped plain text."""
    return f"<{url}>" if link_target(url) is not None else md(url)


def cell(text: str) -> str:
    """Escape text for a table cell: one line, line breaks as <br>."""
    return "<br>".join(md(line) for line in text.splitlines()) or " "


def block(text: str, prefix: str = "") -> str:
    """Escape text that may hold line breaks, keeping them (hard breaks), with a prefix."""
    return "\n".join(f"{prefix}{md(line)}  " for line in text.splitlines()).rstrip()


def render_markdown(plan: PrintedPlan) -> str:
    """The plan as a Markdown document."""
    parts = [_SECTIONS[name](plan) for name in SECTIONS]
    return "\n\n".join(p for p in parts if p).rstrip() + "\n"


def _cover(plan: PrintedPlan) -> str:
    state = plan_state(plan)  # read on from the bold label: "agreed in a review (closed)"
    rows = [
        f"# Career plan: {md(plan.person)}",
        "",
        f"- **Quarter:** {md(plan.quarter)}",
        f"- **Date:** {day_text(plan.printed_on)}",
        f"- **Coach:** {md(plan.coach) if plan.coach else '—'}",
        f"- **Plan:** {state[0].lower()}{state[1:]}",
        "",
        "## Your profile across the seven mistakes",
        "",
        "| # | Mistake | Severity | |",
        "|---:|---|---|---|",
    ]
    for number, row in enumerate(plan.profile, start=1):
        rank = severity_rank(row.final)
        if row.verdict == "dismiss":
            words = f"dismissed (assessed {row.assessed})"
        elif row.verdict == "adjust":
            words = f"{row.final} (adjusted from {row.assessed})"
        elif row.not_assessed:
            words = "not assessed"
        else:
            words = row.final or "not found"
        rows.append(f"| {number} | {cell(row.title)} | {words} | {BAR[rank]} |")
    rows += ["", f"_{md(plan.content_line)}_"]
    return "\n".join(rows)


def _judgement(plan: PrintedPlan) -> str:
    j = plan.judgement
    out = []
    if j.tenure:
        out.append(f"**{md(j.tenure)}**")
    if j.consistency:
        lines = [
            "## Answers to check",
            "",
            "Some answers contradict each other, so read the findings with lower confidence.",
        ]
        for item in j.consistency:
            lines += ["", f"**{md(item.title)}**: {md(item.text)}", ""]
            lines += [f"- {md(answer)}" for answer in item.answers]
        out.append("\n".join(lines))
    if j.not_assessed:
        names = ", ".join(md(t) for t in j.not_assessed)
        out.append(
            f"**Not assessed:** {names}. No question on these was answered, so nothing is known "
            "about them: this is not the same as all fine."
        )
    return "\n\n".join(out)


def _keep_doing(plan: PrintedPlan) -> str:
    lines = keep_doing_lines(plan)
    if not lines:
        return ""
    return "\n".join(["## Keep doing", "", *(f"- {md(t)}" for t in lines)])


def _verdict(view: DiagnosisView) -> str:
    if view.verdict == "dismiss":
        return f"assessed {view.assessed}; **dismissed** by the coach"
    if view.verdict == "adjust":
        return f"**{view.final}**, adjusted by the coach from {view.assessed}"
    if view.verdict == "agree":
        return f"**{view.assessed}**, agreed by the coach"
    return f"**{view.assessed}**"


def _diagnoses(plan: PrintedPlan) -> str:
    out = ["## Diagnoses"]
    for notice in plan.notices:
        lines = [f"> **{md(notice.title)}**", ">", f"> {md(notice.text)}", ">"]
        lines += [f"> - {md(line)}" for line in notice.help]
        out.append("\n".join(lines))
    if not plan.diagnoses:
        out.append(NOTHING_DIAGNOSED)
    for group in diagnosis_groups(plan):
        if group.label:
            out.append(f"**{md(group.label)}.** {md(group.line or '')}".rstrip())
        out += [_diagnosis(view, number) for number, view in group.items]
    return "\n\n".join(out)


def _diagnosis(view: DiagnosisView, number: int) -> str:
    out = [f"### {number}. {md(view.title)}\n\n{_verdict(view)}\n\n{md(view.summary)}"]
    if view.reason:
        out.append(f"> **Why the coach dismissed it:**  \n{block(view.reason, '> ')}")
    if view.note:
        out.append(f"> **Coach's notes:**  \n{block(view.note, '> ')}")
    if view.final is not None and not view.primary:
        out.append(md(found_by(view)))
    elif view.final is not None:
        for rule in view.rules:
            sources = ", ".join(str(s) for s in rule.sources)
            lines = [
                f"**{md(rule.title)}** ({rule.severity}; sources {sources})",
                "",
                md(rule.because),
                "",
            ]
            lines += [
                f"- {md(ev.question)} → {'includes ' if ev.ticked else ''}**{md(ev.answer)}**"
                + (f" ({md('; '.join(ev.tests))})" if ev.tests else "")
                for ev in rule.evidence
            ]
            out.append("\n".join(lines))
    return "\n\n".join(out)


def _actions(plan: PrintedPlan) -> str:
    out = ["## Action plan", ""]
    if not plan.reviewed:
        out += [f"_{md(SUGGESTED_ACTIONS_INTRO)}_", ""]
    out += [
        f"| # | When | Action | First step | Owner | Due | {check_heading(plan)} |",
        "|---:|---|---|---|---|---|---|",
    ]
    for a in plan.actions:
        title = f"**{cell(a.title)}**" + (" _(custom)_" if a.custom else "")
        step = cell(a.first_step or "—") + (f" _({cell(a.note)})_" if a.note else "")
        out.append(
            f"| {a.number} | {a.stage or '—'} | {title} | {step} | {cell(a.owner)} | "
            f"{a.due_words} | {cell(a.success_check)} |"
        )
    out += ["", *(f"**Left out of the plan:** {md(line)}" for line in plan.judgement.left_out)]
    return "\n".join(out).rstrip()


def _timeline(plan: PrintedPlan) -> str:
    titles = {a.number: a for a in plan.actions}
    out = ["## 30/60/90-day timeline", "", f"From {day_text(plan.plan_start)}.", ""]
    for window in plan.timeline:
        out.append(f"**{window.label}**")
        out.append("")
        if not window.actions:
            out += ["- nothing due", ""]
            continue
        out += [
            f"- {day_text(titles[n].due)}: {n}. {md(titles[n].title)} ({md(titles[n].owner)})"
            for n in window.actions
        ]
        out.append("")
    return "\n".join(out).rstrip()


def _follow_through(plan: PrintedPlan) -> str:
    done = plan.follow_through
    if done is None:
        return ""
    out = [
        f"## Last quarter's follow-through ({md(done.quarter)})",
        "",
        follow_through_summary(done),
        "",
        "| Action | Owner | Due | How it went | Note |",
        "|---|---|---|---|---|",
    ]
    out += [
        f"| {cell(r.title)} | {cell(r.owner)} | {day_text(r.due)} | {r.status_words} | "
        f"{cell(r.note or '')} |"
        for r in done.rows
    ]
    return "\n".join(out)


def _brag(plan: PrintedPlan) -> str:
    brag = plan.brag
    if brag is None:
        return ""
    out = [f"## Brag document ({md(brag.quarter)})", "", md(brag.sentence)]
    if brag.gaps:
        out += ["", f"Weeks with no entry: {', '.join(brag.gaps)}."]
    return "\n".join(out)


def _job(plan: PrintedPlan) -> str:
    job = plan.job
    if job is None:
        return ""
    at = f" at {md(job.company)}" if job.company else ""
    out = [
        "## Six-month verdict",
        "",
        f"Started{at} on {day_text(job.started)}; now in month {job.month}.",
        "",
        "| Phase | Months | From | What to do |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {'**' + s.title + '** (now)' if s.current else s.title} | {s.months} | "
        f"{day_text(s.starts)} | {cell(s.what)} |"
        for s in job.steps
    ]
    out += ["", "Tests of months 4-6:", ""]
    out += [f"- {md(test)}: {md(outcome)}" for test, outcome in job.tests]
    if job.verdict:
        out += ["", f"**Verdict:** {md(job.verdict)}"]
    return "\n".join(out)


def _notes(plan: PrintedPlan) -> str:
    return f"## Notes on the review\n\n{block(plan.review_notes)}" if plan.review_notes else ""


def _sources(plan: PrintedPlan) -> str:
    out = ["## Sources", "", SOURCES_INTRO, ""]
    out += [f"- **[{s.number}]** {md(s.title)}  \n  {link(s.url)}" for s in plan.sources]
    return "\n".join(out)


def _signatures(plan: PrintedPlan) -> str:
    out = ["## Signatures", "", md(signatures_intro(plan)), ""]
    for s in plan.signatures:
        who = f"{s.role}: {md(s.name)}" if s.name else s.role
        out += [f"{who}  ", "Signature: ______________________   Date: ____________", ""]
    return "\n".join(out).rstrip()


_SECTIONS: dict[str, Callable[[PrintedPlan], str]] = {
    "cover": _cover,
    "judgement": _judgement,
    "diagnoses": _diagnoses,
    "keep_doing": _keep_doing,
    "actions": _actions,
    "timeline": _timeline,
    "follow_through": _follow_through,
    "brag": _brag,
    "job": _job,
    "notes": _notes,
    "signatures": _signatures,
    "sources": _sources,
}
