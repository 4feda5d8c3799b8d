"""Authoring safety: writers keep out of the shipped pack, never skip a confirmation silently,
and the checks a careless edit needs (duplicate keys, citations, score thresholds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content.bundle import SHIPPED_RULES

OPTIONS = (
    "--mistake", "hero", "--question", "workload.paged", "--op", "gte", "--value", "4",
    "--severity", "medium", "--title", "Paged most nights",
    "--because", "Sleep loss dulls judgement [4].", "--actions", "strategic-no",
)  # fmt: skip
SHIPPED_REFUSAL = (
    "Error: the shipped rule pack is part of the installed coach and is replaced when coach is "
    "upgraded, so `coach rules new` does not write into it: copy it to a folder of your own and "
    "pass --rules DIR"
)


@pytest.mark.parametrize("where", [None, "folder", "file"])
def test_rules_new_never_writes_into_the_shipped_pack(run_cli, where: str | None) -> None:
    before = {p: p.read_bytes() for p in SHIPPED_RULES.glob("*.yaml")}
    extra = {
        None: [],
        "folder": ["--rules", str(SHIPPED_RULES)],
        "file": [str(SHIPPED_RULES / "hero.yaml"), "--rules", str(SHIPPED_RULES / ".")],
    }[where]
    result = run_cli("rules", "new", *extra, "--yes", *OPTIONS)
    assert result.code == 2
    assert result.err.splitlines()[-1] == SHIPPED_REFUSAL
    assert {p: p.read_bytes() for p in SHIPPED_RULES.glob("*.yaml")} == before


def test_rules_new_without_a_terminal_needs_yes(run_cli, mini: Path) -> None:
    hero = mini / "rules" / "hero.yaml"
    before = hero.read_text()
    result = run_cli(
        "rules", "new", "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), *OPTIONS,
    )  # fmt: skip
    assert result.code == 5
    assert result.err.strip() == (
        "coach: `coach rules new` asks you to confirm before it writes, and there is no "
        "terminal to ask: add --yes to write the rule without asking"
    )
    assert hero.read_text() == before


def test_rules_new_checks_its_sources_option(run_cli, mini: Path) -> None:
    result = run_cli(
        "rules", "new", "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), "--yes", *OPTIONS, "--sources", "four",
    )  # fmt: skip
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "Error: Invalid value for '--sources': 'four': give source numbers, e.g. 4 or 3, 4"
    )


def _validate(run_cli, mini: Path):
    return run_cli(
        "validate", "--rules", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )


def test_a_duplicate_key_does_not_hide_the_other_rules_of_the_file(
    run_cli, mini: Path, monkeypatch
) -> None:
    monkeypatch.chdir(mini)
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text().replace("    priority: 5\n", "    priority: 5\n    priority: 6\n")
    hero.write_text(text.replace("{workload.work: ", "{workload.wrk: "))
    result = _validate(run_cli, Path())
    assert result.out.splitlines()[:2] == [
        "rules/hero.yaml:9:5: rules[0].priority: duplicate key 'priority' (first written at line 8)",
        "rules/hero.yaml:19:37: rules[1].when.workload.wrk.contains: unknown question "
        "'workload.wrk' (did you mean 'workload.work'?)",
    ]


def test_a_citation_of_an_unknown_source_is_an_error_at_its_line(
    run_cli, mini: Path, monkeypatch
) -> None:
    monkeypatch.chdir(mini)
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text().replace("because: tax", "because: tax [7] and [1, 9]."))
    result = _validate(run_cli, Path())
    assert result.out.splitlines() == [
        "rules/hero.yaml:19:14: rules[1].because: cites [7], [9], which sources.yaml does not "
        "list (it lists 1, 4)"
    ]


def test_a_score_threshold_outside_its_range_is_an_error(run_cli, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini)
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(
        hero.read_text() + "  - id: pressured\n    title: P\n    mistake: hero\n    severity: low\n"
        "    when: {scores.pressure: {gte: 9}}\n    because: b [4]\n    sources: [4]\n"
        "    actions: [strategic-no]\n"
    )
    result = _validate(run_cli, Path())
    assert result.out.splitlines() == [
        "rules/hero.yaml:26:35: rules[2].when.scores.pressure.gte: 9 is outside the range of "
        "'scores.pressure' (1 to 5)"
    ]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["rules", "test", "--min-coverage", "nan"],
            "Error: Invalid value for '--min-coverage': 'nan' is not a number from 0 to 100",
        ),
        (
            ["rules", "lint", "--base", "/dev/null"],
            "Error: Invalid value for '--base': '/dev/null' is not a folder",
        ),
        (
            ["rules", "schema", "nope"],
            "Error: Invalid value for NAME: 'nope' is not one of: questionnaire, rules, actions, mistakes, sources, pack, rule-tests",
        ),
        (
            ["rules", "explain", "--answers", "/dev/zero"],
            "Error: Invalid value for '--answers': '/dev/zero' is a device, not a regular file: coach reads only regular files",
        ),
    ],
)
def test_odd_option_values_are_bad_parameters(run_cli, argv: list[str], message: str) -> None:
    result = run_cli(*argv)
    assert result.code == 2
    assert result.err.splitlines()[-1] == message
