"""Packs at the engine's limits, session lifecycle, and errors the engine must turn into EngineError."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from coach.conditions.ast import All, AnyOf, Condition, Named, Not, Op, Test
from coach.conditions.evaluate import evaluate
from coach.engine import CompiledRules, EngineRule, Ruleset, session
from coach.engine.planner import MAX_FIELDS, MAX_PARTS
from coach.errors import EngineError


def _expected(rules: list[EngineRule], facts: dict[str, Any]) -> frozenset[str]:
    return frozenset(rule.id for rule in rules if evaluate(rule.condition, facts))


def _thousand() -> list[EngineRule]:
    """1,000 distinct rules over 40 answers, each an all/any/not mix of two or three tests."""
    rules = []
    for i in range(1000):
        a, b, c = f"s{i % 10}.q{i % 4}", f"s{(i // 10) % 10}.r", f"t.kind{i % 3}"
        condition: Condition = All(
            (
                Test(a, Op.GTE, i % 50),
                AnyOf((Test(b, Op.LT, 100 + i % 7), Not(Test(c, Op.IN, ("x", f"v{i}"))))),
            )
        )
        rules.append(EngineRule(f"rule-{i}", i % 5, condition))
    return rules


@pytest.fixture(scope="module")
def thousand() -> tuple[list[EngineRule], CompiledRules]:
    rules = _thousand()
    return rules, Ruleset.compile(rules)


def test_a_pack_of_1000_rules_is_split_across_rulesets(
    thousand: tuple[list[EngineRule], CompiledRules],
) -> None:
    rules, compiled = thousand
    assert compiled.ruleset_count == -(-len(rules) // MAX_PARTS)
    assert all(len(rs.rules) <= MAX_PARTS for rs in compiled.plan.rulesets)
    assert compiled.rule_ids == frozenset(rule.id for rule in rules)


@pytest.mark.parametrize("level", [0, 25, 60])
def test_a_pack_of_1000_rules_runs(
    thousand: tuple[list[EngineRule], CompiledRules], level: int
) -> None:
    rules, compiled = thousand
    facts: dict[str, Any] = {f"s{i}.q{j}": level for i in range(10) for j in range(4)}
    facts.update({f"s{i}.r": 50 for i in range(10)})
    expected = _expected(rules, facts)
    assert compiled.fired(facts) == expected
    if level == 60:
        assert len(expected) == 1000  # every rule fires at once: the matching stack holds


def test_nothing_answered_fires_only_rules_about_missing_answers(
    thousand: tuple[list[EngineRule], CompiledRules],
) -> None:
    rules, compiled = thousand
    assert compiled.fired({}) == _expected(rules, {}) == frozenset()


def test_many_sessions_leave_no_state_behind() -> None:
    rules = [EngineRule(f"r{i}", 0, Test("w.hours", Op.GT, i)) for i in range(30)]
    compiled = Ruleset.compile(rules)
    for n in range(3000):  # 1,025 live sessions would raise MemoryError
        assert len(compiled.fired({"w.hours": n % 40})) == min(n % 40, 30)
    assert compiled.live_sessions() == compiled.ruleset_count == 1
    assert [ruleset.stored_facts() for ruleset in compiled._rulesets] == [[]]


def test_identical_packs_share_one_registration() -> None:
    rules = [EngineRule("a", 0, Test("w.hours", Op.EQ, 12345))]
    first, second = Ruleset.compile(rules), Ruleset.compile(rules)
    assert first._rulesets[0] is second._rulesets[0]
    renamed = Ruleset.compile([EngineRule("b", 0, Test("w.hours", Op.EQ, 12345))])
    assert renamed._rulesets[0] is not first._rulesets[0]
    assert renamed.fired({"w.hours": 12345}) == frozenset({"b"})


def test_600_alternatives_on_one_answer_do_not_hang_the_engine() -> None:
    # 512 children under one engine node would hang create_ruleset forever.
    rules = [EngineRule(f"eq-{i}", 0, Test("n.x", Op.EQ, i)) for i in range(600)]
    rules.append(EngineRule("in", 0, Test("n.x", Op.IN, tuple(range(1000)))))
    compiled = Ruleset.compile(rules)
    assert compiled.fired({"n.x": 599}) == frozenset({"eq-599", "in"})
    assert compiled.fired({"n.x": 999}) == frozenset({"in"})
    assert compiled.fired({"n.x": 1000}) == frozenset()


def test_70_alternatives_that_all_hold_are_split_and_fire_once() -> None:
    # 65 matching siblings overflow the engine's 64-entry matching stack (error 303 or a crash).
    condition = AnyOf(tuple(Test(f"n.q{i}", Op.GT, 0) for i in range(70)))
    compiled = Ruleset.compile([EngineRule("wide", 0, condition)])
    assert len(compiled.plan.rulesets[0].rules) > 1
    assert compiled.fired({f"n.q{i}": 1 for i in range(70)}) == frozenset({"wide"})
    assert compiled.fired({"n.q69": 1}) == frozenset({"wide"})
    assert compiled.fired({"n.q69": 0}) == frozenset()


# The planner's budgets, at their edges. The engine matches with a 64-entry stack; coach keeps to
# 48 (durable-rules-notes), 14 of which the two levels of guard tests take, so one engine rule may
# hold 34 tests that can be true at once. A ruleset holds 400 engine rules, reads 240 answers and
# has 8 x 8 leaves behind its guards.


def _wide(n: int, value: int = 0) -> Condition:
    return AnyOf(tuple(Test(f"n.q{i}", Op.GT, value) for i in range(n)))


def test_34_alternatives_stay_one_engine_rule_and_35_are_split() -> None:
    assert len(Ruleset.compile([EngineRule("wide", 0, _wide(34))]).plan.rulesets[0].rules) == 1
    split = Ruleset.compile([EngineRule("wide", 0, _wide(35))])
    assert len(split.plan.rulesets[0].rules) == 2
    assert split.fired({f"n.q{i}": 1 for i in range(35)}) == frozenset({"wide"})
    assert split.fired({"n.q34": 1}) == frozenset({"wide"})


def test_34_unanswered_alternatives_stay_one_engine_rule_and_35_are_split() -> None:
    # "not answered" links count on the matching stack like any other test
    def unanswered(n: int) -> Condition:
        return AnyOf(tuple(Test(f"n.q{i}", Op.UNANSWERED, True) for i in range(n)))

    assert len(Ruleset.compile([EngineRule("gaps", 0, unanswered(34))]).plan.rulesets[0].rules) == 1
    split = Ruleset.compile([EngineRule("gaps", 0, unanswered(35))])
    assert len(split.plan.rulesets[0].rules) == 2
    assert split.fired({}) == frozenset({"gaps"})
    assert split.fired({f"n.q{i}": 1 for i in range(34)}) == frozenset({"gaps"})
    assert split.fired({f"n.q{i}": 1 for i in range(35)}) == frozenset()


@pytest.mark.parametrize(("count", "leaves"), [(192, 1), (193, 2)])
def test_192_rules_may_end_on_one_test_then_a_new_leaf_starts(count: int, leaves: int) -> None:
    rules = [EngineRule(f"r{i}", 0, Test("s.q", Op.GT, 0)) for i in range(count)]
    compiled = Ruleset.compile(rules)
    assert len(compiled.plan.rulesets[0].guards) == leaves  # one guard test per leaf here
    assert len(compiled.fired({"s.q": 1})) == count


def _pairs(k: int) -> Condition:
    """All of k any-pairs: k + 1 and/or nodes, with the engine's guard."""
    return All(
        tuple(AnyOf((Test(f"j.a{i}", Op.GT, 0), Test(f"j.b{i}", Op.GT, 0))) for i in range(k))
    )


