"""Write a new migration by comparing `coach/store/schema.py` with a database at head.

Usage (developers): `python -m coach.store.migrations "add the x column"`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from coach.store.db import Store
from coach.store.migrate import alembic_config


def main(message: str) -> None:
    """Autogenerate a revision against a fresh database migrated to the current head."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open_file(Path(folder) / "head.sqlite3")
        with store.engine.connect() as connection:
            config = alembic_config(connection)
            command.revision(config, message=message, autogenerate=True)
        store.close()


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "change")
