"""Assessments: drafts saved one answer at a time, completed with their result, read back.

The interactive session calls `start_draft`, then `save_answer` / `drop_answer` the moment each
answer is given or taken back (one short transaction each, fsynced), and `complete` at the end.
`coach assess --answers FILE` saves everything at once with `save_assessment`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from coach.errors import StoreError
from coach.model.answers import Answers, AnswerValue
from coach.model.quarters import parse_quarter, quarter_of
from coach.model.questionnaire import Questionnaire
from coach.model.results import ContentRef, Result
from coach.store.backend import upsert
from coach.store.db import Store, new_uid, now
from coach.store.people import ensure_person, find_person, person_id
from coach.store.records import AssessmentInfo, StoredAssessment, StoredDraft
from coach.store.rows import (
    clean_name,
    no_assessment,
    no_complete_assessment,
    questionnaire_ref,
    read_selector,
    to_info,
    to_result,
    value_from_json,
)
from coach.store.schema import answers, assessments, people

OLDEST_FIRST = (assessments.c.quarter, assessments.c.created_at, assessments.c.id)
NEWEST_FIRST = (
    assessments.c.quarter.desc(),
    assessments.c.created_at.desc(),
    assessments.c.id.desc(),
)


def value_to_json(value: AnswerValue) -> Any:
    """An answer as JSON holds it (multi answers as lists)."""
    return list(value) if isinstance(value, tuple) else value


def _quarter(override: str | None, when: datetime) -> str:
    if override is None:
        return quarter_of(when.astimezone().date())  # the person's local date, not UTC
    try:
        return parse_quarter(override)
    except ValueError as error:
        raise StoreError(str(error)) from None


def _new_row(connection: sa.Connection, person: str, questionnaire: ContentRef) -> int:
    when = now()
    values = {
        "uid": new_uid(),
        "person_id": ensure_person(connection, person),
        "status": "draft",
        "quarter": _quarter(None, when),
        "created_at": when,
        "updated_at": when,
        "questionnaire_id": questionnaire.id,
        "questionnaire_version": questionnaire.version,
        "questionnaire_hash": questionnaire.hash,
    }
    key = connection.execute(assessments.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def start_draft(
    store: Store,
    person: str,
    questionnaire: Questionnaire,
    *,
    session: dict[str, Any] | None = None,
) -> int:
    """Begin an assessment for `person`; returns its id, for `save_answer` and `complete`."""
    stamp = ContentRef.trusted(
        id=questionnaire.id, version=questionnaire.version, hash=questionnaire.content_hash
    )
    with store.write() as connection:
        assessment_id = _new_row(connection, person, stamp)
        if session is not None:
            _touch(connection, assessment_id, session=session)
        return assessment_id


def _require_draft(connection: sa.Connection, assessment_id: int) -> None:
    query = sa.select(assessments.c.status).where(assessments.c.id == assessment_id)
    status = connection.execute(query).scalar_one_or_none()
    if status is None:
        raise no_assessment(assessment_id)
    if status != "draft":
        raise StoreError(f"assessment #{assessment_id} is complete; its answers cannot change")


def _touch(connection: sa.Connection, assessment_id: int, **values: Any) -> None:
    update = assessments.update().where(assessments.c.id == assessment_id)
    connection.execute(update.values(updated_at=now(), **values))


def _put_answer(
    connection: sa.Connection, assessment_id: int, ref: str, value: AnswerValue
) -> None:
    _put_answers(connection, assessment_id, {ref: value})


def _put_answers(connection: sa.Connection, assessment_id: int, given: Answers) -> None:
    # One statement, INSERT ... ON CONFLICT DO UPDATE, sent once for all the rows: no race
    # between two writers on either database.
    if not given:
        return
    when = now()
    rows = [
        {"assessment_id": assessment_id, "ref": ref, "value": value_to_json(v), "answered_at": when}
        for ref, v in given.items()
    ]
    insert = upsert(connection, answers)
    changed = {"value": insert.excluded.value, "answered_at": insert.excluded.answered_at}
    statement = insert.on_conflict_do_update(index_elements=["assessment_id", "ref"], set_=changed)
    connection.execute(statement, rows)


def save_answer(store: Store, assessment_id: int, ref: str, value: AnswerValue) -> None:
    """Save (or change) one answer of a draft; committed and on disk when this returns."""
    with store.write() as connection:
        _require_draft(connection, assessment_id)
        _put_answer(connection, assessment_id, ref, value)
        _touch(connection, assessment_id)


def drop_answer(store: Store, assessment_id: int, ref: str) -> None:
    """Forget one answer of a draft (taken back, or its question is no longer asked)."""
    with store.write() as connection:
        _require_draft(connection, assessment_id)
        row = (answers.c.assessment_id == assessment_id) & (answers.c.ref == ref)
        connection.execute(answers.delete().where(row))
        _touch(connection, assessment_id)


def save_session(store: Store, assessment_id: int, session: dict[str, Any] | None) -> None:
    """Keep the interactive session's own state with a draft (position, skipped questions)."""
    with store.write() as connection:
        _require_draft(connection, assessment_id)
        _touch(connection, assessment_id, session=session)