def test_15_and_or_nodes_stay_one_engine_rule_and_16_are_split() -> None:
    assert len(Ruleset.compile([EngineRule("deep", 0, _pairs(14))]).plan.rulesets[0].rules) == 1
    split = Ruleset.compile([EngineRule("deep", 0, _pairs(15))])
    assert len(split.plan.rulesets[0].rules) == 2
    assert split.fired({f"j.b{i}": 1 for i in range(15)}) == frozenset({"deep"})
    assert split.fired({f"j.b{i}": 1 for i in range(14)}) == frozenset()


def test_a_rule_may_take_256_engine_rules_and_no_more() -> None:
    compiled = Ruleset.compile([EngineRule("deep", 0, _pairs(22))])  # 2 ** 8 pieces
    assert sum(len(rs.rules) for rs in compiled.plan.rulesets) == 256
    assert compiled.fired({f"j.a{i}": 1 for i in range(22)}) == frozenset({"deep"})
    with pytest.raises(EngineError, match=r"'deep' is too large .* more than 256 engine rules"):
        Ruleset.compile([EngineRule("deep", 0, _pairs(23))])


def test_a_rule_reading_240_answers_runs_and_241_is_refused() -> None:
    def reading(n: int) -> list[EngineRule]:
        return [
            EngineRule("big", 0, All(tuple(Test(f"s.q{i}", Op.ANSWERED, True) for i in range(n))))
        ]

    compiled = Ruleset.compile(reading(240))
    assert compiled.ruleset_count == 1
    assert compiled.fired({f"s.q{i}": 1 for i in range(240)}) == frozenset({"big"})
    assert compiled.fired({f"s.q{i}": 1 for i in range(239)}) == frozenset()
    with pytest.raises(EngineError, match=r"reads 241 answers and options \(limit 240\)"):
        Ruleset.compile(reading(241))


