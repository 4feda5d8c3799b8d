"""Follow-ups in the terminal: what became of each commitment, asked before the first question.

`status_spec` and `note_spec` turn a commitment into prompt specs (pure). `FollowupRound` walks
them, two steps per commitment (status, then an optional note), going back like everywhere
else in the session, and records every answer through the sink the moment it is given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from coach.model.answers import InvalidAnswer
from coach.model.plan import MAX_NOTE, STATUS_WORDS
from coach.session.followthrough import Answered, CheckIn, HistorySink
from coach.ui.prompts import (
    BACK_KEY,
    HELP_KEY,
    Choice,
    Nav,
    PromptSpec,
    nav_choices,
    nav_instruction,
    nav_keys,
)
from coach.ui.welcome import say

if TYPE_CHECKING:
    from coach.store.records import Commitment

Ask = Callable[[PromptSpec], Any]

OWNER_TO_YOU = {"engineer": "you", "coach": "your coach", "manager": "your manager"}
HEADING = "Follow-through"


def owner_to_you(item: Commitment) -> str:
    """Who owns a commitment, as the engineer reads it: 'you', 'Dana, your manager'."""
    role = OWNER_TO_YOU.get(item.owner)
    if item.owner_name and role:
        return f"{item.owner_name}, {role}"
    return role or item.owner_name or "someone else"


def context_line(item: Commitment) -> str:
    """When it was committed, who owns it and when it is due."""
    return f"committed in {item.quarter}; owner: {owner_to_you(item)}; due {item.due:%d %b %Y}"


def earlier_line(item: Commitment) -> str | None:
    """What an earlier follow-up said, e.g. 'last time: partly done · drafted, never shared'."""
    if item.status == "not_started" and not item.note:
        return None
    return "last time: " + status_line(Answered(item.status, item.note))


def status_line(answered: Answered | None) -> str:
    """A follow-up as the review lists it."""
    if answered is None:
        return "not answered yet"
    words = STATUS_WORDS.get(answered.status, answered.status)
    return f"{words} · {answered.note}" if answered.note else words


def status_spec(
    item: Commitment,
    answered: Answered | None,
    *,
    can_back: bool,
    back_to: str = "previous",
) -> PromptSpec:
    """What became of `item`: done, partly, not started or dropped.

    The default is the answer given in this session, else the plan's own status (not started,
    or partly done last time), as a coach's review does.
    """
    statuses = [Choice(words.capitalize(), status) for status, words in STATUS_WORDS.items()]
    return PromptSpec(
        kind="select",
        message=f"What became of: {item.title} ({context_line(item)})?",
        instruction=f"(arrows, then Enter · {nav_instruction(can_back)})",
        choices=(*statuses, *nav_choices(can_back, back_to, can_skip=False)),
        default=answered.status if answered else item.status,
        keys=tuple(nav_keys(can_back)),
    )


def parse_note(text: str) -> Any:
    """Typed text -> the note, None (Enter alone: no note), Nav.HELP or Nav.BACK."""
    typed = text.strip()
    if typed == HELP_KEY:
        return Nav.HELP
    if typed == BACK_KEY:
        return Nav.BACK
    if len(typed) > MAX_NOTE:
        raise InvalidAnswer(f"Please keep the note under {MAX_NOTE} characters")
    return typed or None


def note_spec(answered: Answered | None) -> PromptSpec:
    """An optional note on the follow-up just given (the one given before, when going back)."""
    return PromptSpec(
        kind="text",
        message="Anything to note about it?",
        instruction=f"({nav_instruction(True)} · Enter alone skips)",
        default=(answered.note if answered else None) or "",
        keys=tuple(nav_keys(True)),
        keys_need_empty=True,
        parse=parse_note,
    )


def show_followup_help(console: Console, item: Commitment) -> None:
    """What the four answers mean, the item's success check, and who reads the answer."""
    body = Text()
    body.append(f"{item.title}\n", style="bold")
    body.append(f"Success check: {item.success_check}\n\n")
    body.append(
        "Done: the success check is met. Partly done: started, not finished. Not started: "
        "nothing yet. Dropped: you decided it no longer makes sense.\n\n"
        "Your answer is kept with the plan and your coach sees it at the next review. The "
        "diagnosis reads it too: an action promised again and again but never started says "
        "something of its own.",
        style="",
    )
    say(console, Panel(body, title="Help", title_align="left", border_style="cyan"))


@dataclass
class FollowupRound:
    """The follow-ups of one session: asked first, reached again by going back or from the review.

    Steps are numbered: 2k is the status of commitment k, 2k+1 its note.
    """

    state: CheckIn
    sink: HistorySink
    console: Console
    ask: Ask
    _shown: int | None = field(default=None, init=False)

    @property
    def count(self) -> int:
        """How many commitments this session asks about."""
        return len(self.state.items)

    def start(self) -> None:
        """Ask the commitments not answered yet, from the first of them, after a heading."""
        first = self.state.first_open()
        if first is None:
            return
        self._heading()
        self._walk(2 * first, floor=0, leave_back=False)

    def back_into(self) -> None:
        """Back from the first question: the last note, and on back as far as wanted."""
        self._heading()
        self._walk(2 * self.count - 1, floor=0, leave_back=False)

    def edit(self, index: int) -> None:
        """One commitment again, from the review; back from its status returns to the review."""
        self._walk(2 * index, floor=2 * index, leave_back=True, end=2 * index + 2)

    def _heading(self) -> None:
        say(self.console)
        say(self.console, Rule(Text(HEADING, style="heading"), align="left"))
        say(
            self.console,
            Text(
                "Before the questions: what became of the actions you committed to? Your "
                "answers are kept with your plan, your coach sees them, and the diagnosis "
                "reads them.",
                style="muted",
            ),
        )

    def _walk(self, cursor: int, *, floor: int, leave_back: bool, end: int | None = None) -> None:
        stop = 2 * self.count if end is None else end
        while cursor < stop:
            can_back = cursor > floor or leave_back
            moved = self._step(cursor, can_back, back_to="review" if leave_back else "previous")
            if moved < 0 and cursor == floor:
                return
            cursor += moved

    def _step(self, cursor: int, can_back: bool, back_to: str) -> int:
        """Ask one step; +1 to move on, -1 to go back."""
        item = self.state.items[cursor // 2]
        answered = self.state.answered.get(item.id)
        number = f"Commitment {cursor // 2 + 1} of {self.count}"
        if cursor % 2 == 0:
            self.console.print()
            self.console.print(Text(number, style="bold"))
            earlier = None if item.id in self.state.resumed else earlier_line(item)
            if item.id in self.state.carried:
                earlier = "before you started over: " + status_line(self.state.carried[item.id])
            if earlier is not None:
                self.console.print(Text(earlier, style="muted"))
            spec = status_spec(item, answered, can_back=can_back, back_to=back_to)
        else:
            if self._shown != cursor - 1:  # come back to the note: say which commitment
                self.console.print()
                self.console.print(Text.assemble((number, "bold"), (f": {item.title}", "muted")))
            spec = note_spec(answered)
        self._shown = cursor
        result = self.ask(spec)
        while result is Nav.HELP:
            show_followup_help(self.console, item)
            result = self.ask(spec)
        if result is Nav.BACK:
            return -1
        if cursor % 2 == 0:
            kept = answered or self.state.carried.get(item.id)  # a note is never dropped
            self.sink.record_followup(item.id, str(result), kept.note if kept else None)
        elif answered is not None and result != answered.note:
            self.sink.record_followup(item.id, answered.status, result)
        return 1
