"""From a plain install: the built wheel, installed into a fresh venv, runs an author's whole loop.

The wheel is built once per session from this checkout and installed (without dependencies) into
a new virtual environment; the environment sees this test environment's dependencies through a
`.pth` line, but not its editable install of coach, so every command below runs the installed
copy: the shipped content, schemas and guides must be in the wheel.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.timeout(600)


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the wheel of this checkout installed."""
    base = tmp_path_factory.mktemp("wheel")
    wheels = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("coach-*.whl")
    target = base / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    bin_dir = target / "bin"
    python = bin_dir / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # the dependencies of this environment, as a plain path: its .pth files (coach's editable
    # install among them) are not processed, so `import coach` finds only the wheel's copy
    deps = sysconfig.get_paths()["purelib"]
    (Path(purelib) / "deps-of-the-test-venv.pth").write_text(deps + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    return bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COACH", "VIRTUAL"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", NO_COLOR="1", COLUMNS="100")
    env.update(HOME=str(cwd), COACH_HOME=str(cwd / "home"))
    return subprocess.run(
        [str(bin_dir / "coach"), *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_the_installed_copy_is_not_the_source_tree(installed: Path, tmp_path: Path) -> None:
    found = subprocess.run(
        [str(installed / "python"), "-c", "import coach; print(coach.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", "")},
    )
    location = Path(found.stdout.strip()).resolve()
    assert location.is_relative_to(installed.parent.resolve()), found
    assert not location.is_relative_to(ROOT)


def test_an_author_starts_edits_and_checks_a_pack_from_the_wheel(
    installed: Path, tmp_path: Path
) -> None:
    def coach(*args: str) -> subprocess.CompletedProcess[str]:
        return _run(installed, tmp_path, *args)

    made = coach("rules", "init", "burnout-pack")
    assert made.returncode == 0, made.stderr
    pack = tmp_path / "burnout-pack"
    rules = str(pack / "rules")
    shutil.copytree(pack / "rules", tmp_path / "before")
    hero = pack / "rules" / "hero.yaml"
    text = hero.read_text(encoding="utf-8")
    assert "severity: high" in text
    hero.write_text(text.replace("severity: high", "severity: critical", 1), encoding="utf-8")
    manifest = pack / "rules" / "pack.yaml"
    shipped = manifest.read_text()
    found = re.search(r"^version: (\d+)\.(\d+)\.\d+$", shipped, re.MULTILINE)
    assert found, "the copied pack.yaml names its version"
    version = f"{found[1]}.{int(found[2]) + 1}.0"
    bumped = shipped.replace(found[0], f"version: {version}", 1)
    bumped = bumped.replace(
        "changelog:\n", f"changelog:\n  - version: {version}\n    changes: [Hours.]\n"
    )
    manifest.write_text(bumped)

    assert coach("validate", "--rules", rules).returncode == 0
    lint = coach("rules", "lint", "--rules", rules, "--base", str(tmp_path / "before"))
    assert lint.returncode == 0, lint.stdout
    assert "error" not in lint.stdout.splitlines()[-1].replace("0 errors", "")
    assert "[version]" not in lint.stdout  # raised, with its changelog entry
    tests = coach("rules", "test", "--rules", rules, "--min-coverage", "100")
    assert tests.returncode == 1  # the cases pinning the old severity say so; update them
    assert ", 2 failed," in tests.stdout, tests.stdout
    assert "- expected nothing above high, got hero critical" in tests.stdout
    assert "- expected primary diagnoses toxic, hero; got hero, toxic" in tests.stdout
    cases = pack / "rules" / "tests" / "hero.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.replace("max_severity: high", "max_severity: critical", 1), "utf-8")
    # The harassment case: a critical hero now leads the diagnoses, while the dated record still
    # leads the plan (the support group ranks first whatever the diagnoses).
    cases = pack / "rules" / "tests" / "toxic.yaml"
    text = cases.read_text(encoding="utf-8")
    pinned = "diagnoses: {toxic: high, hero: high}\n      primary: [toxic, hero]\n"
    assert pinned in text
    now = "diagnoses: {toxic: high, hero: critical}\n      primary: [hero, toxic]\n"
    cases.write_text(text.replace(pinned, now, 1), "utf-8")
    tests = coach("rules", "test", "--rules", rules, "--min-coverage", "100")
    assert tests.returncode == 0, tests.stdout
    assert re.search(r"cases fire (\d+) of \1 rules \(100%\)", tests.stdout), tests.stdout
    explain = coach(
        "rules", "explain", "--rules", rules, "--answers", str(pack / "examples" / "hero.yaml")
    )
    assert explain.returncode == 0, explain.stderr
    assert "FIRED" in explain.stdout
    impact = coach(
        "rules",
        "impact",
        "--base",
        str(tmp_path / "before"),
        "--rules",
        rules,
        "--answers",
        str(pack / "examples"),
        "--workers",
        "1",
    )
    assert impact.returncode == 0, impact.stderr
    examples = len(list((pack / "examples").glob("*.yaml")))
    assert f"on {examples} assessments" in impact.stdout


def test_installed_schemas_and_guides_are_reachable(installed: Path, tmp_path: Path) -> None:
    where = _run(installed, tmp_path, "rules", "schema")
    assert where.returncode == 0
    folder = Path(where.stdout.splitlines()[0].removeprefix("The schemas are installed in ")[:-1])
    assert folder.resolve().is_relative_to(installed.parent.resolve())
    assert (folder / "rules.json").is_file()
    shipped = folder.parent
    for path in [*shipped.glob("*/*.yaml"), *shipped.glob("rules/tests/*.yaml")]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in first:
            assert (path.parent / first.split("$schema=")[1]).resolve().is_file(), path
    guide = _run(installed, tmp_path, "docs", "authoring")
    assert guide.returncode == 0
    assert guide.stdout == (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
