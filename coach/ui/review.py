"""The review in the terminal: the flow's question specs as prompts, its events as rich panels.

`to_prompt` turns a review question (`Pick` / `Typed`) into the questionnaire's `PromptSpec`, so
the one questionary adapter (`coach.ui.prompts.ask`, with `unsafe_ask`: Ctrl-C reaches the CLI's
handler, exit 130) asks every question coach asks. `TerminalReview.show` draws what the flow
wants shown: a diagnosis with its evidence, a suggested action, the plan so far.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from coach.model.plan import Review
from coach.review.flow import (
    Event,
    Pick,
    ShowAction,
    ShowDiagnosis,
    ShowPlan,
    ShowText,
    Spec,
)
from coach.review.printed import day_text, owner_words
from coach.ui.prompts import Choice, PromptSpec, ask
from coach.ui.report import HORIZONS, diagnosis_panel

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output


def to_prompt(spec: Spec) -> PromptSpec:
    """A review question as a prompt spec (pure)."""
    if isinstance(spec, Pick):
        return PromptSpec(
            kind="select",
            message=spec.message,
            instruction="(arrows, then Enter)",
            choices=tuple(Choice(title, value) for title, value in spec.choices),
            default=spec.default,
        )
    return PromptSpec(
        kind="text",
        message=spec.message,
        instruction=f"({spec.hint})" if spec.hint else "",
        default=spec.default,
        parse=spec.parse,
    )


@dataclass
class Terminal:
    """Where the prompts read and write; tests give a pipe input and a dummy output."""

    input: Input | None = None
    output: Output | None = None

    def available(self) -> bool:
        """Whether prompts can be shown: a real terminal, or the input a test gave."""
        return self.input is not None or (sys.stdin.isatty() and sys.stdout.isatty())


TERMINAL = Terminal()


@dataclass
class TerminalReview:
    """The review's `ask` and `show`, in a terminal."""

    console: Console
    terminal: Terminal

    def ask(self, spec: Spec) -> Any:
        """Ask one question of the flow."""
        return ask(to_prompt(spec), input=self.terminal.input, output=self.terminal.output)

    def show(self, event: Event) -> None:
        """Show what the flow wants the coach to see."""
        if isinstance(event, ShowDiagnosis):
            self.console.print()
            self.console.print(
                Text(f"Diagnosis {event.number} of {event.total}", style="muted"),
            )
            self.console.print(diagnosis_panel(event.diagnosis, event.number))
        elif isinstance(event, ShowAction):
            action = event.action
            body = Group(
                Text(action.description),
                Text.assemble("\n", ("First step this week: ", "bold"), action.first_step),
                Text(
                    f"\n{HORIZONS.get(action.horizon, action.horizon)} · {action.effort} effort"
                    f" · sources {', '.join(str(s) for s in action.sources)}",
                    style="muted",
                ),
            )
            self.console.print(
                Panel(body, title=Text(action.title, style="bold"), title_align="left")
            )
        elif isinstance(event, ShowPlan):
            self.console.print()
            self.console.print(plan_table(event.review))
        elif isinstance(event, ShowText):
            self.console.print(Text(event.text, style="muted"))


def plan_table(review: Review) -> Table | Text:
    """The plan as it stands: action, owner, due, success check."""
    if not review.items:
        return Text("The plan has no actions yet.", style="muted")
    table = Table(title="The plan so far", title_justify="left", expand=True)
    table.add_column("#", justify="right", style="muted", no_wrap=True)
    table.add_column("Action", ratio=3)
    table.add_column("Owner", ratio=1)
    table.add_column("Due", no_wrap=True)
    table.add_column("Success check", ratio=3)
    for number, item in enumerate(sorted(review.items, key=lambda i: i.due), start=1):
        table.add_row(
            str(number),
            Text(item.title, style="bold"),
            owner_words(item.owner, item.owner_name, review.coach),
            day_text(item.due),
            item.success_check,
        )
    return table


def finished(console: Console, review: Review, person: str) -> None:
    """What the coach sees at the end (the plan was just shown): where the review stands."""
    state = "closed" if review.status == "closed" else "left open (run `coach review` to go on)"
    console.print(
        Padding(
            Text.assemble(
                f"Review {state}: {len(review.decisions)} decision(s), "
                f"{len(review.items)} action(s), saved. Print the plan with ",
                (f"coach plan --person {_quoted(person)}", "bold"),
                ".",
            ),
            (1, 0, 0, 0),
        )
    )


def _quoted(text: str) -> str:
    return text if text.replace("-", "").replace("_", "").isalnum() else repr(text)
