"""Alembic migrations of the history store, run by `coach.store.migrate` when a store is opened.

To write a new one (developers only): change `coach/store/schema.py`, then run
`python -m coach.store.migrations "what changed"` from the repository root.
"""
