"""What `coach rules init`, `test`, `lint` and `schema` print: plain lines, one per finding.

Plain text rather than rich: authors pipe these into editors and CI logs, where a line is read
as `path:line: message`. Each function returns the lines; the command prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.content.pack import display_path

if TYPE_CHECKING:
    from coach.authoring.coverage import Coverage
    from coach.authoring.lint import LintReport
    from coach.authoring.suite import SuiteRun

STARTER_FOLDERS = ("rules", "questionnaires", "instruments", "examples", "schemas")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def init_lines(folder: Path, written: list[Path], minimal: bool) -> Iterator[str]:
    """What `coach rules init` wrote, folder by folder, and what to run next."""
    kind = "an empty pack extending the shipped one" if minimal else "a copy of the shipped pack"
    yield f"Wrote {display_path(folder)}/ with {kind} ({len(written)} files):"
    for name in STARTER_FOLDERS:
        count = sum(1 for path in written if path.is_relative_to(folder / name))
        yield f"  {display_path(folder / name)}/  ({_plural(count, 'file')})"
    rules_dir = display_path(folder / "rules")
    yield (
        "Next: edit the files, then\n"
        f"  coach rules lint --rules {rules_dir}\n"
        f"  coach rules test --rules {rules_dir}\n"
        f"  coach rules explain --rules {rules_dir} --answers ANSWERS.yaml\n"
        "The guide: `coach docs authoring`."
    )


def suite_lines(
    run: SuiteRun, verbose: bool, details: bool, min_coverage: float | None
) -> Iterator[str]:
    """Each failed case (with --verbose, each passed one too), the counts, then the coverage."""
    from coach.authoring.ruletests import shown_score

    for outcome in run.outcomes:
        where = f"{outcome.case.path}:{outcome.case.line}"
        if outcome.passed:
            if verbose:
                yield f"PASS  {where}: {outcome.case.name}"
            continue
        yield f"FAIL  {where}: {outcome.case.name}"
        for failure in outcome.failures:
            yield f"      - {failure}"
        if outcome.result is not None:
            diagnoses = outcome.result.diagnoses
            got = ", ".join(f"{d.mistake} {d.severity}" for d in diagnoses) or "nothing"
            yield f"      diagnosed: {got}"
        if outcome.scores:
            shown = ", ".join(f"{k} {shown_score(v)}" for k, v in outcome.scores.items())
            yield f"      scores: {shown}"
    total, failed = len(run.outcomes), len(run.failed)
    yield f"{total - failed} passed, {failed} failed, {total} cases."
    yield from coverage_lines(run.coverage, details)
    if run.below(min_coverage):
        percent = run.coverage.rule_percent
        yield f"Rule coverage {percent:.0f}% is below --min-coverage {min_coverage:g}%."


def coverage_lines(coverage: Coverage, details: bool) -> list[str]:
    """The rules no case fires; with `details`, the tests no case made true or false."""
    fired = len(coverage.rules) - len(coverage.unfired())
    seen = sum(bool(leaf.true) + bool(leaf.false) for leaf in coverage.leaves)
    lines = [
        f"Coverage: cases fire {fired} of {len(coverage.rules)} rules "
        f"({coverage.rule_percent:.0f}%); they make {seen} of {2 * len(coverage.leaves)} "
        f"test outcomes true or false ({coverage.condition_percent:.0f}%)."
    ]
    if coverage.unfired():
        lines.append("Rules no case fires:")
        for rule_id in coverage.unfired():
            origin = coverage.where[rule_id]
            lines.append(f"  {origin.path}:{origin.line}: {rule_id}")
    if details:
        for title, leaves in (
            ("Tests no case makes true:", coverage.never_true()),
            ("Tests no case makes false:", coverage.never_false()),
        ):
            if leaves:
                lines.append(title)
            for leaf in leaves:
                o = leaf.origin
                lines.append(f"  {o.path}:{o.line}:{o.column}: {leaf.words} (rule {leaf.rule_id})")
    return lines


def lint_lines(report: LintReport) -> Iterator[str]:
    """Every finding, then how many errors and warnings there are."""
    for finding in report.findings:
        yield str(finding)
    errors, warnings = report.errors, report.warnings
    if not errors and not warnings:
        yield "No problems found."
    else:
        yield f"{_plural(errors, 'error')} and {_plural(warnings, 'warning')}."


def schema_places(folder: Path, schemas: dict[str, tuple[str, Any]]) -> Iterator[str]:
    """Where the installed schemas are, what each describes, and how a YAML file names one."""
    yield f"The schemas are installed in {folder}:"
    for each, (about, _) in schemas.items():
        yield f"  {each + '.json':<20} {about}"
    yield (
        "Name one in the first line of a YAML file, e.g.\n"
        f"  # yaml-language-server: $schema={folder / 'rules.json'}\n"
        "or copy them beside your files with `coach rules schema -o DIR` "
        "(`coach rules init` does that for a new pack)."
    )
