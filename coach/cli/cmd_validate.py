"""`coach validate`: check questionnaires, rules, answers and rule tests; list every problem."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.options import SafePath, content_options


@click.command()
@click.argument("paths", nargs=-1, type=SafePath(exists=True, path_type=Path))
@content_options
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list every questionnaire and instrument with its scores: how each is computed "
    "(mean or sum, reversed items, how many must be answered) and the range it can take.",
)
def validate(
    paths: tuple[Path, ...], rules_dir: Path | None, questionnaires_dir: Path | None, verbose: bool
) -> None:
    """Check content files and list every problem with file:line:column.

    PATHS may be rule pack folders, questionnaire files, rules files, rule test files or answers
    files. Without PATHS, the pack in use (the shipped one, or --rules) is checked with its tests.
    Exits 0 when clean, 1 when there are problems.
    """
    from coach.authoring.validate import validate_paths
    from coach.errors import ExitCode

    problems = validate_paths(list(paths), rules_dir, questionnaires_dir)
    errors = [p for p in problems if p.severity == "error"]
    notes = [p for p in problems if p.severity == "note"]  # what is checked once these are fixed
    for problem in problems:
        if problem.severity != "note":
            click.echo(str(problem), err=False)
    if verbose and not errors:
        from coach.authoring.validate import describe_questionnaires

        for line in describe_questionnaires(list(paths), rules_dir, questionnaires_dir):
            click.echo(line)
    if errors:
        click.echo(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found.", err=True)
        for note in notes:
            click.echo(str(note), err=True)
        raise click.exceptions.Exit(int(ExitCode.FAILED))
    click.echo("All content is valid.")
