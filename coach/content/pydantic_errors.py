"""Turn pydantic validation errors into located, plainly worded problems."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from coach.errors import Problem, suggest
from coach.located import KeyPath, Located
from coach.model.answers import value_words


def validate(
    model: type[BaseModel], located: Located, data: Any, prefix: KeyPath = ()
) -> tuple[Any, list[Problem]]:
    """Validate `data` found at `prefix` in the file; return (instance or None, problems)."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        errors = _without_echoes(error.errors())
        problems: list[Problem] = []
        branches: dict[KeyPath, int] = {}  # a value that fits no member of a union: one problem
        missing: dict[KeyPath, list[Any]] = {}  # keys missing from one mapping: one problem
        for err in errors:
            if err["type"] == "missing":
                missing.setdefault(tuple(err["loc"][:-1]), []).append(err)
        for err in errors:
            if err["type"] == "missing":
                group = missing.pop(tuple(err["loc"][:-1]), None)
                if group is not None:  # the first of its mapping names them all
                    problems.append(_missing(model, located, prefix, group))
                continue
            problem = _problem(model, located, prefix, err)
            loc = tuple(err["loc"])
            path = _data_path(_at(located.data, prefix), loc)
            if err["type"] != "missing" and len(path) < len(loc):  # loc names a union member
                if path in branches:
                    problems[branches[path]] = _either(problems[branches[path]], problem)
                    continue
                branches[path] = len(problems)
            problems.append(problem)
        return None, problems


_EXPECTED_GOT = re.compile(r"expected (.+), got (.+)")


def _missing(model: type[BaseModel], located: Located, prefix: KeyPath, errs: list[Any]) -> Problem:
    """'missing required keys 'because' and 'sources' (because: ...; sources: ...)'."""
    names, said = [], []
    for err in errs:
        key, field = _field_at(model, tuple(err["loc"]))
        names.append(f"'{key}'")
        said.append(_described(key, field))
    keys = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    what = "; ".join(text for text in said if text)
    message = f"missing required key{'s' if len(names) > 1 else ''} {keys}"
    path = (*prefix, *_data_path(_at(located.data, prefix), tuple(errs[0]["loc"])))
    return located.problem(path, message + (f" ({what})" if what else ""))


def _either(first: Problem, other: Problem) -> Problem:
    """'expected a number, got yes/no' and 'expected a mapping, got yes/no' in one message."""
    a, b = _EXPECTED_GOT.fullmatch(first.message), _EXPECTED_GOT.fullmatch(other.message)
    if a is None or b is None or a.group(2) != b.group(2) or b.group(1) in a.group(1):
        return first
    return replace(first, message=f"expected {a.group(1)} or {b.group(1)}, got {a.group(2)}")


def _without_echoes(errors: list[Any]) -> list[Any]:
    """Drop 'too short' on a list whose items failed: pydantic counts only the valid ones."""
    deeper = [tuple(err["loc"]) for err in errors]
    return [
        err
        for err in errors
        if err["type"] != "too_short"
        or not any(
            len(loc) > len(err["loc"]) and loc[: len(err["loc"])] == tuple(err["loc"])
            for loc in deeper
        )
    ]


def _data_path(data: Any, loc: tuple[Any, ...]) -> KeyPath:
    """The part of a pydantic loc that names real places in the data (drops type tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif (
            isinstance(node, dict)
            and isinstance(part, str)
            and part.isdigit()
            and int(part) in node
        ):
            path.append(int(part))
            node = node[int(part)]
    return tuple(path)


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        field = current.model_fields.get(str(part))
        current = _inner_model(field.annotation) if field is not None else None
    return current


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (tuple, list, dict, typing.Union, types.UnionType):
        for arg in reversed(typing.get_args(annotation)):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _problem(model: type[BaseModel], located: Located, prefix: KeyPath, err: Any) -> Problem:
    loc = tuple(err["loc"])
    kind = err["type"]
    path = (*prefix, *_data_path(_at(located.data, prefix), loc))
    suggestion = None
    if kind == "extra_forbidden":
        key = loc[-1]
        owner = _model_at(model, loc[:-1])
        fields = list(owner.model_fields) if owner else []
        suggestion = suggest(str(key), fields) or _alias_of(str(key), owner)
        message = f"unknown key '{key}'"
        if suggestion is None and fields:  # nothing close: say what may be written here
            message += f" (the keys here: {', '.join(fields)})"
        return located.problem(path, message, suggestion=suggestion, key=True)
    key, field = _field_at(model, loc)
    message, suggestion = _message(err)
    if suggestion and field is not None and _inner_model(field.annotation) is not None:
        suggestion = None  # `questions: 1` is no list of one: the list holds mappings
    described = _described(key, field)
    if kind in ("dict_type", "model_type") and described:  # what the mapping holds, by example
        message += f" ({described})"
    if kind == "literal_error" and field is not None and isinstance(err.get("input"), str):
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        synonyms = extra.get("x-synonyms")  # what other tools call a value (`choice`: single)
        if isinstance(synonyms, dict):
            meant = synonyms.get(err["input"].strip().lower())
            suggestion = meant if isinstance(meant, str) else suggestion
    return located.problem(path, message, suggestion=suggestion)


def _alias_of(key: str, owner: type[BaseModel] | None) -> str | None:
    """The field another tool's name stands for (`explanation`: because), from its x-aliases."""
    for name, field in owner.model_fields.items() if owner else ():
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        aliases = extra.get("x-aliases")
        if isinstance(aliases, list) and key.strip().lower() in aliases:
            return name
    return None


