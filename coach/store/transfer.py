"""Export one person's history to a file and import it back, idempotently."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from coach.errors import StoreError
from coach.store import exchange as x
from coach.store.db import Store
from coach.store.habits_transfer import fields_of, habits_out, import_habits, rows_of
from coach.store.people import find_person, person_id
from coach.store.rows import clean_name, pack_ref, questionnaire_ref
from coach.store.schema import (
    answers,
    assessments,
    decisions,
    followups,
    people,
    plan_items,
    reviews,
)


def _assessment_out(connection: sa.Connection, row: dict[str, Any]) -> x.AssessmentOut:
    given = rows_of(
        connection,
        sa.select(answers.c.ref, answers.c.value, answers.c.answered_at)
        .where(answers.c.assessment_id == row["id"])
        .order_by(answers.c.ref),
    )
    return x.AssessmentOut(
        uid=row["uid"],
        status=row["status"],
        quarter=row["quarter"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        completed_at=row["completed_at"],
        questionnaire=questionnaire_ref(row),
        pack=pack_ref(row),
        answers=[x.AnswerOut.model_validate(a) for a in given],
        result=row["result"],
        session=row["session"],
    )


@dataclass(frozen=True)
class _Uids:
    """Local ids -> uids of the rows an export holds."""

    assessments: dict[int, str]
    reviews: dict[int, str]


def _followups_out(connection: sa.Connection, item_id: int, uids: _Uids) -> list[x.FollowupOut]:
    query = (
        sa.select(followups)
        .where(followups.c.plan_item_id == item_id)
        .order_by(followups.c.recorded_at, followups.c.uid)
    )
    return [
        x.FollowupOut(
            uid=f["uid"],
            assessment=uids.assessments.get(f["assessment_id"]) if f["assessment_id"] else None,
            review=uids.reviews.get(f["review_id"]) if f["review_id"] else None,
            status=f["status"],
            note=f["note"],
            recorded_at=f["recorded_at"],
        )
        for f in rows_of(connection, query)
    ]


def _items_out(connection: sa.Connection, review_id: int, uids: _Uids) -> list[x.ItemOut]:
    query = sa.select(plan_items).where(plan_items.c.review_id == review_id)
    return [
        x.ItemOut(
            **fields_of(x.ItemOut, item), followups=_followups_out(connection, item["id"], uids)
        )
        for item in rows_of(connection, query.order_by(plan_items.c.position, plan_items.c.uid))
    ]


def _reviews_out(connection: sa.Connection, assessment_uids: dict[int, str]) -> list[x.ReviewOut]:
    query = sa.select(reviews).where(reviews.c.assessment_id.in_(list(assessment_uids)))
    rows = rows_of(connection, query.order_by(reviews.c.created_at, reviews.c.uid))
    uids = _Uids(assessment_uids, {r["id"]: r["uid"] for r in rows})
    out = []
    for review in rows:
        made = rows_of(
            connection,
            sa.select(decisions)
            .where(decisions.c.review_id == review["id"])
            .order_by(decisions.c.mistake),
        )
        fields = fields_of(x.ReviewOut, review)
        fields["assessment"] = assessment_uids[review["assessment_id"]]
        out.append(
            x.ReviewOut(
                **fields,
                decisions=[x.DecisionOut(**fields_of(x.DecisionOut, d)) for d in made],
                items=_items_out(connection, review["id"], uids),
            )
        )
    return out


def export_person(store: Store, person: str) -> x.HistoryExport:
    """Everything recorded about one person, in a fixed order."""
    with store.read() as connection:
        pid = person_id(connection, person)
        who = connection.execute(sa.select(people).where(people.c.id == pid)).mappings().one()
        query = sa.select(assessments).where(assessments.c.person_id == pid)
        rows = rows_of(connection, query.order_by(assessments.c.created_at, assessments.c.uid))
        uids = {row["id"]: row["uid"] for row in rows}
        return x.HistoryExport(
            format=x.FORMAT,
            version=x.FORMAT_VERSION,
            person=x.PersonOut(name=who["name"], created_at=who["created_at"]),
            assessments=[_assessment_out(connection, row) for row in rows],
            reviews=_reviews_out(connection, uids),
            **habits_out(connection, pid),
        )


def read_export(path: Path) -> x.HistoryExport:
    """Read and check an export file whole (coach.store.exchange.parse) before anything is written.

    Raises:
        ContentError: the file is not JSON, not an export, or refers to rows it does not hold;
            every problem at its JSON path.
    """
    from coach.content.files import read_text_or_raise
    from coach.content.limits import MAX_EXPORT_BYTES
    from coach.content.pack import display_path

    shown = display_path(path)
    text = read_text_or_raise(path, shown, MAX_EXPORT_BYTES)  # a regular UTF-8 file only
    return x.parse(text, shown)


@dataclass(frozen=True)
class Imported:
    """What an import added, and what was already there (and so left as it was)."""

    person: str
    added: int
    present: int
    habits: int = 0  # brag entries, shares, jobs and job tests added


def _insert(connection: sa.Connection, table: sa.Table, values: dict[str, Any]) -> int:
    key = connection.execute(table.insert().values(**values)).inserted_primary_key
    assert key is not None
    return int(key[0])


def _existing(connection: sa.Connection, table: sa.Table, uid: str) -> sa.RowMapping | None:
    return connection.execute(sa.select(table).where(table.c.uid == uid)).mappings().first()


def _import_assessment(connection: sa.Connection, pid: int, item: x.AssessmentOut) -> int | None:
    found = _existing(connection, assessments, item.uid)
    if found is not None:
        if found["person_id"] != pid:
            names = dict(
                connection.execute(
                    sa.select(people.c.id, people.c.name).where(
                        people.c.id.in_((pid, found["person_id"]))
                    )
                ).all()
            )
            raise StoreError(
                f"assessment {item.uid} of this file (about '{names.get(pid, '?')}') is already "
                f"in the history, about '{names.get(found['person_id'], '?')}': one assessment "
                "belongs to one person, so nothing was imported. Was the file's person renamed? "
                "Export again under the name the history knows."
            )
        return None
    values = item.model_dump(exclude={"questionnaire", "pack", "answers", "result"})
    values["result"] = item.result.model_dump(mode="json") if item.result else None
    stamps = {
        "questionnaire_id": item.questionnaire.id,
        "questionnaire_version": item.questionnaire.version,
        "questionnaire_hash": item.questionnaire.hash,
        "pack_name": item.pack.id if item.pack else None,
        "pack_version": item.pack.version if item.pack else None,
        "pack_hash": item.pack.hash if item.pack else None,
    }
    new_id = _insert(connection, assessments, {**values, **stamps, "person_id": pid})
    for answer in item.answers:
        _insert(connection, answers, {**answer.model_dump(), "assessment_id": new_id})
    return new_id


def _import_reviews(
    connection: sa.Connection, document: x.HistoryExport, assessment_ids: dict[str, int]
) -> None:
    # Reviews first, then their items, then follow-ups: a follow-up recorded in a later review
    # names an item of an earlier one, and either may be new.
    review_ids: dict[str, int] = {}
    for review in document.reviews:
        found = _existing(connection, reviews, review.uid)
        if found is not None:
            review_ids[review.uid] = found["id"]
            continue
        values = review.model_dump(exclude={"assessment", "decisions", "items"})
        values["assessment_id"] = assessment_ids[review.assessment]
        review_ids[review.uid] = _insert(connection, reviews, values)
        for made in review.decisions:
            _insert(
                connection, decisions, {**made.model_dump(), "review_id": review_ids[review.uid]}
            )
    item_ids: dict[str, int] = {}
    for review in document.reviews:
        for item in review.items:
            row = _existing(connection, plan_items, item.uid)
            values = {**item.model_dump(exclude={"followups"}), "review_id": review_ids[review.uid]}
            item_ids[item.uid] = row["id"] if row else _insert(connection, plan_items, values)
    for review in document.reviews:
        for item in review.items:
            for done in item.followups:
                if _existing(connection, followups, done.uid) is not None:
                    continue
                values = done.model_dump(exclude={"assessment", "review"})
                values["plan_item_id"] = item_ids[item.uid]
                values["assessment_id"] = (
                    assessment_ids[done.assessment] if done.assessment else None
                )
                values["review_id"] = review_ids[done.review] if done.review else None
                _insert(connection, followups, values)


def import_history(store: Store, document: x.HistoryExport) -> Imported:
    """Add what the file holds and the history does not, all in one transaction."""
    name = clean_name(document.person.name)
    with store.write() as connection:
        pid = find_person(connection, name)
        if pid is None:
            pid = _insert(
                connection, people, {"name": name, "created_at": document.person.created_at}
            )
        ids: dict[str, int] = {}
        added = 0
        for item in document.assessments:
            new_id = _import_assessment(connection, pid, item)
            added += new_id is not None
            found = _existing(connection, assessments, item.uid)
            assert found is not None
            ids[item.uid] = found["id"]
        _import_reviews(connection, document, ids)
        habits = import_habits(connection, pid, document)
    return Imported(name, added, len(document.assessments) - added, habits)
