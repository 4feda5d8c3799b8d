"""`coach assess --answers`: the main job without a terminal, as JSON and as a report."""

from __future__ import annotations

import json
from pathlib import Path

from coach.content.bundle import SHIPPED_EXAMPLES


def test_json_has_diagnoses_with_severity_and_ranked_actions(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "--home",
        str(tmp_path),
        "assess",
        "--answers",
        str(SHIPPED_EXAMPLES / "hero.yaml"),
        "--json",
    )
    assert result.code == 0, result.err
    data = json.loads(result.out)
    hero = next(d for d in data["diagnoses"] if d["mistake"] == "hero")
    assert hero["severity"] == "critical"
    assert hero["rules"][0]["evidence"], "each diagnosis carries the answers behind it"
    assert all("id" in action for action in data["actions"])
    assert data["pack"]["id"] == "coach-core"
    assert len(data["pack"]["hash"]) == 64
    assert [entry["mistake"] for entry in data["profile"]] == [
        "hero",
        "invisible",
        "business",
        "politics",
        "toxic",
        "positioning",
        "exit",
    ]


def test_report_shows_profile_diagnoses_and_first_steps(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "--home",
        str(tmp_path),
        "assess",
        "--answers",
        str(SHIPPED_EXAMPLES / "hero.yaml"),
    )
    assert result.code == 0, result.err
    assert "Your profile across the seven mistakes" in result.out
    assert "Playing the hero" in result.out
    assert "First step this week" in result.out
    assert "This is not a diagnosis" in result.out  # long hours touch health


def test_bad_answers_are_located_errors(run_cli, write, tmp_path: Path) -> None:
    answers = write(
        "answers.yaml",
        """
        answers:
          workload.hours_per_wek: 60
          workload.hours_per_week: 500
          workload.on_call: maybe
        """,
    )
    result = run_cli("--home", str(tmp_path), "assess", "--answers", str(answers))
    assert result.code == 3
    lines = result.err.splitlines()
    assert lines[0].endswith(
        "answers.yaml:2:3: answers.workload.hours_per_wek: unknown question 'workload.hours_per_wek' "
        "(did you mean 'workload.hours_per_week'?)"
    )
    assert lines[1].endswith(
        "answers.yaml:3:28: answers.workload.hours_per_week: 500 is above the maximum of 120 hours"
    )
    assert lines[2].endswith(
        "answers.yaml:4:21: answers.workload.on_call: expected yes or no (true/false), got 'maybe'"
    )
    assert "Traceback" not in result.err


def test_balanced_persona_gets_nothing_above_low(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "--home",
        str(tmp_path),
        "assess",
        "--answers",
        str(SHIPPED_EXAMPLES / "balanced.yaml"),
        "--json",
    )
    data = json.loads(result.out)
    assert all(d["severity"] == "low" for d in data["diagnoses"])


def test_stress_in_a_healthy_team_is_not_called_a_toxic_culture(run_cli, tmp_path: Path) -> None:
    # Kai: forty hours, a safe team, brain fog and poor sleep. The report filed the symptoms under
    # "Staying too long in a toxic culture" until content 1.24.0.
    result = run_cli(
        "--home",
        str(tmp_path),
        "assess",
        "--answers",
        str(SHIPPED_EXAMPLES / "symptoms-healthy-team.yaml"),
        "--no-save",
    )
    assert result.code == 0, result.err
    assert "Your wellbeing (not a career mistake)" in result.out
    assert "Staying on in a culture of harassment" not in result.out
    assert "This is not a diagnosis" in result.out
    assert "Get support" in result.out
    data = json.loads(
        run_cli(
            "--home",
            str(tmp_path),
            "assess",
            "--answers",
            str(SHIPPED_EXAMPLES / "symptoms-healthy-team.yaml"),
            "--json",
            "--no-save",
        ).out
    )
    assert [d["mistake"] for d in data["diagnoses"]] == ["wellbeing"]
    # the profile stays the seven mistakes, and none of them is found
    assert len(data["profile"]) == 7
    assert {entry["severity"] for entry in data["profile"]} == {None}


