"""Decision tables: answers no row covers (gaps), rows that overlap, rows that never get a turn."""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from typing import Any

from coach.authoring.findings import Finding, at
from coach.authoring.space import LIMIT, MISSING, AnswerSpace
from coach.conditions.ast import All
from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.content.tables import Row, Table
from coach.model.answers import display

EXAMPLES = 3


def lint_tables(
    content: Content, space: AnswerSpace, tables: list[Table]
) -> tuple[list[Finding], set[str]]:
    """Findings about tables, and the rules whose "never fires" they already explain."""
    rules = {rule.id: rule for rule in content.pack.rules}
    findings: list[Finding] = []
    explained: set[str] = set()
    for table in tables:
        rows = [row for row in table.rows if row.rule_id in rules]
        if table.hit_policy == "first":
            for row in rows:
                if space.satisfiable(row.condition) and not space.satisfiable(
                    rules[row.rule_id].when
                ):
                    explained.add(row.rule_id)
                    findings.append(_covered(row))
        else:
            findings += _overlaps(rows, space, content)
        gap = _gaps(table, rows, space, content)
        if gap is not None:
            findings.append(gap)
    return findings, explained


def _covered(row: Row) -> Finding:
    return at(
        "table-row-never-fires",
        row.origin,
        f"row {row.number} ('{row.rule_id}') can never fire: with hit policy first, "
        "earlier rows match every answer it matches",
        severity="error",
        hint="move it above the rows that cover it, narrow those rows, or delete it",
    )


def _overlaps(rows: list[Row], space: AnswerSpace, content: Content) -> list[Finding]:
    findings = []
    for first, second in itertools.combinations(rows, 2):
        if first.mistake != second.mistake:
            continue
        witness = space.witness(All((first.condition, second.condition)))
        if not isinstance(witness, dict):
            continue
        example = _describe(space.facts(witness), content)
        findings.append(
            at(
                "table-overlap",
                second.origin,
                f"rows {first.number} and {second.number} both match some answers "
                f"(e.g. {example}): both fire for '{first.mistake}' and the higher "
                "severity wins",
                hint="if each person should get one row, use hit policy first, "
                "or make the rows' ranges meet without overlapping",
            )
        )
    return findings


def _gaps(table: Table, rows: list[Row], space: AnswerSpace, content: Content) -> Finding | None:
    refs = list(dict.fromkeys(column.ref for column in table.columns))
    refs = space.closure(refs)
    domains = [[v for v in space.domain(ref) if v is not MISSING] for ref in refs]
    if not table.columns or math.prod(len(d) for d in domains) > LIMIT:
        return None
    missed = []
    total = 0
    for values in itertools.product(*domains):
        facts = space.facts(dict(zip(refs, values, strict=True)))
        total += 1
        if not any(evaluate(row.condition, facts) for row in rows):
            missed.append(facts)
    if not missed:
        return None
    examples = "; ".join(_describe(facts, content) for facts in missed[:EXAMPLES])
    return at(
        "table-gap",
        table.columns[0].origin,
        f"no row matches {len(missed)} of the {total} kinds of answers these columns can "
        f"tell apart, e.g. {examples}",
        hint="add rows for them, or a last row with every condition `any` to catch the rest; "
        "if nothing should be diagnosed for these answers, this is fine",
    )


def _describe(facts: Mapping[str, Any], content: Content) -> str:
    questionnaire = content.questionnaire
    parts = []
    for ref, value in facts.items():
        question = questionnaire.questions.get(ref)
        if question is not None:
            shown = display(question, value)
        else:
            shown = f"{value:g}" if isinstance(value, float) else str(value)
        parts.append(f"{ref} = {shown}")
    return ", ".join(parts) or "no answers"
