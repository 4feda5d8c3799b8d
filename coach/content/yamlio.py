"""YAML reading with line marks, SafeLoader only.

`load` returns plain Python data plus a table of where every value and key was written, so any
later check can report `path:line:col: key.path: message`. PyYAML silently keeps the last of two
equal keys; we report duplicates. Unsafe tags (`!!python/object` and friends) are refused at their
line, never constructed.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
import yaml.resolver

from coach.content import limits
from coach.content.files import read_text
from coach.errors import ContentError, Problem
from coach.located import KeyPath, Located, format_key_path

# libyaml's composer when PyYAML was built with it (about 10x faster on our files); both are safe:
# composing builds nodes only, and every value is then constructed by SafeConstructor below.
_COMPOSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


TIMESTAMP = "tag:yaml.org,2002:timestamp"
BINARY = "tag:yaml.org,2002:binary"
_NUMBERS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
# Numbers YAML 1.1 reads another way than people do: `062` is octal (50), `1:02` base 60 (62).
_OCTAL = re.compile(r"[-+]?0[0-7_]+")
_BASE_60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")


def _read_otherwise(text: str, value: Any) -> str | None:
    """Why a number is not what its author wrote (`062` is 50 to YAML), or None."""
    if _OCTAL.fullmatch(text):
        return (
            f"{text} starts with 0, which YAML reads as an octal number ({value:g}): write it "
            "without the leading 0, or in quotes if it is not a number"
        )
    if _BASE_60.fullmatch(text):
        return (
            f"{text} is a base-60 number to YAML ({value:g}): write the number, or put it in "
            "quotes if it is a time or text"
        )
    return None


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
                self.problems.append(self.located.problem(loc, _tag_message(node.tag, node)))
                return []
            return [self.build(child, (*loc, i)) for i, child in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: KeyPath) -> Any:
        if node.tag in _NUMBERS and loc and loc[-1] == "version":
            return node.value  # `version: 1.10` is release 1.10, not the number 1.1
        # `!!binary`: bytes, not text, which nothing here reads; `!!pairs 3`, `!!set 3`: a
        # collection's tag on a single value
        if node.tag == BINARY or _fits(node.tag) not in (None, yaml.ScalarNode):
            self.problems.append(self.located.problem(loc, _tag_message(node.tag, node)))
            return None
        if node.tag == NULL and node.value not in NULL_WORDS:
            message = f"cannot read '{node.value}' as !!null: remove the tag, or the value"
            self.problems.append(self.located.problem(loc, message))
            return None
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, LookupError, TypeError):  # `!!int one`, `!!bool x`
            if node.tag == TIMESTAMP:
                return node.value  # looks like a date but is none (2026-02-30): keep the text
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            message = f"cannot read '{node.value}' as {shown}: remove the tag, or fix the value"
            if (
                node.tag in _NUMBERS
                and _resolve(yaml.ScalarNode, node.value, (True, False)) == node.tag
            ):
                message = f"this number has {len(node.value)} characters: too long to read"
            self.problems.append(self.located.problem(loc, message))
            return None
        except AttributeError:  # PyYAML's date constructor on what its own pattern refuses
            message = "cannot read this value: it is tagged as a date but is not one (YYYY-MM-DD)"
            self.problems.append(self.located.problem(loc, message))
            return None
        except yaml.constructor.ConstructorError:
            self.problems.append(self.located.problem(loc, _tag_message(node.tag, node)))
            return None
        if node.tag in _NUMBERS and ("0" in node.value[:2] or ":" in node.value):
            misread = _read_otherwise(node.value, value)
            if misread is not None:
                self.problems.append(self.located.problem(loc, misread))
                return None
        return value

    def _mapping(self, node: yaml.MappingNode, loc: KeyPath) -> dict[Any, Any]:
        if node.tag not in ("tag:yaml.org,2002:map",):
            self.problems.append(self.located.problem(loc, _tag_message(node.tag, node)))
            return {}
        try:
            self.constructor.flatten_mapping(node)
        except yaml.constructor.ConstructorError as error:  # `<<: 3`: a merge of a non-mapping
            bad = error.problem_mark
            line, column = (bad.line + 1, bad.column + 1) if bad else (None, None)
            message = "'<<' merges a mapping or a list of mappings, and this is neither"
            self.problems.append(
                Problem(self.located.path, line, column, format_key_path(loc), message)
            )
            return {}
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, loc) if isinstance(key_node, yaml.ScalarNode) else None
            if key is None or isinstance(key, list | dict):
                start = key_node.start_mark
                what = "a list or a mapping" if key is None else "this"
                message = f"a key must be a plain value such as a name, not {what}"
                self.problems.append(
                    Problem(
                        self.located.path,
                        start.line + 1,
                        start.column + 1,
                        format_key_path(loc),
                        message,
                    )
                )
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


YAML_TAG = "tag:yaml.org,2002:"
NULL = YAML_TAG + "null"
NULL_WORDS = ("", "~", "null", "Null", "NULL")  # what `!!null` may tag: anything else is refused
# YAML's own tags: what each marks, and the node it fits (the tags coach builds are the plain
# ones; the others are refused in words an author can act on)
_TAGS = {
    "str": ("text", yaml.ScalarNode),
    "int": ("a whole number", yaml.ScalarNode),
    "float": ("a number", yaml.ScalarNode),
    "bool": ("yes or no", yaml.ScalarNode),
    "null": ("nothing", yaml.ScalarNode),
    "timestamp": ("a date", yaml.ScalarNode),
    "binary": ("encoded bytes", yaml.ScalarNode),
    "merge": ("a merge key", yaml.ScalarNode),
    "value": ("a default value", yaml.ScalarNode),
    "yaml": ("a YAML tag", yaml.ScalarNode),
    "seq": ("a list", yaml.SequenceNode),
    "pairs": ("a list of pairs", yaml.SequenceNode),
    "omap": ("an ordered mapping", yaml.SequenceNode),
    "map": ("a mapping", yaml.MappingNode),
    "set": ("a set", yaml.MappingNode),
}
_PLAIN = ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")
_NODE_WORDS = {
    yaml.ScalarNode: "a single value",
    yaml.SequenceNode: "a list",
    yaml.MappingNode: "a mapping",
}


def _fits(tag: str) -> type[yaml.Node] | None:
    """The kind of node one of YAML's own tags fits; None for any other tag."""
    known = _TAGS.get(tag.removeprefix(YAML_TAG)) if tag.startswith(YAML_TAG) else None
    return known[1] if known else None


