"""Opening the history store: file checks, schema checks and migrations, then transactions.

`Store` is only the connection to the database; what is stored and read lives in the modules
beside this one, as functions taking a `Store`. Every database error leaves this module as a
`StoreError` with a sentence a person can act on.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import sqlalchemy as sa
from sqlalchemy import exc

from coach.errors import StoreBusyError, StoreCorruptError, StoreError
from coach.home import private_umask
from coach.store import migrate, sqlite
from coach.store.backend import Backend
from coach.store.sqlite import DB_FILE, SqliteBackend


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def new_uid() -> str:
    """A random id for a row, stable across export and import."""
    return uuid.uuid4().hex


class Store:
    """A migrated history database and its transactions; open with `open_store`.

    One store is one engine and the `Backend` of its database (SQLite or PostgreSQL).
    """

    def __init__(self, engine: sa.Engine, where: str, backend: Backend) -> None:
        self.engine = engine
        self.where = where
        self.backend = backend

    @classmethod
    def open_file(cls, path: Path, *, migrate_schema: bool = True) -> Store:
        """Open (creating and migrating when needed) the SQLite history at `path`.

        With `migrate_schema=False` an older schema is left as it is (`coach db status`).

        Raises:
            StoreCorruptError: the file is damaged or not a coach history (left untouched).
            StoreVersionError: a newer coach wrote the file (left untouched).
        """
        problem = sqlite.file_problem(path)
        if problem is not None:
            raise StoreCorruptError(
                f"{path} cannot be opened: {problem}. It was left untouched; "
                "move it away (coach then starts a new history) or restore a backup."
            )
        with private_umask():
            path.parent.mkdir(parents=True, exist_ok=True)
            store = cls(sqlite.make_engine(path), str(path), SqliteBackend())
            try:
                store._prepare(migrate_schema=migrate_schema)
            except BaseException:
                store.close()
                raise
        return store

    @classmethod
    def open_url(cls, url: str, *, migrate_schema: bool = True) -> Store:
        """Open a history on a PostgreSQL server (`postgresql://USER@HOST/DATABASE`).

        With `migrate_schema=False` an empty or older schema is left as it is (`coach db
        status`); a newer one is refused either way.
        """
        from coach.store import postgres

        engine = postgres.make_engine(url)
        where = engine.url.render_as_string(hide_password=True)
        store = cls(engine, where, postgres.PostgresBackend())
        try:
            store._prepare(migrate_schema=migrate_schema)
        except BaseException:
            store.close()
            raise
        return store

    def _prepare(self, *, migrate_schema: bool = True) -> None:
        with self.read() as connection:
            problem = self.backend.integrity_problem(connection)
            if problem is not None:
                raise StoreCorruptError(self._damaged(problem))
            state = migrate.schema_state(connection, self.where)
        if state is migrate.SchemaState.CURRENT or not migrate_schema:
            return
        self.upgrade()

    def schema_state(self) -> migrate.SchemaState:
        """Where the database stands against the migrations this coach ships."""
        with self.read() as connection:
            return migrate.schema_state(connection, self.where)

    def revision(self) -> str | None:
        """The schema revision the database is at, or None when it has none yet."""
        with self.read() as connection:
            return migrate.current_revision(connection)

    def upgrade(self) -> bool:
        """Bring the schema to this coach's newest revision; whether anything was changed."""
        self._guard(lambda: self.backend.before_migrating(self.engine))
        with self.write() as connection:
            # Checked again under the lock: another process may have migrated meanwhile.
            self.backend.lock_schema(connection)
            state = migrate.schema_state(connection, self.where)
            if state is migrate.SchemaState.CURRENT:
                return False
            if state is migrate.SchemaState.EMPTY and self.backend.create_schema(connection):
                return True
            migrate.upgrade(connection)
        return True

    def _damaged(self, detail: str) -> str:
        return (
            f"the history database {self.where} is damaged ({detail}). It was left untouched; "
            "restore a backup or move it away to start a new history."
        )

    @contextmanager
    def read(self) -> Iterator[sa.Connection]:
        """A read transaction (a consistent snapshot; never blocks writers under WAL)."""
        with self._translated(), self.engine.connect() as connection, connection.begin():
            yield connection

    @contextmanager
    def write(self) -> Iterator[sa.Connection]:
        """A write transaction: all of it is committed, or none of it."""
        with self._translated(), self.engine.connect() as connection:
            connection.execution_options(**{sqlite.WRITE_OPTION: True})
            with connection.begin():
                yield connection

    def _guard(self, step: Callable[[], None]) -> None:
        with self._translated():
            step()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except exc.OperationalError as error:
            text = str(error.orig)
            if self.backend.is_busy(text):
                raise StoreBusyError(
                    f"the history database {self.where} stayed busy (another coach is writing); "
                    "nothing was saved by this command. Try again in a moment."
                ) from None
            raise StoreError(f"the history database {self.where} cannot be used: {text}") from None
        except exc.IntegrityError as error:
            raise StoreError(f"the history refused a change: {error.orig}") from None
        except exc.ProgrammingError as error:
            # On PostgreSQL: a role reading or writing what it was not granted, among others.
            raise StoreError(f"the history database {self.where} refused: {error.orig}") from None
        except exc.DatabaseError as error:
            raise StoreCorruptError(self._damaged(str(error.orig))) from None

    def forget_traces(self) -> None:
        """After deleting data: push it out of the database's logs too (SQLite's WAL)."""
        self._guard(lambda: self.backend.forget_traces(self.engine))

    def close(self) -> None:
        """Close every connection (SQLite then folds the WAL back into the file)."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def open_store(home: Path, url: str | None = None, *, migrate_schema: bool = True) -> Store:
    """The history at `url` (PostgreSQL) when given, else `<home>/history.sqlite3`."""
    if url:
        return Store.open_url(url, migrate_schema=migrate_schema)
    return Store.open_file(home / DB_FILE, migrate_schema=migrate_schema)
