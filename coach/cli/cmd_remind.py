"""`coach remind`: when the next quarterly check-in is due, and a calendar file for it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import SafePath, person_option


@click.command()
@person_option
@click.option(
    "--ics",
    "ics_path",
    type=SafePath(dir_okay=False, path_type=Path),
    help="Write a calendar file (.ics) with the check-in repeating every quarter.",
)
def remind(person: str | None, ics_path: Path | None) -> None:
    """Say when your next quarterly check-in is due, and your job's check-ins.

    It is due three months after the last one (today, if there is none yet).
    With --ics FILE, also write a calendar event that repeats every three months; import it
    into any calendar app. Writing it again updates the same event instead of adding another.
    With a job recorded (`coach job start`), the file also holds its month-3 and month-6
    check-ins of the six-month verdict that are still to come.
    """
    import shlex

    from coach.cli.output import write_file
    from coach.habits import reminders
    from coach.history.remind import ahead_of, calendar_file, checkin_lines, reminder_text

    name = person_or_default(person)
    with opened_history() as store:
        due, checkins = reminders(store, name, date.today(), named=person is not None)
    click.echo(reminder_text(due))
    for line in checkin_lines(checkins, due.today):
        click.echo(line)
    if ics_path is not None:
        who = f" --person {shlex.quote(name)}" if person is not None else ""
        write_file(ics_path, calendar_file(due, who=who, checkins=checkins), "--ics")
        months = [str(c.month) for c in ahead_of(checkins, due.today)]
        also = f" and the job's month-{' and month-'.join(months)} check-in" if months else ""
        also += "s" if len(months) > 1 else ""
        click.echo(
            f"Wrote {ics_path}: a check-in every three months from {max(due.due, due.today)}{also}."
        )