def discard_draft(store: Store, assessment_id: int) -> None:
    """Delete a draft and its answers (starting over)."""
    with store.write() as connection:
        _require_draft(connection, assessment_id)
        connection.execute(answers.delete().where(answers.c.assessment_id == assessment_id))
        connection.execute(assessments.delete().where(assessments.c.id == assessment_id))


def _answers_of(connection: sa.Connection, assessment_id: int) -> Answers:
    query = (
        sa.select(answers.c.ref, answers.c.value)
        .where(answers.c.assessment_id == assessment_id)
        .order_by(answers.c.answered_at, answers.c.ref)
    )
    return {ref: value_from_json(value) for ref, value in connection.execute(query)}


def latest_draft(store: Store, person: str, questionnaire_id: str) -> StoredDraft | None:
    """The newest unfinished assessment of `person` for a questionnaire, or None."""
    with store.read() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return None
        query = (
            sa.select(assessments)
            .where(assessments.c.person_id == pid)
            .where(assessments.c.questionnaire_id == questionnaire_id)
            .where(assessments.c.status == "draft")
            .order_by(assessments.c.updated_at.desc(), assessments.c.id.desc())
            .limit(1)
        )
        row = connection.execute(query).mappings().first()
        if row is None:
            return None
        return StoredDraft(
            id=row["id"],
            person=clean_name(person),
            questionnaire=questionnaire_ref(row),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            answers=_answers_of(connection, row["id"]),
            session=row["session"],
        )


def _finish(
    connection: sa.Connection, assessment_id: int, result: Result, quarter: str | None
) -> None:
    when = now()
    _touch(
        connection,
        assessment_id,
        status="complete",
        completed_at=when,
        quarter=_quarter(quarter, when),
        questionnaire_id=result.questionnaire.id,
        questionnaire_version=result.questionnaire.version,
        questionnaire_hash=result.questionnaire.hash,
        pack_name=result.pack.id,
        pack_version=result.pack.version,
        pack_hash=result.pack.hash,
        result=result.model_dump(mode="json"),
        session=None,
    )


def _replace_answers(connection: sa.Connection, assessment_id: int, given: Answers) -> None:
    stored = _answers_of(connection, assessment_id)
    for ref in stored.keys() - given.keys():
        row = (answers.c.assessment_id == assessment_id) & (answers.c.ref == ref)
        connection.execute(answers.delete().where(row))
    for ref, value in given.items():
        if stored.get(ref, None) != value:
            _put_answer(connection, assessment_id, ref, value)


def complete(
    store: Store,
    assessment_id: int,
    result: Result,
    *,
    answers_given: Answers | None = None,
    quarter: str | None = None,
) -> AssessmentInfo:
    """Finish a draft with its result; the quarter comes from today unless `quarter` is given.

    With `answers_given`, the stored answers are made to match them exactly first (answers the
    session dropped without calling `drop_answer` are removed).
    """
    with store.write() as connection:
        _require_draft(connection, assessment_id)
        if answers_given is not None:
            _replace_answers(connection, assessment_id, answers_given)
        _finish(connection, assessment_id, result, quarter)
        return _info(connection, assessment_id)


