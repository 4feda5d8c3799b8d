"""The research's habits in the history: brag entries, brag shares, jobs and their tests.

Every row names its person (`person_id`), like assessments, so forgetting, exporting and
row-level security treat them like the rest of the history.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from coach.errors import NotInHistoryError, RefusedValueError, StoreError
from coach.model.history_facts import BRAG_KINDS, IMPACT_KINDS, OUTCOMES, TESTS
from coach.store.db import Store, new_uid, now
from coach.store.people import ensure_person, find_person
from coach.store.records import BragEntry, BragShare, Habits, Job, JobTest
from coach.store.schema import brag_entries, brag_shares, job_tests, jobs, people


def _one_of(value: str | None, allowed: tuple[str, ...], what: str) -> None:
    if value is not None and value not in allowed:
        raise StoreError(f"{what} is one of {', '.join(allowed)}, not '{value}'")


def add_brag_entry(
    store: Store,
    person: str,
    *,
    week: str,
    kind: str,
    text: str,
    entry_date: date,
    impact_kind: str | None = None,
    impact: str | None = None,
) -> BragEntry:
    """File one bullet (shipped, unblocked or prevented) under an ISO week (`2026-W49`)."""
    _one_of(kind, BRAG_KINDS, "a brag entry")
    _one_of(impact_kind, IMPACT_KINDS, "a business impact")
    if not text.strip():
        raise StoreError("a brag entry needs some text")
    values = {
        "uid": new_uid(),
        "week": week,
        "kind": kind,
        "text": text.strip(),
        "impact_kind": impact_kind,
        "impact": impact.strip() if impact and impact.strip() else None,
        "entry_date": entry_date,
    }
    with store.write() as connection:
        pid = ensure_person(connection, person)
        key = connection.execute(
            brag_entries.insert().values(person_id=pid, created_at=now(), **values)
        ).inserted_primary_key
    assert key is not None
    return BragEntry(id=int(key[0]), **values)  # type: ignore[arg-type]


def brag_entries_of(store: Store, person: str) -> list[BragEntry]:
    """Every brag entry of `person`, oldest first (none when the person is unknown)."""
    with store.read() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return []
        query = (
            sa.select(brag_entries)
            .where(brag_entries.c.person_id == pid)
            .order_by(brag_entries.c.entry_date, brag_entries.c.created_at, brag_entries.c.id)
        )
        fields = BragEntry.__dataclass_fields__
        return [
            BragEntry(**{k: v for k, v in row.items() if k in fields})
            for row in connection.execute(query).mappings()
        ]


def record_brag_share(
    store: Store, person: str, shared_on: date, shared_with: str | None = None
) -> BragShare:
    """Record that the brag document was shared (with a manager, a peer)."""
    share = BragShare(new_uid(), shared_on, shared_with.strip() if shared_with else None)
    with store.write() as connection:
        pid = ensure_person(connection, person)
        connection.execute(
            brag_shares.insert().values(
                uid=share.uid,
                person_id=pid,
                shared_on=share.shared_on,
                shared_with=share.shared_with,
                created_at=now(),
            )
        )
    return share


def brag_shares_of(store: Store, person: str) -> list[BragShare]:
    """Every day the brag document was shared, oldest first."""
    with store.read() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return []
        query = (
            sa.select(brag_shares.c.uid, brag_shares.c.shared_on, brag_shares.c.shared_with)
            .where(brag_shares.c.person_id == pid)
            .order_by(brag_shares.c.shared_on, brag_shares.c.id)
        )
        return [BragShare(*row) for row in connection.execute(query)]


def start_job(store: Store, person: str, started_on: date, company: str | None = None) -> Job:
    """Record a new role; the newest start date is the current job."""
    job = Job(0, new_uid(), company.strip() if company and company.strip() else None, started_on)
    with store.write() as connection:
        pid = ensure_person(connection, person)
        key = connection.execute(
            jobs.insert().values(
                uid=job.uid,
                person_id=pid,
                company=job.company,
                started_on=started_on,
                created_at=now(),
            )
        ).inserted_primary_key
    assert key is not None
    return Job(int(key[0]), job.uid, job.company, started_on)


def _current_job(connection: sa.Connection, pid: int, on: date | None = None) -> Job | None:
    """The newest job (`on`: the newest started by that day)."""
    started_by = sa.true() if on is None else jobs.c.started_on <= on
    row = connection.execute(
        sa.select(jobs.c.id, jobs.c.uid, jobs.c.company, jobs.c.started_on)
        .where(jobs.c.person_id == pid, started_by)
        .order_by(jobs.c.started_on.desc(), jobs.c.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    tests = connection.execute(
        sa.select(
            job_tests.c.uid,
            job_tests.c.test,
            job_tests.c.outcome,
            job_tests.c.note,
            job_tests.c.tested_on,
        )
        .where(job_tests.c.job_id == row.id)
        .order_by(job_tests.c.tested_on, job_tests.c.id)
    )
    return Job(row.id, row.uid, row.company, row.started_on, tuple(JobTest(*t) for t in tests))


def current_job(store: Store, person: str, on: date | None = None) -> Job | None:
    """The person's newest job with its tests, or None when no job was recorded.

    `on`: the job that was current on that day (the newest started by then), for an
    assessment dated in the past.
    """
    with store.read() as connection:
        pid = find_person(connection, person)
        return None if pid is None else _current_job(connection, pid, on)


def record_job_test(
    store: Store,
    person: str,
    test: str,
    outcome: str,
    *,
    tested_on: date,
    note: str | None = None,
) -> JobTest:
    """Record one test of months 4-6 (stretch, boundary, problem) on the current job."""
    _one_of(test, TESTS, "a test")
    _one_of(outcome, OUTCOMES, "an outcome")
    recorded = JobTest(new_uid(), test, outcome, note.strip() if note else None, tested_on)
    with store.write() as connection:
        pid = find_person(connection, person)
        job = None if pid is None else _current_job(connection, pid)
        if pid is None or job is None:
            raise NotInHistoryError("no job is recorded yet: start one with `coach job start DATE`")
        if tested_on < job.started_on:
            at = f" at {job.company}" if job.company else ""
            raise RefusedValueError(
                f"{tested_on} is before your current job{at} started ({job.started_on}): the "
                "tests of months 4-6 belong to this job; give the day the test was met (--date)"
            )
        connection.execute(
            job_tests.insert().values(
                uid=recorded.uid,
                person_id=pid,
                job_id=job.id,
                test=test,
                outcome=outcome,
                note=recorded.note,
                tested_on=tested_on,
                created_at=now(),
            )
        )
    return recorded


def habits_of(store: Store, person: str) -> Habits:
    """Everything `coach brag` and `coach job` recorded about `person` (the current job only)."""
    return Habits(
        tuple(brag_entries_of(store, person)),
        tuple(brag_shares_of(store, person)),
        current_job(store, person),
    )


def people_with_habits(store: Store) -> list[str]:
    """Who has a brag entry or a job recorded, by name (on a team store: whom this user may see)."""
    recorded = sa.union(sa.select(brag_entries.c.person_id), sa.select(jobs.c.person_id)).subquery()
    query = (
        sa.select(people.c.name)
        .where(people.c.id.in_(sa.select(recorded.c.person_id)))
        .order_by(people.c.name)
    )
    with store.read() as connection:
        return list(connection.scalars(query))
