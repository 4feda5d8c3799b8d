"""The review conversation with scripted answers: every path, and what is saved when."""

from __future__ import annotations

from datetime import date

import pytest
from test_review_support import (  # noqa: F401 - fixtures
    NOW,
    TODAY,
    Script,
    clock,
    content,
    heads_down,
)

from coach.model.answers import InvalidAnswer
from coach.model.plan import PlanItem, Review
from coach.model.results import Result, SuggestedAction
from coach.review import decide
from coach.review.flow import Event, ReviewContext, ReviewFlow, ShowDiagnosis


@pytest.fixture
def result(heads_down: tuple[dict[str, object], Result]) -> Result:  # noqa: F811
    return heads_down[1]


def run(
    result: Result,
    script: Script,
    review: Review | None = None,
    previous: tuple[PlanItem, ...] = (),
) -> tuple[Review, list[Review], list[Event]]:
    saved: list[Review] = []
    shown: list[Event] = []
    times = clock()
    context = ReviewContext(
        person="Zoë",
        quarter="2026-Q1",
        result=result,
        today=TODAY,
        previous=previous,
        previous_quarter="2025-Q4" if previous else None,
    )
    flow = ReviewFlow(
        context,
        review or decide.new_review(1, now=next(times)),
        ask=script,
        save=saved.append,
        show=shown.append,
        now=lambda: next(times),
    )
    return flow.run(), saved, shown


def is_add(action_id: str) -> object:
    return lambda v: v[0] == "add" and v[1].id == action_id


def first_add(value: tuple[str, object]) -> bool:
    return value[0] == "add"


def walk_diagnoses(result: Result) -> list[tuple[str, object]]:
    """Agree with the first, adjust the second to low, dismiss the third, agree with the rest."""
    order = decide.diagnosis_order(result)
    steps: list[tuple[str, object]] = [
        (f"verdict:{order[0].mistake}", "agree"),
        (f"note:{order[0].mistake}", "Sleep first <script>alert(1)</script>"),
        (f"verdict:{order[1].mistake}", "adjust"),
        (f"severity:{order[1].mistake}", "low"),
        (f"note:{order[1].mistake}", ""),
        (f"verdict:{order[2].mistake}", "dismiss"),
        (f"reason:{order[2].mistake}", "Handled by the team"),
        (f"note:{order[2].mistake}", ""),
    ]
    for diagnosis in order[3:]:
        steps += [(f"verdict:{diagnosis.mistake}", "agree"), (f"note:{diagnosis.mistake}", "")]
    return steps


def test_a_whole_review(result: Result) -> None:
    order = decide.diagnosis_order(result)
    script = Script(
        ("coach", "Ana"),
        *walk_diagnoses(result),
        ("plan", first_add),
        ("owner", "manager"),
        ("owner-name", "Dana"),
        ("due", "30-days"),
        ("check", "Promotion case drafted"),
        ("plan", ("custom", None)),
        ("title", "Présenter la démo — 山田さくら"),
        ("first-step", "Book the Thursday slot"),
        ("owner", "other"),
        ("owner-name", "张伟"),
        ("due", "date"),
        ("due-date", "2026-06-01"),
        ("check", "Demo given"),
        ("plan", ("done", None)),
        ("finish", "close"),
    )
    review, saved, shown = run(result, script)
    assert script.done
    assert review.status == "closed"
    assert review.coach == "Ana"
    made = {d.mistake: d for d in review.decisions}
    assert made[order[0].mistake].note == "Sleep first <script>alert(1)</script>"
    assert (made[order[1].mistake].verdict, made[order[1].mistake].severity) == ("adjust", "low")
    assert made[order[2].mistake].reason == "Handled by the team"
    assert len(made) == len(order)
    suggested, custom = review.items
    assert suggested.action_id == result.actions[0].id
    assert (suggested.owner, suggested.owner_name) == ("manager", "Dana")
    assert suggested.due == decide.due_date("30-days", TODAY)
    assert suggested.first_step == result.actions[0].first_step
    assert custom.action_id is None
    assert custom.owner_name == "张伟"
    assert custom.due == date(2026, 6, 1)
    assert custom.first_step == "Book the Thursday slot"
    # The suggested action's field held the rule pack's check (edited here), the custom one's none.
    offered, blank = (s for s in script.asked if s.key == "check")
    assert result.actions[0].success_check  # every shipped action has one
    assert offered.default == result.actions[0].success_check  # type: ignore[union-attr]
    assert "Enter keeps it" in offered.hint  # type: ignore[union-attr]
    assert blank.default == ""  # type: ignore[union-attr]
    assert "Enter keeps it" not in blank.hint  # type: ignore[union-attr]
    assert (suggested.success_check, custom.success_check) == (
        "Promotion case drafted",
        "Demo given",
    )
    # Saved after the coach's name, every decision, every action, and the closing.
    assert len(saved) == 1 + len(order) + 2 + 1
    assert saved[-1] == review
    assert [e.number for e in shown if isinstance(e, ShowDiagnosis)] == list(
        range(1, len(order) + 1)
    )


