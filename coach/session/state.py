"""The questionnaire session as a state machine: where the person is, going back, the review.

Pure: no terminal, no prompts, no files. The interactive runner asks what to show (`current`),
reports what the person did (`answer`, `skip`, `back`, `edit`, `to_review`) and saves `draft()`
after every step. Skip logic is applied live: the questions asked are recomputed from the answers
so far on every step, and answers to questions that are no longer asked are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from coach.engine.facts import asked_questions
from coach.model.answers import Answers, AnswerValue, normalize
from coach.model.questionnaire import Question, Questionnaire, Section
from coach.session.drafts import Draft


class SessionError(ValueError):
    """A step the session does not allow in its current state (a bug in the caller)."""


@dataclass(frozen=True)
class Progress:
    """Where a question stands: its number among the questions asked now, and their count."""

    number: int
    total: int
    answered: int
    changing: bool = False  # an answer given before, opened again from the review

    @property
    def fraction(self) -> float:
        """Share of the asked questions answered or skipped, 0..1."""
        return self.answered / self.total if self.total else 1.0


class Session:
    """One person working through one questionnaire."""

    def __init__(self, questionnaire: Questionnaire, draft: Draft) -> None:
        self.questionnaire = questionnaire
        self._draft = draft
        self.answers: Answers = dict(draft.answers)
        self.skipped: set[str] = set(draft.skipped)
        self.reviewing = draft.reviewing
        self.position: str | None = draft.position
        self._prune()
        lost = self.position is not None and self.position not in self._asked_refs()
        if lost or (self.position is None and not self.reviewing):
            # A draft of an older questionnaire: carry on at the first question not yet answered.
            self.position = self._first_open_or_review()

    # What to show -------------------------------------------------------------------------

    @property
    def asked(self) -> list[Question]:
        """The questions asked given the answers so far, in order."""
        return asked_questions(self.questionnaire, self.answers)

    @property
    def current(self) -> Question | None:
        """The question on screen, or None for the review screen."""
        if self.position is None:
            return None
        return self.questionnaire.questions[self.position]

    def section(self) -> Section | None:
        """The section of the current question."""
        return None if self.position is None else self.questionnaire.section_of(self.position)

    def value(self, ref: str) -> AnswerValue | None:
        """The answer given to `ref`, if any."""
        return self.answers.get(ref)

    def is_skipped(self, ref: str) -> bool:
        """Whether the person chose not to answer `ref`."""
        return ref in self.skipped

    def progress(self) -> Progress:
        """The current question's number, the number asked, and how many are done."""
        refs = self._asked_refs()
        done = sum(1 for r in refs if self._visited(r))
        number = refs.index(self.position) + 1 if self.position in refs else len(refs)
        changing = self.reviewing and self.position is not None and self._visited(self.position)
        return Progress(number, len(refs), done, changing=changing)

    @property
    def can_go_back(self) -> bool:
        """Whether the current question has somewhere to go back to."""
        if self.position is None:
            return bool(self._asked_refs())
        return self.reviewing or self._asked_refs().index(self.position) > 0

    def missing(self) -> list[Question]:
        """Required questions asked but not answered (submitting waits for them)."""
        return [q for q in self.asked if q.required and q.ref not in self.answers]

    # What the person did --------------------------------------------------------------------

    def answer(self, value: Any) -> None:
        """Record an answer to the current question and move on."""
        question = self._require_question()
        self.answers[question.ref] = normalize(question, value)
        self.skipped.discard(question.ref)
        self._prune()
        self._advance(question.ref)

    def skip(self) -> None:
        """Leave the current (optional) question unanswered and move on."""
        question = self._require_question()
        if question.required:
            raise SessionError(f"{question.ref} is required and cannot be skipped")
        self.answers.pop(question.ref, None)
        self.skipped.add(question.ref)
        self._prune()
        self._advance(question.ref)

    def back(self) -> None:
        """Go to the previous question (from a question opened on the review: the review)."""
        refs = self._asked_refs()
        if self.position is None:
            if not refs:
                raise SessionError("there is no question to go back to")
            self.position = refs[-1]
            return
        if self.reviewing:
            self.position = None
            return
        index = refs.index(self.position)
        if index == 0:
            raise SessionError("the first question has nothing before it")
        self.position = refs[index - 1]

    def edit(self, ref: str) -> None:
        """Open an asked question again (from the review screen)."""
        if ref not in self._asked_refs():
            raise SessionError(f"{ref} is not asked with the current answers")
        self.position = ref

    def to_review(self) -> None:
        """Go to the review screen."""
        self.position = None
        self.reviewing = True

    def result(self) -> Answers:
        """The answers to submit: only those to questions asked, in asking order."""
        if self.missing():
            raise SessionError("required questions are unanswered")
        return {q.ref: self.answers[q.ref] for q in self.asked if q.ref in self.answers}

    def draft(self) -> Draft:
        """The state to save, as a draft."""
        order = {ref: i for i, ref in enumerate(self.questionnaire.questions)}
        answers = dict(sorted(self.answers.items(), key=lambda item: order[item[0]]))
        return replace(
            self._draft,
            answers=answers,
            skipped=tuple(sorted(self.skipped, key=order.__getitem__)),
            position=self.position,
            reviewing=self.reviewing,
        ).touched()

    # Internals ------------------------------------------------------------------------------

    def _require_question(self) -> Question:
        question = self.current
        if question is None:
            raise SessionError("the review screen has no question to answer")
        return question

    def _asked_refs(self) -> list[str]:
        return [q.ref for q in self.asked]

    def _visited(self, ref: str) -> bool:
        return ref in self.answers or ref in self.skipped

    def _prune(self) -> None:
        """Drop answers and skips of questions the current answers no longer ask."""
        refs = set(self._asked_refs())
        self.answers = {r: v for r, v in self.answers.items() if r in refs}
        self.skipped &= refs

    def _first_open(self) -> str | None:
        return next((r for r in self._asked_refs() if not self._visited(r)), None)

    def _first_open_or_review(self) -> str | None:
        found = self._first_open()
        if found is None:
            self.reviewing = True
        return found

    def _advance(self, after: str) -> None:
        refs = self._asked_refs()
        later = refs[refs.index(after) + 1 :]
        if self.reviewing:
            # After the review, only questions newly revealed by skip logic are asked.
            self.position = next((r for r in later if not self._visited(r)), None)
            if self.position is None:
                self.position = self._first_open()
            return
        if later:
            self.position = later[0]
        else:
            self.to_review()
