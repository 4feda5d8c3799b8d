"""Where the shipped content lies inside the installed package.

Nothing is imported here but pathlib, so a command that only needs a path (`coach plan` reading
the shipped sources.yaml) does not load the content loader to learn it.
"""

from __future__ import annotations

from pathlib import Path

SHIPPED = Path(__file__).parent / "shipped"
SHIPPED_RULES = SHIPPED / "rules"
SHIPPED_QUESTIONNAIRES = SHIPPED / "questionnaires"
SHIPPED_EXAMPLES = SHIPPED / "examples"
SHIPPED_INSTRUMENTS = SHIPPED / "instruments"
SHIPPED_VERDICT = SHIPPED / "habits" / "six-month-verdict.yaml"
