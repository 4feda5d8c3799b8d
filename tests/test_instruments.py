"""Instruments (published questionnaires with licence, citation and scoring) and score tests."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from coach.content.bundle import SHIPPED, load_content
from coach.content.questionnaires import read_questionnaire
from coach.engine.facts import compute_scores
from coach.errors import Problem
from coach.model.questionnaire import Questionnaire

INSTRUMENTS = SHIPPED / "instruments"
CBI_TESTS = SHIPPED / "rules" / "tests" / "cbi-work.yaml"
ALL_WORST = {
    "cbi.emotionally_exhausting": "very_high",
    "cbi.burnt_out": "very_high",
    "cbi.frustrating": "very_high",
    "cbi.worn_out_evening": "always",
    "cbi.exhausted_morning": "always",
    "cbi.every_hour_tiring": "always",
    "cbi.energy_for_others": "never",
}


@pytest.fixture
def one_section(write) -> Callable[..., tuple[Questionnaire | None, list[Problem]]]:
    """Read questionnaire `q`: one section `s` holding `questions`, then `more` top-level keys.

    The first question is on line 8 of the file; `more` (scores:, instrument:) starts on the
    line after the last question.
    """

    def read(questions: str, more: str = "") -> tuple[Questionnaire | None, list[Problem]]:
        text = (
            "id: q\nversion: 1\ntitle: Q\nsections:\n  - id: s\n    title: S\n    questions:\n"
            + textwrap.indent(textwrap.dedent(questions).strip("\n") + "\n", "      ")
            + textwrap.dedent(more).lstrip("\n")
        )
        return read_questionnaire(write("q.yaml", text))

    return read


@pytest.fixture(scope="module")
def cbi():
    questionnaire, problems = read_questionnaire(INSTRUMENTS / "cbi-work.yaml")
    assert problems == []
    return questionnaire


def test_cbi_reverses_its_single_choice_item_from_the_option_scores(cbi) -> None:
    assert compute_scores(cbi, ALL_WORST) == {"work_burnout": 100}
    # only the reversed item moves: 'always' enough energy counts 0, not 100
    better = {**ALL_WORST, "cbi.energy_for_others": "always"}
    assert compute_scores(cbi, better) == {"work_burnout": round(600 / 7, 4)}


def test_cbi_needs_four_of_seven_answers_as_published(cbi) -> None:
    four = dict(list(ALL_WORST.items())[:4])
    three = dict(list(ALL_WORST.items())[:3])
    assert compute_scores(cbi, four) == {"work_burnout": 100}
    assert compute_scores(cbi, three) == {"work_burnout": None}


def test_score_ranges_and_how_they_are_computed(cbi) -> None:
    content = load_content()
    psych = content.questionnaire.scores_by_ref["scores.psych_safety"]
    assert content.questionnaire.score_range(psych) == (1, 5)
    assert cbi.score_range(cbi.scores[0]) == (0, 100)
    assert cbi.score_summary(cbi.scores[0]) == (
        "mean of 7 items; reversed: cbi.energy_for_others; scored when at least 4 are answered; "
        "range 0 to 100"
    )


def test_a_sum_over_an_unbounded_number_has_no_fixed_range(one_section) -> None:
    questionnaire, problems = one_section(
        """
        - {id: hours, type: number, text: Hours?, help: h, min: 0}
        - {id: ok, type: boolean, text: OK?, help: h}
        """,
        """
        scores:
          - {id: total, title: Total, sum: [s.hours, -s.ok]}
          - {id: flags, title: Flags, sum: [s.ok, -s.ok], min_answered: 1}
        """,
    )
    assert problems == []
    low, high = questionnaire.score_range(questionnaire.scores[0])
    assert (low, math.isinf(high)) == (0, True)
    assert questionnaire.score_range(questionnaire.scores[1]) == (0, 2)
    assert "no fixed range" in questionnaire.score_summary(questionnaire.scores[0])


def test_reverse_scoring_a_single_choice_without_option_scores_is_refused(one_section) -> None:
    _, problems = one_section(
        """
        - id: a
          type: single
          text: A?
          help: h
          options: [{value: x, label: X}, {value: y, label: Y}]
        """,
        """
        scores:
          - {id: total, title: Total, mean: [-s.a]}
        """,
    )
    assert [p.message for p in problems] == ["'s.a' is scored, so every option needs a 'score:'"]
    assert problems[0].line == 14  # the score's line


def test_the_psych_safety_instrument_is_the_checkup_items_word_for_word() -> None:
    checkup = yaml.safe_load((SHIPPED / "questionnaires" / "career-checkup.yaml").read_text())
    instrument = yaml.safe_load((INSTRUMENTS / "psych-safety.yaml").read_text())
    culture = next(s for s in checkup["sections"] if s["id"] == "culture")
    by_id = {q["id"]: q for q in culture["questions"]}
    items = instrument["sections"][0]["questions"]
    assert [by_id[q["id"]] for q in items] == items
    assert instrument["scores"] == checkup["scores"]


def test_every_shipped_instrument_states_licence_citation_and_scoring(cbi) -> None:
    for path in sorted(INSTRUMENTS.glob("*.yaml")):
        questionnaire, problems = read_questionnaire(path)
        assert problems == [], path
        info = questionnaire.instrument
        assert info is not None
        assert all((info.licence, info.citation, info.scoring))
    cbi_info = cbi.instrument
    assert "Kristensen" in cbi_info.citation
    assert "19(3), 192-207" in cbi_info.citation
    assert cbi_info.notice.startswith("This is not a diagnosis")


def test_an_instrument_without_a_licence_is_a_located_error(one_section) -> None:
    _, problems = one_section(
        "- {id: a, type: boolean, text: A?, help: h}",
        """
        instrument:
          name: N
          citation: C
          scoring: S
        """,
    )
    # line 10: the instrument's first key, where the missing one belongs
    assert [(p.line, p.message) for p in problems] == [
        (
            10,
            "missing required key 'licence' (licence: the terms of use, as the authors or "
            "publisher state them)",
        )
    ]


def test_shipped_cbi_cases_reproduce_the_published_scores(run_cli) -> None:
    result = run_cli("rules", "test", str(CBI_TESTS), "-v")
    assert result.code == 0, result.out
    assert "5 passed, 0 failed, 5 cases." in result.out
    assert "every answer at the burnt-out end scores 100" in result.out


def test_a_failing_score_case_shows_the_scores(run_cli, tmp_path: Path) -> None:
    text = CBI_TESTS.read_text().replace("{work_burnout: 58.3333}", "{work_burnout: 58.33}")
    text = text.replace("{work_burnout: 0}", "{work_burnout: {gte: 10, lte: 20}}")
    case_file = tmp_path / "cbi.yaml"
    case_file.write_text(text)
    result = run_cli("rules", "test", str(case_file))
    assert result.code == 1
    assert "- expected score work_burnout 58.33, got 58.3333" in result.out
    assert "- expected score work_burnout at least 10 and at most 20, got 0" in result.out
    assert "      scores: work_burnout 58.3333" in result.out
    assert "3 passed, 2 failed, 5 cases." in result.out


def test_score_expectations_are_checked_against_the_questionnaire(run_cli, write) -> None:
    path = write(
        "cases.yaml",
        """
        cases:
          - name: typo in a score
            answers: {culture.safe_to_challenge: 2}
            expect: {scores: {psych_safty: 2}}
          - name: another questionnaire's scores
            answers: {culture.safe_to_challenge: 2}
            expect: {scores: {work_burnout: 2}}
        """,
    )
    result = run_cli("rules", "test", str(path))
    assert result.code == 3  # a content error: nothing was run
    assert (
        "cases.yaml:4:23: cases[0].expect.scores.psych_safty: unknown score 'psych_safty' "
        "(questionnaire 'career-checkup' has: psych_safety) (did you mean 'psych_safety'?)"
    ) in result.err


def test_a_test_file_for_an_instrument_may_expect_only_scores(run_cli, write) -> None:
    path = write(
        "cases.yaml",
        """
        questionnaire: cbi-work
        cases:
          - name: diagnoses make no sense here
            answers: {cbi.burnt_out: high}
            expect: {diagnoses: {hero: low}}
        """,
    )
    result = run_cli("rules", "test", str(path))
    assert result.code != 0
    assert "cases.yaml:5:13: cases[0].expect: this file scores the answers with 'cbi-work'" in (
        result.err
    )


def test_validate_verbose_lists_scores_with_their_range_and_terms(run_cli) -> None:
    result = run_cli("validate", "--verbose")
    assert result.code == 0
    assert (
        "  scores.work_burnout: mean of 7 items; reversed: cbi.energy_for_others; "
        "scored when at least 4 are answered; range 0 to 100"
    ) in result.out
    assert "instrument cbi-work (version 1):" in result.out
    assert "  licence: The items are published for free use" in result.out


def test_explain_shows_each_score_with_its_range(run_cli) -> None:
    example = SHIPPED / "examples" / "balanced.yaml"
    result = run_cli("rules", "explain", "--answers", str(example), "--rule", "toxic-early-warning")
    assert result.code == 0
    flat = " ".join(result.out.split())
    assert "Score scores.psych_safety = 4 (5 of its items answered)" in flat
    assert "range 1 to 5" in flat
