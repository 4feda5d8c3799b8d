"""Team commands (a PostgreSQL history, docs/team.md): share, unshare, audit, team report."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import read_with


@click.command()
@click.option("--with", "coach", required=True, metavar="COACH", help="The coach's database role.")
def share(coach: str) -> None:
    """Let a coach read your history and write your reviews and plans.

    The database enforces it: the coach's role sees your assessments, answers and plans, and
    every read is written to your audit log (`coach audit`). `coach unshare` takes it back.
    """
    from coach.store.team import share as grant

    name = person_or_default(None)
    with opened_history() as store:
        new = grant(store, name, coach)
    click.echo(f"{coach} can read {name}'s history{'' if new else ' (already could)'}.")


@click.command()
@click.option("--with", "coach", required=True, metavar="COACH", help="The coach's database role.")
def unshare(coach: str) -> None:
    """Take back a coach's access to your history (what they wrote stays yours)."""
    from coach.store.team import unshare as take_back

    name = person_or_default(None)
    with opened_history() as store:
        had = take_back(store, name, coach)
    said = f"{coach} can no longer read {name}'s history." if had else f"{coach} had no access."
    click.echo(said)


@click.command()
def audit() -> None:
    """List every read of your history by someone else: when, who, and which table."""
    from coach.store.team import audit_entries, shared_with

    name = person_or_default(None)
    with opened_history() as store:
        entries = audit_entries(store, name)
        coaches = shared_with(store, name)
    click.echo(f"Shared with: {', '.join(coaches) if coaches else 'nobody'}.")
    if not entries:
        click.echo("Nobody else has read your history.")
    for entry in entries:
        click.echo(f"{entry.read_at:%Y-%m-%d %H:%M:%S} UTC  {entry.reader}  read {entry.what}")


@click.group()
def team() -> None:
    """Organisation views over a team database, for HR: aggregates only."""


@team.command()
@click.option("--team", "team_name", metavar="T", help="Only this team.")
@click.option(
    "--quarter",
    metavar="Q",
    callback=read_with("coach.model.quarters:parse_quarter"),
    help="Up to this quarter (e.g. 2026-Q4).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json"]),
    default="md",
    show_default=True,
    help="HTML (with charts), Markdown or JSON.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (0600) instead of printing.",
)
def report(team_name: str | None, quarter: str | None, fmt: str, output: Path | None) -> None:
    """Each mistake's share of each team per quarter, and its trend over quarters.

    Read from the database's `team_mistakes` view: groups of fewer people than the database's
    minimum (5 by default) are shown as suppressed, without any count; nobody's answers are read.
    """
    from coach.cli.output import write_output
    from coach.render.team import build_report, render_team
    from coach.store.team import min_group_size, team_counts

    with opened_history() as store:
        rows = team_counts(store, team_name, quarter)
        minimum = min_group_size(store)
    write_output(output, render_team(build_report(rows, minimum), fmt), f"Wrote {output}.")
