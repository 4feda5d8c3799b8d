"""The start of a session: the welcome, resuming a draft, and `Ready?`.

What the person reads before the first question: what the questionnaire asks and how long it
takes, where answers are kept, the keys; or, when a draft is waiting, where it picks up.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from coach.engine.facts import asked_questions
from coach.model.questionnaire import Questionnaire
from coach.session.state import Session
from coach.ui.prompts import BACK_KEY, HELP_KEY, Choice, PromptSpec

READING_WIDTH = 100


def say(console: Console, *renderables: Any) -> None:
    """Print prose at a comfortable reading width, even on a wide terminal."""
    console.print(*renderables, width=min(console.width, READING_WIDTH))


def question_count(questionnaire: Questionnaire) -> str:
    """How many questions, in words: a range when skip logic may add some."""
    least = len(asked_questions(questionnaire, {}))
    most = len(questionnaire.questions)
    return f"{most} questions" if least == most else f"{least} to {most} questions"


def welcome(
    console: Console,
    questionnaire: Questionnaire,
    where: str,
    *,
    followups: int = 0,
    plans: Sequence[str] = (),
    defaults: bool = False,
    habits: Sequence[str] = (),
) -> None:
    """What the questionnaire asks, how long it takes, and that nothing leaves the machine.

    With `followups` (from the plans of the quarters `plans`), that those actions come first;
    with `defaults`, that last time's answers are pre-selected; `habits` are lines about the
    brag document and the job (`coach brag`, `coach job`).
    """
    say(console)
    say(console, Rule(Text(questionnaire.title, style="heading"), align="left"))
    if questionnaire.description:
        say(console, Padding(Text(" ".join(questionnaire.description.split())), (1, 0, 0, 0)))
    minutes = f", about {questionnaire.minutes} minutes" if questionnaire.minutes else ""
    sections = len(questionnaire.sections)
    say(console)
    say(console, f"{question_count(questionnaire)} in {sections} sections{minutes}.")
    if followups:
        actions = "action" if followups == 1 else f"{followups} actions"
        say(console, f"First, what became of the {actions} you committed to in {_plans(plans)}.")
    for line in habits:
        say(console, line)
    if defaults:
        say(console, "Your answers from last time are pre-selected: Enter keeps one.")
    say(
        console,
        "Your answers stay on this computer: nothing is sent anywhere. Each answer is saved the "
        f"moment you give it, in {where}, so you can stop at any time with Ctrl-C and carry on "
        "later with `coach assess --resume`.",
    )
    say(console, Text(keys_line(), style="muted"))
    say(console)


def _plans(quarters: Sequence[str]) -> str:
    if len(quarters) <= 1:
        return f"your plan of {quarters[0]}" if quarters else "your plan"
    return f"your plans of {', '.join(quarters[:-1])} and {quarters[-1]}"


def keys_line() -> str:
    """The keys, in one line."""
    return (
        f"Keys: arrows and Enter choose · Space ticks · {HELP_KEY} help · {BACK_KEY} back · "
        "Ctrl-C stops (answers are kept)"
    )


def welcome_back(console: Console, session: Session, dropped: list[str], followed: int = 0) -> None:
    """Where a resumed session picks up, and any answers a changed questionnaire dropped.

    `followed` counts the follow-ups already recorded in this draft (not asked again).
    """
    progress = session.progress()
    say(console)
    say(console, Rule(Text(session.questionnaire.title, style="heading"), align="left"))
    where = "at the review" if session.current is None else f"at question {progress.number}"
    also = f" (and {followed} follow-up{'s' if followed > 1 else ''})" if followed else ""
    say(
        console,
        f"Welcome back. {progress.answered} of {progress.total} questions are done{also}; "
        f"carrying on {where}.",
    )
    if dropped:
        say(
            console,
            Text(
                "The questionnaire has changed since you started; these answers no longer fit "
                f"and were dropped: {', '.join(dropped)}.",
                style="notice",
            ),
        )
    say(console, Text(keys_line(), style="muted"))


def local_time(stamp: str) -> str:
    """An ISO time as the person reads it: their own time zone, to the minute."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone().strftime("%d %b %Y, %H:%M")


def resume_spec(session: Session, started: str) -> PromptSpec:
    """On a plain `coach assess` with a draft waiting: carry on, or start over."""
    progress = session.progress()
    return PromptSpec(
        kind="select",
        message=(
            f"You have an unfinished {session.questionnaire.title} from {local_time(started)}: "
            f"{progress.answered} of {progress.total} questions done."
        ),
        instruction="(arrows, then Enter)",
        choices=(
            Choice("Carry on where I stopped", True),
            Choice("Start over (the unfinished answers are deleted)", False),
        ),
    )


def start_spec() -> PromptSpec:
    """After the welcome: a moment to read it before the first question."""
    return PromptSpec(
        kind="select",
        message="Ready?",
        instruction="(Enter starts)",
        choices=(Choice("Start", True), Choice("Not now", False)),
    )
