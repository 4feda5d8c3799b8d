"""Follow-ups as prompt specs (pure): the question, its default, the note, the review's letters."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from interview_helpers import interview_questionnaire

from coach.model.answers import InvalidAnswer
from coach.session.drafts import Draft
from coach.session.followthrough import Answered, CheckIn
from coach.session.state import Session
from coach.store.records import Commitment
from coach.ui.followups import earlier_line, note_spec, owner_to_you, parse_note, status_spec
from coach.ui.interview import FollowupPick, change_spec
from coach.ui.prompts import Choice, Nav


def commitment(**changes: Any) -> Commitment:
    fields: dict[str, Any] = {
        "id": 7,
        "uid": "7" * 32,
        "review_id": 1,
        "assessment_id": 1,
        "quarter": "2026-Q3",
        "position": 1,
        "action_id": "brag-doc",
        "title": "Start a brag document",
        "first_step": None,
        "owner": "engineer",
        "owner_name": None,
        "due": date(2026, 9, 30),
        "success_check": "It exists",
        "status": "not_started",
        "note": None,
        "promised": 2,
    }
    return Commitment(**{**fields, **changes})


def test_the_question_names_the_commitment_and_defaults_to_the_plan() -> None:
    spec = status_spec(commitment(status="partly"), None, can_back=False)
    assert spec.message == (
        "What became of: Start a brag document (committed in 2026-Q3; owner: you; due 30 Sep 2026)?"
    )
    assert [c.title for c in spec.choices if isinstance(c, Choice)][:4] == [
        "Done",
        "Partly done",
        "Not started",
        "Dropped",
    ]
    assert spec.default == "partly"
    assert ("<", Nav.BACK) not in spec.keys
    again = status_spec(commitment(), Answered("done"), can_back=True, back_to="review")
    assert again.default == "done"  # the answer given in this session wins
    assert "< Back to the review" in [c.title for c in again.choices if isinstance(c, Choice)]


@pytest.mark.parametrize(
    ("owner", "name", "words"),
    [
        ("engineer", None, "you"),
        ("manager", "Dana", "Dana, your manager"),
        ("coach", None, "your coach"),
        ("other", "Sam", "Sam"),
    ],
)
def test_owners_read_from_the_engineer_side(owner: str, name: str | None, words: str) -> None:
    assert owner_to_you(commitment(owner=owner, owner_name=name)) == words


def test_an_earlier_follow_up_is_shown_but_a_fresh_commitment_is_not() -> None:
    assert earlier_line(commitment()) is None
    assert earlier_line(commitment(status="partly", note="drafted")) == (
        "last time: partly done · drafted"
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("  drafted  ", "drafted"), ("", None), ("?", Nav.HELP), ("<", Nav.BACK)],
)
def test_notes(typed: str, expected: object) -> None:
    assert parse_note(typed) == expected


def test_a_note_has_a_limit_and_going_back_shows_it_again() -> None:
    with pytest.raises(InvalidAnswer, match="under 4000"):
        parse_note("x" * 4001)
    assert note_spec(Answered("partly", "drafted")).default == "drafted"


def test_facts_in_memory_match_the_store() -> None:
    custom = commitment(id=8, action_id=None)
    state = CheckIn([commitment(), custom], {7: Answered("not_started"), 8: Answered("done")})
    assert state.facts() == {"followup.brag-doc": "not_started", "followup.brag-doc.promised": 2}
    assert state.first_open() is None


def test_the_review_changes_a_follow_up_by_its_letter(tmp_path: Path) -> None:
    questionnaire = interview_questionnaire(tmp_path)
    session = Session(questionnaire, Draft.new(questionnaire))
    spec = change_spec(session, followups=2)
    assert spec.parse is not None
    assert spec.parse("b") == FollowupPick(1)
    assert spec.parse("B") == FollowupPick(1)
    assert spec.parse("2") == "workload.on_call"
    with pytest.raises(InvalidAnswer, match="a number from 1 to 6 or a letter from a to b"):
        spec.parse("c")
    assert "its letter, a-b" in spec.instruction
    assert "letter" not in change_spec(session).instruction


def test_a_promise_count_reads_as_a_plain_number() -> None:
    from coach.model.answers import display
    from coach.model.followup import followup_question

    question = followup_question("followup.brag-doc.promised")
    assert question is not None
    assert display(question, 2) == "2"  # no unit: not "2 None"
