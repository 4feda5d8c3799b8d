"""The research's habits over the history: one function per `coach brag`, `job`, `remind` command.

Reads and writes go through `coach.store.habits`; what they mean is decided in
`coach.history.brag` (pure) and `coach.history.job` with the verdict content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from coach.history.brag import (
    BragDocument,
    BragSummary,
    WeekRow,
    brag_document,
    brag_facts,
    iso_week,
    quarter_summary,
    this_quarter,
    weeks_listing,
)

if TYPE_CHECKING:
    from coach.history.job import JobStatus
    from coach.history.remind import JobCheckin, Reminder
    from coach.model.plan import BragView, JobTimeline
    from coach.store.db import Store
    from coach.store.records import BragEntry, Habits


@dataclass(frozen=True)
class NewEntry:
    """One bullet to file: kind, text, and the optional business impact."""

    kind: str
    text: str
    impact_kind: str | None = None
    impact: str | None = None


def add_brag(
    store: Store, person: str, entries: list[NewEntry], day: date, week: str | None = None
) -> list[BragEntry]:
    """File the bullets under `week` (default: the ISO week of `day`)."""
    from coach.store.habits import add_brag_entry

    filed = week or iso_week(day)
    return [
        add_brag_entry(
            store,
            person,
            week=filed,
            kind=e.kind,
            text=e.text,
            entry_date=day,
            impact_kind=e.impact_kind,
            impact=e.impact,
        )
        for e in entries
    ]


def brag_weeks(store: Store, person: str, today: date) -> tuple[list[WeekRow], BragSummary]:
    """The weeks from the first entry to this one (gaps included), and this quarter's summary."""
    from coach.store.habits import brag_entries_of, brag_shares_of

    entries = brag_entries_of(store, person)
    shares = brag_shares_of(store, person)
    summary = quarter_summary(entries, shares, this_quarter(today), today)
    return weeks_listing(entries, today), summary


def brag_summary(store: Store, person: str, quarter: str, today: date) -> BragSummary | None:
    """A quarter of the brag document in figures; None when the person never used it."""
    from coach.store.habits import brag_entries_of, brag_shares_of

    entries = brag_entries_of(store, person)
    if not entries:
        return None
    return quarter_summary(entries, brag_shares_of(store, person), quarter, today)


def brag_export(store: Store, person: str, quarter: str, today: date) -> BragDocument:
    """The quarter's review-ready brag document."""
    from coach.store.habits import brag_entries_of, brag_shares_of

    return brag_document(
        person, brag_entries_of(store, person), brag_shares_of(store, person), quarter, today
    )


def job_overview(
    store: Store, person: str, today: date, *, started_by: bool = False
) -> JobStatus | None:
    """The current job's month, phase, checklist, check-ins and verdict; None without a job.

    `started_by`: only a job started by `today` counts (the job of an assessment's day).
    """
    from coach.content.verdict import shipped_verdict
    from coach.history.job import job_status
    from coach.store.habits import current_job

    job = current_job(store, person, today if started_by else None)
    if job is None:
        return None
    return job_status(shipped_verdict(), job.company, job.started_on, job.tests, today)


def reminders(
    store: Store, person: str, today: date, *, named: bool
) -> tuple[Reminder, list[JobCheckin]]:
    """When `person`'s next quarterly check-in is due, and the current job's check-ins.

    The check-in is due three months after the last assessment (today, without one). `named`:
    the person was named on purpose, so one the history does not know is an error (with a
    suggestion); the default person may simply be new.
    """
    from coach.history.remind import JobCheckin, reminder
    from coach.store import list_assessments
    from coach.store.people import person_exists

    known = named or person_exists(store, person)
    saved = list_assessments(store, person) if known else []
    job = job_overview(store, person, today)
    checkins = [JobCheckin(m, d, job.started) for m, d in job.checkins] if job else []
    last = max(saved, key=lambda a: a.completed_at or a.created_at) if saved else None
    last_day = (last.completed_at or last.created_at).astimezone().date() if last else None
    return reminder(person, last_day, last.quarter if last else None, today), checkins


