"""`coach brag` and `coach job` in the terminal: the prompts of `brag add`, and the views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from coach.habits import VERDICT_WORDS, NewEntry
from coach.history.brag import IMPACT_WORDS, KIND_WORDS, BragSummary, WeekRow
from coach.history.job import JobStatus
from coach.model.history_facts import BRAG_KINDS, IMPACT_KINDS
from coach.ui.prompts import Choice, PromptSpec

Ask = Callable[[PromptSpec], Any]
QUESTIONS = {
    "shipped": "What did you ship this week?",
    "unblocked": "Whom or what did you unblock?",
    "prevented": "What problem did you prevent?",
}
OUTCOME_STYLE = {"welcomed": "green", "ignored": "yellow", "punished": "bold red"}


def text_spec(kind: str) -> PromptSpec:
    """The question for one bullet of the weekly snapshot (empty: nothing this week)."""
    return PromptSpec(kind="text", message=QUESTIONS[kind], instruction="(Enter alone skips)")


def impact_spec(kind: str) -> PromptSpec:
    """Which business impact the bullet had, if any (value mapping)."""
    choices = [Choice(IMPACT_WORDS[k], k) for k in IMPACT_KINDS]
    return PromptSpec(
        kind="select",
        message=f"Business impact of what you {kind}?",
        instruction="(arrows, then Enter)",
        choices=(*choices, Choice("None I can name yet", None)),
        default=None,
    )


def impact_words_spec(impact_kind: str) -> PromptSpec:
    """The impact in words and figures."""
    return PromptSpec(
        kind="text",
        message=f"{IMPACT_WORDS[impact_kind]}, in words and figures (e.g. 'about 6 hours a week')",
        instruction="(Enter alone skips)",
    )


def ask_entries(ask: Ask) -> list[NewEntry]:
    """Ask the three bullets of the weekly snapshot, each with its business impact."""
    entries = []
    for kind in BRAG_KINDS:
        text = str(ask(text_spec(kind)) or "").strip()
        if not text:
            continue
        impact_kind = ask(impact_spec(kind))
        words = str(ask(impact_words_spec(impact_kind)) or "").strip() if impact_kind else ""
        entries.append(NewEntry(kind, text, impact_kind, words or None))
    return entries


def show_weeks(console: Console, rows: list[WeekRow], summary: BragSummary) -> None:
    """The weeks, newest first, a gap shown as such; then this quarter in one sentence."""
    if not rows:
        console.print("No brag entries yet. `coach brag add` records this week's snapshot.")
        return
    table = Table(show_edge=False, pad_edge=False, box=None)
    table.add_column("Week")
    table.add_column("Entries")
    for row in rows:
        if row.gap:
            table.add_row(row.week, Text("— gap: nothing recorded", style="sev.medium"))
            continue
        lines = []
        for entry in row.entries:
            impact = f" [{IMPACT_WORDS[entry.impact_kind]}]" if entry.impact_kind else ""
            lines.append(f"{KIND_WORDS[entry.kind]}: {entry.text}{impact}")
        table.add_row(row.week, Text("\n".join(lines)))
    console.print(table)
    console.print()
    console.print(summary.sentence())


def show_job(console: Console, status: JobStatus) -> None:
    """Month, phase, what to do now, the checklist of months 4-6 and the check-in dates."""
    at = f" at {status.company}" if status.company else ""
    console.print(Text(f"Started{at} on {status.started}: month {status.month}.", style="heading"))
    console.print(f"Phase: {status.phase.title} (months {_months(status)}).")
    console.print(Text(" ".join(status.phase.what.split()), style="muted"))
    console.print()
    console.print("Tests of months 4-6:")
    for row in status.checklist:
        mark = "x" if row.outcome else " "
        outcome = Text(row.outcome or "not yet", style=OUTCOME_STYLE.get(row.outcome or "", "dim"))
        console.print(Text.assemble(f"  [{mark}] {row.title}: ", outcome))
    console.print()
    for month, day in status.checkins:
        console.print(f"Month-{month} check-in: {day}")
    if status.months < 6:
        console.print(Text("The verdict comes at six months: `coach job verdict`.", "muted"))


def _months(status: JobStatus) -> str:
    low, high = status.phase.months
    return f"{low}-{high}" if high is not None else f"{low} onwards"


def show_verdict(console: Console, status: JobStatus, sources: dict[int, str]) -> None:
    """The verdict, its reasons and the works they cite."""
    rule = status.verdict
    if rule is None:
        console.print("No verdict rule applies; see docs/brag-and-job.md.")
        return
    console.print(Text(f"Verdict: {VERDICT_WORDS[rule.verdict]}", style="heading"))
    console.print(" ".join(rule.because.split()))
    for row in status.checklist:
        console.print(f"  {row.title}: {row.outcome or 'not run'}")
    console.print()
    for number in rule.sources:
        console.print(Text(f"[{number}] {sources.get(number, '')}", style="muted"))
