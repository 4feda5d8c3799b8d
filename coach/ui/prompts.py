"""Questions as prompts: a pure question -> prompt spec function, and the one questionary adapter.

`prompt_spec` turns a question (and its current answer) into a `PromptSpec`: plain data saying
which kind of prompt to show, its choices, its default, the keys that answer at once and how
typed text becomes an answer. `ask` is the only function in coach that calls questionary; it uses
`unsafe_ask`, so Ctrl-C reaches the caller as KeyboardInterrupt and the session decides what
happens (the draft is kept).

Questionary has no back or help, so every prompt carries them: in lists, `?` and `<` answer at
once (and "? Help" / "Back" are also choices at the end); in typed answers, `?` or `<` alone.
"""

from __future__ import annotations

import enum
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from coach import collector
from coach.model.answers import AnswerValue, InvalidAnswer, display, normalize
from coach.model.questionnaire import Question

if TYPE_CHECKING:
    from prompt_toolkit.input import Input
    from prompt_toolkit.output import Output


class Nav(enum.Enum):
    """What a prompt returns when the person did not answer but asked for something else."""

    BACK = "back"
    HELP = "help"
    SKIP = "skip"


HELP_KEY = "?"
BACK_KEY = "<"
SKIP_TITLE = "Skip / prefer not to say"
NONE_OPTION = "none"  # a tick list's "none of these" (docs/yaml-contract.md)
HELP_TITLE = "? Help for this question"
BACK_TITLES = {"previous": "< Back to the previous question", "review": "< Back to the review"}
QMARK = "›"
LAST_TIME_WIDTH = 60

PromptKind = Literal["select", "checkbox", "text"]


@dataclass(frozen=True)
class Choice:
    """One entry of a list prompt."""

    title: str
    value: Any
    checked: bool = False


@dataclass(frozen=True)
class Separator:
    """A line between the answers of a list and its navigation entries."""

    line: str = "  ──────────"


@dataclass(frozen=True)
class PromptSpec:
    """Everything the adapter needs to show one prompt; plain data plus a pure parser.

    `parse` turns what the prompt returned (typed text, or the list of ticked values) into the
    answer, a `Nav`, or raises InvalidAnswer with a message for the person. `keys` answer at once
    when pressed; with `keys_need_empty`, only while nothing is typed (a text answer may start
    with '?').
    """

    kind: PromptKind
    message: str
    instruction: str = ""
    choices: tuple[Choice | Separator, ...] = ()
    default: Any = None
    keys: tuple[tuple[str, Any], ...] = ()
    keys_need_empty: bool = False
    parse: Callable[[Any], Any] | None = None


def nav_instruction(can_back: bool) -> str:
    """The help and back keys, for a prompt's instruction."""
    return f"{HELP_KEY} help" + (f" · {BACK_KEY} back" if can_back else "")


def nav_choices(can_back: bool, back_to: str, can_skip: bool) -> list[Choice | Separator]:
    """The entries every list ends with: skip (optional questions), help, back."""
    tail: list[Choice | Separator] = [Separator()]
    if can_skip:
        tail.append(Choice(SKIP_TITLE, Nav.SKIP))
    tail.append(Choice(HELP_TITLE, Nav.HELP))
    if can_back:
        tail.append(Choice(BACK_TITLES[back_to], Nav.BACK))
    return tail


def nav_keys(can_back: bool) -> list[tuple[str, Any]]:
    """The keys that answer at once with help or back."""
    keys: list[tuple[str, Any]] = [(HELP_KEY, Nav.HELP)]
    if can_back:
        keys.append((BACK_KEY, Nav.BACK))
    return keys


def scale_title(question: Question, point: int) -> str:
    """How one point of a scale reads in the list: its number and its label, if any."""
    assert question.scale is not None
    label = question.scale.labels.get(point)
    return f"{point}  {label}" if label else str(point)


def range_hint(question: Question) -> str:
    """The accepted range of a number question in words, e.g. '0-120 hours'."""
    unit = f" {question.unit}" if question.unit else ""
    low, high = question.min, question.max
    if low is not None and high is not None:
        return f"{low:g}-{high:g}{unit}"
    if low is not None:
        return f"at least {low:g}{unit}"
    if high is not None:
        return f"at most {high:g}{unit}"
    return f"a number{unit}".strip()


def prompt_spec(
    question: Question,
    current: AnswerValue | None = None,
    *,
    can_back: bool = True,
    back_to: Literal["previous", "review"] = "previous",
    skipped: bool = False,
    previous: AnswerValue | None = None,
) -> PromptSpec:
    """The prompt for `question`, showing `current` (the answer given before) as the default.

    Without a current answer (and not skipped), `previous` -- the answer of the last assessment
    -- is the default, so Enter keeps it; see `offers_previous` for which questions.
    single -> a list; multi -> a tick list; scale -> a labelled list (digits answer at once);
    boolean -> a yes/no list (y and n answer at once); number and text -> typed, checked with
    `normalize` so the person sees the same message an answers file would give.
    """
    if current is None and not skipped and offers_previous(question):
        current = previous
    if question.type in ("single", "scale", "boolean"):
        return _select_spec(question, current, can_back, back_to, skipped)
    if question.type == "multi":
        return _tick_spec(question, current, can_back, skipped)
    return _typed_spec(question, current, can_back)


