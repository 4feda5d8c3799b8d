"""The first schema: people, assessments, answers, reviews, decisions, plan items, follow-ups.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coach.store.schema import UTCDateTime

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_{table}_{column}"))


def _unique(table: str, column: str) -> sa.UniqueConstraint:
    return sa.UniqueConstraint(column, name=op.f(f"uq_{table}_{column}"))


FOLLOWUP = ("done", "partly", "not_started", "dropped")


def upgrade() -> None:
    """Create every table."""
    op.create_table(
        "people",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        _unique("people", "name"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        _unique("assessments", "uid"),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("quarter", sa.String(7), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("completed_at", UTCDateTime(), nullable=True),
        sa.Column("questionnaire_id", sa.String(100), nullable=False),
        sa.Column("questionnaire_version", sa.String(50), nullable=False),
        sa.Column("questionnaire_hash", sa.String(64), nullable=False),
        sa.Column("pack_name", sa.String(100), nullable=True),
        sa.Column("pack_version", sa.String(50), nullable=True),
        sa.Column("pack_hash", sa.String(64), nullable=True),
        sa.Column("result", sa.JSON, nullable=True),
        sa.Column("session", sa.JSON, nullable=True),
        _one_of("assessments", "status", ("draft", "complete")),
    )
    op.create_index("ix_assessments_person_id", "assessments", ["person_id"])
    op.create_table(
        "answers",
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("ref", sa.String(200), primary_key=True),
        sa.Column("value", sa.JSON, nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        _unique("reviews", "uid"),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("coach", sa.String(200), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _one_of("reviews", "status", ("open", "closed")),
    )
    op.create_index("ix_reviews_assessment_id", "reviews", ["assessment_id"])
    op.create_table(
        "review_decisions",
        sa.Column(
            "review_id",
            sa.Integer,
            sa.ForeignKey("reviews.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("mistake", sa.String(100), primary_key=True),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("severity", sa.String(16), nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("decided_at", UTCDateTime(), nullable=False),
        _one_of("review_decisions", "verdict", ("agree", "adjust", "dismiss")),
        _one_of("review_decisions", "severity", ("low", "medium", "high", "critical")),
    )
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        _unique("plan_items", "uid"),
        sa.Column(
            "review_id",
            sa.Integer,
            sa.ForeignKey("reviews.id", ondelete="CASCADE"),
            nullable=False,
        ),
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
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        _one_of("plan_items", "owner", ("engineer", "coach", "manager", "other")),
        _one_of("plan_items", "status", FOLLOWUP),
    )
    op.create_index("ix_plan_items_review_id", "plan_items", ["review_id"])
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        _unique("followups", "uid"),
        sa.Column(
            "plan_item_id",
            sa.Integer,
            sa.ForeignKey("plan_items.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "assessment_id",
            sa.Integer,
            sa.ForeignKey("assessments.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column(
            "review_id",
            sa.Integer,
            sa.ForeignKey("reviews.id", ondelete="CASCADE"),
            nullable=True,
        ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        _one_of("followups", "status", FOLLOWUP),
    )
    op.create_index("ix_followups_plan_item_id", "followups", ["plan_item_id"])
    op.create_index("ix_followups_assessment_id", "followups", ["assessment_id"])
    op.create_index("ix_followups_review_id", "followups", ["review_id"])


def downgrade() -> None:
    """Drop every table (children first)."""
    for table in (
        "followups",
        "plan_items",
        "review_decisions",
        "reviews",
        "answers",
        "assessments",
        "people",
    ):
        op.drop_table(table)
