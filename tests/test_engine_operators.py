"""Each operator through durable_rules: answered, unanswered and negated, against fixed truths.

Every case is checked twice: against the expected truth written here, and against the reference
evaluator, so a disagreement shows which side moved.
"""

from __future__ import annotations

from typing import Any

import pytest

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.conditions.evaluate import evaluate
from coach.engine import CompiledRules, EngineRule, Ruleset
from coach.errors import EngineError

H = "w.hours"  # number
SC = "scores.safety"  # number (float)
ON = "w.on_call"  # boolean
KIND = "w.kind"  # single choice
NOTE = "w.note"  # free text
MULTI = "r.invisible"  # multi choice

T = Test

CASES: list[tuple[Condition, dict[str, Any], bool]] = [
    # eq / ne on numbers, including int against float
    (T(H, Op.EQ, 40), {H: 40}, True),
    (T(H, Op.EQ, 40), {H: 40.0}, True),
    (T(H, Op.EQ, 40), {H: 41}, False),
    (T(H, Op.EQ, 40), {}, False),
    (T(H, Op.NE, 40), {H: 41}, True),
    (T(H, Op.NE, 40), {H: 40}, False),
    (T(H, Op.NE, 40), {}, False),
    (Not(T(H, Op.EQ, 40)), {}, True),
    (Not(T(H, Op.EQ, 40)), {H: 40}, False),
    (Not(T(H, Op.NE, 40)), {}, True),
    (Not(T(H, Op.NE, 40)), {H: 40}, True),
    (Not(T(H, Op.NE, 40)), {H: 39}, False),
    # ordering, including values the engine's own JSON reader cannot parse (1e-07)
    (T(H, Op.GT, 55), {H: 56}, True),
    (T(H, Op.GT, 55), {H: 55}, False),
    (T(H, Op.GTE, 55), {H: 55}, True),
    (T(H, Op.LT, 55), {H: 54.5}, True),
    (T(H, Op.LTE, 55), {H: 55.0}, True),
    (T(H, Op.LTE, 55), {H: 55.000001}, False),
    (T(H, Op.GT, 55), {}, False),
    (T(H, Op.LT, 55), {}, False),
    (Not(T(H, Op.GTE, 55)), {}, True),
    (Not(T(H, Op.GTE, 55)), {H: 54}, True),
    (Not(T(H, Op.GTE, 55)), {H: 55}, False),
    # `not` at the constant itself: not < 55 holds at 55, not <= 55 does not, and so on
    (Not(T(H, Op.LT, 55)), {H: 55}, True),
    (Not(T(H, Op.LT, 55)), {H: 54.9}, False),
    (Not(T(H, Op.LT, 55)), {}, True),
    (Not(T(H, Op.LTE, 55)), {H: 55}, False),
    (Not(T(H, Op.LTE, 55)), {H: 55.1}, True),
    (Not(T(H, Op.GT, 55)), {H: 55}, True),
    (Not(T(H, Op.GT, 55)), {H: 55.1}, False),
    (Not(T(H, Op.GTE, 55)), {H: 54.9}, True),
    (T(H, Op.GTE, 55), {H: 54.9}, False),
    (T(H, Op.LT, 55), {H: 55}, False),
    (T(H, Op.LTE, 55), {H: 55.1}, False),
    (T(SC, Op.LT, 1e-7), {SC: 0.0}, True),
    (T(SC, Op.LT, 1e-7), {SC: 1e-7}, False),
    (T(SC, Op.GT, 1e16), {SC: 1e17}, True),
    (T(SC, Op.GT, -2.5), {SC: -2.4}, True),
    (T(SC, Op.EQ, 0.0), {SC: -0.0}, True),
    (T(SC, Op.EQ, 2**53), {SC: 2**53 + 1}, False),
    # the engine compares mixed types as strings: 5 > "10" would be true there
    (T(H, Op.GT, 10), {H: 5}, False),
    (T(H, Op.GT, 9), {H: 10}, True),
    # between is inclusive; low > high never holds
    (T(H, Op.BETWEEN, (40, 55)), {H: 40}, True),
    (T(H, Op.BETWEEN, (40, 55)), {H: 55}, True),
    (T(H, Op.BETWEEN, (40, 55)), {H: 55.5}, False),
    (T(H, Op.BETWEEN, (40, 55)), {}, False),
    (T(H, Op.BETWEEN, (55, 40)), {H: 50}, False),
    # between one value: that value only
    (T(H, Op.BETWEEN, (50, 50)), {H: 50}, True),
    (T(H, Op.BETWEEN, (50, 50)), {H: 50.0}, True),
    (T(H, Op.BETWEEN, (50, 50)), {H: 49.9}, False),
    (T(H, Op.BETWEEN, (50, 50)), {H: 50.1}, False),
    (Not(T(H, Op.BETWEEN, (50, 50))), {H: 50}, False),
    (Not(T(H, Op.BETWEEN, (50, 50))), {H: 51}, True),
    (Not(T(H, Op.BETWEEN, (50, 50))), {H: 49}, True),
    (Not(T(H, Op.BETWEEN, (40, 55))), {H: 39}, True),
    (Not(T(H, Op.BETWEEN, (40, 55))), {H: 56}, True),
    (Not(T(H, Op.BETWEEN, (40, 55))), {H: 45}, False),
    (Not(T(H, Op.BETWEEN, (40, 55))), {}, True),
    # in / not_in on numbers and on options
    (T(H, Op.IN, (1, 2, 3)), {H: 2}, True),
    (T(H, Op.IN, (1, 2, 3)), {H: 4}, False),
    (T(H, Op.IN, (1, 2, 3)), {}, False),
    (T(H, Op.IN, ()), {H: 1}, False),
    (T(KIND, Op.IN, ("planned", "mixed")), {KIND: "mixed"}, True),
    (T(KIND, Op.IN, ("planned", "mixed")), {KIND: "reactive"}, False),
    (T(KIND, Op.NOT_IN, ("planned", "mixed")), {KIND: "reactive"}, True),
    (T(KIND, Op.NOT_IN, ("planned", "mixed")), {KIND: "planned"}, False),
    (T(KIND, Op.NOT_IN, ("planned", "mixed")), {}, False),
    (T(KIND, Op.NOT_IN, ()), {KIND: "planned"}, True),
    (T(KIND, Op.NOT_IN, ()), {}, False),
    (Not(T(KIND, Op.IN, ("planned",))), {}, True),
    (Not(T(KIND, Op.IN, ("planned",))), {KIND: "planned"}, False),
    (Not(T(KIND, Op.NOT_IN, ("planned",))), {}, True),
    (Not(T(KIND, Op.NOT_IN, ("planned",))), {KIND: "planned"}, True),
    (Not(T(KIND, Op.NOT_IN, ("planned",))), {KIND: "other"}, False),
    (Not(T(H, Op.IN, ())), {}, True),
    # text: equality only, any characters, "5" is not 5
    (T(NOTE, Op.EQ, "5"), {NOTE: "5"}, True),
    (T(NOTE, Op.EQ, ""), {NOTE: ""}, True),
    (T(NOTE, Op.EQ, 'a "quoted" \\ line\n'), {NOTE: 'a "quoted" \\ line\n'}, True),
    (T(NOTE, Op.EQ, "é"), {NOTE: "e"}, False),
    (T(NOTE, Op.NE, "x"), {NOTE: "x\x00"}, True),
    (T(NOTE, Op.NE, "x"), {}, False),
    # booleans
    (T(ON, Op.EQ, True), {ON: True}, True),
    (T(ON, Op.EQ, True), {ON: False}, False),
    (T(ON, Op.EQ, False), {ON: False}, True),
    (T(ON, Op.NE, True), {ON: False}, True),
    (T(ON, Op.NE, True), {}, False),
    (Not(T(ON, Op.EQ, True)), {}, True),
    # contains: every listed value selected; an empty selection is an answer
    (T(MULTI, Op.CONTAINS, ("mentoring",)), {MULTI: ("mentoring", "hiring")}, True),
    (T(MULTI, Op.CONTAINS, ("mentoring", "hiring")), {MULTI: ("mentoring",)}, False),
    (T(MULTI, Op.CONTAINS, ("mentoring", "hiring")), {MULTI: ("hiring", "mentoring")}, True),
    (T(MULTI, Op.CONTAINS, ("mentoring",)), {MULTI: ()}, False),
    (T(MULTI, Op.CONTAINS, ("mentoring",)), {}, False),
    (T(MULTI, Op.CONTAINS, ()), {MULTI: ()}, True),
    (T(MULTI, Op.CONTAINS, ()), {}, False),
    (Not(T(MULTI, Op.CONTAINS, ("mentoring", "hiring"))), {MULTI: ("mentoring",)}, True),
    (Not(T(MULTI, Op.CONTAINS, ("mentoring", "hiring"))), {MULTI: ()}, True),
    (Not(T(MULTI, Op.CONTAINS, ("mentoring", "hiring"))), {}, True),
    (Not(T(MULTI, Op.CONTAINS, ("mentoring",))), {MULTI: ("mentoring",)}, False),
    (Not(T(MULTI, Op.CONTAINS, ())), {MULTI: ()}, False),
    (Not(T(MULTI, Op.CONTAINS, ())), {}, True),
    # answered / unanswered, on every kind
    (T(H, Op.ANSWERED, True), {H: 0}, True),
    (T(H, Op.ANSWERED, True), {}, False),
    (T(H, Op.UNANSWERED, True), {}, True),
    (T(H, Op.UNANSWERED, True), {H: 0}, False),
    (T(ON, Op.ANSWERED, True), {ON: False}, True),
    (T(MULTI, Op.ANSWERED, True), {MULTI: ()}, True),
    (T(MULTI, Op.UNANSWERED, True), {MULTI: ()}, False),
    (T(NOTE, Op.UNANSWERED, True), {NOTE: ""}, False),
    (Not(T(H, Op.UNANSWERED, True)), {H: 1}, True),
    (Not(T(H, Op.ANSWERED, True)), {}, True),
    (T("only.presence", Op.ANSWERED, True), {"only.presence": ("any", "value")}, True),
    (T("only.presence", Op.UNANSWERED, True), {}, True),
    # all / any / not, empty ones included
    (All(()), {}, True),
    (AnyOf(()), {}, False),
    (Not(AnyOf(())), {}, True),
    (Not(All(())), {H: 1}, False),
    (All((T(H, Op.GTE, 40), T(H, Op.LT, 55))), {H: 50}, True),
    (All((T(H, Op.GTE, 40), T(H, Op.LT, 55))), {H: 55}, False),
    (AnyOf((T(H, Op.GT, 60), T(ON, Op.EQ, True))), {ON: True}, True),
    (AnyOf((T(H, Op.GT, 60), T(ON, Op.EQ, True))), {H: 61, ON: True}, True),
    (AnyOf((T(H, Op.GT, 60), T(ON, Op.EQ, True))), {}, False),
    (Not(AnyOf((T(H, Op.GT, 60), T(ON, Op.EQ, True)))), {}, True),
    (Not(AnyOf((T(H, Op.GT, 60), T(ON, Op.EQ, True)))), {H: 10, ON: False}, True),
    (Not(All((T(H, Op.GT, 60), T(ON, Op.EQ, True)))), {H: 61, ON: True}, False),
    (Not(All((T(H, Op.GT, 60), T(ON, Op.EQ, True)))), {ON: True}, True),
    (Not(Not(T(H, Op.GT, 60))), {}, False),
    (Not(Not(T(H, Op.GT, 60))), {H: 61}, True),
]


