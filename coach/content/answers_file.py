"""Reading answers files: `section.question: value`, every bad id or value located."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coach.content.pack import display_path
from coach.content.yamlio import load, quick_load
from coach.errors import ContentError, Problem, suggest
from coach.located import KeyPath, Located
from coach.model.answers import Answers, InvalidAnswer, normalize, value_words
from coach.model.followup import PREFIX, followup_question
from coach.model.questionnaire import Questionnaire

META_KEYS = ("questionnaire", "person", "date", "answers")


@dataclass(frozen=True)
class AnswersFile:
    """An answers file: whose answers, to which questionnaire, on what day, and the answers."""

    path: str
    person: str | None
    questionnaire: str | None
    answers: Answers
    taken_on: date | None = None  # `date:`: the day the answers were given (sets the quarter)


def check_answers(
    located: Located,
    loc: KeyPath,
    raw: Any,
    questionnaire: Questionnaire,
    actions: Collection[str] | None = None,
) -> tuple[Answers, list[Problem]]:
    """Normalise a mapping of `section.question: value` found at `loc`; locate every problem.

    `actions`: the pack's action ids, which `followup.<action-id>` must name (None: unchecked).
    """
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        message = "answers are a mapping of section.question: value"
        if isinstance(raw, str) and raw.split()[:1] and "." in raw.split()[0]:
            message += f" lines; '{raw[:60]}' is text: is the ':' after the question missing?"
        return {}, [located.problem(loc, message)]
    answers: Answers = {}
    problems: list[Problem] = []
    questions = questionnaire.questions
    for ref, value in raw.items():
        key = str(ref)
        question = questions.get(key) or followup_question(key)  # the second only for a miss
        if question is None:
            problems.append(_unknown(located, (*loc, ref), key, value, questionnaire))
            continue
        action = key.removeprefix(PREFIX).removesuffix(".promised")
        if actions is not None and key.startswith(PREFIX) and action not in actions:
            hint = suggest(action, actions)
            message = f"unknown action '{action}' (follow-up facts name an action of the pack)"
            problems.append(located.problem((*loc, ref), message, suggestion=hint, key=True))
            continue
        if value is None:
            continue  # left blank: not answered
        try:
            answers[question.ref] = normalize(question, value)
        except InvalidAnswer as error:  # its words name the nearest option already
            problems.append(located.problem((*loc, ref), str(error)))
    return answers, problems


def _unknown(
    located: Located, loc: KeyPath, ref: str, value: Any, questionnaire: Questionnaire
) -> Problem:
    """An answer to no question, said for what it most likely is."""
    sections = {section.id: section for section in questionnaire.sections}
    if ref in sections and isinstance(value, dict) and value:
        first = next(iter(value))
        message = (
            f"'{ref}' is a section: write each answer on its own line as section.question: "
            f"value, e.g. {ref}.{first}: ..."
        )
        return located.problem(loc, message, key=True)
    if ref.startswith("scores."):
        message = f"'{ref}' is a score, worked out from the answers: leave it out"
        return located.problem(loc, message, key=True)
    hint = suggest(ref, questionnaire.questions)
    if hint is None and len(loc) == 1 and "." not in ref:  # a flat file: `answer:` for `answers:`
        hint = suggest(ref, META_KEYS)
        if hint is not None:
            return located.problem(loc, f"unknown key '{ref}'", suggestion=hint, key=True)
    return located.problem(loc, f"unknown question '{ref}'", suggestion=hint, key=True)


def read_answers(
    path: Path, questionnaire: Questionnaire, actions: Collection[str] | None = None
) -> tuple[AnswersFile | None, list[Problem]]:
    """Read an answers file against a questionnaire (and the pack's `actions`); never raises."""
    shown = display_path(path)
    located, problems = load(path, shown)
    if problems:
        return None, problems
    return _answers_in(located, questionnaire, actions)


def _answers_in(
    located: Located, questionnaire: Questionnaire, actions: Collection[str] | None = None
) -> tuple[AnswersFile | None, list[Problem]]:
    """The answers file in data read from `located.path`, or every problem with it."""
    data = located.data
    if not isinstance(data, dict):
        return None, [
            located.problem((), "an answers file is a mapping of section.question: value")
        ]
    structured = "answers" in data
    sections = {section.id for section in questionnaire.sections}
    if not structured and data and not any("." in str(k) or k in sections for k in data):
        keys = ", ".join(str(k) for k in list(data)[:4])
        hint = next((m for k in data if (m := suggest(str(k), META_KEYS)) is not None), None)
        if hint is None:  # not a typo of `answers:`: another kind of file altogether
            message = (
                f"this is not an answers file (its keys: {keys}): an answers file holds "
                "`answers:` with section.question: value lines"
            )
            return None, [located.problem((), message)]
    loc: KeyPath = ()
    raw: Any = data
    problems: list[Problem] = []
    if structured:
        problems += _check_meta(located, data, questionnaire)
        raw, loc = data.get("answers"), ("answers",)
    answers, found = check_answers(located, loc, raw, questionnaire, actions)
    problems += found
    if problems:
        return None, problems
    person = data.get("person") if structured else None
    taken_on = _day(data.get("date")) if structured else None
    named = str(person) if person else None
    return AnswersFile(located.path, named, questionnaire.id, answers, taken_on), []


def _day(value: Any) -> date | None:
    """The `date:` of an answers file as a day, or None when it is not one.

    A day (2026-02-14, which YAML reads as a date already), or a time such as `coach assess`
    writes when it saves answers to a file (the local day it fell on).
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        return value.astimezone().date() if value.tzinfo else value.date()
    return value if isinstance(value, date) else None


def _check_meta(
    located: Located, data: dict[str, Any], questionnaire: Questionnaire
) -> list[Problem]:
    problems = []
    for key in data:
        if key not in META_KEYS:
            hint = suggest(str(key), META_KEYS)
            problems.append(
                located.problem((key,), f"unknown key '{key}'", suggestion=hint, key=True)
            )
    person = data.get("person")
    if isinstance(person, bool | list | dict):  # `person: no` was filed under the default name
        message = f"expected the person's name, got {value_words(person)}"
        problems.append(located.problem(("person",), message))
    given = data.get("date")
    day = _day(given)
    if given is not None and day is None:
        message = f"'{given}' is not a day; write the date the answers were given, e.g. 2026-02-14"
        problems.append(located.problem(("date",), message))
    elif day is not None and day > date.today():
        problems.append(located.problem(("date",), f"{day} is in the future"))
    named = data.get("questionnaire")
    if named is not None and not isinstance(named, str):
        message = f"expected the id of a questionnaire, got {value_words(named)}"
        problems.append(located.problem(("questionnaire",), message))
    elif named is not None and named != questionnaire.id:
        message = f"these answers are for '{named}', but the questionnaire is '{questionnaire.id}'"
        problems.append(located.problem(("questionnaire",), message))
    return problems


def load_answers(
    path: Path,
    questionnaire: Questionnaire,
    *,
    quick: bool = False,
    actions: Collection[str] | None = None,
) -> AnswersFile:
    """Read an answers file or raise a ContentError listing every problem.

    `quick`, for batches (`coach rules impact`): a small plain file is first read without marks
    (`yamlio.quick_load`: the same data) and checked as here; a file it cannot read, or with any
    problem, is read again by `read_answers`, which locates every problem. The file's `path` is
    then as given (not `display_path`, 46 us a file).
    """
    if quick:
        located = quick_load(path, depth=3)  # a mapping of answers in a mapping: lists of options
        if located is not None:
            found, problems = _answers_in(located, questionnaire, actions)
            if found is not None:
                return found
    answers_file, problems = read_answers(path, questionnaire, actions)
    if answers_file is None:
        raise ContentError(problems)
    return answers_file
