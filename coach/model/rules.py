"""Rules: when a condition over the answers holds, a mistake is diagnosed and actions suggested."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, JsonValue

from coach.model.base import ConditionField, Kebab, Slug, Strict, Text, Whole

Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")


# What other tools call a severity (issue trackers' priorities, everyday words): the fix an
# error suggests, never read as the value itself.
SEVERITY_SYNONYMS: dict[str, JsonValue] = {
    "blocker": "critical",
    "urgent": "critical",
    "highest": "critical",
    "severe": "high",
    "serious": "high",
    "major": "high",
    "moderate": "medium",
    "normal": "medium",
    "med": "medium",
    "minor": "low",
    "mild": "low",
    "trivial": "low",
    "lowest": "low",
}
_RANKS: dict[str | None, int] = {None: 0, **{s: i for i, s in enumerate(SEVERITIES, 1)}}


def severity_rank(severity: str | None) -> int:
    """0 for none, 1 for low ... 4 for critical."""
    return _RANKS[severity]


class Rule(Strict):
    """One rule of a pack."""

    id: Kebab
    title: Text
    mistake: Slug
    severity: Severity = Field(json_schema_extra={"x-synonyms": SEVERITY_SYNONYMS})
    priority: Whole = Field(default=50, ge=0, le=1000)
    when: ConditionField = Field(json_schema_extra={"x-aliases": ["if", "condition", "criteria"]})
    because: Text = Field(
        description="Why, in a sentence or two that cites the research by number, e.g. "
        "'More than 55 hours a week ... [4].'",
        json_schema_extra={
            "x-aliases": ["explanation", "why", "reason", "rationale", "description", "message"]
        },
    )
    sources: tuple[Whole, ...] = Field(
        min_length=1,
        description="The numbers of the works the rule relies on, from sources.yaml, e.g. [4].",
        json_schema_extra={"x-aliases": ["references", "citations", "refs"]},
    )
    actions: tuple[Kebab, ...] = Field(
        default=(), json_schema_extra={"x-aliases": ["remedies", "recommendations", "then"]}
    )
    notice: Slug | None = None
    soften: bool = Field(
        default=True,
        description="false: the tenure stages never hold this rule's severity back early in the "
        "role (pack.yaml plan.tenure `soften`), for a finding that needs no time to show, such "
        "as a decision already taken.",
    )


class Strength(Strict):
    """Something the person already does that follows a remedy: the plan says keep doing it."""

    id: Kebab
    mistake: Slug
    text: Text
    when: ConditionField
    sources: tuple[Whole, ...] = Field(min_length=1)
    # Actions the person already does when this holds: left out of the plan, with this text as
    # the reason ("You already do this: ..."), so the plan never asks for what it praises.
    covers: tuple[Kebab, ...] = ()


class ConsistencyCheck(Strict):
    """Answers that contradict each other: named before the diagnoses, lowering confidence."""

    id: Kebab
    title: Text
    text: Text
    when: ConditionField


class RulesFile(Strict):
    """A rules file: named conditions, rules, strengths and consistency checks."""

    conditions: dict[Slug, ConditionField] = Field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    strengths: tuple[Strength, ...] = ()
    checks: tuple[ConsistencyCheck, ...] = ()
