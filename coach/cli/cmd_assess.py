"""`coach assess`: answer the questionnaire (or read an answers file) and see the report."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.options import content_options, json_option


@click.command()
@click.option(
    "--answers",
    "answers_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read answers from a YAML file (section.question: value) instead of asking.",
)
@json_option
@content_options
@click.option(
    "--top",
    default=5,
    show_default=True,
    type=click.IntRange(1, 50),
    help="How many actions the report lists.",
)
def assess(
    answers_path: Path | None,
    as_json: bool,
    rules_dir: Path | None,
    questionnaires_dir: Path | None,
    top: int,
) -> None:
    """Assess your answers and show diagnoses and actions.

    With --answers FILE the answers come from a file; otherwise coach asks the questions in the
    terminal, saving each answer as it is given.
    """
    from coach.content.answers_file import load_answers
    from coach.content.bundle import load_content
    from coach.engine.assess import assess as run_assessment
    from coach.errors import NoTerminalError

    content = load_content(rules_dir, questionnaires_dir)
    if answers_path is None:
        raise NoTerminalError(
            "the interactive questionnaire needs a terminal; "
            "to assess without one, use `coach assess --answers FILE`"
        )
    answers = load_answers(answers_path, content.questionnaire)
    result = run_assessment(content, answers.answers)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
        return
    from coach.ui.console import make_console
    from coach.ui.report import render_report

    render_report(make_console(), result, limit=top)
