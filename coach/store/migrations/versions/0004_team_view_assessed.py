"""HR's view counts, per mistake, the people whose answers assessed it.

`team_mistakes` divided a mistake's count by everyone assessed that quarter, so people who had
not answered a single question on it (a skipped section) counted as not having it, and a
share could fall to 0% because nobody was asked. The view now gives one row per team, quarter
and mistake with `assessed`, the people whose result assessed that mistake (a result from
before coach recorded it counts as assessed, as it was then), and `people`, those of them who
had it. A mistake fewer than the minimum group size were assessed on shows neither count.
PostgreSQL only: a personal SQLite history has no team view.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

# Columns keep their order, and `assessed` comes last, so CREATE OR REPLACE keeps HR's grant.
TEAM_VIEW = """
CREATE OR REPLACE VIEW team_mistakes WITH (security_barrier) AS
WITH minimum AS (
  SELECT value::integer AS size FROM settings WHERE key = 'min_group_size'
), assessed AS (
  SELECT t.team, a.quarter, a.person_id, a.result
  FROM assessments a JOIN team_members t ON t.person_id = a.person_id
  WHERE a.status = 'complete' AND a.result IS NOT NULL
), groups AS (
  SELECT team, quarter, count(DISTINCT person_id) AS size FROM assessed GROUP BY team, quarter
), entries AS (
  SELECT a.team, a.quarter, a.person_id, p ->> 'mistake' AS mistake,
         coalesce((p ->> 'assessed')::boolean, true) AS asked,
         (p ->> 'severity') IS NOT NULL AS found
  FROM assessed a, json_array_elements(a.result -> 'profile') AS p
), counts AS (
  SELECT team, quarter, mistake,
         count(DISTINCT person_id) FILTER (WHERE asked) AS asked,
         count(DISTINCT person_id) FILTER (WHERE asked AND found) AS people
  FROM entries GROUP BY team, quarter, mistake
)
SELECT g.team, g.quarter, false AS suppressed, g.size AS group_size, c.mistake,
       CASE WHEN c.asked >= (SELECT size FROM minimum) THEN c.people END AS people,
       CASE WHEN c.asked >= (SELECT size FROM minimum) THEN c.asked END AS assessed
FROM groups g LEFT JOIN counts c ON c.team = g.team AND c.quarter = g.quarter
WHERE g.size >= (SELECT size FROM minimum)
UNION ALL
SELECT g.team, g.quarter, true, NULL, NULL, NULL, NULL
FROM groups g WHERE g.size < (SELECT size FROM minimum)
"""


def upgrade() -> None:
    """Replace the view in place (HR's grant on it stays)."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TEAM_VIEW)


def downgrade() -> None:
    """Put 0003's view back (read from 0003 itself, not written twice), with HR's grant."""
    if op.get_bind().dialect.name == "postgresql":
        db = op.get_bind().exec_driver_sql("SELECT current_database()").scalar_one()
        op.execute("DROP VIEW team_mistakes")
        op.execute(_revision_0003().TEAM_VIEW)
        op.execute(f'GRANT SELECT ON team_mistakes TO "{db}_hr"')


def _revision_0003() -> ModuleType:
    path = Path(__file__).with_name("0003_team_store.py")
    spec = importlib.util.spec_from_file_location("coach_revision_0003", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