def test_an_action_without_a_success_check_leaves_the_field_to_the_coach(result: Result) -> None:
    bare = result.model_copy(
        update={"actions": tuple(a.replace(success_check=None) for a in result.actions)}
    )
    first = bare.actions[0]
    script = Script(
        ("coach", "Ana"),
        *walk_diagnoses(bare),
        ("plan", is_add(first.id)),
        ("owner", "engineer"),
        ("due", "2-weeks"),
        ("check", None),
    )
    with pytest.raises(InvalidAnswer, match="how you will know it worked"):
        run(bare, script)
    (asked,) = (s for s in script.asked if s.key == "check")
    assert asked.default == ""  # type: ignore[union-attr]


def test_dismissed_diagnoses_take_their_actions_out_of_the_menu(result: Result) -> None:
    order = decide.diagnosis_order(result)
    steps: list[tuple[str, object]] = [("coach", "")]
    for diagnosis in order:
        steps += [
            (f"verdict:{diagnosis.mistake}", "dismiss"),
            (f"reason:{diagnosis.mistake}", "no"),
            (f"note:{diagnosis.mistake}", ""),
        ]
    script = Script(*steps, ("plan", ("done", None)), ("finish", "leave"))
    review, _, _ = run(result, script)
    menu = next(s for s in script.asked if s.key == "plan")
    assert [v[0] for _, v in menu.choices] == ["custom", "done"]  # type: ignore[attr-defined]
    assert review.status == "open"
    assert review.coach is None


def test_an_interrupted_review_keeps_what_was_decided_and_carries_on(result: Result) -> None:
    order = decide.diagnosis_order(result)
    steps = walk_diagnoses(result)
    cut = steps.index((f"verdict:{order[2].mistake}", "dismiss"))
    script = Script(("coach", "Ana"), *steps[:cut], (steps[cut][0], KeyboardInterrupt()))
    saved: list[Review] = []
    context = ReviewContext(person="Zoë", quarter="2026-Q1", result=result, today=TODAY)
    times = clock()
    flow = ReviewFlow(
        context,
        decide.new_review(1, now=next(times)),
        ask=script,
        save=saved.append,
        show=lambda _: None,
        now=lambda: next(times),
    )
    with pytest.raises(KeyboardInterrupt):
        flow.run()
    kept = saved[-1]
    assert [d.mistake for d in kept.decisions] == [d.mistake for d in order[:2]]
    # Carrying on asks only what is still open: no name, no decided diagnosis.
    again = Script(*steps[cut:], ("plan", ("done", None)), ("finish", "close"))
    review, _, shown = run(result, again, review=kept)
    assert again.done
    assert review.status == "closed"
    assert len(review.decisions) == len(order)
    assert "Carrying on" in shown[0].text  # type: ignore[union-attr]


