"""Brag and job facts feed the rules, the welcome of `coach assess`, and its defaults."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from rich.console import Console

from coach.habits import NewEntry, add_brag, history_facts, job_answers, welcome_lines
from coach.model.quarters import add_months
from coach.store import open_store
from coach.store.habits import record_job_test, start_job


def weekly(store, weeks: range, today: date, *, impact: str | None = "time_saved") -> None:
    for back in weeks:
        day = today - timedelta(weeks=back)
        add_brag(store, "me", [NewEntry("shipped", f"week -{back}", impact, None)], day)


def test_facts_and_welcome_lines_from_the_history(tmp_path: Path) -> None:
    today = date(2026, 11, 26)
    with open_store(tmp_path) as store:
        assert history_facts(store, "me", today) == {}
        assert welcome_lines(store, "me", today) == []
        weekly(store, range(0, 13, 1), today)  # every week of the last 13
        start_job(store, "me", add_months(today, -4), "Acme")
        record_job_test(store, "me", "boundary", "punished", tested_on=today)
        facts = history_facts(store, "me", today)
        lines = welcome_lines(store, "me", today)
    assert facts["brag.weeks"] == 13
    assert facts["brag.impact_share"] == 100
    assert facts["brag.shared"] is False
    assert facts["job.months"] == 4
    assert facts["job.phase"] == "test"
    assert facts["job.tests_punished"] == 1
    assert job_answers(facts) == {"culture.months_in_role": 4}
    assert lines == [
        "Brag document: 9 of 9 weeks this quarter have an entry.",
        "Job at Acme: month 5, test phase of the six-month verdict.",
    ]


def test_the_welcome_shows_the_lines() -> None:
    from coach.content.choose import choose_questionnaire
    from coach.ui.welcome import welcome

    console = Console(record=True, width=100, color_system=None)
    questionnaire = choose_questionnaire(None, None, None).questionnaire
    welcome(console, questionnaire, "HOME", habits=["Brag document: 3 of 9 weeks this quarter."])
    assert "Brag document: 3 of 9 weeks this quarter." in console.export_text()


@pytest.fixture
def coach(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    return lambda *args: run_cli("--home", str(home), *args)


def assessed(coach, write, answers: str) -> dict:
    path = write("answers.yaml", answers)
    done = coach("assess", "--answers", str(path), "--json", "--no-save")
    assert done.code == 0, done.err
    return json.loads(done.out)


TOXIC = """
answers:
  culture.behaviours: [gaslighting]
