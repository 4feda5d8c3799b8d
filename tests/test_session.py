"""The session state machine: order, skip logic live, back, skip, review, edit, resume."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from interview_helpers import interview_questionnaire

from coach.model.questionnaire import Questionnaire
from coach.session.drafts import Draft
from coach.session.drafts_store import StoreDraftSink
from coach.session.state import Session, SessionError
from coach.store import open_store


@pytest.fixture
def questionnaire(tmp_path: Path) -> Questionnaire:
    return interview_questionnaire(tmp_path)


def new(questionnaire: Questionnaire) -> Session:
    return Session(questionnaire, Draft.new(questionnaire))


def at(session: Session) -> str | None:
    return None if session.current is None else session.current.ref


def test_walks_the_questions_and_applies_skip_logic_live(questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    assert at(session) == "workload.hours_per_week"
    assert session.progress().total == 6  # `paged` is not asked until on_call is yes
    session.answer("62")
    session.answer(True)
    assert at(session) == "workload.paged"
    assert session.progress().total == 7
    assert session.progress().number == 3
    session.answer(4)
    session.answer(["mentoring"])
    session.answer("senior")
    session.skip()
    session.skip()
    assert at(session) is None
    assert session.reviewing
    assert session.result() == {
        "workload.hours_per_week": 62,
        "workload.on_call": True,
        "workload.paged": 4,
        "workload.work": ("mentoring",),
        "about.level": "senior",
    }


def test_back_shows_the_previous_question_with_its_answer(questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    assert not session.can_go_back
    session.answer(50)
    session.answer(True)
    session.back()
    assert at(session) == "workload.on_call"
    assert session.value("workload.on_call") is True
    session.back()
    assert at(session) == "workload.hours_per_week"
    with pytest.raises(SessionError):
        session.back()


def test_changing_an_answer_drops_answers_no_longer_asked(questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    for value in (50, True, 3, ["reviews"], "junior"):
        session.answer(value)
    session.skip()
    session.skip()
    session.edit("workload.on_call")
    session.answer(False)
    assert "workload.paged" not in session.answers
    assert at(session) is None  # nothing new to ask: back to the review
    session.edit("workload.on_call")
    session.answer(True)
    assert at(session) == "workload.paged"  # newly asked, so asked now
    session.answer(5)
    assert at(session) is None


def test_back_from_a_question_opened_on_the_review_returns_there(
    questionnaire: Questionnaire,
) -> None:
    session = new(questionnaire)
    for value in (50, False, ["reviews"], "junior"):
        session.answer(value)
    session.skip()
    session.skip()
    session.edit("about.level")
    session.back()
    assert at(session) is None
    assert session.value("about.level") == "junior"


def test_review_back_goes_to_the_last_question(questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    for value in (50, False, ["reviews"], "junior"):
        session.answer(value)
    session.skip()
    session.answer(["email"])
    session.back()
    assert at(session) == "about.avoid"


def test_required_questions_cannot_be_skipped(questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    with pytest.raises(SessionError):
        session.skip()


def test_draft_round_trip_resumes_exactly(tmp_path: Path, questionnaire: Questionnaire) -> None:
    session = new(questionnaire)
    session.answer(50)
    session.answer(True)
    session.answer(2)
    session.back()
    with open_store(tmp_path / "home") as store:
        StoreDraftSink(store, "me", questionnaire).save(session.draft())
    with open_store(tmp_path / "home") as store:
        draft = StoreDraftSink(store, "me", questionnaire).load()
    assert draft is not None
    resumed = Session(questionnaire, draft)
    assert at(resumed) == "workload.paged"
    assert resumed.answers == session.answers
    assert resumed.progress() == session.progress()


def test_a_draft_whose_question_vanished_resumes_at_the_first_open_one(
    questionnaire: Questionnaire,
) -> None:
    draft = replace(
        Draft.new(questionnaire),
        answers={"workload.hours_per_week": 40, "workload.on_call": False},
        position="workload.paged",  # no longer asked: on_call is no
    )
    session = Session(questionnaire, draft)
    assert at(session) == "workload.work"


def test_missing_required_answers_block_the_result(questionnaire: Questionnaire) -> None:
    draft = replace(
        Draft.new(questionnaire), answers={"workload.hours_per_week": 40}, position=None
    )
    session = Session(questionnaire, replace(draft, reviewing=True))
    assert [q.ref for q in session.missing()] == [
        "workload.on_call",
        "workload.work",
        "about.level",
    ]
    with pytest.raises(SessionError):
        session.result()
