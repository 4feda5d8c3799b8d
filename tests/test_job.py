"""The six-month verdict: phases by month, tests of months 4-6, the verdict from content."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from coach.content.places import SHIPPED_VERDICT
from coach.content.verdict import read_verdict, shipped_verdict
from coach.errors import ContentError
from coach.history.job import apply_verdict, job_status, months_in_role
from coach.model.quarters import add_months
from coach.store.records import JobTest

START = date(2026, 1, 10)


def recorded(*pairs: tuple[str, str]) -> list[JobTest]:
    return [JobTest(f"u{i}", t, o, None, date(2026, 5, 1)) for i, (t, o) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("today", "month", "phase"),
    [
        (date(2026, 1, 10), 1, "observe"),
        (date(2026, 4, 9), 3, "observe"),  # the day before three whole months
        (date(2026, 4, 10), 4, "test"),
        (date(2026, 7, 9), 6, "test"),
        (date(2026, 7, 10), 7, "decide"),
    ],
)
def test_a_new_job_goes_through_observe_test_decide(today: date, month: int, phase: str) -> None:
    status = job_status(shipped_verdict(), "Acme", START, [], today)
    assert (status.month, status.phase.id) == (month, phase)
    assert status.checkins == ((3, date(2026, 4, 10)), (6, date(2026, 7, 10)))


def test_months_clamp_to_the_end_of_short_months() -> None:
    assert months_in_role(date(2026, 1, 31), date(2026, 2, 27)) == 0
    assert months_in_role(date(2026, 1, 31), date(2026, 2, 28)) == 1
    assert months_in_role(date(2026, 3, 1), date(2026, 1, 1)) == 0  # a start still to come


def test_tests_welcomed_mean_stay() -> None:
    tests = recorded(("stretch", "welcomed"), ("boundary", "welcomed"), ("problem", "ignored"))
    status = job_status(shipped_verdict(), None, START, tests, date(2026, 7, 10))
    assert status.verdict is not None
    assert (status.verdict.id, status.verdict.verdict) == ("tests-welcomed", "stay")
    assert [row.outcome for row in status.checklist] == ["welcomed", "welcomed", "ignored"]


def test_a_punished_test_means_leave_with_the_research_as_reason() -> None:
    tests = recorded(("stretch", "welcomed"), ("boundary", "punished"), ("problem", "welcomed"))
    status = job_status(shipped_verdict(), None, START, tests, date(2026, 8, 1))
    assert status.verdict is not None
    assert status.verdict.verdict == "leave"
    assert "likely unfixable [35]" in status.verdict.because
    assert status.facts["job.test.boundary"] == "punished"


def test_a_test_run_again_replaces_its_outcome() -> None:
    first = JobTest("a", "boundary", "ignored", None, date(2026, 5, 1))
    again = JobTest("b", "boundary", "welcomed", None, date(2026, 6, 1))
    status = job_status(shipped_verdict(), None, START, [again, first], date(2026, 6, 2))
    assert status.facts["job.tests_done"] == 1
    assert status.facts["job.tests_welcomed"] == 1
    assert status.facts["job.tests_ignored"] == 0


@pytest.mark.parametrize("case", shipped_verdict().cases, ids=lambda c: c.name)
def test_pinned_verdict_cases_of_the_shipped_file(case) -> None:
    rule = apply_verdict(shipped_verdict(), case.facts)
    assert rule is not None
    assert rule.verdict == case.verdict


def test_the_verdict_file_cites_only_works_the_pack_lists() -> None:
    from coach.session.review import works_cited

    known = set(works_cited())
    content = shipped_verdict()
    cited = {n for rule in content.verdicts for n in rule.sources}
    cited |= {n for phase in content.phases for n in phase.sources}
    assert cited <= known
    assert {33, 34, 35} <= cited


def test_a_mistake_in_the_verdict_file_is_located_with_a_suggestion(tmp_path: Path) -> None:
    text = SHIPPED_VERDICT.read_text().replace(
        "job.tests_punished: {gte", "job.test_punished: {gte"
    )
    bad = tmp_path / "verdict.yaml"
    bad.write_text(text.replace("verdict: stay", "verdict: remain"))
    with pytest.raises(ContentError) as raised:
        read_verdict(bad)
    message = str(raised.value)
    line = text.splitlines().index("    when: {job.test_punished: {gte: 1}}") + 1
    assert f"verdict.yaml:{line}:" in message
    assert "unknown question 'job.test_punished'" in message
    assert "did you mean 'job.tests_punished'" in message
    assert "remain" in message


@pytest.fixture
def coach(run_cli, tmp_path: Path):
    home = tmp_path / "home"
    return lambda *args: run_cli("--home", str(home), *args)


@pytest.mark.parametrize(
    ("outcomes", "verdict"),
    [
        (("welcomed", "welcomed", "welcomed"), "Verdict: Stay"),
        (("welcomed", "punished", "ignored"), "Verdict: Leave"),
    ],
)
def test_coach_job_from_start_to_verdict(coach, outcomes, verdict) -> None:
    started = add_months(date.today(), -7)
    assert coach("job", "start", started.isoformat(), "--company", "Acme").code == 0
    shown = coach("job")
    assert "month 8" in shown.out
    assert "Phase: Decide" in shown.out
    assert "[ ] Asked for stretch work: not yet" in shown.out
    for test, outcome in zip(("stretch", "boundary", "problem"), outcomes, strict=True):
        assert coach("job", "test", test, outcome).code == 0
    done = coach("job", "verdict")
    assert done.code == 0, done.err
    assert verdict in done.out
    assert "[33]" in done.out or "[35]" in done.out


def test_coach_job_without_a_job_says_how_to_start(coach) -> None:
    done = coach("job")
    assert done.code != 0
    assert "coach job start DATE" in done.err
    bad = coach("job", "test", "stretch", "adored")
    assert bad.code == 2
    assert "'adored' is not one of" in bad.err
