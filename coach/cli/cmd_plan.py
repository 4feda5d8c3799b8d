"""`coach plan`: the printed plan, as PDF, HTML or Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.options import SafePath, person_option


@click.command()
@person_option
@click.option(
    "--assessment",
    metavar="ID|QUARTER",
    help="Which assessment's plan: its number (#12) or a quarter (default: the latest).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "md"]),
    default="pdf",
    show_default=True,
    help="PDF to print and sign, HTML to print from a browser, Markdown for a repository.",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper size (PDF and HTML).",
)
@click.option(
    "-o",
    "--output",
    type=SafePath(dir_okay=False, path_type=Path),
    help="File to write, '-' for standard output (default: career-plan-NAME-QUARTER.EXT).",
)
@click.option(
    "--rules",
    "rules_dir",
    type=SafePath(exists=True, file_okay=False, path_type=Path),
    help="Rule pack for the works cited by assessments saved before coach kept them with the "
    "result (default: the shipped pack).",
)
def plan(
    person: str | None,
    assessment: str | None,
    fmt: str,
    paper: str,
    output: Path | None,
    rules_dir: Path | None,
) -> None:
    """Print the plan: cover, profile chart, diagnoses, actions, timeline, sources, signatures.

    The plan agreed in `coach review`; without a review, the latest assessment's suggested
    actions (agree them with a coach in `coach review`). The file is written readable by you
    only: it holds personal data.
    """
    from datetime import date

    from coach.cli.history_access import opened_history, person_or_default
    from coach.cli.output import write_output
    from coach.render import default_file_name, render_plan
    from coach.session.review import find_assessment, printed_plan, works_cited

    # A pack named on purpose is read (and checked) whether or not the result needs it.
    sources = works_cited(rules_dir) if rules_dir is not None else None
    name = person_or_default(person)
    with opened_history() as store:
        info = find_assessment(store, name, assessment, explicit_person=person is not None)
        document = printed_plan(store, info, today=date.today(), sources=sources)
    target = output or Path(default_file_name(info.person, info.quarter, fmt))
    what = "plan agreed in review" if document.reviewed else "suggested plan (not yet reviewed)"
    said = f"Wrote {target}: the {what} of {info.person}, {info.quarter}."
    write_output(None if str(target) == "-" else target, render_plan(document, fmt, paper), said)
