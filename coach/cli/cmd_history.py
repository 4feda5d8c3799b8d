"""`coach history`, `coach compare` and `coach show`: your saved assessments, quarter by quarter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import (
    all_option,
    content_options,
    json_option,
    person_option,
    top_option,
)

if TYPE_CHECKING:
    from coach.store import Store


def _to_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)


@contextmanager
def _assessments_of(person: str | None) -> Iterator[tuple[Store, str]]:
    """The history open, and whose: --person, else the default person.

    Assessments that cannot serve (one where compare needs two, a draft to show) are click's
    error, exit 1.
    """
    from coach.session.saved import UnusableAssessmentError

    try:
        with opened_history() as store:
            yield store, person_or_default(person)
    except UnusableAssessmentError as error:
        raise click.ClickException(error.message) from None


@click.command()
@person_option
@json_option
def history(person: str | None, as_json: bool) -> None:
    """Show every quarter's diagnoses side by side, with trends.

    One column per quarter (the latest assessment of each), one row per mistake: its severity
    each quarter, whether it got better or worse since the quarter before, and a sparkline.
    """
    from coach.session.saved import history_view

    name = person_or_default(person)
    with opened_history() as store:
        view = history_view(store, name, named=person is not None)
    grid = view.grid
    if as_json:
        click.echo(_to_json(asdict(grid)))
        return
    if not grid.columns:
        click.echo(f"No assessments saved for {name} yet. `coach assess` saves each one.")
        if view.others:
            click.echo(f"People in this history: {', '.join(view.others)} (use --person NAME).")
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_history

    render_history(make_console(), grid)


@click.command()
@click.argument("first", required=False, metavar="[A]")
@click.argument("second", required=False, metavar="[B]")
@person_option
@json_option
@content_options
@top_option(100, "How many moved answers to list.")
def compare(
    first: str | None,
    second: str | None,
    person: str | None,
    as_json: bool,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    top: int,
) -> None:
    """Show what changed between two assessments.

    By default the last two. A and B are assessment numbers (as `coach history` shows them)
    or quarters (2026-Q3: that quarter's latest); with only A, it is compared with the latest.
    Lists diagnoses new, resolved, worse and better; the findings and actions that came or
    went, with what your history (brag document, job, follow-through) said to each finding;
    and the answers that moved most.
    """
    from coach.session.saved import compare_saved

    with _assessments_of(person) as (store, name):
        pair = (first, second)
        comparison = compare_saved(store, name, pair, (rules_dir, questionnaires_dir), top=top)
    if as_json:
        click.echo(_to_json(asdict(comparison)))
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_comparison

    render_comparison(make_console(), comparison)


@click.command()
@click.argument("selector", required=False, metavar="[ID]")
@person_option
@click.option("--rerun", is_flag=True, help="Assess the saved answers again with today's rules.")
@json_option
@content_options
@top_option()
@all_option
def show(
    selector: str | None,
    person: str | None,
    rerun: bool,
    as_json: bool,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    top: int,
    show_all: bool,
) -> None:
    """Show one saved assessment's report (default: the latest).

    ID is an assessment number or a quarter. The report is the one saved at the time, not
    re-evaluated, unless --rerun assesses the saved answers with today's rules.
    """
    from coach.session.saved import saved_report

    with _assessments_of(person) as (store, name):
        content = (rules_dir, questionnaires_dir)
        shown = saved_report(store, name, selector, content, rerun=rerun)
    if shown.dropped:
        click.echo(
            f"{len(shown.dropped)} saved answer(s) no longer fit today's questionnaire and were "
            f"left out: {', '.join(shown.dropped)}",
            err=True,
        )
    info, result = shown.info, shown.result
    if as_json:
        meta = {"id": info.id, "person": info.person, "quarter": info.quarter, "rerun": rerun}
        click.echo(_to_json({"assessment": meta, "result": result.model_dump(mode="json")}))
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_saved_header
    from coach.ui.report import render_report

    console = make_console()
    render_saved_header(console, info, rerun=rerun)
    render_report(console, result, limit=top, show_all=show_all, followed=shown.followed)
