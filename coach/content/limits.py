"""Every size limit on what coach reads, in one place (documented in docs/yaml-contract.md).

Each limit is checked before the data is built: the file's size before it is read, the YAML
event stream (depth, nodes, aliases and what the aliases would expand to) before any value is
constructed, CSV rows, columns and cells as they are read. Going over a limit is a located
content error, never a hang or a memory blow-up. The limits are far above what a real
questionnaire, rule pack, answers file or history export needs.
"""

from __future__ import annotations

MIB = 1024 * 1024

MAX_FILE_BYTES = 4 * MIB
"""Largest YAML or CSV content or answers file (the whole shipped pack is about 0.2 MiB)."""

MAX_EXPORT_BYTES = 256 * MIB
"""Largest `coach import` file (an export of many years of history is a few MiB)."""

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings in one YAML file or export (shipped files nest 8 deep,
an export 9), checked on the text before it is parsed."""

MAX_NODES = 200_000
"""Most values (scalars, lists, mappings, keys included) written in one YAML file."""

MAX_ALIASES = 1_000
"""Most aliases (`*name`) in one YAML file."""

MAX_EXPANDED_NODES = 400_000
"""Most values once every alias is expanded: stops "billion laughs" before anything expands."""

MAX_SCALAR_CHARS = 100_000
"""Longest single YAML value (a long `help:` text is a few hundred characters)."""

MAX_EXPORT_TEXT_CHARS = 100_000
"""Longest text in a `coach import` file (a long review note is a few thousand characters)."""

MAX_EXPORT_ITEMS = 100_000
"""Most entries in one list or object of a `coach import` file."""

MAX_EXPORT_INTEGER = 2**53 - 1
"""Largest whole number (either sign) in a `coach import` file: the largest every JSON reader
keeps exactly, far above any count, position or answer coach stores."""

MAX_CSV_ROWS = 10_000
"""Most rows in a CSV decision table."""

MAX_CSV_COLUMNS = 256
"""Most columns in a CSV decision table."""

MAX_CSV_CELL_CHARS = 10_000
"""Longest cell in a CSV decision table."""


def size_text(size: int) -> str:
    """1536 -> '1.5 KiB': a byte count as people read it."""
    if size < 1024:
        return f"{size} bytes"
    if size < MIB:
        return f"{size / 1024:.1f} KiB"
    return f"{size / MIB:.1f} MiB"
