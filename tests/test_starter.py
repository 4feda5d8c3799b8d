"""`coach rules init`, packs that extend another (`extends:`), `coach docs` and the schemas."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coach.content.bundle import SHIPPED
from coach.guides import GUIDES

ROOT = Path(__file__).resolve().parent.parent
RULE = """\
rules:
  - id: long-hours-again
    title: You work very long hours
    mistake: {mistake}
    severity: high
    priority: 5
    when: {{workload.hours_per_week: {{gt: 60}}}}
    because: More than 55 hours a week goes with a higher risk of stroke [4].
    sources: [4]
    actions: [{action}]
    notice: health
"""


def test_init_from_shipped_is_a_complete_clean_pack(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "Our Pack"
    made = run_cli("rules", "init", str(target))
    assert made.code == 0, made.err
    assert "a copy of the shipped pack" in made.out
    rules = str(target / "rules")
    lint = run_cli("rules", "lint", "--rules", rules)
    assert lint.code == 0
    last = lint.out.splitlines()[-1]
    assert last.startswith("0 errors") or last == "No problems found."
    tests = run_cli("rules", "test", "--rules", rules, "--min-coverage", "100")
    assert tests.code == 0, tests.out
    assert "(100%)" in tests.out
    assert run_cli("validate", "--rules", rules).code == 0
    assert "name: our-pack\n" in (target / "rules" / "pack.yaml").read_text()
    # every file names its schema, inside the folder, by a relative path
    for path in target.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            relative = first.split("$schema=")[1]
            assert not relative.startswith("/"), path
            assert (path.parent / relative).resolve().is_file(), path
    written = "".join(p.read_text(encoding="utf-8") for p in target.rglob("*.yaml"))
    assert str(ROOT) not in written
    assert str(SHIPPED) not in written


def test_init_refuses_a_folder_that_is_not_empty(run_cli, tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    result = run_cli("rules", "init", str(tmp_path / "taken"))
    assert result.code == 2
    assert "already exists and is not an empty folder" in result.err
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_init_minimal_extends_the_shipped_catalog(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    assert run_cli("rules", "init", str(target), "--minimal").code == 0
    rules = target / "rules"
    assert sorted(p.name for p in rules.iterdir()) == ["pack.yaml", "tests"]
    lint = run_cli("rules", "lint", "--rules", str(rules))
    assert lint.code == 0
    assert "the pack has no rules yet" in lint.out
    assert "unused-action" not in lint.out  # the shipped actions are not this pack's to use
    assert run_cli("rules", "test", "--rules", str(rules)).code == 0
    # a rule citing the shipped mistake, action, source and notice by id loads
    (rules / "hours.yaml").write_text(RULE.format(mistake="hero", action="cap-hours"))
    assert run_cli("validate", "--rules", str(rules)).code == 0
    lint = run_cli("rules", "lint", "--rules", str(rules))
    assert "no rules yet" not in lint.out
    assert "unused-action" not in lint.out
    assert "no-success-check" not in lint.out  # the shipped actions come with their checks


def test_unknown_and_repeated_ids_across_the_extended_pack(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    run_cli("rules", "init", str(target), "--minimal")
    rules = target / "rules"
    (rules / "hours.yaml").write_text(RULE.format(mistake="heroo", action="cap-hour"))
    (rules / "mistakes.yaml").write_text(
        "mistakes:\n  - id: hero\n    title: Mine\n    summary: s\n    why: w\n    sources: [4]\n"
    )
    result = run_cli("validate", "--rules", str(rules))
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        re.search(
            r"mistakes.yaml:2:9: mistakes\[0\].id: mistake 'hero' is already defined by "
            r"the pack this one extends \(.*rules/mistakes.yaml:\d+\)",
            line,
        )
        for line in lines
    ), result.out
    assert "hours.yaml:4:14: rules[0].mistake: unknown mistake 'heroo' (did you mean 'hero'?)" in (
        result.out
    )
    assert "unknown action 'cap-hour' (did you mean 'cap-hours'?)" in result.out


def test_extends_a_path_and_refuses_a_loop(run_cli, tmp_path: Path) -> None:
    run_cli("rules", "init", str(tmp_path / "a"), "--minimal")
    run_cli("rules", "init", str(tmp_path / "b"), "--minimal")
    a_pack, b_pack = tmp_path / "a" / "rules" / "pack.yaml", tmp_path / "b" / "rules" / "pack.yaml"
    a_pack.write_text(a_pack.read_text().replace("extends: shipped", "extends: ../../b/rules"))
    assert run_cli("validate", "--rules", str(tmp_path / "a" / "rules")).code == 0
    # rules new proves the rule in a scratch copy: the relative `extends:` still resolves there
    added = run_cli(
        "rules",
        "new",
        "--yes",
        "--rules",
        str(tmp_path / "a" / "rules"),
        "--mistake",
        "hero",
        "--question",
        "workload.hours_per_week",
        "--op",
        "gt",
        "--value",
        "70",
        "--severity",
        "high",
        "--title",
        "Very long hours",
        "--because",
        "Too long [4].",
        "--actions",
        "cap-hours",
    )
    assert added.code == 0, added.err
    b_pack.write_text(b_pack.read_text().replace("extends: shipped", "extends: ../../a/rules"))
    result = run_cli("validate", "--rules", str(tmp_path / "a" / "rules"))
    assert result.code == 1
    assert "which extends this pack again (a loop)" in result.out
    a_pack.write_text(a_pack.read_text().replace("extends: ../../b/rules", "extends: nowhere"))
    result = run_cli("validate", "--rules", str(tmp_path / "a" / "rules"))
    assert "pack.yaml:8:10: extends: extends 'nowhere', but" in result.out


@pytest.mark.parametrize("topic", sorted(GUIDES))
def test_docs_prints_the_installed_guides(run_cli, topic: str) -> None:
    result = run_cli("docs", topic)
    assert result.code == 0
    assert result.out == (ROOT / "docs" / GUIDES[topic][0]).read_text(encoding="utf-8")


def test_docs_lists_topics_and_suggests(run_cli) -> None:
    listing = run_cli("docs")
    assert "authoring" in listing.out
    assert "operators" in listing.out
    assert "| `gte` |" in run_cli("docs", "operators").out
    wrong = run_cli("docs", "authorin")
    assert wrong.code == 2
    assert "no guide 'authorin' (did you mean 'authoring'?)" in wrong.err


def test_schema_without_output_says_where_the_schemas_are(run_cli) -> None:
    result = run_cli("rules", "schema")
    assert result.code == 0
    folder = Path(result.out.splitlines()[0].removeprefix("The schemas are installed in ")[:-1])
    assert sorted(p.name for p in folder.glob("*.json")) == sorted(
        f"{n}.json"
        for n in ("questionnaire", "rules", "actions", "mistakes", "sources", "pack", "rule-tests")
    )
    assert folder.resolve() == (SHIPPED / "schemas").resolve()


def test_lint_tells_a_questionnaire_from_a_rules_file(run_cli, tmp_path: Path) -> None:
    checkup = SHIPPED / "questionnaires" / "career-checkup.yaml"
    result = run_cli("rules", "lint", str(checkup))
    assert "unknown key 'sections'" not in result.out
    assert "error" not in result.out.splitlines()[-1].replace("0 errors", "")
    broken = tmp_path / "questionnaires" / "q.yaml"
    broken.parent.mkdir()
    broken.write_text(checkup.read_text().replace("type: scale", "type: scael", 1))
    result = run_cli("rules", "lint", str(broken))
    assert result.code == 1
    assert "q.yaml:" in result.out
    assert "[invalid]" in result.out
    assert "unknown key 'sections'" not in result.out
    cbi = SHIPPED / "instruments" / "cbi-work.yaml"
    assert run_cli("rules", "lint", str(cbi)).out == "No problems found.\n"
    tests = SHIPPED / "rules" / "tests" / "cbi-work.yaml"
    assert run_cli("rules", "lint", str(tests)).out == "No problems found.\n"


def test_messages_about_another_file_give_its_file_and_line(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "p"
    run_cli("rules", "init", str(target), "--minimal")
    rules = target / "rules"
    (rules / "a.yaml").write_text(
        "conditions:\n  long: {workload.hours_per_week: {gt: 60}}\n"
        + RULE.format(mistake="hero", action="cap-hours")
    )
    (rules / "b.yaml").write_text(
        "conditions:\n  long: {workload.hours_per_week: {gt: 50}}\n"
        + RULE.format(mistake="hero", action="cap-hours")
    )
    result = run_cli("validate", "--rules", str(rules))
    assert re.search(
        r"b.yaml:\d+:\d+: .*duplicate rule id 'long-hours-again' \(also at "
        r"\S*a.yaml:4\)",
        result.out,
    ), result.out
    assert re.search(
        r"b.yaml:2:\d+: .*condition 'long' is defined twice \(first at "
        r"\S*a.yaml:2\)",
        result.out,
    ), result.out
    (rules / "b.yaml").write_text(
        RULE.format(mistake="hero", action="strategic-no").replace("long-hours-again", "other")
    )
    (rules / "a.yaml").write_text(RULE.format(mistake="hero", action="cap-hours"))
    lint = run_cli("rules", "lint", "--rules", str(rules))
    assert re.search(
        r"rule 'other' has the same condition as rule 'long-hours-again' "
        r"\(\S*a.yaml:2\)",
        lint.out,
    ), lint.out


def test_rules_new_and_lint_work_on_a_pack_reading_an_instrument_beside_it(
    run_cli, tmp_path: Path
) -> None:
    target = tmp_path / "p"
    run_cli("rules", "init", str(target), "--minimal")
    (target / "instruments" / "mine.yaml").write_text(
        (SHIPPED / "instruments" / "cbi-work.yaml").read_text().replace("id: cbi-work", "id: mine")
    )
    manifest = target / "rules" / "pack.yaml"
    manifest.write_text(
        manifest.read_text().replace("questionnaire: career-checkup", "questionnaire: mine")
    )
    (target / "rules" / "tests" / "cases.yaml").unlink()
    added = run_cli(
        "rules",
        "new",
        "--yes",
        "--rules",
        str(target / "rules"),
        "--mistake",
        "hero",
        "--question",
        "scores.work_burnout",
        "--op",
        "gte",
        "--value",
        "50",
        "--severity",
        "high",
        "--title",
        "High work-related burnout",
        "--because",
        "Sustained overwork leads to burnout [4].",
        "--actions",
        "seek-support",
    )
    assert added.code == 0, added.err
    assert "Added rule 'hero-work-burnout'" in added.out
    # a rule that does not load is set aside and the rest still linted, in the scratch copy
    (target / "rules" / "broken.yaml").write_text(RULE.format(mistake="heroo", action="cap-hours"))
    lint = run_cli("rules", "lint", "--rules", str(target / "rules"))
    assert "unknown mistake 'heroo' (did you mean 'hero'?)" in lint.out
    assert "unknown questionnaire" not in lint.out


def _minimal_with(run_cli, tmp_path: Path, rules_yaml: str) -> Path:
    """A minimal pack extending the shipped one, with one rules file of its own."""
    run_cli("rules", "init", str(tmp_path / "mine"), "--minimal")
    rules = tmp_path / "mine" / "rules"
    (rules / "ours.yaml").write_text(rules_yaml, encoding="utf-8")
    return rules


OURS = """\
rules:
  - id: no-week-off
    title: No week off this year
    mistake: hero
    severity: medium
    when: {workload.time_off: {eq: none_taken}}
    because: Long stretches without rest wear down health and judgement [4].
    sources: [4]
    actions: [strategic-no, cap-hours, seek-support, six-month-audit]
