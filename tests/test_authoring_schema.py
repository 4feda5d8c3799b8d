"""JSON Schemas: generated from the models, committed, and true of every shipped file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from coach import docs_gen
from coach.authoring.schema import SCHEMAS, modeline, schema, schema_text
from coach.content.bundle import SHIPPED

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parent.parent
CATALOG = ("pack", "actions", "mistakes", "sources")


def _shipped_files() -> list[tuple[str, Path]]:
    files = [("questionnaire", p) for p in sorted((SHIPPED / "questionnaires").glob("*.yaml"))]
    files += [("questionnaire", p) for p in sorted((SHIPPED / "instruments").glob("*.yaml"))]
    for path in sorted((SHIPPED / "rules").glob("*.yaml")):
        files.append((path.stem if path.stem in CATALOG else "rules", path))
    files += [("rule-tests", p) for p in sorted((SHIPPED / "rules" / "tests").glob("*.yaml"))]
    return files


def test_docs_gen_knows_every_schema() -> None:
    assert set(docs_gen.SCHEMA_NAMES) == set(SCHEMAS)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = (ROOT / "schemas" / f"{name}.json").read_text(encoding="utf-8")
    assert committed == schema_text(name), "run `python -m coach.docs_gen` and commit schemas/"
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


@pytest.mark.parametrize(("name", "path"), _shipped_files(), ids=lambda v: getattr(v, "name", v))
def test_shipped_files_validate_against_their_schema(name: str, path: Path) -> None:
    validator = jsonschema.Draft202012Validator(schema(name))
    errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []


@pytest.mark.parametrize(("name", "path"), _shipped_files(), ids=lambda v: getattr(v, "name", v))
def test_shipped_files_name_their_schema(name: str, path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = path.relative_to(SHIPPED).as_posix().removeprefix("questionnaires/")
    if path.parent.name in ("questionnaires", "instruments"):
        relative = f"{path.parent.name}/{path.name}"
    assert first == modeline(relative)
    target = (path.parent / first.split("$schema=")[1]).resolve()
    assert target.is_file()
    assert target.name == f"{name}.json"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("actions", {"actions": [{"id": "x", "titel": "y"}]}, "'titel' was unexpected"),
        ("rules", {"rules": [{"id": "r", "when": {"a.b": {"gtee": 3}}}]}, "gtee"),
        ("rules", {"table": {"hit_policy": "sometimes", "conditions": ["a.b"], "rows": []}}, ""),
        ("pack", {"name": "p", "version": 1, "questionnaire": "q", "notes": []}, "notes"),
    ],
)
def test_schemas_reject_mistakes(name: str, data: dict, message: str) -> None:
    errors = list(jsonschema.Draft202012Validator(schema(name)).iter_errors(data))
    assert errors
    assert any(message in str(e) for e in errors)


def test_version_may_be_a_number() -> None:
    data = {"name": "p", "version": 1, "questionnaire": "q"}
    assert list(jsonschema.Draft202012Validator(schema("pack")).iter_errors(data)) == []


def test_schema_command_writes_the_committed_files(tmp_path: Path, run_cli) -> None:
    result = run_cli("rules", "schema", "-o", str(tmp_path))
    assert result.code == 0
    for name in SCHEMAS:
        assert (tmp_path / f"{name}.json").read_text() == (
            ROOT / "schemas" / f"{name}.json"
        ).read_text()
    one = run_cli("rules", "schema", "rules")
    assert json.loads(one.out)["$id"] == "rules.json"