def _tag_message(tag: str, node: yaml.Node | None = None) -> str:
    """Why a tag is refused on this node, in words (`!!pairs 3`, `!!str [a]`, `!foo`)."""
    shown = tag.replace(YAML_TAG, "!!")
    name = tag.removeprefix(YAML_TAG)
    if "python" in tag:
        return f"the tag '{shown}' is not allowed: YAML here is data, never code"
    if not tag.startswith(YAML_TAG) or name not in _TAGS:
        return (
            f"the tag '{shown}' is not one coach reads: remove it (write plain values, "
            "lists and mappings)"
        )
    words, fits = _TAGS[name]
    if node is not None and not isinstance(node, fits):
        found = _NODE_WORDS[type(node)]
        return f"the tag '{shown}' marks {words}, but this is {found}: remove the tag"
    if name in _PLAIN:
        return f"the tag '{shown}' cannot be read here: remove the tag"
    return (
        f"the tag '{shown}' ({words}) is not allowed: remove the tag (coach reads plain values, "
        "lists and mappings)"
    )


def loads(text: str, path: str) -> tuple[Located, list[Problem]]:
    """Read YAML text; return the located data and every problem found (never raises).

    Nodes are composed from the parser's events by `_compose`, which enforces the limits of
    coach.content.limits before any value is built.
    """
    located = Located(path, None)
    try:
        node = _Composer(path).compose(text)
    except _LimitError as error:
        return located, [error.problem]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        said = str(error.problem or error.context)
        message = f"this is not valid YAML: {said}{_hint(said, text, mark)}"
        return located, [Problem(path, line, column, "", message)]
    except yaml.reader.ReaderError as error:
        line, column = _position(text, error.position)
        message = f"this is not valid YAML: {error.reason}"
        if isinstance(error.character, int):
            message += f" (character U+{error.character:04X})"
        return located, [Problem(path, line, column, "", message)]
    except yaml.YAMLError as error:
        return located, [Problem(path, None, None, "", f"this is not valid YAML: {error}")]
    if node is None:
        located.data = None
        return located, []
    builder = _Builder(located)
    located.data = builder.build(node, ())
    return located, builder.problems


