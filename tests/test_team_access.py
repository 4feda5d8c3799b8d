"""The team store's promise, proved at the database: a coach, engineers and HR go through quarters.

Each person connects with their own PostgreSQL role. What they may not read is refused by
PostgreSQL itself (row-level security, grants), checked here with psycopg directly, as anyone
with psql would try it, not through coach.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest
from pg_helpers import database_of, url_for
from store_helpers import plan_item, review_with

from coach import store as st
from coach.errors import NotInHistoryError

MINI_ANSWERS = """
answers:
  workload.hours_per_week: {hours}
  workload.on_call: {on_call}
  workload.work: [mentoring]
"""
PLATFORM = ("ana", "ben", "cat", "dan", "eve")  # five people: HR sees their counts
DATA = ("fay", "gus")  # two: suppressed


@pytest.fixture
def team(pg_url: str, run_cli: Callable[..., Any], mini: Path, tmp_path: Path):
    """An upgraded team database; `run(who, *args)` runs coach as that person's role."""
    db = database_of(pg_url)
    assert run_cli("--db", pg_url, "db", "upgrade").code == 0

    def role(who: str) -> str:
        return f"{db}_p_{who}"

    def url(who: str) -> str:
        return url_for(db, user=role(who))

    def run(who: str | None, *args: str) -> Any:
        target = pg_url if who is None else url(who)
        if args[0] in ("assess", "plan"):
            content = ["--rules", str(mini / "rules")]
            if args[0] == "assess":
                content += ["--questionnaires", str(mini / "questionnaires")]
            args = (args[0], *content, *args[1:])
        return run_cli("--home", str(tmp_path / "unused"), "--db", target, *args)

    def answers(who: str, hours: int, on_call: bool) -> str:
        path = tmp_path / f"{who}-{hours}.yaml"
        path.write_text(MINI_ANSWERS.format(hours=hours, on_call=str(on_call).lower()))
        return str(path)

    for who, name in [*((w, "platform") for w in PLATFORM), *((w, "data") for w in DATA)]:
        granted = run(None, "db", "grant-role", role(who), "engineer", "--team", name)
        assert granted.code == 0, granted.err
    assert run(None, "db", "grant-role", role("coach"), "coach").code == 0
    assert run(None, "db", "grant-role", role("hr"), "hr").code == 0
    return run, role, url, answers, mini


def refused(url: str, sql: str) -> str:
    """Run `sql` as the role in `url`; the database's refusal (the test fails if it allows it)."""
    with psycopg.connect(url, autocommit=True) as connection:
        with pytest.raises(psycopg.errors.InsufficientPrivilege) as caught:
            connection.execute(sql)
    return str(caught.value)


def rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as connection:
        return connection.execute(sql).fetchall()


