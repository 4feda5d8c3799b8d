"""The team store: teams, shares (consent), the audit log, settings; on PostgreSQL, who sees what.

On PostgreSQL this revision also creates three group roles named after the database
(`<db>_engineer`, `<db>_coach`, `<db>_hr`), grants each what it may touch, turns on row-level
security with policies that decide row by row, and creates the `team_mistakes` view, the only
thing HR may read (docs/team.md). Run it as the database owner with CREATEROLE.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from coach.store.schema import MIN_GROUP_SIZE, UTCDateTime

revision = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

# Every table that holds one person's rows, and how a row finds its person.
OWN_ROWS = {
    "people": "id",
    "assessments": "person_id",
    "answers": "coach_person_of_assessment(assessment_id)",
    "reviews": "coach_person_of_assessment(assessment_id)",
    "review_decisions": "coach_person_of_review(review_id)",
    "plan_items": "coach_person_of_review(review_id)",
    "followups": "coach_person_of_item(plan_item_id)",
    "brag_entries": "person_id",
    "brag_shares": "person_id",
    "jobs": "person_id",
    "job_tests": "person_id",
    "team_members": "person_id",
}
# What a coach who was granted access may also write: reviews and plans.
COACH_WRITES = ("reviews", "review_decisions", "plan_items", "followups")
ENGINEER_WRITES = (
    "people",
    "assessments",
    "answers",
    "reviews",
    "review_decisions",
    "plan_items",
    "followups",
    "brag_entries",
    "brag_shares",
    "jobs",
    "job_tests",
    "shares",
)

FUNCTIONS = """
CREATE FUNCTION coach_person_of_assessment(aid integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT person_id FROM assessments WHERE id = aid $$;

CREATE FUNCTION coach_person_of_review(rid integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT a.person_id FROM reviews r JOIN assessments a ON a.id = r.assessment_id
   WHERE r.id = rid $$;

CREATE FUNCTION coach_person_of_item(iid integer) RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT a.person_id FROM plan_items i JOIN reviews r ON r.id = i.review_id
   JOIN assessments a ON a.id = r.assessment_id WHERE i.id = iid $$;

CREATE FUNCTION coach_is_owner(pid integer, who name) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS
$$ SELECT EXISTS (SELECT 1 FROM people WHERE id = pid AND name = who) $$;

-- The owner reads their own rows; a coach they shared with reads them too, and every such read
-- is written to audit_log (once per reader, person, table and transaction) by the database.
CREATE FUNCTION coach_may_read(pid integer, who name, tbl text) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS
$$
BEGIN
  IF pid IS NULL THEN
    RETURN false;
  END IF;
  IF EXISTS (SELECT 1 FROM people WHERE id = pid AND name = who) THEN
    RETURN true;
  END IF;
  IF EXISTS (SELECT 1 FROM shares s WHERE s.person_id = pid AND s.coach = who) THEN
    INSERT INTO audit_log AS l (person_id, reader, what, txid, read_at)
    VALUES (pid, who, tbl, txid_current(), now() AT TIME ZONE 'utc')
    ON CONFLICT ON CONSTRAINT uq_audit_log_person_id DO NOTHING;
    RETURN true;
  END IF;
  RETURN false;
END
$$;
"""

# HR's only window: per team, quarter and mistake, how many of the people assessed that quarter
# had it; groups smaller than settings.min_group_size show as suppressed, without any count.
TEAM_VIEW = """
CREATE VIEW team_mistakes WITH (security_barrier) AS
WITH minimum AS (
  SELECT value::integer AS size FROM settings WHERE key = 'min_group_size'
), assessed AS (
  SELECT t.team, a.quarter, a.person_id, a.result
  FROM assessments a JOIN team_members t ON t.person_id = a.person_id
  WHERE a.status = 'complete' AND a.result IS NOT NULL
), groups AS (
  SELECT team, quarter, count(DISTINCT person_id) AS size FROM assessed GROUP BY team, quarter
), hits AS (
  SELECT team, quarter, d ->> 'mistake' AS mistake, count(DISTINCT person_id) AS people
  FROM assessed, json_array_elements(result -> 'diagnoses') AS d
  GROUP BY team, quarter, d ->> 'mistake'
)
SELECT g.team, g.quarter, false AS suppressed, g.size AS group_size, h.mistake, h.people
FROM groups g LEFT JOIN hits h ON h.team = g.team AND h.quarter = g.quarter
WHERE g.size >= (SELECT size FROM minimum)
UNION ALL
SELECT g.team, g.quarter, true, NULL, NULL, NULL
FROM groups g WHERE g.size < (SELECT size FROM minimum)
"""


def upgrade() -> None:
    """Create the tables; on PostgreSQL, the roles, grants, policies and HR's view."""
    op.create_table(
        "team_members",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("team", sa.String(100), nullable=False),
    )
    op.create_index("ix_team_members_team", "team_members", ["team"])
    op.create_table(
        "shares",
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("coach", sa.String(63), primary_key=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "person_id",
            sa.Integer,
            sa.ForeignKey("people.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("reader", sa.String(63), nullable=False),
        sa.Column("what", sa.String(63), nullable=False),
        sa.Column("txid", sa.BigInteger, nullable=False),
        sa.Column("read_at", UTCDateTime(), nullable=False),
        sa.UniqueConstraint(
            "person_id", "reader", "what", "txid", name=op.f("uq_audit_log_person_id")
        ),
    )
    op.create_index("ix_audit_log_person_id", "audit_log", ["person_id"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(63), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.execute(
        sa.text("INSERT INTO settings (key, value) VALUES ('min_group_size', :size)").bindparams(
            size=str(MIN_GROUP_SIZE)
        )
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql()


def _postgresql() -> None:
    db = op.get_bind().exec_driver_sql("SELECT current_database()").scalar_one()
    engineer, coach, hr = (f'"{db}_{kind}"' for kind in ("engineer", "coach", "hr"))
    for role in (engineer, coach, hr):
        name = role.strip('"')
        op.execute(
            f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
            f"THEN CREATE ROLE {role} NOLOGIN; END IF; END $$"
        )
    op.execute(FUNCTIONS)
    op.execute(TEAM_VIEW)
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar_one()
    op.execute(f'REVOKE ALL ON ALL TABLES IN SCHEMA "{schema}" FROM PUBLIC')
    op.execute(f"GRANT SELECT ON alembic_version, settings TO {engineer}, {coach}, {hr}")
    op.execute(f"GRANT SELECT ON {', '.join(OWN_ROWS)}, shares TO {engineer}, {coach}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(ENGINEER_WRITES)} TO {engineer}")
    op.execute(f"GRANT SELECT ON audit_log TO {engineer}")
    op.execute(f"GRANT INSERT, UPDATE, DELETE ON {', '.join(COACH_WRITES)} TO {coach}")
    op.execute(f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA "{schema}" TO {engineer}, {coach}')
    op.execute(f"GRANT SELECT ON team_mistakes TO {hr}")
    for table, person in OWN_ROWS.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY coach_read ON {table} FOR SELECT "
            f"USING (coach_may_read({person}, current_user, '{table}'))"
        )
        writers = "coach_may_read" if table in COACH_WRITES else "coach_is_owner"
        audited = f", '{table}'" if writers == "coach_may_read" else ""
        check = f"{writers}({person}, current_user{audited})"
        if table == "people":  # a person's row is the login role of the same name
            check = "name = current_user"
        for command, clause in (
            ("INSERT", f"WITH CHECK ({check})"),
            ("UPDATE", f"USING ({check}) WITH CHECK ({check})"),
            ("DELETE", f"USING ({check})"),
        ):
            op.execute(f"CREATE POLICY coach_{command.lower()} ON {table} FOR {command} {clause}")
    for table in ("shares", "audit_log"):
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY coach_read ON shares FOR SELECT "
        "USING (coach_is_owner(person_id, current_user) OR coach = current_user)"
    )
    for command, clause in (
        ("INSERT", "WITH CHECK (coach_is_owner(person_id, current_user))"),
        ("UPDATE", "USING (coach_is_owner(person_id, current_user))"),
        ("DELETE", "USING (coach_is_owner(person_id, current_user))"),
    ):
        op.execute(f"CREATE POLICY coach_{command.lower()} ON shares FOR {command} {clause}")
    op.execute(
        "CREATE POLICY coach_read ON audit_log FOR SELECT "
        "USING (coach_is_owner(person_id, current_user))"
    )


def downgrade() -> None:
    """Drop what upgrade made (the group roles are left: other databases may use them)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP VIEW team_mistakes")
        for table in OWN_ROWS:
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            for name in ("read", "insert", "update", "delete"):
                op.execute(f"DROP POLICY IF EXISTS coach_{name} ON {table}")
        for function in (
            "coach_may_read(integer, name, text)",
            "coach_is_owner(integer, name)",
            "coach_person_of_item(integer)",
            "coach_person_of_review(integer)",
            "coach_person_of_assessment(integer)",
        ):
            op.execute(f"DROP FUNCTION {function}")
    for table in ("settings", "audit_log", "shares", "team_members"):
        op.drop_table(table)
