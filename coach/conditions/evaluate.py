"""The reference evaluator: plain Python semantics of the condition language, with a trace.

It is the definition the durable_rules compiler must agree with (a differential test checks
that), and it gives the evidence behind every diagnosis and every `explain`.

Facts map a reference (`section.question` or `scores.<id>`) to its value; a missing key means the
question was not answered. A test on a missing value is false, whatever its operator; only
`unanswered` (and `not`) are true for it.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Named, Not, Op, Test

Facts = Mapping[str, Any]


@dataclass(frozen=True)
class Leaf:
    """One evaluated test: what the answer was, what the test wanted, and the outcome."""

    test: Test
    actual: Any
    answered: bool
    result: bool


# gt, gte, lt, lte: the comparisons, made once (skip logic and strengths run them per answer set)
_ORDERED: dict[Op, Callable[[Any, Any], Any]] = {
    Op.GT: operator.gt,
    Op.GTE: operator.ge,
    Op.LT: operator.lt,
    Op.LTE: operator.le,
}


def check(test: Test, facts: Facts) -> bool:
    """Evaluate one test against the facts."""
    if test.op is Op.ANSWERED:
        return test.ref in facts
    if test.op is Op.UNANSWERED:
        return test.ref not in facts
    if test.ref not in facts:
        return False
    actual = facts[test.ref]
    op, want = test.op, test.value
    if op is Op.EQ:
        return bool(actual == want)
    if op is Op.NE:
        return bool(actual != want)
    if op is Op.IN:
        return actual in want
    if op is Op.NOT_IN:
        return actual not in want
    if op is Op.BETWEEN:
        return bool(want[0] <= actual <= want[1])
    if op is Op.CONTAINS:
        return all(item in actual for item in want)
    return bool(_ORDERED[op](actual, want))


def evaluate(condition: Condition, facts: Facts, trace: list[Leaf] | None = None) -> bool:
    """Evaluate a condition; when `trace` is given, append every leaf test evaluated to it.

    Every leaf is evaluated (no short cut) when tracing, so an explanation shows the whole tree.
    """
    if isinstance(condition, Test):
        result = check(condition, facts)
        if trace is not None:
            trace.append(Leaf(condition, facts.get(condition.ref), condition.ref in facts, result))
        return result
    if isinstance(condition, All | AnyOf):
        items: Iterator[bool]
        if trace is None:
            items = (evaluate(item, facts) for item in condition.items)
        else:
            items = iter([evaluate(item, facts, trace) for item in condition.items])
        return all(items) if isinstance(condition, All) else any(items)
    if isinstance(condition, Not):
        return not evaluate(condition.item, facts, trace)
    if isinstance(condition, Named):
        raise ValueError(f"named condition '{condition.name}' was not inlined by the loader")
    raise TypeError(f"not a condition: {condition!r}")
