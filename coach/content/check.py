"""Cross-checks: references between files, and condition values against their questions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Named, Not, Op, Origin, Test, walk
from coach.conditions.parse import as_number
from coach.errors import Problem, suggest
from coach.model.answers import value_words, yes_or_no
from coach.model.questionnaire import Question, Questionnaire, Score

NUMERIC_OPS = frozenset(Op) - {Op.CONTAINS}
OPS_BY_TYPE: dict[str, frozenset[Op]] = {
    "number": NUMERIC_OPS,
    "scale": NUMERIC_OPS,
    "score": NUMERIC_OPS,
    "boolean": frozenset({Op.EQ, Op.NE, Op.ANSWERED, Op.UNANSWERED}),
    "single": frozenset({Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.ANSWERED, Op.UNANSWERED}),
    "multi": frozenset({Op.CONTAINS, Op.ANSWERED, Op.UNANSWERED}),
    "text": frozenset({Op.ANSWERED, Op.UNANSWERED}),
}


def problem_at(origin: Origin, message: str, suggestion: str | None = None) -> Problem:
    """A Problem at a condition node's origin."""
    return Problem(origin.path, origin.line, origin.column, origin.key_path, message, suggestion)


def check_condition(
    condition: Condition,
    questionnaire: Questionnaire,
    *,
    allowed_refs: Mapping[str, Question | Score] | None = None,
    extra_refs: Mapping[str, Question] | None = None,
    scope: str = "",
) -> list[Problem]:
    """Check every test of a condition against the questionnaire (refs, operators, values).

    `allowed_refs` restricts what may be read (skip logic may only read earlier questions);
    `scope` explains the restriction in the message. `extra_refs` adds facts that are not
    questions, such as follow-through (`followup.<action-id>`).
    """
    targets: Mapping[str, Question | Score] = (
        allowed_refs
        if allowed_refs is not None
        else {**questionnaire.questions, **questionnaire.scores_by_ref, **(extra_refs or {})}
    )
    problems: list[Problem] = []
    for node in walk(condition):
        if isinstance(node, Test):
            problems.extend(_check_test(node, targets, questionnaire, scope))
    return problems


def _check_test(
    test: Test,
    targets: Mapping[str, Question | Score],
    questionnaire: Questionnaire,
    scope: str,
) -> list[Problem]:
    target = targets.get(test.ref)
    if target is None:
        kind = "score" if test.ref.startswith("scores.") else "question"
        exists = test.ref in questionnaire.questions or test.ref in questionnaire.scores_by_ref
        if exists and scope:
            return [problem_at(test.origin, f"'{test.ref}' cannot be used here: {scope}")]
        # a score for a score, a question for a question: the kind the author wrote
        alike = [ref for ref in targets if ref.startswith("scores.") == (kind == "score")]
        return [problem_at(test.origin, f"unknown {kind} '{test.ref}'", suggest(test.ref, alike))]
    kind = "score" if isinstance(target, Score) else target.type
    if test.op not in OPS_BY_TYPE[kind]:
        allowed = ", ".join(sorted(op.value for op in OPS_BY_TYPE[kind]))
        return [
            problem_at(
                test.origin,
                f"'{test.op.value}' does not apply to {kind} question '{test.ref}' "
                f"(it takes: {allowed})".replace("score question", "score"),
            )
        ]
    if test.op in (Op.ANSWERED, Op.UNANSWERED):
        return []
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if isinstance(target, Score):
        bounds = questionnaire.score_range(target)  # infinite where an item is unbounded
        return [p for v in values for p in _check_value(test, target, kind, v, bounds)]
    return [p for v in values for p in _check_value(test, target, kind, v)]


def _check_value(
    test: Test,
    target: Question | Score,
    kind: str,
    value: Any,
    bounds: tuple[float, float] | None = None,
) -> list[Problem]:
    where = test.origin
    if kind in ("number", "scale", "score"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            words = value_words(value)
            fix = as_number(value, test.op) if isinstance(value, str) else None
            return [problem_at(where, f"'{test.ref}' is a number; {words} is not a number", fix)]
        if isinstance(target, Question):
            bounds = target.bounds()
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            return [
                problem_at(
                    where,
                    f"{value:g} is outside the range of '{test.ref}' "
                    f"({bounds[0]:g} to {bounds[1]:g})",
                )
            ]
        return []
    if kind == "boolean":
        if not isinstance(value, bool):
            meant = yes_or_no(value)
            fix = None if meant is None else str(meant).lower()
            return [problem_at(where, f"'{test.ref}' is yes/no; compare it to true or false", fix)]
        return []
    assert isinstance(target, Question)
    if not isinstance(value, str) or value not in target.option_values:
        return [
            problem_at(
                where,
                f"{value_words(value)} is not an option of '{test.ref}' "
                f"(options: {', '.join(target.option_values)})",
                target.option_meant(_written(value)) if isinstance(value, str | bool) else None,
            )
        ]
    return []


def _written(value: str | bool) -> str:
    """An option's value as the author wrote it: `no` reads as false in YAML (its label 'No')."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def inline_named(
    condition: Condition,
    named: Mapping[str, Condition],
    problems: list[Problem],
    seen: tuple[str, ...] = (),
) -> Condition:
    """Replace every `condition: name` by the named tree (checking names and cycles)."""
    if isinstance(condition, Named):
        if condition.name in seen:
            chain = " -> ".join((*seen, condition.name))
            problems.append(
                problem_at(condition.origin, f"named conditions refer in a circle: {chain}")
            )
            return All((), condition.origin)
        target = named.get(condition.name)
        if target is None:
            problems.append(
                problem_at(
                    condition.origin,
                    f"unknown condition '{condition.name}'",
                    suggest(condition.name, named),
                )
            )
            return All((), condition.origin)
        return inline_named(target, named, problems, (*seen, condition.name))
    if isinstance(condition, All | AnyOf):
        items = tuple(inline_named(i, named, problems, seen) for i in condition.items)
        return type(condition)(items, condition.origin)
    if isinstance(condition, Not):
        return Not(inline_named(condition.item, named, problems, seen), condition.origin)
    return condition