def test_a_quarter_with_a_coach_two_engineers_and_hr(team, tmp_path: Path) -> None:
    run, role, url, answers, mini = team
    # The engineers assess, two quarters; long hours and on call for some of them.
    for quarter, long_hours in (("2026-Q2", PLATFORM[:1]), ("2026-Q3", PLATFORM[:3])):
        for who in (*PLATFORM, *DATA):
            hours = 62 if who in long_hours else 38
            given = answers(who, hours, who == "ana")
            done = run(who, "assess", "--answers", given, "--quarter", quarter)
            assert done.code == 0, done.err
            assert f"for {role(who)}, {quarter}" in done.err
    # Ana shares with the coach; Ben does not.
    assert run("ana", "share", "--with", role("coach")).code == 0

    # The coach reads Ana (granted) and writes her review and plan; Ben stays invisible.
    with st.open_store(tmp_path, url("coach")) as store:
        info = st.select_assessment(store, role("ana"), None)
        brag = plan_item("a" * 32, "brag-doc", "Start a brag document")
        st.save_review(store, review_with(info.id, "b" * 32, brag))
        with pytest.raises(NotInHistoryError):
            st.select_assessment(store, role("ben"), None)
    plan = run("coach", "plan", "--person", role("ana"), "--format", "md", "-o", "-")
    assert plan.code == 0, plan.err
    assert "Start a brag document" in plan.out

    # Forbidden reads fail at the database, whoever asks and however.
    assert rows(
        url("coach"),
        "SELECT count(*) FROM answers a JOIN assessments s "
        "ON s.id = a.assessment_id JOIN people p ON p.id = s.person_id "
        f"WHERE p.name = '{role('ben')}'",
    ) == [(0,)]
    assert rows(url("ben"), "SELECT DISTINCT p.name FROM people p") == [(role("ben"),)]
    assert rows(url("ben"), "SELECT count(*) FROM reviews") == [(0,)]
    assert "permission denied" in refused(url("coach"), "UPDATE answers SET value = '1'")
    assert "permission denied" in refused(url("hr"), "SELECT * FROM answers")
    assert "permission denied" in refused(url("hr"), "SELECT * FROM assessments")
    assert "permission denied" in refused(url("ben"), "SELECT * FROM team_mistakes")
    assert "permission denied" in refused(
        url("ben"),
        "INSERT INTO audit_log (person_id, reader, what, txid, read_at) "
        "VALUES (1, 'x', 'y', 1, now())",
    )
    admin = url_for(database_of(url("ana")))
    ((ana_id,),) = rows(admin, f"SELECT id FROM people WHERE name = '{role('ana')}'")
    assert "row-level security" in refused(
        url("ben"),
        f"INSERT INTO shares (person_id, coach, created_at) VALUES ({ana_id}, 'pal', now())",
    )
    assert rows(url("ben"), f"SELECT count(*) FROM assessments WHERE person_id = {ana_id}") == [
        (0,)
    ]

    # Ana sees who read what; Ben's log is empty.
    audit = run("ana", "audit")
    assert audit.code == 0, audit.err
    assert f"{role('coach')}  read answers" in audit.out
    assert "Nobody else has read your history." in run("ben", "audit").out

    # A rule change replayed over the organisation: counts only, never below the minimum.
    rules, questionnaires = str(mini / "rules"), str(mini / "questionnaires")
    impact = ("rules", "impact", "--base", rules, "--rules", rules)
    impact += ("--questionnaires", questionnaires, "--json")
    coach_view = run("coach", *impact, "--against", url("coach"))
    assert coach_view.code == 2
    assert "1 people; its reports need at least 5" in coach_view.err
    organisation = run(None, *impact, "--against", admin)
    assert organisation.code == 0, organisation.err
    assert role("ana") not in organisation.out

    # Ana takes it back: the coach sees nothing of hers any more.
    assert run("ana", "unshare", "--with", role("coach")).code == 0
    assert rows(url("coach"), "SELECT count(*) FROM assessments") == [(0,)]

    # HR: the aggregates only, the small team suppressed.
    report = run("hr", "team", "report", "--format", "json")
    assert report.code == 0, report.err
    data = json.loads(report.out)
    assert data["min_group_size"] == 5
    teams = {t["team"]: t for t in data["teams"]}
    assert all(
        q == {"quarter": q["quarter"], "suppressed": True} for q in teams["data"]["quarters"]
    )
    platform = [q for q in teams["platform"]["quarters"] if not q["suppressed"]]
    assert platform
    assert all(q["people"] >= 5 for q in platform)
    assert role("ana") not in report.out  # nobody's name, only counts
    assert "permission denied" in refused(url("hr"), "SELECT name FROM people")

    # An administrator takes Ben's engineer role away: his own rows are closed to him too.
    assert run(None, "db", "revoke-role", role("ben"), "engineer").code == 0
    assert "permission denied" in refused(url("ben"), "SELECT count(*) FROM assessments")


def test_the_note_about_another_person_s_brag_document_never_names_someone_unseen(
    team, tmp_path: Path
) -> None:
    """`assess --answers` says when the history has a brag document for someone else; on a team
    database it may only name whom the database lets this role see."""
    run, role, _url, answers, _mini = team
    assert run("ana", "brag", "add", "--shipped", "Cut deploys by half").code == 0
    ben = run("ben", "assess", "--answers", answers("ben", 40, False), "--no-save")
    assert ben.code == 0, ben.err
    assert "Note:" not in ben.err  # Ana's brag document is hers: the database hides it from Ben
    assert role("ana") not in ben.err
    other = tmp_path / "someone.yaml"
    other.write_text("person: someone-else\n" + Path(answers("x", 40, False)).read_text())
    ana = run("ana", "assess", "--answers", str(other), "--no-save")
    assert ana.code == 0, ana.err
    assert f"the history has them for '{role('ana')}'" in ana.err  # her own: she may see it
