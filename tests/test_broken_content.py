"""Content broken by hand, the way an HR author (or a hostile file) breaks it: what they read.

Each case was found by copying the shipped pack and breaking one file; each asserts the message a
user sees, located, in plain words, and the exit code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

JARGON = ("input should", "tuple", "dict", "NoneType", "True", "False", "datetime")


def _validate(run_cli, mini: Path):
    return run_cli(
        "validate", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )


def _no_jargon(text: str) -> None:
    for word in JARGON:
        assert word not in text, text


@pytest.mark.parametrize(
    ("body", "got"),
    [("- id: hero-hours\n  title: Long hours\n", "a list"), ("hello\n", "'hello'")],
)
def test_a_rules_file_that_is_not_a_mapping_is_an_error(mini: Path, run_cli, body, got) -> None:
    """Not silently an empty rules file: the file is named at its first line."""
    extra = mini / "rules" / "extra.yaml"
    extra.write_text(body, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert (
        "extra.yaml:1:1: a rules file is a mapping of rules, conditions, strengths and checks, "
        f"got {got}"
    ) in result.out
    assessed = run_cli(
        "assess",
        "--rules",
        str(mini / "rules"),
        "--questionnaires",
        str(mini / "questionnaires"),
        "--answers",
        str(mini / "answers.yaml"),
        "--no-save",
    )
    assert assessed.code == 3
    assert "extra.yaml:1:1: a rules file is a mapping" in assessed.err


def test_an_empty_rules_file_is_a_start_not_an_error(mini: Path, run_cli) -> None:
    (mini / "rules" / "new.yaml").write_text("# rules to come\n", encoding="utf-8")
    assert _validate(run_cli, mini).code == 0


def test_a_mapping_or_nothing_where_a_list_goes_reads_in_plain_words(mini: Path, run_cli) -> None:
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8").replace("sources: [4]", "sources: {4: 1}", 1)
    hero.write_text(text, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "rules[0].sources: expected a list, got a mapping" in result.out
    _no_jargon(result.out)
    hero.write_text(text.replace("sources: {4: 1}", "sources: [4]"), encoding="utf-8")
    cases = mini / "rules" / "tests" / "t.yaml"
    cases.write_text("cases:\n", encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "t.yaml:1:7: cases: expected a list, got nothing" in result.out
    _no_jargon(result.out)


def test_yes_no_written_where_a_number_goes_is_refused(mini: Path, run_cli) -> None:
    """`priority: yes` was taken as priority 1, and `max: yes` as a maximum of 1."""
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(
        hero.read_text(encoding="utf-8").replace("priority: 5", "priority: yes"), encoding="utf-8"
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "rules[0].priority: expected a whole number, got yes/no" in result.out
    q = mini / "questionnaires" / "q.yaml"
    q.write_text(q.read_text(encoding="utf-8").replace("max: 120", "max: no"), encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "sections[0].questions[0].max: expected a number, got yes/no" in result.out


def test_a_condition_value_of_the_wrong_kind_is_said_as_written(mini: Path, run_cli) -> None:
    """Not Python's `True` or `datetime.date(2024, 1, 1)`."""
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8")
    text = text.replace("{gte: 50}", "{gte: yes}").replace("{gte: 55}", "{gte: 2024-01-01}")
    hero.write_text(text, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "'workload.hours_per_week' is a number; yes/no is not a number" in result.out
    assert "'workload.hours_per_week' is a number; '2024-01-01' is not a number" in result.out
    _no_jargon(result.out)


def test_yes_no_where_a_word_goes_says_yes_no_not_false(mini: Path, run_cli) -> None:
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8").replace("max_severity: low", "max_severity: no")
    cases.write_text(text, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "expect.max_severity: yes/no is not one of: low, medium, high, critical" in result.out
    _no_jargon(result.out)


def test_an_unknown_option_suggests_once(tmp_path: Path, run_cli) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  workload.runbooks: nne\n  workload.rescues: no\n")
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert result.out.count("(did you mean 'none'?)") == 1, result.out
    assert "a.yaml:2:22: answers.workload.runbooks: 'nne' is not one of the options" in result.out
    _no_jargon(result.out)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("062", "062 starts with 0, which YAML reads as an octal number (50)"),
        ("1:02", "1:02 is a base-60 number to YAML (62)"),
    ],
)
def test_numbers_yaml_reads_another_way_are_refused(
    tmp_path: Path, run_cli, written: str, message: str
) -> None:
    """`062` hours was silently 50 hours (YAML 1.1 octal), `1:02` was 62."""
    answers = tmp_path / "a.yaml"
    answers.write_text(f"answers:\n  workload.hours_per_week: {written}\n")
    for argv in (("validate", str(answers)), ("assess", "--answers", str(answers), "--no-save")):
        result = run_cli(*argv)
        assert result.code in (1, 3)
        shown = result.out + result.err
        assert f"a.yaml:2:28: answers.workload.hours_per_week: {message}" in shown, shown


