"""Data read from a file with where each value was written: the base under content/ and conditions/.

No YAML here: `coach.content.yamlio` builds a `Located` from a file; conditions and checks only read
marks from it to report `path:line:col: key.path: message`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coach.errors import Problem

KeyPath = tuple[str | int, ...]


@dataclass
class Located:
    """Data read from one file with the 1-based (line, column) of each value and mapping key."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: KeyPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the deepest known prefix of `loc` (the key itself if `key`)."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(loc[:end])
            if mark is not None:
                return mark
        return (None, None)

    def problem(
        self, loc: KeyPath, message: str, *, suggestion: str | None = None, key: bool = False
    ) -> Problem:
        """A Problem located at `loc` in this file."""
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, format_key_path(loc), message, suggestion)


def format_key_path(loc: KeyPath) -> str:
    """`('rules', 2, 'when', 'all', 0)` -> `rules[2].when.all[0]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