@pytest.mark.parametrize(("count", "rulesets"), [(400, 1), (401, 2)])
def test_a_ruleset_holds_400_engine_rules(count: int, rulesets: int) -> None:
    rules = [EngineRule(f"r{i}", 0, Test("s.q", Op.EQ, i)) for i in range(count)]
    compiled = Ruleset.compile(rules)
    assert compiled.ruleset_count == rulesets
    assert compiled.fired({"s.q": count - 1}) == frozenset({f"r{count - 1}"})


@pytest.mark.parametrize(("count", "rulesets"), [(64, 1), (65, 2)])
def test_a_ruleset_holds_64_leaves(count: int, rulesets: int) -> None:
    # 30 alternatives each: no two of these rules fit in one leaf's 34 tests.
    rules = [EngineRule(f"r{k}", 0, _wide(30, k)) for k in range(count)]
    compiled = Ruleset.compile(rules)
    assert compiled.ruleset_count == rulesets
    assert len(compiled.plan.rulesets[0].guards) == 8
    assert compiled.fired({"n.q7": 2}) == frozenset({"r0", "r1"})
    assert compiled.fired({"n.q29": count}) == frozenset(f"r{k}" for k in range(count))


def test_a_pack_reading_600_answers_is_split_by_fields() -> None:
    rules = [EngineRule(f"r{i}", 0, Test(f"s.q{i}", Op.EQ, True)) for i in range(600)]
    compiled = Ruleset.compile(rules)
    assert compiled.ruleset_count >= 3
    assert all(len(rs.fields) <= MAX_FIELDS for rs in compiled.plan.rulesets)
    facts = {f"s.q{i}": i % 2 == 0 for i in range(600)}
    assert compiled.fired(facts) == frozenset(f"r{i}" for i in range(0, 600, 2))


def test_a_rule_reading_more_answers_than_an_engine_object_holds_is_refused() -> None:
    condition = All(tuple(Test(f"s.q{i}", Op.ANSWERED, True) for i in range(300)))
    with pytest.raises(EngineError, match=r"rule 'huge' is too large .* 300 answers"):
        Ruleset.compile([EngineRule("huge", 0, condition)])


