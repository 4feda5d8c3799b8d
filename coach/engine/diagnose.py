"""From fired rules to a Result: diagnoses with evidence, the profile, ranked actions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.conditions.evaluate import check
from coach.content.bundle import Content
from coach.engine import judgement
from coach.model.answers import display
from coach.model.followup import followup_question
from coach.model.questionnaire import Questionnaire
from coach.model.results import (
    CitedWork,
    ContentRef,
    Diagnosis,
    Evidence,
    FiredRule,
    NoticeOut,
    ProfileEntry,
    Result,
    SuggestedAction,
)
from coach.model.rules import Rule, severity_rank

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


def describe_test(test: Test, questionnaire: Questionnaire, negated: bool = False) -> str:
    """A test in plain words: 'is 55 or more', 'includes Mentoring'."""
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

    if test.op is Op.BETWEEN:
        words = f"{show(test.value[0])} and {show(test.value[1])}"
    elif isinstance(test.value, tuple):
        words = _listed(test.op, [(show(v), v in labels) for v in test.value])
    else:
        words = show(test.value)
    text = _WORDS[test.op].format(v=words)
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
    what it has built, by test and answer (bounded: started afresh past MEMO_SIZE).
    """
    if isinstance(condition, All | AnyOf):
        return [
            e
            for item in condition.items
            for e in evidence_for(item, facts, questionnaire, negated, titles, memo)
        ]
    if isinstance(condition, Not):
        return evidence_for(condition.item, facts, questionnaire, not negated, titles, memo)
    assert isinstance(condition, Test)
    value = facts.get(condition.ref, _MISSING)
    key: tuple[Any, ...] | None = (id(condition), negated, type(value), value)
    if memo is not None:
        try:
            found = memo.get(key)
        except TypeError:  # an unhashable answer (a list): built, not kept
            found, key = None, None
        if found is not None:
            return [found]
    evidence = _leaf_evidence(condition, facts, questionnaire, negated, titles)
    if memo is not None and key is not None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        memo[key] = evidence
    return [evidence]


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
    else:
        label = score.title if score else test.ref
        answer = "not enough answers" if value is None else f"{value:g}"
    return Evidence.trusted(
        ref=test.ref,
        question=label,
        answer=answer,
        value=list(value) if isinstance(value, tuple) else value,
        answered=test.ref in facts,
        test=describe_test(test, questionnaire, negated),
        held=check(test, facts) != negated,
    )


def _fired(rule: Rule, facts: Mapping[str, Any], content: Content, memo: Memo | None) -> FiredRule:
    titles = content.pack.action_titles
    evidence = evidence_for(rule.when, facts, content.questionnaire, titles=titles, memo=memo)
    return FiredRule.trusted(
        id=rule.id,
        title=rule.title,
        severity=rule.severity,
        priority=rule.priority,
        because=" ".join(rule.because.split()),
        sources=rule.sources,
        evidence=_merge_by_answer(tuple(e for e in evidence if e.held) or tuple(evidence)),
    )


