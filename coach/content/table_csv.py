"""Reading a decision table from a CSV file, every cell with its line, column and cell name.

Layout: optional settings lines first (`# hit_policy: first`, `# id: hours`, and defaults for any
outcome column, e.g. `# mistake: hero`), then a header row, then one row per rule. Other lines
starting with `#` are comments. Columns named like an outcome (id, title, mistake, severity,
priority, because, sources, actions, notice) are outcomes; every other column is a condition
column (`workload.hours_per_week >=`). Lists (actions, sources, `in` values) are separated by
commas or semicolons inside their cell. Cells are separated by commas, or by semicolons or tabs
where the header row holds no comma (or a first line says `sep=;`, as Excel writes it).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from coach.content.files import read_text
from coach.content.limits import MAX_CSV_CELL_CHARS, MAX_CSV_COLUMNS, MAX_CSV_ROWS
from coach.content.table_spec import RowSpec, TableLocated, TableSpec, parse_header
from coach.errors import Problem, suggest
from coach.located import KeyPath, Located
from coach.model.tables import ANY_CELL, HIT_POLICIES, OUTCOMES

SETTINGS = ("hit_policy", *OUTCOMES)
LIST_OUTCOMES = ("sources", "actions")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def column_name(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet's name of a column."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def scalar(text: str) -> Any:
    """A cell's text as a value: numbers, yes/no/true/false, otherwise the text itself."""
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if _NUMBER.match(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text else number
    lowered = text.lower()
    if lowered in ("yes", "true"):
        return True
    if lowered in ("no", "false"):
        return False
    return text


def split_list(text: str) -> list[Any]:
    """`a, b; c` -> [a, b, c] (an empty cell is an empty list)."""
    return [scalar(part) for part in re.split(r"[;,]", text) if part.strip()]


def _cell_starts(line: str, delimiter: str) -> list[int]:
    """1-based character columns where each cell of a CSV line starts."""
    starts, quoted = [1], False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            starts.append(i + 2)
    return starts


def _delimiter(lines: list[str]) -> str:
    """What separates the cells: a comma, or what the table says it uses.

    A first line `sep=;` (how Excel marks it), else the header row's semicolon or tab where it
    holds no comma (a spreadsheet saved where the decimal mark is a comma writes semicolons).
    """
    for line in lines:
        text = line.strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        if len(text) == 5 and text.lower().startswith("sep="):
            return text[4]
        if "," not in text:
            return next((d for d in (";", "\t") if d in text), ",")
        return ","
    return ","


def read_csv_table(path: Path, shown: str) -> tuple[TableSpec | None, list[Problem]]:
    """Read a CSV table into a spec for `compile_table`; never raises for content problems."""
    text, unreadable = read_text(path, shown)
    if text is None:
        assert unreadable is not None
        return None, [unreadable]
    lines = text.splitlines()
    located = TableLocated(Located(shown, {}))
    delimiter = _delimiter(lines)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    problems: list[Problem] = []
    settings: dict[str, tuple[Any, KeyPath]] = {}
    headers: list[tuple[str, KeyPath]] = []
    header_index: dict[int, str] = {}
    rows: list[RowSpec] = []
    previous = 0
    for cells in _cells(reader, shown, problems):
        line, previous = previous + 1, reader.line_num
        if previous > line and any("\n" in cell for cell in cells):
            problems.append(_unclosed_quote(located, line, cells))
            break
        starts = _cell_starts(lines[line - 1], delimiter) if line - 1 < len(lines) else [1]
        too_big = _over_row_limits(shown, cells, line, starts, len(rows))
        if too_big:
            return None, [too_big]
        if not any(c.strip() for c in cells) or lines[line - 1].strip() == f"sep={delimiter}":
            continue  # a blank line, or Excel's separator line
        if cells[0].lstrip().startswith("#"):
            if not header_index:
                _setting(located, cells[0], line, settings, problems)
            continue
        if not header_index:
            header_index = _headers(located, cells, line, starts, headers, problems)
            continue
        rows.append(_row(located, cells, line, starts, header_index, len(rows)))
    if not header_index:
        return None, [Problem(shown, 1, 1, "", "no header row: the first row names the columns")]
    policy = settings.pop("hit_policy", None)
    if policy is None or policy[0] not in HIT_POLICIES:
        message = (
            "say which rows fire: add a first line '# hit_policy: first' (only the first "
            "matching row fires) or '# hit_policy: collect' (every matching row fires)"
        )
        where = policy[1] if policy else ()
        line_col = Located.where(located, where) if policy else (1, 1)
        problems.append(Problem(shown, line_col[0], line_col[1], "hit_policy", message))
        return None, problems
    table_id = settings.pop("id", None)
    if not rows and not problems:
        problems.append(Problem(shown, previous, 1, "", "the table has no rows"))
    spec = TableSpec(
        located,
        str(policy[0]),
        str(table_id[0]) if table_id else None,
        headers,
        settings,
        rows,
    )
    return spec, problems


def _cells(reader: Any, shown: str, problems: list[Problem]) -> Iterator[list[str]]:
    """The reader's rows; a row it cannot read ends the table with a located problem."""
    last = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            problems.append(_csv_error(shown, last + 1, error))
            return
        last = reader.line_num
        yield cells


def _csv_error(shown: str, line: int, error: csv.Error) -> Problem:
    """A line the csv module cannot read, e.g. a cell over its size limit."""
    message = f"cannot read this line as CSV: {error}"
    if "field larger than field limit" in str(error):
        message = (
            f"a cell from this line on is longer than {MAX_CSV_CELL_CHARS} characters "
            '(MAX_CSV_CELL_CHARS): is a double quote (") left open?'
        )
    return Problem(shown, line, 1, "", message)


def _over_row_limits(
    shown: str, cells: list[str], line: int, starts: list[int], rows: int
) -> Problem | None:
    """Too many rows, too many columns or too long a cell, checked before a row is read."""
    if rows >= MAX_CSV_ROWS:
        message = f"more than {MAX_CSV_ROWS} rows (MAX_CSV_ROWS)"
        return Problem(shown, line, 1, "", message)
    if len(cells) > MAX_CSV_COLUMNS:
        message = f"{len(cells)} columns: the limit is {MAX_CSV_COLUMNS} (MAX_CSV_COLUMNS)"
        return Problem(shown, line, 1, "", message)
    for j, cell in enumerate(cells):
        if len(cell) > MAX_CSV_CELL_CHARS:
            message = (
                f"this cell is {len(cell)} characters long: the limit is "
                f"{MAX_CSV_CELL_CHARS} (MAX_CSV_CELL_CHARS)"
            )
            column = starts[j] if j < len(starts) else 1
            return Problem(shown, line, column, f"{column_name(j)}{line}", message)
    return None


def _unclosed_quote(located: Located, line: int, cells: list[str]) -> Problem:
    where = next(i for i, cell in enumerate(cells) if "\n" in cell)
    message = (
        f'the double quote (") that opens column {column_name(where)} on this line is never '
        "closed, so the rest of the file is read as one cell: a cell with commas in it is "
        'wrapped in quotes at both ends, e.g. "cap-hours, strategic-no"'
    )
    return Problem(located.path, line, 1, f"{column_name(where)}{line}", message)


def _setting(
    located: Located,
    cell: str,
    line: int,
    settings: dict[str, tuple[Any, KeyPath]],
    problems: list[Problem],
) -> None:
    body = cell.lstrip()[1:].strip()
    key, sep, value = body.partition(":")
    key = key.strip().lower()
    if not sep or " " in key:
        return  # a comment
    loc: KeyPath = ("settings", key)
    located.marks[loc] = (line, 1)
    if key not in SETTINGS:
        close = suggest(key, SETTINGS, cutoff=0.75)
        if close:
            problems.append(Problem(located.path, line, 1, key, f"unknown setting '{key}'", close))
        return
    parsed = split_list(value) if key in LIST_OUTCOMES else scalar(value)
    settings[key] = (parsed, loc)


def _headers(
    located: TableLocated,
    cells: list[str],
    line: int,
    starts: list[int],
    headers: list[tuple[str, KeyPath]],
    problems: list[Problem],
) -> dict[int, str]:
    index: dict[int, str] = {}
    for j, raw in enumerate(cells):
        name = raw.strip()
        if not name:
            continue
        loc: KeyPath = ("header", j)
        located.marks[loc] = (line, starts[j] if j < len(starts) else 1)
        located.names[loc] = f"{column_name(j)}{line}"
        if name.lower() in OUTCOMES:
            index[j] = name.lower()
        elif "." in name:
            index[j] = name
            headers.append((name, loc))
        else:
            message = (
                f"unknown column '{name}': use an outcome ({', '.join(OUTCOMES)}) "
                "or a condition such as 'workload.hours_per_week >='"
            )
            hint = suggest(name.lower(), OUTCOMES)
            column = located.marks[loc][1]
            problems.append(Problem(located.path, line, column, located.names[loc], message, hint))
    return index


def _row(
    located: TableLocated,
    cells: list[str],
    line: int,
    starts: list[int],
    header_index: dict[int, str],
    number: int,
) -> RowSpec:
    row_loc: KeyPath = ("rows", number)
    located.marks[row_loc] = (line, 1)
    located.names[row_loc] = f"row {line}"
    outcomes: dict[str, tuple[Any, KeyPath]] = {}
    conditions: list[tuple[Any, KeyPath]] = []
    for j, name in header_index.items():
        text = cells[j] if j < len(cells) else ""
        loc: KeyPath = (*row_loc, name)
        located.marks[loc] = (line, starts[j] if j < len(starts) else 1)
        located.names[loc] = f"{column_name(j)}{line} ({name})"
        if name in OUTCOMES:
            if text.strip():
                value = split_list(text) if name in LIST_OUTCOMES else scalar(text)
                if name in ("title", "because", "id"):
                    value = text.strip()
                outcomes[name] = (value, loc)
        else:
            conditions.append((_condition_cell(name, text), loc))
    return RowSpec(row_loc, conditions, outcomes)


def _condition_cell(header: str, text: str) -> Any:
    parsed = parse_header(header)
    if isinstance(parsed, str) or text.strip().lower() in ANY_CELL:
        return None
    if parsed[1].value in ("in", "not_in", "between", "contains"):
        return split_list(text)
    return scalar(text)
