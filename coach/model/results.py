"""What an assessment produces: the profile, diagnoses with evidence, and ranked actions."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from coach.model.base import WebAddress
from coach.model.rules import Severity


class Record(BaseModel):
    """Base of result models: strict on read-back, so stored results cannot drift silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class ContentRef(Record):
    """Which content produced a result."""

    id: str
    version: str
    hash: str


class Evidence(Record):
    """One answer a rule looked at: what it was, what the rule wanted, whether it held."""

    ref: str
    question: str
    answer: str
    value: Any = None
    answered: bool
    test: str
    held: bool


class FiredRule(Record):
    """A rule that fired, with its reasoning and the answers behind it."""

    id: str
    title: str
    severity: Severity
    priority: int
    because: str
    sources: tuple[int, ...]
    evidence: tuple[Evidence, ...]


class NoticeOut(Record):
    """A 'not a diagnosis' notice attached to a result."""

    id: str
    title: str
    text: str
    help: tuple[str, ...]


class Diagnosis(Record):
    """A mistake diagnosed: its severity is the highest of its fired rules."""

    mistake: str
    title: str
    summary: str
    severity: Severity
    rules: tuple[FiredRule, ...]
    notices: tuple[str, ...] = ()
    sources: tuple[int, ...] = ()


class ProfileEntry(Record):
    """One line of the seven-mistake profile."""

    mistake: str
    title: str
    severity: Severity | None
    rules_fired: int
    rules_total: int


class SuggestedAction(Record):
    """An action suggested by the fired rules, ranked by priority then severity."""

    id: str
    title: str
    description: str
    first_step: str
    horizon: str
    effort: str
    priority: int
    severity: Severity
    mistakes: tuple[str, ...]
    rules: tuple[str, ...]
    sources: tuple[int, ...]


class CitedWork(Record):
    """A work a result cites, as its rule pack numbered it when the assessment was made."""

    number: int
    title: str
    url: WebAddress  # the same checked web address as in sources.yaml (and so in imports)


class Result(Record):
    """The outcome of one assessment.

    `works` keeps the titles and links of every source number the result cites, so a plan
    printed later cites what the rules cited then, whatever the pack says by that time (empty in
    results saved before coach kept them: those are printed with the pack's sources.yaml).
    """

    questionnaire: ContentRef
    pack: ContentRef
    profile: tuple[ProfileEntry, ...]
    diagnoses: tuple[Diagnosis, ...]
    actions: tuple[SuggestedAction, ...]
    notices: tuple[NoticeOut, ...] = ()
    scores: dict[str, float | None] = {}
    works: tuple[CitedWork, ...] = ()
