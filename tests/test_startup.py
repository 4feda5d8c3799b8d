"""`coach --help` must start fast: it imports none of the heavy libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("questionary", "pydantic", "rich.console", "durable", "reportlab", "sqlalchemy", "yaml")


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import sys, json\n"
        "from coach.cli import main\n"
        f"code = main({args!r})\n"
        "sys.stdout.flush()\n"
        "sys.stderr.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(json.loads(done.stderr))


def test_help_imports_nothing_heavy() -> None:
    loaded = _modules_after(["--help"])
    assert "click" in loaded  # the test really ran the CLI
    assert not [m for m in HEAVY if m in loaded]


def test_subcommand_help_imports_nothing_heavy() -> None:
    for command in (["assess", "--help"], ["rules", "--help"], ["validate", "--help"]):
        loaded = _modules_after(command)
        assert not [m for m in HEAVY if m in loaded], command


def _run(code_or_module: list[str], columns: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(
        [sys.executable, "-X", "importtime", *code_or_module],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )


def _imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_the_program_prints_clicks_own_help_without_importing_click(flag: str) -> None:
    program = _run(["-m", "coach", flag], columns=120)
    through_click = _run(["-c", f"from coach.cli import main; main([{flag!r}])"], columns=120)
    assert program.stdout == through_click.stdout
    assert program.stdout.startswith("Usage: coach [OPTIONS] COMMAND [ARGS]...")
    assert "click" in _imported(through_click)
    assert "click" not in _imported(program)


def test_a_narrow_terminal_gets_help_wrapped_to_it() -> None:
    program = _run(["-m", "coach", "--help"], columns=60)
    assert "assess" in program.stdout
    assert max(len(line) for line in program.stdout.splitlines()) <= 60
    assert "click" in _imported(program)


def test_only_the_coach_process_freezes_what_start_up_built() -> None:
    code = (
        "import gc\n"
        "from coach import collector\n"
        "collector.settle()\n"
        "print(gc.get_freeze_count(), end=' ')\n"
        "collector.start()\n"
        "print(gc.get_threshold()[0], end=' ')\n"
        "collector.settle()\n"
        "print(gc.get_threshold()[0], gc.get_freeze_count() > 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "200000", "50000", "True"]


def test_a_full_disk_is_said_not_reported_as_a_bug(tmp_path: Path) -> None:
    """`> /dev/full` (no space left): a plain message and exit 6, not a traceback or exit 70."""
    answers = Path(__file__).resolve().parent.parent / "examples" / "hero.yaml"
    env = {**os.environ, "COACH_HOME": str(tmp_path), "COLUMNS": "100"}
    for args in (["--help"], ["assess", "--answers", str(answers), "--no-save"]):
        with open("/dev/full", "w") as full:  # noqa: PTH123
            done = subprocess.run(
                [sys.executable, "-m", "coach", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                check=False,
            )
        assert done.returncode == 6, done.stderr
        assert (
            done.stderr == "coach: the system refused to read or write: No space left on device.\n"
        )


def test_help_to_a_closed_output_is_quiet(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "coach", "--help"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "100"},
        close_fds=True,
        preexec_fn=lambda: os.close(1),  # noqa: PLW1509
    )
    assert done.returncode == 0
    assert done.stderr == ""