def offers_previous(question: Question) -> bool:
    """Whether last time's answer is offered as the default: for every kind but free text.

    A written answer describes the weeks just gone ("one thing you shipped in the last month")
    and may be personal; offering last quarter's sentence would invite keeping a stale one.
    """
    return question.type != "text"


def last_time(question: Question, previous: AnswerValue | None) -> str | None:
    """A discreet line saying what was answered last time, e.g. 'last time: 52 hours'.

    A long tick list is counted instead of spelled out: the ticks are in the list below.
    """
    if previous is None or not offers_previous(question):
        return None
    shown = display(question, previous)
    if isinstance(previous, tuple) and len(shown) > LAST_TIME_WIDTH:
        shown = f"{len(previous)} of these ticked"
    return f"last time: {shown}"


def _select_spec(
    question: Question, current: AnswerValue | None, can_back: bool, back_to: str, skipped: bool
) -> PromptSpec:
    can_skip = not question.required
    choices, keys, hint = _list_answers(question)
    return PromptSpec(
        kind="select",
        message=question.text,
        instruction=f"({hint} · {nav_instruction(can_back)})",
        choices=(*choices, *nav_choices(can_back, back_to, can_skip)),
        default=Nav.SKIP if skipped and can_skip else current,
        keys=(*keys, *nav_keys(can_back)),
    )


def _tick_spec(
    question: Question, current: AnswerValue | None, can_back: bool, skipped: bool
) -> PromptSpec:
    ticked = set(current) if isinstance(current, tuple) else set()
    ticks: list[Choice | Separator] = [
        Choice(o.label, o.value, o.value in ticked) for o in question.options or ()
    ]
    if not question.required:
        ticks += [Separator(), Choice(SKIP_TITLE, Nav.SKIP, skipped)]
    return PromptSpec(
        kind="checkbox",
        message=question.text,
        instruction=f"(Space ticks, Enter confirms · {nav_instruction(can_back)})",
        choices=tuple(ticks),
        keys=tuple(nav_keys(can_back)),
        parse=lambda ticked_values: parse_ticks(question, ticked_values),
    )


def _typed_spec(question: Question, current: AnswerValue | None, can_back: bool) -> PromptSpec:
    hint = range_hint(question) + " · " if question.type == "number" else ""
    skip_hint = "" if question.required else " · Enter alone skips"
    return PromptSpec(
        kind="text",
        message=question.text,
        instruction=f"({hint}{nav_instruction(can_back)}{skip_hint})",
        default=_typed_default(question, current),
        keys=tuple(nav_keys(can_back)),
        keys_need_empty=question.type == "text",
        parse=lambda text: parse_typed(question, text, can_back=can_back),
    )


def _list_answers(question: Question) -> tuple[list[Choice], list[tuple[str, Any]], str]:
    if question.type == "boolean":
        return [Choice("Yes", True), Choice("No", False)], [("y", True), ("n", False)], "y/n"
    if question.type == "scale":
        assert question.scale is not None
        points = range(question.scale.min, question.scale.max + 1)
        choices = [Choice(scale_title(question, p), p) for p in points]
        if 0 <= question.scale.min and question.scale.max <= 9:
            return choices, [(str(p), p) for p in points], "a digit, or arrows and Enter"
        return choices, [], "arrows, then Enter"
    return [Choice(o.label, o.value) for o in question.options or ()], [], "arrows, then Enter"


def _typed_default(question: Question, current: AnswerValue | None) -> str:
    if current is None:
        return ""
    if question.type == "number" and isinstance(current, int | float):
        return f"{current:g}"
    return str(current)


def parse_typed(question: Question, text: str, *, can_back: bool) -> Any:
    """Typed text -> an answer, Nav.HELP (`?`), Nav.BACK (`<`) or Nav.SKIP (empty, optional)."""
    typed = text.strip()
    if typed == HELP_KEY:
        return Nav.HELP
    if typed == BACK_KEY and can_back:
        return Nav.BACK
    if not typed:
        if not question.required:
            return Nav.SKIP
        raise InvalidAnswer(f"Please answer (type {HELP_KEY} for help)")
    return normalize(question, typed)


def parse_ticks(question: Question, ticked: Sequence[Any]) -> Any:
    """Ticked values -> the multi answer, or Nav.SKIP when only "prefer not to say" is ticked.

    Enter with nothing ticked is refused where the list has its own "none" option (value
    `none`, the YAML contract's convention): the empty list was read as "none of these" and then
    asked about the work just denied (the share of glue work after no glue work).
    """
    none = next((o.label for o in question.options or () if o.value == NONE_OPTION), None)
    if not ticked and none is not None:
        raise InvalidAnswer(f"Nothing is ticked: Space ticks what applies, or '{none}', then Enter")
    if Nav.SKIP in ticked:
        if len(ticked) > 1:
            raise InvalidAnswer(f"Untick the others to choose '{SKIP_TITLE}'")
        return Nav.SKIP
    return normalize(question, list(ticked))


