"""A year of quarters as an engineer lives it: back-dated check-ins, a job, its verdict, remind.

Each test is something a user saw wrong over four quarters with a job change in between.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from coach.history.job import job_facts
from coach.history.remind import JobCheckin, checkin_lines
from coach.model.quarters import add_months
from coach.store.records import JobTest

EXAMPLES = Path(__file__).parents[1] / "examples"
TOXIC = """
answers:
  culture.behaviours: [gaslighting]
"""
NEVER_BRAGGED = """
answers:
  recognition.glue_work: [mentoring]
  recognition.brag_doc: never
  recognition.review_rating: lower
  recognition.manager_knows: 2
"""


@pytest.fixture
def coach(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    return lambda *args: run_cli("--home", str(home), *args)


def assessed(coach, write, answers: str, *args: str) -> str:
    path = write("answers.yaml", answers)
    done = coach("assess", "--answers", str(path), *args)
    assert done.code == 0, done.err
    return done.out


def test_a_habit_never_kept_reads_as_not_kept_never_as_an_unanswered_question(coach, write):
    # "Weeks with a brag entry among the last 13 -> not answered" read like a question skipped
    shown = assessed(coach, write, NEVER_BRAGGED, "--all", "--no-save")
    flat = " ".join(shown.replace("│", " ").split())
    assert "Weeks with a brag entry among the last 13 → no brag entry recorded (coach brag)" in flat
    assert "not answered" not in flat
    untested = EXAMPLES / "toxic-month-nine-untested.yaml"
    facts = json.loads(coach("assess", "--answers", str(untested), "--json", "--no-save").out)
    evidence = [e for d in facts["diagnoses"] for r in d["rules"] for e in r["evidence"]]
    job = [e["answer"] for e in evidence if e["ref"] == "job.tests_punished"]
    assert job
    assert set(job) == {"no job recorded (coach job start)"}


def test_remind_lists_the_check_ins_still_ahead_and_says_when_all_have_passed(coach):
    today = date.today()
    assert coach("job", "start", add_months(today, -4).isoformat()).code == 0
    shown = coach("remind").out
    month_6 = add_months(add_months(today, -4), 6)
    assert f"Job check-in, month 6: {month_6}, in {(month_6 - today).days} day(s)." in shown
    assert "month 3" not in shown  # it passed a month ago: not listed as coming
    started = add_months(today, -9)
    assert coach("job", "start", started.isoformat(), "--person", "Sam").code == 0
    shown = coach("remind", "--person", "Sam").out
    assert "Job check-in, month" not in shown
    assert (
        f"Your job's check-ins are behind you: month 6, the verdict, was on "
        f"{add_months(started, 6)}. `coach job verdict` gives it on the tests you recorded."
    ) in shown


def test_check_in_lines_on_the_day_itself() -> None:
    day = date(2026, 7, 1)
    lines = checkin_lines([JobCheckin(3, day, date(2026, 4, 1))], day)
    assert lines == ["Job check-in, month 3: 2026-07-01, today."]
    assert checkin_lines([], day) == []


def test_a_job_that_has_not_started_is_refused(coach) -> None:
    # It showed "Started on <next month>: month 1" and counted the verdict from a day to come.
    today = date.today()
    ahead = (today + timedelta(days=30)).isoformat()
    refused = coach("job", "start", ahead, "--company", "Next")
    assert refused.code == 2
    assert f"{ahead} is after today ({today}): record the role from its first day" in refused.err
    assert "no job is recorded yet" in coach("job").out + coach("job").err
    assert coach("job", "start", today.isoformat()).code == 0  # from its first day, today


def test_a_job_test_is_refused_after_today_and_before_the_job_started(coach) -> None:
    today = date.today()
    started = add_months(today, -7)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    ahead = (today + timedelta(days=1)).isoformat()
    refused = coach("job", "test", "boundary", "welcomed", "--date", ahead)
    assert refused.code == 2
    assert (
        f"{ahead} is after today ({today}): record a test once it has been met; only what happened counts for the verdict"
        in (refused.err)
    )
    before = (started - timedelta(days=1)).isoformat()
    refused = coach("job", "test", "stretch", "welcomed", "--date", before)
    assert refused.code == 2
    assert (
        f"{before} is before your current job at Acme started ({started}): the tests of "
        "months 4-6 belong to this job"
    ) in refused.err
    verdict = coach("job", "verdict").out
    assert "Verdict: Run the missing tests" in verdict  # nothing was recorded
    assert coach("brag", "add", "--shipped", "x", "--date", ahead).code == 2


def test_the_verdict_counts_only_tests_met_by_its_day() -> None:
    from coach.content.verdict import shipped_verdict

    started = date(2026, 4, 1)
    tests = [
        JobTest("a", "stretch", "welcomed", None, date(2026, 7, 10)),
        JobTest("b", "boundary", "punished", None, date(2026, 11, 5)),
        JobTest("c", "problem", "ignored", None, date(2026, 3, 1)),  # before the job
    ]
    facts = job_facts(shipped_verdict(), started, tests, date(2026, 10, 2))
    assert facts["job.tests_done"] == 1
    assert facts["job.tests_punished"] == 0
    assert facts["job.verdict"] == "test-first"
    later = job_facts(shipped_verdict(), started, tests, date(2026, 11, 5))
    assert later["job.verdict"] == "leave"


def dated(answers: str, day: date) -> str:
    return f"date: {day.isoformat()}\n{answers.lstrip()}"


def test_an_answers_file_dated_in_the_past_reads_the_history_of_that_day(coach, write) -> None:
    # catching up a missed quarter with `date:` read today's job and brag document instead
    today = date.today()
    started = add_months(today, -8)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    assert coach("job", "test", "boundary", "punished").code == 0
    for back in range(10):
        day = (today - timedelta(weeks=back)).isoformat()
        assert coach("brag", "add", "--shipped", "x", "--date", day).code == 0
    now = json.loads(assessed(coach, write, TOXIC, "--json", "--no-save"))
    assert "toxic-verdict-leave" in json.dumps(now)
    month_3 = add_months(started, 3) + timedelta(days=1)
    then = json.dumps(json.loads(assessed(coach, write, dated(TOXIC, month_3), "--json")))
    assert "toxic-verdict-leave" not in then  # month 3, and the test was not met yet
    assert '"answer": "3 months"' in then  # months in role, as the job gave it on that day
    before_job = started - timedelta(days=10)
    earlier = json.loads(assessed(coach, write, dated(NEVER_BRAGGED, before_job), "--json"))
    evidence = [e for d in earlier["diagnoses"] for r in d["rules"] for e in r["evidence"]]
    assert not [e for e in evidence if e["ref"].startswith("job.") and e["answered"]]
    weeks = {e["answer"] for e in evidence if e["ref"] == "brag.weeks"}
    assert weeks == {"no brag entry recorded (coach brag)"}  # the entries came later


def test_compare_says_which_findings_and_actions_a_failed_verdict_changed(coach, write) -> None:
    # the plan turned to "leave" between two quarters with no answer moved but the months;
    # compare said only "worse", not that the punished test was why
    started = add_months(date.today(), -7)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    assert coach("job", "test", "stretch", "welcomed").code == 0
    assessed(coach, write, TOXIC)
    assert coach("job", "test", "boundary", "punished").code == 0
    assessed(coach, write, TOXIC)
    shown = " ".join(coach("compare").out.split())
    assert "Findings that changed" in shown
    assert (
        "+ new Staying too long in a toxic culture: Past six months, the culture has failed "
        "your tests critical from your history: Whole months in the current role (from coach "
        "job) → 7 (is 6 or more); Tests of months 4-6 punished → 1 (is 1 or more)"
    ) in shown
    assert "Actions that changed" in shown
    assert (
        "+ new Leave, and plan the move (for: Past six months, the culture has failed your tests)"
    ) in shown
    assert "- gone Run the six-month audit: observe, test, verdict" in shown
    data = json.loads(coach("compare", "--json").out)
    new = {a["title"]: a["findings"] for a in data["actions"] if a["change"] == "new"}
    assert new["Leave, and plan the move"] == ["Past six months, the culture has failed your tests"]


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2027, 1, 31), ["2027-01-31", "2027-04-30", "2027-07-31", "2027-10-31", "2028-01-31"]),
        (
            date(2026, 11, 30),
            ["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30", "2027-11-30"],
        ),
        (
            date(2027, 11, 29),
            ["2027-11-29", "2028-02-29", "2028-05-29", "2028-08-29", "2028-11-29"],
        ),
        (date(2027, 1, 15), ["2027-01-15", "2027-04-15", "2027-07-15", "2027-10-15", "2028-01-15"]),
    ],
)
def test_the_quarterly_calendar_event_comes_every_quarter_from_the_29th_to_the_31st(
    due: date, expected: list[str]
) -> None:
    # a plain monthly rule from 31 January skipped April in every calendar app (RFC 5545)
    from dateutil.rrule import rrulestr
    from icalendar import Calendar

    from coach.history.remind import Reminder, calendar_file

    ics = calendar_file(Reminder("me", None, None, due, due))
    event = next(e for e in Calendar.from_ical(ics).walk("VEVENT") if "rrule" in e)
    rule = event["rrule"].to_ical().decode()
    start = event.decoded("dtstart")
    days = rrulestr(rule, dtstart=datetime.combine(start, datetime.min.time()))
    assert [d.date().isoformat() for d in days[:5]] == expected


def test_show_rerun_reads_the_job_and_follow_through_of_its_day(coach, write) -> None:
    # `coach show --rerun` assessed the saved answers without the history: the same rules
    # showed "high" and no "leave" for a quarter whose report said critical, leave
    started = add_months(date.today(), -7)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    assert coach("job", "test", "boundary", "punished").code == 0
    assessed(coach, write, TOXIC)
    saved, rerun = coach("show").out, coach("show", "--rerun").out
    assert "re-assessed with today's rules" in rerun
    for shown in (saved, rerun):
        assert "Staying too long in a toxic culture  critical" in shown
        assert "Leave, and plan the" in shown


def test_the_last_day_of_a_quarter() -> None:
    from coach.model.quarters import quarter_end

    assert [quarter_end(f"2028-Q{n}") for n in (1, 2, 3, 4)] == [
        date(2028, 3, 31),
        date(2028, 6, 30),
        date(2028, 9, 30),
        date(2028, 12, 31),
    ]


@pytest.mark.parametrize(
    ("today", "quarter"),
    [(date(2027, 1, 1), "2026-Q4"), (date(2026, 3, 30), "2026-Q2"), (date(2026, 4, 1), "2026-Q2")],
)
def test_this_week_s_brag_entry_counts_in_the_quarter_coach_brag_calls_this_one(
    tmp_path: Path, today: date, quarter: str
) -> None:
    # on Friday 1 January 2027 (week 2026-W53, a 2026-Q4 week) `coach brag` said "No brag entry
    # in 2027-Q1 yet" right after `coach brag add` filed this week's
    from coach.habits import NewEntry, add_brag, brag_weeks, welcome_lines
    from coach.store import open_store
    from coach.store.habits import record_brag_share

    with open_store(tmp_path) as store:
        add_brag(store, "me", [NewEntry("shipped", "Billing v2", "revenue", None)], today)
        record_brag_share(store, "me", today, "manager")
        _, summary = brag_weeks(store, "me", today)
        welcome = welcome_lines(store, "me", today)
    assert summary.quarter == quarter
    assert summary.sentence().startswith(f"Brag document {quarter}: 1 of ")
    assert "100% with a business impact, shared 1 time" in summary.sentence()
    assert welcome[0].startswith("Brag document: 1 of ")


def test_the_plan_of_an_earlier_quarter_shows_the_job_as_it_was_then(coach, write, tmp_path):
    # `coach plan --assessment 2026-Q2` printed the verdict timeline of today (month 9,
    # "Leave") in the plan of a quarter when the job was in month 3
    today = date.today()
    started = add_months(today, -8)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    assert coach("job", "test", "boundary", "punished").code == 0
    year_ago = f"{today.year - 1}-Q{(today.month - 1) // 3 + 1}"
    assessed(coach, write, TOXIC, "--quarter", year_ago)
    assessed(coach, write, TOXIC)
    then, now = tmp_path / "then.md", tmp_path / "now.md"
    assert coach("plan", "--assessment", year_ago, "--format", "md", "-o", str(then)).code == 0
    assert coach("plan", "--format", "md", "-o", str(now)).code == 0
    assert "## Six-month verdict" not in then.read_text()  # the job had not started
    assert "now in month 9" in now.read_text()
    assert "**Verdict:** Leave." in now.read_text()
