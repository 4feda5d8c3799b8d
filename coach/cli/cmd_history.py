"""`coach history`, `coach compare` and `coach show`: your saved assessments, quarter by quarter."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import content_options, json_option, person_option, top_option

if TYPE_CHECKING:
    from coach.content.bundle import Content
    from coach.model.questionnaire import Questionnaire
    from coach.model.results import Result
    from coach.store import Store, StoredAssessment


def _to_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)


@click.command()
@person_option
@json_option
def history(person: str | None, as_json: bool) -> None:
    """Show every quarter's diagnoses side by side, with trends.

    One column per quarter (the latest assessment of each), one row per mistake: its severity
    each quarter, whether it got better or worse since the quarter before, and a sparkline.
    """
    from coach.history.trends import history_grid
    from coach.store import complete_assessments, list_people
    from coach.store.people import person_exists

    name = person_or_default(person)
    with opened_history() as store:
        # An unknown --person is an error (with a suggestion); the default person may be new.
        known = person is not None or person_exists(store, name)
        saved = complete_assessments(store, name) if known else []
        others = [p.name for p in list_people(store) if p.name != name]
    grid = history_grid(name, [(s.info, s.result) for s in saved if s.result is not None])
    if as_json:
        click.echo(_to_json(asdict(grid)))
        return
    if not grid.columns:
        click.echo(f"No assessments saved for {name} yet. `coach assess` saves each one.")
        if others:
            click.echo(f"People in this history: {', '.join(others)} (use --person NAME).")
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_history

    render_history(make_console(), grid)


def _labels(rules_dir: Path | None, questionnaires_dir: Path | None) -> Content | None:
    from coach.content.bundle import load_content
    from coach.errors import ContentError

    try:
        return load_content(rules_dir, questionnaires_dir)
    except ContentError:
        if rules_dir or questionnaires_dir:
            raise
        return None  # the shipped content failing must not hide your history


def _questionnaire(content: Content | None, stored: StoredAssessment) -> Questionnaire | None:
    if content is None:
        return None
    return content.questionnaires.get(stored.info.questionnaire.id)


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
    Lists diagnoses new, resolved, worse and better, and the answers that moved most.
    """
    from coach.history.compare import compare as compare_two

    with opened_history() as store:
        a, b = _pair(store, person_or_default(person), first, second)
    comparison = compare_two(
        a, b, _questionnaire(_labels(rules_dir, questionnaires_dir), b), top=top
    )
    if as_json:
        click.echo(_to_json(asdict(comparison)))
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_comparison

    render_comparison(make_console(), comparison)


def _pair(
    store: Store, name: str, first: str | None, second: str | None
) -> tuple[StoredAssessment, StoredAssessment]:
    from coach.store import get_assessment, list_assessments, select_assessment

    if first is None:
        saved = list_assessments(store, name)
        if len(saved) < 2:
            raise click.ClickException(
                f"{name} has {len(saved)} saved assessment(s); compare needs two. "
                "Check in again next quarter (or give two numbers)."
            )
        ids = [saved[-2].id, saved[-1].id]
    else:
        ids = [select_assessment(store, name, s).id for s in (first, second)]
    return get_assessment(store, ids[0]), get_assessment(store, ids[1])


@click.command()
@click.argument("selector", required=False, metavar="[ID]")
@person_option
@click.option("--rerun", is_flag=True, help="Assess the saved answers again with today's rules.")
@json_option
@content_options
@top_option()
def show(
    selector: str | None,
    person: str | None,
    rerun: bool,
    as_json: bool,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    top: int,
) -> None:
    """Show one saved assessment's report (default: the latest).

    ID is an assessment number or a quarter. The report is the one saved at the time, not
    re-evaluated, unless --rerun assesses the saved answers with today's rules.
    """
    from coach.store import get_assessment, select_assessment

    with opened_history() as store:
        info = select_assessment(store, person_or_default(person), selector)
        stored = get_assessment(store, info.id)
    result = _rerun(stored, rules_dir, questionnaires_dir) if rerun else stored.result
    if result is None:
        raise click.ClickException(f"assessment #{info.id} is an unfinished draft")
    if as_json:
        meta = {"id": info.id, "person": info.person, "quarter": info.quarter, "rerun": rerun}
        click.echo(_to_json({"assessment": meta, "result": result.model_dump(mode="json")}))
        return
    from coach.ui.console import make_console
    from coach.ui.history import render_saved_header
    from coach.ui.report import render_report

    console = make_console()
    render_saved_header(console, info, rerun=rerun)
    render_report(console, result, limit=top)


def _rerun(
    stored: StoredAssessment, rules_dir: Path | None, questionnaires_dir: Path | None
) -> Result:
    from coach.content.bundle import load_content
    from coach.history.rerun import reassess

    rerun = reassess(stored, load_content(rules_dir, questionnaires_dir))
    if rerun.dropped:
        click.echo(
            f"{len(rerun.dropped)} saved answer(s) no longer fit today's questionnaire and were "
            f"left out: {', '.join(rerun.dropped)}",
            err=True,
        )
    return rerun.result
