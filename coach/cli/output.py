"""Where a command's document goes: standard output, or a file only its owner can read."""

from __future__ import annotations

from pathlib import Path

import click


def write_file(path: Path, data: bytes, option: str) -> None:
    """Write `data` to `path`, created 0600 (replacing a file there, atomically).

    A file that cannot be written is a bad value of `option` (exit 2), not a crash.
    """
    from coach.home import write_private

    try:
        write_private(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        if error.filename is not None and str(error.filename) != str(path):
            reason += f" ('{error.filename}')"  # e.g. a folder on the way is a file
        raise click.BadParameter(f"cannot write '{path}': {reason}", param_hint=option) from None


def write_output(
    output: Path | None, data: str | bytes, said: str, option: str = "--output"
) -> None:
    """Print `data` when there is no `output`; else write it there and say `said` on stderr.

    Standard output stays the document alone, so it can be piped; the file is private (0600).
    """
    if output is None:
        click.echo(data, nl=False)
        return
    write_file(output, data.encode("utf-8") if isinstance(data, str) else data, option)
    click.echo(said, err=True)
