"""The coach's decisions as pure functions: each takes a Review and returns a new one.

Nothing here prompts, prints or touches the store; the review flow asks, these functions decide
what the answer means (and refuse what makes no sense), and the caller saves the result.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from coach.model.answers import InvalidAnswer
from coach.model.plan import (
    ITEM_STATUSES,
    MAX_LINE,
    MAX_NOTE,
    Decision,
    FollowUp,
    ItemStatus,
    Owner,
    PlanItem,
    Review,
    Verdict,
)
from coach.model.results import Diagnosis, Result, SuggestedAction
from coach.model.rules import SEVERITIES, Severity, severity_rank

# How far ahead each due choice lies, in days from the day the plan is made.
DUE_CHOICES: dict[str, tuple[str, int]] = {
    "2-weeks": ("In 2 weeks", 14),
    "30-days": ("In 30 days", 30),
    "60-days": ("In 60 days", 60),
    "90-days": ("In 90 days", 90),
}
# An action's horizon -> the due choice offered first for it.
HORIZON_DUE = {
    "this-week": "2-weeks",
    "30-days": "30-days",
    "60-days": "60-days",
    "90-days": "90-days",
    "quarter": "90-days",
}
MAX_DUE_DAYS = 366


def new_uid() -> str:
    """A random id for a review or a plan item (stable across exports and imports)."""
    return uuid.uuid4().hex


def new_review(
    assessment_id: int, *, now: datetime, coach: str | None = None, uid: str | None = None
) -> Review:
    """An empty, open review of one assessment."""
    return Review(
        uid=uid or new_uid(),
        assessment_id=assessment_id,
        coach=clean_optional(coach),
        created_at=now,
        updated_at=now,
    )


def diagnosis_order(result: Result) -> tuple[Diagnosis, ...]:
    """The diagnoses most severe first; ties keep the engine's order (rule priority)."""
    ranked = sorted(
        enumerate(result.diagnoses), key=lambda p: (-severity_rank(p[1].severity), p[0])
    )
    return tuple(d for _, d in ranked)


def clean_optional(text: str | None) -> str | None:
    """Typed text with its outer spaces removed; None when nothing is left."""
    if text is None:
        return None
    cleaned = text.strip()
    return cleaned or None


def required_text(text: str, what: str, limit: int = MAX_NOTE) -> str:
    """Typed text that must not be empty, with its outer spaces removed.

    Raises:
        InvalidAnswer: when it is empty or too long; the message is for the coach.
    """
    cleaned = text.strip()
    if not cleaned:
        raise InvalidAnswer(f"Please write {what}")
    if len(cleaned) > limit:
        raise InvalidAnswer(f"Please keep {what} under {limit} characters")
    return cleaned


def optional_text(text: str, what: str, limit: int = MAX_NOTE) -> str | None:
    """Typed text that may be empty (None), at most `limit` characters."""
    cleaned = text.strip()
    if len(cleaned) > limit:
        raise InvalidAnswer(f"Please keep {what} under {limit} characters")
    return cleaned or None


def decide(
    review: Review,
    diagnosis: Diagnosis,
    verdict: Verdict,
    *,
    now: datetime,
    severity: Severity | None = None,
    reason: str | None = None,
    note: str | None = None,
) -> Review:
    """Record the coach's decision on a diagnosis, replacing any earlier one.

    An adjustment to the severity the rules gave is recorded as agreement; a dismissal needs a
    reason, so that the printed plan can say why.

    Raises:
        InvalidAnswer: an adjustment without a severity, or a dismissal without a reason.
    """
    reason = clean_optional(reason)
    if verdict == "adjust":
        if severity not in SEVERITIES:
            raise InvalidAnswer("Choose the severity the diagnosis should have")
        if severity == diagnosis.severity:
            verdict, severity = "agree", None
    else:
        severity = None
    if verdict == "dismiss":
        reason = required_text(reason or "", "why you dismiss it")
    else:
        reason = None
    decision = Decision(
        mistake=diagnosis.mistake,
        verdict=verdict,
        severity=severity,
        reason=reason,
        note=clean_optional(note),
        decided_at=now,
    )
    kept = tuple(d for d in review.decisions if d.mistake != diagnosis.mistake)
    return review.model_copy(update={"decisions": (*kept, decision), "updated_at": now})


def final_severity(diagnosis: Diagnosis, decision: Decision | None) -> Severity | None:
    """The severity after the coach's decision: None when dismissed."""
    if decision is None or decision.verdict == "agree":
        return diagnosis.severity
    if decision.verdict == "adjust":
        return decision.severity
    return None


def undecided(review: Review, result: Result) -> tuple[Diagnosis, ...]:
    """The diagnoses without a decision yet, most severe first."""
    return tuple(d for d in diagnosis_order(result) if review.decision(d.mistake) is None)


