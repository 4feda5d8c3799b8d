"""`coach rules test` in one call: read every case, run them all, measure what they cover."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.authoring.coverage import Coverage, measure
from coach.authoring.ruletests import Case, CaseOutcome, find_test_files, read_cases, run_cases
from coach.content.bundle import load_content
from coach.content.pack import PACK_FILE, display_path
from coach.errors import ContentError, Problem


@dataclass(frozen=True)
class SuiteRun:
    """Every case's outcome, in file order, and the coverage of the pack's rules."""

    outcomes: list[CaseOutcome]
    coverage: Coverage

    @property
    def failed(self) -> list[CaseOutcome]:
        """The cases with an expectation that did not hold."""
        return [outcome for outcome in self.outcomes if not outcome.passed]

    def below(self, min_coverage: float | None) -> bool:
        """Whether the cases fire fewer than `min_coverage` percent of the rules."""
        return min_coverage is not None and self.coverage.rule_percent < min_coverage


def run_suite(
    paths: list[Path], rules: Path | None = None, questionnaires: Path | None = None
) -> SuiteRun:
    """Run the rule test cases in `paths` (default: the pack's tests/ folder).

    Raises:
        ContentError: a test file has problems; every problem of every file is reported and no
            case is run.
    """
    packs = [path for path in paths if (path / PACK_FILE).is_file()]
    if packs and rules is None:
        # `coach rules test my-pack`, as `coach validate my-pack`: that pack, with its tests/
        if len({pack.resolve() for pack in packs}) > 1:
            names = ", ".join(display_path(pack) for pack in packs)
            message = (
                f"one rule pack at a time (given: {names}); give --rules for the others' tests"
            )
            raise ContentError([Problem(display_path(packs[1]), None, None, "", message)])
        rules = packs[0]
    content = load_content(rules, questionnaires)
    cases: list[Case] = []
    problems: list[Problem] = []
    targets: list[Path] = []
    for given in paths:
        path = given / "tests" if given in packs else given
        if given in packs and not path.is_dir():
            message = (
                "is a rule pack with no tests/ folder: write its cases in tests/ "
                "(see `coach docs authoring`)"
            )
            problems.append(Problem(display_path(given), None, None, "", message))
            continue
        if path.is_dir() and not find_test_files([path], content):
            message = "is a folder with no rule test files (.yaml) in it: there is nothing to run"
            if (path / "rules" / PACK_FILE).is_file():  # a folder made by `coach rules init`
                message += f"; its rules folder is a pack: give {display_path(path / 'rules')}"
            problems.append(Problem(display_path(path), None, None, "", message))
        targets.append(path)
    for path in find_test_files(targets, content):
        found, found_problems = read_cases(path, content)
        cases += found
        problems += found_problems
    if problems:
        raise ContentError(problems)
    return SuiteRun(run_cases(cases, content), measure(cases, content))
