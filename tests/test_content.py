"""The shipped coaching content keeps the promises issue 3 makes about it.

`coach validate` checks the YAML contract; these tests check the coaching model on top of it:
coverage (every mistake has rules, every action is used), the research's order and sources, health
first, the six-month verdict, and personas that answer exactly what the questionnaire asks.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from coach.content.answers_file import read_answers
from coach.content.bundle import SHIPPED_EXAMPLES, Content, load_content
from coach.engine.facts import asked_questions
from coach.model.questionnaire import Questionnaire

MISTAKES = ["hero", "invisible", "business", "politics", "toxic", "positioning", "exit"]
REQUIRED_ACTIONS = [
    "strategic-no", "triage", "automate-fixes", "write-runbooks", "mentor-and-rotate", "cap-hours",
    "brag-document", "value-mapping", "share-brag-document", "learn-cac-ltv-ttv",
    "reframe-proposal", "coffee-product-sales", "appropriate-wave", "support-high-profile",
    "six-month-audit", "set-boundaries", "seek-support", "leave", "architectural-review",
    "build-business-translation", "write-or-teach", "public-speaking", "network-before-need",
]  # fmt: skip
PERSONAS = [
    "hero", "glue-person", "metrics-blind-lead", "heads-down", "toxic-past-verdict",
    "toxic-month-two", "leetcode-grinder", "no-external-proof", "balanced",
]  # fmt: skip
RESEARCH = (
    Path(__file__).resolve().parent.parent / "docs" / "research" / "career-strategy-report.txt"
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def test_the_seven_mistakes_in_the_research_order_then_the_concern(content):
    kinds = {m.id: m.kind for m in content.pack.mistakes.values()}
    assert [m for m, kind in kinds.items() if kind == "mistake"] == MISTAKES
    assert [m for m, kind in kinds.items() if kind == "concern"] == ["wellbeing"]


def test_every_mistake_has_at_least_two_rules_and_graded_severities(content):
    for mistake in MISTAKES:
        rules = [r for r in content.pack.rules if r.mistake == mistake]
        assert len(rules) >= 2, mistake
        assert len({r.severity for r in rules}) >= 2, mistake


def test_every_action_is_used_by_a_rule_and_the_required_ones_exist(content):
    used = {a for r in content.pack.rules for a in r.actions}
    assert set(content.pack.actions) <= used
    assert set(REQUIRED_ACTIONS) <= set(content.pack.actions)
    assert len(content.pack.actions) >= 20


def test_health_and_bullying_rules_rank_first(content):
    noticed = [r for r in content.pack.rules if r.notice]
    others = [r for r in content.pack.rules if not r.notice]
    assert {r.notice for r in noticed} == {"health", "bullying"}
    assert max(r.priority for r in noticed) < min(r.priority for r in others)
    assert [r.id for r in content.pack.rules if r.id.startswith("hero-over")] == [
        "hero-overwork-with-symptoms",
        "hero-over-55-hours",
        "hero-over-55-hours-planned",
    ]


def test_only_the_verdict_suggests_leaving(content):
    # The critical rules (six months, warning signs, failed tests; six months and bullying or
    # harassment), or the recorded job's own six-month verdict (`coach job verdict`), never
    # anything earlier.
    leaving = [r for r in content.pack.rules if "leave" in r.actions]
    assert [(r.id, r.severity) for r in leaving] == [
        ("toxic-verdict-leave", "critical"),
        ("toxic-job-verdict-leave", "high"),
        ("toxic-verdict-bullied", "critical"),
    ]
    assert "ref='job.verdict'" in repr(leaving[1].when)
    for rule in (leaving[0], leaving[2]):
        assert "ref='culture.months_in_role', op=<Op.GTE: 'gte'>, value=6" in repr(rule.when)


def test_notices_point_to_real_help_without_phone_numbers(content):
    notices = content.pack.manifest.notices
    assert set(notices) == {"health", "bullying"}
    for notice in notices.values():
        assert notice.title == "This is not a diagnosis"
        assert not any(re.search(r"\d{3}", line) for line in notice.help)
    health = " ".join(notices["health"].help).lower()
    for words in ["emergency number", "doctor", "employee assistance", "trade union", "trusted"]:
        assert words in health
    bullying = " ".join(notices["bullying"].help).lower()
    for words in ["record of each incident", "hr", "legal"]:
        assert words in bullying


def test_questionnaire_uses_every_type_and_has_help_everywhere(content):
    questions = list(content.questionnaire.questions.values())
    assert {q.type for q in questions} == {"single", "multi", "scale", "number", "boolean", "text"}
    assert all(q.help for q in questions)
    assert any(not q.required for q in questions)
    assert any(q.when is not None for q in questions)


def test_psychological_safety_score_has_reverse_items(content):
    score = content.questionnaire.scores_by_ref["scores.psych_safety"]
    assert sum(item.startswith("-") for item in score.items) >= 2
    assert len(score.items) >= 4


def test_sources_are_the_research_works_cited_in_order(content):
    cited = RESEARCH.read_text(encoding="utf-8").split("Works cited\n", 1)[1].strip().splitlines()
    assert len(cited) == len(content.pack.sources) == 42
    for number, line in enumerate(cited, 1):
        source = content.pack.sources[number]
        assert line == f"{source.title}, accessed January 11, 2026, {str(source.url)}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_answers_exactly_what_is_asked(content, persona):
    answers_file, problems = read_answers(
        SHIPPED_EXAMPLES / f"{persona}.yaml", content.questionnaire
    )
    assert not problems
    assert answers_file is not None
    assert answers_file.person
    answers = dict(answers_file.answers)
    asked = asked_questions(content.questionnaire, answers)
    missing = [q.ref for q in asked if q.required and q.ref not in answers]
    skipped = sorted(set(answers) - {q.ref for q in asked})
    assert missing == []
    assert skipped == []


def _about_asked_when(tmp_path: Path, when: str) -> Questionnaire:
    """The mini questionnaire, its section `about` asked only `when`."""
    from interview_helpers import INTERVIEW_YAML

    from coach.content.questionnaires import load_questionnaire

    text = textwrap.dedent(INTERVIEW_YAML).lstrip()
    text = text.replace("    title: About you\n", f"    title: About you\n    when: {when}\n")
    path = tmp_path / "mini.yaml"
    path.write_text(text, encoding="utf-8")
    return load_questionnaire(path)


def test_a_section_with_skip_logic_is_asked_only_when_it_holds(tmp_path: Path) -> None:
    from coach.engine.facts import effective_answers

    questionnaire = _about_asked_when(tmp_path, "{workload.on_call: true}")
    about = {"about.level", "about.win", "about.avoid"}
    answers = {"workload.hours_per_week": 40, "workload.on_call": False, "about.level": "senior"}
    assert not about & {q.ref for q in asked_questions(questionnaire, answers)}
    assert "about.level" not in effective_answers(questionnaire, answers)
    on_call = {**answers, "workload.on_call": True}
    assert about <= {q.ref for q in asked_questions(questionnaire, on_call)}
    assert effective_answers(questionnaire, on_call)["about.level"] == "senior"


def test_an_answer_to_a_skipped_question_opens_nothing_after_it(tmp_path: Path) -> None:
    # about is asked when paged is 3 or more; paged only when on call. Someone not on call
    # who still has "paged: 5" in the file (an earlier answer) is asked nothing about themselves.
    from coach.engine.facts import effective_answers

    questionnaire = _about_asked_when(tmp_path, "{workload.paged: {gte: 3}}")
    answers = {"workload.on_call": False, "workload.paged": 5, "about.level": "senior"}
    asked = {q.ref for q in asked_questions(questionnaire, answers)}
    assert "workload.paged" not in asked
    assert "about.level" not in asked
    assert effective_answers(questionnaire, answers) == {"workload.on_call": False}
    on_call = {**answers, "workload.on_call": True}
    assert effective_answers(questionnaire, on_call) == on_call
    assert "about.level" in {q.ref for q in asked_questions(questionnaire, on_call)}
