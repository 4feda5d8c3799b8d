"""The command line: thin click commands around the core, one error handler, exit codes."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from coach.cli.app import run

# New objects between two young collections of the garbage collector, in a coach process.
YOUNG_OBJECTS = 50_000


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with `argv` (default: the process arguments); return the exit code."""
    return run(list(argv) if argv is not None else sys.argv[1:])


def entry() -> NoReturn:
    """The `coach` program (and `python -m coach`): run, then exit without the final collection.

    Pydantic plugins are off (unless PYDANTIC_DISABLE_PLUGINS says otherwise): the data is
    personal and nothing may leave the machine.

    The collector looks for garbage cycles every YOUNG_OBJECTS new objects instead of every 700.
    A command is mostly start-up: 130,000-170,000 objects (modules, classes, the content) that
    live until exit. With the default thresholds each is scanned over and over as it ages
    (`assess --answers`: 180 young, 17 middle and one full collection, 35-65 ms, a tenth of the
    run); with YOUNG_OBJECTS, two or three young collections. The prompts' garbage (each
    question builds its prompt_toolkit application) mostly dies before a collection, so a
    question also comes up sooner; a long interview peaks at about 10 MiB more.

    At exit the interpreter runs the garbage collector over every object still alive: 80-115 ms
    after `coach plan` (pydantic schemas, reportlab objects), a tenth of its time budget. Frozen
    objects are skipped; atexit handlers, file closing and module teardown still run. Only for
    the process entry point: frozen objects are never freed, which `main` in a long-lived
    process (tests) must not do.
    """
    # No third-party pydantic plugins: they would see every answer validated (burnout,
    # bullying) and some report elsewhere; skipping their discovery also saves ~11 ms.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, middle, old)
    code = main()
    gc.freeze()
    sys.exit(code)


__all__ = ["entry", "main"]
