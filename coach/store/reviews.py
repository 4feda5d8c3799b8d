"""Coach-led reviews (issue 5): saved whole after every decision, read back as `Review` models.

`save_review` is the `save` the review flow calls after each decision: one transaction that
makes the stored review equal the model (decisions, plan items in order, follow-ups of earlier
plans), so an interrupted review keeps everything decided up to that moment.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from coach.errors import NotInHistoryError, StoreError
from coach.model.plan import Decision, FollowUp, PlanItem, PreviousPlan, Review
from coach.store.assessments import NEWEST_FIRST
from coach.store.db import Store, new_uid, now
from coach.store.people import find_person
from coach.store.rows import ITEM_FIELDS, to_item, to_review
from coach.store.schema import assessments, decisions, followups, plan_items, reviews


def _upsert_review(connection: sa.Connection, review: Review) -> int:
    values = review.model_dump(include={"coach", "status", "notes", "updated_at"})
    found = connection.execute(
        sa.select(reviews.c.id, reviews.c.assessment_id).where(reviews.c.uid == review.uid)
    ).first()
    if found is not None:
        if found.assessment_id != review.assessment_id:
            raise StoreError(f"review {review.uid} belongs to another assessment")
        connection.execute(reviews.update().where(reviews.c.id == found.id).values(**values))
        return int(found.id)
    status = connection.execute(
        sa.select(assessments.c.status).where(assessments.c.id == review.assessment_id)
    ).scalar_one_or_none()
    if status != "complete":
        raise NotInHistoryError(f"there is no complete assessment #{review.assessment_id}")
    insert = reviews.insert().values(
        uid=review.uid,
        assessment_id=review.assessment_id,
        created_at=review.created_at,
        **values,
    )
    key = connection.execute(insert).inserted_primary_key
    assert key is not None
    return int(key[0])


def _save_decisions(connection: sa.Connection, review_id: int, made: tuple[Decision, ...]) -> None:
    connection.execute(decisions.delete().where(decisions.c.review_id == review_id))
    for decision in made:
        connection.execute(decisions.insert().values(review_id=review_id, **decision.model_dump()))


def _save_items(connection: sa.Connection, review_id: int, items: tuple[PlanItem, ...]) -> None:
    stored = {
        row.uid: row
        for row in connection.execute(
            sa.select(plan_items).where(plan_items.c.review_id == review_id)
        )
    }
    for gone in stored.keys() - {i.uid for i in items}:
        item_id = stored[gone].id
        connection.execute(followups.delete().where(followups.c.plan_item_id == item_id))
        connection.execute(plan_items.delete().where(plan_items.c.id == item_id))
    for position, item in enumerate(items, start=1):
        values: dict[str, Any] = {**item.model_dump(include=set(ITEM_FIELDS)), "position": position}
        row = stored.get(item.uid)
        if row is None:
            when = now()
            connection.execute(
                plan_items.insert().values(
                    uid=item.uid, review_id=review_id, created_at=when, updated_at=when, **values
                )
            )
        elif any(getattr(row, k) != v for k, v in values.items()):
            update = plan_items.update().where(plan_items.c.id == row.id)
            connection.execute(update.values(updated_at=now(), **values))


def _save_followups(
    connection: sa.Connection, review_id: int, recorded: tuple[FollowUp, ...]
) -> None:
    connection.execute(followups.delete().where(followups.c.review_id == review_id))
    for followup in recorded:
        item_id = connection.execute(
            sa.select(plan_items.c.id).where(plan_items.c.uid == followup.item_uid)
        ).scalar_one_or_none()
        if item_id is None:
            raise NotInHistoryError(f"there is no plan item {followup.item_uid} to follow up")
        when = now()
        connection.execute(
            followups.insert().values(
                uid=new_uid(),
                plan_item_id=item_id,
                review_id=review_id,
                status=followup.status,
                note=followup.note,
                recorded_at=when,
            )
        )
        update = plan_items.update().where(plan_items.c.id == item_id)
        connection.execute(
            update.values(status=followup.status, note=followup.note, updated_at=when)
        )


def save_review(store: Store, review: Review) -> None:
    """Make the stored review equal `review` (created on first save); one transaction."""
    with store.write() as connection:
        review_id = _upsert_review(connection, review)
        _save_decisions(connection, review_id, review.decisions)
        _save_items(connection, review_id, review.items)
        _save_followups(connection, review_id, review.followups)


def _items(connection: sa.Connection, review_id: int) -> tuple[PlanItem, ...]:
    query = (
        sa.select(plan_items)
        .where(plan_items.c.review_id == review_id)
        .order_by(plan_items.c.position)
    )
    return tuple(to_item(row) for row in connection.execute(query).mappings())


def _review(connection: sa.Connection, row: sa.RowMapping) -> Review:
    made = connection.execute(
        sa.select(decisions).where(decisions.c.review_id == row["id"]).order_by("mistake")
    ).mappings()
    done = connection.execute(
        sa.select(plan_items.c.uid, followups.c.status, followups.c.note)
        .join(plan_items, followups.c.plan_item_id == plan_items.c.id)
        .where(followups.c.review_id == row["id"])
        .order_by(followups.c.id)
    )
    return to_review(row, made, _items(connection, row["id"]), done)


def load_review(store: Store, assessment_id: int) -> Review | None:
    """The review of an assessment (the newest, should there be several), or None."""
    with store.read() as connection:
        row = (
            connection.execute(
                sa.select(reviews)
                .where(reviews.c.assessment_id == assessment_id)
                .order_by(reviews.c.updated_at.desc(), reviews.c.id.desc())
                .limit(1)
            )
            .mappings()
            .first()
        )
        return None if row is None else _review(connection, row)


def previous_plan(store: Store, person: str, before: int | None = None) -> PreviousPlan | None:
    """The newest plan of `person`, from an assessment older than `before` when given."""
    with store.read() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return None
        query = (
            sa.select(reviews.c.id, reviews.c.coach, assessments.c.quarter)
            .join(assessments, reviews.c.assessment_id == assessments.c.id)
            .where(assessments.c.person_id == pid)
            .order_by(*NEWEST_FIRST, reviews.c.updated_at.desc())
        )
        if before is not None:
            query = query.where(_older_than(connection, before))
        first = connection.execute(query.limit(1)).first()
        if first is None:
            return None
        return PreviousPlan(
            quarter=first.quarter, items=_items(connection, first.id), coach=first.coach
        )


def _older_than(connection: sa.Connection, assessment_id: int) -> sa.ColumnElement[bool]:
    row = connection.execute(
        sa.select(assessments.c.quarter, assessments.c.created_at).where(
            assessments.c.id == assessment_id
        )
    ).first()
    if row is None:
        raise NotInHistoryError(f"there is no assessment #{assessment_id} in the history")
    quarter, created = assessments.c.quarter, assessments.c.created_at
    return sa.or_(
        quarter < row.quarter,
        (quarter == row.quarter) & (created < row.created_at),
        (quarter == row.quarter) & (created == row.created_at) & (assessments.c.id < assessment_id),
    )
