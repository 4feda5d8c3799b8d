"""The command line: thin click commands around the core, one error handler, exit codes.

This package's own module imports only what `coach --help` needs: on a terminal of 80 columns
or more (or none), that help is printed from HELP_FILE without importing click. The file is
what click itself prints there, written by `python -m coach.docs_gen` from the `coach` group
and checked in CI (and by tests/test_startup.py), so it cannot drift from the commands.
"""

from __future__ import annotations

import os
import sys

from coach import collector

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

# os.path, not pathlib: pathlib's imports cost `coach --help` 3 ms, a fifth of its time.
HELP_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "help.txt")  # noqa: PTH100, PTH118, PTH120
# Click fits its help to the terminal, up to this many columns.
HELP_COLUMNS = 80


def main(argv: Sequence[str] | None = None) -> int:
    """Run coach with `argv` (default: the process arguments); return the exit code."""
    from coach.cli.app import run

    return run(list(argv) if argv is not None else sys.argv[1:])


def printed_help(argv: Sequence[str]) -> bool:
    """`coach --help` (or `-h`) on a terminal at least HELP_COLUMNS wide: print HELP_FILE."""
    if list(argv) not in (["--help"], ["-h"]):
        return False
    import shutil

    if shutil.get_terminal_size().columns < HELP_COLUMNS:
        return False  # click wraps to the narrower terminal
    try:
        with open(HELP_FILE, "rb") as file:  # noqa: PTH123 - as HELP_FILE
            text = file.read()
    except OSError:
        return False  # an install without the file: click prints the same
    try:
        while text:  # straight to the descriptor: nothing is left buffered if it fails
            text = text[os.write(1, text) :]
    except BrokenPipeError:
        sys.stderr.close()  # `coach --help | head`, as the CLI's handler does
    except OSError:
        return False  # closed, or the disk is full: the CLI's handler says what happened
    return True


def entry() -> NoReturn:
    """The `coach` program (and `python -m coach`): run, then exit without the final collection.

    Pydantic plugins are off (unless PYDANTIC_DISABLE_PLUGINS says otherwise): the data is
    personal and nothing may leave the machine. The garbage collector keeps quiet while coach
    starts (`coach.collector`).
    """
    # No third-party pydantic plugins: they would see every answer validated (burnout,
    # bullying) and some report elsewhere; skipping their discovery also saves ~11 ms.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if printed_help(sys.argv[1:]):
        sys.exit(0)
    collector.start()
    code = main()
    collector.finish()
    sys.exit(code)


__all__ = ["entry", "main"]