def _described(key: str, field: FieldInfo | None) -> str:
    """'key: what it holds' from the field's description; empty when it has none."""
    if field is None or not field.description:
        return ""
    text = field.description.rstrip(".")
    return f"{key}: {text[0].lower()}{text[1:]}"


def _field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, FieldInfo | None]:
    """The field an error at `loc` is in: the last key, past list positions (options[0])."""
    keys = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not keys:
        return "", None
    owner = _model_at(model, loc[: keys[-1]])
    key = str(loc[keys[-1]])
    return key, owner.model_fields.get(key) if owner else None


def _at(data: Any, prefix: KeyPath) -> Any:
    for part in prefix:
        data = data[part]
    return data


# pydantic's error types in the words of someone writing YAML (the others keep pydantic's own).
_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "bool_parsing": "yes or no (true/false)",
    "bool_type": "yes or no (true/false)",
    "string_type": "text",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "finite_number": "a finite number",
    # the one InstanceOf: a condition that was not parsed (nothing written there)
    "is_instance_of": "a condition such as {workload.hours_per_week: {gte: 55}}",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}


def _items(count: int) -> str:
    return f"{count} item" if count == 1 else f"{count} items"


def _size_message(kind: str, value: Any, ctx: dict[str, Any]) -> str | None:
    """Too few or too many items, an empty or too long text; None for any other error."""
    if kind == "too_short" and "min_length" in ctx:
        return f"needs at least {_items(ctx['min_length'])}, got {len(value)}"
    if kind == "too_long" and "max_length" in ctx:
        return f"holds at most {_items(ctx['max_length'])}, got {len(value)}"
    if kind == "string_too_short":
        return "is empty: write the text"
    if kind == "string_too_long" and "max_length" in ctx:
        return f"is {len(value)} characters long: the limit is {ctx['max_length']}"
    return None


def plain_words(
    kind: str, value: Any, ctx: dict[str, Any], words: Callable[[Any], str] = value_words
) -> str | None:
    """A size or bound error (too few items, empty text, below a minimum) in plain words.

    None for any other kind of error. `words` says a value as the file writes it (YAML's
    `value_words` here; `coach import` says JSON's words).
    """
    sized = _size_message(kind, value, ctx)
    if sized is not None:
        return sized
    if kind in _BOUNDS and _BOUNDS[kind][0] in ctx:
        key, bound = _BOUNDS[kind]
        return f"must be {bound} {ctx[key]}, got {words(value)}"
    return None


def _valid_id(value: Any, pattern: str) -> str | None:
    """The id `value` was meant to be ('Long hours' -> 'long-hours'); None when none fits."""
    if not isinstance(value, str) or not pattern:
        return None
    words = re.findall(r"[a-z0-9]+", value.lower())
    for joiner in ("-", "_"):
        candidate = joiner.join(words)
        if re.fullmatch(pattern, candidate):
            return candidate
    return None


def _message(err: Any) -> tuple[str, str | None]:
    kind = err["type"]
    value = err.get("input")
    if kind == "literal_error":
        expected = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
        words = value_words(value)
        return f"{words} is not one of: {', '.join(expected)}", suggest(str(value), expected)
    if kind == "string_pattern_mismatch":
        return (
            f"'{value}' is not a valid id: use lowercase letters, digits and '_' "
            "(and '-' in rule and action ids), starting with a letter",
            _valid_id(value, err.get("ctx", {}).get("pattern", "")),
        )
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, "), None
    if kind in ("tuple_type", "list_type", "set_type", "frozen_set_type") or (
        kind == "too_short" and not isinstance(value, list | tuple | dict)
    ):
        one = isinstance(value, str | int | float) and not isinstance(value, bool)
        return f"expected a list, got {value_words(value)}", f"[{value}]" if one else None
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {value_words(value)}", None
    plain = plain_words(kind, value, err.get("ctx", {}))
    if plain is not None:
        return plain, None
    msg = str(err["msg"])
    return msg[0].lower() + msg[1:], None
