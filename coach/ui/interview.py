"""The interactive questionnaire: welcome, sections, progress, help, review; a save per step.

The runner only shows things and passes what the person did to the `Session`; every prompt goes
through one `ask` function (the questionary adapter, or the same adapter on a pipe in tests).
After every step the session's draft is saved, before the next prompt appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from coach.drafts import DraftSink
from coach.engine.facts import asked_questions
from coach.model.answers import Answers, InvalidAnswer, display
from coach.model.questionnaire import Question, Questionnaire, Section
from coach.ui.prompts import (
    BACK_KEY,
    HELP_KEY,
    Choice,
    Nav,
    PromptSpec,
    answer_line,
    clip,
    prompt_spec,
    range_hint,
)
from coach.ui.session import Progress, Session

Ask = Callable[[PromptSpec], Any]

SUBMIT, MISSING, CHANGE, LAST, LATER = "submit", "missing", "change", "last", "later"
READING_WIDTH = 100


def say(console: Console, *renderables: Any) -> None:
    """Print prose at a comfortable reading width, even on a wide terminal."""
    console.print(*renderables, width=min(console.width, READING_WIDTH))


def question_count(questionnaire: Questionnaire) -> str:
    """How many questions, in words: a range when skip logic may add some."""
    least = len(asked_questions(questionnaire, {}))
    most = len(questionnaire.questions)
    return f"{most} questions" if least == most else f"{least} to {most} questions"


def welcome(console: Console, questionnaire: Questionnaire, where: str) -> None:
    """What the questionnaire asks, how long it takes, and that nothing leaves the machine."""
    say(console)
    say(console, Rule(Text(questionnaire.title, style="heading"), align="left"))
    if questionnaire.description:
        say(console, Padding(Text(" ".join(questionnaire.description.split())), (1, 0, 0, 0)))
    minutes = f", about {questionnaire.minutes} minutes" if questionnaire.minutes else ""
    sections = len(questionnaire.sections)
    say(console)
    say(console, f"{question_count(questionnaire)} in {sections} sections{minutes}.")
    say(
        console,
        "Your answers stay on this computer: nothing is sent anywhere. Each answer is saved the "
        f"moment you give it, in {where}, so you can stop at any time with Ctrl-C and carry on "
        "later with `coach assess --resume`.",
    )
    say(console, Text(keys_line(), style="muted"))
    say(console)


def keys_line() -> str:
    """The keys, in one line."""
    return (
        f"Keys: arrows and Enter choose · Space ticks · {HELP_KEY} help · {BACK_KEY} back · "
        "Ctrl-C stops (answers are kept)"
    )


def welcome_back(console: Console, session: Session, dropped: list[str]) -> None:
    """Where a resumed session picks up, and any answers a changed questionnaire dropped."""
    progress = session.progress()
    say(console)
    say(console, Rule(Text(session.questionnaire.title, style="heading"), align="left"))
    where = "at the review" if session.current is None else f"at question {progress.number}"
    say(
        console,
        f"Welcome back. {progress.answered} of {progress.total} questions are done; "
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


def section_header(console: Console, section: Section, number: int, total: int) -> None:
    """A rule with the section's title, then its introduction."""
    say(console)
    title = Text.assemble((section.title, "heading"), (f"  ({number} of {total})", "muted"))
    say(console, Rule(title, align="left"))
    if section.intro:
        say(console, Text(" ".join(section.intro.split()), style="muted"))


def progress_bar(progress: Progress, width: int) -> Text:
    """`Question n of m` and a bar of the share done; plain characters, so NO_COLOR reads too."""
    label = f"Question {progress.number} of {progress.total}"
    percent = f"{round(progress.fraction * 100):>3}%"
    size = max(min(30, width - len(label) - len(percent) - 4), 5)
    filled = round(progress.fraction * size)
    return Text.assemble(
        (label, "bold"),
        "  ",
        ("━" * filled, "green"),
        ("─" * (size - filled), "muted"),
        "  ",
        (percent, "muted"),
    )


def show_help(console: Console, question: Question) -> None:
    """The question's help text, with what kind of answer it takes."""
    body = Text(" ".join(question.help.split()))
    if question.type == "number":
        body.append(f"\n\nAnswer with a number: {range_hint(question)}.", style="muted")
    if question.type == "multi":
        body.append("\n\nTick every answer that applies with Space, then press Enter.", "muted")
    if not question.required:
        body.append("\nYou may skip this question.", style="muted")
    say(console, Panel(body, title="Help", title_align="left", border_style="cyan"))


