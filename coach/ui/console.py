"""The one place rich consoles are made: NO_COLOR, narrow terminals and pipes respected."""

from __future__ import annotations

import os

from rich.console import Console
from rich.theme import Theme

THEME = Theme(
    {
        "sev.critical": "bold white on red",
        "sev.high": "bold red",
        "sev.medium": "yellow",
        "sev.low": "cyan",
        "sev.none": "dim",
        "muted": "dim",
        "heading": "bold",
        "notice": "bold magenta",
    }
)


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A console for reports; colour off under NO_COLOR or when not a terminal."""
    no_color = "NO_COLOR" in os.environ
    return Console(
        stderr=stderr,
        theme=THEME,
        no_color=no_color,
        width=width,
        highlight=False,
        soft_wrap=False,
        emoji=False,
    )
