"""A year of quarterly self-assessments, as a user lives it, checked over any such year.

test_coaching_invariants.py checks one assessment's answers. A quarter brings more: the job
recorded with `coach job` (its month, phase, tests and six-month verdict) and what became of last
quarter's plan. Hypothesis draws 2-4 quarters (some missed), each with answers, job tests and the
follow-up of every open commitment, and a plan agreed after each; then checks what the engineer
would notice:

- a commitment not kept is asked about again next time, never silently dropped;
- the six-month verdict is not given before six whole months, testing starts in month four, and
  the report's tenure stage says the same phase as `coach job`;
- a job whose verdict is "leave" never sits beside advice to invest in that role;
- `coach history` trends match the stored results (a mistake not assessed is n/a, never
  "resolved");
- `coach history`, `compare`, `show`, `remind`, `job` and `job verdict` render for any such year;
- export, import into an empty history and export again gives the same bytes, and importing
  again changes nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_coaching_invariants import ACTIONS, CONTENT, QUESTIONNAIRE, _answers

from coach.cli import app
from coach.engine.assess import assess
from coach.habits import history_facts, job_answers, job_overview
from coach.history.trends import NOT_DIAGNOSED, cell, history_grid
from coach.model.answers import Answers
from coach.model.history_facts import OUTCOMES, TESTS
from coach.model.plan import PlanItem, Review
from coach.model.quarters import quarter_of, quarters_from
from coach.model.results import Result
from coach.store import (
    Store,
    commitments,
    complete,
    complete_assessments,
    followup_facts,
    open_store,
    pending_followups,
    record_followup,
    save_answer,
    save_review,
    start_draft,
)
from coach.store.schema import OPEN_STATUSES

PERSON = "Sam"
MONTHS = "culture.months_in_role"
STATUSES = ("done", "partly", "not_started", "dropped")
# CI lives the same 25 years each run; COACH_QUARTERLY_EXAMPLES=2000 explores afresh
# (with pytest --timeout 0).
WIDE = int(os.environ.get("COACH_QUARTERLY_EXAMPLES", "0"))
YEARS = settings(
    max_examples=WIDE or 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=not WIDE,
    # exploring reports every distinct failure unshrunk: shrinking a year takes minutes
    phases=[Phase.explicit, Phase.generate] if WIDE else list(Phase),
    report_multiple_bugs=True,
)


@dataclass(frozen=True)
class Quarter:
    """One check-in: the day, the answers, the job tests run since, the follow-ups, the plan."""

    day: date
    answers: Answers
    tests: tuple[tuple[str, str, float], ...]  # test, outcome, when (share of the time since)
    followups: tuple[str, ...]  # statuses given to the open commitments, in asking order
    keep_months: bool  # Enter on the months in role the job offers
    plan: int  # how many of the suggested actions are committed (0: no review)
    custom: bool  # and one the coach wrote


@dataclass(frozen=True)
class Year:
    """Quarters in order, and when the current job started (None: no job recorded)."""

    job_started: date | None
    quarters: tuple[Quarter, ...]


def _quarter(day: date) -> st.SearchStrategy[Quarter]:
    test = st.tuples(st.sampled_from(TESTS), st.sampled_from(OUTCOMES), st.floats(0, 1))
    return st.builds(
        Quarter,
        day=st.just(day),
        answers=_answers(),
        tests=st.lists(test, max_size=3).map(tuple),
        followups=st.lists(st.sampled_from(STATUSES), max_size=8).map(tuple),
        keep_months=st.booleans(),
        plan=st.integers(0, 3),
        custom=st.booleans(),
    )


@st.composite
def _year(draw: st.DrawFn) -> Year:
    day = date(2025, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    days = [day]
    for _ in range(draw(st.integers(1, 3))):
        days.append(days[-1] + timedelta(days=draw(st.sampled_from([91, 92, 95, 182]))))
    started = draw(st.none() | st.integers(-420, 250).map(lambda d: day + timedelta(days=d)))
    return Year(started, tuple(draw(_quarter(d)) for d in days))


class FakeDate(date):
    """`date` whose today() is the day of the quarter being lived."""

    day = date(2026, 1, 1)

    @classmethod
    def today(cls) -> date:
        return cls.day


@contextmanager
def living_on(day: date) -> Iterator[None]:
    FakeDate.day = day
    patches = [mock.patch(f"coach.cli.cmd_{m}.date", FakeDate) for m in ("job", "remind")]
    for patch in patches:
        patch.start()
    try:
        yield
    finally:
        for patch in patches:
            patch.stop()


def coach(home: Path, *args: str) -> str:
    """Run `coach --home HOME ARGS` in-process; it must succeed, and never print a traceback."""
    runner = CliRunner()
    holder: dict[str, int] = {}
    env = {"NO_COLOR": "1", "COLUMNS": "120"}
    with runner.isolation(env=env) as (out, err, _):
        holder["code"] = app.run(["--home", str(home), *args])
        printed, errors = out.getvalue().decode(), err.getvalue().decode()
    assert holder["code"] == 0, (args, printed, errors)
    assert "Traceback" not in printed + errors
    return printed


def _record_job(home: Path, year: Year, quarter: Quarter, since: date) -> None:
    started = year.job_started
    if started is None or started > quarter.day:
        return
    if since <= started:
        coach(home, "job", "start", started.isoformat(), "--company", "Acme", "--person", PERSON)
        since = started
    span = (quarter.day - since).days
    for test, outcome, share in quarter.tests:
        when = since + timedelta(days=int(span * share))
        coach(home, "job", "test", test, outcome, "--date", when.isoformat(), "--person", PERSON)


def _follow_up(store: Store, draft: int, quarter: Quarter) -> dict[int, str]:
    given: dict[int, str] = {}
    for n, item in enumerate(pending_followups(store, PERSON, answered_in=draft)):
        status = quarter.followups[n] if n < len(quarter.followups) else "not_started"
        record_followup(store, item.id, status, None, assessment_id=draft)
        given[item.id] = status
    return given


def _commit(store: Store, info_id: int, result: Result, quarter: Quarter, n: int) -> None:
    if not quarter.plan and not quarter.custom:
        return
    moment = datetime(quarter.day.year, quarter.day.month, quarter.day.day, 12, tzinfo=UTC)
    chosen = [a.id for a in result.actions[: quarter.plan]]
    items = [
        PlanItem(
            uid=f"{n:02d}{i:02d}".ljust(32, "a"),
            action_id=action_id,
            title=ACTIONS[action_id].title,
            owner="engineer",
            due=quarter.day + timedelta(days=60),
            success_check="done and seen",
        )
        for i, action_id in enumerate(chosen)
    ]
    if quarter.custom:
        items.append(
            PlanItem(
                uid=f"{n:02d}99".ljust(32, "c"),
                title="Ask Dana about the platform team",
                owner="engineer",
                due=quarter.day + timedelta(days=45),
                success_check="we talked",
            )
        )
    review = Review(
        uid=f"{n:02d}".ljust(32, "b"),
        assessment_id=info_id,
        items=tuple(items),
        created_at=moment,
        updated_at=moment,
    )
    save_review(store, review)


def _open_commitments(store: Store) -> set[str]:
    """What the engineer still owes: each open commitment's action (or title), newest plan."""
    newest: dict[str, str] = {}
    for item in commitments(store, PERSON):
        newest[item.action_id or item.title] = item.status
    return {key for key, status in newest.items() if status in OPEN_STATUSES}


