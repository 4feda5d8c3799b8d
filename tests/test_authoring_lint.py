"""`coach rules lint`: planted mistakes are each reported at their line, with what to do."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from coach.authoring.lint import lint_pack
from coach.content.bundle import SHIPPED_RULES

PLANTED = """\
rules:
  - id: hero-hours
    title: Long hours
    mistake: hero
    severity: high
    priority: 5
    when: {workload.hours_per_week: {gte: 55}}
    because: 35% stroke [4].
    sources: [4]
    actions: [strategic-no]
  - id: hero-typo
    title: Typo
    mistake: hero
    severity: medium
    when: {workload.hours_per_wek: {gte: 50}}
    because: x
    sources: [4]
  - id: hero-impossible
    title: Impossible
    mistake: hero
    severity: medium
    when:
      all:
        - workload.hours_per_week: {gte: 60}
        - workload.hours_per_week: {lt: 50}
    because: y
    sources: [4]
  - id: hero-hours-copy
    title: Long hours, again
    mistake: hero
    severity: high
    when: {workload.hours_per_week: {gte: 55}}
    because: z
    sources: [4]
  - id: glue
    title: Glue
    mistake: invisible
    severity: medium
    when: {workload.work: {contains: mentoring}}
    because: tax
    sources: [1]
    actions: [strategic-no]
"""


def _lint(mini: Path, run_cli, *extra: str):
    return run_cli(
        "rules",
        "lint",
        str(mini / "rules"),
        "--questionnaires",
        str(mini / "questionnaires"),
        *extra,
    )


def test_planted_mistakes_are_each_reported_at_their_line(mini: Path, run_cli) -> None:
    (mini / "rules" / "hero.yaml").write_text(PLANTED)

    result = _lint(mini, run_cli)

    assert result.code == 1
    out = result.out
    assert "Traceback" not in out + result.err
    lines = out.splitlines()

    def line_with(*parts: str) -> str:
        found = [line for line in lines if all(part in line for part in parts)]
        assert found, f"{parts} not in:\n{out}"
        return found[0]

    typo = line_with("hero.yaml:15:", "unknown question 'workload.hours_per_wek'")
    assert "(did you mean 'workload.hours_per_week'?)" in typo
    assert "error:" in typo
    never = line_with("hero.yaml:25:", "[never-true]")
    assert "'workload.hours_per_week' cannot be 60 or more and less than 50" in never
    assert "(lines 24 and 25)" in never
    duplicate = line_with("hero.yaml:28:", "[duplicate-rule]")
    assert re.search(
        r"rule 'hero-hours-copy' has the same condition as rule 'hero-hours' \(\S*hero.yaml:2\)",
        duplicate,
    )
    unused = line_with("actions.yaml:3:", "[unused-action]")
    assert "no rule suggests action 'brag-doc'" in unused
    # every finding is followed by what to do about it
    for finding in (never, duplicate, unused):
        assert lines[lines.index(finding) + 1].startswith("    hint: ")
    assert "3 errors and " in out.splitlines()[-1]


def test_json_output(mini: Path, run_cli) -> None:
    (mini / "rules" / "hero.yaml").write_text(PLANTED)
    result = _lint(mini, run_cli, "--json")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["errors"] == 3
    checks = {f["check"]: f for f in report["findings"]}
    assert set(checks) >= {"invalid", "never-true", "duplicate-rule", "unused-action"}
    assert checks["invalid"]["suggestion"] == "workload.hours_per_week"
    assert checks["duplicate-rule"]["line"] == 28


def test_clean_pack_exits_zero(mini: Path, run_cli) -> None:
    result = _lint(mini, run_cli)
    assert result.code == 0, result.out
    assert result.out.rstrip().endswith("warnings.") or "No problems found." in result.out


def test_shipped_pack_has_no_errors() -> None:
    report = lint_pack(SHIPPED_RULES)
    assert report.errors == 0, "\n".join(str(f) for f in report.findings)


def test_strict_fails_on_warnings(mini: Path, run_cli) -> None:
    actions = mini / "rules" / "actions.yaml"
    actions.write_text(
        actions.read_text()
        + "  - {id: unused-one, title: U, description: d, first_step: s, horizon: this-week,"
        " effort: low, mistakes: [hero], sources: [4]}\n"
    )
    assert _lint(mini, run_cli).code == 0
    result = _lint(mini, run_cli, "--strict")
    assert result.code == 1
    assert "no rule suggests action 'unused-one'" in result.out


def _rules(mini: Path, text: str) -> None:
    (mini / "rules" / "hero.yaml").write_text(textwrap.dedent(text).lstrip())


RULE = """\
  - id: {id}
    title: T
    mistake: {mistake}
    severity: {severity}
    priority: {priority}
    when: {when}
    because: "{because}"
    sources: [4]
    actions: [{actions}]
