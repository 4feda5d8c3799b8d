"""Rule tests: YAML cases (answers -> expected diagnoses and actions) run through the engine."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from coach.content.answers_file import check_answers, read_answers
from coach.content.bundle import Content
from coach.content.check import suggest
from coach.content.pack import display_path
from coach.content.pydantic_errors import validate
from coach.content.yamlio import Located, load
from coach.errors import Problem
from coach.model.answers import Answers
from coach.model.base import Kebab, Slug, Strict, Text
from coach.model.results import Result
from coach.model.rules import Severity, severity_rank


class Expect(Strict):
    """What a case expects of the result."""

    diagnoses: dict[Slug, Severity] = Field(default_factory=dict)
    actions: tuple[Kebab, ...] = ()
    not_diagnosed: tuple[Slug, ...] = ()
    not_actions: tuple[Kebab, ...] = ()
    max_severity: Severity | None = None


class CaseSpec(Strict):
    """One case as written."""

    name: Text
    answers_file: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    expect: Expect


class RuleTestsFile(Strict):
    """A rule test file."""

    cases: tuple[CaseSpec, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """A case ready to run: where it was written and its full answers."""

    name: str
    path: str
    line: int | None
    answers: Answers
    expect: Expect


@dataclass
class CaseOutcome:
    """A case run: the result and every expectation that failed."""

    case: Case
    result: Result
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when every expectation held."""
        return not self.failures


def find_test_files(paths: list[Path], content: Content) -> list[Path]:
    """The test files to run: the given files and folders, or the pack's tests/ folder."""
    if not paths:
        default = content.pack.root / "tests"
        paths = [default] if default.is_dir() else []
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
    return found


def read_cases(path: Path, content: Content) -> tuple[list[Case], list[Problem]]:
    """Read one test file, checking answers, mistakes and actions against the content."""
    located, problems = load(path, display_path(path))
    if problems:
        return [], problems
    spec, problems = validate(RuleTestsFile, located, located.data)
    if spec is None:
        return [], problems
    cases = []
    for i, case in enumerate(spec.cases):
        answers, found = _case_answers(path, located, i, case, content)
        found += _check_expect(located, i, case.expect, content)
        problems += found
        if not found:
            cases.append(
                Case(case.name, located.path, located.where(("cases", i))[0], answers, case.expect)
            )
    return cases, problems


def _case_answers(
    path: Path, located: Located, i: int, case: CaseSpec, content: Content
) -> tuple[Answers, list[Problem]]:
    base: Answers = {}
    problems: list[Problem] = []
    if case.answers_file:
        target = (path.parent / case.answers_file).resolve()
        if not target.is_file():
            message = (
                f"no such answers file: {case.answers_file} (looked for {target}: the path is "
                "relative to this test file, so moving or copying a pack breaks it)"
            )
            problems.append(located.problem(("cases", i, "answers_file"), message))
        else:
            answers_file, found = read_answers(target, content.questionnaire)
            problems += found
            base = dict(answers_file.answers) if answers_file else {}
    raw = located.data["cases"][i].get("answers")
    answers, found = check_answers(located, ("cases", i, "answers"), raw, content.questionnaire)
    return {**base, **answers}, problems + found


def _check_expect(located: Located, i: int, expect: Expect, content: Content) -> list[Problem]:
    problems = []
    loc = ("cases", i, "expect")
    mistakes, actions = content.pack.mistakes, content.pack.actions
    checks: list[tuple[str, list[str], Mapping[str, object], str]] = [
        ("diagnoses", list(expect.diagnoses), mistakes, "mistake"),
        ("not_diagnosed", list(expect.not_diagnosed), mistakes, "mistake"),
        ("actions", list(expect.actions), actions, "action"),
        ("not_actions", list(expect.not_actions), actions, "action"),
    ]
    for key, ids, known, kind in checks:
        for j, item in enumerate(ids):
            if item not in known:
                where = (*loc, key, item) if key == "diagnoses" else (*loc, key, j)
                problems.append(
                    located.problem(
                        where,
                        f"unknown {kind} '{item}'",
                        suggestion=suggest(item, known),
                        key=key == "diagnoses",
                    )
                )
    return problems


def judge(case: Case, result: Result) -> CaseOutcome:
    """Compare a result with what the case expects."""
    outcome = CaseOutcome(case, result)
    outcome.failures += _diagnosis_failures(case.expect, result)
    suggested = [a.id for a in result.actions]
    for action in case.expect.actions:
        if action not in suggested:
            outcome.failures.append(f"expected action {action}, it was not suggested")
    for action in case.expect.not_actions:
        if action in suggested:
            outcome.failures.append(f"expected no action {action}, but it was suggested")
    return outcome


def _diagnosis_failures(expect: Expect, result: Result) -> list[str]:
    failures = []
    got = {d.mistake: d for d in result.diagnoses}
    for mistake, minimum in expect.diagnoses.items():
        if mistake not in got:
            failures.append(f"expected {mistake} (at least {minimum}), but it was not diagnosed")
        elif severity_rank(got[mistake].severity) < severity_rank(minimum):
            failures.append(f"expected {mistake} at least {minimum}, got {got[mistake].severity}")
    for mistake in expect.not_diagnosed:
        if mistake in got:
            rules = ", ".join(r.id for r in got[mistake].rules)
            failures.append(f"expected no {mistake}, got {got[mistake].severity} (from {rules})")
    ceiling = expect.max_severity
    if ceiling is not None:
        for mistake, diagnosis in got.items():
            if severity_rank(diagnosis.severity) > severity_rank(ceiling):
                got_text = f"{mistake} {diagnosis.severity}"
                failures.append(f"expected nothing above {ceiling}, got {got_text}")
    return failures


def run_cases(cases: list[Case], content: Content) -> list[CaseOutcome]:
    """Run every case through the engine."""
    from coach.engine.assess import Assessor

    assessor = Assessor(content)
    return [judge(case, assessor.assess(case.answers)) for case in cases]
