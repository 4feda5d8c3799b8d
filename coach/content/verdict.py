"""Reading the six-month verdict file: YAML with line marks, conditions parsed and checked.

Every problem is reported at once with file, line and column, like the rule pack's; a verdict
rule may read only job facts (`job.*`, docs/brag-and-job.md).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, cast

from coach.conditions.ast import Condition
from coach.conditions.parse import ConditionParser
from coach.content.check import check_condition
from coach.content.pack import display_path
from coach.content.places import SHIPPED_VERDICT
from coach.content.pydantic_errors import validate
from coach.content.questionnaires import parse_conditions
from coach.content.yamlio import load
from coach.errors import ContentError, Problem, suggest
from coach.located import KeyPath
from coach.model.history_facts import HISTORY_FACTS
from coach.model.questionnaire import Questionnaire
from coach.model.verdict import VerdictFile

JOB_FACTS = {ref: q for ref, q in HISTORY_FACTS.items() if ref.startswith("job.")}


class _NoQuestions:
    """A questionnaire with no questions: verdict rules read job facts only."""

    questions: dict[str, Any] = {}
    scores_by_ref: dict[str, Any] = {}


def _when_paths(data: Any) -> list[KeyPath]:
    rules = data.get("verdicts") if isinstance(data, dict) else None
    if not isinstance(rules, list):
        return []
    return [
        ("verdicts", i, "when")
        for i, rule in enumerate(rules)
        if isinstance(rule, dict) and rule.get("when") is not None
    ]


def read_verdict(path: Path) -> VerdictFile:
    """The verdict file at `path`, checked whole.

    Raises:
        ContentError: every problem of the file, each located.
    """
    located, problems = load(path, display_path(path))
    if located.data is None:
        raise ContentError(problems or [Problem(located.path, None, None, "", "the file is empty")])
    parser = ConditionParser(located, allow_named=False)
    parse_conditions(located, _when_paths(located.data), parser)
    problems += parser.problems
    document, found = validate(VerdictFile, located, located.data)
    problems += found
    nothing = cast("Questionnaire", _NoQuestions())
    for where in _when_paths(located.data):
        condition = located.data[where[0]][where[1]][where[2]]
        if isinstance(condition, Condition):
            problems += check_condition(condition, nothing, allowed_refs=JOB_FACTS)
    cases = located.data.get("cases") if isinstance(located.data, dict) else None
    for i, case in enumerate(cases if isinstance(cases, list) else []):
        facts = case.get("facts") if isinstance(case, dict) else None
        for ref in facts if isinstance(facts, dict) else {}:
            if ref not in JOB_FACTS:
                problems.append(
                    located.problem(
                        ("cases", i, "facts", ref),
                        f"unknown job fact '{ref}'",
                        suggestion=suggest(str(ref), JOB_FACTS),
                        key=True,
                    )
                )
    if problems or document is None:
        raise ContentError(problems)
    return cast("VerdictFile", document)


@cache
def shipped_verdict() -> VerdictFile:
    """The shipped verdict file (read once per process)."""
    return read_verdict(SHIPPED_VERDICT)
