"""What an assessment produces: the profile, diagnoses with evidence, and ranked actions."""

from __future__ import annotations

from typing import Any, Literal

from coach.model.base import ContentHash, ContentId, ContentVersion, Record, WebAddress
from coach.model.quarters import month_in_role
from coach.model.rules import Severity

Stage = Literal["this-month", "next", "later"]
STAGE_WORDS: dict[str, str] = {"this-month": "This month", "next": "Next", "later": "Later"}


class ContentRef(Record):
    """Which questionnaire or rule pack: its id (a pack's name), version and content hash.

    Stamped on every result, kept with every assessment in the history and written to (and
    checked in) export files: one class wherever coach says which content it used.
    """

    id: ContentId
    version: ContentVersion
    hash: ContentHash


class Evidence(Record):
    """One answer a rule looked at: what it was, what the rule wanted, whether it held."""

    ref: str
    question: str
    answer: str
    value: Any = None
    answered: bool
    test: str
    held: bool

    @property
    def wanted(self) -> str:
        """What the rule wanted, for a reader: empty where it only repeats the answer."""
        return "" if self.test == f"is {self.answer}" else self.test


NOTHING_RECORDED = "Nothing answered or recorded, as the rule needs"


def quiet_evidence(
    evidence: tuple[Evidence, ...],
) -> tuple[tuple[Evidence, ...], tuple[Evidence, ...]]:
    """The lines worth one each, and those said together on one line (`NOTHING_RECORDED`).

    A `not:` test on a question nobody answered or a habit nobody recorded held only because
    nothing was there ("How were those attempts received? -> not answered (not: is one of
    ...)"); with two or more of them, a report names their questions on one line instead. One
    alone, or a rule that has nothing else, keeps its lines.
    """
    quiet = tuple(e for e in evidence if e.held and not e.answered and e.test.startswith("not: "))
    if len(quiet) < 2 or len(quiet) == len(evidence):
        return evidence, ()
    return tuple(e for e in evidence if e not in quiet), quiet


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
    primary: bool = True  # False: "also worth a look" (beyond pack.yaml `plan.primary`)
    softened: str | None = None  # why the severity was held back (early in the role)


class ProfileEntry(Record):
    """One line of the seven-mistake profile."""

    mistake: str
    title: str
    severity: Severity | None
    rules_fired: int
    rules_total: int
    assessed: bool = True  # False: none of its sections' questions was answered


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
    group: str = "remedy"
    outlives_dismissal: bool = False  # stays on a review's menu when its diagnosis is dismissed
    stage: Stage = "later"
    note: str | None = None  # why it was rewritten (for the next job, when leaving)
    success_check: str | None = None  # how you will know it worked (the pack's suggestion)


class DroppedAction(Record):
    """An action the plan left out, and why (superseded, in conflict, or already done)."""

    id: str
    title: str
    because: str


# Said under "Keep doing" when a plan found no strength: the report looked, and says so.
NO_STRENGTH_YET = (
    "None of these answers shows one of the research's remedies already in place. That is "
    "what was asked, not all you do well: as you act on this plan, the next check-up names "
    "what to keep."
)


class Strong(Record):
    """Something the person already does well: keep doing it."""

    id: str
    mistake: str
    text: str
    sources: tuple[int, ...]


class Inconsistency(Record):
    """Answers that contradict each other, named."""

    id: str
    title: str
    text: str
    answers: tuple[str, ...]  # "question: answer"


class TenureNow(Record):
    """Where the person is in the first months of the role."""

    stage: str
    title: str
    month: int
    text: str
    sources: tuple[int, ...]

    @property
    def lead(self) -> str:
        """The sentence before the stage's text: 'Month 2 in the role: Observe phase.'.

        `month` is whole months in the role, said as the month one is in (`month_in_role`), as
        `coach job` says it. The text (pack.yaml `plan.tenure`) names the six-month verdict itself.
        """
        return f"Month {month_in_role(self.month)} in the role: {self.title} phase."


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
    not_assessed: tuple[str, ...] = ()  # mistake ids with no answers in their sections
    keep_doing: tuple[Strong, ...] = ()
    consistency: tuple[Inconsistency, ...] = ()
    tenure: TenureNow | None = None
    dropped: tuple[DroppedAction, ...] = ()
    confidence: Literal["normal", "lower"] = "normal"  # lower: some answers contradict
