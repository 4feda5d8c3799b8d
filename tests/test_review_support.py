"""Helpers shared by the review and plan tests (no tests here).

A history with one assessment of a shipped persona, scripted answers for the review flow, and
a review made directly through the pure layer for the renderer tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from coach.content.answers_file import load_answers
from coach.content.bundle import SHIPPED_EXAMPLES, Content, load_content
from coach.engine.assess import Assessor
from coach.model.plan import Review
from coach.model.results import Result
from coach.review import decide
from coach.review.flow import Pick, Spec, Typed
from coach.store import AssessmentInfo, open_store, save_assessment

NOW = datetime(2026, 3, 12, 9, 30, tzinfo=UTC)
TODAY = NOW.date()


def clock() -> Iterator[datetime]:
    """Later and later times, one second apart."""
    moment = NOW
    while True:
        yield moment
        moment += timedelta(seconds=1)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


def persona(content: Content, name: str) -> tuple[dict[str, Any], Result]:
    answers = load_answers(SHIPPED_EXAMPLES / f"{name}.yaml", content.questionnaire).answers
    return answers, Assessor.reference(content).assess(answers)


@pytest.fixture(scope="session")
def heads_down(content: Content) -> tuple[dict[str, Any], Result]:
    """Five diagnoses (high, medium, low, low, low) and ten actions."""
    return persona(content, "heads-down")


def store_assessment(
    home: Path, person: str, answers: dict[str, Any], result: Result, quarter: str
) -> AssessmentInfo:
    with open_store(home) as store:
        return save_assessment(store, person, answers, result, quarter=quarter)


class Script:
    """Scripted answers for the review flow: (key, answer) in the order the questions come.

    Typed answers are given as the text typed and go through the spec's own parser, so what
    the coach types is checked as the real prompt would check it; None is Enter alone, which
    keeps the field's default.
    """

    def __init__(self, *steps: tuple[str, Any]) -> None:
        self.steps = list(steps)
        self.asked: list[Spec] = []

    def __call__(self, spec: Spec) -> Any:
        self.asked.append(spec)
        assert self.steps, f"no answer scripted for {spec.key!r}"
        key, answer = self.steps.pop(0)
        assert spec.key == key, f"asked {spec.key!r}, script expected {key!r}"
        if isinstance(answer, BaseException):
            raise answer
        if isinstance(spec, Typed):  # None: Enter alone, on what the field already holds
            return spec.parse(spec.default if answer is None else answer)
        assert isinstance(spec, Pick)
        values = [value for _, value in spec.choices]
        if callable(answer):
            answer = next(v for v in values if answer(v))
        assert answer in values, f"{answer!r} is not a choice of {spec.key!r}: {values}"
        return answer

    @property
    def done(self) -> bool:
        return not self.steps


def reviewed(result: Result, *, note: str = "We start with sleep.") -> Review:
    """A closed review made through the pure layer: agree, adjust, dismiss, and a plan."""
    when = NOW
    review = decide.new_review(1, now=when, coach="Ana Lucía Pérez")
    order = decide.diagnosis_order(result)
    review = decide.decide(review, order[0], "agree", note=note, now=when)
    review = decide.decide(review, order[1], "adjust", severity="low", now=when)
    review = decide.decide(review, order[2], "dismiss", reason="Already handled.", now=when)
    owners = [("engineer", None), ("manager", "Dana Kowalczyk"), ("coach", None), ("other", "张伟")]
    dues = ["2-weeks", "30-days", "60-days", "90-days"]
    for action, (owner, name), due in zip(
        decide.candidates(result, review), owners, dues, strict=False
    ):
        review, _ = decide.add_item(
            review,
            now=when,
            title=action.title,
            action=action,
            first_step=action.first_step,
            owner=owner,  # type: ignore[arg-type]
            owner_name=name,
            due=decide.due_date(due, TODAY),
            success_check=f"Check for {action.title}",
        )
    review, _ = decide.add_item(
        review,
        now=when,
        title="Présenter la démo à l'équipe — 山田さくら",
        owner="engineer",
        due=date(2026, 7, 1),
        success_check="Démo faite; trois questions d'autres équipes",
    )
    return decide.close(review, now=when)
