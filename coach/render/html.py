"""The printed plan as one self-contained HTML file that prints well from a browser.

Print CSS sets the paper size and margins, keeps rows and boxes from splitting across pages,
repeats table headers and starts the main sections on a new page. The profile chart is inline
SVG (vector). Every piece of text is escaped: what a person typed can never become markup.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from coach.model.links import link_target
from coach.model.plan import DiagnosisView, PrintedPlan, ProfileRow
from coach.model.results import NoticeOut
from coach.model.rules import SEVERITIES, severity_rank
from coach.render.common import (
    NOTHING_DIAGNOSED,
    SECTIONS,
    SOURCES_INTRO,
    SUGGESTED_ACTIONS_INTRO,
    check_heading,
    cover_facts,
    diagnosis_groups,
    follow_through_summary,
    found_by,
    keep_doing_lines,
    shown_as_typed,
    signatures_intro,
    verdict_words,
)
from coach.review.printed import DayScale, day_text

COLOURS = {"low": "#6FA8DC", "medium": "#E8A33D", "high": "#D9622B", "critical": "#B3261E"}
PAGE = {"a4": "A4", "letter": "letter"}

CSS = """
:root { --ink: #1F2933; --muted: #5F6B7A; --accent: #2B5C8A; --faint: #E4E8EE;
        --stripe: #F5F7FA; --note: #EEF4FA; --notice: #FFF4E5; --notice-edge: #C77700; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, "Noto Sans CJK SC",
       "Hiragino Sans", "Microsoft YaHei", sans-serif; color: var(--ink); font-size: 10.5pt;
       line-height: 1.4; max-width: 190mm; margin: 0 auto; padding: 12mm 8mm; }
