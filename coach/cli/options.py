"""Options shared by several commands."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class SafePath(click.Path):
    """click.Path that refuses a NUL byte in the name (the OS cannot use it) as a bad value."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The path, if the OS can use its name."""
        if "\x00" in str(value):
            self.fail("a file name cannot hold a NUL byte", param, ctx)
        path: Any = super().convert(value, param, ctx)
        if not self.file_okay and self.exists and not Path(path).is_dir():
            self.fail(f"'{value}' is not a folder", param, ctx)
        return path


class Percent(click.FloatRange):
    """A number from 0 to 100 (click's FloatRange lets 'nan' through: every comparison is false)."""

    def __init__(self) -> None:
        super().__init__(0, 100)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The number, if it is one and in range."""
        number = super().convert(value, param, ctx)
        if number != number:  # NaN
            self.fail(f"{value!r} is not a number from 0 to 100", param, ctx)
        return number


class PastDay(click.DateTime):
    """A day (YYYY-MM-DD) that has come: a record of what happened cannot be dated ahead.

    `why` finishes the refusal: what a date after today would have done wrong.
    """

    def __init__(self, why: str) -> None:
        super().__init__(formats=["%Y-%m-%d"])
        self.why = why

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The day, if it is today or earlier."""
        from datetime import date

        day = super().convert(value, param, ctx)
        today = date.today()
        if day.date() > today:
            self.fail(f"{day.date()} is after today ({today}): {self.why}", param, ctx)
        return day


ANSWERS_FILE = "give one answers file (section.question: value lines), e.g. examples/hero.yaml"


class InputFile(click.ParamType):  # type: ignore[type-arg]
    """A file to read: it must exist and be a regular file.

    A folder, a named pipe, a device, a socket, a dangling or looping symbolic link is refused
    by name after `os.stat`, never opened, so nothing can hang on it.
    """

    name = "file"

    def __init__(self, expected: str = "") -> None:
        # what the option wants, said after a refusal: "give an answers file (...)"
        self.expected = expected

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        """The path, once it is known to be a regular file."""
        from coach.content.files import check_regular

        path = Path(value)
        problem = check_regular(path, str(value), limit=1 << 62)  # sizes are checked on read
        if problem:
            folder = problem.message.startswith("is a folder")  # no second stat: a name too
            wanted = f": {self.expected}" if self.expected and folder else ""  # long raises
            self.fail(f"'{value}' {problem.message}{wanted}", param, ctx)
        return path


def _once(ctx: click.Context, param: click.Parameter, value: tuple[Path, ...]) -> Path | None:
    """The one path given; a second is refused (click would keep the last without a word)."""
    if len(value) > 1:
        shown = " and ".join(f"'{v}'" for v in value)
        raise click.BadParameter(f"given {len(value)} times ({shown}): give it once", ctx, param)
    return value[0] if value else None


def content_options(func: F) -> F:
    """Add --rules and --questionnaires to a command (each given at most once)."""
    func = click.option(
        "--questionnaires",
        "questionnaires_dir",
        type=SafePath(exists=True, path_type=Path),
        multiple=True,
        callback=_once,
        help="Folder (or file) of questionnaires to use instead of the shipped ones.",
    )(func)
    func = click.option(
        "--rules",
        "rules_dir",
        type=SafePath(exists=True, file_okay=False, path_type=Path),
        multiple=True,
        callback=_once,
        help="Rule pack folder (with pack.yaml) to use instead of the shipped pack.",
    )(func)
    return func


def json_option(func: F) -> F:
    """Add --json to a command."""
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a report.")(
        func
    )


def top_option(
    maximum: int = 50, help_text: str = "How many actions the report lists."
) -> Callable[[F], F]:
    """Add --top N (default 5, from 1 to `maximum`): how many lines a report lists."""
    return click.option(
        "--top", default=5, show_default=True, type=click.IntRange(1, maximum), help=help_text
    )


def all_option(func: F) -> F:
    """Add --all: every diagnosis in full, not only the first ones (pack.yaml `plan.primary`)."""
    return click.option(
        "--all",
        "show_all",
        is_flag=True,
        help="Show every diagnosis with the answers behind it, not only the first ones.",
    )(func)


def person_option(func: F) -> F:
    """Add --person NAME (whose history; default `me`)."""
    return click.option(
        "--person",
        metavar="NAME",
        help="Whose history: a coach keeps one per engineer (default: me).",
    )(func)


Callback = Callable[[click.Context, click.Parameter, Any], Any]


def read_with(parser: str) -> Callback:
    """A callback that reads an option's text with `parser`, a "module:function" of a lower layer.

    The function is imported on first use, so `coach --help` stays light; its ValueError
    becomes a bad value of the option, with the function's message. None (not given) stays None.
    """

    def read(_ctx: click.Context, _param: click.Parameter, value: str | None) -> Any:
        if value is None:
            return None
        module, _, name = parser.partition(":")
        parse = getattr(importlib.import_module(module), name)
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error)) from None

    return read


def quarter_option(func: F) -> F:
    """Add --quarter 2026-Q4 (the quarter an assessment counts for; default: today's)."""
    return click.option(
        "--quarter",
        metavar="YYYY-QN",
        callback=read_with("coach.model.quarters:parse_quarter"),
        help="The quarter this assessment counts for, e.g. 2026-Q4 (default: today's).",
    )(func)
