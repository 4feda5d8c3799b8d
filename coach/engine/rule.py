"""The engine's input: one rule, already validated and with named conditions inlined."""

from __future__ import annotations

from dataclasses import dataclass

from coach.conditions.ast import Condition


@dataclass(frozen=True)
class EngineRule:
    """A rule as the engine sees it: an id, a priority and a condition tree.

    `priority` is carried for the caller's ranking; the engine returns a set of fired ids, so the
    order in which durable_rules fires them does not matter and it is not passed to the engine.
    """

    id: str
    priority: int
    condition: Condition
