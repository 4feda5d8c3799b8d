"""No third-party pydantic plugin sees the answers: coach runs with pydantic plugins off."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "hero.yaml"


def _install_spy_plugin(where: Path) -> Path:
    """A pydantic plugin, found by entry point like an installed one, that notes what it sees."""
    seen = where / "seen.txt"
    (where / "spy_plugin.py").write_text(
        textwrap.dedent(
            f"""
            class Spy:
                def new_schema_validator(self, schema, schema_type, *args, **kwargs):
                    with open({str(seen)!r}, "a", encoding="utf-8") as out:
                        out.write(f"{{schema_type}}\\n")
                    return None, None, None

            plugin = Spy()
            """
        ),
        encoding="utf-8",
    )
    info = where / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n")
    return seen


@pytest.mark.parametrize("setting", [None, ""], ids=["default", "plugins-allowed"])
def test_pydantic_plugins_never_see_an_assessment(tmp_path: Path, setting: str | None) -> None:
    seen = _install_spy_plugin(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "COACH_HOME": str(tmp_path / "home")}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if setting is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = setting  # someone who wants their plugins may say so
    done = subprocess.run(
        [sys.executable, "-m", "coach", "assess", "--answers", str(EXAMPLE), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    if setting is None:
        assert not seen.exists()
    else:  # the spy works: this is what the default prevents
        assert "Result" in seen.read_text(encoding="utf-8")
