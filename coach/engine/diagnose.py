"""From fired rules to a Result: diagnoses with evidence, the profile, ranked actions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from coach.content.bundle import Content
from coach.engine import judgement
from coach.engine.evidence import Memo, evidence_for
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
            merged[item.ref] = first.replace(test=f"{first.test}; {item.test}")
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
    diagnoses = [
        d if d.primary == (i < primary) else d.replace(primary=i < primary)
        for i, d in enumerate(diagnoses)
    ]
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
    totals = content.pack.rules_per_mistake
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
                rules_total=totals[mistake.id],
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