"""


def _rule(id: str, when: str, **kw: object) -> str:  # noqa: A002
    fields = {
        "mistake": "hero",
        "severity": "high",
        "priority": 50,
        "actions": "strategic-no",
        "because": "b [4].",
    }
    fields.update(kw)
    return RULE.format(id=id, when=when, **fields)


@pytest.mark.parametrize(
    ("rules", "check", "words"),
    [
        (
            [_rule("a", "{workload.on_call: false}"), _rule("b", "{workload.paged: {gte: 3}}")],
            None,
            None,
        ),
        (
            [_rule("a", "{all: [{workload.on_call: false}, {workload.paged: {gte: 3}}]}")],
            "never-true",
            "'workload.paged' is only asked when workload.on_call is yes",
        ),
        (
            [_rule("a", "{workload.hours_per_week: {gt: 120}}")],
            "never-true",
            "no answer to 'workload.hours_per_week' is more than 120 (answers go from 0 to 120)",
        ),
        (
            [
                _rule(
                    "a",
                    "{any: [{workload.hours_per_week: {gt: 60, lt: 40}}, {workload.on_call: true}]}",
                )
            ],
            "never-true",
            "so this part never helps it fire",
        ),
        (
            [
                _rule("wide", "{workload.hours_per_week: {gte: 50}}"),
                _rule("narrow", "{workload.hours_per_week: {gte: 60}}", severity="medium"),
            ],
            "shadowed-rule",
            "rule 'narrow' never changes the diagnosis: whenever it fires, rule 'wide'",
        ),
        (
            [
                _rule("a", "{workload.hours_per_week: {gte: 50}}"),
                _rule("b", "{workload.on_call: true}", mistake="invisible", actions="brag-doc"),
            ],
            "priority-tie",
            "rule 'b' has the same priority (50) and severity (high) as 'a'",
        ),
        (
            [_rule("a", "{workload.on_call: true}", because="Being paged wears you down.")],
            "citation",
            "'because' cites no source: the person reading it cannot check the claim",
        ),
        (
            [_rule("a", "{workload.hours_per_week: {gte: 0}}")],
            "always-true",
            "rule 'a' fires for everyone who answers workload.hours_per_week, whatever",
        ),
    ],
)
def test_whole_pack_checks(
    mini: Path, rules: list[str], check: str | None, words: str | None
) -> None:
    (mini / "rules" / "hero.yaml").write_text("rules:\n" + "".join(rules))
    report = lint_pack(mini / "rules", mini / "questionnaires")
    usage = ("unused-action", "mistake-without-rule", "unread-question")
    found = [f for f in report.findings if f.check not in usage]
    if check is None:
        assert found == [], [str(f) for f in found]
        return
    assert any(f.check == check and words in f.problem.message for f in found), [
        str(f) for f in found
    ]


def test_table_gaps_and_overlaps(mini: Path, write) -> None:
    (mini / "rules" / "hours.csv").write_text(
        "# hit_policy: collect\n"
        "# mistake: hero\n"
        "id,workload.hours_per_week >=,workload.hours_per_week <,severity,title,because,sources,actions\n"
        "long,55,,high,Long,b,4,strategic-no\n"
        "mid,45,60,medium,Mid,b,4,strategic-no\n"
    )
    report = lint_pack(mini / "rules", mini / "questionnaires")
    overlap = next(f for f in report.findings if f.check == "table-overlap")
    assert overlap.problem.line == 5
    assert "rows 1 and 2 both match some answers (e.g. workload.hours_per_week = 55" in str(overlap)
    gap = next(f for f in report.findings if f.check == "table-gap")
    assert gap.problem.line == 3
    assert "no row matches" in gap.problem.message


def test_first_table_row_that_never_fires(mini: Path) -> None:
    (mini / "rules" / "hours.csv").write_text(
        "# hit_policy: first\n"
        "id,workload.hours_per_week >=,mistake,severity,title,because,sources\n"
        "long,50,hero,high,Long,b,4\n"
        "longer,60,hero,critical,Longer,b,4\n"
    )
    report = lint_pack(mini / "rules", mini / "questionnaires")
    dead = [f for f in report.findings if f.check == "table-row-never-fires"]
    assert len(dead) == 1
    assert dead[0].problem.line == 4
    assert "row 2 ('longer') can never fire" in dead[0].problem.message
    assert not [f for f in report.findings if f.check == "never-true"]


def test_version_unchanged_after_edit(mini: Path, tmp_path: Path, run_cli) -> None:
    import shutil

    base = tmp_path / "base"
    shutil.copytree(mini / "rules", base)
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text().replace("gte: 55", "gte: 56"))
    result = _lint(mini, run_cli, "--base", str(base))
    assert "the rules differ from" in result.out
    assert "but the version is still 1.0.0" in result.out


def test_a_file_that_is_not_yaml_does_not_stop_the_rest(mini: Path) -> None:
    (mini / "rules" / "broken.yaml").write_text("rules:\n\t- id: x\n")
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text() + PLANTED.split("rules:\n", 1)[1].replace("hero-hours", "h2"))
    report = lint_pack(mini / "rules", mini / "questionnaires")
    broken = next(f for f in report.findings if f.problem.path.endswith("broken.yaml"))
    assert broken.hint is not None
    assert "tabs" in broken.hint
    assert any(f.check == "never-true" for f in report.findings)  # the rest was still linted


def test_unread_questions_are_named_where_the_author_can_act(mini: Path, tmp_path: Path, run_cli):
    """In the author's own questionnaire, each unread question at its line; of the shipped
    questionnaire under a pack of one's own, one finding at pack.yaml (was 46, each pointing into
    coach's installed files, each saying to drop a question the author cannot edit)."""
    (mini / "rules" / "hero.yaml").write_text(
        "rules:\n" + _rule("a", "{workload.hours_per_week: {gte: 60}}", because="Hours [4].")
    )
    own = lint_pack(mini / "rules", mini / "questionnaires").findings
    unread = [f for f in own if f.check == "unread-question"]
    assert {f.subject for f in unread} == {"workload.paged", "workload.work", "scores.pressure"}
    assert all(f.problem.path.endswith("q.yaml") and f.problem.line for f in unread)

    assert run_cli("rules", "init", str(tmp_path / "pack"), "--minimal").code == 0
    rules = tmp_path / "pack" / "rules"
    (rules / "ours.yaml").write_text(
        "rules:\n" + _rule("a", "{workload.hours_per_week: {gte: 60}}", because="Hours [4].")
    )
    findings = lint_pack(rules).findings
    unread = [f for f in findings if f.check == "unread-question"]
    assert len(unread) == 1, [str(f) for f in unread]
    assert unread[0].problem.path.endswith("pack.yaml")
    assert (
        "questions and scores of the shipped questionnaire 'career-checkup' are read by no "
        "rule of this pack" in unread[0].problem.message
    )
    assert "workload.hours_per_week" not in unread[0].problem.message


