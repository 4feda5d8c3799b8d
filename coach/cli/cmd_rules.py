"""`coach rules ...`: tools for people who write and tune rules."""

from __future__ import annotations

from pathlib import Path

import click

from coach.cli.options import content_options


@click.group()
def rules() -> None:
    """Test and check rule packs (for rule authors)."""


@rules.command("test")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@content_options
@click.option("-v", "--verbose", is_flag=True, help="List passing cases too.")
def test_command(
    paths: tuple[Path, ...], rules_dir: Path | None, questionnaires_dir: Path | None, verbose: bool
) -> None:
    """Run rule test cases (answers -> expected diagnoses) and show what differs.

    PATHS are test files or folders; without them, the pack's tests/ folder is run.
    Exits 0 when every case passes, 1 when any fails.
    """
    from coach.authoring.ruletests import find_test_files, read_cases, run_cases
    from coach.content.bundle import load_content
    from coach.errors import ContentError, ExitCode

    content = load_content(rules_dir, questionnaires_dir)
    cases, problems = [], []
    for path in find_test_files(list(paths), content):
        found, found_problems = read_cases(path, content)
        cases += found
        problems += found_problems
    if problems:
        raise ContentError(problems)
    outcomes = run_cases(cases, content)
    failed = [o for o in outcomes if not o.passed]
    for outcome in outcomes:
        where = f"{outcome.case.path}:{outcome.case.line}"
        if outcome.passed:
            if verbose:
                click.echo(f"PASS  {where}: {outcome.case.name}")
            continue
        click.echo(f"FAIL  {where}: {outcome.case.name}")
        got = ", ".join(f"{d.mistake} {d.severity}" for d in outcome.result.diagnoses) or "nothing"
        for failure in outcome.failures:
            click.echo(f"      - {failure}")
        click.echo(f"      diagnosed: {got}")
    click.echo(
        f"{len(outcomes) - len(failed)} passed, {len(failed)} failed, {len(outcomes)} cases."
    )
    if failed:
        raise click.exceptions.Exit(int(ExitCode.FAILED))
