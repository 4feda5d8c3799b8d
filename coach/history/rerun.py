"""Assess a saved assessment's answers again with today's questionnaire and rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from coach.content.bundle import Content
from coach.errors import StoreError
from coach.model.answers import Answers, InvalidAnswer, normalize
from coach.model.results import Result
from coach.store.records import StoredAssessment


@dataclass(frozen=True)
class Rerun:
    """Today's result for saved answers, and the answers that no longer fit (left out)."""

    result: Result
    dropped: tuple[str, ...]


def fit_answers(stored: StoredAssessment, content: Content) -> tuple[Answers, tuple[str, ...]]:
    """The saved answers today's questionnaire still accepts, and the refs of the others."""
    wanted = stored.info.questionnaire.id
    questionnaire = content.questionnaires.get(wanted)
    if questionnaire is None:
        raise StoreError(
            f"assessment #{stored.info.id} answered questionnaire '{wanted}', which today's "
            "content does not have; give its folder with --questionnaires"
        )
    kept: Answers = {}
    dropped: list[str] = []
    for ref, value in stored.answers.items():
        question = questionnaire.questions.get(ref)
        try:
            if question is None:
                raise InvalidAnswer(ref)
            kept[ref] = normalize(question, value)
        except InvalidAnswer:
            dropped.append(ref)
    return kept, tuple(dropped)


def reassess(
    stored: StoredAssessment, content: Content, facts: Mapping[str, Any] | None = None
) -> Rerun:
    """Today's result for the saved answers (the stored result is not changed).

    `facts`: what the history held for it (brag, job, follow-through), read as they were
    then, so that only the rules differ from the saved report.
    """
    from coach.engine import assess as engine

    if content.pack.manifest.questionnaire != stored.info.questionnaire.id:
        raise StoreError(
            f"today's rule pack reads questionnaire '{content.pack.manifest.questionnaire}', "
            f"but assessment #{stored.info.id} answered '{stored.info.questionnaire.id}'"
        )
    answers, dropped = fit_answers(stored, content)
    return Rerun(engine.assess(content, {**(facts or {}), **answers}), dropped)
