"""Shared pieces of the pydantic models: strict, frozen, with condition fields."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    InstanceOf,
    StringConstraints,
    WithJsonSchema,
)

from coach.conditions.ast import Condition
from coach.model.links import MAX_URL_CHARS, link_problem

SLUG = r"^[a-z][a-z0-9_]*$"
KEBAB = r"^[a-z][a-z0-9_-]*$"

Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Kebab = Annotated[str, StringConstraints(pattern=KEBAB)]
Text = Annotated[str, StringConstraints(min_length=1)]


def _version_text(value: object) -> object:
    """`version: 1` and `version: 1.5` in YAML mean the strings "1" and "1.5"."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Version = Annotated[str, BeforeValidator(_version_text)]


def _web_address(value: str) -> str:
    problem = link_problem(value)  # the one link policy: what is accepted is printed as a link
    if problem is not None:
        raise ValueError(f"the address {problem}")
    return value


# A web address, kept exactly as written. Not pydantic's HttpUrl: importing it imports
# importlib.metadata and email helpers, 33-46 ms of every `coach plan` (docs/performance.md).
WebAddress = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_URL_CHARS),
    AfterValidator(_web_address),
    WithJsonSchema({"type": "string", "format": "uri", "minLength": 1, "maxLength": MAX_URL_CHARS}),
]

CONDITION_JSON_SCHEMA: dict[str, Any] = {
    "$ref": "#/$defs/Condition",
}

CONDITION_DEFS: dict[str, Any] = {
    "Condition": {
        "description": "all / any / not / condition, or `section.question: {operator: value}`.",
        "type": "object",
        "minProperties": 1,
        "properties": {
            "all": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1},
            "any": {"type": "array", "items": {"$ref": "#/$defs/Condition"}, "minItems": 1},
            "not": {"$ref": "#/$defs/Condition"},
            "condition": {"type": "string"},
        },
        "patternProperties": {
            r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$": {
                "anyOf": [
                    {"type": ["number", "string", "boolean"]},
                    {"$ref": "#/$defs/Operators"},
                ]
            },
            # follow-through facts: followup.<action-id> and followup.<action-id>.promised
            r"^followup\.[a-z][a-z0-9_-]*(\.promised)?$": {
                "anyOf": [
                    {"type": ["number", "string", "boolean"]},
                    {"$ref": "#/$defs/Operators"},
                ]
            },
        },
        "additionalProperties": False,
    },
    "Operators": {
        "type": "object",
        "minProperties": 1,
        "additionalProperties": False,
        "properties": {
            "eq": {"type": ["number", "string", "boolean"]},
            "ne": {"type": ["number", "string", "boolean"]},
            "in": {"type": "array", "minItems": 1},
            "not_in": {"type": "array", "minItems": 1},
            "gt": {"type": "number"},
            "gte": {"type": "number"},
            "lt": {"type": "number"},
            "lte": {"type": "number"},
            "between": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            "contains": {
                "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
            },
            "answered": {"const": True},
            "unanswered": {"const": True},
        },
    },
}

ConditionField = Annotated[InstanceOf[Condition], WithJsonSchema(CONDITION_JSON_SCHEMA)]


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True
    )