@pytest.fixture(scope="module")
def compiled() -> CompiledRules:
    rules = [EngineRule(f"case-{i}", 0, case[0]) for i, case in enumerate(CASES)]
    return Ruleset.compile(rules)


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=lambda v: str(v)[:60])
def test_operator_case(
    compiled: CompiledRules, index: int, case: tuple[Condition, dict[str, Any], bool]
) -> None:
    condition, facts, expected = case
    assert evaluate(condition, facts) is expected, "the expectation disagrees with the reference"
    assert (f"case-{index}" in compiled.fired(facts)) is expected


def test_a_rule_whose_any_has_two_true_branches_is_reported_once() -> None:
    rule = EngineRule("either", 0, AnyOf((T(H, Op.GT, 1), T(H, Op.GT, 2), T(ON, Op.EQ, True))))
    compiled = Ruleset.compile([rule])
    assert compiled.fired({H: 5, ON: True}) == frozenset({"either"})


def test_nothing_matching_gives_an_empty_set_every_time() -> None:
    compiled = Ruleset.compile([EngineRule("long", 0, T(H, Op.GT, 55))])
    for _ in range(3):
        assert compiled.fired({H: 10}) == frozenset()
        assert compiled.fired({}) == frozenset()
    assert compiled.fired({H: 56}) == frozenset({"long"})


