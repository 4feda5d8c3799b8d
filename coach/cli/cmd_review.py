"""`coach review`: a coach goes through the diagnoses with the engineer and agrees a plan."""

from __future__ import annotations

import click

from coach.cli.options import person_option


@click.command()
@person_option
@click.option(
    "--assessment",
    metavar="ID|QUARTER",
    help="Which assessment to review: its number (#12) or a quarter (default: the latest).",
)
def review(person: str | None, assessment: str | None) -> None:
    """Review an assessment with the engineer and agree the plan.

    For each diagnosis, most severe first, coach shows the evidence and the rule's reasoning;
    the coach agrees, adjusts the severity, or dismisses it with a reason, and adds notes. Then
    the plan: pick from the ranked suggested actions or write your own, each with an owner, a
    due date and a success check. Every decision is saved as it is made, so an interrupted
    review keeps what was decided; run it again to go on, or to reopen and edit a closed one.
    Print the plan with `coach plan`.
    """
    from datetime import date

    from coach.cli.history_access import opened_history, person_or_default
    from coach.errors import NoTerminalError
    from coach.session.review import find_assessment, run_review
    from coach.ui import review as terminal
    from coach.ui.console import make_console

    if not terminal.TERMINAL.available():
        raise NoTerminalError("the review asks questions, so it needs a terminal")
    console = make_console()
    name = person_or_default(person)
    with opened_history() as store:
        info = find_assessment(store, name, assessment, explicit_person=person is not None)
        console.print(
            f"Reviewing assessment #{info.id} of {info.person}, {info.quarter}.", style="bold"
        )
        from coach.habits import review_lines

        for line in review_lines(store, info.person, info.quarter, date.today()):
            console.print(line)
        screen = terminal.TerminalReview(console, terminal.TERMINAL)
        done = run_review(store, info, ask=screen.ask, show=screen.show, today=date.today())
    terminal.finished(console, done, info.person)