def test_a_closed_review_reopens_for_editing(result: Result) -> None:
    order = decide.diagnosis_order(result)
    first = Script(
        ("coach", "Ana"),
        *walk_diagnoses(result),
        ("plan", first_add),
        ("owner", "engineer"),
        ("due", "2-weeks"),
        ("check", "Done"),
        ("plan", first_add),
        ("owner", "coach"),
        ("due", "60-days"),
        ("check", "Done too"),
        ("plan", ("done", None)),
        ("finish", "close"),
    )
    closed, _, _ = run(result, first)
    keep, drop = closed.items
    second = Script(
        ("plan", ("edit", drop.uid)),
        (f"item:{drop.uid}", "remove"),
        ("plan", ("edit", keep.uid)),
        (f"item:{keep.uid}", "change"),
        ("owner", "manager"),
        ("owner-name", ""),
        ("due", "keep"),
        ("check", "Reviewed with the manager"),
        ("plan", ("done", None)),
        ("finish", "decision"),
        ("which-diagnosis", order[2].mistake),
        (f"verdict:{order[2].mistake}", "agree"),
        (f"note:{order[2].mistake}", "On reflection, yes"),
        ("finish", "notes"),
        ("review-notes", "A good quarter\nfor learning"),
        ("finish", "close"),
    )
    review, _, shown = run(result, second, review=closed)
    assert second.done
    assert "Reopened" in shown[0].text  # type: ignore[union-attr]
    (item,) = review.items
    assert item.uid == keep.uid
    assert item.owner == "manager"
    assert item.owner_name is None
    assert item.due == keep.due
    assert item.success_check == "Reviewed with the manager"
    assert review.decision(order[2].mistake).verdict == "agree"  # type: ignore[union-attr]
    assert review.notes == "A good quarter\nfor learning"
    assert review.status == "closed"


def test_last_quarters_plan_is_followed_up_first(result: Result) -> None:
    previous = (
        PlanItem(
            uid="p1",
            title="Brag document",
            owner="engineer",
            due=date(2025, 12, 1),
            success_check="x",
        ),
        PlanItem(
            uid="p2",
            title="Cap on-call",
            owner="manager",
            due=date(2025, 12, 9),
            success_check="y",
            status="partly",
        ),
    )
    script = Script(
        ("coach", "Ana"),
        ("followup:p1", "done"),
        ("followup-note:p1", ""),
        ("followup:p2", "dropped"),
        ("followup-note:p2", "The rota changed"),
        *walk_diagnoses(result),
        ("plan", ("done", None)),
        ("finish", "followup"),
        ("which-followup", "p1"),
        ("followup:p1", "partly"),
        ("followup-note:p1", "Started"),
        ("finish", "close"),
    )
    review, _, _ = run(result, script, previous=previous)
    assert {f.item_uid: (f.status, f.note) for f in review.followups} == {
        "p1": ("partly", "Started"),
        "p2": ("dropped", "The rota changed"),
    }
    follow = next(s for s in script.asked if s.key == "followup:p2")
    assert follow.default == "partly"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("key", "typed", "message"),
    [
        ("check", "   ", "how you will know it worked"),
        ("due-date", "tomorrow", "is not a date"),
        ("title", "", "the action"),
    ],
)
def test_typed_answers_are_checked(result: Result, key: str, typed: str, message: str) -> None:
    script = Script(
        ("coach", "Ana"),
        *walk_diagnoses(result),
        ("plan", ("custom", None)),
        ("title", typed if key == "title" else "Write it"),
        ("first-step", ""),
        ("owner", "engineer"),
        ("due", "date"),
        ("due-date", typed if key == "due-date" else "2026-05-01"),
        ("check", typed),
    )
    with pytest.raises(InvalidAnswer, match=message):
        run(result, script)


def test_more_suggestions_on_request(result: Result) -> None:
    from coach.review.flow import SHOWN_CANDIDATES

    order = decide.diagnosis_order(result)
    dismissed = decide.decide(
        decide.new_review(1, now=NOW), order[2], "dismiss", reason="x", now=NOW
    )
    offered = decide.candidates(result, dismissed)
    if len(offered) <= SHOWN_CANDIDATES:
        pytest.skip("the persona has too few actions")
    last: SuggestedAction = offered[-1]
    script = Script(
        ("coach", ""),
        *walk_diagnoses(result),
        ("plan", ("more", None)),
        ("plan", is_add(last.id)),
        ("owner", "engineer"),
        ("due", "90-days"),
        ("check", "ok"),
        ("plan", ("done", None)),
        ("finish", "close"),
    )
    review, _, _ = run(result, script)
    assert review.items[0].action_id == last.id
