"""The team store's own queries: consent (shares), the audit log, roles, and HR's aggregates.

Who may read what is decided by PostgreSQL (row-level security, migration 0003), not here:
these functions only ask. On SQLite the tables exist but a history file is only its owner's,
so sharing, roles and the team report say they need a team database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from coach.errors import StoreError
from coach.store.backend import upsert
from coach.store.db import Store, now
from coach.store.people import ensure_person, find_person
from coach.store.schema import audit_log, people, settings, shares, team_members

ROLE_KINDS = ("engineer", "coach", "hr")
MIN_GROUP_KEY = "min_group_size"


@dataclass(frozen=True)
class AuditEntry:
    """One read of a person's history by someone else."""

    read_at: datetime
    reader: str
    what: str


@dataclass(frozen=True)
class TeamCount:
    """One row of HR's view: a team's quarter, and how many people had one mistake.

    `assessed`: how many of the group's people that quarter answered enough to assess the
    mistake, `people` how many of those had it; both None when fewer than the minimum group size
    were assessed on it (or for a suppressed group).
    """

    team: str
    quarter: str
    suppressed: bool
    group_size: int | None
    mistake: str | None
    people: int | None
    assessed: int | None = None


def require_team_database(store: Store, what: str) -> None:
    """Refuse `what` on a personal SQLite history, saying what it needs."""
    if store.backend.name != "postgresql":
        raise StoreError(
            f"{what} needs a team database (--db postgresql://..., docs/team.md); "
            f"the history {store.where} is yours alone"
        )


def share(store: Store, person: str, coach: str) -> bool:
    """Let `coach` (a database role) read `person`'s history; whether it is new."""
    require_team_database(store, "sharing")
    with store.write() as connection:
        pid = ensure_person(connection, person)
        insert = upsert(connection, shares).values(person_id=pid, coach=coach, created_at=now())
        done = connection.execute(insert.on_conflict_do_nothing())
        return bool(done.rowcount)


def unshare(store: Store, person: str, coach: str) -> bool:
    """Take back `coach`'s access to `person`'s history; whether there was any."""
    require_team_database(store, "sharing")
    with store.write() as connection:
        pid = find_person(connection, person)
        if pid is None:
            return False
        gone = shares.delete().where((shares.c.person_id == pid) & (shares.c.coach == coach))
        return bool(connection.execute(gone).rowcount)


def shared_with(store: Store, person: str) -> list[str]:
    """The coaches `person` shares their history with."""
    query = (
        sa.select(shares.c.coach)
        .join(people, people.c.id == shares.c.person_id)
        .where(people.c.name == person)
        .order_by(shares.c.coach)
    )
    with store.read() as connection:
        return list(connection.execute(query).scalars())


def audit_entries(store: Store, person: str) -> list[AuditEntry]:
    """Every recorded read of `person`'s history by someone else, oldest first."""
    require_team_database(store, "the audit log")
    query = (
        sa.select(audit_log.c.read_at, audit_log.c.reader, audit_log.c.what)
        .join(people, people.c.id == audit_log.c.person_id)
        .where(people.c.name == person)
        .order_by(audit_log.c.read_at, audit_log.c.id)
    )
    with store.read() as connection:
        return [AuditEntry(*row) for row in connection.execute(query)]


def group_role(store: Store, kind: str) -> str:
    """The group role of `kind` in this database (`<database>_engineer`, ...)."""
    if kind not in ROLE_KINDS:
        raise StoreError(f"a role is one of {', '.join(ROLE_KINDS)}, not {kind!r}")
    return f"{store.engine.url.database}_{kind}"


def _quoted(connection: sa.Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def grant_role(store: Store, role: str, kind: str, team: str | None = None) -> None:
    """Give the login role `role` (made when missing) the rights of `kind`, as an administrator.

    An engineer's history row is made too (named after the role), in `team` when given.
    """
    require_team_database(store, "roles")
    group = group_role(store, kind)
    with store.write() as connection:
        exists = connection.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if exists is None:
            connection.exec_driver_sql(f"CREATE ROLE {_quoted(connection, role)} LOGIN")
        connection.exec_driver_sql(
            f"GRANT {_quoted(connection, group)} TO {_quoted(connection, role)}"
        )
        if kind == "engineer":
            pid = ensure_person(connection, role)
            if team is not None:
                insert = upsert(connection, team_members).values(person_id=pid, team=team)
                connection.execute(
                    insert.on_conflict_do_update(index_elements=["person_id"], set_={"team": team})
                )


def revoke_role(store: Store, role: str, kind: str) -> None:
    """Take the rights of `kind` from `role` (its history, if any, stays)."""
    require_team_database(store, "roles")
    group = group_role(store, kind)
    with store.write() as connection:
        connection.exec_driver_sql(
            f"REVOKE {_quoted(connection, group)} FROM {_quoted(connection, role)}"
        )


def min_group_size(store: Store) -> int:
    """The smallest group whose counts HR sees (settings.min_group_size, 5 by default)."""
    query = sa.select(settings.c.value).where(settings.c.key == MIN_GROUP_KEY)
    with store.read() as connection:
        return int(connection.execute(query).scalar_one())


def team_counts(
    store: Store, team: str | None = None, quarter: str | None = None
) -> list[TeamCount]:
    """HR's aggregates, read from the `team_mistakes` view (groups under the minimum suppressed)."""
    require_team_database(store, "the team report")
    view = sa.table(
        "team_mistakes",
        *(
            sa.column(name)
            for name in (
                "team",
                "quarter",
                "suppressed",
                "group_size",
                "mistake",
                "people",
                "assessed",
            )
        ),
    )
    query = sa.select(view).order_by(view.c.team, view.c.quarter, view.c.mistake)
    if team is not None:
        query = query.where(view.c.team == team)
    if quarter is not None:
        query = query.where(view.c.quarter <= quarter)
    with store.read() as connection:
        return [TeamCount(*row) for row in connection.execute(query)]
