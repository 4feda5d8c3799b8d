"""SQLITE-ONLY CODE LIVES HERE (the `SqliteBackend`), ONLY HERE.

Everything else in coach.store is portable SQLAlchemy Core. This module holds what SQLite needs
and PostgreSQL does not: the file check before opening, per-connection pragmas, write
transactions that take the write lock up front, the integrity check, WAL mode and checkpoints,
and a new history's schema made in one step from the migrations' dumped result.

Why each pragma:
- `journal_mode=WAL`: readers never block the writer; a killed process leaves a WAL that the next
  open replays, so committed transactions survive `kill -9`.
- `synchronous=FULL`: every commit is fsynced, so it also survives a power cut (personal data,
  low volume: the cost is one fsync per saved answer, measured in docs/history.md).
- `foreign_keys=ON`: SQLite ignores foreign keys unless asked.
- `busy_timeout`: a second coach process waits for the lock instead of failing at once.
- `secure_delete=ON`: `coach forget` overwrites deleted rows instead of leaving them in free pages.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

DB_FILE = "history.sqlite3"
BUSY_TIMEOUT_MS = 15_000
HEADER = b"SQLite format 3\x00"
WRITE_OPTION = "coach_write"


class SqliteBackend:
    """A private SQLite file (see the module's docstring for each pragma)."""

    name = "sqlite"

    def integrity_problem(self, connection: Connection) -> str | None:
        """The first problem `PRAGMA quick_check` finds, or None when the file is sound."""
        return check_result(connection.exec_driver_sql("PRAGMA quick_check").scalars().all())

    def before_migrating(self, engine: Engine) -> None:
        """Switch the file to WAL mode (stored in the file; a no-op when it already is)."""
        _pragma(engine, "journal_mode = WAL")

    def create_schema(self, connection: Connection) -> bool:
        """Run `migrate.SQLITE_HEAD`, the migrations' result dumped: no Alembic on a first run."""
        from coach.store.migrate import sqlite_head_statements

        for statement in sqlite_head_statements():
            connection.exec_driver_sql(statement)
        return True

    def lock_schema(self, connection: Connection) -> None:
        """Nothing: a write transaction already holds the write lock from BEGIN IMMEDIATE."""
        del connection

    def forget_traces(self, engine: Engine) -> None:
        """Copy the WAL into the database and empty it, so deleted data leaves the WAL too."""
        _pragma(engine, "wal_checkpoint(TRUNCATE)")

    def is_busy(self, message: str) -> bool:
        """SQLite says "database is locked" (or busy) after the busy timeout."""
        return "locked" in message or "busy" in message


def file_problem(path: Path) -> str | None:
    """Why an existing file cannot be an SQLite database, read without opening it as one."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    if not path.is_file():
        return "it is not a file"
    with path.open("rb") as handle:
        header = handle.read(len(HEADER))
    if header != HEADER:
        return "it is not an SQLite database"
    return None


def make_engine(path: Path) -> Engine:
    """An engine for the database file at `path`, with the pragmas and write locking below."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    assert isinstance(dbapi_connection, sqlite3.Connection)
    # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own handling defers it).
    dbapi_connection.isolation_level = None
    for pragma in (
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "foreign_keys = ON",
        "synchronous = FULL",
        "secure_delete = ON",
    ):
        dbapi_connection.execute(f"PRAGMA {pragma}")


def _on_begin(connection: Connection) -> None:
    # A write transaction takes the write lock at BEGIN: a deferred one that read first could
    # fail with "database is locked" when another process wrote meanwhile, without waiting.
    write = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def check_result(rows: Sequence[Any]) -> str | None:
    """The first problem in the rows `PRAGMA quick_check` returned, or None when it found none."""
    if rows == ["ok"]:
        return None
    return str(rows[0]) if rows else "the integrity check returned nothing"


def _pragma(engine: Engine, pragma: str) -> None:
    """Run a pragma on a raw connection, outside any transaction (journal mode needs that)."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
    finally:
        raw.close()
