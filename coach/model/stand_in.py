"""Typed stand-in questions for facts that are not questions (follow-ups, brag and job facts).

A rule may test such a fact; typing it like a question lets the loader check it like any other
reference.
"""

from __future__ import annotations

from coach.model.questionnaire import Question


class _StandIn(Question):
    """A question whose reference is the follow-up fact's name."""

    @property
    def ref(self) -> str:
        """The fact's name, e.g. `followup.brag-document`."""
        return self._section


def stand_in(ref: str, **fields: object) -> Question:
    """A typed stand-in question for a fact that is not a question (a rule may test it)."""
    fields = {"id": "followup", "help": "follow-through", **fields}
    question = _StandIn.model_validate(fields)
    question._section = ref
    return question
