"""The pure question -> prompt spec function, and how typed or ticked answers are read."""

from __future__ import annotations

from pathlib import Path

import pytest
from interview_helpers import interview_questionnaire

from coach.content.bundle import load_content
from coach.model.answers import InvalidAnswer
from coach.model.questionnaire import Questionnaire
from coach.ui.prompts import (
    BACK_TITLES,
    HELP_TITLE,
    SKIP_TITLE,
    Choice,
    Nav,
    Separator,
    last_time,
    parse_ticks,
    parse_typed,
    prompt_spec,
    wrap_message,
)


@pytest.fixture
def questionnaire(tmp_path: Path) -> Questionnaire:
    return interview_questionnaire(tmp_path)


def titles(choices: tuple[Choice | Separator, ...]) -> list[str]:
    return [c.title for c in choices if isinstance(c, Choice)]


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("workload.hours_per_week", "text"),
        ("workload.on_call", "select"),
        ("workload.paged", "select"),
        ("workload.work", "checkbox"),
        ("about.level", "select"),
        ("about.win", "text"),
        ("about.avoid", "checkbox"),
    ],
)
def test_each_type_gets_its_prompt(questionnaire: Questionnaire, ref: str, kind: str) -> None:
    spec = prompt_spec(questionnaire.questions[ref])
    assert spec.kind == kind
    assert spec.message == questionnaire.questions[ref].text


def test_single_lists_options_then_help_and_back(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["about.level"], "senior")
    assert titles(spec.choices) == ["Junior", "Senior", HELP_TITLE, BACK_TITLES["previous"]]
    assert spec.default == "senior"
    assert ("?", Nav.HELP) in spec.keys
    assert ("<", Nav.BACK) in spec.keys


def test_first_question_has_no_back(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["about.level"], can_back=False)
    assert BACK_TITLES["previous"] not in titles(spec.choices)
    assert "<" not in dict(spec.keys)
    assert "back" not in spec.instruction


def test_back_from_a_question_opened_on_the_review(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["about.level"], back_to="review")
    assert BACK_TITLES["review"] in titles(spec.choices)


def test_scale_is_labelled_and_digits_answer(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["workload.paged"], 4)
    assert titles(spec.choices)[:5] == ["1  Never", "2", "3", "4", "5  Always"]
    assert spec.default == 4
    assert dict(spec.keys)["5"] == 5


def test_boolean_is_yes_no_with_y_and_n(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["workload.on_call"], False)
    assert titles(spec.choices)[:2] == ["Yes", "No"]
    assert dict(spec.keys)["y"] is True
    assert dict(spec.keys)["n"] is False
    assert spec.default is False


def test_multi_ticks_current_answer(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["workload.work"], ("reviews",))
    checked = [c.value for c in spec.choices if isinstance(c, Choice) and c.checked]
    assert checked == ["reviews"]
    assert SKIP_TITLE not in titles(spec.choices)  # required


def test_optional_questions_offer_skip(questionnaire: Questionnaire) -> None:
    avoid = prompt_spec(questionnaire.questions["about.avoid"], skipped=True)
    skip = [c for c in avoid.choices if isinstance(c, Choice) and c.value is Nav.SKIP]
    assert skip == [Choice(SKIP_TITLE, Nav.SKIP, True)]
    win = prompt_spec(questionnaire.questions["about.win"])
    assert "Enter alone skips" in win.instruction


def test_number_shows_range_and_unit_and_prefills(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["workload.hours_per_week"], 45)
    assert "0-120 hours" in spec.instruction
    assert spec.default == "45"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("45", 45), (" 37.5 ", 37.5), ("?", Nav.HELP), ("<", Nav.BACK)],
)
def test_typed_numbers(questionnaire: Questionnaire, typed: str, expected: object) -> None:
    question = questionnaire.questions["workload.hours_per_week"]
    assert parse_typed(question, typed, can_back=True) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "'lots' is not a number: give one number"),
        ("130", "130 is above the maximum of 120 hours"),
        ("", "Please answer (type ? for help)"),
    ],
)
def test_typed_number_errors_use_normalize(
    questionnaire: Questionnaire, typed: str, message: str
) -> None:
    question = questionnaire.questions["workload.hours_per_week"]
    with pytest.raises(InvalidAnswer) as raised:
        parse_typed(question, typed, can_back=True)
    assert str(raised.value) == message