def history_facts(store: Store, person: str, today: date) -> dict[str, Any]:
    """The `brag.*` and `job.*` facts rules read, from what the history held on `today`.

    `today` is the assessment's day: one dated in the past (an answers file's `date:`) reads
    the brag entries, shares, job and tests of that day, not those recorded since.
    """
    from coach.store.habits import brag_entries_of, brag_shares_of

    facts: dict[str, Any] = dict(
        brag_facts(brag_entries_of(store, person), brag_shares_of(store, person), today)
    )
    job = job_overview(store, person, today, started_by=True)
    if job is not None:
        facts.update(job.facts)
    return facts


def job_answers(facts: dict[str, Any]) -> dict[str, Any]:
    """The answers a recorded job gives (the verdict file's `answers:`), from the job facts."""
    from coach.content.verdict import shipped_verdict

    wanted = shipped_verdict().answers
    return {question: facts[fact] for question, fact in wanted.items() if fact in facts}


def welcome_lines(store: Store, person: str, today: date) -> list[str]:
    """What the assessment's welcome says about the brag document and the job (maybe nothing)."""
    lines = []
    summary = brag_summary(store, person, this_quarter(today), today)
    if summary is not None:
        lines.append(
            f"Brag document: {summary.weeks_with_entry} of {summary.weeks} weeks this quarter "
            "have an entry."
        )
    job = job_overview(store, person, today)
    if job is not None:
        lines.append(job.line())
    return lines


def review_lines(store: Store, person: str, quarter: str, today: date) -> list[str]:
    """What a coach-led review shows first: the quarter's brag summary and the job's phase."""
    lines = []
    summary = brag_summary(store, person, quarter, today)
    if summary is not None:
        lines.append(summary.sentence())
    job = job_overview(store, person, today)
    if job is not None:
        lines.append(job.line())
    return lines


def plan_views(
    habits: Habits, person: str, quarter: str, today: date
) -> tuple[BragView | None, JobTimeline | None]:
    """The printed plan's brag summary and six-month verdict timeline (None: not in use)."""
    from coach.content.verdict import shipped_verdict
    from coach.history.job import job_status
    from coach.model.plan import BragView

    del person  # the habits are already the person's
    brag = None
    if habits.entries:
        summary = quarter_summary(habits.entries, habits.shares, quarter, today)
        brag = BragView(
            quarter=summary.quarter,
            weeks=summary.weeks,
            weeks_with_entry=summary.weeks_with_entry,
            entries=summary.entries,
            impact_percent=summary.impact_percent,
            shared=summary.shared,
            gaps=summary.gaps,
            sentence=summary.sentence(),
        )
    job = habits.job
    if job is None or job.started_on > today:  # not started by the plan's day
        return brag, None
    status = job_status(shipped_verdict(), job.company, job.started_on, job.tests, today)
    return brag, timeline_view(status)


def timeline_view(status: JobStatus) -> JobTimeline:
    """A job's status as the printed plan's verdict timeline."""
    from coach.model.plan import JobTimeline, VerdictStep
    from coach.model.quarters import add_months

    steps = []
    for phase in status.phase_list:
        low, high = phase.months
        months = f"{low}-{high}" if high is not None else f"after {low - 1}"
        steps.append(
            VerdictStep(
                title=phase.title,
                months=months,
                starts=add_months(status.started, low - 1),
                what=f"{' '.join(phase.what.split())} [{', '.join(map(str, phase.sources))}]",
                current=phase.id == status.phase.id,
            )
        )
    verdict = None
    cited = {n for phase in status.phase_list for n in phase.sources}
    if status.verdict is not None and status.verdict.verdict != "not-yet":
        words = VERDICT_WORDS[status.verdict.verdict]
        verdict = f"{words}. {' '.join(status.verdict.because.split())}"
        cited.update(status.verdict.sources)
    return JobTimeline(
        company=status.company,
        started=status.started,
        month=status.month,
        steps=tuple(steps),
        tests=tuple((row.title, row.outcome or "not run yet") for row in status.checklist),
        verdict=verdict,
        sources=tuple(sorted(cited)),
    )


VERDICT_WORDS = {
    "stay": "Stay",
    "leave": "Leave",
    "test-first": "Run the missing tests, then decide",
    "not-yet": "Not yet: the verdict comes at six months",
}
