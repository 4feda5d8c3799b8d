"""Words every format of the printed plan shares, so the PDF, HTML and Markdown say the same.

Plain text only: each renderer escapes it and adds its own markup.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from coach.review.printed import day_text

if TYPE_CHECKING:
    from coach.model.plan import DiagnosisView, FollowThrough, PrintedPlan

NOTHING_DIAGNOSED = "No mistake was diagnosed this quarter. Keep doing what works."
SOURCES_INTRO = "Numbers in the plan refer to these works, as cited by the research."
SIGNATURES_INTRO = "We have agreed this plan and will review it at the next check-up."

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
    """The one line a diagnosis beyond the first ones gets instead of its rules' evidence."""
    titles = "; ".join(rule.title for rule in view.rules)
    return f"Found by: {titles}. The answers behind it are in the full report (coach show)."