h1 { color: var(--accent); font-size: 16pt; margin: 1.4em 0 .5em; break-after: avoid; }
h2 { font-size: 12pt; margin: 1.2em 0 .4em; break-after: avoid; }
h3 { font-size: 10.5pt; margin: .9em 0 .2em; break-after: avoid; }
.band { background: var(--accent); color: #fff; padding: 14px 16px; }
.band .kicker { font-size: 11pt; } .band .title { font-size: 26pt; font-weight: bold; }
.name { font-size: 22pt; font-weight: bold; margin: 18px 0 6px; }
dl.facts { display: grid; grid-template-columns: 28mm 1fr; gap: 2px 8px; margin: 0; }
dl.facts dt { color: var(--muted); font-size: 9pt; } dl.facts dd { margin: 0; }
.muted { color: var(--muted); font-size: 8.5pt; }
.typed { white-space: pre-wrap; overflow-wrap: break-word; }
.notice { background: var(--notice); border-left: 4px solid var(--notice-edge);
          padding: 8px 12px; margin: 10px 0; break-inside: avoid; }
.note { background: var(--note); padding: 6px 10px; margin: 6px 0; break-inside: avoid; }
.diagnosis { border-left: 4px solid var(--muted); padding-left: 8px; margin: 14px 0 4px; }
h2.group { color: var(--accent); margin-top: 1.6em; }
.diagnosis h2 { margin: 0; } .verdict { color: var(--muted); font-size: 9pt; }
.rule { margin: 6px 0 0 12px; } .rule p { margin: 2px 0; font-size: 9pt; }
.rule ul { margin: 2px 0; padding-left: 18px; font-size: 9pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
thead { display: table-header-group; }
th { background: var(--accent); color: #fff; text-align: left; padding: 5px; }
td { border-bottom: 1px solid var(--faint); padding: 5px; vertical-align: top;
     overflow-wrap: break-word; }
tbody tr:nth-child(even) td { background: var(--stripe); }
tr { break-inside: avoid; }
.track { position: relative; height: 12px; min-width: 160px; }
.track .line { position: absolute; top: 5px; height: 2px; left: 0; background: var(--accent); }
.track .diamond { position: absolute; top: 1px; width: 9px; height: 9px; margin-left: -4.5px;
                  background: var(--accent); transform: rotate(45deg); }
.windows { display: flex; font-size: 8pt; color: var(--accent); }
.windows span { text-align: center; }
ol.sources { font-size: 8.5pt; padding-left: 0; list-style: none; }
ol.sources li { margin: 3px 0; overflow-wrap: anywhere; }
.signatures { break-inside: avoid; }
.signature { display: grid; grid-template-columns: 60% 10% 30%; margin-top: 28px; }
.signature .line { border-top: 1px solid var(--ink); padding-top: 2px; color: var(--muted);
                   font-size: 9pt; }
a { color: var(--accent); }
@media print {
  body { max-width: none; padding: 0; }
  .cover { break-after: page; }
  .page { break-before: page; }
  a { text-decoration: none; }
}
"""


# Every HTML file coach writes carries this policy: no script of any kind (inline handlers and
# javascript: links included), nothing loaded from anywhere (images only as data: URIs), styles
# only from the page itself, no <base> or form that could send anything. A missed escape cannot run.
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)


def e(text: str) -> str:
    """Escape text for HTML content and attributes (bidi controls shown as code points)."""
    return escape(shown_as_typed(text), quote=True)


def link(url: str, text: str | None = None) -> str:
    """`url` as a link when the link policy allows it, else as plain text (escaped either way)."""
    shown = e(url if text is None else text)
    target = link_target(url)
    if target is None:
        return f'<span class="url">{shown}</span>'
    return f'<a href="{e(target)}" rel="noopener noreferrer">{shown}</a>'


def html_page(title: str, css: str, body: str) -> str:
    """A complete HTML document with the CSP above; `title` is plain text, `body` markup."""
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def render_html(plan: PrintedPlan, paper: str = "a4") -> str:
    """The plan as a complete HTML document."""
    page = f"@page {{ size: {PAGE.get(paper, 'A4')}; margin: 16mm 16mm 18mm; }}"
    body = "\n".join(_SECTIONS[name](plan) for name in SECTIONS)
    return html_page(f"Career plan: {plan.person}, {plan.quarter}", CSS + page, body)


def _cover(plan: PrintedPlan) -> str:
    rows = "".join(f"<dt>{e(k)}</dt><dd class='typed'>{e(v)}</dd>" for k, v in cover_facts(plan))
    return (
        '<section class="cover">\n'
        '<div class="band"><div class="kicker">Quarterly career check-up</div>'
        '<div class="title">Career plan</div></div>\n'
        f'<div class="name typed">{e(plan.person)}</div>\n<dl class="facts">{rows}</dl>\n'
        "<h2>Your profile across the seven mistakes</h2>\n"
        f"{profile_svg(plan.profile)}\n<p class='muted'>{e(plan.content_line)}</p>\n"
        "</section>"
    )


def profile_svg(rows: tuple[ProfileRow, ...]) -> str:
    """The seven-mistake profile as inline SVG: bars after the review, dashed as assessed."""
    width, label, row_h, head = 680, 300, 24, 18
    area = width - label - 110
    height = head + row_h * len(rows)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="Profile across the seven mistakes" '
        'font-family="inherit" font-size="12">'
    ]
    for level, name in enumerate(SEVERITIES):
        x = label + area * (level + 0.5) / 4
        out.append(
            f'<text x="{x:.1f}" y="12" font-size="10" fill="#5F6B7A" '
            f'text-anchor="middle">{name}</text>'
        )
    for index, row in enumerate(rows):
        y = head + row_h * index
        if index % 2 == 0:
            out.append(f'<rect x="0" y="{y}" width="{width}" height="{row_h}" fill="#F5F7FA"/>')
        out.append(f'<text x="4" y="{y + 16}">{index + 1}. {e(row.title)}</text>')
        out.append(_svg_bar(row, label, area, y + 6))
    return "".join(out) + "</svg>"


def _svg_bar(row: ProfileRow, x0: int, area: int, y: int) -> str:
    assessed, final = severity_rank(row.assessed), severity_rank(row.final)
    parts = []
    if final:
        w = area * final / 4
        parts.append(
            f'<rect x="{x0}" y="{y}" width="{w:.1f}" height="12" fill="{COLOURS[str(row.final)]}"/>'
        )
    if assessed and assessed != final:
        w = area * assessed / 4
        parts.append(
            f'<rect x="{x0}" y="{y}" width="{w:.1f}" height="12" fill="none" '
            'stroke="#5F6B7A" stroke-dasharray="3 3"/>'
        )
    end = x0 + area * max(assessed, final) / 4 + 6
    if row.verdict == "dismiss":
        word = "dismissed"
    elif final:
        word = str(row.final) + (" (adjusted)" if row.verdict == "adjust" else "")
    else:
        word, end = ("not assessed" if row.not_assessed else "not found"), x0 + 4
    parts.append(f'<text x="{end:.1f}" y="{y + 10}" font-size="11" fill="#5F6B7A">{word}</text>')
    return "".join(parts)


def _notice(notice: NoticeOut) -> str:
    lines = "".join(f"<li>{e(line)}</li>" for line in notice.help)
    return (
        f'<aside class="notice"><h3>{e(notice.title)}</h3><p>{e(notice.text)}</p>'
        f"<ul>{lines}</ul></aside>"
    )


def _diagnosis(view: DiagnosisView, number: int) -> str:
    colour = COLOURS[view.final] if view.final else "#5F6B7A"
    out = [
        f'<article class="diagnosis" style="border-left-color: {colour}">'
        f"<h2>{number}. {e(view.title)}</h2>"
        f"<div class='verdict'>{e(verdict_words(view))}</div></article>",
        f"<p class='muted'>{e(view.summary)}</p>",
    ]
    if view.reason:
        out.append(
            f"<div class='note'><b>Why the coach dismissed it</b>"
            f"<div class='typed'>{e(view.reason)}</div></div>"
        )
    if view.note:
        out.append(
            f"<div class='note'><b>Coach's notes</b><div class='typed'>{e(view.note)}</div></div>"
        )
    if view.final is not None and not view.primary:
        out.append(f"<p class='muted'>{e(found_by(view))}</p>")
    elif view.final is not None:
        for rule in view.rules:
            sources = ", ".join(str(s) for s in rule.sources)
            items = "".join(
                f"<li>{e(ev.question)} → {'includes ' if ev.ticked else ''}<b>{e(ev.answer)}</b>"
                + (f" <span class='muted'>({e('; '.join(ev.tests))})</span>" if ev.tests else "")
                + "</li>"
                for ev in rule.evidence
            )
            out.append(
                f"<div class='rule'><b>{e(rule.title)}</b> <span class='muted'>"
                f"({rule.severity}; sources {sources})</span><p>{e(rule.because)}</p>"
                f"<ul>{items}</ul></div>"
            )
    return "\n".join(out)


def _diagnoses(plan: PrintedPlan) -> str:
    out = ["<section>", "<h1>Diagnoses</h1>"]  # on a new page: the cover ends its own
    out += [_notice(n) for n in plan.notices]
    if not plan.diagnoses:
        out.append(f"<p>{NOTHING_DIAGNOSED}</p>")
    for group in diagnosis_groups(plan):
        if group.label:
            out.append(f"<h2 class='group'>{e(group.label)}</h2>")
        if group.line:
            out.append(f"<p class='muted'>{e(group.line)}</p>")
        out += [_diagnosis(view, number) for number, view in group.items]
    return "\n".join([*out, "</section>"])


def _judgement(plan: PrintedPlan) -> str:
    j = plan.judgement
    out = []
    if j.tenure:
        out.append(f"<p><b>{e(j.tenure)}</b></p>")
    if j.consistency:
        out.append(
            "<h2>Answers to check</h2><p>Some answers contradict each other, so read the "
            "findings with lower confidence.</p>"
        )
        for item in j.consistency:
            answers = "".join(f"<li class='typed'>{e(a)}</li>" for a in item.answers)
            out.append(f"<p><b>{e(item.title)}</b>: {e(item.text)}</p><ul>{answers}</ul>")
    if j.not_assessed:
        names = ", ".join(e(t) for t in j.not_assessed)
        out.append(
            f"<p><b>Not assessed:</b> {names}. No question on these was answered, so nothing is "
            "known about them: this is not the same as all fine.</p>"
        )
    if not out:
        return ""
    return "<section>" + "\n".join(out) + "</section>"


def _keep_doing(plan: PrintedPlan) -> str:
    lines = keep_doing_lines(plan)
    if not lines:
        return ""
    items = "".join(f"<li>{e(t)}</li>" for t in lines)
    return f"<section><h1>Keep doing</h1><ul>{items}</ul></section>"


def _actions(plan: PrintedPlan) -> str:
    intro = "" if plan.reviewed else f"<p class='muted'>{e(SUGGESTED_ACTIONS_INTRO)}</p>"
    rows = "".join(
        f"<tr><td>{a.number}</td><td>{e(a.stage or '—')}</td><td class='typed'><b>{e(a.title)}</b>"
        f"{' <span class=muted>(custom)</span>' if a.custom else ''}</td>"
        f"<td class='typed'>{e(a.first_step or '—')}"
        f"{f' <span class=muted>({e(a.note)})</span>' if a.note else ''}</td>"
        f"<td class='typed'>{e(a.owner)}</td>"
        f"<td>{e(a.due_words)}</td><td class='typed'>{e(a.success_check)}</td></tr>"
        for a in plan.actions
    )
    left = "".join(f"<p><b>Left out of the plan:</b> {e(t)}</p>" for t in plan.judgement.left_out)
    return (
        f'<section class="page"><h1>Action plan</h1>{intro}\n<table><thead><tr><th>#</th>'
        "<th>When</th><th>Action</th><th>First step</th><th>Owner</th><th>Due</th>"
        f"<th>{e(check_heading(plan))}</th></tr></thead><tbody>{rows}</tbody></table>{left}</section>"
    )


def _timeline(plan: PrintedPlan) -> str:
    if not plan.actions:
        return "<h1>30/60/90-day timeline</h1><p class='muted'>No actions in the plan yet.</p>"
    scale = DayScale(max((a.due - plan.plan_start).days for a in plan.actions))
    windows = "".join(
        f"<span style='flex: {end - start:.3f}'>{e(label)}</span>"
        for start, end, label in scale.windows()
    )
    shades = ", ".join(
        f"{'#EAF1F8' if i % 2 == 0 else '#F6F8FB'} {100 * a:.1f}% {100 * b:.1f}%"
        for i, (a, b, _) in enumerate(scale.windows())
    )
    rows = []
    for action in plan.actions:
        left = 100 * scale.x((action.due - plan.plan_start).days)
        rows.append(
            f"<tr><td>{action.number}</td><td class='typed'>{e(action.title)}</td>"
            f"<td><div class='track' style='background: linear-gradient(90deg, {shades})'>"
            f"<div class='line' style='width:{left:.1f}%'></div>"
            f"<div class='diamond' style='left:{left:.1f}%'></div></div></td>"
            f"<td>{e(day_text(action.due))}</td></tr>"
        )
    return (
        "<h1>30/60/90-day timeline</h1>"
        f"<p class='muted'>From {e(day_text(plan.plan_start))}; a diamond marks each due date.</p>"
        f"<table><thead><tr><th>#</th><th>Action</th><th><div class='windows'>{windows}</div></th>"
        f"<th>Due</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _follow_through(plan: PrintedPlan) -> str:
    done = plan.follow_through
    if done is None:
        return ""
    rows = "".join(
        f"<tr><td class='typed'><b>{e(r.title)}</b></td><td class='typed'>{e(r.owner)}</td>"
        f"<td>{e(day_text(r.due))}</td><td>{e(r.status_words)}</td>"
        f"<td class='typed'>{e(r.note or '')}</td></tr>"
        for r in done.rows
    )
    return (
        f"<h1>Last quarter's follow-through ({e(done.quarter)})</h1>"
        f"<p>{follow_through_summary(done)}</p><table><thead><tr><th>Action</th>"
        "<th>Owner</th><th>Due</th><th>How it went</th><th>Note</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _brag(plan: PrintedPlan) -> str:
    brag = plan.brag
    if brag is None:
        return ""
    gaps = f"<p>Weeks with no entry: {e(', '.join(brag.gaps))}.</p>" if brag.gaps else ""
    return f"<h1>Brag document ({e(brag.quarter)})</h1><p>{e(brag.sentence)}</p>{gaps}"


def _job(plan: PrintedPlan) -> str:
    job = plan.job
    if job is None:
        return ""
    at = f" at <span class='typed'>{e(job.company)}</span>" if job.company else ""
    rows = "".join(
        f"<tr><td>{'<b>' + e(s.title) + '</b> (now)' if s.current else e(s.title)}</td>"
        f"<td>{e(s.months)}</td><td>{e(day_text(s.starts))}</td><td>{e(s.what)}</td></tr>"
        for s in job.steps
    )
    tests = "".join(f"<li>{e(test)}: {e(outcome)}</li>" for test, outcome in job.tests)
    verdict = f"<p><b>Verdict:</b> {e(job.verdict)}</p>" if job.verdict else ""
    return (
        f"<h1>Six-month verdict</h1><p>Started{at} on {e(day_text(job.started))}; now in "
        f"month {job.month}.</p><table><thead><tr><th>Phase</th><th>Months</th><th>From</th>"
        f"<th>What to do</th></tr></thead><tbody>{rows}</tbody></table>"
        f"<p>Tests of months 4-6:</p><ul>{tests}</ul>{verdict}"
    )


def _notes(plan: PrintedPlan) -> str:
    if not plan.review_notes:
        return ""
    return f"<h1>Notes on the review</h1><div class='note typed'>{e(plan.review_notes)}</div>"


def _sources(plan: PrintedPlan) -> str:
    items = "".join(
        f"<li><b>[{s.number}]</b> {e(s.title)}<br>{link(s.url)}</li>" for s in plan.sources
    )
    return f"<h1>Sources</h1><p class='muted'>{SOURCES_INTRO}</p><ol class='sources'>{items}</ol>"


def _signatures(plan: PrintedPlan) -> str:
    lines = "".join(
        f"<div class='signature'><div class='line typed'>{e(s.role)}"
        f"{' — ' + e(s.name) if s.name else ''}</div><div></div><div class='line'>Date</div></div>"
        for s in plan.signatures
    )
    return (
        "<section class='signatures'><h1>Signatures</h1>"
        f"<p>{e(signatures_intro(plan))}</p>{lines}</section>"
    )


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
