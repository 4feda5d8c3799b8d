"""Every command has help text and a place in the docs; generated references do not drift."""

from __future__ import annotations

import click

from coach import docs_gen
from coach.cli.app import cli


def _all_commands() -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []

    def visit(command: click.Command, name: str, ctx: click.Context) -> None:
        found.append((name, command))
        if isinstance(command, click.Group):
            for child in command.list_commands(ctx):
                sub = command.get_command(ctx, child)
                assert sub is not None, f"{name} {child} cannot be loaded"
                visit(sub, f"{name} {child}", click.Context(sub, info_name=child, parent=ctx))

    visit(cli, "coach", click.Context(cli, info_name="coach"))
    return found


def test_every_command_has_help_text() -> None:
    missing = [name for name, command in _all_commands() if not (command.help or "").strip()]
    assert missing == []


def test_every_command_is_in_the_cli_reference() -> None:
    reference = docs_gen.cli_reference()
    for name, _ in _all_commands():
        assert f"`{name}`" in reference


def test_generated_docs_are_up_to_date() -> None:
    assert docs_gen.main(["--check"]) == 0, "run `python -m coach.docs_gen` and commit the result"