def _merge_by_answer(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """One line per answer: tests on the same answer are joined ('includes A; includes B')."""
    merged: dict[str, Evidence] = {}
    for item in evidence:
        first = merged.get(item.ref)
        if first is None:
            merged[item.ref] = item
        elif item.test not in first.test.split("; "):
            merged[item.ref] = first.model_copy(update={"test": f"{first.test}; {item.test}"})
    return tuple(merged.values())


def build_result(
    content: Content,
    facts: Mapping[str, Any],
    fired_ids: Iterable[str],
    scores: dict[str, float | None],
    memo: Memo | None = None,
) -> Result:
    """Assemble the result of one assessment from the ids of the rules that fired.

    Every piece comes from content the loader has validated, so the result's models are built
    without validating again (`model_construct`; a test checks a validated copy is equal).
    """
    pack, questionnaire = content.pack, content.questionnaire
    wanted = set(fired_ids)
    fired = sorted(
        (r for r in pack.rules if r.id in wanted),
        key=lambda r: (r.priority, -severity_rank(r.severity)),
    )
    by_mistake: dict[str, list[Rule]] = {}
    for rule in fired:
        by_mistake.setdefault(rule.mistake, []).append(rule)
    order = list(pack.mistakes)
    stage = judgement.tenure_stage(content, facts)
    diagnoses = [
        judgement.soften(_diagnosis(content, rules, facts, memo), stage)
        for rules in by_mistake.values()
    ]
    diagnoses.sort(
        key=lambda d: (
            -severity_rank(d.severity),
            min(r.priority for r in d.rules),
            order.index(d.mistake),
        )
    )
    primary = pack.manifest.plan.primary
    diagnoses = [d.model_copy(update={"primary": i < primary}) for i, d in enumerate(diagnoses)]
    actions, dropped = judgement.focus(
        content, _actions(content, fired, stage[0].actions if stage else ()), diagnoses
    )
    not_assessed = judgement.not_assessed(content, facts)
    consistency = judgement.inconsistencies(content, facts)
    return Result.trusted(
        questionnaire=ContentRef.trusted(
            id=questionnaire.id, version=questionnaire.version, hash=questionnaire.content_hash
        ),
        pack=ContentRef.trusted(
            id=pack.manifest.name, version=pack.manifest.version, hash=pack.content_hash
        ),
        profile=_profile(content, diagnoses, not_assessed),
        diagnoses=tuple(diagnoses),
        actions=actions,
        notices=_notices(content, fired),
        scores=scores,
        works=_works(content, diagnoses, actions),
        not_assessed=not_assessed,
        keep_doing=judgement.keep_doing(content, facts),
        consistency=consistency,
        tenure=judgement.tenure_now(stage),
        dropped=dropped,
        confidence="lower" if consistency else "normal",
    )


def _works(
    content: Content, diagnoses: Iterable[Diagnosis], actions: Iterable[SuggestedAction]
) -> tuple[CitedWork, ...]:
    """Every source the result cites (diagnoses, their rules, actions), titled as in the pack."""
    numbers = {n for d in diagnoses for n in (*d.sources, *(n for r in d.rules for n in r.sources))}
    numbers.update(n for a in actions for n in a.sources)
    sources = content.pack.sources
    return tuple(
        CitedWork.trusted(number=n, title=sources[n].title, url=sources[n].url)
        for n in sorted(numbers)
        if n in sources
    )


def _diagnosis(
    content: Content, rules: list[Rule], facts: Mapping[str, Any], memo: Memo | None
) -> Diagnosis:
    mistake = content.pack.mistakes[rules[0].mistake]
    severity = max((r.severity for r in rules), key=severity_rank)
    return Diagnosis.trusted(
        mistake=mistake.id,
        title=mistake.title,
        summary=" ".join(mistake.summary.split()),
        severity=severity,
        rules=tuple(_fired(r, facts, content, memo) for r in rules),
        notices=tuple(dict.fromkeys(r.notice for r in rules if r.notice)),
        sources=mistake.sources,
    )


def _profile(
    content: Content, diagnoses: list[Diagnosis], not_assessed: tuple[str, ...]
) -> tuple[ProfileEntry, ...]:
    totals: dict[str, int] = {}
    for rule in content.pack.rules:
        totals[rule.mistake] = totals.get(rule.mistake, 0) + 1
    found = {d.mistake: d for d in diagnoses}
    entries = []
    for mistake in content.pack.mistakes.values():
        diagnosis = found.get(mistake.id)
        entries.append(
            ProfileEntry.trusted(
                mistake=mistake.id,
                title=mistake.title,
                severity=diagnosis.severity if diagnosis else None,
                rules_fired=len(diagnosis.rules) if diagnosis else 0,
                rules_total=totals.get(mistake.id, 0),
                assessed=mistake.id not in not_assessed,
            )
        )
    return tuple(entries)


def _actions(
    content: Content, fired: list[Rule], for_everyone: Iterable[str] = ()
) -> tuple[SuggestedAction, ...]:
    """Actions the fired rules suggest, then those the tenure stage offers everyone."""
    found: dict[str, dict[str, Any]] = {}
    for rule in fired:  # already in rank order: priority, then severity
        for action_id in rule.actions:
            entry = found.setdefault(
                action_id,
                {"priority": rule.priority, "severity": rule.severity, "mistakes": [], "rules": []},
            )
            entry["mistakes"] = list(dict.fromkeys([*entry["mistakes"], rule.mistake]))
            entry["rules"].append(rule.id)
    for action_id in for_everyone:
        if action_id not in found:
            mistakes = list(content.pack.actions[action_id].mistakes)
            found[action_id] = {"priority": 0, "severity": "low", "mistakes": mistakes, "rules": []}
    out = []
    for action_id, entry in found.items():
        action = content.pack.actions[action_id]
        out.append(
            SuggestedAction.trusted(
                id=action.id,
                title=action.title,
                description=" ".join(action.description.split()),
                first_step=" ".join(action.first_step.split()),
                horizon=action.horizon,
                effort=action.effort,
                priority=entry["priority"],
                severity=entry["severity"],
                mistakes=tuple(entry["mistakes"]),
                rules=tuple(entry["rules"]),
                sources=action.sources,
                group=action.group,
            )
        )
    return tuple(out)


def _notices(content: Content, fired: list[Rule]) -> tuple[NoticeOut, ...]:
    notices = content.pack.manifest.notices
    ids = dict.fromkeys(r.notice for r in fired if r.notice)
    return tuple(
        NoticeOut.trusted(
            id=i,
            title=notices[i].title,
            text=" ".join(notices[i].text.split()),
            help=notices[i].help,
        )
        for i in ids
    )
