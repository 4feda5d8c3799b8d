"""The smallest change of answers that would make a rule fire, in words.

Changes are searched over the answer space's representative values: first one answer at a
time, then two, then three, each set of answers run through skip logic and scoring as a real
assessment would be. Among the changes that work, the one closest to the person's own answers
wins; it is then described as the range of values that works ("55 or more"), not as the one
value tried.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from coach.authoring.space import MISSING, AnswerSpace, refs_of
from coach.conditions.ast import Condition
from coach.conditions.evaluate import evaluate
from coach.model.answers import Answers, display

MAX_CHANGED = 3
MAX_TRIES = 20_000


@dataclass(frozen=True)
class Change:
    """One answer to change: which, what it is now, and what would make the rule fire.

    `to` reads after the reference: "were 55 or more hours", "included Mentoring".
    """

    ref: str
    question: str
    now: str
    to: str


def smallest_change(
    condition: Condition, answers: Answers, facts: Mapping[str, Any], space: AnswerSpace
) -> list[Change] | None:
    """The fewest, smallest answer changes that make `condition` true (None if none found).

    Only the answers the condition reads (and those that decide whether they are asked) can
    change; skip logic is applied to each candidate, and the person's own answers to questions
    they skipped come back into play when a change means they would be asked.
    """
    refs = space.closure(refs_of(condition))
    base = {ref: answers.get(ref, facts.get(ref, MISSING)) for ref in refs}

    def fires(overrides: Mapping[str, Any]) -> bool:
        return evaluate(condition, space.facts({**base, **overrides}))

    tries = 0
    for size in range(1, min(MAX_CHANGED, len(refs)) + 1):
        best: tuple[float, dict[str, Any]] | None = None
        for chosen in itertools.combinations(refs, size):
            options = [_alternatives(ref, base[ref], space) for ref in chosen]
            for values in itertools.product(*options):
                tries += 1
                if tries > MAX_TRIES:
                    return None
                overrides = dict(zip(chosen, values, strict=True))
                if not fires(overrides):
                    continue
                cost = sum(_cost(ref, base[ref], v, space) for ref, v in overrides.items())
                if best is None or cost < best[0]:
                    best = (cost, overrides)
        if best is not None:
            return _describe(fires, facts, best[1], space)
    return None


def _alternatives(ref: str, current: Any, space: AnswerSpace) -> list[Any]:
    values = list(space.domain(ref))
    question = space.questions.get(ref)
    if question is not None and question.type == "multi" and isinstance(current, tuple):
        # keep the options no rule mentions as they are: only the mentioned ones change
        mentioned = space.constants.get(ref, set())
        kept = {v for v in current if v not in mentioned}
        order = question.option_values
        values = [
            v if v is MISSING else tuple(o for o in order if o in kept or o in v) for v in values
        ]
    return [v for v in values if v is not current and v != current]


def _cost(ref: str, old: Any, new: Any, space: AnswerSpace) -> float:
    if new is MISSING:
        return 3.0  # leaving a question unanswered is rarely the advice we want to give
    if old is MISSING:
        return 1.5
    if isinstance(new, tuple):
        return float(len(set(new) ^ set(old)))
    if isinstance(new, bool) or isinstance(new, str):
        return 1.0
    values = [v for v in space.domain(ref) if v is not MISSING]
    span = (max(values) - min(values)) or 1
    return min(1.0, abs(float(new) - float(old)) / span)


def _describe(
    fires: Callable[[Mapping[str, Any]], bool],
    facts: Mapping[str, Any],
    overrides: dict[str, Any],
    space: AnswerSpace,
) -> list[Change]:
    questionnaire = space.questionnaire
    changes = []
    for ref, value in overrides.items():
        others = {k: v for k, v in overrides.items() if k != ref}

        def works(candidate: Any, others: dict[str, Any] = others, ref: str = ref) -> bool:
            return fires({**others, ref: candidate})

        question = space.questions.get(ref)
        score = questionnaire.scores_by_ref.get(ref)
        label = question.text if question is not None else (score.title if score else ref)
        now = facts.get(ref, MISSING)
        to = _to(ref, value, now, works, space)
        changes.append(Change(ref, " ".join(label.split()), _shown(ref, now, space), to))
    return changes


def _shown(ref: str, value: Any, space: AnswerSpace) -> str:
    if value is MISSING:
        return "not answered"
    question = space.questions.get(ref)
    if question is None:
        return f"{value:g}" if isinstance(value, float) else str(value)
    return display(question, value)


def _to(ref: str, value: Any, now: Any, fires: Any, space: AnswerSpace) -> str:
    """The values of `ref` that make the rule fire, around the one found, in words."""
    question = space.questions.get(ref)
    if value is MISSING:
        return "were left unanswered"
    kind = "score" if question is None else question.type
    if kind in ("number", "scale", "score"):
        return "were " + _range(ref, value, fires, space)
    if kind == "multi":
        added = [v for v in value if now is MISSING or v not in now]
        removed = [] if now is MISSING else [v for v in now if v not in value]
        parts = [f"included {_options(ref, added, space)}"] if added else []
        parts += [f"did not include {_options(ref, removed, space)}"] if removed else []
        return " and ".join(parts) or "were answered"
    if kind == "boolean":
        return "were yes" if value else "were no"
    working = [v for v in space.domain(ref) if v is not MISSING and fires(v)]
    if len(working) == 1:
        return "were " + _options(ref, working, space)
    return "were one of " + _options(ref, working, space)


def _options(ref: str, values: list[Any], space: AnswerSpace) -> str:
    question = space.questions[ref]
    labels = {o.value: o.label for o in question.options or ()}
    return ", ".join(f'"{labels.get(v, v)}"' for v in values)


def _range(ref: str, value: Any, fires: Any, space: AnswerSpace) -> str:
    values = [v for v in space.domain(ref) if v is not MISSING]
    index = values.index(value)
    low = high = index
    while low > 0 and fires(values[low - 1]):
        low -= 1
    while high + 1 < len(values) and fires(values[high + 1]):
        high += 1
    question = space.questions.get(ref)
    whole = question is not None and (question.type == "scale" or bool(question.integer))
    constants = space.constants.get(ref, set())
    lower = upper = ""
    if low > 0:
        lo = values[low]
        lower = (
            f"{_num(ref, lo, space)} or more"
            if whole or lo in constants
            else (f"more than {_num(ref, values[low - 1], space)}")
        )
    if high + 1 < len(values):
        hi = values[high]
        upper = (
            f"{_num(ref, hi, space)} or less"
            if whole or hi in constants
            else (f"less than {_num(ref, values[high + 1], space)}")
        )
    if low == high and (whole or values[low] in constants):
        words = _num(ref, values[low], space)
    elif whole and lower and upper:
        words = f"between {_num(ref, values[low], space)} and {_num(ref, values[high], space)}"
    else:
        words = " and ".join(w for w in (lower, upper) if w) or "any value"
    unit = question.unit if question is not None and question.unit else ""
    return f"{words} {unit}".strip()


def _num(ref: str, value: Any, space: AnswerSpace) -> str:
    question = space.questions.get(ref)
    text = f"{value:g}" if isinstance(value, float) else str(value)
    if question is not None and question.scale is not None:
        label = question.scale.labels.get(int(value))
        return f"{text} ({label})" if label else text
    return text
