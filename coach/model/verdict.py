"""The six-month verdict as content: phases by month, the tests of months 4-6, verdict rules.

Loaded from `habits/six-month-verdict.yaml` (`coach.content.verdict`); applied by
`coach.history.job`. Coaching decisions live in that file, not in Python.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from coach.model.base import ConditionField, Kebab, Slug, Strict, Text, Whole

Verdict = Literal["stay", "leave", "test-first", "not-yet"]


class Phase(Strict):
    """One phase: from month `months[0]` to `months[1]` (None: onwards)."""

    id: Slug
    title: Text
    months: tuple[Whole, Whole | None]
    what: Text
    sources: tuple[Whole, ...] = Field(min_length=1)


class JobTestSpec(Strict):
    """One test of months 4-6."""

    id: Slug
    title: Text


class VerdictRule(Strict):
    """When `when` holds (the first such rule wins), the verdict and why."""

    id: Kebab
    verdict: Verdict
    when: ConditionField
    because: Text
    sources: tuple[Whole, ...] = Field(min_length=1)


class VerdictCase(Strict):
    """A pinned case: these job facts must give this verdict."""

    name: Text
    facts: dict[str, Any]
    verdict: Verdict


class VerdictFile(Strict):
    """The whole file."""

    phases: tuple[Phase, ...] = Field(min_length=1)
    tests: tuple[JobTestSpec, ...] = Field(min_length=1)
    verdicts: tuple[VerdictRule, ...] = Field(min_length=1)
    cases: tuple[VerdictCase, ...] = ()
    # question ref -> job fact: the recorded job answers these, so they are not typed each time
    answers: dict[str, str] = Field(default_factory=dict)
