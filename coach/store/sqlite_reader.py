"""Reading a SQLite history with the standard library's sqlite3: no SQLAlchemy, for `coach plan`.

Importing SQLAlchemy takes 0.3-0.4 s on the project's 2-vCPU machine, a third of the one second
`coach plan` may take (docs/performance.md). A command that only reads can skip it: this reader
answers the four questions the printed plan asks (which assessment, its result, its review, the
plan before it) with the same records and models as the SQLAlchemy functions, built by the same
code (`coach.store.rows`). `tests/test_store_reader.py` runs both over the same histories.

It serves only an up-to-date, sound history: `SqliteReader.open` returns None for a missing,
damaged or older file, and the caller opens the full store instead, which migrates the file or
says what is wrong with it. All reads share one transaction (one consistent snapshot), and the
connection is `query_only`: this path cannot change the file.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from coach.home import private_umask
from coach.model.plan import PlanItem, Review
from coach.store import migrate
from coach.store.records import (
    AssessmentInfo,
    BragEntry,
    BragShare,
    Habits,
    Job,
    JobTest,
    PreviousPlan,
    StoredAssessment,
)
from coach.store.rows import (
    clean_name,
    no_assessment,
    no_complete_assessment,
    no_person,
    read_selector,
    to_info,
    to_item,
    to_result,
    to_review,
    value_from_json,
)
from coach.store.sqlite import BUSY_TIMEOUT_MS, check_result, file_problem

# How SQLAlchemy keeps these columns in SQLite (schema.py), and how they read back:
# aware UTC datetimes as "YYYY-MM-DD HH:MM:SS.ffffff" text, dates as ISO text, JSON as text
# (numbers as numbers).
# A test checks these sets against the tables.
DATETIME_COLUMNS = frozenset(
    {"created_at", "updated_at", "completed_at", "answered_at", "decided_at", "recorded_at"}
)
DATE_COLUMNS = frozenset({"due", "entry_date", "shared_on", "started_on", "tested_on"})
JSON_COLUMNS = frozenset({"result", "session", "value"})

_INFO = "SELECT a.*, p.name AS person FROM assessments a JOIN people p ON p.id = a.person_id"
_NEWEST_FIRST = "ORDER BY a.quarter DESC, a.created_at DESC, a.id DESC"


def _value(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in DATETIME_COLUMNS:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    if column in DATE_COLUMNS:
        return date.fromisoformat(value)
    if column in JSON_COLUMNS:
        # The columns are declared JSON, which SQLite gives numeric affinity: a number comes
        # back as a number, not as JSON text (SQLAlchemy's SQLite dialect does the same).
        return value if isinstance(value, int | float) else json.loads(value)
    return value


def _row(cursor: sqlite3.Cursor, values: tuple[Any, ...]) -> dict[str, Any]:
    names = (column[0] for column in cursor.description)
    return {name: _value(name, value) for name, value in zip(names, values, strict=True)}


class SqliteReader:
    """A read-only view of an up-to-date SQLite history; open with `SqliteReader.open`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    def open(cls, path: Path) -> SqliteReader | None:
        """The history at `path`, or None when only the full store can serve it.

        None for a missing, damaged or older file (the full store creates, migrates or
        explains); a file written by a newer coach raises StoreVersionError, as the store does.
        """
        if not path.is_file() or file_problem(path) is not None:
            return None
        with private_umask():  # the -wal and -shm files SQLite may create
            try:
                connection = sqlite3.connect(
                    f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None
                )
            except sqlite3.Error:
                return None
        try:
            if not _ready(connection, str(path)):
                connection.close()
                return None
        except BaseException:
            connection.close()
            raise
        connection.row_factory = _row
        return cls(connection)

    def _one(self, sql: str, *params: Any) -> dict[str, Any] | None:
        row: dict[str, Any] | None = self._db.execute(sql, params).fetchone()
        return row

    def _all(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        return self._db.execute(sql, params).fetchall()

    def _person_id(self, name: str) -> int | None:
        row = self._one("SELECT id FROM people WHERE name = ?", clean_name(name))
        return None if row is None else int(row["id"])

    def _info(self, assessment_id: int) -> AssessmentInfo:
        row = self._one(f"{_INFO} WHERE a.id = ?", assessment_id)
        if row is None:
            raise no_assessment(assessment_id)
        return to_info(row)

    def select_assessment(self, person: str, selector: str | None) -> AssessmentInfo:
        """As `coach.store.select_assessment`: by number, by quarter (its latest), or the latest."""
        chosen = read_selector(selector)
        if isinstance(chosen, int):
            return self._info(chosen)
        pid = self._person_id(person)
        if pid is None:
            raise no_person(person, (r["name"] for r in self._all("SELECT name FROM people")))
        where, params = "a.person_id = ? AND a.status = 'complete'", list[Any]([pid])
        if chosen is not None:
            where, params = f"{where} AND a.quarter = ?", [pid, chosen]
        row = self._one(f"{_INFO} WHERE {where} {_NEWEST_FIRST} LIMIT 1", *params)
        if row is None:
            raise no_complete_assessment(person, chosen)
        return to_info(row)

    def get_assessment(self, assessment_id: int) -> StoredAssessment:
        """As `coach.store.get_assessment`: one assessment with its answers and result."""
        info = self._info(assessment_id)
        raw = self._one("SELECT result FROM assessments WHERE id = ?", assessment_id)
        answered = self._all(
            "SELECT ref, value FROM answers WHERE assessment_id = ? ORDER BY answered_at, ref",
            assessment_id,
        )
        answers = {row["ref"]: value_from_json(row["value"]) for row in answered}
        return StoredAssessment(info, answers, to_result(info, raw["result"] if raw else None))

    def _items(self, review_id: int) -> tuple[PlanItem, ...]:
        sql = "SELECT * FROM plan_items WHERE review_id = ? ORDER BY position"
        return tuple(to_item(row) for row in self._all(sql, review_id))

    def load_review(self, assessment_id: int) -> Review | None:
        """As `coach.store.load_review`: the (newest) review of an assessment, or None."""
        row = self._one(
            "SELECT * FROM reviews WHERE assessment_id = ? ORDER BY updated_at DESC, id DESC "
            "LIMIT 1",
            assessment_id,
        )
        if row is None:
            return None
        made = self._all(
            "SELECT * FROM review_decisions WHERE review_id = ? ORDER BY mistake", row["id"]
        )
        done = self._all(
            "SELECT i.uid, f.status, f.note FROM followups f "
            "JOIN plan_items i ON f.plan_item_id = i.id WHERE f.review_id = ? ORDER BY f.id",
            row["id"],
        )
        followups = [(d["uid"], d["status"], d["note"]) for d in done]
        return to_review(row, made, self._items(row["id"]), followups)

    def previous_plan(self, person: str, before: int | None = None) -> PreviousPlan | None:
        """As `coach.store.previous_plan`: the newest plan, older than assessment `before`."""
        pid = self._person_id(person)
        if pid is None:
            return None
        where, params = "a.person_id = ?", list[Any]([pid])
        if before is not None:
            # created_at as stored (text), to compare with stored values exactly
            then = self._one(
                "SELECT quarter, created_at AS stored FROM assessments WHERE id = ?", before
            )
            if then is None:
                raise no_assessment(before)
            quarter, created = then["quarter"], then["stored"]
            where += (
                " AND (a.quarter < ? OR (a.quarter = ? AND a.created_at < ?)"
                " OR (a.quarter = ? AND a.created_at = ? AND a.id < ?))"
            )
            params += [quarter, quarter, created, quarter, created, before]
        first = self._one(
            "SELECT r.id, a.id AS aid, a.quarter FROM reviews r "
            f"JOIN assessments a ON r.assessment_id = a.id WHERE {where} "
            f"{_NEWEST_FIRST}, r.updated_at DESC LIMIT 1",
            *params,
        )
        if first is None:
            return None
        return PreviousPlan(first["quarter"], first["aid"], self._items(first["id"]))

    def habits(self, person: str) -> Habits:
        """As `coach.store.habits.habits_of`: brag entries and shares, the current job."""
        pid = self._person_id(person)
        if pid is None:
            return Habits()
        entries = self._all(
            "SELECT id, uid, week, kind, text, impact_kind, impact, entry_date FROM brag_entries "
            "WHERE person_id = ? ORDER BY entry_date, created_at, id",
            pid,
        )
        shares = self._all(
            "SELECT uid, shared_on, shared_with FROM brag_shares WHERE person_id = ? "
            "ORDER BY shared_on, id",
            pid,
        )
        job = self._one(
            "SELECT id, uid, company, started_on FROM jobs WHERE person_id = ? "
            "ORDER BY started_on DESC, id DESC LIMIT 1",
            pid,
        )
        current = None
        if job is not None:
            tests = self._all(
                "SELECT uid, test, outcome, note, tested_on FROM job_tests WHERE job_id = ? "
                "ORDER BY tested_on, id",
                job["id"],
            )
            current = Job(**job, tests=tuple(JobTest(**t) for t in tests))
        return Habits(
            tuple(BragEntry(**e) for e in entries),
            tuple(BragShare(**s) for s in shares),
            current,
        )

    def close(self) -> None:
        """End the read transaction and close the file."""
        self._db.close()

    def __enter__(self) -> SqliteReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _ready(connection: sqlite3.Connection, where: str) -> bool:
    """Whether the file is sound and at this coach's schema; starts the read transaction."""
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA query_only = ON")
        if check_result([row[0] for row in connection.execute("PRAGMA quick_check")]):
            return False
        connection.execute("BEGIN")
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?",
            (migrate.VERSION_TABLE,),
        ).fetchone()
        if found is None:
            return False
        heads = {row[0] for row in connection.execute("SELECT version_num FROM alembic_version")}
    except sqlite3.Error:
        return False
    return migrate.state_of(heads, where) is migrate.SchemaState.CURRENT
