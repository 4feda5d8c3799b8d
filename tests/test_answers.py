"""Answers are checked against their question with messages written for the person answering."""

from __future__ import annotations

import pytest

from coach.model.answers import InvalidAnswer, display, normalize
from coach.model.questionnaire import Question

HOURS = Question(id="h", type="number", text="Hours?", help="h", min=0, max=120, unit="hours")
KINDS = Question(
    id="k",
    type="multi",
    text="Kinds?",
    help="h",
    options=[{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}],
)
PAGED = Question(
    id="p",
    type="scale",
    text="Paged?",
    help="h",
    scale={"min": 1, "max": 5, "labels": {1: "Never"}},
)


@pytest.mark.parametrize(
    ("question", "value", "message"),
    [
        (HOURS, 130, "130 is above the maximum of 120 hours"),
        (HOURS, "lots", "'lots' is not a number"),
        (HOURS, True, "expected a number, not yes/no"),
        (KINDS, ["c"], "'c' is not one of the options: a, b"),
        (PAGED, 6, "expected a whole number from 1 to 5, got 6"),
    ],
)
def test_invalid_answers_say_what_is_wrong(question, value, message) -> None:
    with pytest.raises(InvalidAnswer, match=message):
        normalize(question, value)


def test_answers_are_normalised() -> None:
    assert normalize(HOURS, "52,5") == 52.5
    assert normalize(HOURS, 50.0) == 50
    assert normalize(KINDS, ["b", "a", "b"]) == ("a", "b")  # option order, no duplicates
    assert display(KINDS, ("a", "b")) == "Alpha, Beta"
    assert display(PAGED, 1) == "1 (Never)"
    assert display(HOURS, 60) == "60 hours"
