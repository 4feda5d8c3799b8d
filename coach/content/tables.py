"""Decision tables (a YAML `table:` or a CSV file) compiled to the same rules as rules files.

Every rule, test and problem keeps its place in the table: a problem in a CSV file is reported at
its line and column with the spreadsheet's cell name (`D5 (mistake)`), one in a YAML table at its
key path (`table.rows[2].mistake`). With hit policy `first`, a row fires only when no earlier row
matches, which compiles to the row's tests plus `not` each earlier row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from coach.conditions.ast import LIST_OPS, All, Condition, Not, Op, Origin, Test
from coach.content.files import read_text
from coach.content.pydantic_errors import validate
from coach.content.table_csv import read_csv_table
from coach.content.table_spec import RowSpec, TableLocated, TableSpec, parse_header
from coach.content.yamlio import load
from coach.errors import Problem
from coach.located import KeyPath, Located
from coach.model.rules import Rule, RulesFile
from coach.model.tables import ANY_CELL, OUTCOMES, TableFile


@dataclass(frozen=True)
class Column:
    """A condition column: the answer it reads and the operator its cells use."""

    header: str
    ref: str
    op: Op
    origin: Origin


@dataclass(frozen=True)
class Row:
    """One row as a rule: its own tests (before the hit policy) and where it was written."""

    number: int
    rule_id: str
    condition: Condition
    origin: Origin
    mistake: str | None = None


@dataclass
class Table:
    """A compiled table, kept for lint (gaps and overlaps)."""

    path: str
    hit_policy: str
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


_TABLE_KEY = re.compile(r"^table\s*:", re.MULTILINE)


def is_table_file(path: Path) -> bool:
    """A CSV file, or a YAML file whose top-level key is `table:`."""
    if path.suffix == ".csv":
        return True
    text, _ = read_text(path, str(path))  # an unreadable file is reported when it is loaded
    return text is not None and bool(_TABLE_KEY.search(text))


def read_table(
    path: Path, shown: str
) -> tuple[TableLocated | None, RulesFile | None, Table | None, list[Problem]]:
    """Read and compile a table; never raises for content problems."""
    if path.suffix == ".csv":
        spec, problems = read_csv_table(path, shown)
    else:
        spec, problems = _read_yaml_table(path, shown)
    if spec is None:
        return None, None, None, problems
    rules_file, table, found = compile_table(spec)
    return spec.located, rules_file, table, problems + found


def _read_yaml_table(path: Path, shown: str) -> tuple[TableSpec | None, list[Problem]]:
    located, problems = load(path, shown)
    if problems:
        return None, problems
    shell, problems = validate(TableFile, located, located.data)
    if shell is None and not _only_row_outcomes(located.data):
        return None, problems
    data = located.data["table"]
    where = TableLocated(located)
    top: KeyPath = ("table",)
    defaults = {k: (data[k], (*top, k)) for k in OUTCOMES if k != "id" and data.get(k) is not None}
    headers = [(h, (*top, "conditions", j)) for j, h in enumerate(data["conditions"])]
    rows = []
    for i, raw in enumerate(data["rows"]):
        loc: KeyPath = (*top, "rows", i)
        cells = [(cell, (*loc, "when", j)) for j, cell in enumerate(raw.get("when") or [])]
        outcomes = {k: (raw[k], (*loc, k)) for k in OUTCOMES if raw.get(k) is not None}
        rows.append(RowSpec(loc, cells, outcomes))
    spec = TableSpec(where, data["hit_policy"], data.get("id"), headers, defaults, rows)
    return spec, problems


def _only_row_outcomes(data: Any) -> bool:
    """Whether every problem of a table is in a row's outcomes (so the rest can still be read)."""
    try:
        TableFile.model_validate(data)
    except ValidationError as error:
        return all(
            len(err["loc"]) >= 4 and err["loc"][:2] == ("table", "rows") and err["loc"][3] != "when"
            for err in error.errors()
        )
    return True


