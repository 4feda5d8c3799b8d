"""`coach rules init`: a folder with everything a rule pack needs, ready to edit and check.

The folder holds the pack (`rules/`), the questionnaires and instruments it may read (beside it,
where every command looks for them), the answers files (personas) its tests use, and the JSON
Schemas its files name in their first line. Every path inside it is relative, so the folder can be
moved or put under version control as a whole.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from coach.authoring.schema import SCHEMAS, schema_text
from coach.content.bundle import SHIPPED
from coach.errors import CoachError, ExitCode

# folder inside the new pack -> the shipped folder it is copied from (with --from-shipped)
SHIPPED_FOLDERS = {
    "rules": "rules",
    "questionnaires": "questionnaires",
    "instruments": "instruments",
    "examples": "examples",
}


class InitError(CoachError):
    """The folder cannot be made into a pack."""

    exit_code = ExitCode.USAGE


def init_pack(target: Path, minimal: bool = False) -> list[Path]:
    """Write a new pack folder at `target`; return the files written, in order."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} already exists and is not an empty folder: name a new one")
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    schemas = target / "schemas"
    schemas.mkdir()
    for name in SCHEMAS:
        path = schemas / f"{name}.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    name = pack_name(target)
    if minimal:
        written += _minimal(target, name)
    else:
        written += _from_shipped(target, name)
    return written


def pack_name(target: Path) -> str:
    """A pack name (lowercase words joined by '-') from the folder's name."""
    words = re.findall(r"[a-z0-9]+", target.resolve().name.lower())
    name = "-".join(words)
    return name if name and name[0].isalpha() else f"pack-{name or 'new'}"


def _from_shipped(target: Path, name: str) -> list[Path]:
    written = []
    for inside, shipped in SHIPPED_FOLDERS.items():
        shutil.copytree(SHIPPED / shipped, target / inside, copy_function=shutil.copyfile)
        written += sorted(p for p in (target / inside).rglob("*") if p.is_file())
    manifest = target / "rules" / "pack.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1), "utf-8")
    return written


MINIMAL_PACK = """\
# yaml-language-server: $schema=../schemas/pack.json
name: {name}
version: 0.1.0
description: >
  Rules of our own on top of coach's shipped catalog: `extends: shipped` reuses its sources,
  mistakes, actions and notices, so rules here can cite them by id.
questionnaire: career-checkup   # or the id of a file in ../questionnaires or ../instruments
extends: shipped
changelog:
  - version: 0.1.0
    changes:
      - Started with `coach rules init --minimal`.
"""

MINIMAL_TESTS = """\
# yaml-language-server: $schema=../../schemas/rule-tests.json
# One file of cases per theme: the answers a person gives and what coach must conclude.
# `coach rules test --rules {rules}` runs them. Replace this case with your own.
cases:
  - name: nobody is diagnosed while the pack has no rules
    answers:
      workload.hours_per_week: 40
    expect:
      max_severity: low
"""


def _minimal(target: Path, name: str) -> list[Path]:
    rules = target / "rules"
    (rules / "tests").mkdir(parents=True)
    for folder in ("questionnaires", "instruments", "examples"):
        (target / folder).mkdir()
    manifest = rules / "pack.yaml"
    manifest.write_text(MINIMAL_PACK.format(name=name), encoding="utf-8")
    tests = rules / "tests" / "cases.yaml"
    tests.write_text(MINIMAL_TESTS.format(rules=rules), encoding="utf-8")
    return [manifest, tests]
