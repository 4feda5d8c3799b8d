"""Decision tables: rules written as rows of a table, for people who think in spreadsheets.

A table has condition columns (an answer and how it is compared, e.g. `workload.hours_per_week
gte`), one row per rule, and outcome columns (mistake, severity, actions, ...). Outcomes given on
the table itself are defaults for every row. It compiles to ordinary rules.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from coach.model.base import Kebab, Priority, Slug, Strict, Whole
from coach.model.rules import SEVERITY_SYNONYMS, Severity

HitPolicy = Literal["first", "collect"]
HIT_POLICIES: tuple[str, ...] = ("first", "collect")
OUTCOMES: tuple[str, ...] = (
    "id",
    "title",
    "mistake",
    "severity",
    "priority",
    "because",
    "sources",
    "actions",
    "notice",
)
ANY_CELL = ("", "-", "any")


class _Outcomes(Strict):
    """Outcome fields: on a row they set the rule; on the table they are every row's default."""

    title: str | None = None
    mistake: Slug | None = None
    severity: Severity | None = Field(None, json_schema_extra={"x-synonyms": SEVERITY_SYNONYMS})
    priority: Priority | None = None
    because: str | None = None
    sources: tuple[Whole, ...] | None = None
    actions: tuple[Kebab, ...] | None = None
    notice: Slug | None = None


class TableRow(_Outcomes):
    """One row: a cell per condition column (`any`, `-` or empty: no test), and its outcomes."""

    id: Kebab | None = None
    when: tuple[Any, ...] = Field(
        description="One cell per condition column, in order; `any` means the column is not tested."
    )


class DecisionTable(_Outcomes):
    """The table: hit policy, condition columns, rows."""

    id: Kebab | None = Field(
        default=None, description="Rows without an `id` become rules `<id>-1`, `<id>-2`, ..."
    )
    hit_policy: HitPolicy = Field(
        description="first: only the first matching row fires; collect: every matching row fires."
    )
    conditions: tuple[str, ...] = Field(
        min_length=1,
        description="Column headers: `section.question` and an operator, e.g. "
        "`workload.hours_per_week gte` or `workload.hours_per_week >=` (no operator: eq).",
    )
    rows: tuple[TableRow, ...] = Field(min_length=1)


class TableFile(Strict):
    """A rules file written as a decision table."""

    table: DecisionTable
