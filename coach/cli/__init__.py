"""The command line: thin click commands around the core, one error handler, exit codes."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from coach.cli.app import run


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with `argv` (default: the process arguments); return the exit code."""
    return run(list(argv) if argv is not None else sys.argv[1:])


def entry() -> NoReturn:
    """The `coach` program (and `python -m coach`): run, then exit without the final collection.

    Pydantic plugins are off (unless PYDANTIC_DISABLE_PLUGINS says otherwise): the data is
    personal and nothing may leave the machine.

    At exit the interpreter runs the garbage collector over every object still alive: 80-115 ms
    after `coach plan` (pydantic schemas, reportlab objects), a tenth of its time budget. Frozen
    objects are skipped; atexit handlers, file closing and module teardown still run. Only for
    the process entry point: frozen objects are never freed, which `main` in a long-lived
    process (tests) must not do.
    """
    # No third-party pydantic plugins: they would see every answer validated (burnout,
    # bullying) and some report elsewhere; skipping their discovery also saves ~11 ms.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = main()
    gc.freeze()
    sys.exit(code)


__all__ = ["entry", "main"]
