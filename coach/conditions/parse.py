"""Parse the YAML form of a condition into the typed tree, collecting located problems.

Shape checks only (known keys and operators, value shapes). Whether a reference exists and whether
a value suits its question is checked later, against the questionnaire, by `coach.content.check`.
"""

from __future__ import annotations

import re
from typing import Any

from coach.conditions.ast import (
    LIST_OPS,
    SYMBOLS,
    All,
    AnyOf,
    Condition,
    Named,
    Not,
    Op,
    Origin,
    Test,
    operator_meant,
)
from coach.errors import Problem, suggest
from coach.located import KeyPath, Located, format_key_path

_COMBINATORS = ("all", "any", "not", "condition")
_OPS = [op.value for op in Op]
# A condition written as one line of text, such as "workload.hours_per_week >= 55".
_SYMBOL = "(" + "|".join(map(re.escape, sorted(SYMBOLS, key=len, reverse=True))) + ")"
# A condition or a number a person wrote on one line is short; the patterns below are not linear
# in the length of the text, so longer text gets no guess (a 20,000-space answer took 20 s).
_LINE_MAX = 400
_REF = r"([A-Za-z_]\w*(?:\.\w+)+)"  # section.question: one way to match it, so no backtracking
_INFIX = re.compile(r"\s*" + _REF + r"\s*" + _SYMBOL + r"\s*(\S.*?)\s*")
# The same with an operator's name ("culture.symptoms contains exhaustion"), and tests joined by
# `and` or `or` (where `or` also joins, the line holds both and no one suggestion fits).
_WORDED = re.compile(r"\s*" + _REF + r"\s+(" + "|".join(_OPS) + r")\s+(\S.*?)\s*", re.IGNORECASE)
_AND = re.compile(r"\s+(?:and|&&)\s+|\s*&&\s*", re.IGNORECASE)
_OR = re.compile(r"\s+(?:or|\|\|)\s+|\s*\|\|\s*", re.IGNORECASE)
# A number written with a symbol or a unit, such as ">= 55" or "55h".
_LOOSE_NUMBER = re.compile(r"\s*" + _SYMBOL + r"?\s*(-?\d+(?:[.,]\d+)?)\D*")  # one number


