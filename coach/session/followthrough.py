"""Follow-through in the interactive session: the commitments to ask about, the answers given.

At the start of `coach assess`, the person says what became of each action still open in their
plans: the check-in. `CheckIn` is that part of the session as plain data (not to be confused
with `coach.model.plan.FollowThrough`, last quarter's follow-through as a printed plan shows it);
a draft sink backed by the history store (`HistorySink`, implemented by `StoreDraftSink`) fills
it in, records each answer the moment it is given and turns the answers into the facts rules
read. The same sink offers the answers of the last assessment as defaults. The draft-file
fallback has neither.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from coach.model.answers import Answers, AnswerValue
from coach.model.followup import followup_facts_of
from coach.session.drafts import DraftSink

if TYPE_CHECKING:
    from coach.store.records import Commitment


@dataclass(frozen=True)
class Answered:
    """What the person said became of one commitment."""

    status: str
    note: str | None = None


@dataclass
class CheckIn:
    """The check-in of one session: its commitments in asking order, the answers given so far.

    `answered` also holds what an earlier run of a resumed session recorded, so those are not
    asked again but can still be reached by going back; `resumed` names them (their items carry
    that answer as their status, no longer the plan's status before this session).
    `carried` holds what was answered before the person chose to start over: asked again, with
    those answers (the note too) as the defaults, so starting over loses no note.
    """

    items: list[Commitment] = field(default_factory=list)
    answered: dict[int, Answered] = field(default_factory=dict)
    resumed: frozenset[int] = frozenset()
    carried: dict[int, Answered] = field(default_factory=dict)

    @property
    def quarters(self) -> list[str]:
        """The quarters of the plans the commitments come from, oldest first."""
        return sorted({c.quarter for c in self.items})

    def first_open(self) -> int | None:
        """The index of the first commitment not answered yet, or None when all are."""
        return next((i for i, c in enumerate(self.items) if c.id not in self.answered), None)

    def followed(self) -> tuple[Commitment, ...]:
        """The commitments answered, each with the status and note given, in asking order."""
        return tuple(
            replace(item, status=given.status, note=given.note)
            for item in self.items
            if (given := self.answered.get(item.id)) is not None
        )

    def facts(self) -> dict[str, AnswerValue]:
        """The answers as facts rules read, the same as `coach.store.followup_facts` gives."""
        found: dict[str, AnswerValue] = {}
        for item in self.items:
            given = self.answered.get(item.id)
            if given is not None and item.action_id is not None:
                found.update(followup_facts_of(item.action_id, given.status, item.promised))
        return found


@runtime_checkable
class HistorySink(DraftSink, Protocol):
    """A draft sink that also knows the person's history: earlier answers and plans.

    `keep_followups` is False when the follow-ups are kept in memory only (`--no-save`).
    """

    keep_followups: bool

    def previous_answers(self) -> Answers:
        """The answers of the person's last complete assessment of this questionnaire."""

    def followups(self) -> CheckIn:
        """The commitments to ask about in this session (the same object on every call)."""

    def record_followup(self, item_id: int, status: str, note: str | None) -> None:
        """Keep what became of one commitment before returning (it survives `kill -9`)."""

    def history_facts(self) -> dict[str, AnswerValue]:
        """The brag and job facts rules read (`coach brag`, `coach job`), as of today."""

    def habit_lines(self) -> list[str]:
        """What the welcome says about the brag document and the job (maybe nothing)."""

    def followup_facts(self) -> dict[str, AnswerValue]:
        """The follow-through facts of this session, for the assessment after submitting."""
