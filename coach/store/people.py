"""People with a history: one engineer by default ("me"), several for a coach."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from coach.store.backend import upsert
from coach.store.db import Store, now
from coach.store.records import Person
from coach.store.rows import clean_name, no_person
from coach.store.schema import (
    answers,
    assessments,
    brag_entries,
    brag_shares,
    decisions,
    followups,
    job_tests,
    jobs,
    people,
    plan_items,
    reviews,
)


def find_person(connection: sa.Connection, name: str) -> int | None:
    """The id of the person called `name`, or None."""
    query = sa.select(people.c.id).where(people.c.name == clean_name(name))
    return connection.execute(query).scalar_one_or_none()


def person_exists(store: Store, name: str) -> bool:
    """Whether anything is recorded about `name`."""
    with store.read() as connection:
        return find_person(connection, name) is not None


def person_id(connection: sa.Connection, name: str) -> int:
    """The id of the person called `name`; NotInHistoryError (with a suggestion) when absent."""
    found = find_person(connection, name)
    if found is not None:
        return found
    raise no_person(name, connection.execute(sa.select(people.c.name)).scalars())


def ensure_person(connection: sa.Connection, name: str) -> int:
    """The id of the person called `name`, adding them when new.

    Two writers adding the same new person at once (a team store): the second insert waits for
    the first, then does nothing (ON CONFLICT DO NOTHING), and both read the one row.
    """
    found = find_person(connection, name)
    if found is not None:
        return found
    insert = upsert(connection, people).values(name=clean_name(name), created_at=now())
    connection.execute(insert.on_conflict_do_nothing(index_elements=["name"]))
    return person_id(connection, name)


def list_people(store: Store) -> list[Person]:
    """Everyone with a history, by name, with how many assessments each has."""
    count = sa.func.count(assessments.c.id)
    query = (
        sa.select(people.c.name, people.c.created_at, count)
        .select_from(people.outerjoin(assessments))
        .group_by(people.c.id, people.c.name, people.c.created_at)
        .order_by(people.c.name)
    )
    with store.read() as connection:
        return [Person(name, created, int(n)) for name, created, n in connection.execute(query)]


@dataclass(frozen=True)
class Forgotten:
    """What `forget_person` deleted."""

    name: str
    assessments: int


def forget_person(store: Store, name: str) -> Forgotten:
    """Delete a person and everything recorded about them, then purge it from the WAL."""
    with store.write() as connection:
        pid = person_id(connection, name)
        ids = sa.select(assessments.c.id).where(assessments.c.person_id == pid)
        removed = len(connection.execute(ids).all())
        _delete_person_rows(connection, pid)
    store.forget_traces()
    return Forgotten(clean_name(name), removed)


def _delete_person_rows(connection: sa.Connection, pid: int) -> None:
    # Explicit, children first: correct even where foreign keys do not cascade.
    mine = sa.select(assessments.c.id).where(assessments.c.person_id == pid)
    their_reviews = sa.select(reviews.c.id).where(reviews.c.assessment_id.in_(mine))
    their_items = sa.select(plan_items.c.id).where(plan_items.c.review_id.in_(their_reviews))
    connection.execute(
        followups.delete().where(
            followups.c.plan_item_id.in_(their_items) | followups.c.assessment_id.in_(mine)
        )
    )
    connection.execute(plan_items.delete().where(plan_items.c.review_id.in_(their_reviews)))
    connection.execute(decisions.delete().where(decisions.c.review_id.in_(their_reviews)))
    connection.execute(reviews.delete().where(reviews.c.assessment_id.in_(mine)))
    connection.execute(answers.delete().where(answers.c.assessment_id.in_(mine)))
    connection.execute(assessments.delete().where(assessments.c.person_id == pid))
    for table in (job_tests, jobs, brag_shares, brag_entries):
        connection.execute(table.delete().where(table.c.person_id == pid))
    connection.execute(people.delete().where(people.c.id == pid))
