"""The command line: thin click commands around the core, one error handler, exit codes."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from coach.cli.app import run


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with `argv` (default: the process arguments); return the exit code."""
    return run(list(argv) if argv is not None else sys.argv[1:])


__all__ = ["main"]