def test_evidence_says_what_a_rule_wanted_only_where_it_says_more(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    """'→ yes (is yes)' said the answer twice; '→ 62 hours (is more than 55)' says why."""
    monkeypatch.setenv("COLUMNS", "240")  # each evidence line on one line
    hero = str(SHIPPED_EXAMPLES / "hero.yaml")
    report = run_cli("--home", str(tmp_path), "assess", "--answers", hero)
    assert report.code == 0, report.err
    assert "(is more than 55)" in report.out
    assert "→ yes  (is yes)" not in report.out
    assert "→ I usually just take it on  (is" not in report.out
    assert "→ 30 months  (is more than 2)" in report.out  # under a not: its opposite
    assert "(not: " not in report.out
    assert "(is not yes)" not in report.out  # '→ no' says it
    plan = run_cli("--home", str(tmp_path), "plan", "--person", "Sam", "--format", "md", "-o", "-")
    assert plan.code == 0, plan.err
    assert "→ **yes**\n" in plan.out
    assert "→ **62 hours** (is more than 55)" in plan.out
    assert "→ includes **Brain fog" in plan.out  # a tick list still says what was ticked


def test_each_action_this_month_says_how_to_tell_it_worked(run_cli, tmp_path: Path) -> None:
    """The printed plan had each action's success check; the terminal report only the first
    step, so an engineer who never prints the plan could not tell when an action was done."""
    result = run_cli(
        "--home", str(tmp_path), "assess", "--answers", str(SHIPPED_EXAMPLES / "hero.yaml")
    )
    assert result.code == 0, result.err
    shown = run_cli(
        "--home",
        str(tmp_path),
        "assess",
        "--answers",
        str(SHIPPED_EXAMPLES / "hero.yaml"),
        "--json",
        "--no-save",
    )
    assert shown.code == 0, shown.err
    this_month = [a for a in json.loads(shown.out)["actions"] if a["stage"] == "this-month"]
    assert this_month
    flat = " ".join(result.out.replace("│", " ").split())
    for action in this_month:
        check = " ".join(action["success_check"].split())
        assert f"Worked when: {check}" in flat, action["id"]


def test_a_long_line_of_a_list_wraps_under_its_own_text(run_cli, tmp_path: Path) -> None:
    result = run_cli(
        "--home", str(tmp_path), "assess", "--answers", str(SHIPPED_EXAMPLES / "hero.yaml")
    )
    lines = result.out.splitlines()
    start = lines.index("Keep doing")
    kept = lines[start + 1 : lines.index("", start)]
    assert any(not line.lstrip().startswith("•") for line in kept), "one strength wraps"
    for line in kept:
        assert line.startswith((" • ", "   ")), line


def test_tests_that_held_because_nothing_was_there_are_said_on_one_line(
    run_cli, tmp_path: Path
) -> None:
    """Bullied, nine months in, no test run: the verdict's evidence listed four lines of
    "→ not answered (not: is one of ...)" and "→ no job recorded (not: is 1 or more)"; a coach
    says once what was not there."""
    text = (SHIPPED_EXAMPLES / "month-five-bullied-glue.yaml").read_text(encoding="utf-8")
    lines = [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith(
            ("culture.months_in_role", "culture.tried", "culture.test_")
        )
    ]
    answers = tmp_path / "bullied.yaml"
    answers.write_text(
        "\n".join([*lines, "  culture.months_in_role: 9", "  culture.tried: [none]", ""]),
        encoding="utf-8",
    )
    result = run_cli("--home", str(tmp_path), "assess", "--answers", str(answers), "--no-save")
    assert result.code == 0, result.err
    flat = " ".join(result.out.replace("│", " ").split())
    assert (
        "• Nothing answered or recorded, as the rule needs: How were those attempts received, "
        "overall?; Tests of months 4-6 punished; The six-month verdict (coach job verdict); "
        "Tests of months 4-6 welcomed"
    ) in flat
    assert "(not: is Leave)" not in flat
    assert "→ 9 months (is 6 or more)" in flat  # what was answered keeps its own line
    saved = run_cli("--home", str(tmp_path), "assess", "--answers", str(answers), "--json")
    assert saved.code == 0, saved.err
    plan = run_cli(
        "--home",
        str(tmp_path),
        "plan",
        "--person",
        "Ivy",
        "--format",
        "md",
        "-o",
        str(tmp_path / "p.md"),
    )
    assert plan.code == 0, plan.err
    markdown = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "Nothing answered or recorded, as the rule needs" in markdown
    assert "not: is Leave" not in markdown
