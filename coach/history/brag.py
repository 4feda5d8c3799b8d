"""The weekly brag document, as the research describes it: pure, no storage, no rendering.

A weekly snapshot of three bullets, what was shipped, unblocked and prevented [17]; each translated
into business impact where possible (value mapping [8]); and shared, with the manager and with
peers [18, 19]. Entries are filed under their ISO week (`2026-W49`); a week belongs to the quarter
its Thursday falls in (the ISO rule for years, applied to quarters).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from coach.model.quarters import parse_quarter, quarter_of

KIND_WORDS = {"shipped": "Shipped", "unblocked": "Unblocked", "prevented": "Prevented"}
IMPACT_WORDS = {
    "time_saved": "Time saved",
    "revenue": "Revenue",
    "risk_avoided": "Risk avoided",
    None: "No business impact written down yet",
}
WINDOW_WEEKS = 13  # "the last quarter" for the facts: this week and the 12 before it
_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)


class Entry(Protocol):
    """What this module reads of a stored brag entry (`coach.store.records.BragEntry`)."""

    @property
    def week(self) -> str:
        """ISO week, e.g. 2026-W49."""

    @property
    def kind(self) -> str:
        """shipped, unblocked or prevented."""

    @property
    def text(self) -> str:
        """What happened."""

    @property
    def impact_kind(self) -> str | None:
        """time_saved, revenue, risk_avoided, or None."""

    @property
    def impact(self) -> str | None:
        """The impact in words."""

    @property
    def entry_date(self) -> date:
        """The day it was recorded for."""


class Share(Protocol):
    """What this module reads of a stored share (`coach.store.records.BragShare`)."""

    @property
    def shared_on(self) -> date:
        """The day it was shared."""


def iso_week(day: date) -> str:
    """The ISO week a day falls in, e.g. `2026-W49`."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(text: str) -> str:
    """The canonical form of a typed week (`2026w5` -> `2026-W05`).

    Raises:
        ValueError: when `text` is not an ISO week of its year.
    """
    match = _WEEK.match(text)
    if match is None:
        raise ValueError(f"'{text}' is not a week; write it like 2026-W49")
    year, week = int(match.group(1)), int(match.group(2))
    try:
        date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{year} has no week {week}") from None
    return f"{year}-W{week:02d}"


def week_monday(week: str) -> date:
    """The Monday a week starts on."""
    year, number = week.split("-W")
    return date.fromisocalendar(int(year), int(number), 1)


def week_quarter(week: str) -> str:
    """The quarter a week counts for: the quarter of its Thursday."""
    return quarter_of(week_monday(week) + timedelta(days=3))


def this_quarter(today: date) -> str:
    """The quarter this week counts for: on Friday 1 January 2027, week 2026-W53, so 2026-Q4."""
    return week_quarter(iso_week(today))


def quarter_weeks(quarter: str, until: date | None = None) -> list[str]:
    """The weeks of a quarter, oldest first; with `until`, only those begun by then."""
    year, number = parse_quarter(quarter).split("-Q")
    first = date(int(year), 3 * int(number) - 2, 1)
    monday = first - timedelta(days=first.weekday())
    weeks = []
    while True:
        week = iso_week(monday)
        if week_quarter(week) == quarter:
            if until is not None and monday > until:
                break
            weeks.append(week)
        elif weeks:
            break
        monday += timedelta(days=7)
    return weeks


@dataclass(frozen=True)
class WeekRow:
    """One week of the listing: its entries, or a gap when it has none."""

    week: str
    monday: date
    entries: tuple[Entry, ...]

    @property
    def gap(self) -> bool:
        """Whether nothing was recorded that week."""
        return not self.entries


def weeks_listing(entries: Sequence[Entry], today: date) -> list[WeekRow]:
    """Every week from the first entry's to this one, newest first, gaps included."""
    if not entries:
        return []
    by_week: dict[str, list[Entry]] = {}
    for entry in entries:
        by_week.setdefault(entry.week, []).append(entry)
    monday = min(week_monday(w) for w in by_week)
    last = max(week_monday(iso_week(today)), max(week_monday(w) for w in by_week))
    rows = []
    while monday <= last:
        week = iso_week(monday)
        rows.append(WeekRow(week, monday, tuple(by_week.get(week, ()))))
        monday += timedelta(days=7)
    return rows[::-1]


