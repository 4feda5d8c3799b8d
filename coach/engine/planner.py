"""From engine rules to durable_rules rulesets as plain data, inside every limit of the engine.

Each rule becomes one or more single-fact durable rules (parts) over the assessment fact. A part
that is too complex for the engine (more than 15 `$and`/`$or` nodes, or more tests that could
hold at once than its matching stack takes) is split at an `or` into parts that each cover some
of its alternatives; the rule fired when any part fired.

Parts are packed into rulesets behind a two-level tree of guard tests (`g3 == 1`, then
`g5 == 1`): only the assessment fact carries the guard fields, so the session-state document
never matches a rule, and no node of the network has more than a few dozen children that can
match at once (see `coach.engine.network`). A ruleset also stays under 400 parts and under 240
fact fields (objects are capped at 255 properties).
"""

from __future__ import annotations

import enum
import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.conditions.ast import tests_of
from coach.engine.formula import (
    EQ,
    FALSE,
    And,
    Cmp,
    Formula,
    Or,
    conj,
    disj,
    fields,
    junctions,
    lower,
    to_json,
)
from coach.engine.network import MAX_STACK, AlphaNetwork
from coach.engine.rule import EngineRule
from coach.engine.symbols import SymbolTable
from coach.errors import EngineError

GUARD_FANOUT = 8  # guard fields g0..g7; a ruleset has GUARD_FANOUT ** 2 leaves at most
LEAF_STACK = MAX_STACK - 2 * (GUARD_FANOUT - 1)
MAX_JUNCTIONS = 15  # the engine keeps 32 entries per rule, two per `$and`/`$or`
MAX_PARTS = 400  # engine rules per ruleset (the engine allows 4,096; creation grows with size)
MAX_FIELDS = 240  # fact fields per ruleset, besides guards, `sid` and `id`
MAX_PARTS_PER_RULE = 256
_PLACEHOLDER = Cmp("guard", EQ, 1)


@dataclass(frozen=True)
class Part:
    """One durable rule: which rule it belongs to and its condition."""

    name: str
    rule_id: str
    formula: Formula
    fields: frozenset[str]


@dataclass(frozen=True)
class RulesetPlan:
    """One durable ruleset as data: rule definitions (without actions) and what facts need."""

    rules: dict[str, dict[str, Any]]
    owners: dict[str, str]
    fields: frozenset[str]
    guards: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A rule pack compiled for the engine: the symbol table and the rulesets."""

    symbols: SymbolTable
    rulesets: tuple[RulesetPlan, ...]
    rule_ids: frozenset[str]
    digest: str


def plan(rules: Sequence[EngineRule]) -> Plan:
    """Compile rules to rulesets as data; raise EngineError for what the engine cannot run."""
    ids = [rule.id for rule in rules]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise EngineError(f"duplicate rule ids: {', '.join(duplicates)}")
    pairs = ((rule.id, test) for rule in rules for test in tests_of(rule.condition))
    symbols = SymbolTable.build(pairs, GUARD_FANOUT)
    parts = list(_parts(rules, symbols))
    rulesets = [_definition(leaves, symbols) for leaves in _pack(parts)]
    digest = hashlib.sha256(
        json.dumps([r.rules for r in rulesets], sort_keys=True).encode()
    ).hexdigest()
    return Plan(symbols, tuple(rulesets), frozenset(ids), digest)


def _parts(rules: Sequence[EngineRule], symbols: SymbolTable) -> Iterator[Part]:
    names = itertools.count()
    for rule in rules:
        formula = lower(rule.condition, symbols)
        if formula == FALSE:
            continue  # can never fire (e.g. `in: []`)
        try:
            pieces = _split(formula)
        except EngineError as error:
            raise EngineError(f"rule '{rule.id}' is too large for the engine: {error}") from None
        for piece in pieces:
            yield Part(f"r{next(names)}", rule.id, piece, fields(piece))


class _Limit(enum.Enum):
    JUNCTIONS = "and/or nodes"
    WIDTH = "tests that can hold at once, or alternatives"
    FIELDS = "answers read"


def _problem(formula: Formula) -> tuple[_Limit, str] | None:
    """Which limit one part breaks on its own in a leaf, or None when it fits."""
    count = junctions(conj([_PLACEHOLDER, formula]))
    if count > MAX_JUNCTIONS:
        return _Limit.JUNCTIONS, f"{count} and/or nodes (limit {MAX_JUNCTIONS})"
    read = len(fields(formula))
    if read > MAX_FIELDS:
        return _Limit.FIELDS, f"it reads {read} answers and options (limit {MAX_FIELDS})"
    network = AlphaNetwork()
    network.add_rule(formula)
    problem = network.problem(LEAF_STACK)
    return None if problem is None else (_Limit.WIDTH, problem)


def _split(formula: Formula) -> list[Formula]:
    """Split at `or` nodes until every piece fits; the pieces' disjunction is the formula."""
    done: list[Formula] = []
    todo = [formula]
    while todo:
        piece = todo.pop()
        problem = _problem(piece)
        if problem is None:
            done.append(piece)
            continue
        pieces = _divide(piece, problem[0])
        if pieces is None:
            raise EngineError(problem[1])
        todo.extend(reversed(pieces))
        if len(done) + len(todo) > MAX_PARTS_PER_RULE:
            raise EngineError(
                f"{problem[1]}; splitting it would take more than {MAX_PARTS_PER_RULE} "
                "engine rules, so split it into simpler rules"
            )
    return done


