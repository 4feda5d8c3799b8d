"""The engine's public face: compile a rule pack once, then ask which rules fire for answers."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from coach.engine import planner
from coach.engine.rule import EngineRule
from coach.engine.session import EngineRuleset
from coach.engine.symbols import FactText

# Identical rulesets are registered once per process (the engine cannot unregister them).
_REGISTERED: dict[str, EngineRuleset] = {}


class CompiledRules:
    """A rule pack registered in durable_rules, ready to evaluate assessments."""

    def __init__(self, plan: planner.Plan) -> None:
        self.plan = plan
        self.rule_ids = plan.rule_ids
        self._rulesets = tuple(_register(ruleset) for ruleset in plan.rulesets)
        self._texts = tuple(FactText(plan.symbols, rs.fields, rs.guards) for rs in plan.rulesets)

    @property
    def ruleset_count(self) -> int:
        """How many durable rulesets the pack was split into."""
        return len(self._rulesets)

    def fired(self, facts: Mapping[str, Any]) -> frozenset[str]:
        """The ids of the rules whose condition is true for these answers and scores.

        `facts` maps `section.question` / `scores.<id>` to a value; a missing key is unanswered.
        Raises EngineError when a value has another type than the rules compare it with.
        """
        fired: set[str] = set()
        for ruleset, text in zip(self._rulesets, self._texts, strict=True):
            fired |= ruleset.run(text(facts))
        return frozenset(fired)

    def live_sessions(self) -> int:
        """Engine sessions held by this pack (one per ruleset while nothing has failed)."""
        return sum(ruleset.live_sessions() for ruleset in self._rulesets)


class Ruleset:
    """Compiles engine rules into durable_rules rulesets, given as plain data."""

    @staticmethod
    def compile(rules: Sequence[EngineRule]) -> CompiledRules:
        """Compile and register a rule pack; raise EngineError for what the engine cannot run."""
        return CompiledRules(planned(rules))


def planned(rules: Sequence[EngineRule]) -> planner.Plan:
    """`planner.plan(rules)`, kept in the content cache for the same rules (25-35 ms a pack).

    The plan is a function of the rules alone: their ids, priorities and conditions, whose
    `repr` (values with their types: 1, 1.0 and True differ) names the cached copy.
    """
    from coach.content.cache import cached

    written = repr([(rule.id, rule.priority, rule.condition) for rule in rules])
    key = hashlib.sha256(written.encode("utf-8", "surrogateescape")).hexdigest()
    return cached(("engine-plan", key), lambda: (planner.plan(rules), True))


def compile_rules(rules: Sequence[EngineRule]) -> CompiledRules:
    """Compile and register a rule pack (the same as `Ruleset.compile`)."""
    return Ruleset.compile(rules)


def _register(ruleset: planner.RulesetPlan) -> EngineRuleset:
    content = json.dumps([ruleset.rules, ruleset.owners], sort_keys=True).encode()
    digest = hashlib.sha256(content).hexdigest()[:16]
    registered = _REGISTERED.get(digest)
    if registered is None:
        registered = _REGISTERED[digest] = EngineRuleset(
            f"coach-{digest}", ruleset.rules, ruleset.owners
        )
    return registered
