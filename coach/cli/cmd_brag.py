"""`coach brag`: the weekly brag document (shipped / unblocked / prevented, with impact)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from coach.cli.history_access import opened_history, person_or_default
from coach.cli.options import PastDay, person_option, read_with

IMPACT_HELP = "time_saved, revenue or risk_avoided, optionally ': words' (e.g. 'revenue: +2%')."


def _impact(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> tuple[str, str | None] | None:
    from coach.model.history_facts import IMPACT_KINDS

    if value is None:
        return None
    kind, _, words = value.partition(":")
    kind = kind.strip().lower().replace(" ", "_").replace("-", "_")
    if kind not in IMPACT_KINDS:
        raise click.BadParameter(f"'{value}': the impact is one of {', '.join(IMPACT_KINDS)}")
    return kind, words.strip() or None


def _day(value: datetime | None) -> date:
    return value.date() if value is not None else date.today()


@click.group(invoke_without_command=True)
@person_option
@click.pass_context
def brag(ctx: click.Context, person: str | None) -> None:
    """Your brag document: a weekly snapshot of what you shipped, unblocked and prevented.

    Without a subcommand, list the weeks from your first entry to this one, newest first, with
    the weeks that have no entry shown as gaps, then this quarter in figures.
    See docs/brag-and-job.md.
    """
    if ctx.invoked_subcommand is not None:
        return
    from coach.habits import brag_weeks
    from coach.ui.console import make_console
    from coach.ui.habits import show_weeks

    with opened_history() as store:
        rows, summary = brag_weeks(store, person_or_default(person), date.today())
    show_weeks(make_console(), rows, summary)


@brag.command()
@person_option
@click.option("--shipped", metavar="TEXT", help="What you shipped this week.")
@click.option("--shipped-impact", metavar="IMPACT", callback=_impact, help=IMPACT_HELP)
@click.option("--unblocked", metavar="TEXT", help="Whom or what you unblocked.")
@click.option("--unblocked-impact", metavar="IMPACT", callback=_impact, help=IMPACT_HELP)
@click.option("--prevented", metavar="TEXT", help="What problem you prevented.")
@click.option("--prevented-impact", metavar="IMPACT", callback=_impact, help=IMPACT_HELP)
@click.option(
    "--date",
    "day",
    type=PastDay("a brag entry records what happened; add it on that day or later"),
    help="The day it happened (default: today); files it under that day's ISO week.",
)
@click.option(
    "--week",
    metavar="YYYY-Wnn",
    callback=read_with("coach.history.brag:parse_week"),
    help="File under this ISO week.",
)
def add(
    person: str | None,
    shipped: str | None,
    shipped_impact: tuple[str, str | None] | None,
    unblocked: str | None,
    unblocked_impact: tuple[str, str | None] | None,
    prevented: str | None,
    prevented_impact: tuple[str, str | None] | None,
    day: datetime | None,
    week: str | None,
) -> None:
    """Record this week's snapshot: what you shipped, unblocked and prevented.

    Without --shipped/--unblocked/--prevented, coach asks for each (Enter alone skips one) and
    for its business impact: time saved, revenue or risk avoided. Filed under the ISO week of
    --date (default: today), or --week.
    """
    import sys

    from coach.errors import NoTerminalError
    from coach.habits import NewEntry, add_brag

    given = {
        "shipped": (shipped, shipped_impact),
        "unblocked": (unblocked, unblocked_impact),
        "prevented": (prevented, prevented_impact),
    }
    entries = [
        NewEntry(kind, text, *(impact or (None, None)))
        for kind, (text, impact) in given.items()
        if text is not None and text.strip()
    ]
    if not any(text is not None for text, _ in given.values()):
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise NoTerminalError(
                "`coach brag add` asks in a terminal; without one, pass --shipped, "
                "--unblocked or --prevented"
            )
        from coach.ui import prompts
        from coach.ui.habits import ask_entries

        entries = ask_entries(prompts.ask)
    if not entries:
        click.echo("Nothing to record.")
        return
    with opened_history() as store:
        filed = add_brag(store, person_or_default(person), entries, _day(day), week)
    click.echo(
        f"Recorded {len(filed)} entr{'y' if len(filed) == 1 else 'ies'} for {filed[0].week}."
    )


@brag.command()
@person_option
@click.option("--with", "shared_with", metavar="WHO", help="With whom (e.g. 'manager').")
@click.option(
    "--date",
    "day",
    type=PastDay("record a share once it has happened"),
    help="When (default: today).",
)
def share(person: str | None, shared_with: str | None, day: datetime | None) -> None:
    """Record that you shared your brag document (with your manager or peers)."""
    from coach.store.habits import record_brag_share

    with opened_history() as store:
        done = record_brag_share(store, person_or_default(person), _day(day), shared_with)
    who = f" with {done.shared_with}" if done.shared_with else ""
    click.echo(f"Recorded: brag document shared{who} on {done.shared_on}.")


@brag.command()
@person_option
@click.option(
    "--quarter",
    metavar="YYYY-QN",
    callback=read_with("coach.model.quarters:parse_quarter"),
    help="The quarter to export, e.g. 2026-Q4 (default: this quarter).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    default="md",
    show_default=True,
    help="Markdown or a standalone HTML page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (0600); default: standard output.",
)
def export(person: str | None, quarter: str | None, fmt: str, output: Path | None) -> None:
    """Write the quarter's brag document for a review: grouped by impact, each entry dated."""
    from coach.cli.output import write_output
    from coach.habits import brag_export
    from coach.history.brag import this_quarter
    from coach.render.brag import brag_html, brag_markdown

    today = date.today()
    with opened_history() as store:
        document = brag_export(
            store, person_or_default(person), quarter or this_quarter(today), today
        )
    text = brag_html(document) if fmt == "html" else brag_markdown(document)
    write_output(output, text, f"Wrote {output}: the brag document of {document.quarter}.")
