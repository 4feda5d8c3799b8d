"""The `coach` group, its lazily imported commands and the one error handler.

Command modules are imported only when their command runs (or when help lists them), and they
import nothing heavy at module level, so `coach --help` stays fast.
"""

from __future__ import annotations

import contextlib
import errno
import importlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from coach import __version__
from coach.cli.options import SafePath
from coach.errors import CoachError, ExitCode


@dataclass(frozen=True)
class Settings:
    """Options of the `coach` group that commands read from `ctx.obj`."""

    home: Path | None = None
    db: str | None = None


# name -> "module:attribute"; the order is the order help lists them in.
COMMANDS: dict[str, str] = {
    "assess": "coach.cli.cmd_assess:assess",
    "validate": "coach.cli.cmd_validate:validate",
    "rules": "coach.cli.cmd_rules:rules",
    "docs": "coach.cli.cmd_docs:docs",
    "calc": "coach.cli.cmd_calc:calc",
    "history": "coach.cli.cmd_history:history",
    "compare": "coach.cli.cmd_history:compare",
    "show": "coach.cli.cmd_history:show",
    "remind": "coach.cli.cmd_remind:remind",
    "export": "coach.cli.cmd_data:export",
    "import": "coach.cli.cmd_data:import_command",
    "forget": "coach.cli.cmd_data:forget",
    "review": "coach.cli.cmd_review:review",
    "plan": "coach.cli.cmd_plan:plan",
    "brag": "coach.cli.cmd_brag:brag",
    "job": "coach.cli.cmd_job:job",
    "share": "coach.cli.cmd_team:share",
    "unshare": "coach.cli.cmd_team:unshare",
    "audit": "coach.cli.cmd_team:audit",
    "team": "coach.cli.cmd_team:team",
    "db": "coach.cli.cmd_db:db",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Lazy commands first, in table order."""
        return [*self.lazy, *(c for c in super().list_commands(ctx) if c not in self.lazy)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import a lazy command's module on first use."""
        if cmd_name in self.lazy:
            module_name, attribute = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module_name), attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="coach")
@click.option(
    "--debug", is_flag=True, envvar="COACH_DEBUG", help="Show tracebacks of unexpected errors."
)
@click.option(
    "--home",
    type=SafePath(file_okay=False, path_type=Path),
    envvar="COACH_HOME",
    help="Folder for your history and drafts (default: your user data folder; env COACH_HOME).",
)
@click.option(
    "--db",
    metavar="URL",
    envvar="COACH_DATABASE_URL",
    help="A team's PostgreSQL history (postgresql://USER@HOST/DB) instead of the file in --home "
    "(env COACH_DATABASE_URL; see docs/team.md).",
)
@click.pass_context
def cli(ctx: click.Context, debug: bool, home: Path | None, db: str | None) -> None:
    """coach: honest questions about your career, answered with the research.

    Answer a questionnaire about workload, recognition, business literacy, politics, culture,
    positioning and your exit options; coach maps your answers to seven well-known career
    mistakes and to concrete actions, each with a first step for this week. Nothing you enter
    leaves this machine.

    Start with `coach assess`.
    """
    del debug  # read by run() from the arguments, before click parses them
    ctx.obj = Settings(home=home, db=db or None)


# What the system refuses whatever coach does: no space, no quota, a read-only disk, I/O.
_REFUSALS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO})


def _say_refused(error: OSError) -> None:
    """Say which refusal stopped the command; the disk may refuse the message too."""
    where = f" ({error.filename})" if error.filename else ""
    try:
        click.echo(
            f"coach: the system refused to read or write{where}: {error.strerror}.", err=True
        )
    except OSError:
        pass
    # what is still buffered for the full disk would fail again at exit, with a traceback
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.close()


def _debug_requested(argv: list[str]) -> bool:
    return "--debug" in argv or os.environ.get("COACH_DEBUG", "") not in ("", "0")


def run(argv: list[str]) -> int:
    """Run the CLI; every error ends here as a message and an exit code, never a traceback."""
    try:
        code = cli.main(args=argv, prog_name="coach", standalone_mode=False)
    except CoachError as error:
        click.echo(
            f"coach: {error.message}" if "\n" not in error.message else error.message, err=True
        )
        return int(error.exit_code)
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return int(error.exit_code)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("\nInterrupted.", err=True)
        return int(ExitCode.INTERRUPTED)
    except BrokenPipeError:
        sys.stderr.close()
        return int(ExitCode.OK)
    except Exception as error:  # noqa: BLE001 - the last resort: a bug report, not a traceback
        if isinstance(error, OSError) and error.errno in _REFUSALS:
            _say_refused(error)
            return int(ExitCode.SYSTEM)
        if _debug_requested(argv):
            import traceback

            traceback.print_exc()
        click.echo(
            f"coach: unexpected error ({type(error).__name__}: {error}).\n"
            "This is a bug in coach. Run again with --debug to see the details, and report them.",
            err=True,
        )
        return int(ExitCode.BUG)
    return code if isinstance(code, int) else int(ExitCode.OK)
