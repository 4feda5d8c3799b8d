"""Reading the history for commands that only read: the fast SQLite reader, else the full store.

`reading(home)` hands out a `HistoryReader`: `SqliteReader` (standard library, no SQLAlchemy)
when the history is an up-to-date SQLite file, else `StoreReader` over the full store, which
creates, migrates or explains the file first. Both answer with the same records and models.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from coach.store.sqlite import DB_FILE
from coach.store.sqlite_reader import SqliteReader

if TYPE_CHECKING:
    from coach.model.plan import Review
    from coach.store.db import Store
    from coach.store.records import AssessmentInfo, Habits, PreviousPlan, StoredAssessment


class HistoryReader(Protocol):
    """What a printed plan reads from the history (see `coach.store` for each function)."""

    def select_assessment(self, person: str, selector: str | None) -> AssessmentInfo:
        """An assessment by number or quarter, or the person's latest complete one."""

    def get_assessment(self, assessment_id: int) -> StoredAssessment:
        """One assessment with its answers and result."""

    def load_review(self, assessment_id: int) -> Review | None:
        """The review of an assessment, or None."""

    def previous_plan(self, person: str, before: int | None = None) -> PreviousPlan | None:
        """The person's newest plan, from an assessment older than `before` when given."""

    def habits(self, person: str) -> Habits:
        """The person's brag entries and shares, and their current job with its tests."""


class StoreReader:
    """The full store (SQLAlchemy) as a `HistoryReader`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def select_assessment(self, person: str, selector: str | None) -> AssessmentInfo:
        """See `coach.store.select_assessment`."""
        from coach.store.assessments import select_assessment

        return select_assessment(self.store, person, selector)

    def get_assessment(self, assessment_id: int) -> StoredAssessment:
        """See `coach.store.get_assessment`."""
        from coach.store.assessments import get_assessment

        return get_assessment(self.store, assessment_id)

    def load_review(self, assessment_id: int) -> Review | None:
        """See `coach.store.load_review`."""
        from coach.store.reviews import load_review

        return load_review(self.store, assessment_id)

    def previous_plan(self, person: str, before: int | None = None) -> PreviousPlan | None:
        """See `coach.store.previous_plan`."""
        from coach.store.reviews import previous_plan

        return previous_plan(self.store, person, before)

    def habits(self, person: str) -> Habits:
        """See `coach.store.habits.habits_of`."""
        from coach.store.habits import habits_of

        return habits_of(self.store, person)


@contextmanager
def reading(home: Path) -> Iterator[HistoryReader]:
    """The history in a data folder, for reading only (closed on the way out)."""
    fast = SqliteReader.open(home / DB_FILE)
    if fast is not None:
        with fast:
            yield fast
        return
    from coach.store.db import open_store

    with open_store(home) as store:
        yield StoreReader(store)
