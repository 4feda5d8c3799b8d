"""The quarters x mistakes grid of `coach history`: severity per cell, trend and sparkline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from coach.model.quarters import quarters_from
from coach.model.results import Result
from coach.model.rules import severity_rank
from coach.store.records import AssessmentInfo

NOT_DIAGNOSED = "none"
SPARKS = {0: "▁", 1: "▂", 2: "▄", 3: "▆", 4: "█"}
NO_SPARK = "·"


@dataclass(frozen=True)
class Column:
    """One quarter of the grid and the assessment that stands for it (the latest that quarter).

    A quarter between two check-ins with none of its own is a column too, with no assessment
    (`assessment_id` None) and no cell assessed: a gap is seen, not closed up.
    """

    quarter: str
    assessment_id: int | None
    saved: datetime | None
    pack: str | None

    @property
    def skipped(self) -> bool:
        """No check-in that quarter."""
        return self.assessment_id is None


@dataclass(frozen=True)
class MistakeRow:
    """One mistake across the quarters.

    A cell is a severity, `none` when assessed and not diagnosed, or None when that quarter did
    not assess this mistake (no question on it answered, or not in that quarter's rule pack).
    `trend` compares the last two assessed cells (`back` for a `new` that an earlier quarter
    had already found), and is None when the latest quarter did not assess it: "resolved"
    would claim what nobody asked.
    """

    mistake: str
    title: str
    cells: tuple[str | None, ...]
    trend: str | None
    sparkline: str


@dataclass(frozen=True)
class HistoryGrid:
    """The whole grid, oldest quarter first, skipped quarters included."""

    person: str
    columns: tuple[Column, ...]
    rows: tuple[MistakeRow, ...]
    assessments: int

    @property
    def quarters(self) -> int:
        """Quarters with a check-in."""
        return sum(not column.skipped for column in self.columns)


def trend_of(before: str | None, after: str | None) -> str | None:
    """`new`, `resolved`, `worse`, `better` or `same` between two cells (None if one is missing)."""
    if before is None or after is None:
        return None
    old, new = severity_rank(_severity(before)), severity_rank(_severity(after))
    if old == new:
        return "same"
    if old == 0:
        return "new"
    if new == 0:
        return "resolved"
    return "worse" if new > old else "better"


def _severity(cell: str) -> str | None:
    return None if cell == NOT_DIAGNOSED else cell


def sparkline(cells: tuple[str | None, ...]) -> str:
    """One character per quarter, taller for more severe; `·` where not assessed."""
    return "".join(
        NO_SPARK if cell is None else SPARKS[severity_rank(_severity(cell))] for cell in cells
    )


def _per_quarter(saved: list[tuple[AssessmentInfo, Result]]) -> list[tuple[AssessmentInfo, Result]]:
    latest: dict[str, tuple[AssessmentInfo, Result]] = {}
    for info, result in saved:  # oldest first, so the last one of a quarter wins
        latest[info.quarter] = (info, result)
    return [latest[q] for q in sorted(latest)]


def _titles(chosen: list[tuple[AssessmentInfo, Result]]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for _, result in reversed(chosen):  # the newest pack's order and titles first
        for entry in result.profile:
            titles.setdefault(entry.mistake, entry.title)
    return titles


def history_grid(person: str, saved: list[tuple[AssessmentInfo, Result]]) -> HistoryGrid:
    """Build the grid from complete assessments, oldest first (as `list_assessments` gives them)."""
    chosen = _per_quarter(saved)
    by_quarter: dict[str, tuple[AssessmentInfo, Result] | None] = {}
    if chosen:
        by_quarter = dict.fromkeys(quarters_from(chosen[0][0].quarter, chosen[-1][0].quarter))
        by_quarter.update({info.quarter: (info, result) for info, result in chosen})
    columns = tuple(_column(quarter, found) for quarter, found in by_quarter.items())
    rows = []
    for mistake, title in _titles(chosen).items():
        cells = tuple(
            None if found is None else cell(found[1], mistake) for found in by_quarter.values()
        )
        assessed = [c for c in cells if c is not None]
        latest = cells[-1] is not None and len(assessed) >= 2
        trend = trend_of(assessed[-2], assessed[-1]) if latest else None
        if trend == "new" and any(c != NOT_DIAGNOSED for c in assessed[:-2]):
            trend = "back"  # diagnosed in an earlier quarter, gone, and found again
        rows.append(MistakeRow(mistake, title, cells, trend, sparkline(cells)))
    return HistoryGrid(person, columns, tuple(rows), len(saved))


def _column(quarter: str, found: tuple[AssessmentInfo, Result] | None) -> Column:
    if found is None:
        return Column(quarter, None, None, None)
    info, result = found
    return Column(quarter, info.id, info.completed_at or info.created_at, result.pack.version)


def cell(result: Result, mistake: str) -> str | None:
    """A mistake's severity in a result, `none` if assessed and not found, None if not assessed."""
    for entry in result.profile:
        if entry.mistake == mistake:
            return (entry.severity or NOT_DIAGNOSED) if entry.assessed else None
    return None
