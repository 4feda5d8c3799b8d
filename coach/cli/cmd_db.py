"""`coach db`: the history database itself: where it is, its schema, and who may use it."""

from __future__ import annotations

import click

from coach.cli.history_access import opened_history
from coach.errors import ExitCode


@click.group()
def db() -> None:
    """The history database: its schema (status, upgrade) and, on PostgreSQL, its roles.

    Every command works on `--db URL` (a team's PostgreSQL, docs/team.md) or, without it, on the
    SQLite file in --home. Opening a history upgrades it anyway; these commands say what is
    there and let an administrator upgrade a shared database on purpose.
    """


@db.command()
def status() -> None:
    """Say which database this is and whether its schema is this coach's (changes nothing).

    Exits 0 when the schema is current, 1 when it is empty or older (run `coach db upgrade`).
    """
    from coach.store.migrate import SchemaState, head_revision

    with opened_history(migrate_schema=False) as store:
        state, revision = store.schema_state(), store.revision()
        click.echo(f"database: {store.where} ({store.backend.name})")
        click.echo(f"schema:   {revision or 'none'} (this coach: {head_revision()}, {state.value})")
    if state is not SchemaState.CURRENT:
        click.echo("Run `coach db upgrade` to bring it up to date.", err=True)
        raise click.exceptions.Exit(int(ExitCode.FAILED))


@db.command()
def upgrade() -> None:
    """Create or upgrade the schema to this coach's newest revision (one transaction)."""
    from coach.store.migrate import head_revision

    with opened_history(migrate_schema=False) as store:
        before = store.revision()
        changed = store.upgrade()
        where = store.where
    if changed:
        click.echo(f"{where}: schema {before or 'none'} -> {head_revision()}.")
    else:
        click.echo(f"{where}: schema already at {head_revision()}; nothing to do.")
