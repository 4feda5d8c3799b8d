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


@db.command("grant-role")
@click.argument("role")
@click.argument("kind", type=click.Choice(["engineer", "coach", "hr"]))
@click.option("--team", metavar="T", help="An engineer's team (for HR's aggregates).")
def grant_role(role: str, kind: str, team: str | None) -> None:
    """Give the database login ROLE the rights of an engineer, a coach or HR (administrators).

    The login role is made when missing (set its password with psql, or use your server's
    authentication). An engineer's history is named after their role.
    """
    from coach.store.team import grant_role as grant

    with opened_history() as store:
        grant(store, role, kind, team)
    click.echo(f"{role} is now {kind}" + (f" in team {team}." if team else "."))


@db.command("revoke-role")
@click.argument("role")
@click.argument("kind", type=click.Choice(["engineer", "coach", "hr"]))
def revoke_role(role: str, kind: str) -> None:
    """Take the rights of KIND from the database login ROLE (administrators)."""
    from coach.store.team import revoke_role as revoke

    with opened_history() as store:
        revoke(store, role, kind)
    click.echo(f"{role} is no longer {kind}.")