@dataclass(frozen=True)
class BragSummary:
    """A quarter of the brag document in figures, for the welcome, the review and the plan."""

    quarter: str
    weeks: int  # weeks of the quarter begun by `today`
    weeks_with_entry: int
    entries: int
    with_impact: int
    shared: int  # times shared during the quarter
    gaps: tuple[str, ...]

    @property
    def impact_percent(self) -> int:
        """The share of entries with a business impact, in percent (0 with no entries)."""
        return round(100 * self.with_impact / self.entries) if self.entries else 0

    def sentence(self) -> str:
        """The summary in one sentence."""
        if not self.entries:
            return f"No brag entry in {self.quarter} yet (`coach brag add` records this week's)."
        shared = (
            f"shared {self.shared} time{'s' if self.shared > 1 else ''}"
            if self.shared
            else "not shared yet"
        )
        return (
            f"Brag document {self.quarter}: {self.weeks_with_entry} of {self.weeks} weeks with "
            f"an entry, {self.entries} entr{'y' if self.entries == 1 else 'ies'}, "
            f"{self.impact_percent}% with a business impact, "
            f"{shared}."
        )


def quarter_summary(
    entries: Iterable[Entry], shares: Iterable[Share], quarter: str, today: date
) -> BragSummary:
    """How the brag document went in `quarter`, as of `today`."""
    weeks = quarter_weeks(quarter, until=today)
    mine = [e for e in entries if week_quarter(e.week) == quarter]
    filled = {e.week for e in mine}
    return BragSummary(
        quarter=quarter,
        weeks=len(weeks),
        weeks_with_entry=len(filled),
        entries=len(mine),
        with_impact=sum(e.impact_kind is not None for e in mine),
        shared=sum(this_quarter(s.shared_on) == quarter for s in shares),
        gaps=tuple(w for w in weeks if w not in filled),
    )


def brag_facts(
    entries: Sequence[Entry], shares: Sequence[Share], today: date
) -> dict[str, int | bool]:
    """The facts rules read (docs/brag-and-job.md); none when no entry was recorded by `today`.

    `brag.weeks`: weeks with an entry among the last 13 (this one included);
    `brag.impact_share`: percent of those weeks' entries with a business impact;
    `brag.shared`: shared during those 13 weeks; `brag.weeks_since_last`: whole weeks since
    the week of the newest entry (0: this week).
    """
    this_monday = week_monday(iso_week(today))
    entries = [e for e in entries if week_monday(e.week) <= this_monday]  # none filed ahead
    if not entries:
        return {}
    window_start = this_monday - timedelta(weeks=WINDOW_WEEKS - 1)
    recent = [e for e in entries if window_start <= week_monday(e.week) <= this_monday]
    newest = max(week_monday(e.week) for e in entries)
    facts: dict[str, int | bool] = {
        "brag.weeks": len({e.week for e in recent}),
        "brag.shared": any(window_start <= s.shared_on <= today for s in shares),
        "brag.weeks_since_last": max(0, (this_monday - newest).days // 7),
    }
    if recent:
        with_impact = sum(e.impact_kind is not None for e in recent)
        facts["brag.impact_share"] = round(100 * with_impact / len(recent))
    return facts


@dataclass(frozen=True)
class ImpactGroup:
    """The entries of one kind of business impact, oldest first."""

    impact_kind: str | None
    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class BragDocument:
    """A quarter's brag document, ready for a review: grouped by impact, each entry dated."""

    person: str
    quarter: str
    summary: BragSummary
    groups: tuple[ImpactGroup, ...]


def brag_document(
    person: str, entries: Sequence[Entry], shares: Sequence[Share], quarter: str, today: date
) -> BragDocument:
    """The review-ready document of `quarter`: revenue, time saved, risk avoided, then the rest."""
    mine = sorted(
        (e for e in entries if week_quarter(e.week) == quarter), key=lambda e: e.entry_date
    )
    order: tuple[str | None, ...] = ("revenue", "time_saved", "risk_avoided", None)
    groups = tuple(
        ImpactGroup(kind, IMPACT_WORDS[kind], tuple(e for e in mine if e.impact_kind == kind))
        for kind in order
    )
    return BragDocument(
        person,
        quarter,
        quarter_summary(entries, shares, quarter, today),
        tuple(g for g in groups if g.entries),
    )
