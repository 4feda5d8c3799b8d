"""JSON Schemas for every kind of content file, generated from the pydantic models.

Editors that speak the YAML language server validate and complete a file that starts with
`# yaml-language-server: $schema=../schemas/rules.json`. Conditions are not a pydantic model
(they are parsed by `coach.conditions.parse`), so their hand-written schema in
`coach.model.base.CONDITION_DEFS` is added to every schema's `$defs`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter
from pydantic.json_schema import DefsRef, GenerateJsonSchema, JsonRef

from coach.authoring.ruletests import RuleTestsFile
from coach.model.base import CONDITION_DEFS
from coach.model.catalog import ActionsFile, MistakesFile, PackManifest, SourcesFile
from coach.model.questionnaire import Questionnaire
from coach.model.rules import RulesFile
from coach.model.tables import TableFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# file name (without .json) -> (what it describes, the type it is generated from)
SCHEMAS: dict[str, tuple[str, Any]] = {
    "questionnaire": (
        "a questionnaire or instrument (questionnaires/*.yaml, instruments/*.yaml)",
        Questionnaire,
    ),
    "rules": ("a rules file or a decision table (rules/*.yaml)", RulesFile | TableFile),
    "actions": ("the action library (rules/actions.yaml)", ActionsFile),
    "mistakes": ("the mistakes catalog (rules/mistakes.yaml)", MistakesFile),
    "sources": ("the works cited (rules/sources.yaml)", SourcesFile),
    "pack": ("the rule pack manifest (rules/pack.yaml)", PackManifest),
    "rule-tests": ("rule test cases (rules/tests/*.yaml)", RuleTestsFile),
}

# which schema each kind of shipped file names in its modeline, relative to its folder
MODELINES = {
    "questionnaires": "../schemas/questionnaire.json",
    "instruments": "../schemas/questionnaire.json",
    "rules": "../schemas/{name}.json",
    "rules/tests": "../../schemas/rule-tests.json",
}


class _WithConditions(GenerateJsonSchema):
    """Knows the hand-written condition definitions that condition fields refer to."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, definition in CONDITION_DEFS.items():
            ref = DefsRef(name)
            self.definitions[ref] = definition
            self.json_to_defs_refs[JsonRef(f"#/$defs/{name}")] = ref
            self._prioritized_defsref_choices[ref] = [ref]


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    title, model = SCHEMAS[name]
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    generated = adapter.json_schema(mode="validation", schema_generator=_WithConditions)
    defs = dict(generated.pop("$defs", {}))
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"{name}.json",
        "title": f"coach: {title}",
    }
    out.update({k: v for k, v in generated.items() if k != "title"})
    out["$defs"] = dict(sorted(defs.items()))
    _numbers_as_text(out)
    return out


def schema_text(name: str) -> str:
    """The schema as the committed file holds it."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path, names: list[str]) -> Iterator[Path]:
    """Write the named schemas (all, when none is named) into `folder`, yielding each file.

    Raises:
        OSError: the folder cannot be made or written to; the files yielded so far are written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or list(SCHEMAS):
        path = folder / f"{name}.json"
        path.write_text(schema_text(name), encoding="utf-8")
        yield path


def installed_folder() -> Path:
    """Where the installed coach keeps the schemas (the shipped files' modelines point there)."""
    from coach.content.bundle import SHIPPED

    return (SHIPPED / "schemas").resolve()


def modeline(relative: str) -> str:
    """The yaml-language-server line for a shipped file, from its path inside the content."""
    folder, _, file = relative.rpartition("/")
    stem = file.rsplit(".", 1)[0]
    if folder == "rules" and stem in ("actions", "mistakes", "sources", "pack"):
        target = f"../schemas/{stem}.json"
    elif folder == "rules":
        target = "../schemas/rules.json"
    else:
        target = MODELINES[folder]
    return f"# yaml-language-server: $schema={target}"


def _numbers_as_text(node: Any) -> None:
    """`version: 1` is read as "1": let the schema accept numbers where text is made of them."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict) and props.get("version", {}).get("type") == "string":
            props["version"] = {**props["version"], "type": ["string", "number"]}
        for value in node.values():
            _numbers_as_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_as_text(value)