def _divide(formula: Formula, limit: _Limit) -> list[Formula] | None:
    """Pieces whose disjunction is `formula`, each with one `or` fewer or half as wide.

    Too many and/or nodes: distribute the `or` with the fewest alternatives (the fewest pieces
    per node removed). Too wide or too many answers: halve the widest `or`.
    """
    if isinstance(formula, Or):
        middle = len(formula.items) // 2
        return [disj(formula.items[:middle]), disj(formula.items[middle:])]
    if not isinstance(formula, And):
        return None
    choices = [item for item in formula.items if isinstance(item, Or)]
    if not choices:
        return None
    if limit is _Limit.JUNCTIONS:
        pivot = min(choices, key=lambda item: len(item.items))
        alternatives = list(pivot.items)
    else:
        pivot = max(choices, key=lambda item: len(item.items))
        middle = len(pivot.items) // 2
        alternatives = [disj(pivot.items[:middle]), disj(pivot.items[middle:])]
    index = formula.items.index(pivot)
    before, after = formula.items[:index], formula.items[index + 1 :]
    return [conj([*before, alternative, *after]) for alternative in alternatives]


@dataclass
class _Ruleset:
    leaves: list[list[Part]] = field(default_factory=lambda: [[]])
    fields: set[str] = field(default_factory=set)
    parts: int = 0
    network: AlphaNetwork = field(default_factory=AlphaNetwork)


def _pack(parts: Sequence[Part]) -> Iterator[list[list[Part]]]:
    """Group parts into rulesets of leaves, each leaf within the matching-stack budget."""
    current = _Ruleset()
    for part in parts:
        if current.parts == MAX_PARTS or len(current.fields | part.fields) > MAX_FIELDS:
            yield current.leaves
            current = _Ruleset()
        current.network.add_rule(part.formula)
        if current.network.problem(LEAF_STACK) is not None:
            if len(current.leaves) == GUARD_FANOUT**2:
                yield current.leaves
                current = _Ruleset()
            else:
                current.leaves.append([])
            current.network = AlphaNetwork()
            current.network.add_rule(part.formula)
        current.leaves[-1].append(part)
        current.fields |= part.fields
        current.parts += 1
    if current.parts:
        yield current.leaves


def _guarded(part: Formula, guards: Sequence[str]) -> Formula:
    """The part behind its guard tests (kept even when equal: each level is its own node)."""
    tests: list[Formula] = [Cmp(guard, EQ, 1) for guard in guards]
    body = part.items if isinstance(part, And) else (part,)
    return And((*tests, *body))


def _definition(leaves: list[list[Part]], symbols: SymbolTable) -> RulesetPlan:
    rules: dict[str, dict[str, Any]] = {}
    owners: dict[str, str] = {}
    network = AlphaNetwork()
    used: set[str] = set()
    for index, leaf in enumerate(leaves):
        guards = (symbols.guards[index // GUARD_FANOUT], symbols.guards[index % GUARD_FANOUT])
        used.update(guards)
        for part in leaf:
            formula = _guarded(part.formula, guards)
            network.add_rule(formula)
            rules[part.name] = {"all": [{"m": to_json(formula)}]}
            owners[part.name] = part.rule_id
    problem = network.problem()
    if problem is not None:  # the packing above should make this impossible
        raise EngineError(f"internal: a planned ruleset exceeds the engine's limits: {problem}")
    read = frozenset().union(*(p.fields for leaf in leaves for p in leaf))
    return RulesetPlan(rules, owners, read, tuple(sorted(used)))
