"""Evidence: each leaf of a condition with the answer it read, in plain words."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.conditions.evaluate import check
from coach.model.answers import display
from coach.model.followup import followup_question
from coach.model.history_facts import ABSENT
from coach.model.questionnaire import Questionnaire
from coach.model.results import Evidence

# What an Assessor keeps between assessments: the evidence already built, by test and answer.
Memo = dict[Any, Any]
MEMO_SIZE = 20_000
_MISSING = object()

_WORDS = {
    Op.EQ: "is {v}",
    Op.NE: "is not {v}",
    Op.IN: "is one of {v}",
    Op.NOT_IN: "is none of {v}",
    Op.GT: "is more than {v}",
    Op.GTE: "is {v} or more",
    Op.LT: "is less than {v}",
    Op.LTE: "is {v} or less",
    Op.BETWEEN: "is between {v}",
    Op.CONTAINS: "includes {v}",
    Op.ANSWERED: "is answered",
    Op.UNANSWERED: "is not answered",
}


# A test under a `not`, on an answer given, in the words of its opposite: not 'is 55 or more' is
# 'is less than 55'. On an answer not given only `not:` is true (every other test is false).
_OPPOSITE = {
    Op.EQ: Op.NE,
    Op.NE: Op.EQ,
    Op.IN: Op.NOT_IN,
    Op.NOT_IN: Op.IN,
    Op.GT: Op.LTE,
    Op.GTE: Op.LT,
    Op.LT: Op.GTE,
    Op.LTE: Op.GT,
}
_PRESENCE = {Op.ANSWERED: Op.UNANSWERED, Op.UNANSWERED: Op.ANSWERED}


def describe_test(
    test: Test, questionnaire: Questionnaire, negated: bool = False, answered: bool = False
) -> str:
    """A test in plain words: 'is 55 or more', 'includes Mentoring'.

    Negated, it reads 'not: is 55 or more', or as its opposite where that says the same: for a
    question `answered` ('is less than 55'), and for `answered` / `unanswered` always.
    """
    op, value = test.op, test.value
    if negated and (op in _PRESENCE or (answered and op in _OPPOSITE)):
        op, negated = (_PRESENCE | _OPPOSITE)[op], False
    if op is Op.NE and isinstance(value, bool):  # yes or no: 'is not yes' is 'is no'
        op, value = Op.EQ, not value
    question = questionnaire.questions.get(test.ref)
    if question is None:
        question = followup_question(test.ref)
    labels = {o.value: o.label for o in (question.options or ())} if question else {}

    def show(value: Any) -> str:
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return labels.get(value, str(value)) if isinstance(value, str) else str(value)

    if op is Op.BETWEEN:
        words = f"{show(value[0])} and {show(value[1])}"
    elif isinstance(value, tuple):
        words = _listed(op, [(show(v), v in labels) for v in value])
    else:
        words = show(value)
    text = _WORDS[op].format(v=words)
    return f"not: {text}" if negated else text


def _listed(op: Op, shown: list[tuple[str, bool]]) -> str:
    """Values in words: one as it is; in a list, labels quoted and the last joined in words.

    Quotes, because a label may hold a comma ("Longer ago, or never"); "or" for `in`, "and"
    for `contains` (every option), commas for `not_in`.
    """
    if len(shown) == 1:
        return shown[0][0]
    words = [f"“{text}”" if is_label else text for text, is_label in shown]
    last = {Op.IN: " or ", Op.CONTAINS: " and "}.get(op, ", ")
    return f"{', '.join(words[:-1])}{last}{words[-1]}"


def evidence_for(
    condition: Condition,
    facts: Mapping[str, Any],
    questionnaire: Questionnaire,
    negated: bool = False,
    titles: Mapping[str, str] | None = None,
    memo: Memo | None = None,
) -> list[Evidence]:
    """Every leaf of the condition with its answer and whether it held (negation applied).

    `titles` names actions in follow-through evidence ("What became of 'Keep a brag document'").
    A test's evidence depends only on the test and its answer, so an assessor's `memo` keeps
    what it has built, by test and answer (bounded: started afresh past MEMO_SIZE), and the
    condition's leaves, so the tree is walked once.
    """
    leaves: tuple[tuple[Test, bool], ...] | None = None
    if memo is not None:
        leaves = memo.get(("leaves", id(condition), negated))
    if leaves is None:
        leaves = tuple(_leaves(condition, negated))
        if memo is not None:
            _keep(memo, ("leaves", id(condition), negated), leaves)
    found: list[Evidence] = []
    for test, flipped in leaves:
        value = facts.get(test.ref, _MISSING)
        key: tuple[Any, ...] | None = (id(test), flipped, type(value), value)
        evidence = None
        if memo is not None:
            try:
                evidence = memo.get(key)
            except TypeError:  # an unhashable answer (a list): built, not kept
                key = None
        if evidence is None:
            evidence = _leaf_evidence(test, facts, questionnaire, flipped, titles)
            if memo is not None and key is not None:
                _keep(memo, key, evidence)
        found.append(evidence)
    return found


def _leaves(condition: Condition, negated: bool) -> Iterator[tuple[Test, bool]]:
    """The leaf tests of a tree in order, each with whether a `not` above it negates it."""
    if isinstance(condition, All | AnyOf):
        for item in condition.items:
            yield from _leaves(item, negated)
    elif isinstance(condition, Not):
        yield from _leaves(condition.item, not negated)
    else:
        assert isinstance(condition, Test)
        yield condition, negated


def _keep(memo: Memo, key: Any, value: Any) -> None:
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = value


def _leaf_evidence(
    test: Test,
    facts: Mapping[str, Any],
    questionnaire: Questionnaire,
    negated: bool,
    titles: Mapping[str, str] | None,
) -> Evidence:
    question = questionnaire.questions.get(test.ref)
    score = questionnaire.scores_by_ref.get(test.ref)
    value = facts.get(test.ref)
    if question is None and score is None:
        question = followup_question(test.ref, titles)
    if question is not None:
        label, answer = question.text, display(question, value)
        if value is None and test.ref in ABSENT:
            answer = ABSENT[test.ref]  # a habit not kept is not a question left unanswered
    else:
        label = score.title if score else test.ref
        answer = "not enough answers" if value is None else f"{value:g}"
    return Evidence.trusted(
        ref=test.ref,
        question=label,
        answer=answer,
        value=list(value) if isinstance(value, tuple) else value,
        answered=test.ref in facts,
        test=describe_test(test, questionnaire, negated, answered=test.ref in facts),
        held=check(test, facts) != negated,
    )
