"""Two packs assessed on the same facts (`coach rules impact`): only what differs is run twice.

A rule written alike in both packs (same id, same condition) fires alike on the same facts, so
the old pack's engine run needs only the rules the new pack does not have alike (`Beside`); and
two packs that differ only in their rules' conditions rank the same fired rules alike
(`ranks_alike`), so the same fired rules give the same outcome without ranking them again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Named, Not, Test
from coach.content.bundle import Content
from coach.engine.assess import Matcher
from coach.engine.rule import EngineRule
from coach.errors import ContentError, EngineError
from coach.model.rules import Rule

# Where a pack was read from, not what it says: not compared.
_WHERE = frozenset({"root", "content_hash", "rule_files"})
_NO_CONDITION = All(())
_MISSING = object()


def condition_key(condition: Condition) -> Any:
    """A condition as plain data, values with their types (`eq: 1` is not `eq: true`)."""
    if isinstance(condition, Test):
        value = condition.value
        values = value if isinstance(value, tuple | list) else (value,)
        return ("test", condition.ref, condition.op, tuple((type(v), v) for v in values))
    if isinstance(condition, All | AnyOf):
        return (type(condition).__name__, tuple(condition_key(i) for i in condition.items))
    if isinstance(condition, Not):
        return ("not", condition_key(condition.item))
    assert isinstance(condition, Named)  # inlined by the loader: never in a loaded pack
    return ("named", condition.name)


class Beside:
    """The old pack's fired rules, from the new pack's for the same facts and a smaller run.

    Rules alike in both packs are taken from the new pack's answer; the others (changed, or not
    in the new pack) are compiled into the engine on their own and run (none: no run at all).
    """

    def __init__(self, old: Content, new: Content) -> None:
        theirs = {r.id: condition_key(r.when) for r in new.pack.rules}
        self.alike = frozenset(
            r.id for r in old.pack.rules if theirs.get(r.id, _MISSING) == condition_key(r.when)
        )
        own = [r for r in old.pack.rules if r.id not in self.alike]
        self.matcher: Matcher | None = _compile(own, old) if own else None

    def fired(self, facts: Mapping[str, Any], new_fired: frozenset[str]) -> frozenset[str]:
        """The old pack's rules that fire, given the new pack's that fired on these facts."""
        alike = new_fired & self.alike
        return alike | self.matcher.fired(facts) if self.matcher is not None else alike


def _compile(rules: list[Rule], content: Content) -> Matcher:
    from coach.engine.assess import engine_problems
    from coach.engine.durable import compile_rules

    try:
        return compile_rules([EngineRule(r.id, r.priority, r.when) for r in rules])
    except EngineError:
        located = engine_problems(content)
        if located:
            raise ContentError(located) from None
        raise


def ranks_alike(old: Content, new: Content) -> bool:
    """Whether both packs rank the same fired rules alike: equal but for rule conditions.

    Everything a pack holds is compared (in order, for mappings), but where it was read from;
    so anything ranking may read, now or later, keeps the packs apart when it differs.
    """
    a, b = old.pack, new.pack
    for item in dataclasses.fields(a):
        if item.name in _WHERE:
            continue
        mine, theirs = getattr(a, item.name), getattr(b, item.name)
        if item.name == "rules":
            mine = [r.model_copy(update={"when": _NO_CONDITION}) for r in mine]
            theirs = [r.model_copy(update={"when": _NO_CONDITION}) for r in theirs]
        elif isinstance(mine, dict) and isinstance(theirs, dict):
            mine, theirs = list(mine.items()), list(theirs.items())
        if mine != theirs:
            return False
    return True
