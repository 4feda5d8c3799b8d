"""The SQLite reader (no SQLAlchemy) reads what the store reads, and only serves sound files."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from store_helpers import CALM, LONG_HOURS, mini_content, plan_item, result_for, review_with

from coach import store as st
from coach.errors import CoachError, StoreCorruptError, StoreVersionError
from coach.model.plan import FollowUp
from coach.store import schema
from coach.store.reading import HistoryReader, StoreReader, reading
from coach.store.sqlite import DB_FILE
from coach.store.sqlite_reader import (
    DATE_COLUMNS,
    DATETIME_COLUMNS,
    JSON_COLUMNS,
    SqliteReader,
)

# Answers of every JSON shape a number question, a choice and a multi choice leave behind.
ODD_ANSWERS = [
    {**LONG_HOURS, "workload.hours_per_week": 62.5},
    {**LONG_HOURS, "workload.hours_per_week": 0},
    {**CALM, "workload.work": ("mentoring", "hiring")},
    CALM,
]


def _history(home: Path) -> dict[str, list[int]]:
    """Two people; quarters with two assessments each (ties broken by time, then number);
    reviews with decisions, plan items and follow-ups of the plan before."""
    content = mini_content()
    ids: dict[str, list[int]] = {"Zoë Ångström": [], "Bo": []}
    with st.open_store(home) as store:
        for n, (quarter, answers) in enumerate(
            [("2026-Q1", ODD_ANSWERS[0]), ("2026-Q2", ODD_ANSWERS[1]), ("2026-Q2", ODD_ANSWERS[2])]
        ):
            info = st.save_assessment(
                store, "Zoë Ångström", answers, result_for(content, answers), quarter=quarter
            )
            ids["Zoë Ångström"].append(info.id)
            items = [plan_item(f"i{n}a", "brag", "Brag document"), plan_item(f"i{n}b", None, "Ça")]
            review = review_with(info.id, f"r{n}", *items)
            if n:  # follow up the plan before
                done = FollowUp(item_uid=f"i{n - 1}a", status="done", note="Shared in 1:1")
                partly = FollowUp(item_uid=f"i{n - 1}b", status="partly")
                review = review.model_copy(update={"followups": (partly, done)})
            st.save_review(store, review)
        info = st.save_assessment(store, "Bo", CALM, result_for(content, CALM), quarter="2026-Q2")
        ids["Bo"].append(info.id)
        draft = st.save_assessment(store, "Bo", CALM, result_for(content, CALM), quarter="2026-Q3")
        ids["Bo"].append(draft.id)
    return ids


def _outcome(step: Callable[[], Any]) -> Any:
    """What a call returns, or the kind and words of the error it raises."""
    try:
        return step()
    except CoachError as error:
        return (type(error).__name__, str(error))


def _reads(history: HistoryReader, ids: dict[str, list[int]]) -> list[Any]:
    """Every question `coach plan` can ask, with its answer."""
    everyone = [*ids, "Zoe Angstrom", "nobody at all"]
    selectors = [None, "2026-Q1", "2026q2", "2025-Q4", "#1", "3", "999", "last", ""]
    found = [
        _outcome(lambda p=p, s=s: history.select_assessment(p, s))
        for p in everyone
        for s in selectors
    ]
    numbers = [n for own in ids.values() for n in own] + [999]
    found += [_outcome(lambda n=n: history.get_assessment(n)) for n in numbers]
    found += [_outcome(lambda n=n: history.load_review(n)) for n in numbers]
    found += [
        _outcome(lambda p=p, n=n: history.previous_plan(p, before=n))
        for p in everyone
        for n in [None, *numbers]
    ]
    return found


def test_the_sqlite_reader_reads_what_the_store_reads(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _history(home)
    with st.open_store(home) as store:
        expected = _reads(StoreReader(store), ids)
    reader = SqliteReader.open(home / DB_FILE)
    assert reader is not None
    with reader:
        assert _reads(reader, ids) == expected
    # the history is rich enough to tell readers apart
    assert sum(1 for e in expected if isinstance(e, tuple) and len(e) == 2) > 10
    assert any(getattr(e, "followups", ()) for e in expected)
    assert any(getattr(e, "items", ()) for e in expected if type(e).__name__ == "PreviousPlan")


def test_the_column_types_the_reader_converts_are_the_tables_types() -> None:
    columns = [c for table in schema.metadata.tables.values() for c in table.columns]
    assert {c.name for c in columns if isinstance(c.type, schema.UTCDateTime)} == DATETIME_COLUMNS
    assert {c.name for c in columns if type(c.type) is sa.Date} == DATE_COLUMNS
    assert {c.name for c in columns if isinstance(c.type, sa.JSON)} == JSON_COLUMNS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reading_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _history(home)
    before = _digest(home / DB_FILE)
    with reading(home) as history:
        assert isinstance(history, SqliteReader)
        assert history.select_assessment("Bo", None).quarter == "2026-Q3"
    assert _digest(home / DB_FILE) == before
    assert sorted(p.name for p in home.iterdir()) == [DB_FILE]  # no -wal or -shm left behind


def test_a_missing_or_empty_history_goes_to_the_store(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with reading(home) as history:
        assert isinstance(history, StoreReader)  # it creates the history, as every command does
    (home / DB_FILE).unlink()
    (home / DB_FILE).write_bytes(b"")
    with reading(home) as history:
        assert isinstance(history, StoreReader)
    assert SqliteReader.open(home / DB_FILE) is not None  # now created and migrated


def test_a_newer_history_is_refused_as_the_store_refuses_it(tmp_path: Path) -> None:
    from test_store_safety import _newer_schema

    home = tmp_path / "home"
    _history(home)
    _newer_schema(home / DB_FILE)
    before = _digest(home / DB_FILE)
    with pytest.raises(StoreVersionError) as fast:
        SqliteReader.open(home / DB_FILE)
    with pytest.raises(StoreVersionError) as full:
        st.open_store(home)
    assert str(fast.value) == str(full.value)
    assert _digest(home / DB_FILE) == before


def test_a_damaged_history_goes_to_the_store_which_explains(tmp_path: Path) -> None:
    from test_store_safety import _damage_pages

    home = tmp_path / "home"
    _history(home)
    _damage_pages(home / DB_FILE)
    before = _digest(home / DB_FILE)
    assert SqliteReader.open(home / DB_FILE) is None
    with pytest.raises(StoreCorruptError, match="is damaged"), reading(home):
        pass
    assert _digest(home / DB_FILE) == before


def test_printing_a_plan_does_not_import_sqlalchemy(tmp_path: Path) -> None:
    """The reason the reader exists: SQLAlchemy's import alone is a third of the time budget.

    Nor what else `coach plan` does not need: pydantic's URL types (they import
    importlib.metadata), the prompts, the engine.
    """
    home = tmp_path / "home"
    _history(home)
    script = textwrap.dedent(
        f"""
        import sys
        from coach.cli.app import run
        code = run(["--home", {str(home)!r}, "plan", "--person", "Bo", "--format", "md",
                    "-o", {str(tmp_path / "plan.md")!r}])
        unneeded = ("sqlalchemy", "alembic", "pydantic.networks", "questionary", "durable")
        print(code, [name for name in unneeded if name in sys.modules])
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["0", "[]"], done.stderr
    assert "Bo" in (tmp_path / "plan.md").read_text(encoding="utf-8")
