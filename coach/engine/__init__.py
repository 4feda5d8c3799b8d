"""The rules engine: rule conditions compiled to durable_rules, and the sessions that run them.

This is the only package that imports durable_rules. Use it as::

    compiled = Ruleset.compile([EngineRule(id, priority, condition), ...])
    compiled.fired({"workload.hours_per_week": 62, ...})  # -> frozenset of rule ids

The names are loaded on first use, so importing `coach.engine.<module>` does not load the
durable_rules extension (it costs start-up time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.lazy import names_from

if TYPE_CHECKING:
    from coach.engine.rule import EngineRule
    from coach.engine.ruleset import CompiledRules, Ruleset, compile_rules

__all__ = ["CompiledRules", "EngineRule", "Ruleset", "compile_rules"]

_HOMES = {
    "EngineRule": "coach.engine.rule",
    "CompiledRules": "coach.engine.ruleset",
    "Ruleset": "coach.engine.ruleset",
    "compile_rules": "coach.engine.ruleset",
}


__getattr__ = names_from(__name__, _HOMES)
