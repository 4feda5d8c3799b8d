"""The coach's judgement over fired rules, all of it read from content (docs/coaching-model.md).

Where the person is in a new role (tenure stages), which areas were not assessed, what they already
do well (strengths), which answers contradict each other (consistency checks), and how the actions
become a focused plan: ranked by group (pack.yaml `plan.groups`), then by the diagnosis they remedy,
then by rule priority; actions another one supersedes are dropped or rewritten, and those a
strength shows are already done are left out (`covers:`), each with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coach.conditions.evaluate import evaluate
from coach.content.bundle import Content
from coach.engine.evidence import evidence_for
from coach.model.catalog import TenureStage
from coach.model.quarters import month_in_role
from coach.model.results import (
    Diagnosis,
    DroppedAction,
    Inconsistency,
    Strong,
    SuggestedAction,
    TenureNow,
)
from coach.model.rules import Severity, Strength, severity_rank


def months_in_role(content: Content, facts: Mapping[str, Any]) -> int | None:
    """The months in the role, from the first of `plan.months_in_role` that is known."""
    for ref in content.pack.manifest.plan.months_in_role:
        value = facts.get(ref)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return int(value)
    return None


def tenure_stage(content: Content, facts: Mapping[str, Any]) -> tuple[TenureStage, int] | None:
    """The tenure stage the person is in, and the month, when the months are known."""
    month = months_in_role(content, facts)
    if month is None:
        return None
    for stage in content.pack.manifest.plan.tenure:
        if stage.months[0] <= month <= stage.months[1]:
            return stage, month
    return None


def tenure_now(stage: tuple[TenureStage, int] | None) -> TenureNow | None:
    """The stage as a result shows it."""
    if stage is None:
        return None
    found, month = stage
    return TenureNow(
        stage=found.id,
        title=found.title,
        month=month,
        text=" ".join(found.text.split()),
        sources=found.sources,
    )


def held_back(
    stage: tuple[TenureStage, int] | None, mistake: str, severity: Severity
) -> tuple[Severity, str | None]:
    """A mistake's severity early in the role (content: `soften`), and why it was held back."""
    if stage is None:
        return severity, None
    found, month = stage
    ceiling = found.soften_to
    if mistake not in found.soften or severity_rank(severity) <= severity_rank(ceiling):
        return severity, None
    why = (
        f"Held back to {ceiling}: you are in month {month_in_role(month)} of the role "
        f"({found.title.lower()} phase), and this needs more time to show. Look again at the "
        "six-month verdict."
    )
    return ceiling, why


def not_assessed(content: Content, facts: Mapping[str, Any]) -> tuple[str, ...]:
    """Mistakes whose sections (mistakes.yaml `sections:`) have no answered question."""
    answered = {ref.partition(".")[0] for ref in facts if "." in ref}
    out = []
    for mistake in content.pack.mistakes.values():
        if mistake.sections and not answered.intersection(mistake.sections):
            out.append(mistake.id)
    return tuple(out)


def keep_doing(content: Content, facts: Mapping[str, Any]) -> tuple[Strong, ...]:
    """Strengths whose condition holds: what the person already does that follows a remedy.

    At most `plan.keep_doing`, chosen for breadth: one from each mistake's area first (in
    strengths.yaml order), then a second from each, and so on; shown in strengths.yaml order.
    """
    held = [s for s in content.pack.strengths if evaluate(s.when, facts)]
    by_area: dict[str, list[int]] = {}
    for index, strength in enumerate(held):
        by_area.setdefault(strength.mistake, []).append(index)
    rounds = sorted(
        (turn, index) for indexes in by_area.values() for turn, index in enumerate(indexes)
    )
    chosen = sorted(index for _, index in rounds[: content.pack.manifest.plan.keep_doing])
    return tuple(
        Strong(id=s.id, mistake=s.mistake, text=" ".join(s.text.split()), sources=s.sources)
        for s in (held[i] for i in chosen)
    )


def inconsistencies(content: Content, facts: Mapping[str, Any]) -> tuple[Inconsistency, ...]:
    """Consistency checks whose condition holds, with the answers they read."""
    out = []
    for item in content.pack.checks:
        if not evaluate(item.when, facts):
            continue
        evidence = [e for e in evidence_for(item.when, facts, content.questionnaire) if e.held]
        answers = tuple(dict.fromkeys(f"{e.question} → {e.answer}" for e in evidence))
        out.append(
            Inconsistency(
                id=item.id, title=item.title, text=" ".join(item.text.split()), answers=answers
            )
        )
    return tuple(out)


