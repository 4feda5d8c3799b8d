"""`coach assess`: answer the questionnaire (or read an answers file) and see the report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from coach.cli.options import (
    ANSWERS_FILE,
    InputFile,
    all_option,
    content_options,
    json_option,
    person_option,
    quarter_option,
    top_option,
)


@click.command()
@click.option(
    "--answers",
    "answers_path",
    type=InputFile(ANSWERS_FILE),
    help="Read answers from a YAML file (section.question: value) instead of asking.",
)
@json_option
@content_options
@top_option()
@all_option
@click.option(
    "--resume",
    is_flag=True,
    help="Carry on with the unfinished questionnaire exactly where you stopped.",
)
@click.option(
    "--questionnaire",
    "questionnaire_choice",
    metavar="ID|FILE",
    help="Ask another questionnaire: an id, or a YAML file (e.g. one your HR team wrote).",
)
@person_option
@quarter_option
@click.option("--no-save", is_flag=True, help="Do not save this assessment to your history.")
@click.pass_context
def assess(
    ctx: click.Context,
    answers_path: Path | None,
    as_json: bool,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    top: int,
    show_all: bool,
    resume: bool,
    questionnaire_choice: str | None,
    person: str | None,
    quarter: str | None,
    no_save: bool,
) -> None:
    """Assess your answers and show diagnoses and actions.

    With --answers FILE the answers come from a file; otherwise coach asks the questions in the
    terminal, section by section, saving each answer the moment it is given (Ctrl-C stops and
    keeps them; --resume carries on). See docs/interactive.md.
    """
    if answers_path is None:
        options = _Interactive(
            questionnaire_choice, resume, top, show_all, person, quarter, no_save, as_json
        )
        _assess_in_terminal(ctx, rules_dir, questionnaires_dir, options)
        return
    from coach.cli.history_access import database_url, person_or_default
    from coach.home import resolve_home
    from coach.session.assess import HistoryPlace, assess_file

    done = assess_file(
        answers_path,
        (rules_dir, questionnaires_dir),
        HistoryPlace(resolve_home(getattr(ctx.obj, "home", None)), database_url()),
        person=person,
        default_person=person_or_default(None),
        quarter=quarter,
        save=not no_save,
    )
    if as_json:
        click.echo(done.result.model_dump_json(indent=2))
    else:
        from coach.ui.console import make_console
        from coach.ui.report import render_report

        render_report(make_console(), done.result, limit=top, show_all=show_all)
    if done.history_note is not None:
        click.echo(f"Note: {done.history_note}", err=True)
    if done.saved is not None:
        click.echo(
            f"Saved as assessment #{done.saved.id} for {done.saved.person}, {done.saved.quarter} "
            "(`coach history` shows every quarter; --no-save skips saving).",
            err=True,
        )


@dataclass(frozen=True)
class _Interactive:
    """The options the interactive path reads."""

    questionnaire: str | None
    resume: bool
    top: int
    show_all: bool
    person: str | None
    quarter: str | None
    no_save: bool
    as_json: bool


def _assess_in_terminal(
    ctx: click.Context,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    options: _Interactive,
) -> None:
    """Ask the questionnaire interactively (the terminal is required), then report."""
    import sys

    from coach.cli.history_access import database_url, person_or_default
    from coach.content.choose import choose_questionnaire
    from coach.errors import NoTerminalError
    from coach.home import resolve_home
    from coach.ui.interactive import InteractiveRun, assess_interactively

    chosen = choose_questionnaire(options.questionnaire, rules_dir, questionnaires_dir)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise NoTerminalError(
            "the interactive questionnaire needs a terminal; "
            "to assess without one, use `coach assess --answers FILE`"
        )
    run = InteractiveRun(
        chosen,
        resolve_home(getattr(ctx.obj, "home", None)),
        person=person_or_default(options.person),
        resume=options.resume,
        top=options.top,
        show_all=options.show_all,
        save=not options.no_save,
        quarter=options.quarter,
        as_json=options.as_json,
        db=database_url(),
    )
    assess_interactively(run)
