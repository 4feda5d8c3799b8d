"""Export and import keep a whole history: reviews, decisions, plan items and follow-ups too."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import LONG_HOURS, mini_content, plan_item, result_for, review_with

from coach import store as st
from coach.model.plan import FollowUp
from coach.store.exchange import dump


@pytest.fixture
def store(tmp_path: Path):
    opened = st.open_store(tmp_path / "home")
    yield opened
    opened.close()


def _history(store: st.Store) -> tuple[list[int], list[object]]:
    """Two reviewed quarters: a plan, follow-ups asked in an assessment and in a review."""
    content = mini_content()
    q2 = st.save_assessment(
        store, "me", LONG_HOURS, result_for(content, LONG_HOURS), quarter="2026-Q2"
    )
    brag = plan_item("1" * 32, "brag-doc", "Start a brag document")
    custom = plan_item("2" * 32, None, "Ask Dana about the platform team", status="partly")
    first = review_with(q2.id, "3" * 32, brag, custom)
    st.save_review(store, first)
    # Asked at the start of the next assessment, then answered again in its review.
    draft = st.start_draft(store, "me", content.questionnaire)
    pending = st.pending_followups(store, "me")
    st.record_followup(store, pending[0].id, "partly", "drafted, never shared", assessment_id=draft)
    st.save_answer(store, draft, "workload.hours_per_week", 62)
    q3 = st.complete(
        store, draft, result_for(content, LONG_HOURS), answers_given=LONG_HOURS, quarter="2026-Q3"
    )
    no = plan_item("4" * 32, "strategic-no", "Say no once a week")
    second = review_with(q3.id, "5" * 32, no).model_copy(
        update={
            "followups": (FollowUp(item_uid=brag.uid, status="done", note="weekly now"),),
            "status": "closed",
            "notes": "Kim wants the platform team",
        }
    )
    st.save_review(store, second)
    return [q2.id, q3.id], [first, second]


def _plans(store: st.Store, ids: list[int]) -> list[object]:
    return [st.load_review(store, i) for i in ids]


def test_export_then_import_into_an_empty_history_keeps_every_review_item_and_follow_up(
    store: st.Store, tmp_path: Path
) -> None:
    ids, _ = _history(store)
    before = st.export_person(store, "me")
    assert [len(r.items) for r in before.reviews] == [2, 1]
    assert sum(len(i.followups) for r in before.reviews for i in r.items) == 2
    plans = _plans(store, ids)
    commitments = st.commitments(store, "me")
    saved = tmp_path / "me.json"
    saved.write_text(dump(before), encoding="utf-8")

    other = st.open_store(tmp_path / "elsewhere")
    try:
        imported = st.import_history(other, st.read_export(saved))
        assert (imported.added, imported.present) == (2, 0)
        assert dump(st.export_person(other, "me")) == dump(before)
        new_ids = [a.id for a in st.list_assessments(other, "me")]
        assert [p for p in _plans(other, new_ids)] == plans
        assert st.commitments(other, "me") == commitments
        assert st.pending_followups(other, "me") == st.pending_followups(store, "me")
    finally:
        other.close()


def test_forget_then_import_restores_reviews_and_importing_twice_adds_nothing(
    store: st.Store, tmp_path: Path
) -> None:
    ids, _ = _history(store)
    before = dump(st.export_person(store, "me"))
    saved = tmp_path / "me.json"
    saved.write_text(before, encoding="utf-8")
    st.forget_person(store, "me")
    assert st.list_people(store) == []

    st.import_history(store, st.read_export(saved))
    assert dump(st.export_person(store, "me")) == before
    again = st.import_history(store, st.read_export(saved))
    assert (again.added, again.present) == (0, 2)
    assert dump(st.export_person(store, "me")) == before


def test_importing_into_a_history_that_holds_the_assessments_but_not_the_review_adds_it(
    store: st.Store, tmp_path: Path
) -> None:
    ids, reviews = _history(store)
    document = st.export_person(store, "me")
    partial = document.model_copy(update={"reviews": []})
    other = st.open_store(tmp_path / "elsewhere")
    try:
        st.import_history(other, partial)
        assert st.export_person(other, "me").reviews == []
        st.import_history(other, document)  # the same assessments, now with their reviews
        assert dump(st.export_person(other, "me")) == dump(document)
    finally:
        other.close()
