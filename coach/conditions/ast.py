"""The condition language as a small typed tree.

One language serves skip logic, rule conditions and rule tests. The YAML form is parsed into these
nodes by `coach.conditions.parse`; the reference evaluator and the durable_rules compiler both walk
them. Nodes are frozen and hashable; `origin` says where in which file a node was written, so every
later check (types, ranges, options) can point at the exact line.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


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
