"""From fired rules to a Result: diagnoses with evidence, the profile, ranked actions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.engine import judgement
from coach.engine.evidence import Memo, evidence_for
from coach.model.catalog import TenureStage
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
from coach.model.rules import Rule, Severity, Strength, severity_rank


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
    """One line per answer: tests on the same answer are joined ('includes A; includes B').

    Options a rule needs NOT ticked are gathered last into one 'none of “C”, “D”': the report
    listed "not: includes C; not: includes D; ..." once for every symptom not ticked.
    """
    merged: dict[str, Evidence] = {}
    unticked: dict[str, list[str]] = {}
    for item in evidence:
        if item.test.startswith(_NOT_TICKED):
            options = unticked.setdefault(item.ref, [])
            option = item.test.removeprefix(_NOT_TICKED)
            if option not in options:  # two conditions of a rule may need the same one unticked
                options.append(option)
            merged.setdefault(item.ref, item.replace(test=""))
            continue
        first = merged.get(item.ref)
        if first is None or not first.test:
            merged[item.ref] = item
        elif item.test not in first.test.split("; "):
            merged[item.ref] = first.replace(test=f"{first.test}; {item.test}")
    for ref, options in unticked.items():
        first = merged[ref]
        none = "none of " + ", ".join(f"“{o}”" for o in options) if len(options) > 1 else ""
        words = none or f"not: includes {options[0]}"
        merged[ref] = first.replace(test=f"{first.test}; {words}" if first.test else words)
    return tuple(merged.values())


_NOT_TICKED = "not: includes "


class Pick(NamedTuple):
    """An action the fired rules suggest: from its first (best-ranked) rule, and every rule's."""

    priority: int
    severity: Severity
    mistakes: tuple[str, ...]
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    """What the fired rules decide before any report is built.

    The one ranking behind both the full result and the replay of `coach rules impact`, which
    skips the evidence (docs/coaching-model.md).
    """

    stage: tuple[TenureStage, int] | None
    fired: tuple[Rule, ...]  # every fired rule, by priority, then severity
    mistakes: tuple[str, ...]  # diagnosed: by severity, then best rule priority, then pack order
    rules: dict[str, tuple[Rule, ...]]  # each diagnosed mistake's fired rules, in rank order
    severity: dict[str, Severity]  # each diagnosed mistake's, after the tenure stage
    softened: dict[str, str]  # why a mistake's severity was held back, early in the role
    picks: dict[str, Pick]  # suggested actions: the rules' in rank order, then the stage's
    covered: dict[str, Strength]  # suggested, but a strength that holds says it is done
    done: dict[str, Strength]  # what a strength that holds says is done, of what ranking reads

    def candidates(self, content: Content) -> list[judgement.Candidate]:
        """The picks as `judgement.order_ids` ranks them."""
        groups = {a: content.pack.actions[a].group for a in self.picks}
        return [(a, p.mistakes, p.priority, groups[a]) for a, p in self.picks.items()]


def rank(content: Content, fired_ids: Iterable[str], facts: Mapping[str, Any]) -> Ranking:
    """Diagnosed mistakes in rank order with their severity, and the actions suggested."""
    pack = content.pack
    position, ranked = pack.rule_rank, pack.ranked_rules
    fired = [ranked[i] for i in sorted({position[r] for r in fired_ids if r in position})]
    by_mistake: dict[str, list[Rule]] = {}
    for rule in fired:
        by_mistake.setdefault(rule.mistake, []).append(rule)
    stage = judgement.tenure_stage(content, facts)
    severity: dict[str, Severity] = {}
    softened: dict[str, str] = {}
    for mistake, rules in by_mistake.items():
        severity[mistake], why = _held_back(stage, mistake, rules)
        if why is not None:
            softened[mistake] = why
    order = pack.mistake_order
    mistakes = sorted(
        by_mistake,
        key=lambda m: (-severity_rank(severity[m]), by_mistake[m][0].priority, order[m]),
    )
    picks = _picks(content, fired, stage)
    done = _done(content, facts, picks)
    covered = {a: done[a] for a in picks if a in done}
    return Ranking(
        stage=stage,
        fired=tuple(fired),
        mistakes=tuple(mistakes),
        rules={m: tuple(by_mistake[m]) for m in mistakes},
        severity=severity,
        softened=softened,
        picks={a: p for a, p in picks.items() if a not in covered},
        covered=covered,
        done=done,
    )


def _done(
    content: Content, facts: Mapping[str, Any], picks: Mapping[str, Pick]
) -> dict[str, Strength]:
    """The actions a strength that holds says the person already does (`covers:`).

    Only those the plan can read: the picks, and what their rewrites are the same as
    (`RulePack.done_needed`); the other strengths are not evaluated.
    """
    pack = content.pack
    needed, covered_by = pack.done_needed, pack.covered_by
    found: dict[str, Strength] = {}
    for pick in picks:
        for action_id in needed[pick]:
            if action_id in found or action_id not in covered_by:
                continue
            for strength in covered_by[action_id]:
                if evaluate(strength.when, facts):
                    found[action_id] = strength
                    break
    return found


