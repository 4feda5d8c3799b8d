"""Differential test: durable_rules and the reference evaluator agree on generated packs and answers.

Each example generates a pack of condition trees (all / any / not, every operator, references of
every answer type, odd reference names) and a batch of answer sets (missing answers, empty
selections, values equal to, between and around the rules' constants). The pack is compiled once
and every answer set is run through it, so one example checks rules x answers pairs.

`HYPOTHESIS_PROFILE=engine-deep` runs ten times as many examples.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.conditions import ast
from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.conditions.evaluate import evaluate
from coach.engine import EngineRule, Ruleset
from coach.engine.formula import FALSE, lower
from coach.engine.planner import _problem

settings.register_profile(
    "engine",
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("engine-deep", parent=settings.get_profile("engine"), max_examples=1200)
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "engine"))

NUMBERS = ["n.hours", "n.count", "scores.safety", 'odd."num$"']
BOOLS = ["b.on_call", "b.ok"]
TEXTS = ["t.kind", "t.note", "t.ü nicode"]
MULTIS = ["m.invisible", "m.tools"]
PRESENCE_ONLY = ["p.anything"]

NUMBER_POOL = [-3, -1, 0, 1, 2, 3, 10, 55, -2.5, 0.5, 1e-7, 1e16, -0.0, 2.0, 2**53, 2**53 + 1]
TEXT_POOL = ["a", "b", "planned", "", "5", 'q"uote', "back\\slash", "é", "x\x00y", "$or"]
OPTIONS = ["mentoring", "hiring", "docs", "on-call", "x"]

numbers = st.one_of(
    st.sampled_from(NUMBER_POOL),
    st.integers(-100, 100),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
)
texts = st.one_of(st.sampled_from(TEXT_POOL), st.text(max_size=4))


def _tests_on(ref: str, values: st.SearchStrategy[Any], ordered: bool) -> st.SearchStrategy[Test]:
    ops = [Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.ANSWERED, Op.UNANSWERED]
    if ordered:
        ops += [Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN]

    def build(op: Op, data: st.DataObject) -> Test:
        if op in (Op.ANSWERED, Op.UNANSWERED):
            return Test(ref, op, True)
        if op in (Op.IN, Op.NOT_IN):
            return Test(ref, op, tuple(data.draw(st.lists(values, max_size=4))))
        if op is Op.BETWEEN:
            return Test(ref, op, (data.draw(values), data.draw(values)))
        return Test(ref, op, data.draw(values))

    return st.builds(build, st.sampled_from(ops), st.data())


def _contains(ref: str) -> st.SearchStrategy[Test]:
    values = st.lists(st.sampled_from(OPTIONS), max_size=3).map(tuple)
    return st.one_of(
        st.builds(Test, st.just(ref), st.just(Op.CONTAINS), values),
        st.builds(Test, st.just(ref), st.sampled_from([Op.ANSWERED, Op.UNANSWERED]), st.just(True)),
    )


leaves = st.one_of(
    st.sampled_from(NUMBERS).flatmap(lambda ref: _tests_on(ref, numbers, ordered=True)),
    st.sampled_from(BOOLS).flatmap(lambda ref: _tests_on(ref, st.booleans(), ordered=False)),
    st.sampled_from(TEXTS).flatmap(lambda ref: _tests_on(ref, texts, ordered=False)),
    st.sampled_from(MULTIS).flatmap(_contains),
    st.builds(
        Test,
        st.sampled_from(PRESENCE_ONLY),
        st.sampled_from([Op.ANSWERED, Op.UNANSWERED]),
        st.just(True),
    ),
)


def _branches(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    items = st.lists(children, max_size=4).map(tuple)
    return st.one_of(st.builds(All, items), st.builds(AnyOf, items), st.builds(Not, children))


conditions = st.recursive(leaves, _branches, max_leaves=14)


def _answer(ref: str, constants: list[Any]) -> st.SearchStrategy[Any]:
    if ref in NUMBERS:
        near = [
            c + d
            for c in constants
            if isinstance(c, int | float) and not isinstance(c, bool)
            for d in (-1, -0.5, 0, 0.5, 1)
        ]
        return st.one_of(numbers, st.sampled_from(near or [0]))
    if ref in BOOLS:
        return st.booleans()
    if ref in TEXTS:
        own = [c for c in constants if isinstance(c, str)]
        return st.one_of(texts, st.sampled_from(own or ["a"]))
    if ref in MULTIS:
        return st.lists(st.sampled_from(OPTIONS + ["other"]), unique=True, max_size=4).map(tuple)
    return st.one_of(numbers, texts, st.booleans())


def _constants(condition: Condition) -> list[Any]:
    found: list[Any] = []
    for test in ast.tests_of(condition):
        found.extend(test.value if isinstance(test.value, tuple) else (test.value,))
    return found


@st.composite
def packs_and_answers(draw: st.DrawFn) -> tuple[list[Condition], list[dict[str, Any]]]:
    pack = draw(st.lists(conditions, min_size=1, max_size=40))
    constants = [c for condition in pack for c in _constants(condition)]
    refs = NUMBERS + BOOLS + TEXTS + MULTIS + PRESENCE_ONLY
    answer_sets = []
    for _ in range(draw(st.integers(1, 25))):
        chosen = draw(st.lists(st.sampled_from(refs), unique=True))
        answer_sets.append({ref: draw(_answer(ref, constants)) for ref in chosen})
    return pack, answer_sets


@PROFILE
@given(packs_and_answers())
def test_durable_rules_agrees_with_the_reference_evaluator(
    case: tuple[list[Condition], list[dict[str, Any]]],
) -> None:
    pack, answer_sets = case
    rules = [EngineRule(f"rule-{i}", i, condition) for i, condition in enumerate(pack)]
    compiled = Ruleset.compile(rules)
    for answers in answer_sets:
        expected = frozenset(r.id for r in rules if evaluate(r.condition, answers))
        assert compiled.fired(answers) == expected, answers


def _nested(depth: int) -> st.SearchStrategy[Condition]:
    """All/any alternating `depth` levels deep, a leaf beside each level: > 15 and/or nodes."""
    if depth == 0:
        return leaves
    kind = All if depth % 2 else AnyOf
    return st.builds(lambda leaf, inner: kind((leaf, inner)), leaves, _nested(depth - 1))


simple_leaves = st.one_of(
    st.builds(Test, st.sampled_from(NUMBERS), st.sampled_from([Op.GT, Op.LTE, Op.EQ]), numbers),
    st.builds(Test, st.sampled_from(BOOLS), st.just(Op.EQ), st.booleans()),
)

big_conditions = st.one_of(
    # more alternatives than the engine's matching stack takes at once
    st.lists(leaves, min_size=35, max_size=70).map(lambda items: AnyOf(tuple(items))),
    # more or-nodes than the engine's 15 and/or nodes per rule
    st.lists(
        st.lists(simple_leaves, min_size=2, max_size=3).map(lambda i: AnyOf(tuple(i))),
        min_size=15,
        max_size=17,
    ).map(lambda items: All(tuple(items))),
    st.integers(16, 22).flatmap(_nested),
    conditions,
)


@settings(PROFILE, max_examples=max(10, PROFILE.max_examples // 8))
@given(st.lists(big_conditions, min_size=1, max_size=3), st.data())
def test_large_conditions_are_split_and_still_agree(
    pack: list[Condition], data: st.DataObject
) -> None:
    rules = [EngineRule(f"big-{i}", 0, condition) for i, condition in enumerate(pack)]
    compiled = Ruleset.compile(rules)
    owners = [owner for rs in compiled.plan.rulesets for owner in rs.owners.values()]
    for rule in rules:
        formula = lower(rule.condition, compiled.plan.symbols)
        expected_parts = 0 if formula == FALSE else 1 if _problem(formula) is None else 2
        assert min(owners.count(rule.id), 2) == expected_parts
    constants = [c for condition in pack for c in _constants(condition)]
    refs = NUMBERS + BOOLS + TEXTS + MULTIS + PRESENCE_ONLY
    for _ in range(10):
        chosen = data.draw(st.lists(st.sampled_from(refs), unique=True))
        answers = {ref: data.draw(_answer(ref, constants)) for ref in chosen}
        expected = frozenset(r.id for r in rules if evaluate(r.condition, answers))
        assert compiled.fired(answers) == expected, answers