def test_back_key_is_an_answer_where_there_is_no_back(questionnaire: Questionnaire) -> None:
    question = questionnaire.questions["about.win"]
    assert parse_typed(question, "<", can_back=False) == "<"
    assert parse_typed(question, "", can_back=False) is Nav.SKIP


def test_nothing_ticked_is_refused_where_the_list_says_none_itself() -> None:
    glue = load_content().questionnaire.questions["recognition.glue_work"]
    with pytest.raises(InvalidAnswer) as refused:
        parse_ticks(glue, [])
    assert str(refused.value) == (
        "Nothing is ticked: Space ticks what applies, or 'None of these regularly', then Enter"
    )
    assert parse_ticks(glue, ["none"]) == ("none",)


def test_ticks(questionnaire: Questionnaire) -> None:
    question = questionnaire.questions["about.avoid"]
    assert parse_ticks(question, ["email", "meetings"]) == ("meetings", "email")
    assert parse_ticks(question, []) == ()  # no "none" option: nothing ticked is an answer
    assert parse_ticks(question, [Nav.SKIP]) is Nav.SKIP
    with pytest.raises(InvalidAnswer, match="Untick the others"):
        parse_ticks(question, ["email", Nav.SKIP])


def test_long_questions_wrap_on_words() -> None:
    text = "In a typical week over the last three months, how many hours did you work?"
    wrapped = wrap_message(text, "(0-120 hours · ? help)", 40)
    lines = wrapped.split("\n")
    assert all(len(line) <= 37 for line in lines)
    assert " ".join(w for line in lines for w in line.split()) == text


def test_typed_prompts_take_help_and_back_keys(questionnaire: Questionnaire) -> None:
    number = prompt_spec(questionnaire.questions["workload.hours_per_week"], 45)
    assert dict(number.keys) == {"?": Nav.HELP, "<": Nav.BACK}
    assert not number.keys_need_empty  # a number never contains them
    text = prompt_spec(questionnaire.questions["about.win"])
    assert text.keys_need_empty  # a written answer may start with '?'


@pytest.mark.parametrize(
    ("ref", "previous", "default"),
    [
        ("workload.hours_per_week", 52, "52"),
        ("workload.on_call", True, True),
        ("workload.paged", 4, 4),
        ("about.level", "senior", "senior"),
    ],
)
def test_last_time_is_the_default_when_there_is_no_answer_yet(
    questionnaire: Questionnaire, ref: str, previous: object, default: object
) -> None:
    question = questionnaire.questions[ref]
    assert prompt_spec(question, previous=previous).default == default  # type: ignore[arg-type]


def test_last_time_ticks_a_tick_list(questionnaire: Questionnaire) -> None:
    spec = prompt_spec(questionnaire.questions["workload.work"], previous=("reviews",))
    assert [c.title for c in spec.choices if isinstance(c, Choice) and c.checked] == ["Reviews"]


def test_an_answer_or_a_skip_in_this_session_wins_over_last_time(
    questionnaire: Questionnaire,
) -> None:
    hours = questionnaire.questions["workload.hours_per_week"]
    assert prompt_spec(hours, 40, previous=52).default == "40"
    avoid = questionnaire.questions["about.avoid"]
    spec = prompt_spec(avoid, None, skipped=True, previous=("email",))
    assert [c.title for c in spec.choices if isinstance(c, Choice) and c.checked] == [SKIP_TITLE]


def test_written_answers_are_not_offered_again(questionnaire: Questionnaire) -> None:
    win = questionnaire.questions["about.win"]
    assert prompt_spec(win, previous="Shipped the migration").default == ""
    assert last_time(win, "Shipped the migration") is None


def test_last_time_line_reads_like_the_review(questionnaire: Questionnaire) -> None:
    assert last_time(questionnaire.questions["workload.hours_per_week"], 52) == (
        "last time: 52 hours"
    )
    assert last_time(questionnaire.questions["workload.paged"], 5) == "last time: 5 (Always)"
    assert last_time(questionnaire.questions["workload.on_call"], None) is None


def test_a_long_tick_list_last_time_is_counted(questionnaire: Questionnaire) -> None:
    work = questionnaire.questions["workload.work"]
    assert last_time(work, ("mentoring",)) == "last time: Mentoring"
    wide = work.model_copy(
        update={
            "options": tuple(
                o.model_copy(update={"label": o.label * 20}) for o in work.options or ()
            )
        }
    )
    assert last_time(wide, ("mentoring", "reviews")) == "last time: 2 of these ticked"