def test_a_version_lower_than_the_changelog_gave_is_flagged(mini: Path) -> None:
    """Two people changing the pack at once both took numbers, and the later landing was lower:
    results would read as an older pack, and the changelog out of order."""
    pack = mini / "rules" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.17.1")
        + "changelog:\n"
        "  - {version: 1.17.1, changes: [b]}\n"
        "  - {version: 1.20.0, changes: [a]}\n"
        "  - {version: 1.0.0, changes: [first]}\n",
        encoding="utf-8",
    )
    found = lint_pack(mini / "rules", mini / "questionnaires").findings
    said = {(f.problem.key_path, f.problem.message) for f in found if f.check == "version"}
    assert said == {
        (
            "version",
            "version 1.17.1 is lower than 1.20.0, which the changelog already gave: results "
            "record the version, so an older number would read as an older pack",
        ),
        (
            "changelog[1].version",
            "version 1.20.0 is listed below 1.17.1: the changelog goes newest first, each "
            "version higher than the one below it",
        ),
    }
    pack.write_text(
        pack.read_text(encoding="utf-8")
        .replace("version: 1.17.1\n", "version: 1.21.0\n", 1)
        .replace("{version: 1.17.1,", "{version: 1.21.0,"),
        encoding="utf-8",
    )
    found = lint_pack(mini / "rules", mini / "questionnaires").findings
    assert [f for f in found if f.check == "version"] == []


def test_an_action_without_a_success_check_is_a_warning_at_its_line(mini: Path, run_cli) -> None:
    actions = mini / "rules" / "actions.yaml"
    actions.write_text(
        actions.read_text() + "  - id: leave-it\n"
        "    title: L\n"
        "    description: d\n"
        "    first_step: s\n"
        "    horizon: this-week\n"
        "    effort: low\n"
        "    mistakes: [hero]\n"
        "    sources: [4]\n"
        "    supersedes: [strategic-no]\n"
        "    rewrites:\n"
        "      brag-doc: {title: B, first_step: b}\n"
        "    why: w\n"
    )
    result = _lint(mini, run_cli)
    assert result.code == 0, result.out  # optional: the coach writes one in the review
    lines = result.out.splitlines()
    found = [line for line in lines if line.endswith("[no-success-check]")]
    assert len(found) == 2, result.out
    assert found[0].endswith(
        "actions.yaml:4:9: warning: actions[2].id: action 'leave-it' has no success_check: in "
        "`coach review` the coach writes one from nothing, and the plan before a review has "
        "none to print [no-success-check]"
    )
    assert (
        "actions.yaml:14:17: warning: actions[2].rewrites.brag-doc: action 'leave-it', "
        in (found[1])
    )
    hint = lines[lines.index(found[0]) + 1]
    assert hint.strip().startswith("hint: add `success_check:`: what the person can show")
    assert "'strategic-no' has no success_check" not in result.out  # it has one
    assert _lint(mini, run_cli, "--strict").code == 1
