"""The shape a decision table is read into, from either format, before it is compiled."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coach.conditions.ast import SYMBOLS, Op, Origin, operator_meant
from coach.errors import Problem
from coach.located import KeyPath, Located, format_key_path

_OP_NAMES = [op.value for op in Op]


class TableLocated(Located):
    """Marks of the table file, reached through the key paths of the rules it compiles to.

    `alias` maps a rule's key path (`rules[3].mistake`) to where that value was written;
    `names` gives CSV cells their spreadsheet names.
    """

    def __init__(self, located: Located, names: dict[KeyPath, str] | None = None) -> None:
        super().__init__(located.path, located.data, located.marks, located.key_marks)
        self.alias: dict[KeyPath, KeyPath] = {}
        self.names = names or {}

    def real(self, loc: KeyPath) -> KeyPath:
        """Where in the table file a rule's key path was written."""
        for end in range(len(loc), 0, -1):
            target = self.alias.get(loc[:end])
            if target is not None:
                return (*target, *loc[end:])
        return loc

    def label(self, real: KeyPath) -> str:
        """How a place in the table is named in messages."""
        for end in range(len(real), -1, -1):
            name = self.names.get(real[:end])
            if name is not None:
                return name
        return format_key_path(real)

    def where(self, loc: KeyPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of a rule's key path, found in the table."""
        return super().where(self.real(loc), key=key)

    def problem(
        self, loc: KeyPath, message: str, *, suggestion: str | None = None, key: bool = False
    ) -> Problem:
        """A problem at a rule's key path, reported where the table says it."""
        real = self.real(loc)
        line, column = super().where(real, key=key)
        return Problem(self.path, line, column, self.label(real), message, suggestion)

    def origin(self, real: KeyPath) -> Origin:
        """The origin of a condition written at a place of the table."""
        line, column = super().where(real)
        return Origin(self.path, line, column, self.label(real))


@dataclass
class RowSpec:
    """A row before compiling: its cells and outcomes, each with where it was written."""

    loc: KeyPath
    cells: list[tuple[Any, KeyPath]]
    outcomes: dict[str, tuple[Any, KeyPath]]


@dataclass
class TableSpec:
    """A table before compiling, from either format."""

    located: TableLocated
    hit_policy: str
    table_id: str | None
    headers: list[tuple[str, KeyPath]]
    defaults: dict[str, tuple[Any, KeyPath]]
    rows: list[RowSpec]


def parse_header(header: str) -> tuple[str, Op] | str:
    """`workload.hours_per_week gte` -> (ref, op); a message when it cannot be read."""
    parts = header.split()
    if not parts or "." not in parts[0]:
        return (
            f"'{header}' is not a condition column: write section.question and an operator, "
            "e.g. 'workload.hours_per_week gte' or 'workload.hours_per_week >='"
        )
    ref, rest = parts[0], " ".join(parts[1:])
    if not rest:
        return ref, Op.EQ
    if rest in SYMBOLS:
        return ref, SYMBOLS[rest]
    if rest in _OP_NAMES:
        return ref, Op(rest)
    meant = operator_meant(rest, [*_OP_NAMES, *SYMBOLS])
    hint = f" (did you mean '{meant}'?)" if meant else ""
    return f"unknown operator '{rest}' in column '{header}'{hint}"
