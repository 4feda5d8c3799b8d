"""The history store through its API: drafts saved answer by answer, results, reviews, follow-up."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from store_helpers import (
    CALM,
    LONG_HOURS,
    mini_content,
    plan_item,
    result_for,
    review_with,
)

from coach import store as st
from coach.errors import NotInHistoryError, StoreError
from coach.model.plan import FollowUp
from coach.model.quarters import next_checkin, parse_quarter, quarter_of
from coach.store.sqlite import DB_FILE


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture(params=["sqlite", "postgresql"])
def reopen(request: pytest.FixtureRequest, home: Path) -> Callable[[], st.Store]:
    """Open the test's history again, as a new process would: SQLite, then PostgreSQL."""
    if request.param == "sqlite":
        return lambda: st.open_store(home)
    url = request.getfixturevalue("pg_url")
    return lambda: st.open_store(home, url)


@pytest.fixture
def store(reopen: Callable[[], st.Store]) -> Iterator[st.Store]:
    opened = reopen()
    yield opened
    opened.close()


@pytest.fixture
def sqlite_store(home: Path) -> Iterator[st.Store]:
    opened = st.open_store(home)
    yield opened
    opened.close()


def test_history_files_are_readable_by_their_owner_only(sqlite_store: st.Store, home: Path) -> None:
    store = sqlite_store
    content = mini_content()
    st.start_draft(store, "me", content.questionnaire)
    with store.read():  # keep a connection open so the WAL and shared-memory files exist
        files = sorted(home.glob(f"{DB_FILE}*"))
        assert [f.name for f in files] == [DB_FILE, f"{DB_FILE}-shm", f"{DB_FILE}-wal"]
        for path in files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name


def test_each_answer_is_kept_the_moment_it_is_given(reopen: Callable[[], st.Store]) -> None:
    content = mini_content()
    with reopen() as first:
        draft = st.start_draft(first, "me", content.questionnaire)
        st.save_answer(first, draft, "workload.hours_per_week", 50)
        st.save_answer(first, draft, "workload.work", ("mentoring", "reviews"))
        st.save_answer(first, draft, "workload.on_call", True)
        st.save_answer(first, draft, "workload.hours_per_week", 55)  # changed their mind
        st.drop_answer(first, draft, "workload.on_call")  # taken back
    with reopen() as later:  # a new process, after a crash
        found = st.latest_draft(later, "me", "mini")
    assert found is not None
    assert found.id == draft
    assert found.answers == {
        "workload.work": ("mentoring", "reviews"),
        "workload.hours_per_week": 55,
    }
    assert found.questionnaire.hash == content.questionnaire.content_hash


def test_a_completed_assessment_no_longer_changes(store: st.Store) -> None:
    content = mini_content()
    draft = st.start_draft(store, "me", content.questionnaire)
    for ref, value in LONG_HOURS.items():
        st.save_answer(store, draft, ref, value)
    info = st.complete(store, draft, result_for(content, LONG_HOURS), quarter="2026-q3")
    assert (info.status, info.quarter, info.pack and info.pack.id) == (
        "complete",
        "2026-Q3",
        "mini-pack",
    )
    assert st.latest_draft(store, "me", "mini") is None
    with pytest.raises(StoreError, match="is complete; its answers cannot change"):
        st.save_answer(store, draft, "workload.hours_per_week", 20)
    saved = st.get_assessment(store, draft)
    assert saved.answers == LONG_HOURS
    assert saved.result == result_for(content, LONG_HOURS)


def test_complete_with_the_answers_assessed_drops_stray_ones(store: st.Store) -> None:
    content = mini_content()
    draft = st.start_draft(store, "me", content.questionnaire, session={"position": "x"})
    st.save_answer(store, draft, "workload.paged", 4)  # no longer asked: on_call became false
    st.complete(store, draft, result_for(content, CALM), answers_given=CALM)
    assert st.get_assessment(store, draft).answers == CALM


