"""POSTGRESQL-ONLY CODE LIVES HERE (the `PostgresBackend`), ONLY HERE.

A team keeps one history on a PostgreSQL server (docs/team.md): opened with `--db URL` or
`COACH_DATABASE_URL`, through psycopg 3 (the `team` extra). The schema is the same as on
SQLite, made by the same Alembic migrations; who may read which rows is PostgreSQL's own row-level
security (`coach.store.access`), so a person connecting with psql sees no more than through coach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# One number for "the schema is being changed": two coach processes opening an empty or older
# database at once take turns (the second then finds it current).
MIGRATION_LOCK = 0x636F616368  # "coach"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")


def engine_url(url: str) -> str:
    """The URL with psycopg 3 as its driver (`postgresql://` is accepted as it is written)."""
    for scheme in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    raise StoreError(
        f"--db takes a PostgreSQL URL (postgresql://USER@HOST/DATABASE), not {url.split(':')[0]!r}"
    )


def make_engine(url: str) -> Engine:
    """An engine for the server at `url` (psycopg 3); says what to install when it is missing."""
    import importlib.util

    from sqlalchemy import create_engine

    if importlib.util.find_spec("psycopg") is None:
        raise StoreError(
            "a PostgreSQL history needs psycopg 3: pip install 'coach[team]' (or 'psycopg[binary]')"
        )
    return create_engine(engine_url(url), pool_pre_ping=False)


class PostgresBackend:
    """A shared PostgreSQL database."""

    name = "postgresql"

    def integrity_problem(self, connection: Connection) -> str | None:
        """PostgreSQL checks its own pages; nothing to ask here."""
        del connection
        return None

    def before_migrating(self, engine: Engine) -> None:
        """Nothing: the migration's own transaction holds the schema lock."""
        del engine

    def create_schema(self, connection: Connection) -> bool:
        """Nothing ready-made: the migrations create the roles, policies and views too."""
        del connection
        return False

    def lock_schema(self, connection: Connection) -> None:
        """Take the migration lock until the end of the transaction."""
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")

    def forget_traces(self, engine: Engine) -> None:
        """Nothing coach can do: deleted rows leave PostgreSQL's files at its next VACUUM."""
        del engine

    def is_busy(self, message: str) -> bool:
        """A lock or statement timeout, a deadlock, or a serialization failure."""
        return any(word in message for word in ("deadlock", "lock timeout", "could not serialize"))
