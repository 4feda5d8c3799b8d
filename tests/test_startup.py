"""`coach --help` must start fast: it imports none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

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