def test_a_rule_too_complex_to_split_is_refused_with_its_id() -> None:
    # 30 any-groups of three: 3**15 engine rules would be needed.
    groups = [AnyOf(tuple(Test(f"n.q{i}{j}", Op.GT, 0) for j in range(3))) for i in range(30)]
    with pytest.raises(EngineError, match=r"rule 'knotted' is too large .* split it"):
        Ruleset.compile([EngineRule("knotted", 0, All(tuple(groups)))])


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (
            [EngineRule("a", 0, All(())), EngineRule("a", 0, All(()))],
            "duplicate rule ids: a",
        ),
        (
            [
                EngineRule("n", 0, Test("w.x", Op.GT, 1)),
                EngineRule("t", 0, Test("w.x", Op.EQ, "1")),
            ],
            "rule 't': 'w.x' is compared as a number and a text",
        ),
        ([EngineRule("n", 0, Test("w.x", Op.GT, "a"))], "compares numbers only"),
        ([EngineRule("n", 0, Test("w.x", Op.EQ, float("nan")))], "NaN"),
        ([EngineRule("n", 0, Test("w.x", Op.CONTAINS, "a"))], "needs a list"),
        ([EngineRule("n", 0, Test("w.x", Op.BETWEEN, (1, 2, 3)))], "two values"),
        ([EngineRule("n", 0, Named("overloaded"))], "'overloaded' was not inlined"),
    ],
)
def test_packs_the_engine_cannot_run_are_refused(rules: list[EngineRule], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        Ruleset.compile(rules)


@pytest.mark.parametrize(
    ("facts", "message"),
    [
        (
            {"w.hours": "55"},
            "answer for 'w.hours' is str '55', but the rules compare it as a number",
        ),
        ({"w.hours": True}, "is bool True"),
        ({"w.hours": float("nan")}, "NaN"),
        ({"w.on_call": 1}, "as a boolean"),
        ({"w.tools": "git"}, "as a multi-choice selection"),
    ],
)
def test_answers_of_another_type_than_the_rules_expect_are_refused(
    facts: dict[str, Any], message: str
) -> None:
    compiled = Ruleset.compile(
        [
            EngineRule("h", 0, Test("w.hours", Op.GT, 1)),
            EngineRule("o", 0, Test("w.on_call", Op.EQ, True)),
            EngineRule("t", 0, Test("w.tools", Op.CONTAINS, ("git",))),
        ]
    )
    with pytest.raises(EngineError, match=message):
        compiled.fired(facts)


def test_answers_the_rules_never_read_are_ignored() -> None:
    compiled = Ruleset.compile([EngineRule("h", 0, Test("w.hours", Op.GT, 1))])
    assert compiled.fired({"w.hours": 2, "w.other": object()}) == frozenset({"h"})


class _FailingEngine:
    """The real engine module, except that one call fails (or answers) as told, `times` times."""

    def __init__(self, call: str, times: int, outcome: Any) -> None:
        self._call, self._times, self._outcome = call, times, outcome
        self._real = session.engine

    def __getattr__(self, name: str) -> Any:
        real = getattr(self._real, name)
        if name != self._call:
            return real

        def call(*args: Any) -> Any:
            if self._times:
                self._times -= 1
                if isinstance(self._outcome, BaseException):
                    raise self._outcome
                real(*args)
                return self._outcome
            return real(*args)

        return call


@pytest.mark.parametrize(
    ("call", "outcome", "message"),
    [
        (
            "complete_and_start_action",
            RuntimeError("error code: 303"),
            "^the rules engine failed: error code: 303$",
        ),
        ("assert_fact", (2, 0), "^the rules engine answered 2 for a fresh fact$"),
        ("retract_fact", (1, 0), "^the rules engine could not clear a session$"),
    ],
)
def test_an_engine_failure_is_an_engine_error_and_its_session_is_never_reused(
    monkeypatch: pytest.MonkeyPatch, call: str, outcome: Any, message: str
) -> None:
    ref = "w.fail"  # ids of its own: identical packs share their engine rulesets
    rules = [EngineRule(f"{call}-{i}", 0, Test(ref, Op.GT, i)) for i in range(5)]
    compiled = Ruleset.compile(rules)
    assert compiled.fired({ref: 3}) == frozenset(f"{call}-{i}" for i in range(3))
    monkeypatch.setattr(session, "engine", _FailingEngine(call, 1, outcome))
    with pytest.raises(EngineError, match=message):
        compiled.fired({ref: 3})
    assert compiled.live_sessions() == 2
    for value in (3, 5, 0, 3):
        assert compiled.fired({ref: value}) == _expected(rules, {ref: value})


def test_a_ruleset_tries_32_fresh_sessions_after_failures_then_refuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ref = "w.often"  # ids of its own: identical packs share their engine rulesets
    compiled = Ruleset.compile([EngineRule(f"often-{i}", 0, Test(ref, Op.GT, i)) for i in range(3)])
    monkeypatch.setattr(session, "engine", _FailingEngine("assert_fact", 40, (2, 0)))
    for _ in range(33):  # the 33rd failure still runs on a fresh session
        with pytest.raises(EngineError, match="answered 2 for a fresh fact"):
            compiled.fired({ref: 5})
    with pytest.raises(EngineError, match="^the rules engine failed too often in this process$"):
        compiled.fired({ref: 5})


def test_threads_share_the_engine_safely() -> None:
    rules = [EngineRule(f"r{i}", 0, Test("w.n", Op.GTE, i)) for i in range(50)]
    compiled = Ruleset.compile(rules)
    errors: list[str] = []

    def work(offset: int) -> None:
        for n in range(200):
            value = (n + offset) % 60
            if compiled.fired({"w.n": value}) != frozenset(
                f"r{i}" for i in range(min(value + 1, 50))
            ):
                errors.append(f"wrong result for {value}")

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.mark.parametrize("gates", [1, 3])
def test_a_split_rule_keeps_every_test_around_its_wide_alternatives(gates: int) -> None:
    # 70 alternatives between required tests: the planner splits the `any` and must keep the
    # tests before and after it in every piece (a piece that lost one fired too often)
    before = (Test("n.first", Op.EQ, True),)
    after = tuple(Test(f"n.gate{g}", Op.EQ, True) for g in range(gates))
    wide = AnyOf(tuple(Test(f"n.q{i}", Op.GT, 0) for i in range(70)))
    rules = [EngineRule("gated", 0, All((*before, wide, *after)))]
    compiled = Ruleset.compile(rules)
    assert len(compiled.plan.rulesets[0].rules) > 1
    on = {"n.first": True, **{f"n.gate{g}": True for g in range(gates)}}
    for facts in (
        {**on, "n.q3": 1},
        {**on, "n.q69": 1},
        {**on, "n.q3": 1, "n.first": False},
        *({**on, "n.q3": 1, "n.q69": 1, f"n.gate{g}": False} for g in range(gates)),
        {**on, "n.q3": 0},
    ):
        assert compiled.fired(facts) == _expected(rules, facts), facts


def test_ctrl_c_inside_the_engine_stays_an_interrupt(monkeypatch: pytest.MonkeyPatch) -> None:
    # coach says "Interrupted." (exit 130) for Ctrl-C, not "the rules engine failed"
    ref = "w.stop"
    rules = [EngineRule(f"stop-{i}", 0, Test(ref, Op.GT, i)) for i in range(3)]
    compiled = Ruleset.compile(rules)
    monkeypatch.setattr(session, "engine", _FailingEngine("assert_fact", 1, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        compiled.fired({ref: 2})
    assert compiled.fired({ref: 2}) == frozenset({"stop-0", "stop-1"})
