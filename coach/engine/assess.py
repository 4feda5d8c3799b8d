"""Assess answers against a rule pack: facts, durable_rules, then the result with evidence."""

from __future__ import annotations

from typing import Any

from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.engine.diagnose import build_result
from coach.engine.evidence import Memo
from coach.engine.facts import build_facts
from coach.model.answers import Answers
from coach.model.results import Result


class Assessor:
    """Compiles a pack into the engine once, then assesses any number of answer sets."""

    def __init__(self, content: Content, *, backend: str = "durable") -> None:
        self.content = content
        self.backend = backend
        self.compiled: Any = None
        self.memo: Memo = {}
        if backend == "durable":
            from coach.engine.durable import EngineRule, compile_rules

            self.compiled = compile_rules(
                [EngineRule(rule.id, rule.priority, rule.when) for rule in content.pack.rules]
            )

    def fired(self, facts: dict[str, Any]) -> frozenset[str]:
        """Ids of the rules whose conditions hold for these facts.

        The durable backend asks the engine; the reference backend evaluates the same conditions
        in plain Python (used by explain and by the differential tests).
        """
        if self.compiled is None:
            return frozenset(r.id for r in self.content.pack.rules if evaluate(r.when, facts))
        result: frozenset[str] = self.compiled.fired(facts)
        return result

    def assess(self, answers: Answers) -> Result:
        """The result of one assessment."""
        facts, scores = build_facts(self.content.questionnaire, answers)
        return build_result(self.content, facts, self.fired(facts), scores, self.memo)


def assess(content: Content, answers: Answers) -> Result:
    """Assess one set of answers (compiles the pack; use Assessor for many)."""
    return Assessor(content).assess(answers)
