"""Questionnaires: sections of typed questions, skip logic and scores."""

from __future__ import annotations

import math
from collections.abc import Collection
from functools import cached_property
from typing import Literal

from pydantic import Field, JsonValue, PrivateAttr, model_validator

from coach.conditions.ast import Condition
from coach.errors import suggest
from coach.model.base import (
    ConditionField,
    ContentId,
    Number,
    PositiveWhole,
    Slug,
    Strict,
    Text,
    Version,
    Whole,
)

EXACT = 2**53  # the largest whole number every float up to it represents exactly

QuestionType = Literal["single", "multi", "scale", "number", "boolean", "text"]
CHOICE_TYPES = ("single", "multi")


class Option(Strict):
    """One choice of a single or multi question."""

    value: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Text
    score: Number | None = None


class Scale(Strict):
    """The points of a Likert-style scale and the labels of some of them."""

    min: Whole = 1
    max: Whole = 5
    labels: dict[Whole, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.min >= self.max:
            raise ValueError(f"scale min {self.min} must be below max {self.max}")
        outside = [k for k in self.labels if not self.min <= k <= self.max]
        if outside:
            raise ValueError(f"labels {outside} are outside the scale {self.min}..{self.max}")
        return self


_TYPE_FIELDS = {
    "options": CHOICE_TYPES,
    "scale": ("scale",),
    "min": ("number",),
    "max": ("number",),
    "unit": ("number",),
    "unit_one": ("number",),
    "integer": ("number",),
}


# What other tools call the question types, for "did you mean" (`type: choice` -> single).
TYPE_SYNONYMS: dict[str, JsonValue] = {
    "choice": "single",
    "select": "single",
    "radio": "single",
    "dropdown": "single",
    "checkbox": "multi",
    "checkboxes": "multi",
    "multiple": "multi",
    "rating": "scale",
    "likert": "scale",
    "integer": "number",
    "int": "number",
    "float": "number",
    "yesno": "boolean",
    "yes_no": "boolean",
    "yes/no": "boolean",
    "bool": "boolean",
    "string": "text",
    "free_text": "text",
    "textarea": "text",
}


class Question(Strict):
    """One question. `ref` (`section.question`) is how conditions and answers name it."""

    id: Slug
    type: QuestionType = Field(
        description="How it is answered: one option (single), several (multi), a point on a "
        "scale, a number, yes/no (boolean) or free text.",
        json_schema_extra={"x-synonyms": TYPE_SYNONYMS},
    )
    text: Text
    help: Text = Field(
        description="A sentence under the question: what to count, or why it is asked."
    )
    required: bool = True
    remember: bool = Field(
        default=True,
        description="Offer last time's answer as the default; false for answers that change on "
        "their own (months in the role).",
    )
    when: ConditionField | None = None
    options: tuple[Option, ...] | None = Field(
        default=None,
        description="Each option as {value: platform, label: Platform}: rules and answers name "
        "the value, people read the label.",
    )
    scale: Scale | None = None
    min: Number | None = None
    max: Number | None = None
    unit: str | None = None
    unit_one: str | None = Field(
        default=None,
        description="The unit after the number 1 (`talk` where `unit` is `talks`); "
        "default: `unit`.",
    )
    integer: bool | None = None
    _section: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _fields_fit_type(self) -> Question:
        for name, types in _TYPE_FIELDS.items():
            if getattr(self, name) is not None and self.type not in types:
                raise ValueError(f"'{name}' is only for {' and '.join(types)} questions")
        if self.type in CHOICE_TYPES and not self.options:
            raise ValueError(f"a {self.type} question needs 'options'")
        if self.type == "scale" and self.scale is None:
            raise ValueError("a scale question needs 'scale: {min: 1, max: 5, labels: {...}}'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min:g} is above max {self.max:g}")
        if self.options:
            values = [o.value for o in self.options]
            dupes = sorted({v for v in values if values.count(v) > 1})
            if dupes:
                raise ValueError(f"duplicate option values: {', '.join(dupes)}")
        if self.unit_one is not None and self.unit is None:
            raise ValueError("'unit_one' needs 'unit' (the unit after any other number)")
        return self

    def with_unit(self, number: float) -> str:
        """A number as the person reads it, with its unit: '1 talk', '3 talks', '60 percent'."""
        unit = self.unit_one if number == 1 and self.unit_one else self.unit
        return f"{number:g} {unit}" if unit else f"{number:g}"

    @cached_property
    def ref(self) -> str:
        """The `section.question` reference.

        Read for every question of every assessment, so kept after the first read; `place`
        sets where the question sits and forgets it.
        """
        return f"{self._section}.{self.id}"

    def place(self, section: str) -> None:
        """Say which section holds this question (its `ref` follows)."""
        self._section = section
        self.__dict__.pop("ref", None)

    @cached_property
    def option_values(self) -> tuple[str, ...]:
        """The values of the options (empty for non-choice questions); read for every answer."""
        return tuple(o.value for o in self.options or ())

    def option_meant(self, text: str, among: Collection[str] | None = None) -> str | None:
        """The option value `text` stands for: an option's label written out, or a near value.

        `among` limits the candidates (say, to options not already picked); None when none fits.
        """
        candidates = self.option_values if among is None else tuple(among)
        folded = text.strip().casefold()
        for option in self.options or ():
            if option.value in candidates and option.label.strip().casefold() == folded:
                return option.value
        # `yes` for the one option whose label says "Yes, I have decided to leave"
        opening = [
            o.value
            for o in self.options or ()
            if o.value in candidates and o.label.casefold().split(",")[0].split()[:1] == [folded]
        ]
        if len(opening) == 1:
            return opening[0]
        return suggest(text, candidates)

    @cached_property
    def whole_range(self) -> tuple[float, float]:
        """The whole numbers a number or scale question takes as they are (normalize's fast path).

        Within +-2**53, where a whole number and its float are the same number.
        """
        if self.scale is not None:
            return (self.scale.min, self.scale.max)
        low = -EXACT if self.min is None else max(self.min, -EXACT)
        return (low, EXACT if self.max is None else min(self.max, EXACT))

    @cached_property
    def option_set(self) -> frozenset[str]:
        """The option values, as a set (normalize's fast path)."""
        return frozenset(self.option_values)

    def bounds(self) -> tuple[float, float] | None:
        """The (min, max) range of a scale or number question, when it has both."""
        if self.scale is not None:
            return (self.scale.min, self.scale.max)
        if self.min is not None and self.max is not None:
            return (self.min, self.max)
        return None

    def score_range(self) -> tuple[float, float] | None:
        """The lowest and highest value this question adds to a score, when both are known.

        A scale or number question: its range; a boolean: 0 (no) to 1 (yes); a single-choice
        question: its lowest and highest option score. A reversed item is `low + high - value`.
        """
        if self.type == "boolean":
            return (0.0, 1.0)
        if self.type == "single":
            scores = [o.score for o in self.options or ()]
            numbers = [s for s in scores if s is not None]
            if not numbers or len(numbers) != len(scores):
                return None
            return (min(numbers), max(numbers))
        return self.bounds()


class Section(Strict):
    """A titled group of questions, asked together."""

    id: Slug
    title: Text
    intro: str | None = None
    when: ConditionField | None = None
    questions: tuple[Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _stamp_section(self) -> Section:
        for question in self.questions:
            question.place(self.id)
        return self


class Score(Strict):
    """A mean or sum over answers (and other scores); items prefixed with '-' are reversed.

    The result is rounded to 4 decimal places, so that a mean such as 0.1 + 0.2 compares equal
    to the 0.3 a rule or a test writes.
    """

    id: Slug
    title: Text
    help: str | None = None
    mean: tuple[str, ...] | None = None
    sum: tuple[str, ...] | None = None
    min_answered: PositiveWhole | None = Field(
        default=None,
        description="How many items must be answered for a score; default: half, rounded up.",
    )

    @model_validator(mode="after")
    def _one_method(self) -> Score:
        if (self.mean is None) == (self.sum is None):
            raise ValueError("a score needs exactly one of 'mean: [...]' or 'sum: [...]'")
        if not self.items:
            raise ValueError("a score needs at least one item")
        return self

    @property
    def items(self) -> tuple[str, ...]:
        """The item references as written (with any '-' prefix)."""
        return self.mean if self.mean is not None else (self.sum or ())

    @property
    def ref(self) -> str:
        """How conditions name this score."""
        return f"scores.{self.id}"

    @property
    def method(self) -> str:
        """`mean` or `sum`."""
        return "mean" if self.mean is not None else "sum"

    @property
    def needed(self) -> int:
        """How many items must be answered for the score to be computed."""
        return self.min_answered or -(-len(self.items) // 2)


class Instrument(Strict):
    """A published instrument: where it comes from, its terms of use and its scoring."""

    name: Text = Field(description="The instrument's published name.")
    citation: Text = Field(description="The publication to cite, as the authors ask.")
    licence: Text = Field(description="The terms of use, as the authors or publisher state them.")
    url: str | None = Field(default=None, description="Where the instrument is published.")
    scoring: Text = Field(description="The published scoring, in words.")
    notice: str | None = Field(
        default=None,
        description="What the score is not (e.g. 'this is not a diagnosis') and where to get help.",
    )


class Questionnaire(Strict):
    """A whole questionnaire file."""

    id: ContentId
    version: Version
    title: Text
    description: str | None = None
    minutes: PositiveWhole | None = None
    instrument: Instrument | None = Field(
        default=None,
        description="Set when the questionnaire is a published instrument (instruments/).",
    )
    sections: tuple[Section, ...] = Field(min_length=1)
    scores: tuple[Score, ...] = ()
    _content_hash: str = PrivateAttr(default="")

    @cached_property
    def questions(self) -> dict[str, Question]:
        """Every question by its `section.question` reference, in asking order."""
        return {q.ref: q for s in self.sections for q in s.questions}

    @cached_property
    def skips(self) -> tuple[tuple[Condition, tuple[str, ...]], ...]:
        """Each skip condition in asking order, with the questions it skips when it is false.

        A section's condition skips its questions; a question's, that question. The skip logic
        of every assessment walks this (engine.facts), not the models.
        """
        found: list[tuple[Condition, tuple[str, ...]]] = []
        for section in self.sections:
            if section.when is not None:
                found.append((section.when, tuple(q.ref for q in section.questions)))
            found += [(q.when, (q.ref,)) for q in section.questions if q.when is not None]
        return tuple(found)

    @cached_property
    def scores_by_ref(self) -> dict[str, Score]:
        """Every score by its `scores.<id>` reference."""
        return {s.ref: s for s in self.scores}

    @property
    def content_hash(self) -> str:
        """SHA-256 of the file this questionnaire was read from (set by the loader)."""
        return self._content_hash

    def score_range(self, score: Score) -> tuple[float, float]:
        """The lowest and highest value a score can take (infinite where an item is unbounded).

        A mean of at least `needed` items lies between the mean of the `needed` lowest item
        minimums and the mean of the `needed` highest item maximums; a sum likewise.
        """
        ranges = [self.item_range(item) for item in score.items]
        lows = sorted(low for low, _ in ranges)
        highs = sorted((high for _, high in ranges), reverse=True)
        k = min(score.needed, len(ranges))
        if score.mean is not None:
            return (sum(lows[:k]) / k, sum(highs[:k]) / k)
        low = sum(lows[:k]) + sum(v for v in lows[k:] if v < 0)
        high = sum(highs[:k]) + sum(v for v in highs[k:] if v > 0)
        return (low, high)

    def item_range(self, item: str) -> tuple[float, float]:
        """The range one score item (a question or an earlier score, reversed or not) adds."""
        ref = item.removeprefix("-")
        if ref in self.scores_by_ref:
            return self.score_range(self.scores_by_ref[ref])
        question = self.questions.get(ref)
        bounds = question.score_range() if question is not None else None
        if bounds is not None:
            return bounds
        if question is not None and question.type == "number":
            low = -math.inf if question.min is None else question.min
            high = math.inf if question.max is None else question.max
            return (low, high)  # a reversed item needs both bounds (checked on loading)
        return (-math.inf, math.inf)

    def score_summary(self, score: Score) -> str:
        """How a score is computed and its possible range, in words."""
        reversed_items = [i.removeprefix("-") for i in score.items if i.startswith("-")]
        parts = [f"{score.method} of {len(score.items)} items"]
        if reversed_items:
            parts.append("reversed: " + ", ".join(reversed_items))
        parts.append(f"scored when at least {score.needed} are answered")
        low, high = self.score_range(score)
        if math.isinf(low) or math.isinf(high):
            parts.append("no fixed range (an item has no min or max)")
        else:
            parts.append(f"range {low:g} to {high:g}")
        return "; ".join(parts)

    def section_of(self, ref: str) -> Section:
        """The section holding a question."""
        return next(s for s in self.sections if s.id == ref.split(".", 1)[0])
