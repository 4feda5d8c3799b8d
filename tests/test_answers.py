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
CHOICE = Question(
    id="c",
    type="multi",
    text="Symptoms?",
    help="h",
    options=[{"value": "exhaustion", "label": "E"}, {"value": "cynicism", "label": "C"}],
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
        (HOURS, "lots", "'lots' is not a number: give one number$"),
        (HOURS, "50h", "'50h' is not a number \\(did you mean '50'\\?\\)$"),
        (HOURS, "52,5 hours", "'52,5 hours' is not a number \\(did you mean '52.5'\\?\\)$"),
        (HOURS, "50-55", "'50-55' is not a number: give one number$"),
        (HOURS, True, "expected a number, not yes/no"),
        (KINDS, ["c"], "'c' is not one of the options: a, b$"),
        (
            KINDS,
            ["alpha"],
            "'alpha' is not one of the options: a, b \\(did you mean 'a'\\?\\)$",
        ),  # its label
        (CHOICE, "exhausted", "options: exhaustion, cynicism \\(did you mean 'exhaustion'\\?\\)$"),
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


TALKS = Question(
    id="t", type="number", text="Talks?", help="h", min=1, max=9, unit="talks", unit_one="talk"
)


def test_a_number_reads_with_its_unit_in_the_singular_for_one() -> None:
    assert display(TALKS, 1) == "1 talk"
    assert display(TALKS, 2) == "2 talks"
    assert display(TALKS, 1.5) == "1.5 talks"
    assert display(HOURS, 1) == "1 hours"  # no unit_one given: the unit as written
    with pytest.raises(InvalidAnswer, match="0 is below the minimum of 1 talk$"):
        normalize(TALKS, 0)


def test_unit_one_needs_a_unit() -> None:
    with pytest.raises(ValueError, match="'unit_one' needs 'unit'"):
        Question(id="t", type="number", text="Talks?", help="h", unit_one="talk")


UNBOUNDED = Question(id="u", type="number", text="Count?", help="h")
YES = Question(id="y", type="boolean", text="Yes?", help="h")
ONE = Question(
    id="o",
    type="single",
    text="One?",
    help="h",
    options=[{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Beta"}],
)


def _checked(question: Question, value: object) -> object:
    """What the full checks make of a value (normalize's way without its shortcut)."""
    from coach.model import answers

    check = {
        "number": lambda v: answers._number(question, v),
        "scale": lambda v: answers._scale(question, v),
        "boolean": answers._boolean,
        "single": lambda v: answers._option(question, v),
    }[question.type]
    try:
        return check(value)
    except InvalidAnswer as error:
        return str(error)


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (HOURS, 0),
        (HOURS, 120),
        (HOURS, 121),
        (HOURS, -1),
        (UNBOUNDED, 2**53),
        (UNBOUNDED, 2**60 + 1),  # beyond exact floats: the checks' float decides
        (UNBOUNDED, -(2**60) - 1),
        (PAGED, 1),
        (PAGED, 5),
        (PAGED, 0),
        (PAGED, True),
        (YES, False),
        (YES, 1),
        (ONE, "a"),
        (ONE, "c"),
        (ONE, 1),
    ],
)
def test_canonical_values_come_back_as_the_checks_give_them(question, value) -> None:
    try:
        got: object = normalize(question, value)
    except InvalidAnswer as error:
        got = str(error)
    expected = _checked(question, value)
    assert got == expected
    assert type(got) is type(expected)
