"""The loader: every problem of a file at once, located, with suggestions; YAML is data only."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content.bundle import load_content
from coach.content.yamlio import loads
from coach.errors import ContentError


def test_planted_mistakes_are_all_reported_with_lines_and_suggestions(mini: Path, run_cli) -> None:
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text()
    text = text.replace("mistake: hero", "mistake: heroo")  # line 6
    text = text.replace(
        "{workload.hours_per_week: {gte: 55}}", "{workload.hours_per_wek: {gte: 55}}"
    )
    text = text.replace("actions: [strategic-no]", "actions: [strategic-noo]")
    hero.write_text(text)

    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )

    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        line.endswith("rules[0].mistake: unknown mistake 'heroo' (did you mean 'hero'?)")
        and ":6:14:" in line
        for line in lines
    ), result.out
    assert any(
        ":9:" in line
        and "unknown question 'workload.hours_per_wek' (did you mean 'workload.hours_per_week'?)"
        in line
        for line in lines
    ), result.out
    assert any(
        ":12:" in line and "unknown action 'strategic-noo' (did you mean 'strategic-no'?)" in line
        for line in lines
    ), result.out
    assert "3 problems found." in result.err
    assert "Traceback" not in result.out + result.err


def test_clean_pack_validates(mini: Path, run_cli) -> None:
    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert result.code == 0, result.out
    assert "All content is valid." in result.out


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:os.system x",
        "!!python/object/apply:os.system [ls]",
        "!!python/name:os.system ''",
    ],
)
def test_unsafe_tags_are_refused_at_their_line(mini: Path, run_cli, tag: str) -> None:
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text().replace("because: tax", f"because: {tag}"))
    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert result.code == 1
    assert "hero.yaml:19:14: rules[1].because: the tag '!!python/" in result.out
    assert "is not allowed" in result.out


def test_unsafe_tag_is_never_constructed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f"a: !!python/object/apply:pathlib.Path.touch [{str(marker)!r}]\n"
    _, problems = loads(text, "x.yaml")
    assert problems
    assert not marker.exists()


def test_duplicate_keys_are_errors() -> None:
    _, problems = loads("id: a\ntitle: b\nid: c\n", "q.yaml")
    assert [str(p) for p in problems] == [
        "q.yaml:3:1: id: duplicate key 'id' (first written at line 1)"
    ]


def test_impossible_dates_and_huge_values_are_data_not_crashes(mini: Path, run_cli) -> None:
    located, problems = loads("due: 2026-02-30\nsince: 2026-02-28\n", "x.yaml")
    assert problems == []
    assert located.data["due"] == "2026-02-30"  # looks like a date, is none: kept as text
    assert str(located.data["since"]) == "2026-02-28"
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(
        hero.read_text(encoding="utf-8").replace("severity: high", "severity: 2026-13-01")
    )
    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert result.code == 1
    assert "2026-13-01" in result.out
    assert "Traceback" not in result.out + result.err


def test_broken_yaml_is_located(mini: Path, run_cli) -> None:
    (mini / "rules" / "hero.yaml").write_text("rules:\n  - id: x\n    when: {a.b: [1, 2\n")
    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert result.code == 1
    assert "hero.yaml:4:1: this is not valid YAML" in result.out


def test_type_mismatches_and_ranges(mini: Path) -> None:
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(
        hero.read_text().replace(
            "{workload.work: {contains: mentoring}}",
            "{all: [{workload.work: {contains: mentorin}}, {workload.hours_per_week: {gt: ten}},"
            " {workload.hours_per_week: {lt: 500}}, {workload.on_call: {gt: 3}}]}",
        )
    )
    with pytest.raises(ContentError) as caught:
        load_content(mini / "rules", mini / "questionnaires")
    messages = [p.message for p in caught.value.problems]
    assert (
        "'mentorin' is not an option of 'workload.work' (options: mentoring, reviews)" in messages
    )
    assert "'workload.hours_per_week' is a number; 'ten' is not a number" in messages
    assert "500 is outside the range of 'workload.hours_per_week' (0 to 120)" in messages
    assert any(
        m.startswith("'gt' does not apply to boolean question 'workload.on_call'") for m in messages
    )
    assert caught.value.problems[0].suggestion == "mentoring"


def test_unknown_keys_suggest_the_field(mini: Path) -> None:
    actions = mini / "rules" / "actions.yaml"
    actions.write_text(actions.read_text().replace("first_step:", "frist_step:", 1))
    with pytest.raises(ContentError) as caught:
        load_content(mini / "rules", mini / "questionnaires")
    shown = [str(p) for p in caught.value.problems]
    assert any(
        "actions[0].frist_step: unknown key 'frist_step' (did you mean 'first_step'?)" in s
        for s in shown
    )
    assert any("actions[0]: missing required key 'first_step'" in s for s in shown)


def test_skip_logic_may_only_read_earlier_questions(write) -> None:
    from coach.content.questionnaires import read_questionnaire

    path = write(
        "q.yaml",
        """
        id: q
        version: 1
        title: Q
        sections:
          - id: s
            title: S
            questions:
              - {id: a, type: boolean, text: "A?", help: h, when: {s.b: true}}
              - {id: b, type: boolean, text: "B?", help: h}
        """,
    )
    _, problems = read_questionnaire(path)
    assert [p.message for p in problems] == [
        "'s.b' cannot be used here: skip logic can only read questions asked before this one"
    ]


def test_errors_at_the_same_place_in_two_files_are_both_reported(mini: Path) -> None:
    for name in ("hero.yaml", "second.yaml"):
        (mini / "rules" / name).write_text("rules:\n  - id: r-" + name[:3] + "\n    titel: x\n")
    with pytest.raises(ContentError) as caught:
        load_content(mini / "rules", mini / "questionnaires")
    unknown = [p for p in caught.value.problems if p.message == "unknown key 'titel'"]
    assert sorted(Path(p.path).name for p in unknown) == ["hero.yaml", "second.yaml"]


def test_a_broken_questionnaire_lists_every_problem_without_echoes(write, run_cli) -> None:
    path = write(
        "pulse.yaml",
        """
        id: pulse
        version: 1
        title: HR pulse
        sections:
          - id: pulse
            title: Pulse
            questions:
              - id: mood
                type: scael
                text: How is it going?
                help: Be honest.
                scale: {min: 1, max: 5}
              - id: team
                type: single
                text: Team?
                options: [{value: a, label: A}]
                when: {pulse.mod: {gte: 3}}
        """,
    )
    result = run_cli("validate", str(path))
    assert result.code == 1
    assert [line.split(": ", 1)[1] for line in result.out.splitlines()] == [
        "sections[0].questions[0].type: 'scael' is not one of: single, multi, scale, number, boolean, text (did you mean 'scale'?)",
        "sections[0].questions[1]: missing required key 'help' (help: a sentence under the "
        "question: what to count, or why it is asked)",
        "sections[0].questions[1].when.pulse.mod.gte: unknown question 'pulse.mod' (did you mean 'pulse.mood'?)",
    ]
    assert [
        line.split(": ", 1)[0].rsplit("pulse.yaml", 1)[1] for line in result.out.splitlines()
    ] == [":9:15", ":13:9", ":17:33"]


@pytest.mark.parametrize(
    ("file", "line", "written", "message"),
    [
        (
            "questionnaires/q.yaml",
            "version: 1",
            f"version: {'9' * 51}",
            "2:10: version: is 51 characters long: the limit is 50",
        ),
        (
            "questionnaires/q.yaml",
            "id: mini",
            f"id: {'q' * 101}",
            "1:5: id: is 101 characters long: the limit is 100",
        ),
        (
            "rules/pack.yaml",
            "name: mini-pack",
            f"name: {'p' * 101}",
            "1:7: name: is 101 characters long: the limit is 100",
        ),
    ],
)
def test_ids_and_versions_longer_than_the_history_keeps_are_located(
    mini: Path, run_cli, file: str, line: str, written: str, message: str
) -> None:
    """A result records them, and the history's columns hold 100 and 50 characters."""
    path = mini / file
    path.write_text(path.read_text().replace(line + "\n", written + "\n", 1))
    result = run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert result.code == 1, result.out
    assert result.out.splitlines()[0] == f"{path}:{message}"


def test_wrong_types_and_bounds_read_in_plain_words(tmp_path: Path) -> None:
    """What an HR author sees for a number, a yes/no or a bound written wrong: no pydantic words."""
    import shutil

    from coach.content.bundle import SHIPPED_QUESTIONNAIRES, SHIPPED_RULES, load_content
    from coach.errors import ContentError

    rules = tmp_path / "rules"
    shutil.copytree(SHIPPED_RULES, rules)
    pack = rules / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    pack.write_text(text.replace("  this_month: 3\n", "  this_month: 20\n", 1), encoding="utf-8")
    hero = rules / "hero.yaml"
    text = hero.read_text(encoding="utf-8")
    hero.write_text(text.replace("    priority: 2\n", "    priority: two\n", 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(rules, SHIPPED_QUESTIONNAIRES)
    messages = [p.message for p in caught.value.problems]
    assert "must be at most 10, got 20" in messages
    assert "expected a whole number, got 'two'" in messages
    assert not any("input should" in m.lower() for m in messages)
