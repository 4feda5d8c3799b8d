"""Rows to records, and the messages about missing rows, for the store's query modules.

The store reads with SQLAlchemy Core (`assessments`, `reviews`, `people`) and turns rows into
records here. No SQLAlchemy in this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from coach.errors import NotInHistoryError, StoreError, did_you_mean
from coach.model.answers import AnswerValue
from coach.model.plan import Decision, FollowUp, PlanItem, Review
from coach.model.quarters import check_person, is_quarter, parse_quarter
from coach.model.results import ContentRef, Result
from coach.store.records import AssessmentInfo

# A row by column name: SQLAlchemy's RowMapping, or a dict built from an sqlite3 cursor.
Row = Mapping[Any, Any]

ITEM_FIELDS = tuple(f for f in PlanItem.model_fields if f != "uid")
DECISION_FIELDS = tuple(Decision.model_fields)


def clean_name(name: str) -> str:
    """A person's name as stored, or a StoreError saying what is wrong with it."""
    try:
        return check_person(name)
    except ValueError as error:
        raise StoreError(str(error)) from None


def no_person(name: str, names: Iterable[str]) -> NotInHistoryError:
    """The error for a person with no history, suggesting a close name or listing everyone."""
    known = list(names)
    hint = did_you_mean(name, known)
    listed = ""
    if known and not hint:
        listed = f"; people in the history: {', '.join(sorted(known))} (use --person NAME)"
    return NotInHistoryError(f"no history for '{name}'{hint}{listed}")


def no_assessment(assessment_id: int) -> NotInHistoryError:
    """The error for an assessment number that is not in the history."""
    return NotInHistoryError(f"there is no assessment #{assessment_id} in the history")


def no_complete_assessment(person: str, quarter: str | None) -> NotInHistoryError:
    """The error when a person has no complete assessment (in a quarter, when given)."""
    what = f" in {quarter}" if quarter else ""
    return NotInHistoryError(f"no complete assessment of '{person}'{what} in the history")


def read_selector(selector: str | None) -> int | str | None:
    """Which assessment: its number (`12` or `#12`), a quarter (`2026-Q1`), or None (the latest).

    Raises:
        StoreError: the selector is neither.
    """
    if selector is None:
        return None
    if selector.lstrip("#").isdigit():
        return int(selector.lstrip("#"))
    if not is_quarter(selector):
        raise StoreError(f"'{selector}' is neither an assessment number nor a quarter")
    return parse_quarter(selector)


def value_from_json(value: Any) -> AnswerValue:
    """An answer read back from JSON (lists become tuples again)."""
    return tuple(str(v) for v in value) if isinstance(value, list) else value


def questionnaire_ref(row: Row) -> ContentRef:
    """The questionnaire an assessment row was answered with (the store's own, trusted data)."""
    return ContentRef.trusted(
        id=row["questionnaire_id"],
        version=row["questionnaire_version"],
        hash=row["questionnaire_hash"],
    )


def pack_ref(row: Row) -> ContentRef | None:
    """The rule pack an assessment row was assessed with (None while a draft)."""
    if row["pack_name"] is None:
        return None
    return ContentRef.trusted(
        id=row["pack_name"], version=row["pack_version"], hash=row["pack_hash"]
    )


def to_info(row: Row) -> AssessmentInfo:
    """An assessment row joined with its person's name (as `person`)."""
    return AssessmentInfo(
        id=row["id"],
        uid=row["uid"],
        person=row["person"],
        status=row["status"],
        quarter=row["quarter"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        questionnaire=questionnaire_ref(row),
        pack=pack_ref(row),
    )


def to_result(info: AssessmentInfo, raw: Any) -> Result | None:
    """An assessment's stored result (None while a draft), or a StoreError saying what to do."""
    if raw is None:
        return None
    try:
        return Result.model_validate(raw)
    except ValidationError:
        raise StoreError(
            f"the report of assessment #{info.id} was saved in a form this coach cannot read; "
            f"`coach show {info.id} --rerun` assesses its answers with today's rules"
        ) from None


def to_item(row: Row) -> PlanItem:
    """A plan item row."""
    return PlanItem(uid=row["uid"], **{k: row[k] for k in ITEM_FIELDS})


def to_review(
    row: Row,
    decisions: Iterable[Row],
    items: Iterable[PlanItem],
    followups: Iterable[tuple[Any, Any, Any]],
) -> Review:
    """A review row with its decision rows, its items and its (item uid, status, note) rows."""
    fields = {k: row[k] for k in Review.model_fields if k in row}
    return Review(
        **fields,
        decisions=tuple(Decision(**{k: d[k] for k in DECISION_FIELDS}) for d in decisions),
        items=tuple(items),
        followups=tuple(FollowUp(item_uid=u, status=s, note=n) for u, s, n in followups),
    )
