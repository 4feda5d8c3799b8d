"""Shared pieces of the pydantic models: the one strict base, field types, condition fields."""

from __future__ import annotations

from typing import Annotated, Any, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    InstanceOf,
    StringConstraints,
    WithJsonSchema,
)
from pydantic.fields import FieldInfo

from coach.conditions.ast import Condition
from coach.model.links import MAX_URL_CHARS, link_problem

SLUG = r"^[a-z][a-z0-9_]*$"
KEBAB = r"^[a-z][a-z0-9_-]*$"
HASH = r"^[0-9A-Za-z_.:-]+$"

Slug = Annotated[str, StringConstraints(pattern=SLUG)]
Kebab = Annotated[str, StringConstraints(pattern=KEBAB)]
Text = Annotated[str, StringConstraints(min_length=1)]

# The widths of the history's columns for the id (or name), version and content hash of a
# questionnaire or rule pack: content longer than that is refused when it is loaded, so every
# result can be stored, read back and exported (docs/yaml-contract.md, Limits).
MAX_ID_CHARS = 100
MAX_VERSION_CHARS = 50
MAX_HASH_CHARS = 64  # a SHA-256 in hexadecimal

# The id, version and hash a result records of its questionnaire and rule pack (`ContentRef`):
# also what an imported file may say.
ContentId = Annotated[str, StringConstraints(min_length=1, max_length=MAX_ID_CHARS, pattern=KEBAB)]
ContentVersion = Annotated[str, StringConstraints(min_length=1, max_length=MAX_VERSION_CHARS)]
ContentHash = Annotated[
    str, StringConstraints(min_length=1, max_length=MAX_HASH_CHARS, pattern=HASH)
]


def _whole_not_yes_no(value: object) -> object:
    if isinstance(value, bool):  # pydantic would take `yes` as 1
        raise ValueError("expected a whole number, got yes/no")
    return value


def _number_not_yes_no(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected a number, got yes/no")
    return value


# Numbers written by people: `priority: yes` or `max: no` is a mistake, not 1 or 0.
Whole = Annotated[int, BeforeValidator(_whole_not_yes_no)]
Number = Annotated[float, BeforeValidator(_number_not_yes_no)]
# With their bounds inside, so that `... | None` keeps them in the JSON Schema as minimum/maximum.
PositiveWhole = Annotated[int, Field(ge=1), BeforeValidator(_whole_not_yes_no)]
Priority = Annotated[int, Field(ge=0, le=1000), BeforeValidator(_whole_not_yes_no)]


def _version_text(value: object) -> object:
    """`version: 1` and `version: 1.5` in YAML mean the strings "1" and "1.5"."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Version = Annotated[ContentVersion, BeforeValidator(_version_text)]


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


_NONE = object()
_IMMUTABLE = (type(None), bool, int, float, str, tuple, frozenset)
_DEFAULTS: dict[type, dict[str, Any]] = {}


def _shared_defaults(fields: dict[str, FieldInfo]) -> dict[str, Any]:
    """The defaults that records may share (immutable ones); the rest are built each time."""
    return {
        name: field.default
        for name, field in fields.items()
        if field.default_factory is None
        and isinstance(field.default, _IMMUTABLE)
        and not field.is_required()
    }


class Record(BaseModel):
    """Base of every coach model: unknown keys are errors, instances are immutable.

    Results, plans and the export file use it as is (strict on read-back and on import, so
    stored or imported data cannot drift silently); content models add `Strict`'s stripping.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def trusted(cls, **fields: Any) -> Self:
        """A record from values that are already valid, without validating them again.

        For the engine's own output, built from content the loader checked.

        `model_construct` does the same through generic code that is slower than validating
        (20 against 15 us an `Evidence` here); this is 3 us. Fields not given take their
        defaults. A test checks that results built so equal their validated copies.
        """
        known = cls.__pydantic_fields__
        if len(fields) != len(known):
            defaults = _DEFAULTS.get(cls)
            if defaults is None:  # a class with no shareable default keeps {}: not built again
                defaults = _DEFAULTS[cls] = _shared_defaults(known)
            for name in known.keys() - fields.keys():
                found = defaults.get(name, _NONE)
                fields[name] = (
                    found
                    if found is not _NONE
                    else known[name].get_default(call_default_factory=True)
                )
        record = cls.__new__(cls)
        object.__setattr__(record, "__dict__", fields)
        object.__setattr__(record, "__pydantic_fields_set__", set(fields))
        object.__setattr__(record, "__pydantic_extra__", None)
        object.__setattr__(record, "__pydantic_private__", None)
        return record

    def replace(self, **changes: Any) -> Self:
        """A copy with `changes`, trusted like `trusted` (1.6 against 5.3 us `model_copy`)."""
        return self.trusted(**{**self.__dict__, **changes})


class Strict(Record):
    """Base of every content model (YAML written by people): a `Record` whose texts are stripped."""

    model_config = ConfigDict(str_strip_whitespace=True)
