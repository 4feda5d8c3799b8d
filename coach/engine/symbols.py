"""The field symbol table: which engine field carries which answer, and how values are encoded.

durable_rules compares mixed types as strings, cannot parse numbers such as `1e-07`, and keys its
objects by a 32-bit hash of the property name. So no answer reaches the engine as written. Each
reference the rules read gets a short field name (`f0`, `f1`, ...) whose hash collides with no
other name, and every value becomes a small integer:

- numbers, booleans and texts get an order-preserving rank code over the constants the rules
  compare that reference with: constant number i (sorted) is `2*i + 1`, and a value between two
  constants gets the even code between theirs. Every comparison with a constant (`eq`, `lt`,
  `between`, ...) then gives the same answer on the codes as on the values.
- a multi-choice answer becomes a count field (present when answered) and one flag field, set to
  1, per selected option that some `contains` test reads.
- a reference only tested with `answered`/`unanswered` carries 1 when answered.

An unanswered reference is simply absent from the encoded fact.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coach.conditions.ast import Op, Test
from coach.errors import EngineError

# Property names the engine or our facts use for themselves; no field may share their hash.
RESERVED_NAMES = ("sid", "id", "$s", "$forward")
GUARD_PREFIX = "g"
FIELD_PREFIX = "f"


class Kind(enum.Enum):
    """What type of answer a reference holds, as far as the rules tell."""

    PRESENCE = "any answer"
    NUMBER = "a number"
    BOOL = "a boolean"
    TEXT = "a text"
    MULTI = "a multi-choice selection"


def fnv1a_32(name: str) -> int:
    """The engine's property-name hash (FNV-1a, 32 bits), to rule out colliding field names."""
    value = 0x811C9DC5
    for byte in name.encode():
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


class NameAllocator:
    """Hands out short property names whose engine hashes are all distinct."""

    def __init__(self) -> None:
        self._hashes = {fnv1a_32(name) for name in RESERVED_NAMES}
        self._next: dict[str, int] = {}

    def take(self, prefix: str) -> str:
        """The next free name `<prefix><n>`."""
        while True:
            number = self._next.get(prefix, 0)
            self._next[prefix] = number + 1
            name = f"{prefix}{number}"
            digest = fnv1a_32(name)
            if digest not in self._hashes:
                self._hashes.add(digest)
                return name


@dataclass(frozen=True)
class FieldSpec:
    """How one reference is carried: its kind, field, constants (sorted) and option flags."""

    ref: str
    kind: Kind
    field: str
    constants: tuple[Any, ...] = ()
    flags: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def code(self, value: Any) -> int:
        """The rank code of a value among this reference's constants."""
        index = bisect_left(self.constants, value)
        if index < len(self.constants) and self.constants[index] == value:
            return 2 * index + 1
        return 2 * index


def _scalar_kind(value: Any) -> Kind | None:
    if isinstance(value, bool):
        return Kind.BOOL
    if isinstance(value, int | float):
        return Kind.NUMBER
    if isinstance(value, str):
        return Kind.TEXT
    return None


def _values(test: Test) -> tuple[Any, ...]:
    """The constants a test compares with, checked for shape."""
    if test.op in (Op.ANSWERED, Op.UNANSWERED):
        return ()
    if test.op in (Op.IN, Op.NOT_IN, Op.BETWEEN, Op.CONTAINS):
        if not isinstance(test.value, tuple | list):
            raise _bad(test, "needs a list of values")
        if test.op is Op.BETWEEN and len(test.value) != 2:
            raise _bad(test, "needs exactly two values [low, high]")
        return tuple(test.value)
    return (test.value,)


def _bad(test: Test, message: str) -> EngineError:
    return EngineError(f"'{test.ref}': {test.op.value} {message} (got {test.value!r})")


