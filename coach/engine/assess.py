"""Assess answers against a rule pack: facts, durable_rules, then the result with evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from coach.conditions.ast import Condition
from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.engine.diagnose import build_result
from coach.engine.evidence import Memo
from coach.engine.facts import build_facts
from coach.errors import ContentError, EngineError, Problem
from coach.model.answers import Answers
from coach.model.results import Result
from coach.model.rules import Rule


class Matcher(Protocol):
    """What finds the rules that fire: durable_rules (`CompiledRules`) or `Reference`."""

    def fired(self, facts: Mapping[str, Any]) -> frozenset[str]:
        """The ids of the rules whose condition holds for these facts."""


class Reference:
    """The same conditions evaluated in plain Python, without the engine.

    For `rules explain` and the differential tests, and where the engine's start-up is not worth
    it (one assessment in a test).
    """

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[tuple[str, Condition], ...] = tuple((r.id, r.when) for r in rules)

    def fired(self, facts: Mapping[str, Any]) -> frozenset[str]:
        """The ids of the rules whose condition holds for these facts."""
        return frozenset(rule_id for rule_id, when in self.rules if evaluate(when, facts))


def engine_problems(content: Content) -> list[Problem]:
    """What the rules engine cannot run, at each rule's `when:` (the loader cannot see it).

    Each rule is planned alone (pure Python: nothing is registered in durable_rules), so every
    rule too large for the engine is named at once, at its line.
    """
    from coach.engine import planner
    from coach.engine.rule import EngineRule

    problems = []
    for rule in content.pack.rules:
        try:
            planner.plan([EngineRule(rule.id, rule.priority, rule.when)])
        except EngineError as error:
            where = rule.when.origin
            problems.append(
                Problem(where.path, where.line, where.column, where.key_path, error.message)
            )
    return problems


class Assessor:
    """Compiles a pack into the engine once, then assesses any number of answer sets."""

    def __init__(self, content: Content, matcher: Matcher | None = None) -> None:
        self.content = content
        if matcher is None:
            from coach.engine.durable import EngineRule, compile_rules

            try:
                matcher = compile_rules(
                    [EngineRule(rule.id, rule.priority, rule.when) for rule in content.pack.rules]
                )
            except EngineError:
                located = engine_problems(content)
                if located:
                    raise ContentError(located) from None
                raise
        self.matcher = matcher
        self.memo: Memo = {}

    @classmethod
    def reference(cls, content: Content) -> Assessor:
        """An assessor that evaluates the pack's conditions in plain Python (`Reference`)."""
        return cls(content, Reference(content.pack.rules))

    def fired(self, facts: Mapping[str, Any]) -> frozenset[str]:
        """Ids of the rules whose conditions hold for these facts."""
        return self.matcher.fired(facts)

    def assess(self, answers: Answers) -> Result:
        """The result of one assessment."""
        facts, scores = build_facts(self.content.questionnaire, answers)
        return build_result(self.content, facts, self.fired(facts), scores, self.memo)


def assess(content: Content, answers: Answers) -> Result:
    """Assess one set of answers (compiles the pack; use Assessor for many)."""
    return Assessor(content).assess(answers)
