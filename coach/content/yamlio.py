"""YAML reading with line marks, SafeLoader only.

`load` returns plain Python data plus a table of where every value and key was written, so any
later check can report `path:line:col: key.path: message`. PyYAML silently keeps the last of two
equal keys; we report duplicates. Unsafe tags (`!!python/object` and friends) are refused at their
line, never constructed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coach.errors import ContentError, Problem

KeyPath = tuple[str | int, ...]

# libyaml's composer when PyYAML was built with it (about 10x faster on our files); both are safe:
# composing builds nodes only, and every value is then constructed by SafeConstructor below.
_COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Located:
    """Data read from one file with the 1-based (line, column) of each value and mapping key."""

    path: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, loc: KeyPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of the deepest known prefix of `loc` (the key itself if `key`)."""
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        for end in range(len(loc), -1, -1):
            mark = self.marks.get(loc[:end])
            if mark is not None:
                return mark
        return (None, None)

    def problem(
        self, loc: KeyPath, message: str, *, suggestion: str | None = None, key: bool = False
    ) -> Problem:
        """A Problem located at `loc` in this file."""
        line, column = self.where(loc, key=key)
        return Problem(self.path, line, column, format_key_path(loc), message, suggestion)


def format_key_path(loc: KeyPath) -> str:
    """`('rules', 2, 'when', 'all', 0)` -> `rules[2].when.all[0]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Builder:
    """Turns a composed node tree into plain data, recording marks and collecting problems."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.constructor = yaml.SafeLoader("")
        self.problems: list[Problem] = []

    def build(self, node: yaml.Node, loc: KeyPath) -> Any:
        self.located.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.problems.append(self.located.problem(loc, _tag_message(node.tag)))
                return []
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: KeyPath) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:
            if node.tag == TIMESTAMP:
                return node.value  # looks like a date but is none (2026-02-30): keep the text
            self.problems.append(self.located.problem(loc, f"cannot read this value ({error})"))
            return None
        except yaml.constructor.ConstructorError as error:
            message = _tag_message(node.tag)
            if node.tag.startswith("tag:yaml.org,2002:") and "python" not in node.tag:
                message = f"cannot read this value ({error.problem})"
            self.problems.append(self.located.problem(loc, message))
            return None

    def _mapping(self, node: yaml.MappingNode, loc: KeyPath) -> dict[Any, Any]:
        if node.tag not in ("tag:yaml.org,2002:map",):
            self.problems.append(self.located.problem(loc, _tag_message(node.tag)))
            return {}
        self.constructor.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, loc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                self.problems.append(self.located.problem(loc, "a key must be a plain value"))
                continue
            if isinstance(key, bool | float):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = (*loc, key)
            mark = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in out:
                first = self.located.key_marks[child]
                self.problems.append(
                    Problem(
                        self.located.path,
                        mark[0],
                        mark[1],
                        format_key_path(child),
                        f"duplicate key '{key}' (first written at line {first[0]})",
                    )
                )
                continue
            self.located.key_marks[child] = mark
            out[key] = self.build(value_node, child)
        return out


def _tag_message(tag: str) -> str:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return f"the tag '{shown}' is not allowed: YAML here is data, never code"


def loads(text: str, path: str) -> tuple[Located, list[Problem]]:
    """Read YAML text; return the located data and every problem found (never raises)."""
    located = Located(path, None)
    try:
        node = yaml.compose(text, Loader=_COMPOSER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        message = f"this is not valid YAML: {error.problem or error.context}"
        return located, [Problem(path, line, column, "", message)]
    except yaml.YAMLError as error:
        return located, [Problem(path, None, None, "", f"this is not valid YAML: {error}")]
    if node is None:
        located.data = None
        return located, []
    builder = _Builder(located)
    located.data = builder.build(node, ())
    return located, builder.problems


def load(path: Path, display: str | None = None) -> tuple[Located, list[Problem]]:
    """Read a YAML file; unreadable files become a problem, not an exception."""
    shown = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return Located(shown, None), [Problem(shown, None, None, "", "the file is not UTF-8 text")]
    except OSError as error:
        return Located(shown, None), [
            Problem(shown, None, None, "", f"cannot read the file: {error.strerror}")
        ]
    return loads(text, shown)


def load_or_raise(path: Path, display: str | None = None) -> Located:
    """Read a YAML file or raise a ContentError with every problem in it."""
    located, problems = load(path, display)
    if problems:
        raise ContentError(problems)
    return located