def _test_kind(test: Test) -> Kind | None:
    """The kind of answer a test implies, or None when it only checks presence."""
    values = _values(test)
    if test.op is Op.CONTAINS:
        if not all(isinstance(item, str) for item in values):
            raise _bad(test, "takes option values (texts)")
        return Kind.MULTI
    kinds = {_scalar_kind(item) for item in values}
    if None in kinds:
        raise _bad(test, "takes numbers, booleans or texts")
    if len(kinds) > 1:
        raise _bad(test, "mixes values of different types")
    for item in values:
        if isinstance(item, float) and math.isnan(item):
            raise _bad(test, "cannot compare with NaN")
    if test.op in (Op.GT, Op.GTE, Op.LT, Op.LTE, Op.BETWEEN) and kinds != {Kind.NUMBER}:
        raise _bad(test, "compares numbers only")
    return kinds.pop() if kinds else None


@dataclass
class _Usage:
    kinds: set[Kind] = dataclasses.field(default_factory=set)
    constants: set[Any] = dataclasses.field(default_factory=set)
    options: list[str] = dataclasses.field(default_factory=list)


def _collect(tests: Iterable[tuple[str, Test]]) -> dict[str, _Usage]:
    usage: dict[str, _Usage] = {}
    for rule_id, test in tests:
        try:
            kind = _test_kind(test)
        except EngineError as error:
            raise EngineError(f"rule '{rule_id}': {error.message}") from None
        entry = usage.setdefault(test.ref, _Usage())
        if kind is None:
            continue
        entry.kinds.add(kind)
        if len(entry.kinds) > 1:
            kinds = " and ".join(sorted(k.value for k in entry.kinds))
            raise EngineError(f"rule '{rule_id}': '{test.ref}' is compared as {kinds}")
        if kind is Kind.MULTI:
            entry.options.extend(o for o in _values(test) if o not in entry.options)
        else:
            entry.constants.update(_values(test))
    return usage


class SymbolTable:
    """References -> engine fields, built from every test of a rule pack."""

    def __init__(self, specs: Mapping[str, FieldSpec], guards: Sequence[str]) -> None:
        self.specs = dict(specs)
        self.guards = tuple(guards)
        self._encoders = {ref: _encoder(spec) for ref, spec in self.specs.items()}

    def __reduce__(self) -> tuple[type[SymbolTable], tuple[dict[str, FieldSpec], tuple[str, ...]]]:
        """Pickled as its specs and guards: the encoders (closures) are made again from them."""
        return (SymbolTable, (self.specs, self.guards))

    @classmethod
    def build(cls, tests: Iterable[tuple[str, Test]], guard_count: int) -> SymbolTable:
        """Build the table from (rule id, test) pairs; `guard_count` guard names come first."""
        names = NameAllocator()
        guards = [names.take(GUARD_PREFIX) for _ in range(guard_count)]
        specs: dict[str, FieldSpec] = {}
        for ref, entry in _collect(tests).items():
            kind = entry.kinds.pop() if entry.kinds else Kind.PRESENCE
            flags = {option: names.take(FIELD_PREFIX) for option in entry.options}
            specs[ref] = FieldSpec(
                ref=ref,
                kind=kind,
                field=names.take(FIELD_PREFIX),
                constants=tuple(sorted(entry.constants)),
                flags=flags,
            )
        return cls(specs, guards)

    def spec(self, ref: str) -> FieldSpec:
        """The spec of a reference the rules read."""
        return self.specs[ref]

    def encode(self, facts: Mapping[str, Any]) -> dict[str, int]:
        """The engine fields for one assessment (answers the rules never read are left out)."""
        out: dict[str, int] = {}
        encoders = self._encoders
        for ref, value in facts.items():
            encoder = encoders.get(ref)
            if encoder is not None:
                encoder(value, out)
        return out