def test_a_version_keeps_its_trailing_zero(mini: Path) -> None:
    """`version: 1.10` is release 1.10, not the number 1.1 (which reads as older than 1.9)."""
    from coach.content.bundle import load_content

    pack = mini / "rules" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("version: 1.0.0", "version: 1.10"),
        encoding="utf-8",
    )
    content = load_content(mini / "rules", mini / "questionnaires")
    assert content.pack.manifest.version == "1.10"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("!!bool maybe", "cannot read 'maybe' as !!bool: remove the tag, or fix the value"),
        ("!!int", "cannot read '' as !!int: remove the tag, or fix the value"),
        ("!!int 0_9", "cannot read '0_9' as !!int: remove the tag, or fix the value"),
        (
            "!!binary aGVsbG8=",
            "the tag '!!binary' (encoded bytes) is not allowed: remove the tag (coach reads "
            "plain values, lists and mappings)",
        ),
        # a collection's tag on one value read "expected a sequence, but found scalar"
        ("!!pairs 3", "the tag '!!pairs' marks a list of pairs, but this is a single value"),
        ("!!omap 3", "the tag '!!omap' marks an ordered mapping, but this is a single value"),
        ("!!set 3", "the tag '!!set' marks a set, but this is a single value: remove the tag"),
        ("!!str [a]", "the tag '!!str' marks text, but this is a list: remove the tag"),
        ("!!pairs [[a, 1]]", "the tag '!!pairs' (a list of pairs) is not allowed: remove the tag"),
        # "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'"
        ("!!merge 3", "the tag '!!merge' (a merge key) is not allowed: remove the tag"),
        ("!thing 3", "the tag '!thing' is not one coach reads: remove it"),
        # `!!null 3` was read as no answer at all, without a word
        ("!!null 3", "cannot read '3' as !!null: remove the tag, or the value"),
    ],
)
def test_a_tag_its_value_does_not_fit_is_located_not_a_crash(
    tmp_path: Path, run_cli, written: str, message: str
) -> None:
    """PyYAML's own constructors raised KeyError and IndexError on these: exit 70, 'a bug'."""
    folder = tmp_path / "answers"
    folder.mkdir()
    answers = folder / "a.yaml"
    answers.write_text(f"answers:\n  workload.on_call: {written}\n")
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert f"a.yaml:2:21: answers.workload.on_call: {message}" in result.out
    assessed = run_cli("assess", "--answers", str(answers), "--no-save")
    assert assessed.code == 3
    assert message in assessed.err
    from coach.content.yamlio import quick_load

    assert quick_load(answers, depth=3) is None  # `rules impact`: the located reader says why


@pytest.mark.parametrize("command", [("validate",), ("rules", "test")])
def test_a_folder_with_nothing_to_check_is_not_all_valid(tmp_path: Path, run_cli, command) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(*command, str(empty))
    assert result.code in (1, 3)
    assert "is a folder with no" in result.out + result.err
    assert "All content is valid." not in result.out
    assert "0 cases" not in result.out


def test_a_follow_up_fact_must_name_an_action_of_the_pack(tmp_path: Path, run_cli) -> None:
    """`followup.cap-hour: done` was taken without a word, and no rule could ever read it."""
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  followup.cap-hour: done\n  followup.triag.promised: 2\n")
    message = "unknown action 'cap-hour' (follow-up facts name an action of the pack)"
    for argv in (
        ("validate", str(answers)),
        ("assess", "--answers", str(answers), "--no-save"),
        ("rules", "explain", "--answers", str(answers)),
    ):
        result = run_cli(*argv)
        shown = result.out + result.err
        assert result.code in (1, 3), shown
        assert f"a.yaml:2:3: answers.followup.cap-hour: {message} (did you mean" in shown, shown
        assert "answers.followup.triag.promised: unknown action 'triag'" in shown, shown


def test_a_rule_test_follow_up_must_name_an_action(mini: Path, run_cli) -> None:
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(
        text.replace(
            "answers: {workload.hours_per_week: 40}", "answers: {followup.strategic-n: done}", 1
        ),
        encoding="utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert (
        "cases[1].answers.followup.strategic-n: unknown action 'strategic-n' "
        "(follow-up facts name an action of the pack) (did you mean 'strategic-no'?)"
    ) in result.out


def test_answers_written_flat_are_checked_as_answers(tmp_path: Path, run_cli) -> None:
    """The contract accepts `section.question: value` without `answers:`; validate said
    'not a coach file', and lint 'unknown key' for every answer."""
    answers = tmp_path / "flat.yaml"
    answers.write_text("workload.hours_per_week: 50\nworkload.on_call: yes\n")
    assert run_cli("validate", str(answers)).code == 0
    assert run_cli("rules", "lint", str(answers)).code == 0
    answers.write_text("workload.hours_per_week: 500\nworkload.on_cal: yes\n")
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert "flat.yaml:1:26: workload.hours_per_week: 500 is above the maximum" in result.out
    assert "flat.yaml:2:1: workload.on_cal: unknown question 'workload.on_cal'" in result.out


