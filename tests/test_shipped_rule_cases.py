"""The shipped pack's rule cases (rules/tests/*.yaml) run under pytest, one test per case.

Each case is the same check as `coach rules test`: its answers through the durable_rules
engine, its expectations on the diagnoses and actions. A shipped rule that no case fires fails
the coverage test, so a new rule cannot land without a case that shows it working.
"""

from __future__ import annotations

import shutil
from functools import cache
from pathlib import Path

import pytest

from coach.authoring.coverage import measure
from coach.authoring.ruletests import Case, CaseOutcome, find_test_files, read_cases, run_cases
from coach.conditions.ast import Not, Op, Test
from coach.content.bundle import Content, load_content
from coach.engine.assess import Assessor
from coach.engine.evidence import evidence_for
from coach.model.results import Result


@cache
def _content() -> Content:
    return load_content()


@cache
def _outcomes() -> dict[int, CaseOutcome]:
    """Every case run once, as `coach rules test` runs them, by the case's identity."""
    return {id(outcome.case): outcome for outcome in run_cases(CASES, _content())}


def _cases() -> list[Case]:
    content = _content()
    cases: list[Case] = []
    for path in find_test_files([], content):
        found, problems = read_cases(path, content)
        assert not problems, "\n".join(str(p) for p in problems)
        cases += found
    return cases


CASES = _cases()


def test_the_shipped_pack_has_rule_cases() -> None:
    assert len({Path(case.path).name for case in CASES}) >= 5
    assert len(CASES) >= 50


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{Path(c.path).name}:{c.name}")
def test_shipped_rule_case(case: Case) -> None:
    outcome = _outcomes()[id(case)]
    diagnoses = outcome.result.diagnoses if outcome.result else ()
    got = ", ".join(f"{d.mistake} {d.severity}" for d in diagnoses) or "nothing"
    assert outcome.passed, (
        f"{case.path}:{case.line}: {outcome.failures}; diagnosed: {got}; scores: {outcome.scores}"
    )


def test_every_shipped_rule_is_fired_by_some_case() -> None:
    coverage = measure(CASES, _content())
    unfired = [
        f"{rule} ({coverage.where[rule].path}:{coverage.where[rule].line})"
        for rule in coverage.unfired()
    ]
    assert not unfired, f"shipped rules no case fires: {unfired}"
    assert coverage.rule_percent == 100.0


def test_a_result_built_from_trusted_content_equals_its_validated_copy() -> None:
    results = [o.result for o in _outcomes().values() if o.result is not None]
    assert len(results) >= 50
    for result in results:
        dumped = result.model_dump(mode="json")
        assert Result.model_validate(dumped) == Result.model_validate_json(result.model_dump_json())
        assert Result.model_validate(dumped).model_dump(mode="json") == dumped
        assert Result.model_validate(result.model_dump()) == result


@pytest.mark.parametrize(
    ("hours", "held", "words"),
    [
        (40, True, "is less than 55"),
        (55, False, "is less than 55"),
        (60, False, "is less than 55"),
        (None, True, "not: is 55 or more"),  # not answered: no number is less than 55
    ],
)
def test_evidence_under_not_reads_as_the_opposite_and_holds_when_the_test_does_not(
    hours: int | None, held: bool, words: str
) -> None:
    condition = Not(Test("workload.hours_per_week", Op.GTE, 55))
    facts = {} if hours is None else {"workload.hours_per_week": hours}
    for memo in (None, {}):
        [evidence] = evidence_for(condition, facts, _content().questionnaire, memo=memo)
        assert (evidence.test, evidence.held) == (words, held)
        assert evidence.answer == ("not answered" if hours is None else f"{hours} hours")


def test_each_result_cites_its_works_and_counts_each_mistakes_rules() -> None:
    pack = _content().pack
    profiled = [m.id for m in pack.mistakes.values() if m.kind == "mistake"]
    per_mistake = {m: sum(r.mistake == m for r in pack.rules) for m in profiled}
    for outcome in _outcomes().values():
        result = outcome.result
        if result is None:
            continue
        assert {p.mistake: p.rules_total for p in result.profile} == per_mistake
        fired = {d.mistake: len(d.rules) for d in result.diagnoses if d.mistake in per_mistake}
        assert {p.mistake: p.rules_fired for p in result.profile if p.rules_fired} == fired
        cited = {
            n
            for d in result.diagnoses
            for n in (*d.sources, *(s for r in d.rules for s in r.sources))
        }
        cited |= {n for a in result.actions for n in a.sources}
        assert [w.number for w in result.works] == sorted(cited)
        assert all(w.title == pack.sources[w.number].title for w in result.works)


