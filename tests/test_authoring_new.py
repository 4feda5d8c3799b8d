"""`coach rules new`: a valid, commented rule appended without disturbing the rest of the file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from coach.authoring.scaffold import RuleDraft, add_rule, insert_rule
from coach.content.bundle import load_content
from coach.ui.rule_prompts import ask_rule

OPTIONS = (
    "--mistake", "hero", "--question", "workload.paged", "--op", "gte", "--value", "4",
    "--severity", "medium", "--title", "Paged most nights",
    "--because", "Sleep loss dulls judgement [4].", "--actions", "strategic-no",
)  # fmt: skip


def _new(mini: Path, run_cli, *extra: str):
    return run_cli(
        "rules", "new", "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), "--yes", *extra,
    )  # fmt: skip


def test_rule_is_appended_and_the_rest_is_untouched(mini: Path, run_cli) -> None:
    hero = mini / "rules" / "hero.yaml"
    before = hero.read_text()
    result = _new(mini, run_cli, *OPTIONS)
    assert result.code == 0, result.err
    after = hero.read_text()
    assert after.startswith(before)
    added = after[len(before) :]
    assert "# Added with `coach rules new`" in added
    assert "  - id: hero-paged\n" in added
    assert "    when: {workload.paged: {gte: 4}}\n" in added
    assert "    # fires when: Paged? -> is at least 4\n" in added
    content = load_content(mini / "rules", mini / "questionnaires")
    rule = next(r for r in content.pack.rules if r.id == "hero-paged")
    assert (rule.severity, rule.sources, rule.actions) == ("medium", (4,), ("strategic-no",))
    assert "Added rule 'hero-paged' to" in result.out


def test_a_rule_that_would_not_load_is_refused(mini: Path, run_cli) -> None:
    hero = mini / "rules" / "hero.yaml"
    before = hero.read_text()
    options = list(OPTIONS)
    options[options.index("4")] = "9"
    result = _new(mini, run_cli, *options)
    assert result.code == 3
    assert "the new rule would not load: 9 is outside the range of 'workload.paged' (1 to 5)" in (
        result.err
    )
    assert "hero.yaml:" in result.err
    assert hero.read_text() == before


def test_an_operator_in_words_gets_coachs_name(mini: Path, run_cli) -> None:
    options = list(OPTIONS)
    options[options.index("gte")] = "at least"
    result = _new(mini, run_cli, *options)
    assert result.code == 2
    assert "--op: 'at least' is not an operator for workload.paged (did you mean 'gte'?)" in (
        result.err
    )
    assert "hero-paged" not in (mini / "rules" / "hero.yaml").read_text()


def test_without_a_terminal_the_missing_options_are_named(mini: Path, run_cli) -> None:
    result = _new(mini, run_cli, "--mistake", "hero")
    assert result.code == 5
    assert "--question, --op, --value, --severity, --title, --because" in result.err


def test_a_new_file_is_created(mini: Path, run_cli) -> None:
    target = mini / "rules" / "paging.yaml"
    result = run_cli(
        "rules", "new", str(target), "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), "--yes", *OPTIONS,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert target.read_text().startswith("rules:\n  # Added with")
    assert load_content(mini / "rules", mini / "questionnaires")


def test_a_decision_table_is_refused(mini: Path, run_cli) -> None:
    table = mini / "rules" / "hours.csv"
    table.write_text(
        "# hit_policy: collect\n"
        "id,workload.hours_per_week >=,mistake,severity,title,because,sources\n"
        "long,70,hero,high,Long,b,4\n"
    )
    result = run_cli(
        "rules", "new", str(table), "--rules", str(mini / "rules"),
        "--questionnaires", str(mini / "questionnaires"), "--yes", *OPTIONS,
    )  # fmt: skip
    assert result.code == 3
    assert "is a decision table: add a row to it instead" in result.err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "rules:\n  - id: a\n    x: 1\n\nconditions:\n  c: {a.b: 1}\n",
            "rules:\n  - id: a\n    x: 1\n\nNEW\nconditions:\n  c: {a.b: 1}\n",
        ),
        (
            "rules:\n- id: a\n# the conditions\nconditions: {}\n",
            "rules:\n- id: a\n\nNEW\n# the conditions\nconditions: {}\n",
        ),
        ("rules: []  # none yet\n", "rules:\nNEW\n"),
        ("conditions: {}", "conditions: {}\n\nrules:\nNEW\n"),
    ],
)
def test_insertion_points(text: str, expected: str) -> None:
    assert insert_rule(text, "NEW\n", "x.yaml") == expected


def test_flow_rules_are_refused() -> None:
    from coach.authoring.scaffold import ScaffoldError

    with pytest.raises(ScaffoldError, match="on one line"):
        insert_rule("rules: [{id: a}]\n", "NEW\n", "x.yaml")


def test_add_rule_keeps_the_file_indentation(mini: Path) -> None:
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(
        hero.read_text()
        .replace("\n  - ", "\n    - ")
        .replace("\n    ", "\n      ")
        .replace("\n      - ", "\n    - ")
    )
    content = load_content(mini / "rules", mini / "questionnaires")
    draft = RuleDraft(
        "hero-on-call",
        "On call",
        "hero",
        "workload.on_call",
        "eq",
        True,
        "low",
        because="b",
        sources=[4],
    )
    block = add_rule(hero, draft, content, mini / "rules", mini / "questionnaires")
    assert block.splitlines()[2] == "    - id: hero-on-call"
    assert load_content(mini / "rules", mini / "questionnaires")


def test_prompts_in_a_pipe(mini: Path) -> None:
    content = load_content(mini / "rules", mini / "questionnaires")
    keys = [
        "\r",  # mistake: Hero (the first)
        "paged", "\r",  # the question, by filtering
        "\x1b[B" * 5, "\r",  # gte (eq, ne, in, not_in, gt, gte)
        "4\r",  # value
        "\r",  # severity: medium (the default)
        " ", "\r",  # actions: the first, strategic-no
        "\r",  # id: the proposed one
        "Paged most nights\r",
        "Sleep loss dulls judgement [4].\r",
        "\r",  # sources: the mistake's
        "\r",  # priority: 51, the first from 50 up that no rule has (glue has 50)
    ]  # fmt: skip
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        draft = ask_rule(content, {}, input=pipe, output=DummyOutput())
    assert draft == RuleDraft(
        "hero-paged",
        "Paged most nights",
        "hero",
        "workload.paged",
        "gte",
        4,
        "medium",
        51,
        "Sleep loss dulls judgement [4].",
        [4],
        ["strategic-no"],
    )


@pytest.mark.parametrize(("key", "added"), [("n", False), ("y", True)])
def test_on_a_terminal_the_rule_is_shown_and_written_only_when_confirmed(
    mini: Path, key: str, added: bool
) -> None:
    pexpect = pytest.importorskip("pexpect")
    hero = mini / "rules" / "hero.yaml"
    before = hero.read_text()
    args = ["-m", "coach", "rules", "new", "--rules", str(mini / "rules")]
    args += ["--questionnaires", str(mini / "questionnaires"), *OPTIONS, "--priority", "40"]
    args += ["--id", "hero-paged", "--sources", "4"]
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "COLUMNS": "120", "NO_COLOR": "1"}
    child = pexpect.spawn(
        sys.executable, args, encoding="utf-8", timeout=20, env=env, dimensions=(40, 120)
    )
    child.expect("  - id: hero-paged")  # the rule, as it will be written, before the question
    child.expect(r"Add this rule to .*hero\.yaml\?")
    child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    if added:
        assert "Added rule 'hero-paged' to" in child.before
        assert "  - id: hero-paged\n" in hero.read_text()[len(before) :]
    else:
        assert "Nothing was added." in child.before
        assert hero.read_text() == before