def review_table(session: Session, width: int) -> Table:
    """Every asked question with its answer, grouped by section."""
    table = Table(title="Review your answers", title_justify="left", expand=True, show_edge=False)
    table.add_column("#", justify="right", style="muted", no_wrap=True)
    table.add_column("Question", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("Answer", ratio=2, overflow="fold")
    shown: str | None = None
    for number, question in enumerate(session.asked, start=1):
        section = session.questionnaire.section_of(question.ref)
        if section.id != shown:
            table.add_row("", Text(section.title, style="heading"), "")
            shown = section.id
        table.add_row(str(number), clip(question.text, width), _answer_text(session, question))
    return table


def _answer_text(session: Session, question: Question) -> Text:
    ref = question.ref
    if ref not in session.answers and not session.is_skipped(ref):
        return Text("not answered yet", style="sev.high" if question.required else "muted")
    skipped = session.is_skipped(ref)
    return Text(
        answer_line(question, session.value(ref), skipped), style="muted" if skipped else ""
    )


def review_spec(session: Session) -> PromptSpec:
    """What to do at the review: submit (or answer what is missing), change, go back, stop."""
    missing = session.missing()
    first: Choice = (
        Choice(f"Answer the {len(missing)} missing question(s)", MISSING)
        if missing
        else Choice("Submit my answers and see the report", SUBMIT)
    )
    return PromptSpec(
        kind="select",
        message="Everything as you want it?",
        instruction="(arrows, then Enter)",
        choices=(
            first,
            Choice("Change an answer", CHANGE),
            Choice(f"{BACK_KEY} Back to the last question", LAST),
            Choice("Stop here and finish later", LATER),
        ),
        keys=((BACK_KEY, LAST),),
    )


def change_spec(session: Session) -> PromptSpec:
    """Which answer to change: typed as its number in the review table.

    A list of fifty questions is taller than most terminals; the table is already on screen,
    so a number is quicker and works at any height.
    """
    refs = [q.ref for q in session.asked]

    def parse(text: str) -> Any:
        typed = text.strip()
        if typed in (BACK_KEY, ""):
            return Nav.BACK
        if not typed.isdigit() or not 1 <= int(typed) <= len(refs):
            raise InvalidAnswer(f"Type a number from 1 to {len(refs)}, or {BACK_KEY} to go back")
        return refs[int(typed) - 1]

    return PromptSpec(
        kind="text",
        message="Which answer do you want to change?",
        instruction=f"(its number, 1-{len(refs)} · {BACK_KEY} or Enter alone: back to the review)",
        parse=parse,
    )


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


@dataclass
class Interview:
    """Runs a session in the terminal until the person submits or stops."""

    session: Session
    console: Console
    sink: DraftSink
    ask: Ask
    _section: str | None = field(default=None, init=False)

    def run(self) -> Answers | None:
        """The answers to assess, or None when the person chose to finish later."""
        while True:
            question = self.session.current
            if question is not None:
                self._ask_question(question)
                continue
            outcome = self._review()
            if outcome == SUBMIT:
                return self.session.result()
            if outcome == LATER:
                return None

    def _save(self) -> None:
        self.sink.save(self.session.draft())

    def _show_position(self, question: Question) -> None:
        section = self.session.questionnaire.section_of(question.ref)
        if section.id != self._section:
            order = list(dict.fromkeys(q.ref.split(".")[0] for q in self.session.asked))
            section_header(self.console, section, order.index(section.id) + 1, len(order))
            self._section = section.id
        self.console.print()
        self.console.print(progress_bar(self.session.progress(), self.console.width))

    def _ask_question(self, question: Question) -> None:
        self._show_position(question)
        spec = prompt_spec(
            question,
            self.session.value(question.ref),
            can_back=self.session.can_go_back,
            back_to="review" if self.session.reviewing else "previous",
            skipped=self.session.is_skipped(question.ref),
        )
        result = self.ask(spec)
        while result is Nav.HELP:
            show_help(self.console, question)
            result = self.ask(spec)
        if result is Nav.BACK:
            self.session.back()
        elif result is Nav.SKIP:
            self.session.skip()
        else:
            self.session.answer(result)
            if question.type == "multi" and len(result) != 1:
                # The tick list's own record says only "done (2 selections)".
                shown = display(question, self.session.value(question.ref))
                self.console.print(Text(f"  ✓ {shown}", style="muted"))
        self._save()

    def _review(self) -> str:
        self._section = None
        self.console.print()
        self.console.print(review_table(self.session, self.console.width))
        self.console.print()
        choice = self.ask(review_spec(self.session))
        if choice == MISSING:
            self.session.edit(self.session.missing()[0].ref)
        elif choice == CHANGE:
            picked = self.ask(change_spec(self.session))
            if picked is not Nav.BACK:
                self.session.edit(picked)
        elif choice == LAST:
            self.session.back()
        if choice != SUBMIT:
            self._save()
        return str(choice)
