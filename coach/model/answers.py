"""Answers: checking and normalising one value against its question.

Used by the answers-file loader, the interactive session and the history store alike, so an answer
means the same thing wherever it comes from.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: the printed plan needs InvalidAnswer, not questionnaires
    from collections.abc import Collection

    from coach.model.questionnaire import Question

AnswerValue = int | float | bool | str | tuple[str, ...]
Answers = dict[str, AnswerValue]

MAX_TEXT = 4000
_TRUE = {"yes", "y", "true"}
_FALSE = {"no", "n", "false"}
_WHOLE = ("number", "scale")


class InvalidAnswer(ValueError):
    """A value the question does not accept; the message is written for the person answering."""


def normalize(question: Question, value: Any) -> AnswerValue:
    """Return the canonical form of `value` for `question`, or raise InvalidAnswer."""
    kind = question.type
    # values already in canonical form are returned as they are (what the checks below return)
    cls = value.__class__
    if cls is int and kind in _WHOLE:
        low, high = question.whole_range
        if low <= value <= high:
            return value  # type: ignore[no-any-return]
    elif cls is str and kind == "single" and value in question.option_set:
        return value  # type: ignore[no-any-return]
    elif cls is bool and kind == "boolean":
        return value  # type: ignore[no-any-return]
    if kind == "number":
        return _number(question, value)
    if kind == "scale":
        return _scale(question, value)
    if kind == "boolean":
        return _boolean(value)
    if kind == "single":
        return _option(question, value)
    if kind == "multi":
        return _options(question, value)
    return _text(value)


def _as_number(value: Any) -> float:
    if isinstance(value, bool):
        raise InvalidAnswer("expected a number, not yes/no")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            from coach.conditions.parse import as_number  # only when it is not a number

            meant = as_number(value)
            hint = f" (did you mean '{meant}'?)" if meant else ": give one number"
            raise InvalidAnswer(f"'{value}' is not a number{hint}") from None
    else:
        raise InvalidAnswer(f"expected a number, got {value_words(value)}")
    if math.isnan(number) or math.isinf(number):
        raise InvalidAnswer("expected a finite number")
    return number


def _number(question: Question, value: Any) -> int | float:
    number = _as_number(value)
    if question.min is not None and number < question.min:
        raise InvalidAnswer(
            f"{number:g} is below the minimum of {question.with_unit(question.min)}"
        )
    if question.max is not None and number > question.max:
        raise InvalidAnswer(
            f"{number:g} is above the maximum of {question.with_unit(question.max)}"
        )
    if question.integer and not number.is_integer():
        raise InvalidAnswer(f"{number:g} is not a whole number")
    return int(number) if number.is_integer() else number


def _scale(question: Question, value: Any) -> int:
    assert question.scale is not None  # the model guarantees it for scale questions
    low, high = question.scale.min, question.scale.max
    number = _as_number(value)
    if not number.is_integer() or not low <= number <= high:
        raise InvalidAnswer(f"expected a whole number from {low} to {high}, got {number:g}")
    return int(number)


def yes_or_no(value: Any) -> bool | None:
    """What a yes/no answer written as text means ('Yes', 'n', 'false'); None if it is not one."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    return None


def _boolean(value: Any) -> bool:
    meant = yes_or_no(value)
    if meant is not None:
        return meant
    raise InvalidAnswer(f"expected yes or no (true/false), got {value_words(value)}")


def _not_an_option(question: Question, value: Any, chosen: Collection[str] = ()) -> str:
    choices = ", ".join(question.option_values)
    left = [o for o in question.option_values if o not in chosen]  # not one already picked
    written = ("yes" if value else "no") if isinstance(value, bool) else value  # YAML's `no`
    meant = question.option_meant(written, left) if isinstance(written, str) else None
    hint = f" (did you mean '{meant}'?)" if meant else ""
    return f"{value_words(value)} is not one of the options: {choices}{hint}"


def _option(question: Question, value: Any) -> str:
    if not isinstance(value, str) or value not in question.option_values:
        raise InvalidAnswer(_not_an_option(question, value))
    return value


def _options(question: Question, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise InvalidAnswer(f"expected a list of options, got {value_words(value)}")
    options = question.option_set
    unknown = [v for v in value if not isinstance(v, str) or v not in options]
    if unknown:
        raise InvalidAnswer(_not_an_option(question, unknown[0], value))
    chosen = set(value)
    return tuple(v for v in question.option_values if v in chosen)


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise InvalidAnswer(f"expected text, got {value_words(value)}")
    text = str(value).strip()
    if not text:
        raise InvalidAnswer("the answer is empty")
    if len(text) > MAX_TEXT:
        raise InvalidAnswer(f"the answer is longer than {MAX_TEXT} characters")
    return text


def value_words(value: Any) -> str:
    """A value as a YAML author reads it in a message: 'text', yes/no, a list, nothing."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if value is None:
        return "nothing"
    if isinstance(value, int | float):
        return f"{value:g}"
    return f"'{value}'"


def display(question: Question, value: AnswerValue | None) -> str:
    """How an answer reads in a report: option labels, units, yes/no."""
    if value is None:
        return "not answered"
    if question.type == "boolean":
        return "yes" if value else "no"
    labels = {o.value: o.label for o in question.options or ()}
    if question.type == "single":
        return labels.get(str(value), str(value))
    if question.type == "multi":
        assert isinstance(value, tuple)
        return ", ".join(labels.get(v, v) for v in value) if value else "none of these"
    if question.type == "scale" and question.scale is not None:
        label = question.scale.labels.get(int(value))  # type: ignore[arg-type]
        return f"{value} ({label})" if label else f"{value} of {question.scale.max}"
    if question.type == "number":
        return question.with_unit(value) if isinstance(value, int | float) else str(value)
    return str(value)
