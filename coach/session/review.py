"""Reviews and printed plans over the history store (review/ itself is pure and reads nothing).

`run_review` finds the assessment, loads (or starts) its review and last quarter's plan, and runs
the review flow with `save_review` as its `save`, so every decision is on disk as it is made.
`printed_plan` gathers what the printed plan needs and builds it; both return data and never
prompt or print themselves (the prompts and panels are injected).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.content.places import SHIPPED_RULES
from coach.errors import ContentError, NotInHistoryError, raise_if_any
from coach.review.printed import PlanInputs, Work, build_printed_plan

if TYPE_CHECKING:
    from coach.model.catalog import Source
    from coach.model.plan import PreviousPlan, PrintedPlan, Review
    from coach.review.flow import Event, Spec
    from coach.store import AssessmentInfo, Store

NO_ASSESSMENT = "run `coach assess` first: a plan is built from an assessment"


def find_assessment(
    store: Store, person: str, assessment: str | None, *, explicit_person: bool = True
) -> AssessmentInfo:
    """The assessment to review or print: `assessment` (an id or a quarter), else the latest.

    Raises:
        NotInHistoryError: no such assessment, or none at all (pointing to `coach assess`).
    """
    try:
        from coach.store import select_assessment

        info = select_assessment(store, person, assessment)
    except NotInHistoryError as error:
        if assessment is None:
            raise NotInHistoryError(f"{error.message}; {NO_ASSESSMENT}") from None
        raise
    if explicit_person and info.person != person:
        raise NotInHistoryError(f"assessment #{info.id} is {info.person}'s, not {person}'s")
    if info.status != "complete":
        raise NotInHistoryError(f"assessment #{info.id} is not finished yet (`coach assess`)")
    return info


def _previous(store: Store, info: AssessmentInfo) -> PreviousPlan | None:
    from coach.store import previous_plan

    found = previous_plan(store, info.person, before=info.id)
    return found if found is not None and found.items else None


def run_review(
    store: Store,
    info: AssessmentInfo,
    *,
    ask: Callable[[Spec], Any],
    show: Callable[[Event], None],
    today: date,
    now: Callable[[], datetime] | None = None,
) -> Review:
    """Review one assessment with the coach, saving after every decision; returns the review.

    `now` is the clock (default: UTC now); the flow is imported here, as `coach plan` needs none.
    """
    from coach.review.decide import new_review
    from coach.review.flow import ReviewContext, ReviewFlow, utc_now
    from coach.store import get_assessment, load_review, pending_followups, save_review

    now = now or utc_now
    stored = get_assessment(store, info.id)
    if stored.result is None:
        raise NotInHistoryError(f"assessment #{info.id} has no result to review")
    review = load_review(store, info.id) or new_review(info.id, now=now())
    previous = _previous(store, info)
    still_open = {c.uid for c in pending_followups(store, info.person, answered_in=info.id)}
    context = ReviewContext(
        person=info.person,
        quarter=info.quarter,
        result=stored.result,
        today=today,
        previous=previous.items if previous else (),
        previous_quarter=previous.quarter if previous else None,
        open_items=frozenset(still_open),
    )
    flow = ReviewFlow(
        context, review, ask=ask, save=lambda r: save_review(store, r), show=show, now=now
    )
    return flow.run()


def printed_plan(
    store: Store,
    info: AssessmentInfo,
    *,
    today: date,
    sources: Mapping[int, Work] | None = None,
) -> PrintedPlan:
    """The printed plan of an assessment: its review's plan, or its suggested actions.

    The works cited are those kept with the result; a result saved before coach kept them
    cites `sources` (default: the shipped pack's, read from its sources.yaml). The brag
    summary and the six-month verdict timeline come from `coach brag` and `coach job`.
    """
    from coach.habits import plan_views
    from coach.store import get_assessment, load_review
    from coach.store.habits import habits_of

    stored = get_assessment(store, info.id)
    if stored.result is None:
        raise NotInHistoryError(f"assessment #{info.id} has no result; {NO_ASSESSMENT}")
    kept: dict[int, Work] = {work.number: work for work in stored.result.works}
    # the brag weeks and the job's month as of the assessment's day, not the printing's
    on = min(today, info.day)
    brag, job = plan_views(habits_of(store, info.person), info.person, info.quarter, on)
    inputs = PlanInputs(
        person=info.person,
        quarter=info.quarter,
        result=stored.result,
        sources=kept or sources or works_cited(),
        printed_on=today,
        review=load_review(store, info.id),
        previous=_previous(store, info),
        assessed_on=(info.completed_at or info.created_at).astimezone().date(),
        brag=brag,
        job=job,
    )
    return build_printed_plan(inputs)


def works_cited(rules: Path | None = None) -> dict[int, Source]:
    """The works cited by a rule pack (its sources.yaml), by number; the shipped pack by default.

    Only that one file is read: printing a plan does not need the rules compiled.

    Raises:
        ContentError: the file is missing or invalid, every problem located.
    """
    from coach.content.pydantic_errors import validate
    from coach.content.yamlio import load
    from coach.model.catalog import SourcesFile

    path = (rules or SHIPPED_RULES) / "sources.yaml"  # not via content.bundle: it loads rules
    if not path.is_file():
        raise ContentError.single(path, "no sources.yaml (the works the pack cites)")
    located, problems = load(path, str(path))
    parsed, found = validate(SourcesFile, located, located.data) if located.data else (None, [])
    problems = [*problems, *found]
    raise_if_any(problems)
    if parsed is None:
        raise ContentError.single(path, "sources.yaml is empty")
    return {source.id: source for source in parsed.sources}
