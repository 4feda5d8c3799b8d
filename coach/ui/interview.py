"""The interactive questionnaire: follow-ups, sections, progress, help, review; a save per step.

The runner only shows things and passes what the person did to the `Session`; every prompt goes
through one `ask` function (the questionary adapter, or the same adapter on a pipe in tests).
After every step the session's draft is saved, before the next prompt appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from coach.model.answers import Answers, AnswerValue, InvalidAnswer, display
from coach.model.questionnaire import Question, Section
from coach.session.drafts import DraftSink
from coach.session.followthrough import CheckIn
from coach.session.state import Progress, Session
from coach.ui.followups import FollowupRound, status_line
from coach.ui.prompts import (
    BACK_KEY,
    Choice,
    Nav,
    PromptSpec,
    answer_line,
    clip,
    last_time,
    prompt_spec,
    range_hint,
)
from coach.ui.welcome import say

Ask = Callable[[PromptSpec], Any]

SUBMIT, MISSING, CHANGE, LAST, LATER = "submit", "missing", "change", "last", "later"


def section_header(console: Console, section: Section, number: int, total: int) -> None:
    """A rule with the section's title, then its introduction."""
    say(console)
    title = Text.assemble((section.title, "heading"), (f"  ({number} of {total})", "muted"))
    say(console, Rule(title, align="left"))
    if section.intro:
        say(console, Text(" ".join(section.intro.split()), style="muted"))


def progress_bar(progress: Progress, width: int) -> Text:
    """`Question n of m` and a bar of the share done; plain characters, so NO_COLOR reads too.

    Changing an answer from the review, it says so instead: the bar stood at 100% beside
    "Question 11 of 53", which read as the last question.
    """
    if progress.changing:
        label = f"Changing your answer to question {progress.number} of {progress.total}"
        return Text.assemble((label, "bold"), "  ", ("then back to the review", "muted"))
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


def followup_label(index: int) -> str:
    """How the review numbers a follow-up: a, b, c (questions have numbers)."""
    return chr(ord("a") + index) if index < 26 else f"z{index - 25}"


def review_table(session: Session, width: int, followups: CheckIn | None = None) -> Table:
    """Every follow-up and every asked question with its answer, grouped by section."""
    table = Table(title="Review your answers", title_justify="left", expand=True, show_edge=False)
    table.add_column("#", justify="right", style="muted", no_wrap=True)
    table.add_column("Question", ratio=3, no_wrap=True, overflow="ellipsis")
    table.add_column("Answer", ratio=2, overflow="fold")
    if followups is not None and followups.items:
        table.add_row("", Text("Your plan", style="heading"), "")
        for index, item in enumerate(followups.items):
            given = followups.answered.get(item.id)
            table.add_row(followup_label(index), clip(item.title, width), status_line(given))
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


@dataclass(frozen=True)
class FollowupPick:
    """A follow-up picked on the review, by its index in the session's follow-ups."""

    index: int


def change_spec(session: Session, followups: int = 0) -> PromptSpec:
    """Which answer to change: typed as its number (a follow-up: its letter) in the review table.

    A list of fifty questions is taller than most terminals; the table is already on screen,
    so a number is quicker and works at any height.
    """
    refs = [q.ref for q in session.asked]
    letters = {followup_label(i): i for i in range(followups)}
    last = followup_label(followups - 1)
    span = f"1-{len(refs)}" + (f", or its letter, a-{last}" if letters else "")
    wanted = f"a number from 1 to {len(refs)}"
    wanted += f" or a letter from a to {last}" if letters else ""

    def parse(text: str) -> Any:
        typed = text.strip().lower()
        if typed in (BACK_KEY, ""):
            return Nav.BACK
        if typed in letters:
            return FollowupPick(letters[typed])
        if not typed.isdigit() or not 1 <= int(typed) <= len(refs):
            raise InvalidAnswer(f"Type {wanted}, or {BACK_KEY} to go back")
        return refs[int(typed) - 1]

    return PromptSpec(
        kind="text",
        message="Which answer do you want to change?",
        instruction=f"(its number, {span} · {BACK_KEY} or Enter alone: back to the review)",
        parse=parse,
    )


@dataclass
class Interview:
    """Runs a session in the terminal until the person submits or stops.

    With `followups`, the commitments of earlier plans are asked first (and reached again by
    going back from the first question, or from the review); `previous` holds last time's
    answers, offered as defaults (`from_job` names those a recorded job gives instead) except
    for questions marked `remember: false`, where last time's answer is only mentioned.
    """

    session: Session
    console: Console
    sink: DraftSink
    ask: Ask
    followups: FollowupRound | None = None
    previous: Answers = field(default_factory=dict)
    from_job: frozenset[str] = frozenset()  # refs whose default comes from `coach job`
    _section: str | None = field(default=None, init=False)

    def run(self) -> Answers | None:
        """The answers to assess, or None when the person chose to finish later."""
        if self.followups is not None:
            self.followups.start()
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
        earlier = last_time(question, self.previous.get(question.ref))
        if earlier is not None and question.ref in self.from_job:
            earlier = earlier.replace("last time:", "from your job (coach job):", 1)
        elif earlier is not None and not question.remember:
            earlier += " (not filled in: this answer changes on its own)"
        if earlier is not None:
            self.console.print(Text(earlier, style="muted"))

    def _default(self, question: Question) -> AnswerValue | None:
        """Last time's answer offered as the default (a recorded job's, whatever `remember`)."""
        if question.remember or question.ref in self.from_job:
            return self.previous.get(question.ref)
        return None

    def _back_to_followups(self) -> bool:
        """Whether `<` on this question leads back into the follow-ups (the first question)."""
        return (
            self.followups is not None and self.followups.count > 0 and not self.session.can_go_back
        )

    def _ask_question(self, question: Question) -> None:
        self._show_position(question)
        spec = prompt_spec(
            question,
            self.session.value(question.ref),
            can_back=self.session.can_go_back or self._back_to_followups(),
            back_to="review" if self.session.reviewing else "previous",
            skipped=self.session.is_skipped(question.ref),
            previous=self._default(question),
        )
        result = self.ask(spec)
        while result is Nav.HELP:
            show_help(self.console, question)
            result = self.ask(spec)
        if result is Nav.BACK and self._back_to_followups():
            assert self.followups is not None
            self.followups.back_into()
            self._section = None  # the section header again, after the follow-ups
        elif result is Nav.BACK:
            self.session.back()
        elif result is Nav.SKIP:
            self.session.skip()
        else:
            self.session.answer(result)
            if question.type == "multi" and len(result) != 1:
                # The tick list's own record says only "done (2 selections)".
                shown = display(question, self.session.value(question.ref))
                self.console.print(Padding(Text(f"✓ {shown}", style="muted"), (0, 0, 0, 2)))
        self._save()

    def _review(self) -> str:
        self._section = None
        rounds = self.followups
        self.console.print()
        table = review_table(self.session, self.console.width, rounds.state if rounds else None)
        self.console.print(table)
        self.console.print()
        choice = self.ask(review_spec(self.session))
        if choice == MISSING:
            self.session.edit(self.session.missing()[0].ref)
        elif choice == CHANGE:
            picked = self.ask(change_spec(self.session, rounds.count if rounds else 0))
            if isinstance(picked, FollowupPick) and rounds is not None:
                rounds.edit(picked.index)
            elif picked is not Nav.BACK:
                self.session.edit(picked)
        elif choice == LAST:
            self.session.back()
        if choice != SUBMIT:
            self._save()
        return str(choice)
