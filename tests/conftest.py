"""Shared test helpers: a small content pack, YAML written into tmp_path, the CLI in-process."""

from __future__ import annotations

import os
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from coach.cli import app
from coach.content import cache

MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(autouse=True, scope="session")
def _content_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The content cache of the test run: its own folder, never the user's (subprocesses too)."""
    before = os.environ.get(cache.ENV_DIR)
    os.environ[cache.ENV_DIR] = str(tmp_path_factory.mktemp("content-cache"))
    yield
    if before is None:
        del os.environ[cache.ENV_DIR]
    else:
        os.environ[cache.ENV_DIR] = before


@dataclass
class Run:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run `coach ARGS` in-process through the real error handler, colourless, 100 columns."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")

    def run(*args: str, input: str | None = None) -> Run:  # noqa: A002 - click's name
        runner = CliRunner()
        holder: dict[str, int] = {}

        def invoke() -> None:
            holder["code"] = app.run(list(args))

        with runner.isolation(input=input) as (out, err, _):
            invoke()
            return Run(holder["code"], out.getvalue().decode(), err.getvalue().decode())

    return run


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small test pack (rules/, questionnaires/, answers.yaml) to change freely."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    """Write dedented YAML text to a file under tmp_path and return its path."""

    def write_file(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write_file


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A new, empty PostgreSQL database for one test (dropped after it); fails loudly without one."""
    from pg_helpers import temp_database

    with temp_database() as url:
        yield url
