"""`coach rules explain`: why each rule fired or not, for one set of answers, in plain words.

For each rule: the condition as a tree, every test with the person's answer next to what the
rule wanted, and for a rule that did not fire the smallest change of answers that would make it
fire. The reference evaluator decides; nothing here depends on the engine.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from coach.authoring.space import AnswerSpace, space_for
from coach.authoring.whynot import Change, smallest_change
from coach.conditions.ast import All, AnyOf, Condition, Not, Test
from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.engine.evidence import describe_test
from coach.engine.facts import build_facts
from coach.errors import CoachError, ExitCode, did_you_mean
from coach.model.answers import Answers, display
from coach.model.rules import Rule


class UnknownRuleError(CoachError):
    """`--rule` names a rule the pack does not have."""

    exit_code = ExitCode.USAGE


@dataclass
class Node:
    """One node of a rule's condition, evaluated for the answers."""

    kind: str  # all | any | not | test
    held: bool
    children: list[Node] = field(default_factory=list)
    ref: str | None = None
    question: str | None = None
    answer: str | None = None
    wanted: str | None = None
    where: str | None = None
    note: str | None = None


@dataclass
class RuleExplanation:
    """One rule: whether it fired, its tree, and what would make it fire."""

    id: str
    title: str
    mistake: str
    severity: str
    fired: bool
    tree: Node
    changes: list[Change] | None = None
    summary: str = ""


@dataclass
class ScoreValue:
    """One score for these answers, with how it is computed and the range it can take."""

    ref: str
    title: str
    value: float | None
    answered: int
    needed: int
    low: float | None  # None: no fixed bound (an item has no min or max)
    high: float | None
    how: str


@dataclass
class Explanation:
    """Every rule explained for one set of answers."""

    person: str | None
    rules: list[RuleExplanation]
    scores: list[ScoreValue] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for --json."""
        return asdict(self)


def explain_file(
    answers_path: Path,
    rule_ids: list[str] | None = None,
    rules: Path | None = None,
    questionnaires: Path | None = None,
) -> Explanation:
    """Explain the chosen rules (all by default) for an answers file, with the pack in use."""
    from coach.content.answers_file import load_answers
    from coach.content.bundle import load_content

    content = load_content(rules, questionnaires)
    answers = load_answers(answers_path, content.questionnaire, actions=content.pack.actions)
    return explain(content, answers.answers, rule_ids, person=answers.person)


def explain(
    content: Content,
    answers: Answers,
    rule_ids: list[str] | None = None,
    person: str | None = None,
) -> Explanation:
    """Explain the chosen rules (all by default) for these answers."""
    rules = _chosen(content, rule_ids or [])
    questionnaire = content.questionnaire
    facts, scores = build_facts(questionnaire, answers)
    space = space_for(content)
    out = []
    for rule in rules:
        fired = evaluate(rule.when, facts)
        item = RuleExplanation(
            rule.id,
            rule.title,
            rule.mistake,
            rule.severity,
            fired,
            _tree(rule.when, facts, content, space),
        )
        if fired:
            item.summary = "Fired."
        else:
            item.changes = smallest_change(rule.when, answers, facts, space)
            item.summary = _would(item.changes)
        out.append(item)
    out.sort(key=lambda r: not r.fired)
    return Explanation(person, out, _scores(content, facts, scores))


def _scores(
    content: Content, facts: Mapping[str, Any], scores: Mapping[str, float | None]
) -> list[ScoreValue]:
    questionnaire = content.questionnaire
    out = []
    for score in questionnaire.scores:
        answered = sum(1 for item in score.items if item.removeprefix("-") in facts)
        low, high = (None if math.isinf(v) else v for v in questionnaire.score_range(score))
        out.append(
            ScoreValue(
                score.ref,
                score.title,
                scores.get(score.id),
                answered,
                score.needed,
                low,
                high,
                questionnaire.score_summary(score),
            )
        )
    return out


def _chosen(content: Content, rule_ids: list[str]) -> list[Rule]:
    by_id = {rule.id: rule for rule in content.pack.rules}
    for rule_id in rule_ids:
        if rule_id not in by_id:
            hint = did_you_mean(rule_id, by_id)
            what = _what_else(content, rule_id)
            if what:  # an action, mistake, question or option id given where a rule id goes
                raise UnknownRuleError(
                    f"'{rule_id}' is {what}, not a rule: --rule takes the id of a rule of the "
                    f"pack{hint}"
                )
            raise UnknownRuleError(f"no rule '{rule_id}' in the pack{hint}")
    if not rule_ids:
        return list(content.pack.rules)
    return [by_id[rule_id] for rule_id in dict.fromkeys(rule_ids)]


def _what_else(content: Content, name: str) -> str | None:
    """What else of the pack `name` is the id of (for a --rule that names no rule)."""
    pack, questionnaire = content.pack, content.questionnaire
    kinds = (
        ("an action", pack.actions),
        ("a mistake", pack.mistakes),
        ("a strength", {s.id for s in pack.strengths}),
        ("a consistency check", {c.id for c in pack.checks}),
        ("a question", questionnaire.questions),
        ("a score", {s.id for s in questionnaire.scores}),
    )
    found = next((kind for kind, ids in kinds if name in ids), None)
    if found is None and any(name in q.option_values for q in questionnaire.questions.values()):
        found = "an answer option"
    return found


def _would(changes: list[Change] | None) -> str:
    if changes is None:
        return "It would take more than three changed answers to make it fire."
    parts = [f"{c.ref} {c.to} (now {c.now})" for c in changes]
    return "Would fire if " + " and ".join(parts) + "."


def _tree(
    condition: Condition, facts: Mapping[str, Any], content: Content, space: AnswerSpace
) -> Node:
    held = evaluate(condition, facts)
    if isinstance(condition, All | AnyOf):
        kind = "all" if isinstance(condition, All) else "any"
        children = [_tree(item, facts, content, space) for item in condition.items]
        return Node(kind, held, children)
    if isinstance(condition, Not):
        note = condition.origin.key_path if "matched first" in condition.origin.key_path else None
        return Node("not", held, [_tree(condition.item, facts, content, space)], note=note)
    assert isinstance(condition, Test)
    questionnaire = content.questionnaire
    question = space.questions.get(condition.ref)
    score = questionnaire.scores_by_ref.get(condition.ref)
    value = facts.get(condition.ref)
    if question is not None:
        label, answer = question.text, display(question, value)
        if value is None:
            answer = "not answered (or not asked)"
    else:
        label = score.title if score is not None else condition.ref
        answer = "not enough answers to score" if value is None else f"{value:g}"
        if score is not None:
            low, high = questionnaire.score_range(score)
            answer += f" (range {low:g} to {high:g})"
    origin = condition.origin
    where = f"{origin.path}:{origin.line}" if origin.line else origin.path
    return Node(
        "test",
        held,
        ref=condition.ref,
        question=" ".join(label.split()),
        answer=answer,
        wanted=describe_test(condition, questionnaire).removeprefix("is "),
        where=where,
    )