def test_the_same_answers_twice_fire_the_same_rules() -> None:
    compiled = Ruleset.compile([EngineRule("long", 0, T(H, Op.GT, 55))])
    assert compiled.fired({H: 60}) == compiled.fired({H: 60}) == frozenset({"long"})


def test_odd_characters_in_ids_and_references_never_reach_the_engine() -> None:
    odd = ['s.q"x', "s.q\\y", "s.$nex", "s.ünïcode", "s.a b", "sid", "id", "$s"]
    rules = [EngineRule(f'rule "{i}" $or {{}}', 0, T(ref, Op.EQ, i)) for i, ref in enumerate(odd)]
    compiled = Ruleset.compile(rules)
    facts = {ref: i for i, ref in enumerate(odd)}
    assert compiled.fired(facts) == frozenset(rule.id for rule in rules)
    assert compiled.fired({odd[2]: 2}) == frozenset({'rule "2" $or {}'})
    fields = {key for rs in compiled.plan.rulesets for key in rs.fields}
    assert all(key.isascii() and key.isalnum() for key in fields)


def test_a_value_seen_before_is_judged_by_its_type_not_as_an_equal_value() -> None:
    # The engine's fact text is kept per value seen; 1 and True are equal keys of a dict.
    compiled = Ruleset.compile([EngineRule("long", 0, T(H, Op.GT, 0))])
    assert compiled.fired({H: 1}) == frozenset({"long"})
    for _ in range(2):  # refused every time, never taken from what 1 gave
        with pytest.raises(EngineError, match="bool True"):
            compiled.fired({H: True})
        with pytest.raises(EngineError, match="NaN"):
            compiled.fired({H: float("nan")})
    assert compiled.fired({H: 1.0}) == compiled.fired({H: 1}) == frozenset({"long"})


def test_more_values_than_are_kept_still_fire_the_right_rules() -> None:
    compiled = Ruleset.compile([EngineRule("long", 0, T(H, Op.GT, 55))])
    for hours in [*range(0, 700, 1), *range(0, 700, 7)]:  # past the 256 values kept, twice
        assert compiled.fired({H: hours}) == (frozenset({"long"}) if hours > 55 else frozenset())


def test_tick_lists_given_as_lists_or_tuples_fire_alike() -> None:
    ticked = T(MULTI, Op.CONTAINS, ("mentoring",))
    compiled = Ruleset.compile([EngineRule("glue", 0, ticked)])
    for _ in range(2):
        assert compiled.fired({MULTI: ["mentoring", "hiring"]}) == frozenset({"glue"})
        assert compiled.fired({MULTI: ("hiring",)}) == frozenset()
        assert compiled.fired({MULTI: ("mentoring",)}) == frozenset({"glue"})