def test_what_an_assessor_keeps_between_assessments_never_leaks_into_the_next() -> None:
    """One assessor for every case, twice in opposite orders, equals a new assessor per case.

    An assessor keeps the evidence it built (by test and answer); a key that missed the answer
    would show one person's evidence in another's report.
    """
    content = _content()
    cases = [case for case in CASES if case.questionnaire is None]
    fresh = [Assessor.reference(content).assess(case.answers) for case in cases]
    shared = Assessor(content)
    for order in (cases, cases[::-1]):
        got = {id(case): shared.assess(case.answers) for case in order}
        assert [got[id(case)] for case in cases] == fresh
    assert shared.memo, "nothing was kept: this test would not see a leak"


def _mini() -> Content:
    mini = Path(__file__).parent / "fixtures" / "mini"
    return load_content(mini / "rules", mini / "questionnaires")


def test_tests_on_one_answer_are_one_evidence_line() -> None:
    # hero-hours reads the hours twice: 55 or more, and the named condition 'overloaded' (50)
    content = _mini()
    result = Assessor(content).assess({"workload.hours_per_week": 60})
    [rule] = [r for d in result.diagnoses for r in d.rules if r.id == "hero-hours"]
    assert [(e.ref, e.test) for e in rule.evidence] == [
        ("workload.hours_per_week", "is 55 or more; is 50 or more")
    ]


def test_options_a_rule_needs_unticked_are_one_none_of_after_what_was_ticked() -> None:
    # toxic-exhaustion-cynicism needs a symptom ticked and none of the trauma symptoms: the
    # report listed "not: includes ..." once for each of the five the person did not tick
    result = Assessor(_content()).assess(
        {
            "culture.months_in_role": 12,
            "culture.behaviours": ("scapegoating",),
            "culture.symptoms": ("poor_sleep",),
        }
    )
    [rule] = [r for d in result.diagnoses for r in d.rules if r.id == "toxic-exhaustion-cynicism"]
    [symptoms] = [e for e in rule.evidence if e.ref == "culture.symptoms"]
    assert symptoms.test.startswith("includes Poor or too little sleep; none of “Always on edge")
    assert symptoms.test.count("“") == 5
    assert "not: includes" not in symptoms.test


def test_a_mistake_with_no_rules_counts_none_in_the_profile(tmp_path: Path) -> None:
    # the report's profile shows "fired/total" per mistake: a mistake no rule diagnoses yet
    # (HR added it to mistakes.yaml first) is 0/0, not 0/1
    mini = Path(__file__).parent / "fixtures" / "mini"
    shutil.copytree(mini, tmp_path / "mini")
    mistakes = tmp_path / "mini" / "rules" / "mistakes.yaml"
    mistakes.write_text(
        mistakes.read_text(encoding="utf-8")
        + "  - {id: politics, title: Politics, summary: Capital., why: Wave., sources: [1]}\n",
        encoding="utf-8",
    )
    content = load_content(tmp_path / "mini" / "rules", tmp_path / "mini" / "questionnaires")
    result = Assessor(content).assess({"workload.hours_per_week": 60})
    totals = {p.mistake: (p.rules_fired, p.rules_total) for p in result.profile}
    assert totals == {"hero": (1, 1), "invisible": (0, 1), "politics": (0, 0)}


def test_evidence_says_whether_each_answer_was_given() -> None:
    from coach.engine.facts import build_facts

    content = _content()
    checked = 0
    for case in CASES:
        outcome = _outcomes()[id(case)]
        if outcome.result is None:
            continue
        facts, _ = build_facts(content.questionnaire, case.answers)
        for diagnosis in outcome.result.diagnoses:
            for rule in diagnosis.rules:
                for line in rule.evidence:
                    assert line.answered == (line.ref in facts), (case.name, line)
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize("op", [Op.EQ, Op.NE, Op.IN, Op.NOT_IN, Op.GT, Op.GTE, Op.LT, Op.LTE])
@pytest.mark.parametrize("hours", [40, 54, 55, 56, 70])
def test_the_opposite_a_negated_test_reads_as_holds_exactly_when_the_test_does_not(
    op: Op, hours: int
) -> None:
    from coach.conditions.evaluate import check
    from coach.engine.evidence import _OPPOSITE

    value = (55, 70) if op in (Op.IN, Op.NOT_IN) else 55
    facts = {"workload.hours_per_week": hours}
    test = Test("workload.hours_per_week", op, value)
    opposite = Test("workload.hours_per_week", _OPPOSITE[op], value)
    assert check(opposite, facts) is (not check(test, facts))
