"""The terminal report of one assessment: profile, diagnoses with evidence, top actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coach.model.plan import DONE_AGAIN, STATUS_WORDS
from coach.model.results import (
    NO_STRENGTH_YET,
    NOTHING_RECORDED,
    Diagnosis,
    Evidence,
    Result,
    SuggestedAction,
    quiet_evidence,
)
from coach.model.rules import SEVERITIES

if TYPE_CHECKING:
    from coach.store.records import Commitment

BARS = {None: "", "low": "■", "medium": "■■", "high": "■■■", "critical": "■■■■"}
HORIZONS = {
    "this-week": "this week",
    "30-days": "30 days",
    "60-days": "60 days",
    "90-days": "90 days",
    "quarter": "this quarter",
}


def severity_text(severity: str | None) -> Text:
    """A severity word in its colour; 'none' when nothing fired."""
    return Text(severity or "none", style=f"sev.{severity or 'none'}")


def profile_table(result: Result) -> Table:
    """The seven mistakes, one line each, with severity and how many rules fired."""
    table = Table(
        title="Your profile across the seven mistakes", title_justify="left", expand=False
    )
    table.add_column("#", justify="right", style="muted")
    table.add_column("Mistake")
    table.add_column("Severity")
    table.add_column("", style="bold")
    table.add_column("Rules", justify="right", style="muted")
    for number, entry in enumerate(result.profile, start=1):
        style = f"sev.{entry.severity or 'none'}"
        shown = severity_text(entry.severity) if entry.assessed else Text("not assessed", "muted")
        table.add_row(
            str(number),
            entry.title,
            shown,
            Text(BARS[entry.severity], style=style),
            f"{entry.rules_fired}/{entry.rules_total}",
        )
    return table


def diagnosis_panel(diagnosis: Diagnosis, number: int) -> Panel:
    """One diagnosis: summary, each rule's reasoning and the answers behind it."""
    parts: list[RenderableType] = [Text(diagnosis.summary)]
    for rule in diagnosis.rules:
        head = Text.assemble("\n", (rule.title, "bold"), "  ", severity_text(rule.severity))
        parts.append(head)
        parts.append(Padding(Text(rule.because), (0, 0, 0, 2)))
        parts.append(Padding(evidence_grid(rule.evidence), (0, 0, 0, 2)))
        parts.append(Text(f"  Sources: {_sources(rule.sources)}", style="muted"))
    if diagnosis.softened:
        parts.insert(1, Text(diagnosis.softened, style="muted"))
    title = Text.assemble(f"{number}. {diagnosis.title}  ", severity_text(diagnosis.severity))
    return Panel(Group(*parts), title=title, title_align="left", expand=True)


def evidence_line(evidence: Evidence) -> Text:
    """'question → answer (what the rule wanted)'; multi-choice shows only what matched."""
    if evidence.test.startswith("includes"):
        matched = evidence.test.replace("; includes ", "; ").removeprefix("includes ")
        return Text.assemble(evidence.question, ("  → includes ", "muted"), (matched, "bold"))
    wanted = evidence.wanted
    return Text.assemble(
        evidence.question,
        ("  → ", "muted"),
        (evidence.answer, "bold"),
        (f"  ({wanted})" if wanted else "", "muted"),
    )


