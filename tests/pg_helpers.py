"""A real PostgreSQL for the tests: throw-away databases and roles with unique names.

The server is `COACH_TEST_POSTGRES` (an admin URL), by default the CI's
`postgresql://postgres@127.0.0.1:5432/postgres`. When it cannot be reached, the tests that need
it FAIL with a sentence saying what is needed (they are never skipped quietly): .ci/run checks
it first and says the same.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

ADMIN_URL = os.environ.get("COACH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
NEEDED = (
    f"these tests need a PostgreSQL server with trust (or password-in-URL) access at {ADMIN_URL} "
    "(set COACH_TEST_POSTGRES to an admin URL to use another one; .ci/run checks it first)"
)


def admin() -> Any:
    """An autocommit admin connection to the test server, or a loud failure saying what to do."""
    import psycopg

    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"{NEEDED}: {error}".strip(), pytrace=False)


def unique(prefix: str = "coach_test_") -> str:
    """A name no other test run uses (databases and roles are server-wide)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


def url_for(database: str, user: str | None = None, password: str | None = None) -> str:
    """The admin URL pointed at another database, optionally as another user."""
    from sqlalchemy.engine import make_url

    url = make_url(ADMIN_URL).set(database=database)
    if user is not None:
        url = url.set(username=user, password=password)
    return url.render_as_string(hide_password=False)


@contextmanager
def temp_database() -> Iterator[str]:
    """A new empty database (its URL, as the admin), dropped afterwards whatever happened.

    Its roles are named after it (`<database>_engineer`, ..., and the test's login roles,
    made with `login_role`), so they are unique too, and are dropped with it.
    """
    name = unique()
    with admin() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url_for(name)
    finally:
        with admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            roles = connection.execute(
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, %s)", (f"{name}_",)
            ).fetchall()
            for (role,) in roles:
                connection.execute(f'DROP ROLE IF EXISTS "{role}"')


def database_of(url: str) -> str:
    """The database a URL names."""
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    assert database is not None
    return database


def login_role(url: str, who: str) -> tuple[str, str]:
    """A login role for one person of a test, unique to its database: (role name, its URL)."""
    role = f"{database_of(url)}_{who}"
    with admin() as connection:
        connection.execute(f'CREATE ROLE "{role}" LOGIN')
    return role, url_for(database_of(url), user=role)
