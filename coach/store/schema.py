"""The history tables, in SQLAlchemy Core: portable types only, so PostgreSQL can serve them too.

Rows carry a `uid` (random hex) besides their local integer id: exports and imports match rows by
uid, so importing the same file twice changes nothing and ids never leak between databases.

The migrations in `coach/store/migrations/versions` create exactly these tables; a test checks
that the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from coach.model.base import MAX_HASH_CHARS, MAX_ID_CHARS, MAX_VERSION_CHARS
from coach.model.followup import FOLLOWUP_STATUSES
from coach.model.history_facts import BRAG_KINDS, IMPACT_KINDS, OUTCOMES, TESTS
from coach.model.plan import ITEM_STATUSES, OWNERS, REVIEW_STATUSES, VERDICTS
from coach.model.rules import SEVERITIES
from coach.store.records import ASSESSMENT_STATUSES

# The values a CHECK constraint allows are defined once, by the model (or, for an assessment's
# status, by the store's records); a test checks that the migrations create the same constraints.
OPEN_STATUSES = ("not_started", "partly")  # follow-up states still worth asking about

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An aware UTC datetime, stored without zone (every backend keeps microseconds)."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Refuse naive times; store UTC without its zone."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use UTC")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:  # noqa: ARG002
        """Read back as an aware UTC time."""
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC)


def _one_of(column: str, values: tuple[str, ...], name: str) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=name)


def _uid() -> sa.Column[str]:
    return sa.Column("uid", sa.String(32), nullable=False, unique=True)


def _stamp(name: str, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def _parent(
    name: str, table: str, *, ondelete: str = "CASCADE", nullable: bool = False
) -> sa.Column[int]:
    """An indexed reference to the `id` of a row in `table`."""
    return sa.Column(
        name, sa.ForeignKey(f"{table}.id", ondelete=ondelete), nullable=nullable, index=True
    )


people = sa.Table(
    "people",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    _stamp("created_at"),
)

assessments = sa.Table(
    "assessments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("person_id", "people"),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("quarter", sa.String(7), nullable=False),
    _stamp("created_at"),
    _stamp("updated_at"),
    _stamp("completed_at", nullable=True),
    sa.Column("questionnaire_id", sa.String(MAX_ID_CHARS), nullable=False),
    sa.Column("questionnaire_version", sa.String(MAX_VERSION_CHARS), nullable=False),
    sa.Column("questionnaire_hash", sa.String(MAX_HASH_CHARS), nullable=False),
    sa.Column("pack_name", sa.String(MAX_ID_CHARS), nullable=True),
    sa.Column("pack_version", sa.String(MAX_VERSION_CHARS), nullable=True),
    sa.Column("pack_hash", sa.String(MAX_HASH_CHARS), nullable=True),
    sa.Column("result", sa.JSON, nullable=True),
    sa.Column("session", sa.JSON, nullable=True),
    _one_of("status", ASSESSMENT_STATUSES, "status"),
)

answers = sa.Table(
    "answers",
    metadata,
    sa.Column(
        "assessment_id",
        sa.ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("ref", sa.String(200), primary_key=True),
    sa.Column("value", sa.JSON, nullable=False),
    _stamp("answered_at"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("assessment_id", "assessments"),
    sa.Column("coach", sa.String(200), nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("notes", sa.Text, nullable=True),
    _stamp("created_at"),
    _stamp("updated_at"),
    _one_of("status", REVIEW_STATUSES, "status"),
)

decisions = sa.Table(
    "review_decisions",
    metadata,
    sa.Column("review_id", sa.ForeignKey("reviews.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("mistake", sa.String(100), primary_key=True),
    sa.Column("verdict", sa.String(16), nullable=False),
    sa.Column("severity", sa.String(16), nullable=True),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("note", sa.Text, nullable=True),
    _stamp("decided_at"),
    _one_of("verdict", VERDICTS, "verdict"),
    _one_of("severity", SEVERITIES, "severity"),
)

plan_items = sa.Table(
    "plan_items",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("review_id", "reviews"),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("action_id", sa.String(100), nullable=True),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("first_step", sa.Text, nullable=True),
    sa.Column("owner", sa.String(16), nullable=False),
    sa.Column("owner_name", sa.String(200), nullable=True),
    sa.Column("due", sa.Date, nullable=False),
    sa.Column("success_check", sa.Text, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=True),
    _stamp("created_at"),
    _stamp("updated_at"),
    _one_of("owner", OWNERS, "owner"),
    _one_of("status", ITEM_STATUSES, "status"),
)

# A follow-up is recorded either at the start of an assessment (assessment_id) or during a
# coach's review (review_id).
followups = sa.Table(
    "followups",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("plan_item_id", "plan_items"),
    _parent("assessment_id", "assessments", ondelete="SET NULL", nullable=True),
    _parent("review_id", "reviews", nullable=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=True),
    _stamp("recorded_at"),
    _one_of("status", FOLLOWUP_STATUSES, "status"),
)

# The research's own habits (docs/brag-and-job.md): a weekly brag-document snapshot and the
# six-month verdict of a new job. Every row names its person, like assessments do.

brag_entries = sa.Table(
    "brag_entries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("person_id", "people"),
    sa.Column("week", sa.String(8), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("impact_kind", sa.String(16), nullable=True),
    sa.Column("impact", sa.Text, nullable=True),
    sa.Column("entry_date", sa.Date, nullable=False),
    _stamp("created_at"),
    _one_of("kind", BRAG_KINDS, "kind"),
    _one_of("impact_kind", IMPACT_KINDS, "impact_kind"),
)

brag_shares = sa.Table(
    "brag_shares",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("person_id", "people"),
    sa.Column("shared_on", sa.Date, nullable=False),
    sa.Column("shared_with", sa.String(200), nullable=True),
    _stamp("created_at"),
)

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("person_id", "people"),
    sa.Column("company", sa.String(200), nullable=True),
    sa.Column("started_on", sa.Date, nullable=False),
    _stamp("created_at"),
)

job_tests = sa.Table(
    "job_tests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _uid(),
    _parent("person_id", "people"),
    _parent("job_id", "jobs"),
    sa.Column("test", sa.String(16), nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("note", sa.Text, nullable=True),
    sa.Column("tested_on", sa.Date, nullable=False),
    _stamp("created_at"),
    _one_of("test", TESTS, "test"),
    _one_of("outcome", OUTCOMES, "outcome"),
)

# The team store (docs/team.md). On PostgreSQL, migration 0003 also creates the roles, the
# row-level security policies and the HR view over these tables; on SQLite they are only tables.
team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("team", sa.String(100), nullable=False, index=True),
)

# An engineer's consent: the coach (a database role) who may read their history.
shares = sa.Table(
    "shares",
    metadata,
    sa.Column("person_id", sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("coach", sa.String(63), primary_key=True),
    _stamp("created_at"),
)

# Who read whose history, written by the database itself (one row per reader, person, table
# and transaction).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    _parent("person_id", "people"),
    sa.Column("reader", sa.String(63), nullable=False),
    sa.Column("what", sa.String(63), nullable=False),
    sa.Column("txid", sa.BigInteger, nullable=False),
    _stamp("read_at"),
    sa.UniqueConstraint("person_id", "reader", "what", "txid"),
)

# Settings the database enforces (min_group_size: the smallest group HR sees counts for).
settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(63), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)
MIN_GROUP_SIZE = 5
