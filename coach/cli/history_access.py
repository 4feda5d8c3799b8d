"""The history as CLI commands use it: opened in the `--home` folder, closed on the way out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from coach.model.answers import Answers
    from coach.model.results import Result
    from coach.store import Store
    from coach.store.reading import HistoryReader


@contextmanager
def opened_history() -> Iterator[Store]:
    """Open the history of the `--home` folder (or COACH_HOME, or the user data folder)."""
    from coach.home import resolve_home
    from coach.store import open_store

    settings = click.get_current_context().find_root().obj
    store = open_store(resolve_home(getattr(settings, "home", None)))
    try:
        yield store
    finally:
        store.close()


@contextmanager
def opened_reader() -> Iterator[HistoryReader]:
    """The history of the `--home` folder for a command that only reads (see store.reading)."""
    from coach.home import resolve_home
    from coach.store.reading import reading

    settings = click.get_current_context().find_root().obj
    with reading(resolve_home(getattr(settings, "home", None))) as history:
        yield history


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
    """The person a command is about: --person, else `me`."""
    from coach.model.quarters import DEFAULT_PERSON

    return person if person is not None else DEFAULT_PERSON


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
