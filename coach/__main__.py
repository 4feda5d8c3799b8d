"""`python -m coach` runs the CLI."""

from coach.cli import entry

entry()