def answer_line(question: Question, value: AnswerValue | None, skipped: bool = False) -> str:
    """An answer as the review lists it."""
    if skipped:
        return "skipped"
    return display(question, value)


def clip(text: str, width: int) -> str:
    """`text` on one line, cut to `width` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: max(width - 1, 1)].rstrip() + "…"


# The adapter: the only caller of questionary -----------------------------------------------

STYLE_RULES = [
    ("qmark", "fg:ansicyan bold"),
    ("question", "bold"),
    ("answer", "fg:ansigreen bold"),
    ("pointer", "fg:ansicyan bold"),
    ("highlighted", "fg:ansicyan bold"),
    ("selected", "fg:ansigreen"),
    ("instruction", "italic"),
    ("separator", ""),
]


def wrap_message(message: str, instruction: str, width: int, answer_width: int = 0) -> str:
    """Word-wrap a question for the prompt line (prompt_toolkit would cut words in half).

    The instruction (and, once answered, the chosen answer of `answer_width` characters) follows
    on the last line when it fits, otherwise on a line of its own.
    """
    usable = max(width - 3, 20)
    lines = textwrap.wrap(" ".join(message.split()), usable, subsequent_indent="  ") or [""]
    tail = max(len(instruction), answer_width)
    if tail and len(lines[-1]) + tail + 4 > usable:
        lines.append(" ")
    return "\n".join(lines)


def ask(spec: PromptSpec, *, input: Input | None = None, output: Output | None = None) -> Any:  # noqa: A002
    """Show one prompt and return the answer, a `Nav`, or raise KeyboardInterrupt on Ctrl-C."""
    from prompt_toolkit.output.defaults import create_output

    collector.settle()  # the first prompt ends start-up

    width = (output or create_output()).get_size().columns
    io: dict[str, Any] = {"input": input, "output": output} if input or output else {}
    longest = max((len(c.title) for c in spec.choices if isinstance(c, Choice)), default=0)
    question = _questionary_prompt(
        spec, wrap_message(spec.message, spec.instruction, width, longest), io
    )
    _bind_answer_keys(question.application, spec)
    raw = question.unsafe_ask()
    if spec.parse is None or isinstance(raw, Nav):
        return raw
    return spec.parse(raw)


def _questionary_prompt(spec: PromptSpec, message: str, io: dict[str, Any]) -> Any:
    import questionary

    common: dict[str, Any] = {
        "instruction": spec.instruction,
        "qmark": QMARK,
        "style": questionary.Style(STYLE_RULES),
        **io,
    }
    if spec.kind == "text":
        if spec.keys_need_empty:
            # Written answers start on a line of their own: after the instruction, which stays
            # on screen, a sentence would be cut mid-word at the edge almost at once.
            common["instruction"] = f"{spec.instruction}\n "
        return questionary.text(
            message, default=spec.default or "", validate=_validator(spec), **common
        )
    choices = [_q_choice(questionary, c) for c in spec.choices]
    if spec.kind == "checkbox":
        return questionary.checkbox(message, choices=choices, validate=_validator(spec), **common)
    default = _default_choice(choices, spec.default) if spec.default is not None else None
    return questionary.select(message, choices=choices, default=default, **common)


def _q_choice(questionary: Any, entry: Choice | Separator) -> Any:
    if isinstance(entry, Separator):
        return questionary.Separator(entry.line)
    return questionary.Choice(entry.title, value=entry.value, checked=entry.checked)


def _default_choice(choices: list[Any], value: Any) -> Any:
    # Compare types too: True == 1, and a yes/no default must not point at scale point 1.
    for choice in choices:
        found = getattr(choice, "value", None)
        if type(found) is type(value) and found == value:
            return choice
    return None


def _validator(spec: PromptSpec) -> Callable[[Any], bool | str]:
    def check(raw: Any) -> bool | str:
        if spec.parse is None:
            return True
        try:
            spec.parse(raw)
        except InvalidAnswer as error:
            return str(error)
        return True

    return check


def _bind_answer_keys(application: Any, spec: PromptSpec) -> None:
    """Add the spec's keys to a prompt: each answers at once with its value."""
    from prompt_toolkit.filters import Always, Condition, Filter
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from questionary.prompts.common import InquirerControl

    control = next(
        (c for c in application.layout.find_all_controls() if isinstance(c, InquirerControl)),
        None,
    )
    active: Filter = Always()
    if spec.keys_need_empty:
        active = Condition(lambda: not application.current_buffer.text)
    bindings = KeyBindings()
    for key, value in spec.keys:

        def answer(event: Any, value: Any = value) -> None:
            if spec.kind == "select" and control is not None:
                # Point at the chosen entry so the finished line shows it, like Enter would.
                for index, choice in enumerate(control.choices):
                    if type(choice.value) is type(value) and choice.value == value:
                        control.pointed_at = index
                        control.is_answered = True
            event.app.exit(result=value)

        bindings.add(key, eager=True, filter=active)(answer)
    application.key_bindings = merge_key_bindings([application.key_bindings, bindings])