def test_a_value_that_fits_neither_form_is_one_problem(mini: Path, run_cli) -> None:
    """`scores: {pressure: yes}` (a number or {gte, lte}) read as two problems at one place."""
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(
        text.replace("not_diagnosed: [hero]}", "not_diagnosed: [hero], scores: {pressure: yes}}"),
        encoding="utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert result.out.count("expect.scores.pressure:") == 1, result.out
    assert (
        "cases[1].expect.scores.pressure: expected a number or a mapping (key: value lines), "
        "got yes/no"
    ) in result.out


def test_lint_finds_what_validate_finds_in_the_pack_tests(mini: Path, run_cli) -> None:
    """`rules lint` promises everything `validate` finds; it said 'No problems' over a broken
    rule test file."""
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("diagnoses: {hero: low}", "diagnoses: {heroo: low}"), "utf-8")
    args = ("--rules", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires"))
    linted = run_cli("rules", "lint", *args)
    assert linted.code == 1
    assert "cases[2].expect.diagnoses.heroo: unknown mistake 'heroo'" in linted.out


def test_lengths_read_in_plain_words(mini: Path, run_cli) -> None:
    """Not pydantic's 'tuple should have at least 1 item after validation, not 0'."""
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8").replace("sources: [4]", "sources: []", 1)
    hero.write_text(text.replace("because: tax", "because: ''"), encoding="utf-8")
    pack = mini / "rules" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("version: 1.0.0", f"version: {'9' * 60}"),
        encoding="utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "rules[0].sources: needs at least 1 item, got 0" in result.out
    assert "rules[1].because: is empty: write the text" in result.out
    assert "version: is 60 characters long: the limit is 50" in result.out
    _no_jargon(result.out)
    assert "should" not in result.out


def test_a_duplicate_strength_says_where_the_other_is(mini: Path, run_cli) -> None:
    hero = mini / "rules" / "hero.yaml"
    strength = (
        "  - id: keeps-a-record\n    mistake: invisible\n    text: You keep a record.\n"
        "    when: {workload.on_call: true}\n    sources: [1]\n"
    )
    hero.write_text(
        hero.read_text(encoding="utf-8") + "strengths:\n" + strength + strength, encoding="utf-8"
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "strengths[1].id: duplicate id 'keeps-a-record' (also a strength at " in result.out
    assert "hero.yaml:23)" in result.out, result.out


def test_no_suggestion_for_a_value_that_is_not_a_word(tmp_path: Path, run_cli) -> None:
    """A list or nothing where an option goes got '(did you mean 'none'?)'; a list named as the
    questionnaire was shown as Python's "['none']"."""
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: [none]\nanswers:\n  workload.runbooks: [nne]\n  workload.rescues: 2\n"
    )
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert (
        "a.yaml:1:16: questionnaire: expected the id of a questionnaire, got a list" in result.out
    )
    assert "answers.workload.runbooks: a list is not one of the options: most, some, none\n" in (
        result.out
    )
    assert "did you mean" not in result.out


def test_nothing_where_a_condition_goes_and_odd_numbers_read_plainly(mini: Path, run_cli) -> None:
    """Found by the fuzzer's jargon outcome: 'input should be an instance of Condition',
    'input should be a finite number', and a 5,000-digit number told to 'remove the tag'."""
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8")
    text = text.replace("    when: {workload.work: {contains: mentoring}}\n", "    when:\n")
    hero.write_text(text.replace("sources: [4]", "sources: [.inf]", 1), encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "rules[0].sources[0]: expected a finite number, got inf" in result.out
    assert (
        "rules[1].when: expected a condition such as {workload.hours_per_week: {gte: 55}}, "
        "got nothing"
    ) in result.out
    _no_jargon(result.out)
    assert "should" not in result.out
    answers = mini / "big.yaml"
    answers.write_text(f"answers:\n  workload.hours_per_week: {'9' * 5000}\n")
    shown = run_cli("validate", str(answers)).out
    assert "hours_per_week: this number has 5000 characters: too long to read" in shown


def test_a_person_written_as_yes_no_is_refused(tmp_path: Path, run_cli) -> None:
    """`person: no` was saved under the default person without a word; a number is a name."""
    answers = tmp_path / "a.yaml"
    answers.write_text("person: no\nanswers:\n  workload.rescues: 2\n")
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert "a.yaml:1:9: person: expected the person's name, got yes/no" in result.out
    answers.write_text("person: 1042\nanswers:\n  workload.rescues: 2\n")
    assert run_cli("validate", str(answers)).code == 0


def test_an_answers_file_that_is_a_folder_says_so_and_what_is_expected(mini: Path, run_cli) -> None:
    """A folder named as answers_file read 'no such answers file', which it plainly is not."""
    (mini / "rules" / "tests" / "people").mkdir()
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(
        text.replace("  - name: calm\n", "  - name: calm\n    answers_file: people\n", 1), "utf-8"
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert (
        "cases[1].answers_file: 'people' is a folder, not a file: answers_file names one answers "
        "file (section.question: value lines), relative to this test file"
    ) in result.out
    assert "no such answers file" not in result.out
    assessed = run_cli("assess", "--answers", str(mini / "rules"), "--no-save")
    assert assessed.code == 2
    assert "is a folder, not a file: give one answers file (section.question: value" in (
        assessed.err
    )


def test_rules_new_names_an_unknown_part_instead_of_failing(mini: Path, run_cli) -> None:
    """`--op eqq` was 'unexpected error (ValueError: 'eqq' is not a valid Op)', exit 70; an
    unknown `--mistake` tried to ask for the rule id with no terminal and said 'Interrupted.'"""
    args = ["rules", "new", "--rules", str(mini / "rules"), "--severity", "low", "--yes"]
    args += ["--title", "T", "--because", "B [4]", "--question", "workload.hours_per_week"]
    result = run_cli(*args, "--mistake", "her", "--op", "gtee", "--value", "50")
    assert result.code == 2, result.err
    assert "--mistake: unknown mistake 'her' (did you mean 'hero'?)" in result.err
    assert (
        "--op: 'gtee' is not an operator for workload.hours_per_week (did you mean 'gte'?)"
    ) in result.err
    assert "bug" not in result.err
    assert "Interrupted" not in result.err
    result = run_cli(*args, "--mistake", "hero", "--op", "gte", "--value", "60", "--id", "glue")
    assert result.code == 2
    assert "--id: 'glue' is already a rule id of the pack" in result.err


def test_a_suggestion_is_one_that_is_valid_where_it_is_written(mini: Path, run_cli) -> None:
    """'did you mean' offered an action superseding itself, a multi-choice question as a score
    item, and an option already picked."""
    actions = mini / "rules" / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(
        text.replace("sources: [4]}", "sources: [4], supersedes: [strategic-n], why: w}", 1),
        "utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "actions[0].supersedes[0]: unknown action 'strategic-n'\n" in result.out
    actions.write_text(text, "utf-8")
    q = mini / "questionnaires" / "q.yaml"
    original = q.read_text(encoding="utf-8")
    q.write_text(
        original.replace(
            "mean: [workload.paged, -workload.paged]", "mean: [workload.paged, workload.wrk]"
        ),
        "utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "scores[0].mean[1]: unknown question 'workload.wrk'" in result.out
    assert "'workload.work'" not in result.out
    q.write_text(original, "utf-8")
    answers = mini / "a.yaml"
    answers.write_text("answers:\n  workload.work: [mentoring, mentorin]\n", encoding="utf-8")
    shown = run_cli(
        "validate",
        str(answers),
        "--rules",
        str(mini / "rules"),
        "--questionnaires",
        str(mini / "questionnaires"),
    ).out
    assert "'mentorin' is not one of the options: mentoring, reviews\n" in shown


def test_a_rules_file_that_does_not_load_is_not_blamed_on_the_others(mini: Path, run_cli) -> None:
    """A YAML slip in the file defining a named condition made every use of it elsewhere an
    'unknown condition'; a catalog file that did not load hid the rest without a word."""
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8")
    hero.write_text(text.replace("sources: [4]", "sources: [4", 1), encoding="utf-8")
    (mini / "rules" / "more.yaml").write_text(
        "rules:\n  - id: more\n    title: M\n    mistake: hero\n    severity: low\n"
        "    when: {condition: overloaded}\n    because: b\n    sources: [4]\n",
        encoding="utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert (
        "more.yaml:6:23: rules[0].when.condition: unknown condition 'overloaded' (it may be "
        "defined in "
    ) in result.out
    assert "which could not be read: fix that first)" in result.out
    assert "did you mean" not in result.out
    hero.write_text(text, encoding="utf-8")
    (mini / "rules" / "actions.yaml").write_text("- strategic-no\n", encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "actions.yaml:1:1: expected a mapping (key: value lines), got a list" in result.out
    assert "fix the problems above first: the rules are checked against pack.yaml" in result.err
    assert "the rule tests in " in result.err
    assessed = run_cli(
        "assess",
        "--rules",
        str(mini / "rules"),
        "--questionnaires",
        str(mini / "questionnaires"),
        "--answers",
        str(mini / "answers.yaml"),
        "--no-save",
    )
    assert assessed.code == 3
    assert assessed.err.rstrip().endswith("so more problems may follow")


def test_lint_warns_about_a_case_that_tests_nothing_or_hides_another(mini: Path, run_cli) -> None:
    """`expect: {}` passes whatever the rules do; two cases of one name report as one."""
    cases = mini / "rules" / "tests" / "t.yaml"
    cases.write_text(
        cases.read_text(encoding="utf-8")
        + "  - name: calm\n    answers: {workload.hours_per_week: 45}\n    expect: {}\n",
        encoding="utf-8",
    )
    args = ("--rules", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires"))
    linted = run_cli("rules", "lint", *args)
    assert (
        "t.yaml:11:11: warning: cases[3].name: the case name 'calm' is used twice (first at line 5)"
    ) in linted.out
    assert "t.yaml:13:13: warning: cases[3].expect: expects nothing, so this case passes" in (
        linted.out
    )
    assert "[rule-tests]" in linted.out
    assert run_cli("rules", "lint", "--strict", *args).code == 1
    alone = run_cli("rules", "lint", str(cases), *args)
    assert "cases[3].expect: expects nothing" in alone.out


def test_a_folder_made_by_rules_init_is_checked_as_its_pack(tmp_path: Path, run_cli) -> None:
    """`coach validate my-pack` said it held no content files; `--rules my-pack` said only
    'no pack.yaml here'."""
    assert run_cli("rules", "init", str(tmp_path / "my-pack"), "--minimal").code == 0
    result = run_cli("validate", str(tmp_path / "my-pack"))
    assert result.code == 0, result.out + result.err
    assert "All content is valid." in result.out
    assert run_cli("rules", "lint", str(tmp_path / "my-pack")).code == 0
    wrong = run_cli("rules", "test", "--rules", str(tmp_path / "my-pack"))
    assert "no pack.yaml here, but its rules folder has one: give " in wrong.out + wrong.err


def test_an_import_reads_in_the_same_plain_words(tmp_path: Path, run_cli) -> None:
    """`coach import` said pydantic's 'string should have at least 1 character'."""
    import json

    from coach.content.places import SHIPPED_EXAMPLES

    home = str(tmp_path / "home")
    hero = str(SHIPPED_EXAMPLES / "hero.yaml")
    assert run_cli("--home", home, "assess", "--answers", hero).code == 0
    exported = run_cli("--home", home, "export", "--person", "Sam")
    data = json.loads(exported.out)
    data["person"]["name"] = ""
    data["assessments"][0]["questionnaire"]["version"] = "9" * 60
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, indent=2), encoding="utf-8")  # as coach export writes
    result = run_cli("--home", str(tmp_path / "other"), "import", str(broken))
    assert result.code == 3
    lines = broken.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith('    "name": ""'))
    assert f"broken.json:{line}:13: $.person.name: is empty: write the text" in result.err
    assert (
        "$.assessments[0].questionnaire.version: is 60 characters long: the limit is 50"
    ) in result.err
    _no_jargon(result.err)
    assert "should" not in result.err


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # was "unknown question 'workload' (did you mean 'workload.rescues'?)"
        (
            "answers:\n  workload: {hours_per_week: 60}\n",
            "a.yaml:2:3: answers.workload: 'workload' is a section: write each answer on its own "
            "line as section.question: value, e.g. workload.hours_per_week: ...",
        ),
        # was "unknown question 'answer'": a flat answers file with one odd question
        ("answer:\n  workload.rescues: 2\n", "a.yaml:1:1: answer: unknown key 'answer' (did you"),
        (
            "answers:\n  scores.pressure: 3\n",
            "'scores.pressure' is a score, worked out from the answers: leave it out",
        ),
        (
            "answers:\n  workload.rescues 2\n",
            "'workload.rescues 2' is text: is the ':' after the question missing?",
        ),
        (
            "answers:\n  workload.hours_per_week: 60\n  workload.runbooks: [most\n",
            "this is not valid YAML: did not find expected ',' or ']' (a [list] is not closed: "
            "every [ needs its ])",
        ),
        (
            "answers:\n\tworkload.hours_per_week: 60\n",
            "(a tab: YAML indents with spaces, never tabs)",
        ),
        (  # a tab among list items said only "found a tab character that violates indentation"
            "answers:\n  workload.runbooks: most\n  culture.tried:\n  - none\n\t- boundary\n",
            "a.yaml:5:1: this is not valid YAML: found a tab character that violates indentation "
            "(a tab: YAML indents with spaces, never tabs: replace it with spaces)",
        ),
    ],
)
def test_an_answers_file_written_the_wrong_way_says_how_to_write_it(
    tmp_path: Path, run_cli, body: str, message: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(body, encoding="utf-8")
    result = run_cli("assess", "--answers", str(answers), "--no-save")
    assert result.code == 3
    assert message in result.err
    assert "workload.rescues'?)" not in result.err


def test_an_authors_words_from_elsewhere_are_named_in_coachs(tmp_path: Path, run_cli) -> None:
    """A condition as a sentence with `and`, `explanation:` for `because:`, `no` for an option:
    each named in the form coach reads (seen when writing a first rule as HR would)."""
    assert run_cli("rules", "init", str(tmp_path / "pack"), "--minimal").code == 0
    (tmp_path / "pack" / "rules" / "ours.yaml").write_text(
        "rules:\n"
        "  - id: long-weeks\n"
        "    title: Long weeks\n"
        "    mistake: hero\n"
        "    severity: high\n"
        "    when: workload.hours_per_week > 50 and culture.symptoms contains exhaustion\n"
        "    explanation: Long weeks [4].\n"
        "    sources: [4]\n"
        "  - id: no-brag\n"
        "    title: No brag document\n"
        "    mistake: invisible\n"
        "    severity: low\n"
        "    when: {recognition.brag_doc: no}\n"
        "    because: Nobody records glue work [6].\n"
        "    sources: [6]\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(tmp_path / "pack"))
    assert result.code == 1
    for expected in (
        "ours.yaml:6:11: rules[0].when: a condition is a mapping such as "
        "{workload.hours_per_week: {gte: 55}} (did you mean '{all: [{workload.hours_per_week: "
        "{gt: 50}}, {culture.symptoms: {contains: exhaustion}}]}'?)",
        "ours.yaml:7:5: rules[0].explanation: unknown key 'explanation' (did you mean 'because'?)",
        "ours.yaml:13:34: rules[1].when.recognition.brag_doc: yes/no is not an option of "
        "'recognition.brag_doc' (options: weekly, before_reviews, never) (did you mean 'never'?)",
    ):
        assert expected in result.out, result.out


def test_a_file_that_is_no_answers_file_is_named_as_such(mini: Path, run_cli) -> None:
    """An answers_file pointing at actions.yaml read "actions: unknown question 'actions'"."""
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(
        text.replace("  - name: calm\n", "  - name: calm\n    answers_file: ../actions.yaml\n", 1),
        "utf-8",
    )
    result = _validate(run_cli, mini)
    assert (
        "actions.yaml:1:1: this is not an answers file (its keys: actions): an answers file "
        in (result.out)
    )


def test_a_tenure_stage_a_case_expects_must_exist(tmp_path: Path, run_cli) -> None:
    """`tenure: observ` was accepted by validate: a case that could never pass."""
    assert run_cli("rules", "init", str(tmp_path / "p")).code == 0
    cases = tmp_path / "p" / "rules" / "tests" / "mine.yaml"
    cases.write_text(
        "cases:\n  - name: new\n    answers: {culture.months_in_role: 1}\n"
        "    expect: {tenure: observ}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(tmp_path / "p"))
    assert result.code == 1
    assert (
        "mine.yaml:4:22: cases[0].expect.tenure: unknown tenure stage 'observ' (pack.yaml "
        "plan.tenure has: observe, test, decide) (did you mean 'observe'?)"
    ) in result.out


@pytest.mark.parametrize(
    ("given", "what"), [("strategic-no", "an action"), ("hero", "a mistake"), ("most", None)]
)
def test_explain_says_what_an_id_given_as_a_rule_is(
    mini: Path, run_cli, given: str, what: str | None
) -> None:
    """`--rule strategic-no` (an action) read 'no rule 'strategic-no' in the pack'."""
    result = run_cli(
        "rules",
        "explain",
        "--answers",
        str(mini / "answers.yaml"),
        "--rule",
        given,
        "--rules",
        str(mini / "rules"),
        "--questionnaires",
        str(mini / "questionnaires"),
    )
    assert result.code == 2  # a bad option value
    if what:
        assert f"'{given}' is {what}, not a rule: --rule takes the id of a rule" in result.err
    else:
        assert f"no rule '{given}' in the pack" in result.err


def test_a_name_too_long_for_the_system_is_refused_not_a_crash(mini: Path, run_cli) -> None:
    """Found by the fuzzer (seed 12, #33): `coach import xxx...` (5,000 characters) was exit 70
    once a folder check asked the system about the name a second time."""
    long = "x" * 5000
    for argv in (("import", long), ("assess", "--answers", long, "--no-save")):
        result = run_cli(*argv)
        assert result.code == 2, result.err
        assert "File name too long" in result.err
    cases = mini / "rules" / "tests" / "t.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(
        text.replace("  - name: calm\n", f"  - name: calm\n    answers_file: {long}\n", 1), "utf-8"
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "cases[1].answers_file: " in result.out


def test_a_rule_written_as_a_spreadsheet_person_writes_it_gets_the_fix(
    tmp_path: Path, run_cli
) -> None:
    """An HR author's first rule: each slip names the form that works, ready to copy."""
    assert run_cli("rules", "init", str(tmp_path / "pack"), "--minimal").code == 0
    (tmp_path / "pack" / "rules" / "ours.yaml").write_text(
        "rules:\n"
        "  - id: Long hours\n"
        "    title: Working too much\n"
        "    mistake: Hero\n"
        "    severity: high\n"
        "    when:\n"
        "      all:\n"
        "        - workload.hours_per_week >= 55\n"
        "        - workload.rescues: {'>': 3}\n"
        "        - workload.out_of_hours: {in: 4}\n"
        "    because: Long hours [4].\n"
        "    sources: [4]\n"
        "    actions: cap-hours\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(tmp_path / "pack"))
    assert result.code == 1
    for expected in (
        "ours.yaml:2:9: rules[0].id: 'Long hours' is not a valid id",
        "(did you mean 'long-hours'?)",
        "ours.yaml:4:14: rules[0].mistake: 'Hero' is not a valid id",
        "(did you mean 'hero'?)",
        "ours.yaml:8:11: rules[0].when.all[0]: a condition is a mapping such as "
        "{workload.hours_per_week: {gte: 55}} (did you mean '{workload.hours_per_week: {gte: 55}}'?)",
        "ours.yaml:9:30: rules[0].when.all[1].workload.rescues.>: unknown operator '>' "
        "(did you mean 'gt'?)",
        "rules[0].when.all[2].workload.out_of_hours.in: 'in' takes a list of values, e.g. [a, b] "
        "(did you mean '[4]'?)",
        "ours.yaml:13:14: rules[0].actions: expected a list, got 'cap-hours' "
        "(did you mean '[cap-hours]'?)",
    ):
        assert expected in result.out, result.out


def test_a_value_written_as_people_say_it_gets_the_value_coach_reads(
    tmp_path: Path, run_cli
) -> None:
    """Units, symbols, labels and Yes in a rule's test: the fix names what to write instead."""
    assert run_cli("rules", "init", str(tmp_path / "pack"), "--minimal").code == 0
    (tmp_path / "pack" / "rules" / "ours.yaml").write_text(
        "rules:\n"
        "  - id: long-hours\n"
        "    title: Working too much\n"
        "    mistake: hero\n"
        "    severity: high\n"
        "    when:\n"
        "      all:\n"
        "        - workload.hours_per_week: '>= 55'\n"
        "        - workload.hours_per_week: {lte: 70 hours}\n"
        "        - workload.on_call: 'Yes'\n"
        "        - workload.runbooks: 'No, it is mostly in my head'\n"
        "    because: Long hours [4].\n"
        "    sources: [4]\n"
        "    actions: [cap-hours]\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(tmp_path / "pack"))
    assert result.code == 1
    for expected in (
        "'>= 55' is not a number (did you mean '{gte: 55}'?)",
        "'70 hours' is not a number (did you mean '70'?)",
        "'workload.on_call' is yes/no; compare it to true or false (did you mean 'true'?)",
        "'No, it is mostly in my head' is not an option of 'workload.runbooks' "
        "(options: most, some, none) (did you mean 'none'?)",
    ):
        assert expected in result.out, result.out
    answers = tmp_path / "a.yaml"
    answers.write_text("answers:\n  workload.runbooks: 'For some of them'\n", encoding="utf-8")
    result = run_cli("validate", str(answers))
    assert result.code == 1
    assert "'For some of them' is not one of the options: most, some, none" in result.out
    assert "(did you mean 'some'?)" in result.out


def test_a_questionnaire_written_with_other_tools_words_gets_coachs_words(
    tmp_path: Path, run_cli
) -> None:
    """An HR author's first questionnaire: 'choice' and 'yesno' types, options as plain words,
    questions without help. Each says what coach calls it and what goes there."""
    path = tmp_path / "pulse.yaml"
    path.write_text(
        "id: pulse\nversion: 1\ntitle: Pulse\nsections:\n"
        "  - id: pulse\n    title: Pulse\n    questions:\n"
        "      - {id: team, type: choice, text: Team?, help: h, options: [Platform, Data]}\n"
        "      - {id: oncall, type: yesno, text: On call?}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(path))
    assert result.code == 1
    for expected in (
        "questions[0].type: 'choice' is not one of: single, multi, scale, number, boolean, text "
        "(did you mean 'single'?)",
        "questions[0].options[0]: expected a mapping (key: value lines), got 'Platform' (options: "
        "each option as {value: platform, label: Platform}: rules and answers name the value, "
        "people read the label)",
        "questions[1].type: 'yesno' is not one of: single, multi, scale, number, boolean, text "
        "(did you mean 'boolean'?)",
        "questions[1]: missing required key 'help' (help: a sentence under the question: what to "
        "count, or why it is asked)",
    ):
        assert expected in result.out, result.out


def test_every_key_missing_from_a_rule_is_named_at_once(mini: Path, run_cli) -> None:
    """Only the first missing key was reported (the others were at the same place)."""
    (mini / "rules" / "more.yaml").write_text(
        "rules:\n  - id: x\n    title: X\n    mistake: hero\n    when: {workload.on_call: true}\n",
        encoding="utf-8",
    )
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert (
        "more.yaml:2:5: rules[0]: missing required keys 'severity', 'because' and 'sources' "
        "(because: why, in a sentence or two that cites the research by number" in result.out
    ), result.out


def test_a_rewrite_the_same_as_an_action_it_does_not_rewrite_is_named(
    tmp_path: Path, run_cli
) -> None:
    """`same_as:` must name another action the same action rewrites: otherwise no strength could
    ever leave the rewrite out, and the author would not know why."""
    import shutil

    from coach.content.places import SHIPPED_QUESTIONNAIRES, SHIPPED_RULES

    rules = tmp_path / "rules"
    shutil.copytree(SHIPPED_RULES, rules)
    actions = rules / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(
        text.replace("same_as: share-brag-document", "same_as: share-brag-documnt", 1), "utf-8"
    )
    result = run_cli("validate", str(rules), "--questionnaires", str(SHIPPED_QUESTIONNAIRES))
    assert result.code == 1
    assert (
        "rewrites.share-record-with-peers.same_as: unknown rewritten action "
        "'share-brag-documnt' (did you mean 'share-brag-document'?)"
    ) in result.out


def test_an_action_or_mistake_named_from_memory_finds_the_one_its_title_says(
    tmp_path: Path, run_cli
) -> None:
    """An HR author remembers "say no" and "mentoring", not the ids: the titles find them; a
    severity in an issue tracker's words ('Major') gets coach's word for it."""
    out = _rule_in_a_minimal_pack(
        tmp_path, run_cli, mistake="toxic_culture", severity="Major", actions="[say-no, mentor, ok]"
    )
    for expected in (
        "rules[0].mistake: unknown mistake 'toxic_culture' (did you mean 'toxic'?)",
        "rules[0].severity: 'Major' is not one of: low, medium, high, critical "
        "(did you mean 'high'?)",
        "rules[0].actions[0]: unknown action 'say-no' (did you mean 'strategic-no'?)",
        "rules[0].actions[1]: unknown action 'mentor' (did you mean 'mentor-and-rotate'?)",
    ):
        assert expected in out, out
    assert "unknown action 'ok'\n" in out  # too short to guess from


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("toxic-culture", "'toxic-culture' is not a valid id: use lowercase letters, digits"),
        ("Toxic Culture", "'Toxic Culture' is not a valid id"),
        ("Hero", "'Hero' is not a valid id"),
    ],
)
def test_a_mistake_written_as_an_invalid_id_suggests_a_mistake_that_exists(
    tmp_path: Path, run_cli, written: str, expected: str
) -> None:
    """'toxic-culture' broke the id pattern and got "did you mean 'toxic_culture'?", which is
    no mistake either: the next run then said 'toxic'. It says a real mistake at once."""
    out = _rule_in_a_minimal_pack(tmp_path, run_cli, mistake=written, actions="[Strategic No]")
    [mistake] = [line for line in out.splitlines() if "rules[0].mistake" in line]
    assert expected in mistake
    meant = "hero" if written == "Hero" else "toxic"
    assert mistake.endswith(f"(did you mean '{meant}'?)"), mistake
    assert "rules[0].actions[0]: 'Strategic No' is not a valid id" in out
    assert "(did you mean 'strategic-no'?)" in out


def test_a_mistake_nothing_like_any_names_the_mistakes_there_are(tmp_path: Path, run_cli) -> None:
    out = _rule_in_a_minimal_pack(tmp_path, run_cli, mistake="burnout", actions="[strategic-no]")
    assert (
        "rules[0].mistake: unknown mistake 'burnout'; the mistakes: business, exit, hero, "
        "invisible, politics, positioning, toxic, wellbeing\n"
    ) in out


def _rule_in_a_minimal_pack(
    tmp_path: Path,
    run_cli,
    *,
    mistake: str,
    severity: str = "high",
    actions: str,
    when: str = "{workload.hours_per_week: {gt: 55}}",
) -> str:
    """`coach validate` of a `rules init --minimal` pack with one rule written from memory."""
    assert run_cli("rules", "init", str(tmp_path / "pack"), "--minimal").code == 0
    (tmp_path / "pack" / "rules" / "ours.yaml").write_text(
        "rules:\n"
        "  - id: swamped\n"
        "    title: Swamped\n"
        f"    mistake: {mistake}\n"
        f"    severity: {severity}\n"
        f"    when: {when}\n"
        "    because: Long hours [4].\n"
        "    sources: [4]\n"
        f"    actions: {actions}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(tmp_path / "pack"))
    assert result.code == 1
    return result.out


def test_yes_or_no_finds_the_one_option_whose_label_opens_with_it(tmp_path: Path, run_cli) -> None:
    """`exit.leaving: yes` in a rule or an answers file: the option "Yes, I have decided to
    leave" is 'decided'; where two labels open with "Yes" there is no guess."""
    out = _rule_in_a_minimal_pack(
        tmp_path,
        run_cli,
        mistake="exit",
        actions="[leave-on-your-terms]",
        when="{exit.leaving: yes}",
    )
    assert (
        "rules[0].when.exit.leaving: yes/no is not an option of 'exit.leaving' (options: "
        "staying, thinking, decided) (did you mean 'decided'?)"
    ) in out
    answers = tmp_path / "answers.yaml"
    answers.write_text(
        "answers:\n  exit.leaving: no\n  workload.only_one_who_knows: yes\n", encoding="utf-8"
    )
    checked = run_cli("validate", str(answers)).out
    assert (
        "answers.exit.leaving: yes/no is not one of the options: staying, thinking, decided "
        "(did you mean 'staying'?)"
    ) in checked
    assert (
        "answers.workload.only_one_who_knows: yes/no is not one of the options: none, one, "
        "several\n"
    ) in checked


def test_every_problem_of_a_broken_condition_shows_at_once(mini: Path, run_cli) -> None:
    """An unknown operator no longer hides the unknown question beside it, nor the next test's
    option; and an operator in words or a question cut short gets the name that exists."""
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8").replace(
        "when: {all: [{workload.hours_per_week: {gte: 55}}, {condition: overloaded}]}",
        "when: {all: [{workload.hours: {greater_than: 55}}, {workload.work: {contains: reveiws}},"
        " {workload.hours_per_week: {at least: 50}}]}",
    )
    hero.write_text(text, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    # the question at its key (column 19), the option at its value (column 83)
    assert "hero.yaml:9:19: rules[0].when.all[0].workload.hours: unknown question " in result.out
    assert "unknown question 'workload.hours' (did you mean 'workload.hours_per_week'?)" in (
        result.out
    )
    assert "unknown operator 'greater_than' (did you mean 'gt'?)" in result.out
    assert "hero.yaml:9:83: rules[0].when.all[1].workload.work.contains: 'reveiws' is not an " in (
        result.out
    )
    assert "unknown operator 'at least' (did you mean 'gte'?)" in result.out
    assert "4 problems found" in result.err
    _no_jargon(result.out)


def test_a_rule_test_file_shows_every_problem_at_once(mini: Path, run_cli) -> None:
    """A misspelt key no longer hides the case's unknown question and unknown rule until the
    next run; a mistake written as an invalid id gets one that exists."""
    (mini / "rules" / "tests" / "more.yaml").write_text(
        "cases:\n"
        "  - name: typos\n"
        "    answers: {workload.hours_per_wek: 60}\n"
        "    expect:\n"
        "      diagnosis: {hero: high}\n"
        "      fires: [hero-hour]\n"
        "  - name: id from memory\n"
        "    answers: {workload.hours_per_week: 10}\n"
        "    expect: {not_diagnosed: [Hero]}\n",
        encoding="utf-8",
    )
    result = run_cli("rules", "test", str(mini / "rules"))
    assert result.code == 3
    out = result.out + result.err
    assert "unknown key 'diagnosis' (did you mean 'diagnoses'?)" in out
    assert (
        "unknown question 'workload.hours_per_wek' (did you mean 'workload.hours_per_week'?)" in out
    )
    assert "unknown rule 'hero-hour' (did you mean 'hero-hours'?)" in out
    assert "'Hero' is not a valid id" in out
    assert "(did you mean 'hero'?)" in out


def test_rules_test_given_a_pack_folder_runs_that_pack_and_its_tests(mini: Path, run_cli) -> None:
    result = run_cli(
        "rules", "test", str(mini / "rules"), "--questionnaires", str(mini / "questionnaires")
    )
    assert "unknown key 'rules'" not in result.out + result.err
    assert result.code == 1  # the mini pack's tests hold one case that fails on purpose
    assert "2 passed, 1 failed, 3 cases." in result.out


def test_questions_written_as_a_number_is_located_not_a_crash(tmp_path: Path, run_cli) -> None:
    """Found by the fuzzer (seed 1205, input 95): `questions: 1` crashed the skip-logic walk."""
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(
        "id: q\nversion: '1'\ntitle: Q\nsections:\n  - id: workload\n    title: W\n"
        "    questions: 1\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(questionnaire))
    assert result.code == 1
    assert "q.yaml:7:16: sections[0].questions: expected a list, got 1\n" in result.out
    assert "did you mean '[1]'" not in result.out  # a list of questions, not of numbers


def test_a_questionnaire_with_other_problems_still_hears_of_its_duplicate_ids(
    tmp_path: Path, run_cli
) -> None:
    questionnaire = tmp_path / "q.yaml"
    questionnaire.write_text(
        "id: q\nversion: '1'\ntitle: Q\nsections:\n  - id: load\n    title: Load\n"
        "    questions:\n"
        "      - {id: mood, text: How do you feel?, help: Today., type: numbr}\n"
        "      - {id: mood, text: Again?, help: Today., type: boolean}\n",
        encoding="utf-8",
    )
    result = run_cli("validate", str(questionnaire))
    assert result.code == 1
    lines = result.out.splitlines()
    assert "'numbr' is not one of" in lines[0]
    assert lines[1].endswith("sections[0].questions[1].id: duplicate question id 'load.mood'")


@pytest.mark.parametrize(("length", "guessed"), [(400, True), (401, False)])
def test_a_condition_written_as_a_line_is_guessed_up_to_400_characters(
    mini: Path, run_cli, length: int, guessed: bool
) -> None:
    """Longer text gets no guess: the patterns are not linear in its length."""
    line = "workload.hours_per_week >= 55".ljust(length)
    hero = mini / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8").replace(
        "when: {all: [{workload.hours_per_week: {gte: 55}}, {condition: overloaded}]}",
        f"when: '{line}'",
    )
    hero.write_text(text, encoding="utf-8")
    result = _validate(run_cli, mini)
    assert result.code == 1
    assert "a condition is a mapping such as" in result.out
    assert ("(did you mean '{workload.hours_per_week: {gte: 55}}'?)" in result.out) is guessed


def test_an_export_whose_person_was_renamed_says_both_names(tmp_path: Path, run_cli) -> None:
    import json

    from coach.content.places import SHIPPED_EXAMPLES

    home = str(tmp_path / "home")
    hero = str(SHIPPED_EXAMPLES / "hero.yaml")
    assert run_cli("--home", home, "assess", "--answers", hero).code == 0
    data = json.loads(run_cli("--home", home, "export", "--person", "Sam").out)
    data["person"]["name"] = "Samuel"
    renamed = tmp_path / "renamed.json"
    renamed.write_text(json.dumps(data), encoding="utf-8")
    result = run_cli("--home", home, "import", str(renamed))
    assert result.code == 4
    assert "(about 'Samuel') is already in the history, about 'Sam'" in result.err
    assert "nothing was imported" in result.err
    people = run_cli("--home", home, "export", "--person", "Samuel")
    assert people.code != 0  # no half-made person was left behind


def test_rules_test_given_the_folder_rules_init_made_points_to_its_pack(
    tmp_path: Path, run_cli
) -> None:
    assert run_cli("rules", "init", str(tmp_path / "mine")).code == 0
    result = run_cli("rules", "test", str(tmp_path / "mine"))
    assert result.code == 3
    assert f"its rules folder is a pack: give {tmp_path / 'mine' / 'rules'}" in result.err