def evidence_grid(evidence: tuple[Evidence, ...]) -> Table:
    """The answers behind a rule, one bullet each, wrapped with a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    shown, quiet = quiet_evidence(evidence)
    for item in shown:
        grid.add_row("•", evidence_line(item))
    if quiet:
        questions = "; ".join(dict.fromkeys(e.question for e in quiet))
        grid.add_row("•", Text.assemble((f"{NOTHING_RECORDED}: ", "muted"), questions))
    return grid


def actions_table(
    actions: tuple[SuggestedAction, ...], limit: int, title: str | None = None
) -> Table:
    """The top actions with their first steps, and how to tell each worked (when the pack says)."""
    table = Table(
        title=title or f"Top {min(limit, len(actions))} actions",
        title_justify="left",
        expand=True,
        show_lines=True,
    )
    table.add_column("#", justify="right", style="muted", no_wrap=True)
    table.add_column("Action", ratio=2)
    table.add_column("First step this week", ratio=3)
    table.add_column("When", no_wrap=True)
    for number, action in enumerate(actions[:limit], start=1):
        first = Text(action.first_step + (f"\n({action.note})" if action.note else ""))
        if action.success_check:
            first.append("\nWorked when: ", style="bold").append(action.success_check)
        table.add_row(
            str(number),
            Text(action.title, style="bold"),
            first,
            HORIZONS.get(action.horizon, action.horizon),
        )
    return table


def _sources(sources: tuple[int, ...]) -> str:
    return ", ".join(f"[{s}]" for s in sources)


def _lines(console: Console, title: str, lines: list[Text | str], style: str = "bold") -> None:
    if not lines:
        return
    console.print(Text(title, style=style))
    grid = Table.grid(padding=(0, 1))  # a long line wraps under its own text, not the bullet
    grid.add_column(no_wrap=True)
    grid.add_column()
    for line in lines:
        grid.add_row(" •", line)
    console.print(grid)
    console.print()


def render_judgement_head(console: Console, result: Result) -> None:
    """Where the person is in the role, answers that contradict, and what was not assessed."""
    if result.tenure is not None:
        t = result.tenure
        console.print(
            Text.assemble(
                (f"{t.lead} ", "bold"),
                f"{t.text} {_sources(t.sources)}",
            )
        )
        console.print()
    if result.consistency:
        console.print(
            Panel(
                Group(
                    Text(
                        "Some answers contradict each other, so read the findings below with "
                        "lower confidence, and check these answers:"
                    ),
                    *(
                        Text.assemble(
                            ("\n" + c.title, "bold"),
                            "\n",
                            c.text,
                            "\n",
                            *(("  • " + a + "\n", "muted") for a in c.answers),
                        )
                        for c in result.consistency
                    ),
                ),
                title="Answers to check",
                title_align="left",
                border_style="yellow",
            )
        )
    titles = {p.mistake: p.title for p in result.profile}
    if result.not_assessed:
        names = ", ".join(titles.get(m, m) for m in result.not_assessed)
        console.print(
            Text.assemble(
                ("Not assessed: ", "bold"),
                f"{names}. No question on these was answered, so nothing is known about them: "
                "this is not the same as all fine.",
            )
        )
        console.print()


def render_follow_through(console: Console, followed: Sequence[Commitment], result: Result) -> None:
    """What became of the last plan's commitments, as the person said at the start.

    A commitment marked done whose action the rules suggest again says so (`DONE_AGAIN`, as the
    printed plan does): the answers behind it may be stale, or the habit may not have held.
    """
    if not followed:
        return
    quarters = sorted({c.quarter for c in followed})
    done = sum(c.status == "done" for c in followed)
    partly = sum(c.status == "partly" for c in followed)
    counts = f"{done} of {len(followed)} done" + (f", {partly} partly" if partly else "")
    console.print(Text(f"Since your plan of {', '.join(quarters)}: {counts}", style="bold"))
    suggested = {a.id for a in result.actions}
    for item in followed:
        line = Text.assemble("  • ", item.title, ": ", (STATUS_WORDS[item.status], "bold"))
        if item.note:
            line.append(f" ({item.note})")
        if item.status == "done" and item.action_id in suggested:
            line.append(f"{DONE_AGAIN} (coach show --all shows which)", style="muted")
        console.print(line)
    console.print()


def render_keep_doing(console: Console, result: Result) -> None:
    """What the person already does well; where a plan found nothing, that it looked."""
    said = [s.text for s in result.keep_doing] or ([NO_STRENGTH_YET] if result.diagnoses else [])
    _lines(console, "Keep doing", [Text(text) for text in said], "bold green")


def render_plan(console: Console, result: Result, limit: int) -> None:
    """The focused plan: this month with first steps, then next, then how to see the rest."""
    now = tuple(a for a in result.actions if a.stage == "this-month")
    if now:
        console.print(actions_table(now, len(now), title="This month"))
    rest = [a for a in result.actions if a.stage != "this-month"]
    shown = rest[: max(limit - len(now), 0)] or [a for a in rest if a.stage == "next"]
    _lines(console, "Next", [Text(a.title) for a in shown])
    more = len(rest) - len(shown)
    if more > 0:
        console.print(
            Text(
                f"… and {more} more for later: see them with --top {len(result.actions)}, "
                "--json or the printed plan (coach plan).",
                style="muted",
            )
        )
    reasons: dict[str, list[str]] = {}
    for dropped in result.dropped:
        reasons.setdefault(dropped.because, []).append(dropped.title)
    for because, dropped_titles in reasons.items():
        console.print(
            Text.assemble(
                ("Left out of the plan: ", "bold"), "; ".join(dropped_titles), ". ", because
            )
        )


def render_report(
    console: Console,
    result: Result,
    *,
    limit: int = 5,
    show_all: bool = False,
    followed: Sequence[Commitment] = (),
) -> None:
    """Print the whole report: judgement first, then primary diagnoses, then the plan.

    The first diagnoses (`plan.primary`) come in full with their evidence and the rest by name,
    unless `show_all`. `followed`: the last plan's commitments as followed up in this
    assessment, said before what to keep doing and the new plan.
    """
    console.print(profile_table(result))
    console.print()
    render_judgement_head(console, result)
    if not result.diagnoses:
        console.print("No mistake was diagnosed. Keep doing what works, and check in next quarter.")
    for notice in result.notices:
        help_lines = "\n".join(f"• {line}" for line in notice.help)
        body = Text.assemble((notice.text, ""), "\n\n", (help_lines, ""))
        console.print(
            Panel(
                body,
                title=Text(notice.title, style="notice"),
                title_align="left",
                border_style="magenta",
            )
        )
    full = [d for d in result.diagnoses if d.primary or show_all]
    for number, diagnosis in enumerate(full, start=1):
        console.print(diagnosis_panel(diagnosis, number))
    also = [d for d in result.diagnoses if not (d.primary or show_all)]
    _lines(
        console,
        "Also worth a look (--all shows the answers behind them)",
        [Text.assemble(d.title, "  ", severity_text(d.severity)) for d in also],
    )
    render_follow_through(console, followed, result)
    render_keep_doing(console, result)
    if result.actions:
        render_plan(console, result, limit)
    console.print(
        Text(
            f"Questionnaire {result.questionnaire.id} v{result.questionnaire.version}, "
            f"rule pack {result.pack.id} v{result.pack.version}. "
            f"Severity scale: {', '.join(SEVERITIES)}.",
            style="muted",
        )
    )
