"""The export file: one person's whole history as JSON, stable enough to diff and to re-import.

Rows are named by `uid`, never by local id, so a file imports the same into any database, and
re-importing it changes nothing. Keys are sorted and lists kept in a fixed order, so exporting
the same history twice gives the same bytes.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "coach-history"
FORMAT_VERSION = 1


class Model(BaseModel):
    """Strict: an unknown key in an export file is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class StampOut(Model):
    """A questionnaire or rule pack: id, version, content hash."""

    id: str
    version: str
    hash: str


class AnswerOut(Model):
    """One answer and when it was given."""

    ref: str
    value: int | float | bool | str | list[str]
    answered_at: datetime


class AssessmentOut(Model):
    """One assessment, draft or complete."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    status: Literal["draft", "complete"]
    quarter: str = Field(pattern=r"^\d{4}-Q[1-4]$")
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None = None
    questionnaire: StampOut
    pack: StampOut | None = None
    answers: list[AnswerOut] = []
    result: dict[str, Any] | None = None
    session: dict[str, Any] | None = None


class FollowupOut(Model):
    """What became of a committed action, as answered during an assessment or a review."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    assessment: str | None = None
    review: str | None = None
    status: Literal["done", "partly", "not_started", "dropped"]
    note: str | None = None
    recorded_at: datetime


class ItemOut(Model):
    """One committed action."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    position: int
    action_id: str | None = None
    title: str
    first_step: str | None = None
    owner: Literal["engineer", "coach", "manager", "other"]
    owner_name: str | None = None
    due: date
    success_check: str
    status: Literal["done", "partly", "not_started", "dropped"]
    note: str | None = None
    created_at: datetime
    updated_at: datetime
    followups: list[FollowupOut] = []


class DecisionOut(Model):
    """A coach's decision on one diagnosis."""

    mistake: str
    verdict: Literal["agree", "adjust", "dismiss"]
    severity: Literal["low", "medium", "high", "critical"] | None = None
    reason: str | None = None
    note: str | None = None
    decided_at: datetime


class ReviewOut(Model):
    """A coach-led review of one assessment, with its plan."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    assessment: str
    coach: str | None = None
    status: Literal["open", "closed"]
    notes: str | None = None
    created_at: datetime
    updated_at: datetime
    decisions: list[DecisionOut] = []
    items: list[ItemOut] = []


class BragEntryOut(Model):
    """One bullet of a weekly brag-document snapshot."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    week: str = Field(pattern=r"^\d{4}-W\d{2}$")
    kind: Literal["shipped", "unblocked", "prevented"]
    text: str = Field(min_length=1)
    impact_kind: Literal["time_saved", "revenue", "risk_avoided"] | None = None
    impact: str | None = None
    entry_date: date
    created_at: datetime


class BragShareOut(Model):
    """A day the brag document was shared."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    shared_on: date
    shared_with: str | None = None
    created_at: datetime


class JobTestOut(Model):
    """One test of months 4-6 and its outcome."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    test: Literal["stretch", "boundary", "problem"]
    outcome: Literal["welcomed", "ignored", "punished"]
    note: str | None = None
    tested_on: date
    created_at: datetime


class JobOut(Model):
    """A role and the tests recorded in it."""

    uid: str = Field(pattern=r"^[0-9a-f]{32}$")
    company: str | None = None
    started_on: date
    created_at: datetime
    tests: list[JobTestOut] = []


class PersonOut(Model):
    """Whose history this is."""

    name: str = Field(min_length=1, max_length=200)
    created_at: datetime


class HistoryExport(Model):
    """The whole file."""

    format: Literal["coach-history"]
    version: Literal[1]
    person: PersonOut
    assessments: list[AssessmentOut] = []
    reviews: list[ReviewOut] = []
    brag: list[BragEntryOut] = []
    brag_shares: list[BragShareOut] = []
    jobs: list[JobOut] = []


def dump(document: HistoryExport) -> str:
    """The file's text: sorted keys, two-space indent, UTF-8 as is, one final newline."""
    data = document.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
