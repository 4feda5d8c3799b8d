"""The condition language as a small typed tree.

One language serves skip logic, rule conditions and rule tests. The YAML form is parsed into these
nodes by `coach.conditions.parse`; the reference evaluator and the durable_rules compiler both walk
them. Nodes are frozen and hashable; `origin` says where in which file a node was written, so every
later check (types, ranges, options) can point at the exact line.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from coach.errors import suggest


class Op(enum.StrEnum):
    """Operators of a test on one answer or score."""

    EQ = "eq"
    NE = "ne"
    IN = "in"
    NOT_IN = "not_in"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    BETWEEN = "between"
    CONTAINS = "contains"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


# The operators written as symbols, as spreadsheets and code write them (decision tables take
# them in column names; elsewhere an error names the operator a symbol stands for).
SYMBOLS = {">=": Op.GTE, ">": Op.GT, "<=": Op.LTE, "<": Op.LT, "=": Op.EQ, "==": Op.EQ, "!=": Op.NE}
# The operators in the words people write them in, for "did you mean": an author from a
# spreadsheet or another rules tool writes `greater_than` or `at least` before learning `gt`.
WORDS = {
    **dict.fromkeys(("greater_than", "more_than", "above", "over", "exceeds"), Op.GT),
    **dict.fromkeys(("at_least", "min", "minimum", "greater_or_equal", "ge", "geq"), Op.GTE),
    **dict.fromkeys(("greater_than_or_equal", "greater_than_or_equal_to"), Op.GTE),
    **dict.fromkeys(("less_than", "fewer_than", "below", "under"), Op.LT),
    **dict.fromkeys(("at_most", "max", "maximum", "less_or_equal", "le", "leq"), Op.LTE),
    **dict.fromkeys(("less_than_or_equal", "less_than_or_equal_to"), Op.LTE),
    **dict.fromkeys(("equals", "equal", "equal_to", "is", "eq_to"), Op.EQ),
    **dict.fromkeys(("not_equal", "not_equals", "not_equal_to", "is_not", "neq"), Op.NE),
    **dict.fromkeys(("one_of", "any_of", "in_list", "is_in"), Op.IN),
    **dict.fromkeys(("none_of", "not_one_of", "not_in_list", "is_not_in"), Op.NOT_IN),
    **dict.fromkeys(("range", "in_range", "within", "from_to"), Op.BETWEEN),
    **dict.fromkeys(("includes", "include", "has", "contain", "contains_any"), Op.CONTAINS),
    **dict.fromkeys(("exists", "present", "given", "is_answered", "set"), Op.ANSWERED),
    **dict.fromkeys(("missing", "blank", "empty", "skipped", "not_answered"), Op.UNANSWERED),
}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def operator_meant(name: str, allowed: Iterable[str]) -> str | None:
    """The operator of `allowed` an unknown one was meant to be, for "did you mean"; or None.

    A symbol or words stand for theirs ('>=' and 'at least' -> 'gte'; case, spaces, hyphens and
    camelCase do not matter: 'greaterThan', 'Greater-Than', 'GT'); else the closest spelling.
    """
    op = SYMBOLS.get(name.strip())
    if op is None:
        words = "_".join(_CAMEL.sub("_", name.strip()).lower().replace("-", " ").split())
        op = WORDS.get(words) or next((o for o in Op if o.value == words), None)
    names = list(allowed)
    return op.value if op is not None and op.value in names else suggest(name, names)


ORDER_OPS = frozenset({Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN})
LIST_OPS = frozenset({Op.IN, Op.NOT_IN, Op.BETWEEN})
PRESENCE_OPS = frozenset({Op.ANSWERED, Op.UNANSWERED})


@dataclass(frozen=True)
class Origin:
    """Where a node was written: file, 1-based line and column, and its key path."""

    path: str = ""
    line: int | None = None
    column: int | None = None
    key_path: str = ""


NO_ORIGIN = Origin()


class Condition:
    """Base class of every condition node."""

    __slots__ = ()
    origin: Origin  # where it was written: every node class has it as a field


@dataclass(frozen=True)
class Test(Condition):
    """A test of one answer or score: `workload.hours_per_week: {gte: 55}`.

    `ref` is `section.question` or `scores.<id>`. `value` is a number, string, bool, or a tuple for
    `in`, `not_in`, `between` and `contains` (always a tuple for `contains`); it is `True` for
    `answered` and `unanswered`.
    """

    __test__ = False  # not a pytest test class, despite its name

    ref: str
    op: Op
    value: Any
    origin: Origin = field(default=NO_ORIGIN, compare=False)


@dataclass(frozen=True)
class All(Condition):
    """True when every item is true (true when empty)."""

    items: tuple[Condition, ...]
    origin: Origin = field(default=NO_ORIGIN, compare=False)


@dataclass(frozen=True)
class AnyOf(Condition):
    """True when at least one item is true (false when empty)."""

    items: tuple[Condition, ...]
    origin: Origin = field(default=NO_ORIGIN, compare=False)


@dataclass(frozen=True)
class Not(Condition):
    """True when its item is false."""

    item: Condition
    origin: Origin = field(default=NO_ORIGIN, compare=False)


@dataclass(frozen=True)
class Named(Condition):
    """A reference to a named condition; the loader replaces it by the named tree."""

    name: str
    origin: Origin = field(default=NO_ORIGIN, compare=False)


def walk(condition: Condition) -> list[Condition]:
    """Every node of a tree, parents before children."""
    out: list[Condition] = [condition]
    if isinstance(condition, All | AnyOf):
        for item in condition.items:
            out.extend(walk(item))
    elif isinstance(condition, Not):
        out.extend(walk(condition.item))
    return out


def tests_of(condition: Condition) -> list[Test]:
    """Every leaf test of a tree, in order."""
    return [node for node in walk(condition) if isinstance(node, Test)]
