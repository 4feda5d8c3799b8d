"""Schema migrations, run programmatically when a store is opened (no alembic.ini at runtime).

Before anything is written, the database's revision is checked: a revision this coach does not
know means a newer coach wrote the file, and it is refused untouched.

Revisions are numbered `0001`, `0002`, ... and each lives in `versions/<number>_<what>.py`, so the
revisions this coach knows are read from the file names: opening an up-to-date history does not
import Alembic at all (a third of a second saved on every command). A test checks that the file
names and Alembic's own view of the revisions agree.

A new SQLite history is made from `sqlite_head.sql` (`SqliteBackend.create_schema`): the schema
and rows the migrations leave in an empty SQLite file, dumped by `python -m coach.docs_gen` (and
checked in CI), so the first run of coach neither imports Alembic nor runs four migrations (about
100 ms of its first question). The schema is still written once, in the migrations; PostgreSQL
always runs them.
"""

from __future__ import annotations

import enum
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from coach.errors import StoreCorruptError, StoreVersionError

if TYPE_CHECKING:
    import sqlalchemy as sa
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_HEAD = MIGRATIONS / "sqlite_head.sql"
_STATEMENT = "\n-- statement\n"
VERSION_TABLE = "alembic_version"
_REVISION_FILE = re.compile(r"^(\d{4})_\w+\.py$")


class SchemaState(enum.Enum):
    """Where a database stands against the migrations this coach ships."""

    EMPTY = "empty"
    BEHIND = "behind"
    CURRENT = "current"


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this coach ships, oldest first."""
    names = (p.name for p in (MIGRATIONS / "versions").iterdir())
    return tuple(sorted(m.group(1) for n in names if (m := _REVISION_FILE.match(n))))


def head_revision() -> str:
    """The newest schema revision this coach knows."""
    return known_revisions()[-1]


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration built in code, optionally handing over a connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def schema_state(connection: sa.Connection, where: str) -> SchemaState:
    """Check a database's schema revision without changing anything.

    Raises:
        StoreCorruptError: the database has tables but is not a coach history.
        StoreVersionError: a newer coach wrote it.
    """
    import sqlalchemy as sa

    tables = set(sa.inspect(connection).get_table_names())
    if not tables:
        return SchemaState.EMPTY
    if VERSION_TABLE not in tables:
        raise StoreCorruptError(
            f"{where} is a database, but not a coach history (no schema version); "
            "it was left untouched. Move it away or point --home elsewhere."
        )
    versions = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
    return state_of(set(connection.execute(sa.select(versions.c.version_num)).scalars()), where)


def current_revision(connection: sa.Connection) -> str | None:
    """The revision in `alembic_version`, or None for a database without one."""
    import sqlalchemy as sa

    if VERSION_TABLE not in set(sa.inspect(connection).get_table_names()):
        return None
    versions = sa.table(VERSION_TABLE, sa.column("version_num", sa.String))
    found = connection.execute(sa.select(versions.c.version_num)).scalars().all()
    return ", ".join(sorted(found)) or None


def state_of(heads: set[str], where: str) -> SchemaState:
    """Where a database whose `alembic_version` holds `heads` stands.

    Raises:
        StoreVersionError: a newer coach wrote it.
    """
    unknown = sorted(heads - set(known_revisions()))
    if unknown:
        raise StoreVersionError(
            f"{where} was written by a newer version of coach (schema {', '.join(unknown)}; "
            f"this coach knows up to {head_revision()}). It was left untouched: "
            "upgrade coach to use it."
        )
    return SchemaState.CURRENT if heads == {head_revision()} else SchemaState.BEHIND


def upgrade(connection: sa.Connection) -> None:
    """Bring the schema to the newest revision inside the caller's transaction."""
    from alembic import command

    command.upgrade(alembic_config(connection), "head")


def sqlite_head_statements() -> list[str]:
    """SQLITE_HEAD as statements, to run in order on an empty SQLite database."""
    return SQLITE_HEAD.read_text(encoding="utf-8").split(_STATEMENT)[1:]


def sqlite_head_script() -> str:
    """SQLITE_HEAD's text: every migration run on an empty SQLite file, then dumped as SQL."""
    import sqlite3
    import tempfile
    from contextlib import closing

    import sqlalchemy as sa

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "head.sqlite3"
        engine = sa.create_engine(f"sqlite:///{path}")
        with engine.begin() as connection:
            upgrade(connection)
        engine.dispose()
        with closing(sqlite3.connect(path)) as database:
            dumped = [
                line
                for line in database.iterdump()
                if not line.startswith(("BEGIN TRANSACTION", "COMMIT", "PRAGMA"))
            ]
    header = (
        "-- A new SQLite history at the newest schema revision: what the migrations in versions/\n"
        "-- leave in an empty file. Written by `python -m coach.docs_gen`; do not edit.\n"
    )
    return header + "".join(_STATEMENT + line for line in dumped) + "\n"