"""


def test_a_recorded_job_answers_months_in_role_and_its_tests_feed_the_verdict(coach, write):
    before = assessed(coach, write, TOXIC)
    assert "toxic-verdict-leave" not in json.dumps(before)
    started = add_months(date.today(), -7)
    assert coach("job", "start", started.isoformat()).code == 0
    assert coach("job", "test", "boundary", "punished").code == 0
    after = json.dumps(assessed(coach, write, TOXIC))
    assert "toxic-verdict-leave" in after  # months and the punished test came from coach job


def test_a_weekly_brag_document_stops_the_advice_to_start_one(coach, write):
    answers = """
    answers:
      recognition.brag_doc: never
      recognition.manager_knows: 2
    """
    before = json.dumps(assessed(coach, write, answers))
    assert "invisible-no-record" in before
    for back in range(10):
        day = (date.today() - timedelta(weeks=back)).isoformat()
        assert coach("brag", "add", "--shipped", "x", "--date", day).code == 0
    after = json.dumps(assessed(coach, write, answers))
    assert "invisible-no-record" not in after
    assert "invisible-brag-unseen" in after  # not shared: asked to share it instead


def test_an_answers_file_for_another_person_says_the_brag_document_was_not_used(coach, write):
    """A brag document kept as 'me' and an answers file with `person: Sam` gave a report that
    still said "start a brag document", with no word why."""
    for back in range(10):
        day = (date.today() - timedelta(weeks=back)).isoformat()
        assert coach("brag", "add", "--shipped", "x", "--date", day).code == 0
    path = write("answers.yaml", "person: Sam\nanswers:\n  recognition.brag_doc: never\n")
    for json_too in ((), ("--json",)):
        done = coach("assess", "--answers", str(path), "--no-save", *json_too)
        assert done.code == 0, done.err
        assert (
            "Note: No brag entries or job are recorded for 'Sam', so this report does not use "
            "them; the history has them for 'me'. To use them, give --person NAME"
        ) in done.err
    if json_too:
        json.loads(done.out)  # the note stays off the JSON
    mine = coach("assess", "--answers", str(path), "--no-save", "--person", "me", "--json")
    assert "Note:" not in mine.err
    assert "invisible-no-record" not in mine.out


def test_no_note_when_nobody_has_a_brag_document(coach, write):
    path = write("answers.yaml", "person: Sam\nanswers:\n  recognition.brag_doc: never\n")
    assert coach("assess", "--answers", str(path)).code == 0
    again = coach("assess", "--answers", str(path), "--no-save")
    assert "Note:" not in again.err


def test_remind_ics_adds_the_month_3_and_month_6_check_ins(coach, tmp_path: Path) -> None:
    from icalendar import Calendar

    started = date.today() - timedelta(days=20)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    ics = tmp_path / "checkin.ics"
    shown = coach("remind", "--ics", str(ics))
    assert shown.code == 0, shown.err
    for month in (3, 6):
        day = add_months(started, month)
        assert f"Job check-in, month {month}: {day}, in {(day - date.today()).days} day(s)." in (
            shown.out
        )
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == 3  # the quarterly series and the two check-ins
    one_offs = {e.decoded("dtstart"): e for e in events if "rrule" not in e}
    assert set(one_offs) == {add_months(started, 3), add_months(started, 6)}
    assert "the verdict" in str(one_offs[add_months(started, 6)]["summary"])
    assert "coach job verdict" in str(one_offs[add_months(started, 6)]["description"])
    uids = sorted(str(e["uid"]) for e in events)
    coach("remind", "--ics", str(ics))  # again: the same events, updated in place
    assert (
        sorted(str(e["uid"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")) == uids
    )


def test_remind_ics_leaves_out_a_job_check_in_that_has_passed(coach, tmp_path: Path) -> None:
    # Four months in: month 3 has passed; only the verdict's check-in is sent (both were).
    from icalendar import Calendar

    started = add_months(date.today(), -4)
    assert coach("job", "start", started.isoformat()).code == 0
    ics = tmp_path / "checkin.ics"
    shown = coach("remind", "--ics", str(ics))
    assert shown.code == 0, shown.err
    assert "and the job's month-6 check-in." in shown.out
    one_offs = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT") if "rrule" not in e]
    assert [e.decoded("dtstart") for e in one_offs] == [add_months(started, 6)]


def test_the_printed_plan_shows_the_brag_summary_and_the_verdict_timeline(coach, write, tmp_path):
    path = write("answers.yaml", TOXIC)
    assert coach("assess", "--answers", str(path)).code == 0
    started = add_months(date.today(), -7)
    coach("job", "start", started.isoformat(), "--company", "<Acme>")
    for test, outcome in (
        ("stretch", "welcomed"),
        ("boundary", "welcomed"),
        ("problem", "welcomed"),
    ):
        coach("job", "test", test, outcome)
    coach("brag", "add", "--shipped", "Billing *v2*", "--shipped-impact", "revenue")
    markdown = tmp_path / "plan.md"
    assert coach("plan", "--format", "md", "-o", str(markdown)).code == 0
    text = markdown.read_text()
    assert "## Brag document (" in text
    assert "100% with a business impact" in text
    assert "## Six-month verdict" in text
    assert "&lt;Acme&gt;" in text
    assert "| **Decide** (now) | after 6 |" in text
    assert "**Verdict:** Stay." in text
    sources = text[text.index("## Sources") :]
    assert "- **[34]**" in sources  # cited by the observe phase only: listed all the same
    assert "[34]" not in text[: text.index("## Six-month verdict")]
    page = tmp_path / "plan.html"
    assert coach("plan", "--format", "html", "-o", str(page)).code == 0
    html = page.read_text()
    assert "<h1>Six-month verdict</h1>" in html
    assert "&lt;Acme&gt;" in html
    assert "<Acme>" not in html
    pdf = tmp_path / "plan.pdf"
    assert coach("plan", "--format", "pdf", "-o", str(pdf)).code == 0
    from pypdf import PdfReader

    words = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Six-month verdict" in words
    assert "Brag document" in words


def test_the_habits_read_back_newest_job_current(tmp_path: Path) -> None:
    from coach.store.habits import habits_of

    today = date(2026, 11, 26)
    with open_store(tmp_path) as store:
        weekly(store, range(0, 5), today)
        weekly(store, range(6, 8), today, impact=None)
        start_job(store, "me", date(2026, 1, 3), "Acme")
        start_job(store, "me", date(2026, 6, 1), "Beta")  # the newest start is the current job
        record_job_test(store, "me", "stretch", "ignored", tested_on=today, note="no reply")
    with open_store(tmp_path) as store:  # a new process
        expected = habits_of(store, "me")
        assert habits_of(store, "nobody").entries == ()
    assert len(expected.entries) == 7
    assert expected.job is not None
    assert expected.job.company == "Beta"
    assert expected.job.tests[0].note == "no reply"


def test_a_team_database_s_job_feeds_a_file_assessment_too(run_cli, write, tmp_path, pg_url):
    # the facts were read only when a history file existed in --home, so with --db (no file)
    # a recorded job never reached `assess --answers`, though the interactive path read it
    def team(*args: str):
        return run_cli("--home", str(tmp_path / "empty"), "--db", pg_url, *args)

    started = add_months(date.today(), -7)
    assert team("job", "start", started.isoformat()).code == 0
    assert team("job", "test", "boundary", "punished").code == 0
    assert json.dumps(assessed(team, write, TOXIC)).count("toxic-verdict-leave") >= 1
    assert not (tmp_path / "empty" / "history.sqlite3").exists()
