"""Words every format of the printed plan shares, so the PDF, HTML and Markdown say the same.

Plain text only: each renderer escapes it and adds its own markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.model.results import NO_STRENGTH_YET
from coach.review.printed import day_text

if TYPE_CHECKING:
    from coach.model.plan import DiagnosisView, FollowThrough, PrintedPlan

NOTHING_DIAGNOSED = "No mistake was diagnosed this quarter. Keep doing what works."
SOURCES_INTRO = "Numbers in the plan refer to these works, as cited by the research."


def keep_doing_lines(plan: PrintedPlan) -> tuple[str, ...]:
    """What the plan says to keep doing; where a plan found no strength, that it looked."""
    if plan.judgement.keep_doing or not plan.diagnoses:
        return plan.judgement.keep_doing
    return (NO_STRENGTH_YET,)


# The sections of the printed plan in the order every format prints them: each renderer maps
# these names to its own way of laying a section out (an empty section prints nothing).
SECTIONS = (
    "cover",
    "judgement",
    "diagnoses",
    "follow_through",
    "keep_doing",
    "actions",
    "timeline",
    "brag",
    "job",
    "notes",
    "signatures",
    "sources",
)

# Bidirectional overrides, embeddings, isolates and marks, and control characters other than tab
# and line breaks: typed or imported text holding them could show reordered or hidden words
# (a name that reads differently from what it is). They are shown as their code points instead.
_HIDDEN = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c"
    "\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def shown_as_typed(text: str) -> str:
    """`text` with every bidi control or stray control character written as `[U+XXXX]`."""
    return _HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


def plan_state(plan: PrintedPlan) -> str:
    """What the plan is: agreed in a review (closed or still open), or only suggested."""
    if plan.reviewed:
        return "Agreed in a review" + (" (closed)" if plan.review_closed else " (still open)")
    return "Suggested by the assessment; not yet reviewed with a coach"


# Above the action plan of a plan not yet reviewed: what in it is only proposed.
SUGGESTED_ACTIONS_INTRO = (
    "Suggested actions from the assessment, best first. Owners, due dates and success checks "
    "are proposals until you agree them with a coach (coach review)."
)


def check_heading(plan: PrintedPlan) -> str:
    """The success check column's heading: the rule pack's suggestion until a review."""
    return "Success check" if plan.reviewed else "Suggested success check"


def signatures_intro(plan: PrintedPlan) -> str:
    """The line above the signatures: a suggested plan has not been agreed yet."""
    if plan.reviewed:
        return "We have agreed this plan and will review it at the next check-up."
    return "Sign once you have agreed this plan with a coach (coach review)."


def cover_facts(plan: PrintedPlan) -> list[tuple[str, str]]:
    """The facts under the name on the cover, as (label, value) pairs."""
    return [
        ("Quarter", plan.quarter),
        ("Date", day_text(plan.printed_on)),
        ("Coach", plan.coach or "—"),
        ("Plan", plan_state(plan)),
    ]


def verdict_words(view: DiagnosisView) -> str:
    """A diagnosis's severity and what the coach decided about it."""
    if view.verdict == "dismiss":
        return f"assessed {view.assessed}; dismissed by the coach"
    if view.verdict == "adjust":
        return f"{view.final}, adjusted by the coach from {view.assessed}"
    if view.verdict == "agree":
        return f"{view.assessed}, agreed by the coach"
    return view.assessed


def follow_through_summary(done: FollowThrough) -> str:
    """How much of last quarter's plan was done, e.g. 3 of 5 done, 1 partly."""
    partly = f", {done.partly} partly" if done.partly else ""
    return f"{done.done} of {done.total} done{partly}."


def found_by(view: DiagnosisView) -> str:
    """The one line a folded diagnosis gets instead of its rules' evidence."""
    return f"Found by: {'; '.join(rule.title for rule in view.rules)}."


@dataclass(frozen=True)
class DiagnosisGroup:
    """Diagnoses printed alike, numbered as printed, under a label and a line saying why."""

    label: str | None
    line: str | None
    items: tuple[tuple[int, DiagnosisView], ...]


def diagnosis_groups(plan: PrintedPlan) -> list[DiagnosisGroup]:
    """The diagnoses in groups: in full with evidence, folded, dismissed (empty groups left out).

    The first diagnoses of the assessment (pack.yaml `plan.primary`, as it was when assessed)
    come in full; the rest are folded under one line that says how many came first, so the
    plan names each diagnosis once and says once where its answers are.
    """
    full = [v for v in plan.diagnoses if v.final is not None and v.primary]
    folded = [v for v in plan.diagnoses if v.final is not None and not v.primary]
    dismissed = [v for v in plan.diagnoses if v.final is None]
    groups: list[DiagnosisGroup] = []
    number = 0
    for label, line, views in (
        (None, None, full),
        ("Also worth a look", _folded_line(len(full)), folded),
        ("Dismissed in the review", None, dismissed),
    ):
        if views:
            items = tuple(enumerate(views, start=number + 1))
            groups.append(DiagnosisGroup(label, line, items))
            number += len(views)
    return groups


def _folded_line(in_full: int) -> str:
    rest = (
        "each is named with the rules that found it; the answers behind them are in the saved "
        "report (coach\u00a0show\u00a0--all)."  # no-break spaces: the command on one line
    )
    if in_full == 0:  # the coach dismissed every diagnosis given in full
        return rest[0].upper() + rest[1:]
    first = "the first diagnosis" if in_full == 1 else f"the first {in_full} diagnoses"
    return f"Beyond {first}, {rest}"