# What the YAML parser says, and what an author does about it (said after its words).
YAML_HINTS = {
    "did not find expected ',' or ']'": "a [list] is not closed: every [ needs its ]",
    "did not find expected ',' or '}'": "a {mapping} is not closed: every { needs its }",
    "could not find expected ':'": "a key needs a colon and a space after it: title: Long hours",
    "mapping values are not allowed": "a value that holds ': ' goes in quotes, e.g. "
    'title: "Hours: too many"; or a line is indented too far',
    "did not find expected key": "a line is indented less or more than the keys beside it",
    "did not find expected '-' indicator": "a list item is indented less or more than the "
    "items beside it",
    "found character that cannot start any token": "a value starting with @, ` or % goes in quotes",
    "found undefined alias": "a value starting with * goes in quotes, or the &anchor is missing",
    "expected <document start>": "more follows a complete value: is a ':' missing after a key, "
    "or does the text need quotes?",
}


TAB_HINT = "a tab: YAML indents with spaces, never tabs"


def _hint(said: str, text: str, mark: Any) -> str:
    """' (what to do)' after a YAML syntax error, or nothing when there is no good advice."""
    if mark is not None and "cannot start any token" in said:
        lines = text.splitlines()
        here = lines[mark.line][mark.column : mark.column + 1] if mark.line < len(lines) else ""
        if here == "\t":
            return f" ({TAB_HINT})"
    if "tab character" in said:  # "found a tab character that violates indentation"
        return f" ({TAB_HINT}: replace it with spaces)"
    hint = next((h for key, h in YAML_HINTS.items() if key in said), None)
    return f" ({hint})" if hint else ""


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


