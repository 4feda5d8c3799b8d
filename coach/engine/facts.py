"""From answers to the one assessment fact: skip logic applied, scores computed.

Scores are computed here, before anything is asserted into the engine, so rules read them like
answers (`scores.psych_safety`).
"""

from __future__ import annotations

from typing import Any

from coach.conditions.evaluate import evaluate
from coach.model.answers import Answers, AnswerValue
from coach.model.followup import PREFIX
from coach.model.history_facts import PREFIXES as HISTORY_PREFIXES
from coach.model.questionnaire import Question, Questionnaire, Score

# Scores are rounded to this many decimal places before rules compare them, so that float
# noise (0.1 + 0.2 = 0.30000000000000004) never decides a threshold (docs/yaml-contract.md).
SCORE_DECIMALS = 4
_NOT_ANSWERS = (PREFIX, *HISTORY_PREFIXES)


def asked_questions(questionnaire: Questionnaire, answers: Answers) -> list[Question]:
    """The questions asked, in order, given the answers so far (skip logic applied)."""
    skipped = _ask(questionnaire, answers)[1]
    return [q for ref, q in questionnaire.questions.items() if ref not in skipped]


def effective_answers(questionnaire: Questionnaire, answers: Answers) -> Answers:
    """The answers to questions actually asked; answers to skipped questions do not count."""
    return _ask(questionnaire, answers)[0]


def _ask(questionnaire: Questionnaire, answers: Answers) -> tuple[Answers, set[str]]:
    """The answers to the questions asked, and the questions skipped.

    A skip condition reads only earlier questions (the loader checks it), so each is evaluated,
    in asking order, on the answers kept so far: answers to later questions are in there too,
    but no condition reads them.
    """
    questions = questionnaire.questions
    kept = {ref: value for ref, value in answers.items() if ref in questions}
    skipped: set[str] = set()
    for when, refs in questionnaire.skips:
        if not evaluate(when, kept):
            skipped.update(refs)
            for ref in refs:
                kept.pop(ref, None)
    return kept, skipped


def _item_value(
    item: str, questionnaire: Questionnaire, answers: Answers, scores: dict[str, float | None]
) -> float | None:
    ref = item.removeprefix("-")
    reverse = item.startswith("-")
    if ref.startswith("scores."):
        return scores.get(ref.removeprefix("scores."))
    question = questionnaire.questions[ref]
    if ref not in answers:
        return None
    value = answers[ref]
    if question.type == "single":
        option = next(o for o in question.options or () if o.value == value)
        number = option.score
    elif isinstance(value, bool):
        number = 1.0 if value else 0.0
    else:
        number = float(value)  # type: ignore[arg-type]
    if number is None or not reverse:
        return number
    low, high = question.score_range() or (0.0, 0.0)
    return low + high - number


def _score(
    score: Score, questionnaire: Questionnaire, answers: Answers, scores: dict[str, float | None]
) -> float | None:
    values = [_item_value(i, questionnaire, answers, scores) for i in score.items]
    present = [v for v in values if v is not None]
    if len(present) < score.needed:
        return None
    total = sum(present) if score.sum is not None else sum(present) / len(present)
    return round(total, SCORE_DECIMALS)


def compute_scores(questionnaire: Questionnaire, answers: Answers) -> dict[str, float | None]:
    """Every score by id; None when too few of its items were answered."""
    scores: dict[str, float | None] = {}
    for score in questionnaire.scores:
        scores[score.id] = _score(score, questionnaire, answers, scores)
    return scores


def split_followups(answers: Answers) -> tuple[Answers, dict[str, AnswerValue]]:
    """Separate facts that are not answers (`followup.*`, `brag.*`, `job.*`) from answers."""
    questions: Answers = {}
    followups: dict[str, AnswerValue] = {}
    for key, value in answers.items():
        (followups if key.startswith(_NOT_ANSWERS) else questions)[key] = value
    return questions, followups


def build_facts(
    questionnaire: Questionnaire, answers: Answers
) -> tuple[dict[str, Any], dict[str, float | None]]:
    """The fact rules read (effective answers, follow-through, scores) and the scores themselves.

    Follow-through facts (`followup.<action-id>`) are not questions, so skip logic does not
    apply to them; they pass straight through.
    """
    answers, followups = split_followups(answers)
    effective = effective_answers(questionnaire, answers)
    scores = compute_scores(questionnaire, effective)
    facts: dict[str, Any] = {**effective, **followups}
    facts.update({f"scores.{k}": v for k, v in scores.items() if v is not None})
    return facts, scores