def save_assessment(
    store: Store, person: str, answers_given: Answers, result: Result, *, quarter: str | None = None
) -> AssessmentInfo:
    """Save a finished assessment (answers and result) in one transaction."""
    with store.write() as connection:
        assessment_id = _new_row(connection, person, result.questionnaire)
        _put_answers(connection, assessment_id, answers_given)
        _finish(connection, assessment_id, result, quarter)
        return _info(connection, assessment_id)


def _info_query() -> sa.Select[Any]:
    return sa.select(assessments, people.c.name.label("person")).join(people)


def _info(connection: sa.Connection, assessment_id: int) -> AssessmentInfo:
    query = _info_query().where(assessments.c.id == assessment_id)
    row = connection.execute(query).mappings().first()
    if row is None:
        raise no_assessment(assessment_id)
    return to_info(row)


def list_assessments(store: Store, person: str, *, drafts: bool = False) -> list[AssessmentInfo]:
    """A person's assessments, oldest quarter first (within a quarter, oldest first)."""
    with store.read() as connection:
        query = _info_query().where(assessments.c.person_id == person_id(connection, person))
        if not drafts:
            query = query.where(assessments.c.status == "complete")
        rows = connection.execute(query.order_by(*OLDEST_FIRST)).mappings()
        return [to_info(row) for row in rows]


def complete_assessments(store: Store, person: str) -> list[StoredAssessment]:
    """A person's complete assessments with answers and results, oldest quarter first."""
    with store.read() as connection:
        query = (
            _info_query()
            .add_columns(assessments.c.result.label("stored_result"))
            .where(assessments.c.person_id == person_id(connection, person))
            .where(assessments.c.status == "complete")
            .order_by(*OLDEST_FIRST)
        )
        found = []
        for row in connection.execute(query).mappings().all():
            info = to_info(row)
            given = _answers_of(connection, info.id)
            found.append(StoredAssessment(info, given, to_result(info, row["stored_result"])))
        return found


def get_assessment(store: Store, assessment_id: int) -> StoredAssessment:
    """One assessment with its answers and result."""
    with store.read() as connection:
        info = _info(connection, assessment_id)
        query = sa.select(assessments.c.result).where(assessments.c.id == assessment_id)
        raw = connection.execute(query).scalar_one()
        return StoredAssessment(info, _answers_of(connection, assessment_id), to_result(info, raw))


def previous_answers(store: Store, person: str, questionnaire_id: str) -> Answers:
    """The answers of `person`'s latest complete assessment of a questionnaire ({} if none)."""
    with store.read() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return {}
        query = (
            sa.select(assessments.c.id)
            .where(assessments.c.person_id == pid)
            .where(assessments.c.questionnaire_id == questionnaire_id)
            .where(assessments.c.status == "complete")
            .order_by(*NEWEST_FIRST)
            .limit(1)
        )
        latest = connection.execute(query).scalar_one_or_none()
        return {} if latest is None else _answers_of(connection, latest)


def select_assessment(store: Store, person: str, selector: str | None) -> AssessmentInfo:
    """Pick an assessment by `#id`/`id`, by quarter (its latest), or the latest when None."""
    chosen = read_selector(selector)
    with store.read() as connection:
        if isinstance(chosen, int):
            return _info(connection, chosen)
        query = (
            _info_query()
            .where(assessments.c.person_id == person_id(connection, person))
            .where(assessments.c.status == "complete")
        )
        if chosen is not None:
            query = query.where(assessments.c.quarter == chosen)
        row = connection.execute(query.order_by(*NEWEST_FIRST).limit(1)).mappings().first()
        if row is None:
            raise no_complete_assessment(person, chosen)
        return to_info(row)
