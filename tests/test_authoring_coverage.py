"""`coach rules test` coverage: rules no case fires, tests never true or never false."""

from __future__ import annotations

import textwrap
from pathlib import Path

from coach.authoring.coverage import measure
from coach.authoring.ruletests import read_cases
from coach.content.bundle import load_content

CASES = """\
cases:
  - name: long hours
    answers: {workload.hours_per_week: 62}
    expect: {diagnoses: {hero: high}, not_actions: [brag-doc]}
  - name: calm
    answers: {workload.hours_per_week: 40}
    expect: {not_diagnosed: [hero]}
"""


def _setup(mini: Path) -> Path:
    tests = mini / "rules" / "tests"
    (tests / "t.yaml").unlink()
    path = tests / "cases.yaml"
    path.write_text(textwrap.dedent(CASES))
    return path


def _run(mini: Path, run_cli, *extra: str):
    return run_cli(
        "rules", "test", "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), *extra,
    )  # fmt: skip


def test_coverage_names_the_rule_no_case_fires(mini: Path, run_cli) -> None:
    _setup(mini)
    result = _run(mini, run_cli)
    assert result.code == 0, result.out
    lines = result.out.splitlines()
    assert "2 passed, 0 failed, 2 cases." in lines
    assert (
        "Coverage: cases fire 1 of 2 rules (50%); they make 5 of 6 test outcomes true or false "
        "(83%)." in lines
    )
    assert "Rules no case fires:" in lines
    assert any(line.endswith("hero.yaml:14: glue") for line in lines), result.out


def test_a_missing_answers_file_says_where_it_was_looked_for(mini: Path, run_cli) -> None:
    tests = mini / "rules" / "tests" / "t.yaml"
    text = tests.read_text(encoding="utf-8")
    tests.write_text(
        text.replace(
            "  - name: calm\n", "  - name: calm\n    answers_file: ../../examples/calm.yaml\n"
        ),
        encoding="utf-8",
    )
    result = _run(mini, run_cli)
    assert result.code == 3
    looked = (mini / "examples" / "calm.yaml").resolve()
    assert "t.yaml:6:19: cases[1].answers_file: no such answers file: ../../examples/calm.yaml" in (
        result.out + result.err
    )
    assert (
        f"(looked for {looked}: the path is relative to this test file" in result.out + result.err
    )


def test_min_coverage_fails_below_the_threshold(mini: Path, run_cli) -> None:
    _setup(mini)
    assert _run(mini, run_cli, "--min-coverage", "50").code == 0
    result = _run(mini, run_cli, "--min-coverage", "80")
    assert result.code == 1
    assert "Rule coverage 50% is below --min-coverage 80%." in result.out


def test_coverage_details_list_tests_never_true_or_false(mini: Path, run_cli) -> None:
    _setup(mini)
    result = _run(mini, run_cli, "--coverage")
    out = result.out
    never_true = out.split("Tests no case makes true:")[1]
    assert "hero.yaml:18:" in never_true
    assert "workload.work includes Mentoring (rule glue)" in never_true
    assert "Tests no case makes false:" not in out  # 40 hours made both hour tests false


def test_not_actions_is_checked(mini: Path, run_cli) -> None:
    path = _setup(mini)
    path.write_text(
        path.read_text().replace("not_actions: [brag-doc]", "not_actions: [strategic-no]")
    )
    result = _run(mini, run_cli)
    assert result.code == 1
    assert "expected no action strategic-no, but it was suggested" in result.out


def test_measure_counts_each_outcome(mini: Path) -> None:
    path = _setup(mini)
    content = load_content(mini / "rules", mini / "questionnaires")
    cases, problems = read_cases(path, content)
    assert problems == []
    coverage = measure(cases, content)
    assert coverage.rules == {"hero-hours": 1, "glue": 0}
    counts = {(leaf.rule_id, leaf.words): (leaf.true, leaf.false) for leaf in coverage.leaves}
    assert counts[("hero-hours", "workload.hours_per_week is 55 or more")] == (1, 1)
    assert counts[("glue", "workload.work includes Mentoring")] == (0, 2)


def test_a_case_names_the_rules_it_expects_to_fire_and_learns_why_not(mini: Path, run_cli) -> None:
    """`fires:` tests the rule just written; when it does not fire, what would make it fire."""
    path = _setup(mini)
    path.write_text(
        path.read_text()
        .replace("{diagnoses: {hero: high}, ", "{fires: [hero-hours], not_fires: [glue], ")
        .replace("{not_diagnosed: [hero]}", "{fires: [hero-hours]}")
    )
    result = _run(mini, run_cli)
    assert result.code == 1
    assert (
        "- expected rule hero-hours to fire, it did not: would fire if workload.hours_per_week "
        "were" in result.out
    ), result.out
    assert "1 passed, 1 failed, 2 cases." in result.out
    path.write_text(path.read_text().replace("not_fires: [glue]", "not_fires: [hero-hours]"))
    assert "expected rule hero-hours not to fire, but it fired" in _run(mini, run_cli).out
    path.write_text(path.read_text().replace("not_fires: [hero-hours]", "not_fires: [hero-hour]"))
    shown = _run(mini, run_cli)
    assert shown.code != 0
    assert (
        "cases[0].expect.not_fires[0]: unknown rule 'hero-hour' (did you mean 'hero-hours'?)"
        in shown.out + shown.err
    )


def test_an_expectation_written_the_wrong_way_says_what_goes_there(mini: Path, run_cli) -> None:
    path = _setup(mini)
    path.write_text(
        path.read_text()
        .replace("{diagnoses: {hero: high}, ", "{diagnoses: [hero], ")
        .replace("{not_diagnosed: [hero]}", "{expected_rules: [hero-hours]}")
    )
    shown = _run(mini, run_cli)
    out = shown.out + shown.err
    assert shown.code != 0
    assert (
        "cases[0].expect.diagnoses: expected a mapping (key: value lines), got a list "
        "(diagnoses: each mistake diagnosed at least at this severity: {hero: high})" in out
    ), out
    assert "cases[1].expect.expected_rules: unknown key 'expected_rules' (the keys here: " in out
    assert "fires, not_fires" in out
