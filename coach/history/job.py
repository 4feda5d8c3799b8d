"""The six-month verdict of a new job: phase, checklist, facts and the verdict, all pure.

What each phase means and which verdict follows from which tests is content
(`habits/six-month-verdict.yaml`, `coach.model.verdict`); this module only counts months,
gathers the recorded tests into facts and applies the first verdict rule that holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from coach.conditions.evaluate import evaluate
from coach.model.history_facts import OUTCOMES
from coach.model.quarters import add_months, month_in_role
from coach.model.verdict import Phase, VerdictFile, VerdictRule

CHECKIN_MONTHS = (3, 6)  # the end of observing, and the verdict


class RecordedTest(Protocol):
    """What this module reads of a stored test (`coach.store.records.JobTest`)."""

    @property
    def test(self) -> str:
        """stretch, boundary or problem."""

    @property
    def outcome(self) -> str:
        """welcomed, ignored or punished."""

    @property
    def tested_on(self) -> date:
        """When."""


def months_in_role(started: date, today: date) -> int:
    """Whole months from `started` to `today` (0 in the first month; never negative)."""
    months = (today.year - started.year) * 12 + today.month - started.month
    if months > 0 and add_months(started, months) > today:
        months -= 1
    return max(0, months)


def phase_of(content: VerdictFile, months: int) -> Phase:
    """The phase of month `months + 1` (month 1 is the first month in the role)."""
    month = months + 1
    for phase in content.phases:
        low, high = phase.months
        if low <= month and (high is None or month <= high):
            return phase
    return content.phases[-1]


def latest_outcomes(tests: Sequence[RecordedTest]) -> dict[str, str]:
    """Each test's latest outcome (a test run again replaces the earlier outcome)."""
    latest: dict[str, str] = {}
    for test in sorted(tests, key=lambda t: t.tested_on):
        latest[test.test] = test.outcome
    return latest


def counted(tests: Sequence[RecordedTest], started: date, today: date) -> list[RecordedTest]:
    """The tests the verdict reads: those met between the job's start and `today`.

    A test dated later has not happened by `today`; one dated before the start belongs to no
    test phase of this job.
    """
    return [t for t in tests if started <= t.tested_on <= today]


def job_facts(
    content: VerdictFile, started: date, tests: Sequence[RecordedTest], today: date
) -> dict[str, Any]:
    """The job facts rules and verdicts read (docs/brag-and-job.md), as of `today`."""
    months = months_in_role(started, today)
    outcomes = latest_outcomes(counted(tests, started, today))
    facts: dict[str, Any] = {
        "job.months": months,
        "job.phase": phase_of(content, months).id,
        "job.tests_done": len(outcomes),
    }
    for outcome in OUTCOMES:
        facts[f"job.tests_{outcome}"] = sum(o == outcome for o in outcomes.values())
    facts.update({f"job.test.{test}": outcome for test, outcome in outcomes.items()})
    verdict = apply_verdict(content, facts)
    if verdict is not None:
        facts["job.verdict"] = verdict.verdict  # what `coach job verdict` says, for the rules
    return facts


def apply_verdict(content: VerdictFile, facts: dict[str, Any]) -> VerdictRule | None:
    """The first verdict rule whose condition holds, or None when none does."""
    return next((rule for rule in content.verdicts if evaluate(rule.when, facts)), None)


@dataclass(frozen=True)
class ChecklistRow:
    """One test of months 4-6 and its latest outcome (None: not run yet)."""

    id: str
    title: str
    outcome: str | None


@dataclass(frozen=True)
class JobStatus:
    """Where a job stands: month, phase, checklist, check-in dates and the verdict rule."""

    company: str | None
    started: date
    months: int
    phase: Phase
    phase_list: tuple[Phase, ...]
    checklist: tuple[ChecklistRow, ...]
    checkins: tuple[tuple[int, date], ...]
    verdict: VerdictRule | None
    facts: dict[str, Any]

    @property
    def month(self) -> int:
        """The month in the role, counting the first as month 1."""
        return month_in_role(self.months)

    def line(self) -> str:
        """The status in one line, for the assessment's welcome."""
        at = f" at {self.company}" if self.company else ""
        return (
            f"Job{at}: month {self.month}, {self.phase.title.lower()} phase of the "
            "six-month verdict."
        )


def job_status(
    content: VerdictFile,
    company: str | None,
    started: date,
    tests: Sequence[RecordedTest],
    today: date,
) -> JobStatus:
    """Everything `coach job` shows about a role, as of `today`."""
    facts = job_facts(content, started, tests, today)
    outcomes = latest_outcomes(counted(tests, started, today))
    return JobStatus(
        company=company,
        started=started,
        months=facts["job.months"],
        phase=phase_of(content, facts["job.months"]),
        phase_list=content.phases,
        checklist=tuple(ChecklistRow(t.id, t.title, outcomes.get(t.id)) for t in content.tests),
        checkins=tuple((m, add_months(started, m)) for m in CHECKIN_MONTHS),
        verdict=apply_verdict(content, facts),
        facts=facts,
    )
