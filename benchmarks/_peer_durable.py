"""The peer: the same rules written with durable_rules as its documentation shows (durable.lang).

One ruleset of `when_all` rules, one Python action per rule that collects the rule's name; each
assessment asserts the answers as a fact, reads the names, and retracts the fact. This is what a
team would write with durable_rules alone, and the figure coach's whole path is compared with.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from durable.lang import assert_fact, item, m, retract_fact, ruleset, when_all

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.engine import EngineRule

_names = itertools.count()


def _field(ref: str) -> Any:
    return getattr(m, ref.replace(".", "_"))


def _test(test: Test, negated: bool) -> Any:
    field, want = _field(test.ref), test.value
    if test.op is Op.BETWEEN:
        low, high = want
        held = (field >= low) & (field <= high)
        out = (field < low) | (field > high)
    elif test.op is Op.IN:
        held = (field == want[0]) | (field == want[1])
        out = (field != want[0]) & (field != want[1])
    elif test.op is Op.EQ:
        held, out = field == want, field != want
    elif test.op is Op.CONTAINS:
        held = field.anyItem(item == want[0])
        out = field.allItems(item != want[0])
    else:
        yes, no = {
            Op.GT: (">", "<="),
            Op.GTE: (">=", "<"),
            Op.LT: ("<", ">="),
            Op.LTE: ("<=", ">"),
        }[test.op]
        compare: dict[str, Callable[[Any, Any], Any]] = {
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
        }
        held, out = compare[yes](field, want), compare[no](field, want)
    # A missing answer makes a test false, so its negation true.
    return (-field) | out if negated else held


def _expression(condition: Condition, negated: bool = False) -> Any:
    if isinstance(condition, Test):
        return _test(condition, negated)
    if isinstance(condition, Not):
        return _expression(condition.item, not negated)
    assert isinstance(condition, All | AnyOf)
    parts = [_expression(c, negated) for c in condition.items]
    conjunction = isinstance(condition, All) != negated
    out = parts[0]
    for part in parts[1:]:
        out = (out & part) if conjunction else (out | part)
    return out


class Peer:
    """A durable_rules ruleset of the rules; `fired(answers)` names the rules that hold."""

    def __init__(self, rules: list[EngineRule]) -> None:
        self.name = f"peer{next(_names)}"
        self._seen: set[str] = set()
        with ruleset(self.name):
            for rule in rules:
                self._add(rule)

    def _add(self, rule: EngineRule) -> None:
        seen, rule_id = self._seen, rule.id

        # Guarded by a field only the assessment has (durable-rules-notes: otherwise a rule that
        # an empty state matches loops for ever).
        @when_all((m.kind == "assessment") & _expression(rule.condition))
        def action(c: Any) -> None:  # noqa: ARG001 - durable_rules passes the match
            seen.add(rule_id)

    def fired(self, answers: dict[str, Any]) -> frozenset[str]:
        """Assert the answers, collect the rules whose actions ran, retract."""
        self._seen.clear()
        fact = {
            k.replace(".", "_"): list(v) if isinstance(v, tuple) else v for k, v in answers.items()
        }
        fact["kind"] = "assessment"
        assert_fact(self.name, fact)
        retract_fact(self.name, fact)
        return frozenset(self._seen)