class ConditionParser:
    """Parses conditions of one file, appending problems to `problems`."""

    def __init__(self, located: Located, *, allow_named: bool = True) -> None:
        self.located = located
        self.allow_named = allow_named
        self.problems: list[Problem] = []
        # Every test read so far, and for a test that could not be read, its reference (as
        # `answered: true` at the reference's key): what `salvaged` keeps of a broken condition.
        self._read: list[Test] = []

    def salvaged(self, raw: Any, loc: KeyPath) -> tuple[Condition | None, tuple[Test, ...]]:
        """Parse one condition; when it is unusable, also the tests that could be read in it.

        The references and values of those tests can still be checked against the questionnaire,
        so an author sees every problem of a rule at once: an unknown question beside an unknown
        operator, an option that does not exist in the next test.
        """
        start = len(self._read)
        condition = self.parse(raw, loc)
        tests = tuple(self._read[start:])
        del self._read[start:]
        return condition, () if condition is not None else tests

    def _reference(self, ref: str, loc: KeyPath) -> Test:
        """A test that could not be read, kept for its reference: `answered`, at the key."""
        return Test(ref, Op.ANSWERED, True, self.origin(loc, key=True))

    def origin(self, loc: KeyPath, *, key: bool = False) -> Origin:
        """Where `loc` was written."""
        line, column = self.located.where(loc, key=key)
        return Origin(self.located.path, line, column, format_key_path(loc))

    def fail(
        self, loc: KeyPath, message: str, suggestion: str | None = None, *, key: bool = False
    ) -> None:
        """Record a problem at `loc`."""
        self.problems.append(self.located.problem(loc, message, suggestion=suggestion, key=key))

    def parse(self, raw: Any, loc: KeyPath) -> Condition | None:
        """Parse one condition; None when it is unusable (a problem was recorded)."""
        if not isinstance(raw, dict) or not raw:
            self.fail(
                loc,
                "a condition is a mapping such as {workload.hours_per_week: {gte: 55}}",
                _as_mapping(raw),
            )
            return None
        items: list[Condition] = []
        for key, value in raw.items():
            item = self._entry(str(key), value, (*loc, key))
            if item is not None:
                items.append(item)
        if len(items) != len(raw):
            return None
        return items[0] if len(items) == 1 else All(tuple(items), self.origin(loc))

    def _entry(self, key: str, value: Any, loc: KeyPath) -> Condition | None:
        if key in ("all", "any"):
            return self._group(key, value, loc)
        if key == "not":
            inner = self.parse(value, loc)
            return None if inner is None else Not(inner, self.origin(loc))
        if key == "condition":
            return self._named(value, loc)
        if "." not in key:
            self.fail(
                loc,
                f"unknown key '{key}': use all, any, not, condition, or a question "
                "reference such as section.question",
                suggest(key, _COMBINATORS),
                key=True,
            )
            return None
        return self._tests(key, value, loc)

    def _group(self, key: str, value: Any, loc: KeyPath) -> Condition | None:
        if not isinstance(value, list) or not value:
            self.fail(loc, f"'{key}' takes a non-empty list of conditions")
            return None
        parsed = [self.parse(item, (*loc, i)) for i, item in enumerate(value)]
        items = tuple(p for p in parsed if p is not None)
        if len(items) != len(parsed):
            return None
        return (All if key == "all" else AnyOf)(items, self.origin(loc))

    def _named(self, value: Any, loc: KeyPath) -> Condition | None:
        if not self.allow_named:
            self.fail(loc, "named conditions can only be used in rules files", key=True)
            return None
        if not isinstance(value, str):
            self.fail(loc, "'condition' takes the name of a condition defined under 'conditions:'")
            return None
        return Named(value, self.origin(loc))

    def _tests(self, ref: str, value: Any, loc: KeyPath) -> Condition | None:
        if not isinstance(value, dict):
            if isinstance(value, list):
                self.fail(loc, "to test a list of values use {in: [...]} or {contains: [...]}")
                self._read.append(self._reference(ref, loc))
                return None
            test = Test(ref, Op.EQ, value, self.origin(loc))
            self._read.append(test)
            return test
        if not value:
            self.fail(loc, "give at least one operator, e.g. {gte: 55}")
            self._read.append(self._reference(ref, loc))
            return None
        tests: list[Test] = []
        for op_name, operand in value.items():
            read = self._test(ref, str(op_name), operand, (*loc, op_name))
            if read is not None:
                tests.append(read)
        self._read += tests
        if len(tests) != len(value):
            if not tests:
                self._read.append(self._reference(ref, loc))
            return None
        return tests[0] if len(tests) == 1 else All(tuple(tests), self.origin(loc))

    def _test(self, ref: str, op_name: str, operand: Any, loc: KeyPath) -> Test | None:
        if op_name not in _OPS:
            self.fail(
                loc,
                f"unknown operator '{op_name}'",
                operator_meant(op_name, _OPS),
                key=True,
            )
            return None
        op = Op(op_name)
        value = self._operand(op, operand, loc)
        if value is _BAD:
            return None
        return Test(ref, op, value, self.origin(loc))

    def _operand(self, op: Op, operand: Any, loc: KeyPath) -> Any:
        if op in (Op.ANSWERED, Op.UNANSWERED):
            if operand is not True:
                self.fail(
                    loc,
                    f"write '{op.value}: true' (use the other of answered/unanswered to negate)",
                )
                return _BAD
            return True
        if op is Op.CONTAINS:
            values = operand if isinstance(operand, list) else [operand]
            if not values or any(isinstance(v, list | dict) or v is None for v in values):
                self.fail(loc, "'contains' takes an option value or a list of option values")
                return _BAD
            return tuple(values)
        if op in LIST_OPS:
            return self._list_operand(op, operand, loc)
        if isinstance(operand, list | dict) or operand is None:
            self.fail(loc, f"'{op.value}' takes a single value")
            return _BAD
        return operand

    def _list_operand(self, op: Op, operand: Any, loc: KeyPath) -> Any:
        if not isinstance(operand, list) or not operand:
            one = operand is not None and not isinstance(operand, list | dict)
            self.fail(
                loc,
                f"'{op.value}' takes a list of values, e.g. [a, b]",
                _listed(operand) if one else None,
            )
            return _BAD
        if any(isinstance(v, list | dict) or v is None for v in operand):
            self.fail(loc, f"'{op.value}' takes a list of plain values")
            return _BAD
        if op is Op.BETWEEN:
            if len(operand) != 2:
                self.fail(loc, "'between' takes two numbers, low and high: [40, 55]")
                return _BAD
            if _is_number(operand[0]) and _is_number(operand[1]) and operand[0] > operand[1]:
                self.fail(loc, f"'between' low {operand[0]} is above high {operand[1]}")
                return _BAD
        return tuple(operand)


def _listed(value: Any) -> str:
    """A single value as the list it should have been: 4 -> [4], true -> [true]."""
    return f"[{str(value).lower() if isinstance(value, bool) else value}]"


def _as_mapping(raw: Any) -> str | None:
    """The mapping form of a condition written as a line of text; None when it is not one.

    "a.b >= 55" is one test; tests joined by `and` (or all by `or`) are an `all` (an `any`).
    """
    if not isinstance(raw, str) or len(raw) > _LINE_MAX or (_AND.search(raw) and _OR.search(raw)):
        return None  # `and` beside `or`: which binds first is the author's to say
    for joiner, group in ((_AND, "all"), (_OR, "any")):
        parts = joiner.split(raw)
        if len(parts) > 1:
            tests = [_as_test(part) for part in parts]
            if None in tests:
                return None
            return f"{{{group}: [{', '.join(map(str, tests))}]}}"
    return _as_test(raw)


def _as_test(text: str) -> str | None:
    """One test written as text: "a.b >= 55" or "a.b contains x" -> "{a.b: {gte: 55}}"."""
    match = _INFIX.fullmatch(text) or _WORDED.fullmatch(text)
    if match is None:
        return None
    ref, operator, value = match.groups()
    op = SYMBOLS[operator].value if operator in SYMBOLS else operator.lower()
    return f"{{{ref}: {{{op}: {value}}}}}"


def as_number(text: str, op: Op | None = None) -> str | None:
    """What a number written as text ('55h', '55,5', '>= 55') should read as.

    None when the text holds no number, or two ('50-55'). ">= 55" under `eq` (written as
    `ref: ">= 55"`) is the test `{gte: 55}`; otherwise the number.
    """
    match = _LOOSE_NUMBER.fullmatch(text) if len(text) <= _LINE_MAX else None
    if match is None:
        return None
    symbol, number = match.groups()
    number = number.replace(",", ".")  # a decimal comma: 55,5 is 55.5
    if symbol is not None and op is Op.EQ:
        return f"{{{SYMBOLS[symbol].value}: {number}}}"
    return number


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _Bad:
    pass


_BAD = _Bad()