@dataclass
class Lived:
    """What a year left in the history, for the checks."""

    results: list[tuple[str, Result, dict[str, Any]]]  # quarter, result, job facts then
    followed: dict[str, bool]  # quarter: whether its (latest) check-in followed up a plan


def live(home: Path, year: Year) -> Lived:
    lived = Lived([], {})
    since = date.min
    for n, quarter in enumerate(year.quarters):
        with living_on(quarter.day):
            _record_job(home, year, quarter, since)
            since = quarter.day
            with open_store(home) as store:
                owed = _open_commitments(store)
                draft = start_draft(store, PERSON, QUESTIONNAIRE)
                asked = {c.action_id or c.title for c in pending_followups(store, PERSON)}
                # A commitment not kept is asked about again, never silently dropped.
                assert owed <= asked, owed - asked
                given = _follow_up(store, draft, quarter)
                facts = history_facts(store, PERSON, quarter.day)
                answers = dict(quarter.answers)
                offered = job_answers(facts)
                if offered and (quarter.keep_months or MONTHS not in answers):
                    answers.update(offered)
                for ref, value in answers.items():
                    save_answer(store, draft, ref, value)
                result = assess(CONTENT, {**facts, **followup_facts(store, draft), **answers})
                info = complete(store, draft, result, quarter=quarter_of(quarter.day))
                _commit(store, info.id, result, quarter, n)
                for item in commitments(store, PERSON):
                    if item.id in given:
                        assert item.status == given[item.id]
                _check_job(result, facts, store, quarter.day)
            lived.results.append((quarter_of(quarter.day), result, facts))
            lived.followed[quarter_of(quarter.day)] = bool(given)
    return lived


