"""Rules read follow-through (`followup.<action-id>`) like answers, checked the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content.bundle import load_content
from coach.engine.assess import Assessor
from coach.errors import ContentError

RULE = """
  - id: promised-twice
    title: Promised twice
    mistake: hero
    severity: high
    when:
      all:
        - {ref}: {{in: [not_started, dropped]}}
        - followup.strategic-no.promised: {{gte: 2}}
    because: Promised twice, never started.
    sources: [4]
"""


def test_followup_facts_fire_rules(mini: Path) -> None:
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text() + RULE.format(ref="followup.strategic-no"))
    assessor = Assessor(load_content(mini / "rules", mini / "questionnaires"))
    twice = assessor.assess(
        {"followup.strategic-no": "not_started", "followup.strategic-no.promised": 2}
    )
    once = assessor.assess(
        {"followup.strategic-no": "not_started", "followup.strategic-no.promised": 1}
    )
    assert [r.id for d in twice.diagnoses for r in d.rules] == ["promised-twice"]
    evidence = twice.diagnoses[0].rules[0].evidence
    assert evidence[0].answer == "Not started"
    assert evidence[0].question == "What became of 'Say no'"
    assert once.diagnoses == ()


def test_unknown_followup_action_is_located_with_a_suggestion(mini: Path) -> None:
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text() + RULE.format(ref="followup.strategic-noo"))
    with pytest.raises(ContentError) as caught:
        load_content(mini / "rules", mini / "questionnaires")
    [problem] = caught.value.problems
    assert problem.message == "unknown question 'followup.strategic-noo'"
    assert problem.suggestion == "followup.strategic-no"
    assert problem.line == 29


def test_followups_in_an_answers_file_count_but_are_not_stored_as_answers(
    run_cli, write, tmp_path: Path
) -> None:
    import json

    answers = write(
        "a.yaml",
        """
        person: Kim
        answers:
          workload.hours_per_week: 40
          followup.brag-document: not_started
          followup.brag-document.promised: 2
        """,
    )
    home = tmp_path / "home"
    result = run_cli("--home", str(home), "assess", "--answers", str(answers), "--json")
    assert result.code == 0, result.err
    fired = [r["id"] for d in json.loads(result.out)["diagnoses"] for r in d["rules"]]
    assert "invisible-brag-promised-not-started" in fired
    exported = run_cli("--home", str(home), "export", "--person", "Kim")
    assert exported.code == 0, exported.err
    [stored] = json.loads(exported.out)["assessments"]
    assert [answer["ref"] for answer in stored["answers"]] == ["workload.hours_per_week"]
