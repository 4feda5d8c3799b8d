"""Options shared by several commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def content_options(func: F) -> F:
    """Add --rules and --questionnaires to a command."""
    func = click.option(
        "--questionnaires",
        "questionnaires_dir",
        type=click.Path(exists=True, path_type=Path),
        help="Folder (or file) of questionnaires to use instead of the shipped ones.",
    )(func)
    func = click.option(
        "--rules",
        "rules_dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Rule pack folder (with pack.yaml) to use instead of the shipped pack.",
    )(func)
    return func


def json_option(func: F) -> F:
    """Add --json to a command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")(
        func
    )
