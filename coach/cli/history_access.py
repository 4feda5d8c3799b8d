"""The history as CLI commands use it: `--db URL` (a team's PostgreSQL) or the `--home` folder.

Every command that reads or writes the history opens it here (`coach assess` passes the place
down instead: its session opens the store only when it needs it), and each command is one store:
its writes are transactions of their own, committed as they are made (an answer is on disk the
moment it is given), and the store is closed on the way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from coach.store import Store


@contextmanager
def opened_history(*, migrate_schema: bool = True) -> Iterator[Store]:
    """Open the history: `--db` (or COACH_DATABASE_URL), else the `--home` folder's file."""
    from coach.home import resolve_home
    from coach.store import open_store

    settings = click.get_current_context().find_root().obj
    home = resolve_home(getattr(settings, "home", None))
    store = open_store(home, database_url(), migrate_schema=migrate_schema)
    try:
        yield store
    finally:
        store.close()


def database_url() -> str | None:
    """The team database's URL: `--db` (or COACH_DATABASE_URL), else None (the SQLite file)."""
    settings = click.get_current_context().find_root().obj
    db: str | None = getattr(settings, "db", None)
    return db


def person_or_default(person: str | None) -> str:
    """The person a command is about: --person, else `me` (on a team database: your role)."""
    from coach.model.quarters import DEFAULT_PERSON

    if person is not None:
        return person
    url = database_url()
    if url:  # a team database: each engineer's history is named after their login role
        import getpass
        from urllib.parse import unquote, urlsplit

        user = urlsplit(url).username
        return unquote(user) if user else getpass.getuser()
    return DEFAULT_PERSON
