"""What changed between two assessments.

Diagnoses new, resolved, worse and better; the findings (fired rules) that came or went, with
what the history (brag document, job, follow-through) said to them; the actions that came or
went; and the answers that moved most.
"""

from __future__ import annotations

from dataclasses import dataclass

from coach.history.trends import cell, trend_of
from coach.model.answers import AnswerValue, display
from coach.model.followup import PREFIX as FOLLOWUP
from coach.model.history_facts import is_history_fact
from coach.model.questionnaire import Question, Questionnaire
from coach.model.results import FiredRule, Result
from coach.store.records import AssessmentInfo, StoredAssessment

ORDER = ("new", "worse", "resolved", "better", "same")


@dataclass(frozen=True)
class MistakeChange:
    """One mistake from the first assessment to the second (severities, `none`, or None)."""

    mistake: str
    title: str
    before: str | None
    after: str | None
    change: str | None


@dataclass(frozen=True)
class AnswerMove:
    """One answer that changed, and by how much (0..1 of the question's range)."""

    ref: str
    question: str
    before: AnswerValue | None
    after: AnswerValue | None
    before_text: str
    after_text: str
    moved: float


@dataclass(frozen=True)
class FindingChange:
    """A finding (a fired rule) in one of the two assessments only.

    `from_history`: what the history said to it ("question → answer" of the brag, job and
    follow-through facts that held), the reason a finding can come or go with no answer moved.
    """

    change: str  # "new" (in the second only) or "gone" (in the first only)
    mistake: str
    title: str
    severity: str
    from_history: tuple[str, ...]


@dataclass(frozen=True)
class ActionChange:
    """A suggested action in one of the two assessments only, and the findings behind it."""

    change: str  # "new" or "gone"
    title: str
    findings: tuple[str, ...]  # titles of the rules that suggested it
    # gone only because the newer plan left it out (superseded or in conflict), not because it
    # is no longer needed: the first sentence of why ("You have decided to leave.")
    left_out: str = ""


@dataclass(frozen=True)
class Comparison:
    """Two assessments side by side."""

    first: AssessmentInfo
    second: AssessmentInfo
    mistakes: tuple[MistakeChange, ...]
    answers: tuple[AnswerMove, ...]
    findings: tuple[FindingChange, ...] = ()
    actions: tuple[ActionChange, ...] = ()

    def having(self, change: str | None) -> tuple[MistakeChange, ...]:
        """The mistakes whose change is `change` (new, resolved, worse, better, same).

        None: not assessed in one of the two, so not compared.
        """
        return tuple(m for m in self.mistakes if m.change == change)


def _profile(result: Result | None) -> dict[str, tuple[str, str | None]]:
    """Each mistake's title and cell (None: not assessed in that assessment)."""
    if result is None:
        return {}
    return {e.mistake: (e.title, cell(result, e.mistake)) for e in result.profile}


def _mistakes(first: Result | None, second: Result | None) -> tuple[MistakeChange, ...]:
    before, after = _profile(first), _profile(second)
    changes = []
    for mistake in [*after, *(m for m in before if m not in after)]:
        title = (after.get(mistake) or before[mistake])[0]
        old = before[mistake][1] if mistake in before else None
        new = after[mistake][1] if mistake in after else None
        changes.append(MistakeChange(mistake, title, old, new, trend_of(old, new)))
    return tuple(changes)


def _fired(result: Result | None) -> dict[str, tuple[str, FiredRule]]:
    """Each fired rule by id, with its mistake's title."""
    if result is None:
        return {}
    return {rule.id: (d.title, rule) for d in result.diagnoses for rule in d.rules}


def _from_history(rule: FiredRule) -> tuple[str, ...]:
    return tuple(
        f"{e.question} → {e.answer} ({e.test})"
        for e in rule.evidence
        if e.held and (is_history_fact(e.ref) or e.ref.startswith(FOLLOWUP))
    )


def _findings(first: Result | None, second: Result | None) -> tuple[FindingChange, ...]:
    before, after = _fired(first), _fired(second)
    return tuple(
        FindingChange(change, mistake, rule.title, rule.severity, _from_history(rule))
        for change, here, there in (("new", after, before), ("gone", before, after))
        for rule_id, (mistake, rule) in here.items()
        if rule_id not in there
    )


