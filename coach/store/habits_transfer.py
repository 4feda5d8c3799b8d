"""Brag entries, shares and jobs in the export file, and back in from it (matched by uid)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from coach.model.base import Record
from coach.store import exchange as x
from coach.store.schema import brag_entries, brag_shares, job_tests, jobs


def rows_of(connection: sa.Connection, query: sa.Select[Any]) -> list[dict[str, Any]]:
    """The rows a query selects, each as a plain dict."""
    return [dict(row) for row in connection.execute(query).mappings()]


def fields_of(model: type[Record], row: dict[str, Any]) -> dict[str, Any]:
    """The values of a row that are fields of a model of the export file."""
    return {k: v for k, v in row.items() if k in model.model_fields}


def habits_out(connection: sa.Connection, pid: int) -> dict[str, Any]:
    """The person's brag entries, shares and jobs, in a fixed order, as export fields."""
    entries = rows_of(
        connection,
        sa.select(brag_entries)
        .where(brag_entries.c.person_id == pid)
        .order_by(brag_entries.c.entry_date, brag_entries.c.created_at, brag_entries.c.uid),
    )
    shares = rows_of(
        connection,
        sa.select(brag_shares)
        .where(brag_shares.c.person_id == pid)
        .order_by(brag_shares.c.shared_on, brag_shares.c.uid),
    )
    held = rows_of(
        connection,
        sa.select(jobs).where(jobs.c.person_id == pid).order_by(jobs.c.started_on, jobs.c.uid),
    )
    out_jobs = []
    for job in held:
        tests = rows_of(
            connection,
            sa.select(job_tests)
            .where(job_tests.c.job_id == job["id"])
            .order_by(job_tests.c.tested_on, job_tests.c.created_at, job_tests.c.uid),
        )
        out_jobs.append(
            x.JobOut(
                **fields_of(x.JobOut, job),
                tests=[x.JobTestOut(**fields_of(x.JobTestOut, t)) for t in tests],
            )
        )
    return {
        "brag": [x.BragEntryOut(**fields_of(x.BragEntryOut, e)) for e in entries],
        "brag_shares": [x.BragShareOut(**fields_of(x.BragShareOut, s)) for s in shares],
        "jobs": out_jobs,
    }


def _absent(connection: sa.Connection, table: sa.Table, uid: str) -> bool:
    return connection.execute(sa.select(table.c.id).where(table.c.uid == uid)).first() is None


def import_habits(connection: sa.Connection, pid: int, document: x.HistoryExport) -> int:
    """Add the entries, shares, jobs and tests the history does not hold; how many were added."""
    added = 0
    for entry in document.brag:
        if _absent(connection, brag_entries, entry.uid):
            connection.execute(brag_entries.insert().values(person_id=pid, **entry.model_dump()))
            added += 1
    for share in document.brag_shares:
        if _absent(connection, brag_shares, share.uid):
            connection.execute(brag_shares.insert().values(person_id=pid, **share.model_dump()))
            added += 1
    for job in document.jobs:
        row = connection.execute(sa.select(jobs.c.id).where(jobs.c.uid == job.uid)).first()
        if row is None:
            values = job.model_dump(exclude={"tests"})
            key = connection.execute(
                jobs.insert().values(person_id=pid, **values)
            ).inserted_primary_key
            assert key is not None
            job_id = int(key[0])
            added += 1
        else:
            job_id = row.id
        for test in job.tests:
            if _absent(connection, job_tests, test.uid):
                connection.execute(
                    job_tests.insert().values(person_id=pid, job_id=job_id, **test.model_dump())
                )
                added += 1
    return added
