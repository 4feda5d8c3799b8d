"""`coach job`: the six-month verdict of a new role (observe, test, decide)."""

from __future__ import annotations

from datetime import date, datetime

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import PastDay, person_option

NO_JOB = "no job is recorded yet: start one with `coach job start DATE`"


@click.group(invoke_without_command=True)
@person_option
@click.pass_context
def job(ctx: click.Context, person: str | None) -> None:
    """The six-month verdict of your current role: observe, test, decide.

    Without a subcommand, show the month you are in, its phase (months 1-3 observe, 4-6 test,
    then decide), the tests of months 4-6 as a checklist with their outcomes, and the month-3
    and month-6 check-ins. See docs/brag-and-job.md.
    """
    if ctx.invoked_subcommand is not None:
        return
    from coach.errors import NotInHistoryError
    from coach.habits import job_overview
    from coach.ui.console import make_console
    from coach.ui.habits import show_job

    with opened_history() as store:
        status = job_overview(store, person_or_default(person), date.today())
    if status is None:
        raise NotInHistoryError(NO_JOB)
    show_job(make_console(), status)


@job.command()
@person_option
@click.argument(
    "started",
    metavar="DATE",
    type=PastDay("record the role from its first day: its six-month verdict counts from there"),
)
@click.option("--company", metavar="C", help="The company (optional).")
def start(person: str | None, started: datetime, company: str | None) -> None:
    """Record a new role that started on DATE (YYYY-MM-DD); it becomes the current job."""
    from coach.store.habits import start_job

    with opened_history() as store:
        made = start_job(store, person_or_default(person), started.date(), company)
    at = f" at {made.company}" if made.company else ""
    click.echo(f"Recorded a new job{at} from {made.started_on}. `coach job` shows its phase.")


@job.command(name="test")
@person_option
@click.argument("test", type=click.Choice(["stretch", "boundary", "problem"]))
@click.argument("outcome", type=click.Choice(["welcomed", "ignored", "punished"]))
@click.option("--note", metavar="TEXT", help="What happened, in a sentence.")
@click.option(
    "--date",
    "day",
    type=PastDay("record a test once it has been met; only what happened counts for the verdict"),
    help="When (default: today).",
)
def test_command(
    person: str | None, test: str, outcome: str, note: str | None, day: datetime | None
) -> None:
    """Record a test of months 4-6 and how it was met.

    TEST: stretch (asked for stretch work), boundary (set a boundary) or problem (raised a
    problem or proposed an improvement). OUTCOME: welcomed, ignored or punished. Running a test
    again replaces its outcome on the checklist.
    """
    from coach.store.habits import record_job_test

    when = day.date() if day is not None else date.today()
    with opened_history() as store:
        record_job_test(store, person_or_default(person), test, outcome, tested_on=when, note=note)
    click.echo(f"Recorded: {test} test {outcome} on {when}.")


@job.command()
@person_option
def verdict(person: str | None) -> None:
    """Apply the six-month verdict to your tests and say why (stay, leave, or not yet)."""
    from coach.errors import NotInHistoryError
    from coach.habits import job_overview
    from coach.session.review import works_cited
    from coach.ui.console import make_console
    from coach.ui.habits import show_verdict

    with opened_history() as store:
        status = job_overview(store, person_or_default(person), date.today())
    if status is None:
        raise NotInHistoryError(NO_JOB)
    titles = {number: work.title for number, work in works_cited().items()}
    show_verdict(make_console(), status, titles)
