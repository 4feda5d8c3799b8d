"""A coach's review of an assessment, the plan agreed in it, and the printed plan built from both.

`Review` is what the coach decided (kept in the history store, one decision at a time);
`PrintedPlan` is everything a renderer needs, already put in order and in words, so the PDF,
HTML and Markdown renderers only lay it out.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from coach.model.base import Record
from coach.model.results import Inconsistency, NoticeOut
from coach.model.rules import Severity

Verdict = Literal["agree", "adjust", "dismiss"]
Owner = Literal["engineer", "coach", "manager", "other"]
ItemStatus = Literal["done", "partly", "not_started", "dropped"]
ReviewStatus = Literal["open", "closed"]

VERDICTS: tuple[Verdict, ...] = ("agree", "adjust", "dismiss")
OWNERS: tuple[Owner, ...] = ("engineer", "coach", "manager", "other")
ITEM_STATUSES: tuple[ItemStatus, ...] = ("done", "partly", "not_started", "dropped")
REVIEW_STATUSES: tuple[ReviewStatus, ...] = ("open", "closed")
STATUS_WORDS: dict[str, str] = {
    "done": "done",
    "partly": "partly done",
    "not_started": "not started",
    "dropped": "dropped",
}
# After "done", for an action done last quarter that this quarter's plan holds again.
DONE_AGAIN = "; in this plan again, as this quarter's answers still point to it"
MAX_NOTE = 4000
MAX_LINE = 500


class Decision(Record):
    """The coach's decision on one diagnosis: agree, adjust its severity, or dismiss it."""

    mistake: str
    verdict: Verdict
    severity: Severity | None = None  # the new severity, for `adjust` only
    reason: str | None = Field(default=None, max_length=MAX_NOTE)  # why, for `dismiss`
    note: str | None = Field(default=None, max_length=MAX_NOTE)
    decided_at: datetime


class PlanItem(Record):
    """One committed action: a suggested one (with `action_id`) or one the coach wrote."""

    uid: str
    action_id: str | None = None
    title: str = Field(min_length=1, max_length=MAX_LINE)
    first_step: str | None = Field(default=None, max_length=MAX_NOTE)
    owner: Owner
    owner_name: str | None = Field(default=None, max_length=200)
    due: date
    success_check: str = Field(min_length=1, max_length=MAX_NOTE)
    status: ItemStatus = "not_started"
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class FollowUp(Record):
    """How one item of an earlier plan went, as recorded in a later review."""

    item_uid: str
    status: ItemStatus
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class Review(Record):
    """A coach's review of one assessment: decisions per diagnosis, follow-ups, and the plan."""

    uid: str
    assessment_id: int
    coach: str | None = Field(default=None, max_length=200)
    status: ReviewStatus = "open"
    notes: str | None = Field(default=None, max_length=MAX_NOTE)
    decisions: tuple[Decision, ...] = ()
    items: tuple[PlanItem, ...] = ()
    followups: tuple[FollowUp, ...] = ()
    created_at: datetime
    updated_at: datetime

    def decision(self, mistake: str) -> Decision | None:
        """The decision taken on `mistake`'s diagnosis, if any."""
        return next((d for d in self.decisions if d.mistake == mistake), None)

    def item(self, uid: str) -> PlanItem | None:
        """The plan item with this uid, if any."""
        return next((i for i in self.items if i.uid == uid), None)


# The printed plan: plain data for the renderers ---------------------------------------------


class ProfileRow(Record):
    """One mistake of the profile chart: as assessed, and as the coach left it."""

    mistake: str
    title: str
    assessed: Severity | None
    final: Severity | None
    verdict: Verdict | None = None
    not_assessed: bool = False  # no question of its sections was answered


class EvidenceLine(Record):
    """One answer a rule looked at, with every test the rule made of it."""

    question: str
    answer: str
    tests: tuple[str, ...]  # what the rule wanted, where it says more than the answer
    ticked: bool = False  # a tick list: the answer is the options ticked that the rule wanted


class RuleView(Record):
    """A fired rule as printed: its reasoning, sources and evidence."""

    id: str
    title: str
    severity: Severity
    because: str
    sources: tuple[int, ...]
    evidence: tuple[EvidenceLine, ...]


