"""Follow-through as facts rules can read.

At the start of an assessment the engineer says what became of each action committed in the
last plan. Rules read that as `followup.<action-id>` (done, partly, not_started, dropped) and
`followup.<action-id>.promised` (in how many plans the action was committed). They are typed
like questions, so the loader checks them like any other reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from coach.model.history_facts import HISTORY_FACTS
from coach.model.plan import ITEM_STATUSES, STATUS_WORDS
from coach.model.questionnaire import Question
from coach.model.stand_in import stand_in

FOLLOWUP_STATUSES = ITEM_STATUSES  # what became of a committed plan item
PREFIX = "followup."


def followup_targets(
    action_ids: Iterable[str], titles: Mapping[str, str] | None = None
) -> dict[str, Question]:
    """The follow-up facts a rule may test, for the given action ids (named by `titles`)."""
    targets: dict[str, Question] = {}
    options = [{"value": s, "label": STATUS_WORDS[s].capitalize()} for s in FOLLOWUP_STATUSES]
    for action_id in action_ids:
        status = f"{PREFIX}{action_id}"
        name = (titles or {}).get(action_id, action_id)
        targets[status] = stand_in(
            status, type="single", text=f"What became of '{name}'", options=options
        )
        targets[f"{status}.promised"] = stand_in(
            f"{status}.promised",
            type="number",
            text=f"Plans in which '{name}' was committed",
            min=0,
            max=100,
            integer=True,
        )
    return targets


def followup_facts_of(action_id: str, status: str, promised: int) -> dict[str, str | int]:
    """The facts rules read about one committed action: its status and in how many plans."""
    return {f"{PREFIX}{action_id}": status, f"{PREFIX}{action_id}.promised": promised}


def followup_question(ref: str, titles: Mapping[str, str] | None = None) -> Question | None:
    """The typed stand-in for a follow-up fact or a history fact (`brag.*`, `job.*`)."""
    if ref in HISTORY_FACTS:
        return HISTORY_FACTS[ref]
    base = ref.removesuffix(".promised")
    if not base.startswith(PREFIX):
        return None
    return followup_targets([base.removeprefix(PREFIX)], titles).get(ref)