Candidate = tuple[str, tuple[str, ...], int, str]  # action id, mistakes, priority, group


def order_ids(
    content: Content,
    candidates: Sequence[Candidate],
    mistake_order: Sequence[str],
    done: Mapping[str, Strength],
) -> tuple[list[str], dict[str, str], dict[str, str]]:
    """Action ids in plan order; dropped ids with the reason; rewritten ids -> the rewriter.

    Ranked by group (`plan.groups`), then by the rank of the best diagnosis the action remedies,
    then by priority; `supersedes` drops, `conflicts_with` drops the lower-ranked, `rewrites`
    rewrites, and a rewrite the `same_as` an action in `done` (a strength that holds says it is
    done) is dropped as done. Shared by the full result and the replay of `coach rules impact`.
    """
    pack = content.pack
    library, conflicts, rewriters = pack.actions, pack.conflicts, pack.rewriters
    order = {m: i for i, m in enumerate(mistake_order)}
    groups = pack.group_order
    last, no_group = len(order), len(groups)

    def key(candidate: Candidate) -> tuple[int, int, int]:
        _, mistakes, priority, group = candidate
        best = min([order.get(m, last) for m in mistakes], default=last)
        return groups.get(group, no_group), best, priority

    ranked = [c[0] for c in sorted(candidates, key=key)]
    present = set(ranked)
    dropped: dict[str, str] = {}
    for action_id in ranked:
        for other in library[action_id].supersedes:
            if other in present and other not in dropped:
                dropped[other] = pack.why_said[action_id]
    kept: list[str] = []
    for action_id in ranked:
        if action_id in dropped:
            continue
        against = conflicts.get(action_id)  # symmetric: the kept actions it conflicts with
        clash = next((k for k in kept if k in against), None) if against else None
        if clash is not None:
            first = library[clash].title
            dropped[action_id] = f"It pulls against “{first}”, which ranks higher for you."
            continue
        kept.append(action_id)
    rewritten: dict[str, str] = {}
    for action_id in kept:
        by = rewriters.get(action_id)
        rewriter = next((k for k in kept if k in by), None) if by else None
        if rewriter is not None:
            rewritten[action_id] = rewriter
    for action_id, rewriter in list(rewritten.items()):
        same = library[rewriter].rewrites[action_id].same_as
        if same is not None and same in done:
            kept.remove(action_id)
            del rewritten[action_id]
            dropped[action_id] = _already(done[same])
    return kept, dropped, rewritten


def focus(
    content: Content,
    actions: Sequence[SuggestedAction],
    diagnoses: Sequence[Diagnosis],
    covered: Mapping[str, Strength],
    done: Mapping[str, Strength],
) -> tuple[tuple[SuggestedAction, ...], tuple[DroppedAction, ...]]:
    """Rank, drop what is superseded or in conflict, rewrite, and stage the actions.

    `covered`: actions left out before ranking because a strength says they are done; `done`:
    every action a strength that holds says is done, suggested or not.
    """
    plan = content.pack.manifest.plan
    library = content.pack.actions
    by_id = {a.id: a for a in actions}
    kept, dropped, rewritten = order_ids(
        content,
        [(a.id, a.mistakes, a.priority, a.group) for a in actions],
        [d.mistake for d in diagnoses],
        done,
    )
    out = []
    said = set(dropped.values())  # each reason is given in full once
    for index, action_id in enumerate(kept):
        update: dict[str, Any] = {"stage": _stage(index, plan.this_month, plan.next)}
        by = rewritten.get(action_id)
        if by is not None:
            rewrite = library[by].rewrites[action_id]
            why = content.pack.why_said[by]
            note = f"Rewritten because of “{library[by].title}”"
            update |= {
                "title": rewrite.title,
                "first_step": " ".join(rewrite.first_step.split()),
                "success_check": folded(rewrite.success_check),
                "note": note if why in said else f"{note}: {why}",
            }
            said.add(why)
        out.append(by_id[action_id].replace(**update))
    for action_id, strength in covered.items():
        dropped[action_id] = _already(strength)
    gone = tuple(
        DroppedAction(id=i, title=library[i].title, because=because)
        for i, because in dropped.items()
    )
    return tuple(out), gone


def _already(strength: Strength) -> str:
    return f"You already do this. {' '.join(strength.text.split())}"


def folded(text: str | None) -> str | None:
    """A folded YAML text (`>`) on one line, as results carry it; None stays None."""
    return " ".join(text.split()) if text else None


def _stage(index: int, this_month: int, next_count: int) -> str:
    if index < this_month:
        return "this-month"
    return "next" if index < this_month + next_count else "later"