def _actions(first: Result | None, second: Result | None) -> tuple[ActionChange, ...]:
    changes = []
    for change, here, there in (("new", second, first), ("gone", first, second)):
        if here is None or there is None:
            continue
        titles = {rule_id: rule.title for rule_id, (_, rule) in _fired(here).items()}
        known = {a.id for a in there.actions}
        dropped = {d.id: _first_sentence(d.because) for d in there.dropped}
        changes += [
            ActionChange(
                change,
                a.title,
                tuple(titles[r] for r in a.rules if r in titles),
                dropped.get(a.id, "") if change == "gone" else "",
            )
            for a in here.actions
            if a.id not in known
        ]
    return tuple(changes)


def _first_sentence(text: str) -> str:
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _ordinal(question: Question, value: AnswerValue) -> float | None:
    options = question.options or ()
    scores = [o.score for o in options]
    if all(s is not None for s in scores) and len(set(scores)) > 1:
        low, high = min(scores), max(scores)  # type: ignore[type-var]
        score = next(o.score for o in options if o.value == value)
        return (score - low) / (high - low)  # type: ignore[operator]
    values = question.option_values
    return values.index(str(value)) / (len(values) - 1) if len(values) > 1 else None


def moved(question: Question | None, before: AnswerValue, after: AnswerValue) -> float:
    """How far an answer moved, 0 (same) to 1 (across the whole range); text never counts."""
    if before == after:
        return 0.0
    kind = question.type if question is not None else None
    if isinstance(before, tuple) or isinstance(after, tuple):
        old = set(before) if isinstance(before, tuple) else {before}
        new = set(after) if isinstance(after, tuple) else {after}
        return len(old ^ new) / len(old | new)
    if isinstance(before, bool) or isinstance(after, bool):
        return 1.0
    if isinstance(before, int | float) and isinstance(after, int | float):
        bounds = question.bounds() if question is not None else None
        span = (bounds[1] - bounds[0]) if bounds else max(abs(before), abs(after))
        return min(1.0, abs(after - before) / span) if span else 0.0
    if kind == "single" and question is not None:
        old_rank, new_rank = _ordinal(question, before), _ordinal(question, after)
        if old_rank is not None and new_rank is not None:
            return abs(new_rank - old_rank)
    return 0.0 if kind in ("text", None) else 1.0


def _answers(
    first: StoredAssessment, second: StoredAssessment, questionnaire: Questionnaire | None
) -> list[AnswerMove]:
    questions = questionnaire.questions if questionnaire is not None else {}
    refs = [*questions, *sorted((first.answers.keys() | second.answers.keys()) - questions.keys())]
    moves = []
    for ref in refs:
        old, new = first.answers.get(ref), second.answers.get(ref)
        if old is None and new is None:
            continue
        question = questions.get(ref)
        if old is None or new is None:
            amount = 0.0 if question is not None and question.type == "text" else 0.5
        else:
            amount = moved(question, old, new)
        if amount > 0:
            moves.append(_move(ref, question, old, new, amount))
    return moves


def _move(
    ref: str,
    question: Question | None,
    old: AnswerValue | None,
    new: AnswerValue | None,
    amount: float,
) -> AnswerMove:
    def shown(value: AnswerValue | None) -> str:
        if question is not None:
            return display(question, value)
        if value is None:
            return "not answered"
        return ", ".join(value) if isinstance(value, tuple) else str(value)

    label = question.text if question is not None else ref
    return AnswerMove(ref, label, old, new, shown(old), shown(new), round(amount, 4))


def compare(
    first: StoredAssessment,
    second: StoredAssessment,
    questionnaire: Questionnaire | None = None,
    *,
    top: int = 5,
) -> Comparison:
    """Compare two assessments; `questionnaire` (when it is theirs) gives labels and ranges."""
    if questionnaire is not None and questionnaire.id != second.info.questionnaire.id:
        questionnaire = None
    moves = _answers(first, second, questionnaire)
    moves.sort(key=lambda m: -m.moved)  # stable: ties keep questionnaire order
    return Comparison(
        first.info,
        second.info,
        _mistakes(first.result, second.result),
        tuple(moves[:top]),
        _findings(first.result, second.result),
        _actions(first.result, second.result),
    )