def _check_job(result: Result, facts: dict[str, Any], store: Store, day: date) -> None:
    if "job.months" not in facts:
        return
    months = facts["job.months"]
    status = job_overview(store, PERSON, day)
    assert status is not None
    # The verdict waits for six whole months; testing starts in month four [33, 34, 35].
    verdict = status.verdict.verdict if status.verdict else None
    if months < 6:
        assert verdict == "not-yet", (months, verdict)
    assert (status.phase.id == "observe") == (months < 3), (months, status.phase.id)
    # The report's stage is the phase `coach job` names, when it reads the job's months.
    if result.tenure is not None and result.tenure.month == months:
        assert result.tenure.stage == status.phase.id, (months, result.tenure.stage)
    # A verdict of leave never sits beside advice to invest in this role.
    ids = {a.id for a in result.actions}
    if verdict == "leave":
        invest = set(ACTIONS["leave"].supersedes)
        fired = [r.id for d in result.diagnoses for r in d.rules]
        assert not ids & invest, (facts, ids & invest, fired)


def _check_trends(home: Path, lived: Lived) -> None:
    with open_store(home) as store:
        saved = complete_assessments(store, PERSON)
    grid = history_grid(PERSON, [(s.info, s.result) for s in saved if s.result is not None])
    per_quarter = {q: r for q, r, _ in lived.results}  # the latest of a quarter counts
    assert [c.quarter for c in grid.columns if not c.skipped] == sorted(per_quarter)
    # every quarter between the first and the last is a column: a skipped one stands as a gap
    assert [c.quarter for c in grid.columns] == quarters_from(min(per_quarter), max(per_quarter))
    for row in grid.rows:
        cells = [
            None if c.skipped else cell(per_quarter[c.quarter], row.mistake) for c in grid.columns
        ]
        assert list(row.cells) == cells, row.mistake
        latest = per_quarter[grid.columns[-1].quarter]
        if row.mistake in latest.not_assessed or cells[-1] is None:
            assert row.trend is None, (row.mistake, row.trend)
        if row.trend == "resolved":
            assessed = [c for c in cells if c is not None]
            assert assessed[-1] == NOT_DIAGNOSED
            assert assessed[-2] != NOT_DIAGNOSED


def _check_commands(home: Path, lived: Lived, last: date) -> None:
    with living_on(last):
        history = coach(home, "history", "--person", PERSON)
        for quarter, _, _ in lived.results:
            assert quarter in history
        if len(lived.results) >= 2:
            coach(home, "compare", "--person", PERSON)
            first, final = lived.results[0][0], lived.results[-1][0]
            if first != final:
                coach(home, "compare", first, final, "--person", PERSON)
        for quarter, followed in lived.followed.items():
            shown = coach(home, "show", quarter, "--person", PERSON)
            # what became of last quarter's plan is said with the report it came with
            assert ("Since your plan of" in shown) == followed, quarter
        coach(home, "remind", "--person", PERSON, "--ics", str(home / "checkin.ics"))
        if any("job.months" in facts for _, _, facts in lived.results):
            coach(home, "job", "--person", PERSON)
            coach(home, "job", "verdict", "--person", PERSON)


def _check_round_trip(home: Path, tmp: Path) -> None:
    exported = coach(home, "export", "--person", PERSON)
    document = json.loads(exported)
    assert len(document["assessments"]) >= 2
    file = tmp / "export.json"
    file.write_text(exported, encoding="utf-8")
    again = tmp / "again"
    coach(again, "import", str(file))
    assert coach(again, "export", "--person", PERSON) == exported
    coach(again, "import", str(file))
    assert coach(again, "export", "--person", PERSON) == exported


@YEARS
@given(_year())
def test_a_year_of_quarters_reads_right(year: Year) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        home = tmp / "home"
        lived = live(home, year)
        _check_trends(home, lived)
        _check_commands(home, lived, year.quarters[-1].day)
        _check_round_trip(home, tmp)