def _held_back(
    stage: tuple[TenureStage, int] | None, mistake: str, rules: list[Rule]
) -> tuple[Severity, str | None]:
    """The mistake's severity, its rules' worst, held back early in the role where they allow.

    A rule with `soften: false` (a decision already taken) keeps its severity whatever the stage.
    """
    firm = [r.severity for r in rules if not r.soften]
    softenable = [r.severity for r in rules if r.soften]
    if not softenable:
        return max(firm, key=severity_rank), None
    level, why = judgement.held_back(stage, mistake, max(softenable, key=severity_rank))
    if firm and severity_rank(max(firm, key=severity_rank)) >= severity_rank(level):
        return max(firm, key=severity_rank), None
    return level, why


def _picks(
    content: Content, fired: list[Rule], stage: tuple[TenureStage, int] | None
) -> dict[str, Pick]:
    """The actions suggested: each from its first (best-ranked) rule, then the stage's."""
    found: dict[str, tuple[Rule, list[str], list[str]]] = {}
    for rule in fired:
        for action_id in rule.actions:
            entry = found.get(action_id)
            if entry is None:
                found[action_id] = (rule, [rule.mistake], [rule.id])
            else:
                if rule.mistake not in entry[1]:
                    entry[1].append(rule.mistake)
                entry[2].append(rule.id)
    picks = {
        a: Pick(first.priority, first.severity, tuple(mistakes), tuple(rules))
        for a, (first, mistakes, rules) in found.items()
    }
    for action_id in stage[0].actions if stage else ():
        if action_id not in picks:
            picks[action_id] = Pick(0, "low", content.pack.actions[action_id].mistakes, ())
    return picks


def build_result(
    content: Content,
    facts: Mapping[str, Any],
    fired_ids: Iterable[str],
    scores: dict[str, float | None],
    memo: Memo | None = None,
) -> Result:
    """Assemble the result of one assessment from the ids of the rules that fired.

    Every piece comes from content the loader has validated, so the result's models are built
    without validating again (`Record.trusted`; a test checks a validated copy is equal).
    """
    pack, questionnaire = content.pack, content.questionnaire
    ranking = rank(content, fired_ids, facts)
    primary = pack.manifest.plan.primary
    diagnoses = [
        _diagnosis(content, ranking, mistake, facts, memo, primary=index < primary)
        for index, mistake in enumerate(ranking.mistakes)
    ]
    actions, dropped = judgement.focus(
        content, _actions(content, ranking), diagnoses, ranking.covered, ranking.done
    )
    stage, fired = ranking.stage, list(ranking.fired)
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
        notices=_notices(content, fired, actions),
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
    content: Content,
    ranking: Ranking,
    mistake_id: str,
    facts: Mapping[str, Any],
    memo: Memo | None,
    *,
    primary: bool,
) -> Diagnosis:
    mistake = content.pack.mistakes[mistake_id]
    rules = ranking.rules[mistake_id]
    return Diagnosis.trusted(
        mistake=mistake.id,
        title=mistake.title,
        summary=" ".join(mistake.summary.split()),
        severity=ranking.severity[mistake_id],
        rules=tuple(_fired(r, facts, content, memo) for r in rules),
        notices=tuple(dict.fromkeys(r.notice for r in rules if r.notice)),
        sources=mistake.sources,
        primary=primary,
        softened=ranking.softened.get(mistake_id),
    )


def _profile(
    content: Content, diagnoses: list[Diagnosis], not_assessed: tuple[str, ...]
) -> tuple[ProfileEntry, ...]:
    totals = content.pack.rules_per_mistake
    found = {d.mistake: d for d in diagnoses}
    entries = []
    for mistake in content.pack.mistakes.values():
        if mistake.kind == "concern":
            continue
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


def _actions(content: Content, ranking: Ranking) -> tuple[SuggestedAction, ...]:
    """Actions the fired rules suggest, then those the tenure stage offers everyone."""
    out = []
    lasting = set(content.pack.manifest.plan.outlive_dismissal)
    for action_id, pick in ranking.picks.items():
        action = content.pack.actions[action_id]
        out.append(
            SuggestedAction.trusted(
                id=action.id,
                title=action.title,
                description=" ".join(action.description.split()),
                first_step=" ".join(action.first_step.split()),
                success_check=judgement.folded(action.success_check),
                horizon=action.horizon,
                effort=action.effort,
                priority=pick.priority,
                severity=pick.severity,
                mistakes=pick.mistakes,
                rules=pick.rules,
                sources=action.sources,
                group=action.group,
                outlives_dismissal=action.group in lasting,
            )
        )
    return tuple(out)


def _notices(
    content: Content, fired: list[Rule], actions: Iterable[SuggestedAction]
) -> tuple[NoticeOut, ...]:
    """The fired rules' notices, then those of the actions in the plan (`Action.notice`)."""
    notices, library = content.pack.manifest.notices, content.pack.actions
    ids = dict.fromkeys(r.notice for r in fired if r.notice)
    ids.update(dict.fromkeys(n for a in actions if (n := library[a.id].notice) is not None))
    return tuple(
        NoticeOut.trusted(
            id=i,
            title=notices[i].title,
            text=" ".join(notices[i].text.split()),
            help=notices[i].help,
        )
        for i in ids
    )
