"""Alembic's entry point: migrate the connection `coach.store.migrate` hands over.

No alembic.ini: the connection comes in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context

from coach.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
