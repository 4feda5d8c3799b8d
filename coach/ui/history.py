"""Terminal views of the history: the quarters grid, a comparison, a saved assessment's header."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from coach.history.compare import Comparison, MistakeChange
from coach.history.trends import HistoryGrid
from coach.store.records import AssessmentInfo

SHOWN_QUARTERS = 8
CELL_WORDS = {"none": "–", "low": "low", "medium": "med", "high": "high", "critical": "CRIT"}
TRENDS = {
    "worse": ("↑ worse", "sev.high"),
    "new": ("↑ new", "sev.high"),
    "back": ("↑ back", "sev.high"),
    "better": ("↓ better", "sev.low"),
    "resolved": ("↓ resolved", "sev.low"),
    "same": ("→ same", "muted"),
}
CHANGE_HEADINGS = {
    "new": "New",
    "worse": "Worse",
    "resolved": "Resolved",
    "better": "Better",
    "same": "Unchanged",
}


def _cell(value: str | None) -> Text:
    if value is None:
        return Text("n/a", style="muted")
    return Text(CELL_WORDS.get(value, value), style=f"sev.{value}")


def _trend(trend: str | None) -> Text:
    if trend is None:
        return Text("")
    words, style = TRENDS[trend]
    return Text(words, style=style)


def history_table(grid: HistoryGrid) -> Table:
    """Mistakes down, quarters across (the latest eight), then trend and sparkline."""
    hidden = max(0, len(grid.columns) - SHOWN_QUARTERS)
    title = f"History of {grid.person}: {grid.quarters} quarter(s)"
    table = Table(title=title, title_justify="left")
    table.add_column("Mistake")
    for column in grid.columns[hidden:]:
        below = "–" if column.skipped else f"#{column.assessment_id}"
        table.add_column(f"{column.quarter}\n{below}", justify="center")
    table.add_column("Trend", no_wrap=True)
    table.add_column("Sparkline", no_wrap=True)
    shown = grid.columns[hidden:]
    for row in grid.rows:
        cells = [
            Text("·", style="muted") if column.skipped else _cell(c)
            for column, c in zip(shown, row.cells[hidden:], strict=True)
        ]
        quiet = row.trend == "same" and row.cells[-1] == "none"  # never diagnosed: no news
        table.add_row(row.title, *cells, _trend(None if quiet else row.trend), Text(row.sparkline))
    notes = []
    if hidden:
        notes.append(f"{hidden} earlier quarter(s) in the sparkline and in --json.")
    skipped = [column.quarter for column in shown if column.skipped]
    if skipped:
        notes.append(f"·: no check-in in {', '.join(skipped)}.")
    unassessed = any(
        c is None and not column.skipped
        for row in grid.rows
        for column, c in zip(shown, row.cells[hidden:], strict=True)
    )
    if unassessed:
        notes.append(
            "n/a: not assessed that quarter (no question on it answered, or not in that "
            "quarter's rule pack): not the same as fine, and no trend is drawn from it."
        )
    if notes:
        table.caption = " ".join(notes)
    return table


def render_history(console: Console, grid: HistoryGrid) -> None:
    """Print the grid and how to dig into it."""
    console.print(history_table(grid))
    if grid.quarters >= 2:
        hint = "`coach compare` shows what changed since last quarter; `coach show ID` one report."
    else:
        hint = "Check in again next quarter to see trends; `coach show` shows this report."
    if grid.assessments > grid.quarters:
        hint += " Where a quarter has several assessments, the latest counts."
    console.print(Text(hint, style="muted"))


def describe(info: AssessmentInfo) -> str:
    """`#3, 2026-Q4 (saved 2026-11-26)`."""
    saved = (info.completed_at or info.created_at).astimezone().date().isoformat()
    return f"#{info.id}, {info.quarter} (saved {saved})"


def _severity(value: str | None) -> Text:
    if value is None:
        return Text("not assessed", style="muted")
    return Text(value if value != "none" else "not diagnosed", style=f"sev.{value}")


def _change_line(change: MistakeChange) -> Text:
    return Text.assemble(
        "  ", (change.title, "bold"), "  ", _severity(change.before), " → ", _severity(change.after)
    )


def render_comparison(console: Console, comparison: Comparison) -> None:
    """Print what changed between two assessments."""
    console.print(
        Text.assemble(
            ("From ", "heading"),
            describe(comparison.first),
            (" to ", "heading"),
            describe(comparison.second),
        )
    )
    changed = False
    for change, heading in CHANGE_HEADINGS.items():
        found = comparison.having(change)
        if not found or change == "same":
            continue
        changed = True
        console.print(Text(f"\n{heading}", style="heading"))
        for item in found:
            console.print(_change_line(item))
    same = comparison.having("same")
    if same:
        titles = ", ".join(m.title for m in same)
        console.print(Text(f"\nUnchanged: {titles}", style="muted"))
    unknown = comparison.having(None)
    if unknown:
        console.print(Text("\nNot compared: not assessed in one of the two", style="heading"))
        for item in unknown:
            console.print(_change_line(item))
    if not changed:
        said = "changed severity" if comparison.findings else "changed"
        console.print(Text(f"\nNo diagnosis {said}.", style="heading"))
    _finding_lines(console, comparison)
    _answer_table(console, comparison)


SIGNS = {"new": "+ new ", "gone": "- gone"}


def _finding_lines(console: Console, comparison: Comparison) -> None:
    """Findings and actions that came or went, with what the history said to each finding.

    It says why the plan changed when no answer moved (a failed six-month verdict, a brag
    document kept or stopped).
    """
    if comparison.findings:
        console.print(Text("\nFindings that changed", style="heading"))
    for finding in comparison.findings:
        console.print(
            Text.assemble(
                f"  {SIGNS[finding.change]}  ",
                (finding.mistake, "bold"),
                f": {finding.title}  ",
                (finding.severity, f"sev.{finding.severity}"),
            )
        )
        if finding.from_history:
            then = "" if finding.change == "new" else " then"
            said = "; ".join(finding.from_history)
            console.print(Text(f"          from your history{then}: {said}", style="muted"))
    if comparison.actions:
        console.print(Text("\nActions that changed", style="heading"))
    for action in comparison.actions:
        why = f"  (for: {'; '.join(action.findings)})" if action.change == "new" else ""
        if action.left_out:
            why = f"  (left out of this plan, not done: {action.left_out})"
        console.print(Text.assemble(f"  {SIGNS[action.change]}  ", (action.title, "bold"), why))


def _answer_table(console: Console, comparison: Comparison) -> None:
    if not comparison.answers:
        console.print(Text("\nNo answer changed.", style="muted"))
        return
    console.print()
    table = Table(title="Answers that moved most", title_justify="left", expand=True)
    table.add_column("Question", ratio=5)
    table.add_column(comparison.first.quarter, ratio=3)
    table.add_column(comparison.second.quarter, ratio=3)
    for move in comparison.answers:
        table.add_row(move.question, move.before_text, Text(move.after_text, style="bold"))
    console.print(table)


def render_saved_header(console: Console, info: AssessmentInfo, *, rerun: bool) -> None:
    """The line above a past report: which assessment, and whether it was re-evaluated."""
    pack = f"rule pack {info.pack.id} v{info.pack.version}" if info.pack else "no rule pack"
    how = "re-assessed with today's rules" if rerun else f"as reported then ({pack})"
    console.print(
        Text.assemble(("Assessment ", "heading"), describe(info), f" of {info.person}, {how}")
    )
    console.print()
