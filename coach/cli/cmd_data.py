"""`coach export`, `coach import` and `coach forget`: your data, to take away or to delete."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import InputFile, SafePath, person_option


@click.command()
@person_option
@click.option(
    "-o",
    "--output",
    type=SafePath(dir_okay=False, path_type=Path),
    help="Write to FILE (private, 0600) instead of printing.",
)
def export(person: str | None, output: Path | None) -> None:
    """Export everything about one person as JSON.

    Assessments (with every answer and the report as saved), reviews, plans and follow-ups.
    The same history always exports to the same bytes; `coach import` reads the file back.
    """
    from coach.cli.output import write_output
    from coach.store import export_person
    from coach.store.exchange import dump

    with opened_history() as store:
        text = dump(export_person(store, person_or_default(person)))
    write_output(output, text, f"Exported to {output}.")


@click.command("import")
@click.argument("path", type=InputFile("give the one file `coach export` wrote"))
def import_command(path: Path) -> None:
    """Import a file written by `coach export`.

    Adds what the history does not hold yet; what it already holds stays as it is, so importing
    the same file twice changes nothing. All of it is imported, or (on any problem) none of it.
    """
    from coach.store import import_history, read_export

    document = read_export(path)
    with opened_history() as store:
        done = import_history(store, document)
    click.echo(
        f"Imported {done.added} assessment(s) for {done.person}"
        + (f" and {done.habits} brag or job record(s)" if done.habits else "")
        + (f"; {done.present} were already there." if done.present else ".")
    )


@click.command()
@click.option("--person", required=True, metavar="NAME", help="Whose data to delete.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
def forget(person: str, yes: bool) -> None:
    """Delete everything recorded about one person, for good.

    Assessments, answers, reviews, plans and follow-ups. Asks first unless --yes. Deleted rows
    are overwritten in the database file, not just unlinked. Export first to keep a copy.
    """
    from coach.errors import ExitCode
    from coach.store import forget_person, list_assessments
    from coach.ui.confirm import confirm_forget

    with opened_history() as store:
        count = len(list_assessments(store, person, drafts=True))
        if not yes and not confirm_forget(person, count):
            click.echo("Nothing was deleted.", err=True)
            raise click.exceptions.Exit(int(ExitCode.FAILED))
        gone = forget_person(store, person)
    click.echo(f"Forgot {gone.name}: {gone.assessments} assessment(s) and everything tied to them.")