def due_date(choice: str, start: date) -> date:
    """The date a due choice ('2-weeks', '30-days', ...) falls on, counted from `start`."""
    return start + timedelta(days=DUE_CHOICES[choice][1])


def parse_due(text: str, today: date) -> date:
    """A due date typed as YYYY-MM-DD: not in the past, at most a year ahead.

    Raises:
        InvalidAnswer: when it is not such a date; the message says what is expected.
    """
    typed = text.strip()
    try:
        day = date.fromisoformat(typed)
    except ValueError:
        raise InvalidAnswer(f"'{typed}' is not a date; write it like {today.isoformat()}") from None
    if day < today:
        raise InvalidAnswer(f"{day.isoformat()} is in the past")
    if (day - today).days > MAX_DUE_DAYS:
        raise InvalidAnswer("Please choose a date within a year")
    return day


def default_due_choice(action: SuggestedAction | None) -> str:
    """The due choice offered first: from the action's horizon, 30 days for custom actions."""
    return HORIZON_DUE.get(action.horizon, "30-days") if action else "30-days"


def candidates(result: Result, review: Review) -> tuple[SuggestedAction, ...]:
    """The suggested actions still to pick from, in the engine's rank order.

    Actions already in the plan are left out, and so are actions whose every diagnosis the
    coach dismissed, unless their group outlives a dismissal (pack.yaml `plan.outlive_dismissal`:
    support for stress symptoms answers what the person reported, whatever the diagnosis).
    """
    taken = {i.action_id for i in review.items if i.action_id}
    dismissed = {d.mistake for d in review.decisions if d.verdict == "dismiss"}
    return tuple(
        a
        for a in result.actions
        if a.id not in taken
        and (a.outlives_dismissal or not (a.mistakes and set(a.mistakes) <= dismissed))
    )


def add_item(
    review: Review,
    *,
    now: datetime,
    title: str,
    owner: Owner,
    due: date,
    success_check: str,
    action: SuggestedAction | None = None,
    first_step: str | None = None,
    owner_name: str | None = None,
    uid: str | None = None,
) -> tuple[Review, PlanItem]:
    """Add an action to the plan (a suggested one when `action` is given) and return it too."""
    item = PlanItem(
        uid=uid or new_uid(),
        action_id=action.id if action else None,
        title=required_text(title, "the action", MAX_LINE),
        first_step=clean_optional(first_step),
        owner=owner,
        owner_name=clean_optional(owner_name),
        due=due,
        success_check=required_text(success_check, "how you will know it worked"),
    )
    updated = review.model_copy(update={"items": (*review.items, item), "updated_at": now})
    return updated, item


def update_item(review: Review, uid: str, *, now: datetime, **changes: object) -> Review:
    """Change fields of a plan item (owner, due, success check, ...); validation re-runs."""
    current = review.item(uid)
    if current is None:
        raise KeyError(uid)
    merged = PlanItem.model_validate({**current.model_dump(), **changes})
    items = tuple(merged if i.uid == uid else i for i in review.items)
    return review.model_copy(update={"items": items, "updated_at": now})


def remove_item(review: Review, uid: str, *, now: datetime) -> Review:
    """Take an action out of the plan."""
    items = tuple(i for i in review.items if i.uid != uid)
    return review.model_copy(update={"items": items, "updated_at": now})


def record_followup(
    review: Review, item_uid: str, status: ItemStatus, *, now: datetime, note: str | None = None
) -> Review:
    """Record how an item of the previous plan went, replacing an earlier record of it."""
    if status not in ITEM_STATUSES:
        raise InvalidAnswer(f"'{status}' is not one of {', '.join(ITEM_STATUSES)}")
    followup = FollowUp(item_uid=item_uid, status=status, note=clean_optional(note))
    kept = tuple(f for f in review.followups if f.item_uid != item_uid)
    return review.model_copy(update={"followups": (*kept, followup), "updated_at": now})


def set_coach(review: Review, coach: str | None, *, now: datetime) -> Review:
    """Name the coach who leads the review."""
    return review.model_copy(update={"coach": clean_optional(coach), "updated_at": now})


def set_notes(review: Review, notes: str | None, *, now: datetime) -> Review:
    """The coach's overall notes on the review."""
    return review.model_copy(update={"notes": clean_optional(notes), "updated_at": now})


def close(review: Review, *, now: datetime) -> Review:
    """Mark the review finished; it can still be reopened and edited."""
    return review.model_copy(update={"status": "closed", "updated_at": now})


def reopen(review: Review, *, now: datetime) -> Review:
    """Open a closed review again for editing."""
    return review.model_copy(update={"status": "open", "updated_at": now})


def pending_followups(review: Review, previous: Iterable[PlanItem]) -> tuple[PlanItem, ...]:
    """The items of the previous plan not yet followed up in this review."""
    recorded = {f.item_uid for f in review.followups}
    return tuple(i for i in previous if i.uid not in recorded)
