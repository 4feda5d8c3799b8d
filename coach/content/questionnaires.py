"""Loading questionnaires: structure, skip logic and scores, every problem located."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from coach.conditions.ast import All, Test, tests_of
from coach.conditions.parse import ConditionParser
from coach.content.check import check_condition, problem_at
from coach.content.pydantic_errors import validate
from coach.content.yamlio import load
from coach.errors import ContentError, Problem, suggest
from coach.located import KeyPath, Located
from coach.model.questionnaire import Question, Questionnaire, Score

SCORABLE = ("scale", "number", "boolean", "single")


def parse_conditions(
    located: Located, paths: list[KeyPath], parser: ConditionParser
) -> tuple[Test, ...]:
    """Replace the raw condition found at each path of the data by its parsed tree.

    A condition that cannot be parsed becomes an empty `all` so the rest of the file is still
    checked; the parser has recorded why. Returned: the tests that could be read inside those
    broken conditions, for the checks against the questionnaire.
    """
    salvaged: list[Test] = []
    for path in paths:
        parent = located.data
        for part in path[:-1]:
            parent = parent[part]
        condition, tests = parser.salvaged(parent[path[-1]], path)
        parent[path[-1]] = condition or All(())
        salvaged += tests
    return tuple(salvaged)


def _when_paths(data: Any) -> list[KeyPath]:
    paths: list[KeyPath] = []
    if not isinstance(data, dict) or not isinstance(data.get("sections"), list):
        return paths
    for i, section in enumerate(data["sections"]):
        if not isinstance(section, dict):
            continue
        if section.get("when") is not None:
            paths.append(("sections", i, "when"))
        for j, question in enumerate(_listed(section.get("questions"))):
            if isinstance(question, dict) and question.get("when") is not None:
                paths.append(("sections", i, "questions", j, "when"))
    return paths


def read_questionnaire(
    path: Path, display: str | None = None
) -> tuple[Questionnaire | None, list[Problem]]:
    """Read and check one questionnaire file; never raises for content problems."""
    located, problems = load(path, display)
    if problems:
        return None, problems
    if not isinstance(located.data, dict):
        return None, [
            located.problem((), "a questionnaire file is a mapping with id, title, sections")
        ]
    parser = ConditionParser(located, allow_named=False)
    when_paths = _when_paths(located.data)
    parse_conditions(located, when_paths, parser)
    questionnaire, problems = validate(Questionnaire, located, located.data)
    if questionnaire is None or parser.problems:
        problems = parser.problems + problems + _unknown_refs(located, when_paths)
        return None, sorted(problems + _check_ids(located), key=_place)
    problems = _check_ids(located) + _check_skip_logic(questionnaire)
    problems += _check_scores(questionnaire, located)
    questionnaire._content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
    return questionnaire, problems


def _place(problem: Problem) -> tuple[int, int]:
    """Where a problem is in its file, for listing them top to bottom."""
    return (problem.line or 0, problem.column or 0)


def _listed(value: Any) -> list[Any]:
    """A list as written, or nothing: `questions: 5` is reported by validation, not walked."""
    return value if isinstance(value, list) else []


def _unknown_refs(located: Located, when_paths: list[KeyPath]) -> list[Problem]:
    """When the file does not validate, still report skip logic that names no question."""
    refs = [
        f"{section.get('id')}.{question.get('id')}"
        for section in _listed(located.data.get("sections"))
        if isinstance(section, dict)
        for question in _listed(section.get("questions"))
        if isinstance(question, dict)
    ]
    problems = []
    for path in when_paths:
        node: Any = located.data
        for part in path:
            node = node[part]
        for test in tests_of(node):
            if test.ref not in refs:
                message = f"unknown question '{test.ref}'"
                problems.append(problem_at(test.origin, message, suggest(test.ref, refs)))
    return problems


def _check_ids(located: Located) -> list[Problem]:
    """Section, question and score ids used twice, read as written.

    Valid or not, the file gets this said in the same run as its other problems.
    """
    data = located.data if isinstance(located.data, dict) else {}
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, section in enumerate(_listed(data.get("sections"))):
        section_id = section.get("id") if isinstance(section, dict) else None
        if not isinstance(section_id, str):
            continue
        if section_id in seen or section_id == "scores":
            why = "is reserved for scores" if section_id == "scores" else "is used twice"
            problems.append(
                located.problem(("sections", i, "id"), f"section id '{section_id}' {why}")
            )
        seen.add(section_id)
        ids: set[str] = set()
        for j, question in enumerate(_listed(section.get("questions"))):
            question_id = question.get("id") if isinstance(question, dict) else None
            if not isinstance(question_id, str):
                continue
            if question_id in ids:
                loc = ("sections", i, "questions", j, "id")
                ref = f"{section_id}.{question_id}"
                problems.append(located.problem(loc, f"duplicate question id '{ref}'"))
            ids.add(question_id)
    scores: set[str] = set()
    for k, score in enumerate(_listed(data.get("scores"))):
        score_id = score.get("id") if isinstance(score, dict) else None
        if not isinstance(score_id, str):
            continue
        if score_id in scores:
            problems.append(
                located.problem(("scores", k, "id"), f"duplicate score id '{score_id}'")
            )
        scores.add(score_id)
    return problems


def _check_skip_logic(questionnaire: Questionnaire) -> list[Problem]:
    problems: list[Problem] = []
    earlier: dict[str, Question | Score] = {}
    scope = "skip logic can only read questions asked before this one"
    for section in questionnaire.sections:
        if section.when is not None:
            problems += check_condition(
                section.when, questionnaire, allowed_refs=earlier, scope=scope
            )
        for question in section.questions:
            if question.when is not None:
                problems += check_condition(
                    question.when, questionnaire, allowed_refs=earlier, scope=scope
                )
            earlier[question.ref] = question
    return problems


def _check_scores(questionnaire: Questionnaire, located: Located) -> list[Problem]:
    problems: list[Problem] = []
    defined: set[str] = set()
    for k, score in enumerate(questionnaire.scores):
        key = "mean" if score.mean is not None else "sum"
        for n, item in enumerate(score.items):
            message, hint = _score_item_problem(item, questionnaire, defined)
            if message:
                problems.append(located.problem(("scores", k, key, n), message, suggestion=hint))
        if score.min_answered is not None and score.min_answered > len(score.items):
            loc = ("scores", k, "min_answered")
            problems.append(
                located.problem(loc, f"min_answered is above the {len(score.items)} items")
            )
        defined.add(score.ref)
    return problems


def _score_item_problem(
    item: str, questionnaire: Questionnaire, defined: set[str]
) -> tuple[str, str | None]:
    ref = item.removeprefix("-")
    if ref.startswith("scores."):
        if ref in defined:
            return "", None
        if ref in questionnaire.scores_by_ref:
            return f"score '{ref}' must be defined before the scores that use it", None
        return f"unknown score '{ref}'", suggest(ref, defined)
    question = questionnaire.questions.get(ref)
    if question is None:
        scorable = [q.ref for q in questionnaire.questions.values() if q.type in SCORABLE]
        return f"unknown question '{ref}'", suggest(ref, scorable)  # only what can be scored
    if question.type not in SCORABLE:
        return f"'{ref}' is a {question.type} question and cannot be scored", None
    if question.type == "single" and any(o.score is None for o in question.options or ()):
        return f"'{ref}' is scored, so every option needs a 'score:'", None
    if item.startswith("-") and question.score_range() is None:
        return f"'{ref}' has no min and max, so it cannot be reverse-scored", None
    return "", None


def load_questionnaire(path: Path, display: str | None = None) -> Questionnaire:
    """Read one questionnaire or raise a ContentError listing every problem."""
    questionnaire, problems = read_questionnaire(path, display)
    if problems or questionnaire is None:
        raise ContentError(problems)
    return questionnaire
