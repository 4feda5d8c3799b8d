"""`coach docs`: the guides, as installed with coach (no source checkout needed)."""

from __future__ import annotations

import click

from coach.errors import did_you_mean


@click.command()
@click.argument("topic", required=False)
def docs(topic: str | None) -> None:
    """Print a guide: authoring, yaml-contract, coaching-model, cli or operators.

    Without TOPIC, list the guides and where they are installed. The guides are Markdown;
    `coach docs authoring | less` to page through one. `operators` prints the reference of
    the comparisons a condition may use.
    """
    from coach.guides import FOLDER, GUIDES, guide_path

    if topic is None:
        click.echo(f"Guides (installed in {FOLDER}):")
        for name, (_, about) in GUIDES.items():
            click.echo(f"  {name:<15} {about}")
        click.echo(f"  {'operators':<15} the comparisons a condition may use (eq, gte, in, ...)")
        click.echo("Print one with `coach docs TOPIC`.")
        return
    if topic == "operators":
        from coach.authoring.reference import operator_table

        click.echo(operator_table())
        return
    if topic not in GUIDES:
        known = [*GUIDES, "operators"]
        hint = did_you_mean(topic, known)
        raise click.BadParameter(
            f"no guide '{topic}'{hint}; the guides are: {', '.join(known)}", param_hint="TOPIC"
        )
    click.echo(guide_path(topic).read_text(encoding="utf-8"), nl=False)
