"""Drafts: an unfinished questionnaire, saved after every answer so that nothing is ever lost.

A draft is plain data (`Draft`). It lives in the history store only, as an unfinished
assessment (`coach.session.drafts_store.StoreDraftSink`): every answer is committed the moment
it is given, so a crash or `kill -9` at any prompt keeps every answer given before it.
`DraftSink` is the protocol the interview writes through (tests give it a sink of their own).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from coach.errors import CoachError, ExitCode
from coach.home import write_private
from coach.model.answers import Answers, AnswerValue, InvalidAnswer, normalize
from coach.model.quarters import DEFAULT_PERSON
from coach.model.questionnaire import Questionnaire

if TYPE_CHECKING:
    from coach.model.results import Result


class StoppedWithDraft(CoachError):
    """The person stopped (Ctrl-C) in the middle; every answer given is kept in the draft."""

    exit_code = ExitCode.INTERRUPTED


def now() -> str:
    """The current time as an ISO 8601 string in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Draft:
    """The state of an unfinished questionnaire: answers so far and where the person was.

    `position` is the reference of the question on screen, or None for the review screen.
    `skipped` holds the optional questions the person chose not to answer, so they are not asked
    again. `reviewing` is set once the review screen has been reached: from then on, moving on
    from a question returns to the review instead of walking through every later question.
    """

    questionnaire_id: str
    questionnaire_version: str
    questionnaire_hash: str
    person: str = DEFAULT_PERSON
    answers: Answers = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    position: str | None = None
    reviewing: bool = False
    started: str = field(default_factory=now)
    updated: str = field(default_factory=now)

    @classmethod
    def new(cls, questionnaire: Questionnaire, person: str = DEFAULT_PERSON) -> Draft:
        """An empty draft positioned on the first question."""
        first = next(iter(questionnaire.questions))
        return cls(
            questionnaire.id,
            questionnaire.version,
            questionnaire.content_hash,
            person=person,
            position=first,
        )

    def touched(self) -> Draft:
        """This draft with its `updated` time set to now."""
        return replace(self, updated=now())


def fit_answers(questionnaire: Questionnaire, given: Answers) -> tuple[Answers, list[str]]:
    """The answers `questionnaire` accepts as it is now, and the references of the others.

    For drafts of a questionnaire that changed since, and for last time's answers offered as
    defaults (a question removed, an option renamed, a number now out of range).
    """
    answers: Answers = {}
    dropped: list[str] = []
    for ref, value in given.items():
        question = questionnaire.questions.get(ref)
        if question is None:
            dropped.append(ref)
            continue
        try:
            answers[ref] = normalize(question, value)
        except InvalidAnswer:
            dropped.append(ref)
    return answers, dropped


def fit_draft(draft: Draft, questionnaire: Questionnaire) -> tuple[Draft, list[str]]:
    """Check a stored draft against the questionnaire as it is now.

    The questionnaire may have changed since the draft was started: answers to questions that no
    longer exist, or that the question no longer accepts, are dropped. Returns the fitted draft
    and the references of the dropped answers.
    """
    answers, dropped = fit_answers(questionnaire, draft.answers)
    skipped = tuple(r for r in draft.skipped if r in questionnaire.questions)
    position = draft.position if draft.position in questionnaire.questions else None
    fitted = replace(
        draft,
        questionnaire_version=questionnaire.version,
        questionnaire_hash=questionnaire.content_hash,
        answers=answers,
        skipped=skipped,
        position=position,
    )
    return fitted, dropped


class DraftSink(Protocol):
    """Where drafts are kept. One sink serves one person and one questionnaire."""

    @property
    def where(self) -> str:
        """Where the draft lives, for messages (a path, or the history database)."""

    def load(self) -> Draft | None:
        """The unfinished draft, if there is one."""

    def save(self, draft: Draft) -> None:
        """Keep `draft` durably before returning (it must survive `kill -9` right after)."""

    def discard(self) -> None:
        """Forget the draft (when starting over, or after submitting with --no-save)."""

    def complete(self, answers: Answers, result: Result | None) -> str:
        """Keep the submitted answers (and result) for good, drop the draft; say where."""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "person"
    if slug != text:  # different people must never share a file after slugging
        slug += "-" + hashlib.sha256(text.encode()).hexdigest()[:8]
    return slug


def value_for_json(value: AnswerValue) -> Any:
    """An answer as JSON/YAML writes it (lists for multi answers)."""
    return list(value) if isinstance(value, tuple) else value


def save_answers_file(
    home: Path, questionnaire: Questionnaire, answers: Answers, person: str = DEFAULT_PERSON
) -> Path:
    """Keep submitted answers as a private answers file `coach assess --answers` reads back."""
    import yaml

    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = home / "answers" / f"{_slug(person)}--{questionnaire.id}--{stamp}.yaml"
    document = {
        "questionnaire": questionnaire.id,
        "person": person,
        "date": now(),
        "answers": {ref: value_for_json(value) for ref, value in answers.items()},
    }
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    write_private(path, text.encode("utf-8"))
    return path
