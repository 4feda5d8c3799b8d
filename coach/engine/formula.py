"""Conditions lowered to what durable_rules can evaluate: a negation-free and/or tree of tests.

The engine has no `not`, `in` or `between`, and a test on a missing field is false for every
operator (`$neq` included). So `Not` is pushed down to the leaves (negation normal form), where
`not (x >= 5)` becomes `x < 5 or x is absent`, and the missing-answer rules of the reference
evaluator are spelled out: a positive test needs the field, a negated one also accepts its
absence. Only operators the engine knows are ever produced; it accepts unknown `$names` silently.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Named, Not, Op, Test
from coach.engine.symbols import FieldSpec, Kind, SymbolTable
from coach.errors import EngineError

EQ, NEQ, LT, LTE, GT, GTE = "$eq", "$neq", "$lt", "$lte", "$gt", "$gte"
OPPOSITE = {EQ: NEQ, NEQ: EQ, LT: GTE, GTE: LT, GT: LTE, LTE: GT}
_ORDER = {Op.GT: GT, Op.GTE: GTE, Op.LT: LT, Op.LTE: LTE}


@dataclass(frozen=True, slots=True)
class Cmp:
    """`field <op> value` on an integer code; false when the field is absent."""

    field: str
    op: str
    value: int


@dataclass(frozen=True, slots=True)
class Exists:
    """The field is present (`$ex`) or absent (`$nex`)."""

    field: str
    present: bool


@dataclass(frozen=True, slots=True)
class And:
    """Every item holds; `And(())` is true."""

    items: tuple[Formula, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Some item holds; `Or(())` is false."""

    items: tuple[Formula, ...]


Formula = Cmp | Exists | And | Or
TRUE: Formula = And(())
FALSE: Formula = Or(())


def conj(items: Iterable[Formula]) -> Formula:
    """A simplified conjunction: nested ands flattened, true dropped, false absorbing."""
    return _junction(items, And, FALSE)


def disj(items: Iterable[Formula]) -> Formula:
    """A simplified disjunction: nested ors flattened, false dropped, true absorbing."""
    return _junction(items, Or, TRUE)


def _junction(items: Iterable[Formula], kind: type[And] | type[Or], absorbing: Formula) -> Formula:
    flat: list[Formula] = []
    for item in items:
        if item == absorbing:
            return absorbing
        parts = item.items if isinstance(item, kind) else (item,)
        flat.extend(part for part in parts if part not in flat)
    return flat[0] if len(flat) == 1 else kind(tuple(flat))


def lower(condition: Condition, symbols: SymbolTable, negated: bool = False) -> Formula:
    """Lower a condition tree (negated when `negated`) to a formula over engine fields."""
    if isinstance(condition, Test):
        return _leaf(condition, symbols.spec(condition.ref), negated)
    if isinstance(condition, Not):
        return lower(condition.item, symbols, not negated)
    if isinstance(condition, All | AnyOf):
        items = [lower(item, symbols, negated) for item in condition.items]
        return conj(items) if isinstance(condition, All) != negated else disj(items)
    if isinstance(condition, Named):
        raise EngineError(f"named condition '{condition.name}' was not inlined by the loader")
    raise EngineError(f"not a condition: {condition!r}")


def _leaf(test: Test, spec: FieldSpec, negated: bool) -> Formula:
    present, absent = Exists(spec.field, True), Exists(spec.field, False)
    op = test.op
    if op in (Op.ANSWERED, Op.UNANSWERED):
        return absent if (op is Op.UNANSWERED) != negated else present
    if op is Op.CONTAINS:
        flags = [spec.flags[option] for option in dict.fromkeys(test.value)]
        if negated:  # a flag is only ever present when its option is selected
            return disj(Exists(flag, False) for flag in flags) if flags else absent
        return conj(Cmp(flag, EQ, 1) for flag in flags) if flags else present
    positive = _positive(op, test.value, spec)
    if not negated:
        return positive
    return disj([_flip(positive), absent])


def _positive(op: Op, value: Any, spec: FieldSpec) -> Formula:
    """The test as a formula on present fields (every Cmp is false on an absent field)."""
    field = spec.field
    if op is Op.EQ:
        return Cmp(field, EQ, spec.code(value))
    if op is Op.NE:
        return Cmp(field, NEQ, spec.code(value))
    if op is Op.IN:
        return disj(Cmp(field, EQ, spec.code(v)) for v in value)
    if op is Op.NOT_IN:
        return conj([Exists(field, True), *(Cmp(field, NEQ, spec.code(v)) for v in value)])
    if op is Op.BETWEEN:
        low, high = spec.code(value[0]), spec.code(value[1])
        return conj([Cmp(field, GTE, low), Cmp(field, LTE, high)]) if low <= high else FALSE
    if op in _ORDER and spec.kind is Kind.NUMBER:
        return Cmp(field, _ORDER[op], spec.code(value))
    raise EngineError(f"'{spec.ref}': unsupported operator {op.value} for {spec.kind.value}")


def _flip(formula: Formula) -> Formula:
    """Negate a formula built by `_positive`, assuming its field is present."""
    if isinstance(formula, Cmp):
        return Cmp(formula.field, OPPOSITE[formula.op], formula.value)
    if isinstance(formula, Exists):
        return Exists(formula.field, not formula.present)
    if isinstance(formula, And):
        return disj(_flip(item) for item in formula.items)
    return conj(_flip(item) for item in formula.items)


def to_json(formula: Formula) -> dict[str, Any]:
    """The formula in durable_rules' JSON form (never empty `$and`/`$or`)."""
    if isinstance(formula, Cmp):
        if formula.op == EQ:
            return {formula.field: formula.value}
        return {formula.op: {formula.field: formula.value}}
    if isinstance(formula, Exists):
        return {"$ex" if formula.present else "$nex": {formula.field: 1}}
    if not formula.items:
        raise EngineError("internal: empty junction reached the engine")
    key = "$and" if isinstance(formula, And) else "$or"
    return {key: [to_json(item) for item in formula.items]}


def junctions(formula: Formula) -> int:
    """How many `$and`/`$or` nodes the formula has (the engine allows 15 per rule)."""
    if isinstance(formula, And | Or):
        return 1 + sum(junctions(item) for item in formula.items)
    return 0


def fields(formula: Formula) -> frozenset[str]:
    """Every field the formula reads."""
    if isinstance(formula, Cmp | Exists):
        return frozenset((formula.field,))
    return frozenset().union(*(fields(item) for item in formula.items))
