"""Follow-through: what was committed last time, what became of it, and facts rules can read.

At the start of `coach assess`, the session asks about each pending commitment
(`pending_followups`) and records the answer (`record_followup`) against the new draft.
`followup_facts` turns those answers into facts: `followup.<action_id>` is the status,
`followup.<action_id>.promised` how many of the person's plans held that action.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Any

import sqlalchemy as sa

from coach.errors import NotInHistoryError, StoreError
from coach.model.followup import FOLLOWUP_STATUSES, followup_facts_of
from coach.store.db import Store, new_uid, now
from coach.store.people import find_person
from coach.store.records import Commitment
from coach.store.schema import (
    OPEN_STATUSES,
    assessments,
    followups,
    plan_items,
    reviews,
)


def _commitments(connection: sa.Connection, *where: Any) -> list[Commitment]:
    query = (
        sa.select(plan_items, reviews.c.assessment_id, assessments.c.quarter)
        .join(reviews, plan_items.c.review_id == reviews.c.id)
        .join(assessments, reviews.c.assessment_id == assessments.c.id)
        .where(*where)
        .order_by(assessments.c.quarter, assessments.c.created_at, plan_items.c.position)
    )
    fields = Commitment.__dataclass_fields__
    rows = connection.execute(query).mappings()
    found = [Commitment(**{k: v for k, v in row.items() if k in fields}) for row in rows]
    promised = Counter(c.action_id for c in found if c.action_id is not None)
    return [replace(c, promised=promised[c.action_id]) if c.action_id else c for c in found]


def _of_person(connection: sa.Connection, person: str) -> list[Commitment]:
    pid = find_person(connection, person)
    return [] if pid is None else _commitments(connection, assessments.c.person_id == pid)


def _newest_per_action(items: list[Commitment]) -> list[Commitment]:
    # An action committed again in a later plan supersedes the earlier commitment.
    newest: dict[str, Commitment] = {}
    for item in items:
        if item.action_id is not None:
            newest[item.action_id] = item
    return [i for i in items if i.action_id is None or newest[i.action_id] is i]


def commitments(store: Store, person: str) -> list[Commitment]:
    """Every action `person` committed to, oldest plan first, with statuses and promise counts."""
    with store.read() as connection:
        return _of_person(connection, person)


def pending_followups(
    store: Store, person: str, *, answered_in: int | None = None
) -> list[Commitment]:
    """The committed actions still open (not started or partly done) to ask about.

    One per action: an action committed again in a later plan is asked about once. Those
    already answered during assessment `answered_in` (a resumed draft) are left out.
    Ordered by due date, then by plan.
    """
    with store.read() as connection:
        items = _newest_per_action(_of_person(connection, person))
        answered: set[int] = set()
        if answered_in is not None:
            query = sa.select(followups.c.plan_item_id).where(
                followups.c.assessment_id == answered_in
            )
            answered = set(connection.execute(query).scalars())
    pending = [i for i in items if i.status in OPEN_STATUSES and i.id not in answered]
    return sorted(pending, key=lambda i: (i.due, i.quarter, i.position))


def recorded_followups(store: Store, assessment_id: int) -> list[Commitment]:
    """The commitments followed up during assessment `assessment_id`, as answered there.

    Status and note are those given during that assessment (a resumed session shows them when
    the person goes back). Ordered like `pending_followups`.
    """
    with store.read() as connection:
        asked = connection.execute(
            sa.select(followups.c.plan_item_id, followups.c.status, followups.c.note).where(
                followups.c.assessment_id == assessment_id
            )
        ).all()
        if not asked:
            return []
        person = connection.execute(
            sa.select(assessments.c.person_id).where(assessments.c.id == assessment_id)
        ).scalar_one()
        items = {c.id: c for c in _commitments(connection, assessments.c.person_id == person)}
    found = [
        replace(items[item_id], status=status, note=note)
        for item_id, status, note in asked
        if item_id in items
    ]
    return sorted(found, key=lambda i: (i.due, i.quarter, i.position))


def record_followup(
    store: Store,
    item_id: int,
    status: str,
    note: str | None = None,
    *,
    assessment_id: int | None = None,
) -> None:
    """Record what became of a committed action: done, partly, not_started or dropped.

    Given the assessment during which it was asked, answering again replaces the earlier answer.
    """
    if status not in FOLLOWUP_STATUSES:
        raise StoreError(f"a follow-up is one of {', '.join(FOLLOWUP_STATUSES)}, not '{status}'")
    when = now()
    values = {"status": status, "note": note}
    with store.write() as connection:
        update = plan_items.update().where(plan_items.c.id == item_id)
        if connection.execute(update.values(updated_at=when, **values)).rowcount == 0:
            raise NotInHistoryError(f"there is no plan item #{item_id} in the history")
        if assessment_id is not None:
            same = (followups.c.plan_item_id == item_id) & (
                followups.c.assessment_id == assessment_id
            )
            changed = followups.update().where(same).values(recorded_at=when, **values)
            if connection.execute(changed).rowcount:
                return
        connection.execute(
            followups.insert().values(
                uid=new_uid(),
                plan_item_id=item_id,
                assessment_id=assessment_id,
                recorded_at=when,
                **values,
            )
        )


def followup_facts(store: Store, assessment_id: int) -> dict[str, str | int]:
    """The follow-ups recorded during an assessment, as facts for rules.

    `followup.<action_id>`: done | partly | not_started | dropped;
    `followup.<action_id>.promised`: how many of the person's plans held that action.
    Custom actions (no action id) are not facts.
    """
    with store.read() as connection:
        person = connection.execute(
            sa.select(assessments.c.person_id).where(assessments.c.id == assessment_id)
        ).scalar_one_or_none()
        if person is None:
            raise NotInHistoryError(f"there is no assessment #{assessment_id} in the history")
        items = {c.id: c for c in _commitments(connection, assessments.c.person_id == person)}
        asked = connection.execute(
            sa.select(followups.c.plan_item_id, followups.c.status)
            .where(followups.c.assessment_id == assessment_id)
            .order_by(followups.c.recorded_at)
        ).all()
    facts: dict[str, str | int] = {}
    for item_id, status in asked:
        item = items.get(item_id)
        if item is not None and item.action_id is not None:
            facts.update(followup_facts_of(item.action_id, status, item.promised))
    return facts
