"""`coach db status` / `upgrade`, and old histories (SQLite and PostgreSQL) upgraded whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from store_helpers import LONG_HOURS, mini_content, result_for

from coach import store as st
from coach.store.migrate import alembic_config, head_revision, known_revisions


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[list[str], str]:
    """The options naming a history, and the URL SQLAlchemy opens it with."""
    if request.param == "sqlite":
        path = tmp_path / "home" / "history.sqlite3"
        path.parent.mkdir()
        return ["--home", str(path.parent)], f"sqlite:///{path}"
    url = request.getfixturevalue("pg_url")
    return ["--db", url], url.replace("postgresql://", "postgresql+psycopg://", 1)


def test_status_says_empty_then_upgrade_makes_it_current(
    run_cli: Callable[..., Any], location: tuple[list[str], str]
) -> None:
    options, _ = location
    empty = run_cli(*options, "db", "status")
    assert empty.code == 1
    assert f"schema:   none (this coach: {head_revision()}, empty)" in empty.out
    assert "coach db upgrade" in empty.err
    done = run_cli(*options, "db", "upgrade")
    assert done.code == 0
    assert f"schema none -> {head_revision()}" in done.out
    assert "nothing to do" in run_cli(*options, "db", "upgrade").out
    now = run_cli(*options, "db", "status")
    assert (now.code, f"{head_revision()}, current" in now.out) == (0, True)


def test_an_old_history_upgrades_with_nothing_lost(location: tuple[list[str], str]) -> None:
    """A history at the first revision, written with that revision's tables, opens whole."""
    from alembic import command

    options, url = location
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), known_revisions()[0])
        connection.exec_driver_sql(
            "INSERT INTO people (id, name, created_at) VALUES (1, 'ana', '2026-01-05 10:00:00')"
        )
        connection.exec_driver_sql(
            "INSERT INTO assessments (id, uid, person_id, status, quarter, created_at, updated_at,"
            " questionnaire_id, questionnaire_version, questionnaire_hash)"
            " VALUES (1, 'a1', 1, 'draft', '2026-Q1', '2026-01-05 10:00:00',"
            " '2026-01-05 10:01:00', 'mini', '2', 'h')"
        )
        connection.exec_driver_sql(
            "INSERT INTO answers (assessment_id, ref, value, answered_at)"
            " VALUES (1, 'workload.hours_per_week', '61', '2026-01-05 10:01:00')"
        )
    engine.dispose()
    home = Path(options[1]) if options[0] == "--home" else Path("/nonexistent")
    with st.open_store(home, None if options[0] == "--home" else options[1]) as store:
        assert store.revision() == head_revision()
        found = st.latest_draft(store, "ana", "mini")
        assert found is not None
        assert found.answers == {"workload.hours_per_week": 61}
        content = mini_content()
        st.save_answer(store, found.id, "workload.hours_per_week", 50)
        info = st.complete(store, found.id, result_for(content, LONG_HOURS))
        assert st.get_assessment(store, info.id).answers["workload.hours_per_week"] == 50


def _everything(path: Path) -> list[Any]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as database:
        return list(database.iterdump())


def test_a_new_history_is_what_the_migrations_make_without_importing_alembic(
    tmp_path: Path,
) -> None:
    """A new SQLite history comes from the shipped dump of the migrations (sqlite_head.sql);
    made the long way, by every migration, it holds exactly the same schema and rows."""
    import json
    import subprocess
    import sys

    fast = tmp_path / "fast.sqlite3"
    code = (
        "import sys, json\n"
        "from pathlib import Path\n"
        "from coach.store.db import Store\n"
        f"Store.open_file(Path({str(fast)!r})).close()\n"
        "print(json.dumps('alembic' in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) is False
    slow = tmp_path / "slow.sqlite3"
    engine = sa.create_engine(f"sqlite:///{slow}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    assert _everything(fast) == _everything(slow)
    assert f"INSERT INTO \"alembic_version\" VALUES('{head_revision()}');" in _everything(fast)