def test_quarters_come_from_the_date_unless_given() -> None:
    from datetime import date

    assert quarter_of(date(2026, 11, 26)) == "2026-Q4"
    assert quarter_of(date(2026, 1, 1)) == "2026-Q1"
    assert [parse_quarter(t) for t in ("2026-q3", "2026Q3", " 2026 - Q3 ")] == ["2026-Q3"] * 3
    with pytest.raises(ValueError, match="write it like 2026-Q4"):
        parse_quarter("2026-Q5")
    assert next_checkin(date(2026, 11, 30), date(2026, 12, 1)) == date(2027, 2, 28)
    assert next_checkin(None, date(2026, 12, 1)) == date(2026, 12, 1)


def test_previous_answers_are_the_latest_complete_ones(store: st.Store) -> None:
    content = mini_content()
    assert st.previous_answers(store, "me", "mini") == {}
    st.save_assessment(store, "me", LONG_HOURS, result_for(content, LONG_HOURS), quarter="2026-Q2")
    st.save_assessment(store, "me", CALM, result_for(content, CALM), quarter="2026-Q3")
    st.start_draft(store, "me", content.questionnaire)  # unfinished: not a default
    st.save_assessment(store, "alex", LONG_HOURS, result_for(content, LONG_HOURS))
    assert st.previous_answers(store, "me", "mini") == CALM
    assert [a.quarter for a in st.list_assessments(store, "me")] == ["2026-Q2", "2026-Q3"]


def test_selecting_an_assessment_by_number_or_quarter(store: st.Store) -> None:
    content = mini_content()
    first = st.save_assessment(store, "me", CALM, result_for(content, CALM), quarter="2026-Q2")
    second = st.save_assessment(store, "me", CALM, result_for(content, CALM), quarter="2026-Q2")
    third = st.save_assessment(store, "me", CALM, result_for(content, CALM), quarter="2026-Q3")
    assert st.select_assessment(store, "me", None).id == third.id
    assert st.select_assessment(store, "me", "2026-q2").id == second.id  # the quarter's latest
    assert st.select_assessment(store, "me", f"#{first.id}").id == first.id
    with pytest.raises(NotInHistoryError, match="in 2026-Q1"):
        st.select_assessment(store, "me", "2026-Q1")
    with pytest.raises(NotInHistoryError, match="did you mean 'me'"):
        st.select_assessment(store, "mee", None)


def _reviewed(store: st.Store, quarter: str, review_uid: str, *items: object):
    content = mini_content()
    info = st.save_assessment(
        store, "me", LONG_HOURS, result_for(content, LONG_HOURS), quarter=quarter
    )
    review = review_with(info.id, review_uid, *items)  # type: ignore[arg-type]
    st.save_review(store, review)
    return info, review


def test_a_saved_review_reads_back_as_saved(store: st.Store) -> None:
    brag = plan_item("a" * 32, "brag-doc", "Start a brag document")
    custom = plan_item("b" * 32, None, "Ask Dana about the platform team")
    info, review = _reviewed(store, "2026-Q3", "c" * 32, brag, custom)
    assert st.load_review(store, info.id) == review
    edited = review.model_copy(update={"items": (custom,), "status": "closed"})
    st.save_review(store, edited)  # the brag document was taken out of the plan
    assert st.load_review(store, info.id) == edited


def test_open_commitments_are_asked_about_and_become_facts(store: st.Store) -> None:
    brag_q2 = plan_item("1" * 32, "brag-doc", "Start a brag document")
    _reviewed(store, "2026-Q2", "2" * 32, brag_q2)
    brag_q3 = plan_item("3" * 32, "brag-doc", "Start a brag document, really")
    no = plan_item("4" * 32, "strategic-no", "Say no once a week", status="done")
    _reviewed(store, "2026-Q3", "5" * 32, brag_q3, no)

    draft = st.start_draft(store, "me", mini_content().questionnaire)
    pending = st.pending_followups(store, "me")
    assert [(p.uid, p.promised) for p in pending] == [("3" * 32, 2)]  # asked once, promised twice
    st.record_followup(store, pending[0].id, "partly", "drafted, never shared", assessment_id=draft)
    st.record_followup(store, pending[0].id, "not_started", assessment_id=draft)  # corrected
    assert st.followup_facts(store, draft) == {
        "followup.brag-doc": "not_started",
        "followup.brag-doc.promised": 2,
    }
    assert st.pending_followups(store, "me", answered_in=draft) == []
    assert [c.status for c in st.commitments(store, "me")] == ["not_started", "not_started", "done"]


