"""The terminal report of one assessment: profile, diagnoses with evidence, top actions."""

from __future__ import annotations

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coach.model.results import Diagnosis, Evidence, Result, SuggestedAction
from coach.model.rules import SEVERITIES

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
        table.add_row(
            str(number),
            entry.title,
            severity_text(entry.severity),
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
    title = Text.assemble(f"{number}. {diagnosis.title}  ", severity_text(diagnosis.severity))
    return Panel(Group(*parts), title=title, title_align="left", expand=True)


def evidence_line(evidence: Evidence) -> Text:
    """'question → answer (what the rule wanted)'; multi-choice shows only what matched."""
    if evidence.test.startswith("includes"):
        matched = evidence.test.replace("; includes ", "; ").removeprefix("includes ")
        return Text.assemble(evidence.question, ("  → includes ", "muted"), (matched, "bold"))
    return Text.assemble(
        evidence.question,
        ("  → ", "muted"),
        (evidence.answer, "bold"),
        (f"  ({evidence.test})", "muted"),
    )


def evidence_grid(evidence: tuple[Evidence, ...]) -> Table:
    """The answers behind a rule, one bullet each, wrapped with a hanging indent."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in evidence:
        grid.add_row("•", evidence_line(item))
    return grid


def actions_table(actions: tuple[SuggestedAction, ...], limit: int) -> Table:
    """The top actions with their first steps."""
    table = Table(
        title=f"Top {min(limit, len(actions))} actions",
        title_justify="left",
        expand=True,
        show_lines=True,
    )
    table.add_column("#", justify="right", style="muted", no_wrap=True)
    table.add_column("Action", ratio=2)
    table.add_column("First step this week", ratio=3)
    table.add_column("When", no_wrap=True)
    for number, action in enumerate(actions[:limit], start=1):
        table.add_row(
            str(number),
            Text(action.title, style="bold"),
            action.first_step,
            HORIZONS.get(action.horizon, action.horizon),
        )
    return table


def _sources(sources: tuple[int, ...]) -> str:
    return ", ".join(f"[{s}]" for s in sources)


def render_report(console: Console, result: Result, *, limit: int = 5) -> None:
    """Print the whole report."""
    console.print(profile_table(result))
    console.print()
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
    for number, diagnosis in enumerate(result.diagnoses, start=1):
        console.print(diagnosis_panel(diagnosis, number))
    if result.actions:
        console.print(actions_table(result.actions, limit))
        more = len(result.actions) - limit
        if more > 0:
            console.print(
                Text(f"… and {more} more in `--json` or the printed plan.", style="muted")
            )
    console.print(
        Text(
            f"Questionnaire {result.questionnaire.id} v{result.questionnaire.version}, "
            f"rule pack {result.pack.id} v{result.pack.version}. "
            f"Severity scale: {', '.join(SEVERITIES)}.",
            style="muted",
        )
    )