class _LimitError(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Frame:
    __slots__ = ("anchor", "expanded", "items", "node")

    def __init__(self, node: yaml.CollectionNode, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.items: list[yaml.Node] = []
        self.expanded = 1


class _Composer:
    """Composes one document's node tree from the event stream, without recursion.

    Refuses, at the line of the offending event and before any value is constructed: nesting
    deeper than MAX_DEPTH, more than MAX_NODES values, more than MAX_ALIASES aliases, aliases
    that would expand to more than MAX_EXPANDED_NODES values, an alias inside the node it names,
    and a value longer than MAX_SCALAR_CHARS.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.resolver = yaml.SafeLoader("")
        self.anchors: dict[str, tuple[yaml.Node, int]] = {}
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.root: yaml.Node | None = None
        self.documents = self.nodes = self.aliases = self.expanded = 0

    def compose(self, text: str) -> yaml.Node | None:
        for event in yaml.parse(text, Loader=_COMPOSER):
            if isinstance(event, yaml.ScalarEvent):
                self._scalar(event)
            elif isinstance(event, yaml.CollectionStartEvent):
                self._start(event)
            elif isinstance(event, yaml.CollectionEndEvent):
                self._end(event)
            elif isinstance(event, yaml.AliasEvent):
                self._alias(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                self.documents += 1
                if self.documents > 1:
                    raise self._refuse(event, "a YAML file here holds one document only")
        return self.root

    def _refuse(self, event: yaml.Event, message: str) -> _LimitError:
        mark = event.start_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return _LimitError(Problem(self.path, line, column, "", message))

    def _count(self, event: yaml.Event) -> None:
        self.nodes += 1
        if self.nodes > limits.MAX_NODES:
            raise self._refuse(
                event, f"more than {limits.MAX_NODES} values in one file (MAX_NODES)"
            )

    def _add(self, event: yaml.Event, node: yaml.Node, size: int, *, new: int) -> None:
        """Attach `node` (`size` values once expanded) to its parent; `new` values are new."""
        self.expanded += new
        if self.expanded > limits.MAX_EXPANDED_NODES:
            raise self._refuse(
                event,
                f"the aliases here would expand to more than {limits.MAX_EXPANDED_NODES} "
                "values (MAX_EXPANDED_NODES)",
            )
        if self.stack:
            self.stack[-1].items.append(node)
            self.stack[-1].expanded += size
        else:
            self.root = node

    def _new_anchor(self, event: yaml.NodeEvent) -> None:
        if event.anchor in self.anchors or event.anchor in self.open_anchors:
            raise self._refuse(
                event, f"this is not valid YAML: the anchor '&{event.anchor}' is written twice"
            )

    def _tag(self, event: yaml.NodeEvent, kind: type[yaml.Node], value: str | None) -> str:
        tag: str | None = getattr(event, "tag", None)
        if tag is None or tag == "!":
            return str(self.resolver.resolve(kind, value, event.implicit))  # type: ignore[attr-defined,no-untyped-call]
        return tag

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        self._count(event)
        if len(event.value) > limits.MAX_SCALAR_CHARS:
            raise self._refuse(
                event,
                f"this value is {len(event.value)} characters long: the limit is "
                f"{limits.MAX_SCALAR_CHARS} (MAX_SCALAR_CHARS)",
            )
        tag = self._tag(event, yaml.ScalarNode, event.value)
        start: Any = event.start_mark  # libyaml's Mark or PyYAML's: both have line and column
        end: Any = event.end_mark
        node = yaml.ScalarNode(tag, event.value, start, end, event.style)
        if event.anchor is not None:
            self._new_anchor(event)
            self.anchors[event.anchor] = (node, 1)
        self._add(event, node, 1, new=1)

    def _alias(self, event: yaml.AliasEvent) -> None:
        self.aliases += 1
        name = event.anchor
        if self.aliases > limits.MAX_ALIASES:
            raise self._refuse(event, f"more than {limits.MAX_ALIASES} aliases (MAX_ALIASES)")
        if name in self.open_anchors:
            raise self._refuse(
                event, f"the alias '*{name}' is inside the value it names, so it never ends"
            )
        if name not in self.anchors:
            raise self._refuse(
                event, f"this is not valid YAML: no anchor '&{name}' is written before this alias"
            )
        node, size = self.anchors[name]
        self._add(event, node, size, new=size)

    def _start(self, event: yaml.CollectionStartEvent) -> None:
        self._count(event)
        if len(self.stack) >= limits.MAX_DEPTH:
            raise self._refuse(
                event,
                f"lists and mappings nest more than {limits.MAX_DEPTH} deep here (MAX_DEPTH)",
            )
        kind: type[yaml.CollectionNode] = (
            yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
        )
        tag = self._tag(event, kind, None)
        start: Any = event.start_mark
        collection = kind(tag, [], start, None, flow_style=event.flow_style)
        if event.anchor is not None:
            self._new_anchor(event)
            self.open_anchors.add(event.anchor)
        self.stack.append(_Frame(collection, event.anchor))

    def _end(self, event: yaml.CollectionEndEvent) -> None:
        frame = self.stack.pop()
        node = frame.node
        node.end_mark = event.end_mark
        if isinstance(node, yaml.MappingNode):
            node.value = list(zip(frame.items[0::2], frame.items[1::2], strict=True))
        else:
            node.value = frame.items
        if frame.anchor is not None:
            self.open_anchors.discard(frame.anchor)
            self.anchors[frame.anchor] = (node, frame.expanded)
        self._add(event, node, frame.expanded, new=1)  # its contents were counted as they came


def load(path: Path, display: str | None = None) -> tuple[Located, list[Problem]]:
    """Read a YAML file; an unreadable file becomes a problem naming it, not an exception.

    Only a regular UTF-8 file within MAX_FILE_BYTES is read (see coach.content.files).
    """
    shown = display or str(path)
    text, problem = read_text(path, shown)
    if text is None:
        assert problem is not None
        return Located(shown, None), [problem]
    return loads(text, shown)


# -- quick reading: PyYAML's own composer and constructors, for small plain files ---------------

QUICK_MAX_CHARS = 64 * 1024  # larger files go through `load` and its limits
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = f"{_TAG}str", f"{_TAG}map", f"{_TAG}seq"
_PLAIN_SCALARS = frozenset(f"{_TAG}{t}" for t in ("int", "float", "bool", "null", "timestamp"))
_MEMO_CHARS, _MEMO_ENTRIES = 32, 4096  # memo of short scalars' values, per process
_RESOLVER = yaml.resolver.Resolver()  # SafeLoader's, without its reader and parser


@functools.lru_cache(maxsize=1024)
def _resolve(kind: type[yaml.Node], value: Any, implicit: Any) -> str:
    """SafeLoader's tag for a node: a pure function of these, as it has no path resolvers.

    The composer calls it once per node; a hit in the C cache enters no Python frame (11 us
    of 100 an answers file). 1,024 entries: the few values answers repeat stay.
    """
    return str(_RESOLVER.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


class _QuickLoader(_COMPOSER):  # type: ignore[valid-type,misc]
    """SafeLoader's composer, with its resolver behind a cache and no path resolvers."""

    resolve: Any = staticmethod(_resolve)
    # SafeLoader has no path resolvers, so the composer's calls to descend and ascend (one each
    # per node) have nothing to do: C callables that do nothing enter no Python frame (12 us)
    descend_resolver: Any = staticmethod({}.get)  # (parent, index) -> index, unused
    ascend_resolver: Any = staticmethod(tuple)  # () -> (), unused


class _NotPlain(Exception):
    """The text holds more than plain data: `load` reads it."""


_VALUES: dict[tuple[str, str], Any] = {}
_NONE = object()


def _scalar(loader: _QuickLoader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _STR:
        return node.value
    if tag not in _PLAIN_SCALARS or (tag == NULL and node.value not in NULL_WORDS):
        raise _NotPlain  # any other tag (`!!binary`, `!!python/...`), or `!!null 3`
    key = (tag, node.value)
    value = _VALUES.get(key, _NONE)
    if value is _NONE:
        value = loader.construct_object(node)  # SafeConstructor's, as `load` does
        if tag in _NUMBERS and _read_otherwise(node.value, value):
            raise _NotPlain  # `062`: `load` refuses it at its line
        if len(node.value) <= _MEMO_CHARS and len(_VALUES) < _MEMO_ENTRIES:
            _VALUES[key] = value  # ints, floats, booleans, None and dates: immutable
    return value


def _plain(loader: _QuickLoader, node: yaml.Node, depth: int) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if depth == 0:
        raise _NotPlain
    tag = node.tag
    if tag == _SEQ and isinstance(node, yaml.SequenceNode):
        return [_plain(loader, child, depth - 1) for child in node.value]
    if tag != _MAP or not isinstance(node, yaml.MappingNode):
        raise _NotPlain  # any other tag (`!!set`, `!!omap`) or a node of another kind
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag != _STR or not isinstance(key_node, yaml.ScalarNode):
            raise _NotPlain  # a key that is not text (`<<` merges, numbers, lists)
        key = key_node.value
        if key in out:
            raise _NotPlain  # a duplicate key: `load` reports it
        if value_node.tag == _STR and isinstance(value_node, yaml.ScalarNode):
            out[key] = value_node.value  # the most common value, taken without a call
        else:
            out[key] = _plain(loader, value_node, depth - 1)
    return out


# Quicker still, for the way coach writes answers files: `key: value` lines, a mapping of them
# under a key, lists of `- value` lines, and values whose meaning cannot be mistaken.
_LINE = re.compile(r"( *)(?:- (.*)|([A-Za-z_][\w.-]*):(?: (.*))?)", re.ASCII)
_INT = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)  # no sign `+`, `_`, base, leading zero
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+", re.ASCII)  # nor exponent, `.inf`, `1.`
_TEXT = re.compile(r"[A-Za-z][\w .,;()/+-]*(?<! )", re.ASCII)  # no `:` `#` quote or flow mark
_WORDS: dict[str, Any] = {  # SafeLoader's booleans and nulls, exactly (`yEs` is text)
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
    **dict.fromkeys(("~", "null", "Null", "NULL"), None),
}
_BLOCK_DEPTH = 3  # a mapping in a mapping, lists in either: what `block_data` reads


def _word(text: str) -> Any:
    """A plain scalar that can mean one thing only: a YAML 1.1 boolean or null, a number, text."""
    if text in _WORDS:
        return _WORDS[text]
    if _INT.fullmatch(text):
        return int(text)
    if _DECIMAL.fullmatch(text):
        return float(text)
    if _TEXT.fullmatch(text):
        return text
    raise _NotPlain  # floats, dates, quotes, flows, comments, anything else: the composer


def block_data(text: str) -> dict[str, Any] | None:
    """The data of YAML written as answers files are, as `load` reads it; else None.

    Lines are `key: value` or `key:` at column 0, the same in column 2 under a top key with no
    value, and `- value` under a key with no value (at its column or 2 further); values are
    `_word`s or `[]`. Any other line (a comment, a continuation, a tab, another indentation,
    a duplicate key) gives None, and the composer reads the file: nothing here is a second
    grammar, only a subset whose every line means one thing (about twice as fast as the composer).
    """
    block = _Block()
    try:
        for line in text.split("\n"):
            if line:
                block.read(line)
    except _NotPlain:
        return None
    return block.top or None


_OPEN, _EMPTY = object(), object()  # `key:` with nothing after it; `key: []`
# Each line's meaning, kept per process: answers files repeat their lines (`  workload.on_call:
# false`), and a lookup costs a tenth of the regular expressions. Lines are at most
# QUICK_MAX_CHARS; past _LINES_MAX lines new ones are read and not kept.
_LINES: dict[str, tuple[int, str | None, Any]] = {}
_LINES_MAX = 20_000


def _parse_line(line: str) -> tuple[int, str | None, Any]:
    """A line's column, key (None for `- value`) and value (`_OPEN`, `_EMPTY` or a `_word`)."""
    match = _LINE.fullmatch(line)
    if match is None:
        raise _NotPlain
    at, item, key, value = len(match[1]), match[2], match[3], match[4]
    if item is not None:
        return at, None, _word(item)
    if key in _WORDS:
        raise _NotPlain  # `yes:` or `null:`: a key that is not text
    if value is None:
        return at, key, _OPEN
    return at, key, _EMPTY if value == "[]" else _word(value)


class _Block:
    """`block_data`'s reading so far: where the next `key:` or `- value` line may go."""

    def __init__(self) -> None:
        self.top: dict[str, Any] = {}
        self.inner: dict[str, Any] | None = None  # the mapping under the last top key, if any
        self.items: list[Any] | None = None  # the list being read, and the column of its dashes
        self.items_at = -1
        self.open: tuple[dict[str, Any], str, int] | None = None  # `key:` with nothing after

    def read(self, line: str) -> None:
        parsed = _LINES.get(line)
        if parsed is None:
            parsed = _parse_line(line)
            if len(_LINES) < _LINES_MAX:
                _LINES[line] = parsed
        at, key, value = parsed
        if key is None:
            self._item(at, value)
            return
        if at == 2 and self.inner is not None:  # the most common line: an answer
            mapping = self.inner
        elif at == 0:
            mapping, self.inner = self.top, None
        elif at == 2 and self.open is not None and self.open[2] == 0:
            owner, name, _ = self.open
            owner[name] = mapping = self.inner = {}
        else:
            raise _NotPlain
        if key in mapping:
            raise _NotPlain  # a duplicate: `load` locates it
        self.items, self.open = None, None
        if value is _OPEN:
            mapping[key] = None
            self.open = (mapping, key, at)
        else:
            mapping[key] = [] if value is _EMPTY else value

    def _item(self, at: int, value: Any) -> None:
        if self.open is not None and at in (self.open[2], self.open[2] + 2):
            owner, name, _ = self.open
            owner[name] = self.items = []
            self.items_at, self.open = at, None
        elif self.items is None or at != self.items_at:
            raise _NotPlain
        self.items.append(value)


def quick_load(path: Path, depth: int) -> Located | None:
    """The plain data of a small YAML file, without marks, or None when `load` must read it.

    The same values `load` gives (PyYAML's C composer and SafeConstructor, as there) for a
    file of one document with mappings of text keys, lists and plain scalars, at most `depth`
    collections deep and QUICK_MAX_CHARS long, with no anchor (so no alias to count). Anything
    else - unreadable, larger, deeper, tagged, a duplicate or non-text key, any YAML or value
    error - gives None, so that `load` reads it with every limit and locates every problem.
    For batches (`coach rules impact`): 2x faster than `load`.
    """
    text, _ = read_text(path, str(path))
    if text is None or len(text) > QUICK_MAX_CHARS or "&" in text:
        return None
    data = block_data(text) if depth >= _BLOCK_DEPTH else None
    if data is not None:
        return Located(str(path), data)
    loader = _QuickLoader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _plain(loader, node, depth)
    except (
        _NotPlain,
        yaml.YAMLError,
        ValueError,
        TypeError,
        AttributeError,
        OverflowError,
        LookupError,  # PyYAML's constructors on `!!bool maybe` (KeyError) or `!!int` (IndexError)
    ):
        return None
    finally:
        loader.dispose()
    return Located(str(path), data)


def load_or_raise(path: Path, display: str | None = None) -> Located:
    """Read a YAML file or raise a ContentError with every problem in it."""
    located, problems = load(path, display)
    if problems:
        raise ContentError(problems)
    return located
