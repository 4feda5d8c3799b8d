"""What the store hands back: plain, frozen records (no database objects escape the store)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from coach.model.answers import Answers
    from coach.model.results import ContentRef, Result

AssessmentStatus = Literal["draft", "complete"]
ASSESSMENT_STATUSES: tuple[AssessmentStatus, ...] = ("draft", "complete")


@dataclass(frozen=True)
class Person:
    """Someone with a history, and how much of it there is."""

    name: str
    created_at: datetime
    assessments: int = 0


@dataclass(frozen=True)
class AssessmentInfo:
    """One saved assessment, without its answers and result."""

    id: int
    uid: str
    person: str
    status: AssessmentStatus
    quarter: str
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    questionnaire: ContentRef
    pack: ContentRef | None

    @property
    def day(self) -> date:
        """The day it stands for: when it was finished (local date), or its quarter's end.

        Its quarter's last day when it was filed under an earlier quarter (a quarter caught
        up later: the day an answers file's `date:` gave is not stored).
        """
        from coach.model.quarters import quarter_end

        finished = (self.completed_at or self.created_at).astimezone().date()
        return min(finished, quarter_end(self.quarter))


@dataclass(frozen=True)
class StoredAssessment:
    """One saved assessment with its answers and (once complete) its result."""

    info: AssessmentInfo
    answers: Answers
    result: Result | None


@dataclass(frozen=True)
class StoredDraft:
    """An unfinished assessment: the answers given so far, in the order they were given.

    `session` is whatever the interactive session keeps to resume (position, skipped, ...).
    """

    id: int
    person: str
    questionnaire: ContentRef
    created_at: datetime
    updated_at: datetime
    answers: Answers
    session: dict[str, Any] | None = None


@dataclass(frozen=True)
class Commitment:
    """A committed action of a person's plan, with its follow-through status.

    `promised` counts the person's plans that hold the same action (a brag document committed
    in two quarters has promised == 2); custom actions (no action_id) count 1.
    """

    id: int
    uid: str
    review_id: int
    assessment_id: int
    quarter: str
    position: int
    action_id: str | None
    title: str
    first_step: str | None
    owner: str
    owner_name: str | None
    due: date
    success_check: str
    status: str
    note: str | None
    promised: int = 1


@dataclass(frozen=True)
class BragEntry:
    """One bullet of a weekly brag-document snapshot."""

    id: int
    uid: str
    week: str
    kind: str
    text: str
    impact_kind: str | None
    impact: str | None
    entry_date: date


@dataclass(frozen=True)
class BragShare:
    """A day the brag document was shared, and with whom."""

    uid: str
    shared_on: date
    shared_with: str | None


@dataclass(frozen=True)
class JobTest:
    """One test of months 4-6 and how the organisation met it."""

    uid: str
    test: str
    outcome: str
    note: str | None
    tested_on: date


@dataclass(frozen=True)
class Habits:
    """What `coach brag` and `coach job` recorded about a person: entries, shares, the job."""

    entries: tuple[BragEntry, ...] = ()
    shares: tuple[BragShare, ...] = ()
    job: Job | None = None


@dataclass(frozen=True)
class Job:
    """A role the person started, with the tests recorded so far (oldest first)."""

    id: int
    uid: str
    company: str | None
    started_on: date
    tests: tuple[JobTest, ...] = ()
