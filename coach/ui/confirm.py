"""Yes/no questions on the standard streams (click's confirm), for commands scripts run too.

Unlike the questionnaire's prompts these need no terminal: an answer can be piped in, and no
answer at all (end of input) counts as no.
"""

from __future__ import annotations


def confirm_forget(person: str, count: int) -> bool:
    """Ask before deleting `person`'s history for good; asked on stderr (stdout may be piped)."""
    import click

    question = f"Delete {person}'s {count} assessment(s), reviews and plans for good?"
    try:
        return click.confirm(question, default=False, err=True)
    except click.exceptions.Abort:  # no answer (end of input) is not a yes
        return False
