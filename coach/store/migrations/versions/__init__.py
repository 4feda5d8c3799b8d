"""One module per schema revision; Alembic reads them in revision order."""
