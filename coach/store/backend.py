"""What differs between the databases a store can live in, behind one typed protocol.

Everything in coach.store is portable SQLAlchemy Core; what one database needs and another does
not lives in a `Backend`: `coach.store.sqlite.SqliteBackend` (a private file, the default, no
setup) and `coach.store.postgres.PostgresBackend` (a shared server for a team). A `Store` holds
one engine and its backend; nothing else asks which database it is talking to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import sqlalchemy as sa
    from sqlalchemy.dialects.postgresql import Insert as PgInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert


class Backend(Protocol):
    """The database-specific steps of opening, writing and forgetting."""

    @property
    def name(self) -> str:
        """The dialect's name: `sqlite` or `postgresql`."""

    def integrity_problem(self, connection: sa.Connection) -> str | None:
        """The first problem a quick check of the database finds, or None."""

    def before_migrating(self, engine: sa.Engine) -> None:
        """Anything to set on the database before its schema is created or upgraded."""

    def create_schema(self, connection: sa.Connection) -> bool:
        """Create the newest schema of an empty database in one step; whether it did.

        SQLite has the migrations' result ready, dumped; elsewhere the migrations run.
        """

    def lock_schema(self, connection: sa.Connection) -> None:
        """Make other processes wait while this transaction checks or migrates the schema."""

    def forget_traces(self, engine: sa.Engine) -> None:
        """After deleting data: remove it from logs the database keeps beside its tables."""

    def is_busy(self, message: str) -> bool:
        """Whether a database error means another writer held a lock too long."""


def upsert(connection: sa.Connection, table: sa.Table) -> PgInsert | SqliteInsert:
    """An INSERT that takes ON CONFLICT clauses, in the dialect of `connection`.

    SQLite and PostgreSQL spell `on_conflict_do_update` / `on_conflict_do_nothing` the same way
    (SQLAlchemy's two dialect `insert` constructs), so callers write the statement once.
    """
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table)
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(table)
