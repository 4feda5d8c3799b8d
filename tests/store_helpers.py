"""Helpers shared by the history store tests: the mini pack, results, reviews with plans."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from coach.content.bundle import Content, load_content
from coach.engine.assess import Assessor
from coach.model.answers import Answers
from coach.model.plan import Decision, PlanItem, Review
from coach.model.results import Result

MINI = Path(__file__).parent / "fixtures" / "mini"
LONG_HOURS: Answers = {"workload.hours_per_week": 62, "workload.work": ("mentoring",)}
CALM: Answers = {"workload.hours_per_week": 40, "workload.on_call": False}


def mini_content() -> Content:
    return load_content(MINI / "rules", MINI / "questionnaires")


def result_for(content: Content, answers: Answers) -> Result:
    return Assessor.reference(content).assess(answers)


def when(day: int = 1) -> datetime:
    return datetime(2026, 7, day, 9, 30, tzinfo=UTC)


def plan_item(uid: str, action_id: str | None, title: str, status: str = "not_started") -> PlanItem:
    return PlanItem(
        uid=uid,
        action_id=action_id,
        title=title,
        owner="engineer",
        due=date(2026, 9, 30),
        success_check="It exists and my manager has read it",
        status=status,  # type: ignore[arg-type]
    )


def review_with(assessment_id: int, uid: str, *items: PlanItem) -> Review:
    return Review(
        uid=uid,
        assessment_id=assessment_id,
        coach="Ana",
        decisions=(Decision(mistake="hero", verdict="agree", decided_at=when()),),
        items=items,
        created_at=when(),
        updated_at=when(2),
    )
