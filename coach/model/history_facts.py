"""Facts from the history that rules read like answers: the brag document and the current job.

`brag.*` comes from `coach brag` (weekly snapshots), `job.*` from `coach job` (the six-month
verdict); docs/brag-and-job.md lists them. They are typed like questions (stand-ins), so the
loader checks a rule's reference to them like any other, with suggestions.
"""

from __future__ import annotations

from typing import Literal, get_args

from coach.model.questionnaire import Question
from coach.model.stand_in import stand_in
from coach.model.verdict import Verdict

PREFIXES = ("brag.", "job.")
PHASES = ("observe", "test", "decide")

BragKind = Literal["shipped", "unblocked", "prevented"]
ImpactKind = Literal["time_saved", "revenue", "risk_avoided"]
JobTestKind = Literal["stretch", "boundary", "problem"]
TestOutcome = Literal["welcomed", "ignored", "punished"]

# a weekly brag snapshot's bullets, and the business impact each may name
BRAG_KINDS: tuple[BragKind, ...] = ("shipped", "unblocked", "prevented")
IMPACT_KINDS: tuple[ImpactKind, ...] = ("time_saved", "revenue", "risk_avoided")
TESTS: tuple[JobTestKind, ...] = ("stretch", "boundary", "problem")  # the tests of months 4-6
OUTCOMES: tuple[TestOutcome, ...] = ("welcomed", "ignored", "punished")
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)  # what `coach job verdict` can say


def _number(ref: str, text: str, high: int) -> Question:
    return stand_in(ref, type="number", text=text, min=0, max=high, integer=True)


def _single(ref: str, text: str, values: tuple[str, ...]) -> Question:
    options = [{"value": v, "label": v.capitalize()} for v in values]
    return stand_in(ref, type="single", text=text, options=options)


def _targets() -> dict[str, Question]:
    found = [
        _number("brag.weeks", "Weeks with a brag entry among the last 13", 13),
        _number(
            "brag.impact_share", "Share of recent brag entries with a business impact (%)", 100
        ),
        stand_in("brag.shared", type="boolean", text="Brag document shared in the last 13 weeks"),
        _number("brag.weeks_since_last", "Weeks since the last brag entry", 5200),
        _number("job.months", "Whole months in the current role (from coach job)", 600),
        _single("job.phase", "Phase of the six-month verdict", PHASES),
        _number("job.tests_done", "Tests of months 4-6 recorded", 3),
        *(
            _number(f"job.tests_{outcome}", f"Tests of months 4-6 {outcome}", 3)
            for outcome in OUTCOMES
        ),
        *(_single(f"job.test.{test}", f"Outcome of the {test} test", OUTCOMES) for test in TESTS),
        _single("job.verdict", "The six-month verdict (coach job verdict)", VERDICTS),
    ]
    return {q.ref: q for q in found}


HISTORY_FACTS: dict[str, Question] = _targets()

NO_BRAG = "no brag entry recorded (coach brag)"
NO_JOB = "no job recorded (coach job start)"
ABSENT: dict[str, str] = {
    **{ref: NO_BRAG for ref in HISTORY_FACTS if ref.startswith("brag.")},
    "brag.impact_share": "no brag entry in the last 13 weeks",
    **{ref: NO_JOB for ref in HISTORY_FACTS if ref.startswith("job.")},
    **{f"job.test.{test}": "not recorded (coach job test)" for test in TESTS},
    "job.verdict": "no verdict (coach job verdict)",
}
"""What a report says for a history fact the history does not hold: true of every reason it
can be missing (never used, nothing recent, not run yet), never "not answered"."""


def is_history_fact(ref: str) -> bool:
    """Whether a reference names a fact from the history rather than a question."""
    return ref.startswith(PREFIXES)