class DiagnosisView(Record):
    """One diagnosis as printed: the rules' reasoning and evidence, and what the coach decided."""

    mistake: str
    title: str
    summary: str
    assessed: Severity
    final: Severity | None  # None when dismissed
    verdict: Verdict | None
    reason: str | None = None
    note: str | None = None
    rules: tuple[RuleView, ...]
    notices: tuple[str, ...] = ()
    # False: beyond the first diagnoses (pack.yaml `plan.primary`): printed with the rules that
    # found it, without their evidence (the report and `coach show` have it)
    primary: bool = True


class ActionRow(Record):
    """One line of the action plan table."""

    number: int
    title: str
    first_step: str
    owner: str  # in words: "Engineer", "Manager (Dana)"
    owner_role: Owner
    owner_name: str | None = None
    due: date
    due_words: str  # "in 2 weeks (14 Mar 2026)"
    success_check: str
    custom: bool
    sources: tuple[int, ...] = ()
    status: ItemStatus = "not_started"
    stage: str | None = None  # "This month", "Next", "Later" (the focused plan), when known
    note: str | None = None  # why the action reads as it does (rewritten for the next job)


class PlanJudgement(Record):
    """The coach's judgement as printed: phase, answers to check, not assessed, keep doing."""

    tenure: str | None = None  # "Month 2 in the role: Observe phase. ..."
    consistency: tuple[Inconsistency, ...] = ()
    not_assessed: tuple[str, ...] = ()  # mistake titles
    keep_doing: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # "Titles. Because ..."


class TimelineWindow(Record):
    """One window of the 30/60/90-day timeline and the actions due in it."""

    label: str
    start_day: int
    end_day: int | None  # None: open-ended (after day 90)
    actions: tuple[int, ...]  # action numbers


class PreviousPlan(Record):
    """The plan of a person's latest reviewed assessment before a given one.

    Its items keep the status they were left in; `coach` is who coached that review, so an
    action the coach owned is printed with their name.
    """

    quarter: str
    items: tuple[PlanItem, ...]
    coach: str | None = None


class FollowThroughRow(Record):
    """One item of the previous plan and how it went."""

    title: str
    owner: str
    due: date
    status: ItemStatus
    status_words: str
    note: str | None = None


class FollowThrough(Record):
    """Last quarter's plan and how much of it was done."""

    quarter: str
    rows: tuple[FollowThroughRow, ...]
    done: int
    partly: int
    total: int


class CitedSource(Record):
    """A work cited, by its number in the research's list."""

    number: int
    title: str
    url: str


class Signature(Record):
    """A signature line: who signs, and their name when known."""

    role: str
    name: str | None = None


class BragView(Record):
    """The quarter's brag document in figures (`coach brag`), for the printed plan."""

    quarter: str
    weeks: int
    weeks_with_entry: int
    entries: int
    impact_percent: int
    shared: int
    gaps: tuple[str, ...]
    sentence: str


class VerdictStep(Record):
    """One phase of the six-month verdict on the printed plan's timeline."""

    title: str
    months: str
    starts: date
    what: str
    current: bool


class JobTimeline(Record):
    """The six-month verdict of the current job (`coach job`): phases, tests, verdict."""

    company: str | None
    started: date
    month: int
    steps: tuple[VerdictStep, ...]
    tests: tuple[tuple[str, str], ...]  # (test, outcome in words)
    verdict: str | None = None  # at six months: the verdict and its reasons
    sources: tuple[int, ...] = ()  # the works the phases and the verdict cite


class PrintedPlan(Record):
    """Everything the printed plan shows, in order and in words."""

    person: str
    quarter: str
    printed_on: date
    plan_start: date
    coach: str | None
    reviewed: bool  # False: the assessment's suggested actions, not yet agreed with a coach
    review_closed: bool
    review_notes: str | None = None
    profile: tuple[ProfileRow, ...]
    diagnoses: tuple[DiagnosisView, ...]
    actions: tuple[ActionRow, ...]
    timeline: tuple[TimelineWindow, ...]
    follow_through: FollowThrough | None = None
    brag: BragView | None = None
    job: JobTimeline | None = None
    sources: tuple[CitedSource, ...]
    notices: tuple[NoticeOut, ...] = ()
    judgement: PlanJudgement = PlanJudgement()
    signatures: tuple[Signature, ...]
    content_line: str
