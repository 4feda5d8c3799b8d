"""The pure parts of the engine: field names, value codes, lowering, and the network model."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.conditions.ast import Not, Op, Test
from coach.engine.formula import EQ, GT, And, Cmp, Exists, Or, lower, to_json
from coach.engine.network import MAX_RULES_PER_NODE, MAX_STACK, AlphaNetwork
from coach.engine.symbols import (
    RESERVED_NAMES,
    FieldSpec,
    Kind,
    NameAllocator,
    SymbolTable,
    fnv1a_32,
)


@pytest.mark.parametrize(
    ("name", "engine_hash"),
    # from durable_rules' rete.h / state.h
    [("sid", 3593476751), ("id", 926444256), ("all", 321211332), ("$or", 340911698)],
)
def test_field_names_are_hashed_like_the_engine_does(name: str, engine_hash: int) -> None:
    assert fnv1a_32(name) == engine_hash


def test_allocated_names_never_share_a_hash() -> None:
    names = NameAllocator()
    taken = [names.take("f") for _ in range(20000)]
    hashes = {fnv1a_32(name) for name in taken} | {fnv1a_32(name) for name in RESERVED_NAMES}
    assert len(hashes) == len(taken) + len(RESERVED_NAMES)


values = st.one_of(st.integers(-50, 50), st.floats(-50, 50, allow_nan=False))


@given(st.lists(values, min_size=1, max_size=8, unique=True), values)
def test_rank_codes_keep_every_comparison_with_a_constant(constants: list[Any], value: Any) -> None:
    spec = FieldSpec("r", Kind.NUMBER, "f0", tuple(sorted(set(constants))))
    mine = spec.code(value)
    for constant in constants:
        theirs = spec.code(constant)
        assert (mine == theirs) == (value == constant)
        assert (mine < theirs) == (value < constant)
        assert (mine > theirs) == (value > constant)


def test_texts_are_coded_by_equality_and_unknown_texts_match_no_constant() -> None:
    spec = FieldSpec("r", Kind.TEXT, "f0", ("a", "b"))
    assert spec.code("a") != spec.code("b")
    assert spec.code("zz") not in (spec.code("a"), spec.code("b"))
    assert spec.code("") not in (spec.code("a"), spec.code("b"))


def test_facts_carry_only_what_rules_read() -> None:
    tests = [
        ("r1", Test("w.hours", Op.GT, 10)),
        ("r2", Test("w.tools", Op.CONTAINS, ("git",))),
        ("r3", Test("w.seen", Op.ANSWERED, True)),
    ]
    table = SymbolTable.build(tests, guard_count=2)
    hours, tools, seen = (table.spec(r) for r in ("w.hours", "w.tools", "w.seen"))
    encoded = table.encode({"w.hours": 12, "w.tools": ("git", "vim"), "w.seen": "x", "w.unread": 1})
    assert encoded == {
        hours.field: hours.code(12),
        tools.field: 2,
        tools.flags["git"]: 1,
        seen.field: 1,
    }
    assert table.encode({"w.tools": ()}) == {tools.field: 0}
    assert table.guards == ("g0", "g1")


def test_not_is_pushed_to_the_leaves_and_accepts_a_missing_answer() -> None:
    table = SymbolTable.build([("r", Test("w.hours", Op.GTE, 55))], guard_count=0)
    field = table.spec("w.hours").field
    lowered = lower(Not(Test("w.hours", Op.GTE, 55)), table)
    assert lowered == Or((Cmp(field, "$lt", 1), Exists(field, False)))
    assert to_json(lowered) == {"$or": [{"$lt": {field: 1}}, {"$nex": {field: 1}}]}


def _siblings(count: int, op: str) -> AlphaNetwork:
    network = AlphaNetwork()
    for i in range(count):
        network.add_rule(And((Cmp("g", EQ, 1), Cmp("x", op, i))))
    return network


def test_the_model_counts_siblings_that_can_match_at_once() -> None:
    assert _siblings(100, GT).stack_depth() == 100
    assert _siblings(100, GT).problem() is not None
    assert _siblings(MAX_STACK, GT).problem() is None
    # equalities on one field: at most one can hold
    assert _siblings(300, EQ).stack_depth() == 1
    assert _siblings(300, EQ).problem() is None


def test_the_model_adds_up_alternatives_along_a_chain() -> None:
    network = AlphaNetwork()
    chain = And(tuple(Or((Cmp(f"a{i}", GT, 0), Cmp(f"b{i}", GT, 0))) for i in range(30)))
    network.add_rule(chain)
    assert network.stack_depth() == 31
    assert network.problem(stack_limit=30) is not None


def test_the_model_refuses_a_node_with_too_many_children() -> None:
    assert _siblings(400, EQ).problem() is None
    assert "alternatives below one test" in str(_siblings(401, EQ).problem())


def test_the_model_refuses_more_rules_ending_on_one_test_than_its_ceiling() -> None:
    def same_test(count: int) -> AlphaNetwork:
        network = AlphaNetwork()
        for _ in range(count):
            network.add_rule(Cmp("g", EQ, 1))
        return network

    assert same_test(MAX_RULES_PER_NODE).problem() is None
    problem = str(same_test(MAX_RULES_PER_NODE + 1).problem())
    assert f"{MAX_RULES_PER_NODE + 1} rules ending on one test" in problem


@pytest.mark.parametrize("values", [(1, "one"), (True, "yes"), (1, "one", 2.5)])
def test_a_test_that_mixes_types_of_value_is_refused_by_the_compiler(
    values: tuple[Any, ...],
) -> None:
    # durable_rules compares mixed types as strings: 1 would rank beside "1", not as a number.
    from coach.engine import EngineRule, Ruleset
    from coach.errors import EngineError

    with pytest.raises(EngineError, match="mixes values of different types"):
        Ruleset.compile([EngineRule("mixed", 0, Test("w.kind", Op.IN, values))])
