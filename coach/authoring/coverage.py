"""Coverage of rule tests: which rules some case fires, which tests were seen true and false.

Each case's answers are run through the reference evaluator with a trace, so every test of
every rule is evaluated (no short cut) and its outcome counted. A test seen only true (or only
false) across all the cases is one whose other outcome no case checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from coach.authoring.findings import Sites, find_sites
from coach.authoring.ruletests import Case
from coach.conditions.ast import Origin, Test, tests_of
from coach.conditions.evaluate import Leaf, evaluate
from coach.content.bundle import Content
from coach.engine.evidence import describe_test
from coach.engine.facts import build_facts


@dataclass
class LeafCount:
    """How often one test of one rule was true and false across the cases."""

    rule_id: str
    test: Test
    words: str
    true: int = 0
    false: int = 0

    @property
    def origin(self) -> Origin:
        """Where the test is written."""
        return self.test.origin


@dataclass
class Coverage:
    """What the cases exercised."""

    rules: dict[str, int] = field(default_factory=dict)  # rule id -> cases that fire it
    where: dict[str, Origin] = field(default_factory=dict)
    leaves: list[LeafCount] = field(default_factory=list)
    cases: int = 0

    @property
    def rule_percent(self) -> float:
        """Share of the rules some case fires, in percent."""
        if not self.rules:
            return 100.0
        return 100.0 * sum(1 for n in self.rules.values() if n) / len(self.rules)

    @property
    def condition_percent(self) -> float:
        """Share of test outcomes (true, false) some case produced, in percent."""
        if not self.leaves:
            return 100.0
        seen = sum(bool(leaf.true) + bool(leaf.false) for leaf in self.leaves)
        return 100.0 * seen / (2 * len(self.leaves))

    def unfired(self) -> list[str]:
        """The rules no case fires, in pack order."""
        return [rule_id for rule_id, n in self.rules.items() if not n]

    def never_true(self) -> list[LeafCount]:
        """Tests no case made true."""
        return [leaf for leaf in self.leaves if not leaf.true]

    def never_false(self) -> list[LeafCount]:
        """Tests no case made false."""
        return [leaf for leaf in self.leaves if not leaf.false]


def _rule_origin(rule_id: str, sites: Sites) -> Origin:
    located, loc = sites.rules.get(rule_id, (None, ()))
    if located is None:
        return Origin()
    line, column = located.where((*loc, "id"))
    return Origin(located.path, line, column, rule_id)


def measure(cases: Iterable[Case], content: Content) -> Coverage:
    """Run every case through the reference evaluator and count what it exercised."""
    questionnaire = content.questionnaire
    rules = content.pack.rules
    coverage = Coverage()
    per_rule: list[list[LeafCount]] = []
    sites = find_sites(content, None, [])
    for rule in rules:
        coverage.rules[rule.id] = 0
        coverage.where[rule.id] = _rule_origin(rule.id, sites)
        counts = [
            LeafCount(rule.id, test, f"{test.ref} {describe_test(test, questionnaire)}")
            for test in tests_of(rule.when)
        ]
        per_rule.append(counts)
        coverage.leaves += counts
    for case in cases:
        if case.questionnaire is not None:
            continue  # scored with another questionnaire: the pack's rules do not read it
        coverage.cases += 1
        facts, _ = build_facts(questionnaire, case.answers)
        for rule, counts in zip(rules, per_rule, strict=True):
            trace: list[Leaf] = []
            if evaluate(rule.when, facts, trace):
                coverage.rules[rule.id] += 1
            for count, leaf in zip(counts, trace, strict=True):
                if leaf.result:
                    count.true += 1
                else:
                    count.false += 1
    return coverage