"""


def test_a_pack_that_extends_ranks_and_stages_its_plan_as_the_shipped_one(
    run_cli, tmp_path: Path
) -> None:
    """Its actions keep the shipped groups (support first) and a new joiner gets the stages.

    A minimal pack had the default groups, without `support`: "Get support" ranked last.
    """
    rules = _minimal_with(run_cli, tmp_path, OURS)
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "answers:\n  workload.time_off: none_taken\n  culture.months_in_role: 2\n", encoding="utf-8"
    )
    result = run_cli(
        "assess", "--rules", str(rules), "--answers", str(answers), "--no-save", "--json"
    )
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert [a["id"] for a in report["actions"]][:2] == ["seek-support", "cap-hours"]
    assert report["tenure"]["stage"] == "observe"


def test_an_action_that_touches_health_brings_its_notice(run_cli, tmp_path: Path) -> None:
    """The rule has no `notice:`; cap-hours carries the health notice itself (actions.yaml)."""
    rules = _minimal_with(run_cli, tmp_path, OURS)
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  workload.time_off: none_taken\n", encoding="utf-8")
    result = run_cli("assess", "--rules", str(rules), "--answers", str(answers), "--no-save")
    assert result.code == 0, result.err
    assert "This is not a diagnosis" in result.out


def test_lint_asks_for_a_notice_where_support_is_suggested_without_one(
    run_cli, tmp_path: Path
) -> None:
    rules = _minimal_with(run_cli, tmp_path, OURS.replace("cap-hours, ", ""))
    lint = run_cli("rules", "lint", "--rules", str(rules))
    assert "ours.yaml:9:14: warning: rules[0].actions: suggests “Get support for how work is " in (
        lint.out
    )
    assert "[no-notice]" in lint.out
    assert "add `notice: health` or `notice: bullying` to the rule" in lint.out
    assert run_cli("rules", "lint", "--strict", "--rules", str(rules)).code == 1
    with_notice = OURS.replace("cap-hours, ", "") + "    notice: health\n"
    (rules / "ours.yaml").write_text(with_notice, encoding="utf-8")
    assert "no-notice" not in run_cli("rules", "lint", "--rules", str(rules)).out


def test_lint_says_when_soften_false_changes_nothing(run_cli, tmp_path: Path) -> None:
    """`soften: false` keeps a finding's severity early in the role; on a mistake no tenure
    stage holds back (hero), it does nothing, and lint says so; on exit it is quiet."""
    rules = _minimal_with(run_cli, tmp_path, OURS + "    notice: health\n    soften: false\n")
    lint = run_cli("rules", "lint", "--rules", str(rules))
    assert (
        "ours.yaml:11:13: warning: rules[0].soften: `soften: false` changes nothing: no tenure "
        "stage of pack.yaml holds 'hero' back early in the role [soften-no-effect]"
    ) in lint.out
    on_exit = (
        OURS.replace("mistake: hero", "mistake: exit") + "    notice: health\n    soften: false\n"
    )
    (rules / "ours.yaml").write_text(on_exit, encoding="utf-8")
    assert "soften-no-effect" not in run_cli("rules", "lint", "--rules", str(rules)).out