def compile_table(spec: TableSpec) -> tuple[RulesFile | None, Table, list[Problem]]:
    """The rules a table stands for, with every problem located in the table."""
    located = spec.located
    table = Table(located.path, spec.hit_policy)
    problems: list[Problem] = []
    columns: list[Column | None] = []
    for header, loc in spec.headers:
        parsed = parse_header(str(header))
        if isinstance(parsed, str):
            line, column = Located.where(located, loc)
            problems.append(Problem(located.path, line, column, located.label(loc), parsed))
            columns.append(None)  # its cells are skipped; the rest of the table is still checked
        else:
            columns.append(Column(str(header), parsed[0], parsed[1], located.origin(loc)))
    table.columns = [c for c in columns if c is not None]
    raw_rules: list[dict[str, Any]] = []
    earlier: list[Condition] = []
    for number, row in enumerate(spec.rows, start=1):
        condition = _row_condition(located, columns, row, problems)
        rule_id = _rule_id(spec, row, number, problems)
        merged = {k: v for k, (v, _) in {**spec.defaults, **row.outcomes}.items()}
        located.alias[("rules", number - 1)] = row.loc
        for key in OUTCOMES:
            source = row.outcomes.get(key) or spec.defaults.get(key)
            located.alias[("rules", number - 1, key)] = source[1] if source else row.loc
        located.alias[("rules", number - 1, "when")] = row.loc
        when = condition
        if spec.hit_policy == "first" and earlier:
            when = All((condition, *earlier), located.origin(row.loc))
        earlier.append(Not(condition, _earlier_origin(located, row.loc, number)))
        raw_rules.append({**merged, "id": rule_id, "when": when})
        table.rows.append(
            Row(number, rule_id, condition, located.origin(row.loc), merged.get("mistake"))
        )
    located.data = {"rules": raw_rules}
    rules = []
    for i, raw in enumerate(raw_rules):
        rule, found = validate(Rule, located, raw, ("rules", i))
        problems += found
        rules.append(rule if rule is not None else _partial_rule(raw))
    return RulesFile(rules=tuple(rules)), table, problems


def _partial_rule(raw: dict[str, Any]) -> Rule:
    """The well-typed parts of an invalid row, so its references are still checked."""

    def strings(value: Any) -> tuple[str, ...]:
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    sources = raw.get("sources")
    fields: dict[str, Any] = {
        "id": str(raw.get("id", "")),
        "mistake": raw.get("mistake") if isinstance(raw.get("mistake"), str) else None,
        "notice": raw.get("notice") if isinstance(raw.get("notice"), str) else None,
        "when": raw["when"],
        "actions": strings(raw.get("actions")),
        "sources": tuple(v for v in sources if isinstance(v, int))
        if isinstance(sources, list)
        else (),
        "priority": 0,
        "severity": "low",
    }
    return Rule.model_construct(**fields)


def _earlier_origin(located: TableLocated, loc: KeyPath, number: int) -> Origin:
    origin = located.origin(loc)
    label = f"{origin.key_path} (row {number} matched first)"
    return Origin(origin.path, origin.line, origin.column, label)


def _rule_id(spec: TableSpec, row: RowSpec, number: int, problems: list[Problem]) -> str:
    given = row.outcomes.get("id")
    if given is not None:
        return str(given[0])
    if spec.table_id:
        return f"{spec.table_id}-{number}"
    problems.append(
        spec.located.problem(
            ("rules", number - 1),
            "this row has no id: give it an `id`, or give the table an `id` "
            "so rows are named <id>-1, <id>-2, ...",
        )
    )
    return f"row-{number}"


def _row_condition(
    located: TableLocated, columns: list[Column | None], row: RowSpec, problems: list[Problem]
) -> Condition:
    if len(row.cells) != len(columns):
        where = (*row.loc, "when")
        line, column = Located.where(located, where)
        message = (
            f"this row has {len(row.cells)} condition cells; "
            f"the table has {len(columns)} condition columns"
        )
        problems.append(Problem(located.path, line, column, located.label(where), message))
        return All((), located.origin(row.loc))
    tests: list[Condition] = []
    for col, (cell, loc) in zip(columns, row.cells, strict=True):
        if col is None or cell is None:
            continue
        if isinstance(cell, str) and cell.strip().lower() in ANY_CELL:
            continue
        value = _operand(col.op, cell)
        if isinstance(value, _Bad):
            line, column = Located.where(located, loc)
            problems.append(Problem(located.path, line, column, located.label(loc), value.message))
            continue
        tests.append(Test(col.ref, col.op, value, located.origin(loc)))
    if len(tests) == 1:
        return tests[0]
    return All(tuple(tests), located.origin(row.loc))


@dataclass(frozen=True)
class _Bad:
    message: str


def _operand(op: Op, cell: Any) -> Any:
    """The operand of a test from a cell, with the same shapes as conditions in rules files."""
    if op in (Op.ANSWERED, Op.UNANSWERED):
        if cell is True or (isinstance(cell, str) and cell.lower() in ("yes", "true")):
            return True
        return _Bad(f"a '{op.value}' column takes yes (or any)")
    if op is Op.CONTAINS or op in LIST_OPS:
        values = list(cell) if isinstance(cell, list | tuple) else [cell]
        if any(isinstance(v, list | dict) or v is None for v in values) or not values:
            return _Bad(f"a '{op.value}' cell takes a list of plain values")
        if op is Op.BETWEEN:
            numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
            if len(values) != 2 or len(numbers) != 2:
                return _Bad("a 'between' cell takes two numbers, low and high: 40, 55")
            if numbers[0] > numbers[1]:
                return _Bad(f"'between' low {numbers[0]} is above high {numbers[1]}")
        return tuple(values)
    if isinstance(cell, list | dict):
        return _Bad(f"a '{op.value}' cell takes a single value")
    return cell
