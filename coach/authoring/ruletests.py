"""Rule tests: YAML cases (answers -> expected diagnoses and actions) run through the engine."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import Field

from coach.content.answers_file import check_answers, read_answers
from coach.content.bundle import Content
from coach.content.files import check_regular
from coach.content.pack import display_path, known_id_hint
from coach.content.pydantic_errors import validate
from coach.content.yamlio import load
from coach.engine.facts import SCORE_DECIMALS, build_facts
from coach.errors import Problem, suggest
from coach.located import Located
from coach.model.answers import Answers
from coach.model.base import Kebab, Number, Slug, Strict, Text
from coach.model.questionnaire import Questionnaire
from coach.model.results import Result
from coach.model.rules import Severity, severity_rank


class ScoreBounds(Strict):
    """A score expected within bounds (both included)."""

    gte: Number | None = None
    lte: Number | None = None


class Expect(Strict):
    """What a case expects of the result."""

    diagnoses: dict[Slug, Severity] = Field(
        default_factory=dict,
        description="Each mistake diagnosed at least at this severity: {hero: high}.",
    )
    fires: tuple[Kebab, ...] = Field(default=(), description="These rules fire (their ids).")
    not_fires: tuple[Kebab, ...] = Field(default=(), description="These rules do not fire.")
    actions: tuple[Kebab, ...] = Field(default=(), description="These actions are suggested.")
    not_diagnosed: tuple[Slug, ...] = Field(default=(), description="These mistakes are not.")
    not_actions: tuple[Kebab, ...] = Field(default=(), description="These are not suggested.")
    max_severity: Severity | None = None
    first_actions: tuple[Kebab, ...] = Field(
        default=(), description="The plan starts with exactly these actions, in this order."
    )
    absent_actions: tuple[Kebab, ...] = Field(
        default=(),
        description="These actions are not in the plan (not suggested, or dropped because "
        "another action supersedes or conflicts with them).",
    )
    not_assessed: tuple[Slug, ...] | None = Field(
        default=None, description="Exactly these mistakes are reported as not assessed."
    )
    keep_doing: tuple[Kebab, ...] | None = Field(
        default=None, description="Exactly these strengths are named under 'keep doing'."
    )
    consistency: tuple[Kebab, ...] | None = Field(
        default=None, description="Exactly these consistency checks flag the answers."
    )
    tenure: Slug | None = Field(
        default=None, description="The tenure stage named (observe, test, decide)."
    )
    primary: tuple[Slug, ...] | None = Field(
        default=None, description="Exactly these diagnoses are primary, in this order."
    )
    scores: dict[Slug, Number | ScoreBounds | None] = Field(
        default_factory=dict,
        description="Score id -> its exact value, {gte:, lte:}, or null for 'too few answers'.",
    )

    def only_scores(self) -> bool:
        """True when the case expects nothing but scores."""
        return not (
            self.diagnoses
            or self.fires
            or self.not_fires
            or self.actions
            or self.not_diagnosed
            or self.not_actions
            or self.max_severity
            or self.first_actions
            or self.absent_actions
            or self.not_assessed is not None
            or self.keep_doing is not None
            or self.consistency is not None
            or self.tenure
            or self.primary is not None
        )


class CaseSpec(Strict):
    """One case as written."""

    name: Text
    answers_file: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)
    expect: Expect


class RuleTestsFile(Strict):
    """A rule test file."""

    questionnaire: str | None = Field(
        default=None,
        description="Score the cases with this questionnaire or instrument instead of the "
        "pack's; its cases may then expect only scores.",
    )
    cases: tuple[CaseSpec, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Case:
    """A case ready to run: where it was written and its full answers."""

    name: str
    path: str
    line: int | None
    answers: Answers
    expect: Expect
    questionnaire: Questionnaire | None = None  # None: the pack's own


@dataclass
class CaseOutcome:
    """A case run: the result (None when only scored) and every expectation that failed."""

    case: Case
    result: Result | None
    scores: dict[str, float | None]
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


def case_warnings(path: Path) -> list[Problem]:
    """What loads but tests less than it seems: a case expecting nothing, a name used twice.

    `coach rules lint` warns about these (they are not errors: the cases still run).
    """
    located, problems = load(path, display_path(path))
    if problems:
        return []
    spec, problems = validate(RuleTestsFile, located, located.data)
    if spec is None:
        return []
    found = []
    first: dict[str, int | None] = {}
    for i, case in enumerate(spec.cases):
        if case.expect == Expect():
            message = (
                "expects nothing, so this case passes whatever the rules do: say what the "
                "answers should give (diagnoses, fires, not_diagnosed, actions, scores ...)"
            )
            found.append(located.problem(("cases", i, "expect"), message))
        if case.name in first:
            message = (
                f"the case name '{case.name}' is used twice (first at line {first[case.name]}): "
                "results are reported by name, so one case hides the other; give each its own"
            )
            found.append(located.problem(("cases", i, "name"), message))
        first.setdefault(case.name, located.where(("cases", i, "name"))[0])
    return [replace(problem, severity="warning") for problem in found]


def read_cases(path: Path, content: Content) -> tuple[list[Case], list[Problem]]:
    """Read one test file, checking answers, mistakes and actions against the content."""
    located, problems = load(path, display_path(path))
    if problems:
        return [], problems
    spec, problems = validate(RuleTestsFile, located, located.data)
    if spec is None:
        problems = [_known_id(problem, content) for problem in problems]
        return [], problems + _checks_of_broken(path, located, content)
    questionnaire, own = content.questionnaire, None
    if spec.questionnaire is not None and spec.questionnaire != questionnaire.id:
        own = content.questionnaires.get(spec.questionnaire)
        if own is None:
            message = f"unknown questionnaire '{spec.questionnaire}'"
            hint = suggest(spec.questionnaire, content.questionnaires)
            return [], [located.problem(("questionnaire",), message, suggestion=hint)]
        questionnaire = own
    cases = []
    for i, case in enumerate(spec.cases):
        answers, found = _case_answers(path, located, i, case, questionnaire, content)
        found += _check_expect(located, i, case.expect, content, questionnaire)
        if own is not None and not case.expect.only_scores():
            message = (
                f"this file scores the answers with '{own.id}', which the pack's rules do not "
                "read: its cases can expect only scores"
            )
            found.append(located.problem(("cases", i, "expect"), message))
        problems += found
        if not found:
            line = located.where(("cases", i))[0]
            cases.append(Case(case.name, located.path, line, answers, case.expect, own))
    return cases, problems


# cases[i].expect.KEY, then [j] or .ID: which ids of the content an expectation names.
_EXPECT_KEY = re.compile(r"\.expect\.(\w+)(?:\[\d+\]|\.[\w-]+)?$")
_MISTAKE_KEYS = ("diagnoses", "not_diagnosed", "not_assessed", "primary")
_ACTION_KEYS = ("actions", "not_actions", "first_actions", "absent_actions")


def _known_id(problem: Problem, content: Content) -> Problem:
    """An invalid id where a case expects a mistake, action or rule: suggest one that exists."""
    key = _EXPECT_KEY.search(problem.key_path)
    if key is None:
        return problem
    pack = content.pack
    if key[1] in _MISTAKE_KEYS:
        titles = {m: mistake.title for m, mistake in pack.mistakes.items()}
        return known_id_hint(problem, "mistake", pack.mistakes.keys(), titles)
    if key[1] in _ACTION_KEYS:
        return known_id_hint(problem, "action", pack.actions.keys(), pack.action_titles)
    if key[1] in ("fires", "not_fires"):
        titles = {rule.id: rule.title for rule in pack.rules}
        return known_id_hint(problem, "rule", titles.keys(), titles)
    return problem


def _checks_of_broken(path: Path, located: Located, content: Content) -> list[Problem]:
    """A file that does not validate: still check what can be read of each case.

    The answers of every case, and each expectation that is valid on its own, are checked against
    the content, so an unknown question shows beside a misspelt key of the same file instead of
    on the next run.
    """
    data = located.data if isinstance(located.data, dict) else {}
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list):
        return []
    named = data.get("questionnaire")
    questionnaire = content.questionnaire
    if isinstance(named, str) and named in content.questionnaires:
        questionnaire = content.questionnaires[named]
    problems: list[Problem] = []
    for i, raw in enumerate(raw_cases):
        if not isinstance(raw, dict):
            continue
        answers, answers_file = raw.get("answers"), raw.get("answers_file")
        if not isinstance(answers, dict) or not all(isinstance(k, str) for k in answers):
            answers = {}  # validation has said what is wrong with them
        case = CaseSpec.model_construct(
            name="",
            answers_file=answers_file if isinstance(answers_file, str) else None,
            answers=answers,
            expect=Expect(),
        )
        problems += _case_answers(path, located, i, case, questionnaire, content)[1]
        raw_expect = raw.get("expect")
        for key, value in raw_expect.items() if isinstance(raw_expect, dict) else ():
            # each expectation on its own: a misspelt one leaves the others checked
            expect, _ = validate(Expect, located, {key: value}, ("cases", i, "expect"))
            if expect is not None:
                problems += _check_expect(located, i, expect, content, questionnaire)
    return problems


def _case_answers(
    path: Path,
    located: Located,
    i: int,
    case: CaseSpec,
    questionnaire: Questionnaire,
    content: Content,
) -> tuple[Answers, list[Problem]]:
    base: Answers = {}
    problems: list[Problem] = []
    if case.answers_file:
        target = (path.parent / case.answers_file).resolve()
        refused = check_regular(target, case.answers_file)
        if refused is not None and refused.message == "does not exist":
            message = (
                f"no such answers file: {case.answers_file} (looked for {target}: the path is "
                "relative to this test file, so moving or copying a pack breaks it)"
            )
            problems.append(located.problem(("cases", i, "answers_file"), message))
        elif refused is not None and "the limit is" not in refused.message:  # not its size
            message = (
                f"'{case.answers_file}' {refused.message}: answers_file names one answers "
                "file (section.question: value lines), relative to this test file"
            )
            problems.append(located.problem(("cases", i, "answers_file"), message))
        else:
            answers_file, found = read_answers(target, questionnaire, content.pack.actions)
            problems += found
            base = dict(answers_file.answers) if answers_file else {}
    raw = located.data["cases"][i].get("answers")
    actions = content.pack.actions
    answers, found = check_answers(located, ("cases", i, "answers"), raw, questionnaire, actions)
    return {**base, **answers}, problems + found


def _check_expect(
    located: Located, i: int, expect: Expect, content: Content, questionnaire: Questionnaire
) -> list[Problem]:
    problems = []
    loc = ("cases", i, "expect")
    mistakes, actions = content.pack.mistakes, content.pack.actions
    rules = {r.id: r for r in content.pack.rules}
    scores = {s.id: s for s in questionnaire.scores}
    checks: list[tuple[str, list[str], Mapping[str, object], str]] = [
        ("diagnoses", list(expect.diagnoses), mistakes, "mistake"),
        ("fires", list(expect.fires), rules, "rule"),
        ("not_fires", list(expect.not_fires), rules, "rule"),
        ("not_diagnosed", list(expect.not_diagnosed), mistakes, "mistake"),
        ("actions", list(expect.actions), actions, "action"),
        ("not_actions", list(expect.not_actions), actions, "action"),
        ("first_actions", list(expect.first_actions), actions, "action"),
        ("absent_actions", list(expect.absent_actions), actions, "action"),
        ("not_assessed", list(expect.not_assessed or ()), mistakes, "mistake"),
        ("primary", list(expect.primary or ()), mistakes, "mistake"),
        (
            "keep_doing",
            list(expect.keep_doing or ()),
            {s.id: s for s in content.pack.strengths},
            "strength",
        ),
        (
            "consistency",
            list(expect.consistency or ()),
            {c.id: c for c in content.pack.checks},
            "consistency check",
        ),
        ("scores", list(expect.scores), scores, "score"),
    ]
    stages = [stage.id for stage in content.pack.manifest.plan.tenure]
    if expect.tenure is not None and expect.tenure not in stages:
        message = f"unknown tenure stage '{expect.tenure}' (pack.yaml plan.tenure has: "
        message += f"{', '.join(stages) or 'none'})"
        hint = suggest(expect.tenure, stages)
        problems.append(located.problem((*loc, "tenure"), message, suggestion=hint))
    for key, ids, known, kind in checks:
        for j, item in enumerate(ids):
            if item not in known:
                by_key = key in ("diagnoses", "scores")
                where = (*loc, key, item) if by_key else (*loc, key, j)
                message = f"unknown {kind} '{item}'"
                if kind == "score":
                    message += f" (questionnaire '{questionnaire.id}' has: {', '.join(known)})"
                problems.append(
                    located.problem(where, message, suggestion=suggest(item, known), key=by_key)
                )
    return problems


def judge(case: Case, result: Result, why_not: Callable[[str], str] | None = None) -> CaseOutcome:
    """Compare a result with what the case expects.

    `why_not` says, for a rule the case expects to fire, what would make it fire.
    """
    outcome = CaseOutcome(case, result, dict(result.scores))
    outcome.failures += _diagnosis_failures(case.expect, result)
    fired = {rule.id for diagnosis in result.diagnoses for rule in diagnosis.rules}
    for rule_id in case.expect.fires:
        if rule_id not in fired:
            why = f": {why_not(rule_id)}" if why_not is not None else ""
            outcome.failures.append(f"expected rule {rule_id} to fire, it did not{why}")
    for rule_id in case.expect.not_fires:
        if rule_id in fired:
            outcome.failures.append(f"expected rule {rule_id} not to fire, but it fired")
    outcome.failures += score_failures(case.expect, result.scores)
    suggested = [a.id for a in result.actions]
    for action in case.expect.actions:
        if action not in suggested:
            outcome.failures.append(f"expected action {action}, it was not suggested")
    for action in case.expect.not_actions:
        if action in suggested:
            outcome.failures.append(f"expected no action {action}, but it was suggested")
    outcome.failures += plan_failures(case.expect, result)
    return outcome


def plan_failures(expect: Expect, result: Result) -> list[str]:
    """How the focused plan, not assessed, keep doing and consistency differ from the case."""
    failures = []
    kept = [a.id for a in result.actions]
    wanted = list(expect.first_actions)
    if wanted and kept[: len(wanted)] != wanted:
        got = ", ".join(kept[: len(wanted)]) or "no actions"
        failures.append(
            f"expected the plan to start with {', '.join(wanted)}; it starts with {got}"
        )
    for action in expect.absent_actions:
        if action in kept:
            failures.append(
                f"expected {action} absent from the plan, it is number {kept.index(action) + 1}"
            )
    exact: list[tuple[str, tuple[str, ...] | None, list[str]]] = [
        ("not assessed", expect.not_assessed, list(result.not_assessed)),
        ("keep doing", expect.keep_doing, [s.id for s in result.keep_doing]),
        ("consistency notices", expect.consistency, [c.id for c in result.consistency]),
    ]
    for label, want, got_ids in exact:
        if want is not None and sorted(want) != sorted(got_ids):
            failures.append(
                f"expected {label}: {', '.join(sorted(want)) or 'none'}; "
                f"got {', '.join(sorted(got_ids)) or 'none'}"
            )
    if expect.primary is not None:
        got_primary = [d.mistake for d in result.diagnoses if d.primary]
        if list(expect.primary) != got_primary:
            failures.append(
                f"expected primary diagnoses {', '.join(expect.primary) or 'none'}; "
                f"got {', '.join(got_primary) or 'none'}"
            )
    if expect.tenure is not None:
        got_stage = result.tenure.stage if result.tenure else "none"
        if got_stage != expect.tenure:
            failures.append(f"expected tenure stage {expect.tenure}; got {got_stage}")
    return failures


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


def shown_score(value: float | None) -> str:
    """A score as a failure message shows it."""
    return "not scored (too few answers)" if value is None else f"{value:g}"


def score_failures(expect: Expect, scores: Mapping[str, float | None]) -> list[str]:
    """How the computed scores differ from the expected ones."""
    failures = []
    for name, wanted in expect.scores.items():
        got = scores.get(name)
        if isinstance(wanted, ScoreBounds):
            low, high = wanted.gte, wanted.lte
            inside = got is not None and (low is None or got >= low)
            inside = inside and got is not None and (high is None or got <= high)
            if not inside:
                bounds = " and ".join(
                    f"{word} {bound:g}"
                    for word, bound in (("at least", low), ("at most", high))
                    if bound is not None
                )
                failures.append(f"expected score {name} {bounds}, got {shown_score(got)}")
        elif wanted is None:
            if got is not None:
                failures.append(f"expected score {name} not scored, got {got:g}")
        elif got is None or round(wanted, SCORE_DECIMALS) != got:
            failures.append(f"expected score {name} {wanted:g}, got {shown_score(got)}")
    return failures


def run_cases(cases: list[Case], content: Content) -> list[CaseOutcome]:
    """Run every case through the engine (or only its scoring, for another questionnaire)."""
    from coach.authoring.explain import explain
    from coach.engine.assess import Assessor

    assessor = Assessor(content)
    outcomes = []
    for case in cases:
        if case.questionnaire is None:

            def why_not(rule_id: str, answers: Answers = case.answers) -> str:
                summary = explain(content, answers, [rule_id]).rules[0].summary
                return summary[0].lower() + summary[1:]

            outcomes.append(judge(case, assessor.assess(case.answers), why_not))
            continue
        _, scores = build_facts(case.questionnaire, case.answers)
        outcome = CaseOutcome(case, None, scores)
        outcome.failures += score_failures(case.expect, scores)
        outcomes.append(outcome)
    return outcomes