def test_a_follow_up_in_a_review_updates_the_earlier_plan(store: st.Store) -> None:
    brag = plan_item("6" * 32, "brag-doc", "Start a brag document")
    first, _ = _reviewed(store, "2026-Q2", "7" * 32, brag)
    second, review = _reviewed(store, "2026-Q3", "8" * 32)
    previous = st.previous_plan(store, "me", before=second.id)
    assert previous is not None
    assert previous.quarter == "2026-Q2"
    assert [i.uid for i in previous.items] == [brag.uid]
    followed = review.model_copy(
        update={"followups": (FollowUp(item_uid=brag.uid, status="done", note="weekly now"),)}
    )
    st.save_review(store, followed)
    assert st.load_review(store, second.id) == followed
    assert st.pending_followups(store, "me") == []
    assert st.previous_plan(store, "me", before=first.id) is None


def test_a_follow_up_status_must_be_one_of_four(store: st.Store) -> None:
    brag = plan_item("9" * 32, "brag-doc", "Start a brag document")
    _reviewed(store, "2026-Q2", "0" * 32, brag)
    item = st.pending_followups(store, "me")[0]
    with pytest.raises(StoreError, match="done, partly, not_started, dropped"):
        st.record_followup(store, item.id, "maybe")


def test_forget_removes_one_person_and_nothing_else(store: st.Store, home: Path) -> None:
    brag = plan_item("d" * 32, "brag-doc", "Start a brag document")
    _reviewed(store, "2026-Q2", "e" * 32, brag)
    content = mini_content()
    st.save_assessment(store, "alex", CALM, result_for(content, CALM))
    gone = st.forget_person(store, "me")
    assert (gone.name, gone.assessments) == ("me", 1)
    assert [p.name for p in st.list_people(store)] == ["alex"]
    with store.read() as connection:
        for table in ("answers", "reviews", "review_decisions", "plan_items", "followups"):
            rows = connection.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
            assert rows == (len(CALM) if table == "answers" else 0), table
    if store.backend.name != "sqlite":
        return  # PostgreSQL reclaims deleted rows at its next VACUUM (docs/team.md)
    # secure_delete and a WAL checkpoint: the words are gone from the files, not just unlinked
    store.close()
    for path in home.glob(f"{DB_FILE}*"):
        assert b"Start a brag document" not in path.read_bytes(), path.name


def test_migrations_build_exactly_the_schema_the_code_uses(store: st.Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from coach.store.migrate import alembic_config, known_revisions
    from coach.store.schema import metadata

    with store.read() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []
    script = ScriptDirectory.from_config(alembic_config())
    alembic_view = sorted(r.revision for r in script.walk_revisions())
    assert alembic_view == list(known_revisions())  # file names name the revisions


def test_export_moves_a_person_between_sqlite_and_postgresql_byte_for_byte(
    home: Path, tmp_path: Path, pg_url: str
) -> None:
    from coach.store.exchange import dump

    brag = plan_item("f" * 32, "brag-doc", "Start a brag document")
    custom = plan_item("9" * 32, None, "Fråga Dana om plattformsteamet — 面談")
    with st.open_store(home) as sqlite:
        first, _ = _reviewed(sqlite, "2026-Q2", "1" * 32, brag)
        second, review = _reviewed(sqlite, "2026-Q3", "2" * 32, custom)
        followed = review.model_copy(
            update={"followups": (FollowUp(item_uid=brag.uid, status="partly", note="½ done"),)}
        )
        st.save_review(sqlite, followed)
        draft = st.start_draft(sqlite, "me", mini_content().questionnaire)
        st.save_answer(sqlite, draft, "workload.hours_per_week", 61)
        exported = dump(st.export_person(sqlite, "me"))
    with st.open_store(home, pg_url) as postgres:
        st.import_history(postgres, st.read_export(_written(tmp_path / "a.json", exported)))
        again = dump(st.export_person(postgres, "me"))
    assert again == exported
    with st.open_store(tmp_path / "back") as sqlite:
        st.import_history(sqlite, st.read_export(_written(tmp_path / "b.json", again)))
        assert dump(st.export_person(sqlite, "me")) == exported
    assert first.id != second.id


def _written(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path
