"""Drafts kept in the history store: the same `DraftSink`, one short transaction per change.

Answers go in with `save_answer` / `drop_answer` the moment they change; the session's own
state (position, skipped questions, review reached) with `save_session`, after the answers, so
a kill between the two at worst shows the previous question again with its answer kept. The
finished assessment is completed in place, so the draft becomes the history entry.

The sink also knows the person's history (`HistorySink`): last time's answers, offered as
defaults, and the commitments of earlier plans still open, whose follow-ups are recorded against
the draft the moment they are given (in memory only, with `keep_followups=False`: `--no-save`).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.model.answers import Answers, AnswerValue
from coach.model.questionnaire import Questionnaire
from coach.session.drafts import Draft
from coach.session.followthrough import Answered, CheckIn

if TYPE_CHECKING:
    from coach.model.results import Result
    from coach.store import Commitment, Store


def open_sink(
    home: Path,
    db: str | None,
    person: str,
    questionnaire: Questionnaire,
    *,
    quarter: str | None,
    keep_followups: bool,
    cleanup: ExitStack,
) -> StoreDraftSink:
    """The draft in the history store, open until `cleanup` closes (StoreError when it cannot)."""
    from coach.store import open_store

    store = cleanup.enter_context(open_store(home, db))
    return StoreDraftSink(
        store, person, questionnaire, quarter=quarter, keep_followups=keep_followups
    )


class StoreDraftSink:
    """A person's draft of one questionnaire, as an unfinished assessment in the history."""

    def __init__(
        self,
        store: Store,
        person: str,
        questionnaire: Questionnaire,
        *,
        quarter: str | None = None,
        keep_followups: bool = True,
    ) -> None:
        self.store = store
        self.person = person
        self.questionnaire = questionnaire
        self.quarter = quarter
        self.keep_followups = keep_followups
        self._id: int | None = None
        self._answers: Answers = {}
        self._session: dict[str, Any] | None = None
        self._followups: CheckIn | None = None
        self._carried: list[Commitment] = []
        self._history_facts: dict[str, AnswerValue] | None = None

    @property
    def where(self) -> str:
        """The history database."""
        return f"your history ({self.store.where})"

    def load(self) -> Draft | None:
        """The newest unfinished assessment of this person and questionnaire."""
        from coach.store import latest_draft

        stored = latest_draft(self.store, self.person, self.questionnaire.id)
        if stored is None:
            return None
        self._id, self._answers, self._session = stored.id, dict(stored.answers), stored.session
        state = stored.session or {}
        return Draft(
            questionnaire_id=stored.questionnaire.id,
            questionnaire_version=stored.questionnaire.version,
            questionnaire_hash=stored.questionnaire.hash,
            person=self.person,
            answers=dict(stored.answers),
            skipped=tuple(state.get("skipped", ())),
            position=state.get("position"),
            reviewing=bool(state.get("reviewing", False)),
            started=stored.created_at.isoformat(timespec="seconds"),
            updated=stored.updated_at.isoformat(timespec="seconds"),
        )

    def save(self, draft: Draft) -> None:
        """Write what changed since the last save: answers first, then the position."""
        from coach.store import drop_answer, save_answer, save_session, start_draft

        session = {
            "position": draft.position,
            "skipped": list(draft.skipped),
            "reviewing": draft.reviewing,
        }
        if self._id is None:
            self._id = start_draft(self.store, self.person, self.questionnaire, session=session)
            self._session = session
        for ref in self._answers.keys() - draft.answers.keys():
            drop_answer(self.store, self._id, ref)
        for ref, value in draft.answers.items():
            if self._answers.get(ref) != value:
                save_answer(self.store, self._id, ref, value)
        self._answers = dict(draft.answers)
        if session != self._session:
            save_session(self.store, self._id, session)
            self._session = session

    def discard(self) -> None:
        """Delete the unfinished assessment.

        Its follow-ups stay recorded on the plans; when the person starts over they are asked
        again (done and dropped ones would otherwise no longer be open), their answers shown.
        """
        from coach.store import discard_draft, recorded_followups

        if self._id is not None:
            self._carried = recorded_followups(self.store, self._id)
            discard_draft(self.store, self._id)
        self._id, self._answers, self._session = None, {}, None
        self._followups = None

    def complete(self, answers: Answers, result: Result | None) -> str:
        """Complete the assessment with its result: the draft becomes the history entry."""
        from coach.store import complete

        if result is None:  # nothing to keep without a result: the caller saves answers
            self.discard()
            return ""
        if self._id is None:
            self.save(Draft.new(self.questionnaire, self.person))
        assert self._id is not None
        info = complete(self.store, self._id, result, answers_given=answers, quarter=self.quarter)
        self._id = None
        return (
            f"Saved as assessment #{info.id} for {info.person}, {info.quarter} "
            "(`coach history` shows every quarter)."
        )

    # What the history offers the session ---------------------------------------------------

    def previous_answers(self) -> Answers:
        """The answers of this person's last complete assessment of the questionnaire."""
        from coach.store import previous_answers

        return previous_answers(self.store, self.person, self.questionnaire.id)

    def followups(self) -> CheckIn:
        """The open commitments, and those already followed up in this draft (when resumed)."""
        from coach.store import pending_followups, recorded_followups

        if self._followups is None:
            recorded = recorded_followups(self.store, self._id) if self._id is not None else []
            pending = pending_followups(self.store, self.person, answered_in=self._id)
            items = {c.id: c for c in [*self._carried, *pending]}
            items.update({c.id: c for c in recorded})
            ordered = sorted(items.values(), key=lambda c: (c.due, c.quarter, c.position))
            answered = {c.id: Answered(c.status, c.note) for c in recorded}
            carried = {c.id: Answered(c.status, c.note) for c in self._carried}
            self._followups = CheckIn(ordered, answered, frozenset(answered), carried)
        return self._followups

    def record_followup(self, item_id: int, status: str, note: str | None) -> None:
        """Record a follow-up against the draft (started now if need be), or only in memory."""
        from coach.store import record_followup

        if self.keep_followups:
            if self._id is None:
                self.save(Draft.new(self.questionnaire, self.person))
            record_followup(self.store, item_id, status, note, assessment_id=self._id)
        self.followups().answered[item_id] = Answered(status, note)

    def history_facts(self) -> dict[str, AnswerValue]:
        """The brag and job facts rules read (`coach brag`, `coach job`), as of today."""
        from datetime import date

        from coach.habits import history_facts

        if self._history_facts is None:
            self._history_facts = history_facts(self.store, self.person, date.today())
        return dict(self._history_facts)

    def habit_lines(self) -> list[str]:
        """What the welcome says about the brag document and the job (maybe nothing)."""
        from datetime import date

        from coach.habits import welcome_lines

        return welcome_lines(self.store, self.person, date.today())

    def followup_facts(self) -> dict[str, AnswerValue]:
        """The facts rules read from this session's follow-ups."""
        from coach.store import followup_facts

        if self.keep_followups and self._id is not None:
            return dict(followup_facts(self.store, self._id))
        return self.followups().facts()
