"""The coach's decisions as pure functions: agree, adjust, dismiss, plan items, due dates."""

from __future__ import annotations

from datetime import date

import pytest
from test_review_support import NOW, TODAY, content, heads_down, persona  # noqa: F401 - fixtures

from coach.content.bundle import Content
from coach.model.answers import InvalidAnswer
from coach.model.results import Result
from coach.review import decide


@pytest.fixture
def result(heads_down: tuple[dict[str, object], Result]) -> Result:  # noqa: F811
    return heads_down[1]


def test_diagnoses_come_most_severe_first(result: Result) -> None:
    ranks = [decide.severity_rank(d.severity) for d in decide.diagnosis_order(result)]
    assert ranks == sorted(ranks, reverse=True)
    assert len(ranks) >= 3


def test_agree_adjust_and_dismiss(result: Result) -> None:
    first, second, third = decide.diagnosis_order(result)[:3]
    review = decide.new_review(7, now=NOW)
    review = decide.decide(review, first, "agree", note="  keep an eye on it ", now=NOW)
    review = decide.decide(review, second, "adjust", severity="critical", now=NOW)
    review = decide.decide(review, third, "dismiss", reason="not this quarter", now=NOW)
    made = {d.mistake: d for d in review.decisions}
    assert made[first.mistake].verdict == "agree"
    assert made[first.mistake].note == "keep an eye on it"
    assert made[second.mistake].severity == "critical"
    assert made[third.mistake].reason == "not this quarter"
    assert decide.final_severity(third, made[third.mistake]) is None
    assert decide.final_severity(second, made[second.mistake]) == "critical"


def test_deciding_again_replaces_the_decision(result: Result) -> None:
    first = decide.diagnosis_order(result)[0]
    review = decide.new_review(7, now=NOW)
    review = decide.decide(review, first, "dismiss", reason="no", now=NOW)
    review = decide.decide(review, first, "agree", now=NOW)
    assert [(d.mistake, d.verdict, d.reason) for d in review.decisions] == [
        (first.mistake, "agree", None)
    ]


def test_an_adjustment_to_the_same_severity_is_agreement(result: Result) -> None:
    first = decide.diagnosis_order(result)[0]
    review = decide.decide(
        decide.new_review(1, now=NOW), first, "adjust", severity=first.severity, now=NOW
    )
    assert review.decisions[0].verdict == "agree"
    assert review.decisions[0].severity is None


@pytest.mark.parametrize(
    ("verdict", "kwargs", "message"),
    [
        ("dismiss", {"reason": "   "}, "why you dismiss it"),
        ("dismiss", {}, "why you dismiss it"),
        ("adjust", {}, "Choose the severity"),
    ],
)
def test_refused_decisions(
    result: Result, verdict: str, kwargs: dict[str, str], message: str
) -> None:
    first = decide.diagnosis_order(result)[0]
    with pytest.raises(InvalidAnswer, match=message):
        decide.decide(decide.new_review(1, now=NOW), first, verdict, now=NOW, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("choice", "days"), [("2-weeks", 14), ("30-days", 30), ("60-days", 60), ("90-days", 90)]
)
def test_due_choices(choice: str, days: int) -> None:
    assert (decide.due_date(choice, TODAY) - TODAY).days == days


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("next week", "is not a date"),
        ("2026-02-30", "is not a date"),
        ("2026-03-11", "in the past"),
        ("2028-01-01", "within a year"),
    ],
)
def test_bad_due_dates(typed: str, message: str) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        decide.parse_due(typed, TODAY)


def test_a_due_date() -> None:
    assert decide.parse_due(" 2026-04-01 ", TODAY) == date(2026, 4, 1)
    assert decide.parse_due("2026-03-12", TODAY) == TODAY


def test_candidates_leave_out_taken_and_dismissed_actions(result: Result) -> None:
    review = decide.new_review(1, now=NOW)
    everything = decide.candidates(result, review)
    assert [a.id for a in everything] == [a.id for a in result.actions]
    review, _ = decide.add_item(
        review,
        now=NOW,
        title=everything[0].title,
        action=everything[0],
        owner="engineer",
        due=TODAY,
        success_check="done",
    )
    assert everything[0] not in decide.candidates(result, review)
    for diagnosis in result.diagnoses:
        review = decide.decide(review, diagnosis, "dismiss", reason="no", now=NOW)
    assert decide.candidates(result, review) == ()


def test_plan_items_are_checked_and_can_change(result: Result) -> None:
    review = decide.new_review(1, now=NOW)
    with pytest.raises(InvalidAnswer, match="how you will know"):
        decide.add_item(review, now=NOW, title="x", owner="coach", due=TODAY, success_check=" ")
    with pytest.raises(InvalidAnswer, match="the action"):
        decide.add_item(review, now=NOW, title="", owner="coach", due=TODAY, success_check="y")
    review, item = decide.add_item(
        review,
        now=NOW,
        title=" Ship it ",
        owner="other",
        owner_name="Kim",
        due=TODAY,
        success_check="y",
    )
    assert item.title == "Ship it"
    assert item.action_id is None
    assert item.status == "not_started"
    review = decide.update_item(review, item.uid, now=NOW, owner="manager", owner_name=None)
    assert review.items[0].owner == "manager"
    assert decide.remove_item(review, item.uid, now=NOW).items == ()


def test_follow_ups_replace_and_the_review_closes_and_reopens() -> None:
    review = decide.new_review(1, now=NOW)
    review = decide.record_followup(review, "abc", "partly", note="half", now=NOW)
    review = decide.record_followup(review, "abc", "done", now=NOW)
    assert [(f.item_uid, f.status, f.note) for f in review.followups] == [("abc", "done", None)]
    closed = decide.close(review, now=NOW)
    assert closed.status == "closed"
    assert decide.reopen(closed, now=NOW).status == "open"


def test_dismissing_a_diagnosis_keeps_its_safety_actions_on_offer(content: Content) -> None:  # noqa: F811
    # Sixty hours a week: the coach may judge it is not heroics, but the hours still carry the
    # health risk, so the pack's safety actions stay on the menu (`plan.outlive_dismissal`).
    _, result = persona(content, "senior-sixty-hours")
    lasting = content.pack.manifest.plan.outlive_dismissal
    assert set(lasting) == {"support", "safety"}
    safety = [a.id for a in result.actions if a.group in lasting]
    assert "cap-hours" in safety
    assert len(safety) < len(result.actions)
    review = decide.new_review(1, now=NOW)
    for diagnosis in result.diagnoses:
        review = decide.decide(review, diagnosis, "dismiss", reason="not this", now=NOW)
    assert [a.id for a in decide.candidates(result, review)] == safety