class FactText:
    """One ruleset's fact as the JSON members the engine reads: `"f3":5,"f7":1,"g0":1`.

    Built from each answer's members, kept per reference and value with the value's type (`1`
    and `true` are one key of a dict: the first seen is kept, the other encoded every time) for
    the first KEPT_VALUES values seen: answers repeat (options, scales), and a lookup costs a
    tenth of encoding the value and `json.dumps` of the whole fact. A value the encoder refuses
    is never kept, so it is refused every time.
    """

    KEPT_VALUES = 256

    def __init__(self, table: SymbolTable, fields: Iterable[str], guards: Iterable[str]) -> None:
        self._encoders = table._encoders
        self._fields = frozenset(fields)
        self._guards = [f'"{guard}":1' for guard in guards]
        # only the references this ruleset reads a field of: the others are never looked at
        self._kept: list[tuple[str, dict[Any, tuple[type, str]]]] = [
            (ref, {})
            for ref, spec in table.specs.items()
            if spec.field in self._fields or self._fields.intersection(spec.flags.values())
        ]

    def __call__(self, facts: Mapping[str, Any]) -> str:
        """The members for these facts (answers the ruleset never reads are left out)."""
        parts: list[str] = []
        for ref, kept in self._kept:
            value = facts.get(ref, _ABSENT)
            if value is _ABSENT:
                continue
            try:
                entry = kept.get(value)
            except TypeError:  # a list or another value with no hash: encoded every time
                entry = None
            if entry is not None and entry[0] is value.__class__:
                text = entry[1]
            else:
                text = self._encoded(ref, value, kept)
            if text:
                parts.append(text)
        return ",".join(parts + self._guards)

    def _encoded(self, ref: str, value: Any, kept: dict[Any, tuple[type, str]]) -> str:
        out: dict[str, int] = {}
        self._encoders[ref](value, out)  # raises for a value of another type: never kept
        text = ",".join(f'"{f}":{code}' for f, code in out.items() if f in self._fields)
        if len(kept) < self.KEPT_VALUES:
            try:
                kept.setdefault(value, (value.__class__, text))  # 1 keeps its place from True
            except TypeError:
                pass  # no hash
        return text


_ABSENT = object()


_Encoder = Callable[[Any, dict[str, int]], None]
_SCALAR_TYPES = {Kind.NUMBER: (int, float), Kind.BOOL: (bool,), Kind.TEXT: (str,)}


def _encoder(spec: FieldSpec) -> _Encoder:
    """A function that writes one answer's engine fields (the hot path of every assessment)."""
    field = spec.field
    if spec.kind is Kind.PRESENCE:

        def presence(value: Any, out: dict[str, int]) -> None:  # noqa: ARG001 - any answer
            out[field] = 1

        return presence
    if spec.kind is Kind.MULTI:
        flags = spec.flags

        def multi(value: Any, out: dict[str, int]) -> None:
            if not isinstance(value, tuple | list | set | frozenset):
                raise _mismatch(spec, value)
            out[field] = len(value)
            for option in value:
                flag = flags.get(option) if isinstance(option, str) else None
                if flag is not None:
                    out[flag] = 1

        return multi
    types = _SCALAR_TYPES[spec.kind]
    exclude_bool = spec.kind is Kind.NUMBER
    constants, count = spec.constants, len(spec.constants)

    def scalar(value: Any, out: dict[str, int]) -> None:
        if not isinstance(value, types) or (exclude_bool and isinstance(value, bool)):
            raise _mismatch(spec, value)
        if value != value:  # NaN: no rank, and Python compares it false with everything
            raise EngineError(f"answer for '{spec.ref}' is NaN, which no rule can compare")
        index = bisect_left(constants, value)
        out[field] = 2 * index + 1 if index < count and constants[index] == value else 2 * index

    return scalar


def _mismatch(spec: FieldSpec, value: Any) -> EngineError:
    return EngineError(
        f"answer for '{spec.ref}' is {type(value).__name__} {value!r}, "
        f"but the rules compare it as {spec.kind.value}"
    )
