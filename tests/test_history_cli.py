"""`coach history`, `compare`, `show`, `remind`, `export`, `import`, `forget` as a user runs them."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

MINI_ANSWERS = """
answers:
  workload.hours_per_week: {hours}
  workload.on_call: {on_call}
  workload.work: [{work}]
"""


@pytest.fixture
def coach(run_cli, mini: Path, tmp_path: Path):
    """Run coach with --home in tmp_path; `assess` reads the mini pack."""
    home = tmp_path / "home"

    def run(*args: str, input: str | None = None):  # noqa: A002
        if args and args[0] in ("assess", "show", "compare"):
            content = (
                "--rules",
                str(mini / "rules"),
                "--questionnaires",
                str(mini / "questionnaires"),
            )
            args = (args[0], *content, *args[1:])
        return run_cli("--home", str(home), *args, input=input)

    return run


@pytest.fixture
def answers(write):
    def make(name: str, hours: int, *, on_call: bool = False, work: str = "") -> str:
        text = MINI_ANSWERS.format(hours=hours, on_call=str(on_call).lower(), work=work)
        return str(write(name, text))

    return make


def _two_quarters(coach, answers) -> None:
    first = coach(
        "assess", "--answers", answers("q3.yaml", 62, work="mentoring"), "--quarter", "2026-q3"
    )
    assert first.code == 0, first.err
    assert "Saved as assessment #1 for me, 2026-Q3" in first.err
    second = coach("assess", "--answers", answers("q4.yaml", 40), "--quarter", "2026-Q4")
    assert second.code == 0, second.err


def test_two_quarters_appear_in_history_with_trends(coach, answers) -> None:
    _two_quarters(coach, answers)
    shown = coach("history")
    assert shown.code == 0, shown.err
    assert "History of me: 2 quarter(s)" in shown.out
    lines = {line.split("│")[1].strip(): line for line in shown.out.splitlines() if "│" in line}
    assert "2026-Q3" in shown.out
    assert "2026-Q4" in shown.out
    hero = lines["Hero"]
    assert "high" in hero
    assert "↓ resolved" in hero
    assert "▆▁" in hero
    assert "med" in lines["Invisible"]
    assert "↓ resolved" in lines["Invisible"]


def test_history_as_json(coach, answers) -> None:
    _two_quarters(coach, answers)
    data = json.loads(coach("history", "--json").out)
    assert [c["quarter"] for c in data["columns"]] == ["2026-Q3", "2026-Q4"]
    hero = next(r for r in data["rows"] if r["mistake"] == "hero")
    assert (hero["cells"], hero["trend"], hero["sparkline"]) == (["high", "none"], "resolved", "▆▁")


def test_a_quarter_without_a_check_in_is_a_gap_in_the_history(coach, answers) -> None:
    # 2026-Q1 then 2026-Q3: the history read as two consecutive quarters, trend and sparkline too.
    first = coach("assess", "--answers", answers("q1.yaml", 62), "--quarter", "2026-Q1")
    assert first.code == 0, first.err
    third = coach("assess", "--answers", answers("q3.yaml", 40), "--quarter", "2026-Q3")
    assert third.code == 0, third.err
    shown = coach("history")
    assert "History of me: 2 quarter(s)" in shown.out
    assert "2026-Q2" in shown.out
    assert "·: no check-in in 2026-Q2." in shown.out
    lines = {line.split("│")[1].strip(): line for line in shown.out.splitlines() if "│" in line}
    assert "▆·▁" in lines["Hero"]
    data = json.loads(coach("history", "--json").out)
    assert [(c["quarter"], c["assessment_id"]) for c in data["columns"]] == [
        ("2026-Q1", 1),
        ("2026-Q2", None),
        ("2026-Q3", 2),
    ]
    hero = next(r for r in data["rows"] if r["mistake"] == "hero")
    assert (hero["cells"], hero["trend"]) == (["high", None, "none"], "resolved")


def test_compare_shows_what_changed_and_the_answers_that_moved(coach, answers) -> None:
    _two_quarters(coach, answers)
    shown = coach("compare")
    assert shown.code == 0, shown.err
    assert "From #1, 2026-Q3" in shown.out
    assert "to #2, 2026-Q4" in shown.out
    resolved = shown.out.split("Resolved")[1]
    assert "Hero  high → not diagnosed" in resolved
    assert "Invisible  medium → not diagnosed" in resolved
    assert "New" not in shown.out
    assert "Worse" not in shown.out
    moved = shown.out.split("Answers that moved most")[1]
    assert moved.index("Work?") < moved.index(
        "Hours?"
    )  # a whole multi-choice beats 22 of 120 hours
    assert "62 hours" in moved
    assert "40 hours" in moved
    by_quarter = coach("compare", "2026-Q4", "2026-Q3", "--json")
    data = json.loads(by_quarter.out)
    assert [m["change"] for m in data["mistakes"] if m["mistake"] == "hero"] == ["new"]


def test_compare_needs_two_assessments(coach, answers) -> None:
    coach("assess", "--answers", answers("a.yaml", 40))
    shown = coach("compare")
    assert shown.code == 1
    assert "me has 1 saved assessment(s); compare needs two" in shown.err


def test_no_save_keeps_history_empty(coach, answers) -> None:
    result = coach("assess", "--answers", answers("a.yaml", 62), "--no-save", "--json")
    assert result.code == 0
    json.loads(result.out)  # stdout stays pure JSON
    assert "Saved" not in result.err
    assert "No assessments saved for me yet" in coach("history").out


def test_the_assessment_is_saved_before_the_report_can_fail(
    coach, answers, monkeypatch: pytest.MonkeyPatch
) -> None:
    def closed_pipe(*_args: object, **_kwargs: object) -> None:
        raise BrokenPipeError  # `coach assess --answers a.yaml | head -1`

    monkeypatch.setattr("coach.ui.report.render_report", closed_pipe)
    piped = coach("assess", "--answers", answers("a.yaml", 62), "--quarter", "2026-Q3")
    assert piped.code == 0
    monkeypatch.undo()
    assert "Assessment #1, 2026-Q3" in coach("show").out


def test_the_person_comes_from_the_option_or_the_answers_file(coach, write) -> None:
    named = write("dana.yaml", "person: Dana\nanswers:\n  workload.hours_per_week: 45\n")
    assert "for Dana, " in coach("assess", "--answers", str(named)).err
    assert "for Eli, " in coach("assess", "--answers", str(named), "--person", "Eli").err
    shown = coach("history")
    assert "People in this history: Dana, Eli (use --person NAME)." in shown.out
    unknown = coach("history", "--person", "Dan")
    assert unknown.code == 4
    assert "no history for 'Dan' (did you mean 'Dana'?)" in unknown.err


def test_the_answers_file_date_sets_the_quarter(coach, write) -> None:
    dated = write("feb.yaml", "date: 2026-02-14\nanswers:\n  workload.hours_per_week: 45\n")
    assert "for me, 2026-Q1" in coach("assess", "--answers", str(dated)).err
    overridden = coach("assess", "--answers", str(dated), "--quarter", "2025-Q4")
    assert "for me, 2025-Q4" in overridden.err
    typo = write("typo.yaml", "date: 2026-02-30\nanswers:\n  workload.hours_per_week: 45\n")
    wrong = coach("assess", "--answers", str(typo))
    assert wrong.code == 3
    assert "typo.yaml:1:7: date: '2026-02-30' is not a day" in wrong.err
    ahead = (date.today() + timedelta(days=40)).isoformat()
    future = write("next.yaml", f"date: {ahead}\nanswers:\n  workload.hours_per_week: 45\n")
    assert f"date: {ahead} is in the future" in coach("assess", "--answers", str(future)).err
    listed = coach("history").out
    assert "2025-Q4" in listed
    assert "2026-Q1" in listed  # two assessments saved; the bad files saved nothing
    assert listed.count("2026-Q") == 1
    # a time, as `coach assess` writes it when it saves answers to a file, counts by its local day
    stamped = write("t.yaml", "date: '2026-08-14T12:30:00+00:00'\nanswers: {workload.on_call: no}")
    assert "for me, 2026-Q3" in coach("assess", "--answers", str(stamped)).err


def test_a_quarter_must_look_like_one(coach, answers) -> None:
    result = coach("assess", "--answers", answers("a.yaml", 40), "--quarter", "Q4")
    assert result.code == 2
    assert "'Q4' is not a quarter; write it like 2026-Q4" in result.err


def test_show_renders_the_report_as_saved_unless_rerun(coach, answers, mini: Path) -> None:
    coach("assess", "--answers", answers("a.yaml", 62), "--quarter", "2026-Q3")
    hero_rules = mini / "rules" / "hero.yaml"
    hero_rules.write_text(
        hero_rules.read_text(encoding="utf-8").replace("severity: high", "severity: critical"),
        encoding="utf-8",
    )
    saved = coach("show")
    assert saved.code == 0, saved.err
    assert "Assessment #1, 2026-Q3" in saved.out
    assert "as reported then" in saved.out
    assert "1. Hero  high" in saved.out
    assert "Long hours  high" in saved.out
    rerun = coach("show", "1", "--rerun")
    assert rerun.code == 0, rerun.err
    assert "re-assessed with today's rules" in rerun.out
    assert "1. Hero  critical" in rerun.out
    data = json.loads(coach("show", "2026-Q3", "--json").out)
    assert data["assessment"]["quarter"] == "2026-Q3"
    assert data["result"]["diagnoses"][0]["severity"] == "high"


def test_show_says_what_became_of_the_last_plan(coach, answers, tmp_path: Path) -> None:
    from store_helpers import plan_item, review_with

    from coach.store import commitments, open_store, record_followup, save_review

    coach("assess", "--answers", answers("q3.yaml", 62), "--quarter", "2026-Q3")
    store = open_store(tmp_path / "home")
    try:
        save_review(
            store,
            review_with(
                1,
                "1" * 32,
                plan_item("2" * 32, "strategic-no", "Say no"),
                plan_item("3" * 32, None, "Ask Dana about the platform team"),
            ),
        )
        coach("assess", "--answers", answers("q4.yaml", 62), "--quarter", "2026-Q4")
        say_no, dana = commitments(store, "me")
        record_followup(store, say_no.id, "done", "twice", assessment_id=2)
        record_followup(store, dana.id, "not_started", assessment_id=2)
    finally:
        store.close()
    shown = coach("show")
    assert shown.code == 0, shown.err
    report = " ".join(shown.out.split())
    assert "Since your plan of 2026-Q3: 1 of 2 done" in report
    # done, yet suggested again by this quarter's answers (still 62 hours): said so
    assert (
        "Say no: done (twice); in this plan again, as this quarter's answers still point" in report
    )
    assert "Ask Dana about the platform team: not started" in report
    assert report.index("Since your plan") < report.index("Say no once.")  # before the plan
    first = " ".join(coach("show", "1").out.split())
    assert "Since your plan" not in first  # nothing was followed up in Q3


def test_rerun_says_which_saved_answers_no_longer_fit(coach, answers, mini: Path) -> None:
    coach("assess", "--answers", answers("a.yaml", 62, work="reviews"))
    questionnaire = mini / "questionnaires" / "q.yaml"
    questionnaire.write_text(
        questionnaire.read_text(encoding="utf-8").replace("value: reviews", "value: audits"),
        encoding="utf-8",
    )
    rerun = coach("show", "--rerun")
    assert rerun.code == 0, rerun.err
    assert rerun.err == (
        "1 saved answer(s) no longer fit today's questionnaire and were left out: workload.work\n"
    )
    assert "re-assessed with today's rules" in rerun.out


def test_show_refuses_an_unfinished_draft(coach, mini: Path, tmp_path: Path) -> None:
    from coach.content.bundle import load_content
    from coach.store import open_store, start_draft

    content = load_content(mini / "rules", mini / "questionnaires")
    with open_store(tmp_path / "home") as store:
        draft = start_draft(store, "me", content.questionnaire)
    shown = coach("show", str(draft))
    assert shown.code == 1
    assert shown.err == f"Error: assessment #{draft} is an unfinished draft\n"


def test_export_forget_import_restores_the_same_history(coach, answers, tmp_path: Path) -> None:
    _two_quarters(coach, answers)
    exported = coach("export")
    assert exported.code == 0
    saved = tmp_path / "me.json"
    assert coach("export", "-o", str(saved)).code == 0
    assert saved.read_text(encoding="utf-8") == exported.out
    assert oct(saved.stat().st_mode & 0o777) == "0o600"

    forgotten = coach("forget", "--person", "me", "--yes")
    assert forgotten.code == 0
    assert "Forgot me: 2 assessment(s)" in forgotten.out
    assert "No assessments saved for me yet" in coach("history").out

    imported = coach("import", str(saved))
    assert (imported.code, imported.out.strip()) == (0, "Imported 2 assessment(s) for me.")
    assert coach("export").out == exported.out  # byte for byte
    again = coach("import", str(saved))
    assert "Imported 0 assessment(s) for me; 2 were already there." in again.out
    assert coach("export").out == exported.out
    assert "2026-Q3" in coach("history").out


def test_forget_asks_first(coach, answers) -> None:
    coach("assess", "--answers", answers("a.yaml", 40))
    declined = coach("forget", "--person", "me", input="n\n")
    assert declined.code == 1
    assert "Delete me's 1 assessment(s), reviews and plans for good?" in declined.err
    assert "Nothing was deleted." in declined.err
    no_answer = coach("forget", "--person", "me", input="")
    assert no_answer.code == 1
    assert "History of me" in coach("history").out
    accepted = coach("forget", "--person", "me", input="y\n")
    assert accepted.code == 0
    assert "No assessments saved for me yet" in coach("history").out


def test_import_reports_a_bad_file_at_its_json_path(coach, write) -> None:
    bad = write(
        "bad.json",
        '{\n  "format": "coach-history",\n  "version": 1,\n  "person": {"name": "me"},\n'
        '  "assessments": []\n}\n',
    )
    result = coach("import", str(bad))
    assert result.code == 3
    assert "bad.json:4:13: $.person: missing required key 'created_at'" in result.err
    broken = write("broken.json", '{"format": \n')
    result = coach("import", str(broken))
    assert result.code == 3
    assert "broken.json:2:1: is not a JSON export" in result.err


def test_remind_says_when_the_next_check_in_is_due(coach, answers, tmp_path: Path) -> None:
    first = coach("remind")
    assert "No check-in saved for me yet: the first one is due today." in first.out
    coach("assess", "--answers", answers("a.yaml", 40))
    ics = tmp_path / "checkin.ics"
    shown = coach("remind", "--ics", str(ics))
    assert shown.code == 0, shown.err
    today = date.today()
    assert f"Last check-in for me: {today}" in shown.out
    assert "The next is due on " in shown.out
    from icalendar import Calendar

    calendar = Calendar.from_ical(ics.read_bytes())
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert timedelta(days=89) <= start - today <= timedelta(days=92)
    assert event["rrule"]["FREQ"] == ["MONTHLY"]
    assert event["rrule"]["INTERVAL"] == [3]
    assert "coach assess" in str(event["description"])
    coach("remind", "--ics", str(ics))  # again: the same event, updated in place
    assert Calendar.from_ical(ics.read_bytes()).walk("VEVENT")[0]["uid"] == event["uid"]


@pytest.mark.parametrize(
    "command", ["history", "compare", "show", "remind", "export", "import", "forget"]
)
def test_help_of_history_commands_imports_nothing_heavy(command: str) -> None:
    import subprocess
    import sys

    code = (
        "import sys, json\n"
        "from coach.cli import main\n"
        f"main([{command!r}, '--help'])\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(json.loads(done.stderr))
    heavy = ("sqlalchemy", "alembic", "pydantic", "rich.console", "questionary", "icalendar")
    assert "Usage: coach" in done.stdout
    assert [m for m in heavy if m in loaded] == []


def test_a_quarter_that_did_not_assess_a_mistake_claims_no_trend(run_cli, tmp_path: Path) -> None:
    # Q4 answers the workload section only: the six mistakes it did not ask about are n/a, with
    # no trend (exit, found in Q3, is not "resolved"); hero, found in Q2, gone in Q3 and found
    # again in Q4, is "back", not "new".
    from coach.content.bundle import SHIPPED_EXAMPLES

    home = str(tmp_path / "home")
    for quarter, name in (
        ("2026-Q2", "hero"),
        ("2026-Q3", "balanced-one-flag"),
        ("2026-Q4", "workload-only"),
    ):
        done = run_cli(
            "--home",
            home,
            "assess",
            "--answers",
            str(SHIPPED_EXAMPLES / f"{name}.yaml"),
            "--person",
            "sam",
            "--quarter",
            quarter,
        )
        assert done.code == 0, done.err
    shown = run_cli("--home", home, "history", "--person", "sam", "--json")
    rows = {r["mistake"]: r for r in json.loads(shown.out)["rows"]}
    assert rows["exit"]["cells"] == ["none", "medium", None]
    assert rows["exit"]["trend"] is None  # not "resolved": Q4 did not ask
    assert rows["exit"]["sparkline"] == "▁▄·"
    assert rows["hero"]["cells"] == ["critical", "none", "medium"]
    assert rows["hero"]["trend"] == "back"
    table = run_cli("--home", home, "history", "--person", "sam").out
    assert "n/a: not assessed that quarter" in table
    assert "resolved" not in table
    compared = run_cli("--home", home, "compare", "--person", "sam").out
    assert "Not compared: not assessed in one of the two" in compared
    assert "Not designing your exit  medium → not assessed" in compared
    assert "Resolved" not in compared


def test_compare_says_an_action_was_left_out_not_done(run_cli, tmp_path: Path) -> None:
    """Decided to leave since last quarter: "- gone  Put your skills behind a high-profile
    project" read as if it were done; it was left out of the plan, and compare says why."""
    from coach.content.bundle import SHIPPED_EXAMPLES

    home = str(tmp_path / "home")
    before = (SHIPPED_EXAMPLES / "heads-down.yaml").read_text(encoding="utf-8")
    after = tmp_path / "decided.yaml"
    after.write_text(before.replace("exit.leaving: staying", "exit.leaving: decided"), "utf-8")
    first = tmp_path / "staying.yaml"
    first.write_text(before, "utf-8")
    assert (
        run_cli("--home", home, "assess", "--answers", str(first), "--quarter", "2026-Q3").code == 0
    )
    assert (
        run_cli("--home", home, "assess", "--answers", str(after), "--quarter", "2026-Q4").code == 0
    )
    shown = run_cli("--home", home, "compare", "--person", "Lena")
    assert shown.code == 0, shown.err
    flat = " ".join(shown.out.split())
    assert (
        "- gone Put your skills behind a high-profile project (left out of this plan, not done: "
        "You have decided to leave.)"
    ) in flat
    assert "+ new Leave on your own terms (for: You have decided to leave" in flat
    data = json.loads(run_cli("--home", home, "compare", "--person", "Lena", "--json").out)
    gone = {a["title"]: a["left_out"] for a in data["actions"] if a["change"] == "gone"}
    assert gone["Put your skills behind a high-profile project"] == "You have decided to leave."
