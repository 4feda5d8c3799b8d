"""The history as CLI commands use it: `--db URL` (a team's PostgreSQL) or the `--home` folder.

Every command that reads or writes the history opens it here, and each command is one store:
its writes are transactions of their own, committed as they are made (an answer is on disk the
moment it is given), and the store is closed on the way out.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from coach.model.answers import Answers
    from coach.model.results import Result
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


def facts_from_history(person: str | None) -> dict[str, Any]:
    """The brag and job facts of `person`, with the answers a recorded job gives.

    Nothing when there is no history yet: reading must not create one (`--no-save`).
    """
    from datetime import date

    from coach.home import resolve_home
    from coach.store.sqlite import DB_FILE

    settings = click.get_current_context().find_root().obj
    if not (resolve_home(getattr(settings, "home", None)) / DB_FILE).exists():
        return {}
    from coach.habits import history_facts, job_answers

    with opened_history() as store:
        facts = history_facts(store, person_or_default(person), date.today())
    return {**facts, **job_answers(facts)}


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


def save_to_history(
    person: str | None, quarter: str | None, answers: Answers, result: Result
) -> None:
    """Save a finished assessment and say where it went (on stderr: stdout may be JSON)."""
    from coach.store import save_assessment

    with opened_history() as store:
        info = save_assessment(store, person_or_default(person), answers, result, quarter=quarter)
    click.echo(
        f"Saved as assessment #{info.id} for {info.person}, {info.quarter} "
        "(`coach history` shows every quarter; --no-save skips saving).",
        err=True,
    )
