"""The research's habits: brag entries and shares, jobs and the tests of months 4-6.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from coach.store.schema import UTCDateTime

revision = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def _one_of(table: str, column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_{table}_{column}"))


def _head(table: str) -> list[Any]:
    """id, uid and the person's id: what every one of these tables starts with."""
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.UniqueConstraint("uid", name=op.f(f"uq_{table}_uid")),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
    ]


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "brag_entries",
        *_head("brag_entries"),
        sa.Column("week", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("impact_kind", sa.String(16), nullable=True),
        sa.Column("impact", sa.Text, nullable=True),
        sa.Column("entry_date", sa.Date, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _one_of("brag_entries", "kind", ("shipped", "unblocked", "prevented")),
        _one_of("brag_entries", "impact_kind", ("time_saved", "revenue", "risk_avoided")),
    )
    op.create_index("ix_brag_entries_person_id", "brag_entries", ["person_id"])
    op.create_table(
        "brag_shares",
        *_head("brag_shares"),
        sa.Column("shared_on", sa.Date, nullable=False),
        sa.Column("shared_with", sa.String(200), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_brag_shares_person_id", "brag_shares", ["person_id"])
    op.create_table(
        "jobs",
        *_head("jobs"),
        sa.Column("company", sa.String(200), nullable=True),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_jobs_person_id", "jobs", ["person_id"])
    op.create_table(
        "job_tests",
        *_head("job_tests"),
        sa.Column(
            "job_id",
            sa.Integer,
            sa.ForeignKey("jobs.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("test", sa.String(16), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("tested_on", sa.Date, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _one_of("job_tests", "test", ("stretch", "boundary", "problem")),
        _one_of("job_tests", "outcome", ("welcomed", "ignored", "punished")),
    )
    op.create_index("ix_job_tests_person_id", "job_tests", ["person_id"])
    op.create_index("ix_job_tests_job_id", "job_tests", ["job_id"])


def downgrade() -> None:
    """Drop the four tables (children first)."""
    for table in ("job_tests", "jobs", "brag_shares", "brag_entries"):
        op.drop_table(table)
