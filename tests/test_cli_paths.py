"""`coach validate FILE` on each kind of file, and what a user sees when coach itself fails."""

from __future__ import annotations

from pathlib import Path

import pytest


def _content(mini: Path) -> tuple[str, ...]:
    return ("--rules", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires"))


@pytest.mark.parametrize(
    "name", ["questionnaires/q.yaml", "rules/hero.yaml", "rules/tests/t.yaml", "answers.yaml"]
)
def test_validate_one_clean_file_of_each_kind(run_cli, mini: Path, name: str) -> None:
    result = run_cli("validate", str(mini / name), *_content(mini))
    assert (result.code, result.out.strip()) == (0, "All content is valid."), result.out


def test_validate_one_rules_file_reports_its_problem_at_its_line(run_cli, mini: Path) -> None:
    rules = mini / "rules" / "hero.yaml"
    rules.write_text(rules.read_text().replace("severity: high", "severity: hihg"))
    result = run_cli("validate", str(rules), *_content(mini))
    assert result.code == 1
    assert "hero.yaml:7:15: rules[0].severity:" in result.out
    assert "1 problem found." in result.err


def test_validate_one_questionnaire_file_reports_every_problem(run_cli, mini: Path) -> None:
    questionnaire = mini / "questionnaires" / "q.yaml"
    text = questionnaire.read_text().replace("type: number", "type: numbr")
    questionnaire.write_text(text.replace("max: 5,", "max: 0,"))
    result = run_cli("validate", str(questionnaire))
    assert result.code == 1
    assert "q.yaml:9:15: sections[0].questions[0].type:" in result.out
    assert "did you mean 'number'?" in result.out


def test_validate_one_rule_test_file_names_an_unknown_mistake(run_cli, mini: Path) -> None:
    cases = mini / "rules" / "tests" / "t.yaml"
    cases.write_text(cases.read_text().replace("{hero: high, invisible: low}", "{heroo: high}"))
    result = run_cli("validate", str(cases), *_content(mini))
    assert result.code == 1
    assert "t.yaml:4:26: cases[0].expect.diagnoses.heroo: unknown mistake 'heroo'" in result.out
    assert "(did you mean 'hero'?)" in result.out


def test_an_unexpected_error_is_a_short_bug_report_with_exit_70(
    run_cli, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("the disk said no")

    monkeypatch.setattr("coach.authoring.validate.validate_paths", broken)
    monkeypatch.delenv("COACH_DEBUG", raising=False)
    result = run_cli("validate", str(mini / "answers.yaml"))
    assert result.code == 70
    assert result.err.splitlines() == [
        "coach: unexpected error (RuntimeError: the disk said no).",
        "This is a bug in coach. Run again with --debug to see the details, and report them.",
    ]

    debug = run_cli("--debug", "validate", str(mini / "answers.yaml"))
    assert debug.code == 70
    assert "Traceback (most recent call last):" in debug.err
    assert 'raise RuntimeError("the disk said no")' in debug.err
    assert debug.err.rstrip().endswith("report them.")

    monkeypatch.setenv("COACH_DEBUG", "1")
    assert "Traceback" in run_cli("validate", str(mini / "answers.yaml")).err
    monkeypatch.setenv("COACH_DEBUG", "0")
    assert "Traceback" not in run_cli("validate", str(mini / "answers.yaml")).err


def test_a_content_folder_given_twice_is_refused_not_the_last_kept(mini, run_cli) -> None:
    """`--rules a --rules b` checked b alone without a word; now both are named, exit 2."""
    other = mini.parent / "other"
    other.mkdir()
    result = run_cli("validate", "--rules", str(mini / "rules"), "--rules", str(other))
    assert result.code == 2
    assert "Invalid value for '--rules': given 2 times" in result.err
    assert str(other) in result.err
    twice = run_cli(
        "validate", "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"),
        "--questionnaires", str(mini / "questionnaires"),
    )  # fmt: skip
    assert twice.code == 2
    assert "Invalid value for '--questionnaires': given 2 times" in twice.err
    once = run_cli(
        "validate", "--rules", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert once.code == 0, once.out + once.err
