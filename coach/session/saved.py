"""The saved assessments `coach history`, `compare` and `show` look at: one function per command.

Each picks its assessments from the store (the latest per quarter, the last two, one by number or
quarter) and hands them to the pure code in `coach.history`; they return data and never print.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import CoachError, ExitCode

if TYPE_CHECKING:
    from coach.content.bundle import Content
    from coach.history.compare import Comparison
    from coach.history.trends import HistoryGrid
    from coach.model.results import Result
    from coach.store import AssessmentInfo, Store, StoredAssessment
    from coach.store.records import Commitment


class UnusableAssessmentError(CoachError):
    """The history holds the assessments asked for, but not what the command needs of them.

    One assessment where `compare` needs two; a draft where `show` needs a report.
    """

    exit_code = ExitCode.FAILED


@dataclass(frozen=True)
class HistoryView:
    """A person's quarters side by side, and the other people in the history (for --person)."""

    grid: HistoryGrid
    others: list[str]


def history_view(store: Store, person: str, *, named: bool) -> HistoryView:
    """`person`'s grid of quarters (the latest complete assessment of each).

    `named`: the person was named on purpose, so one the history does not know is an error
    (with a suggestion); the default person may simply be new.
    """
    from coach.history.trends import history_grid
    from coach.store import complete_assessments, list_people
    from coach.store.people import person_exists

    known = named or person_exists(store, person)
    saved = complete_assessments(store, person) if known else []
    others = [p.name for p in list_people(store) if p.name != person]
    grid = history_grid(person, [(s.info, s.result) for s in saved if s.result is not None])
    return HistoryView(grid, others)


def compare_saved(
    store: Store,
    person: str,
    selectors: tuple[str | None, str | None],
    content_dirs: tuple[Path | None, Path | None],
    *,
    top: int,
) -> Comparison:
    """Compare two of `person`'s assessments: the last two, or A (with the latest, or with B).

    A and B are assessment numbers or quarters. The questions' labels come from the content in
    use; when the shipped content fails to load, the comparison goes on without them.
    """
    from coach.history.compare import compare

    first, second = _pair(store, person, *selectors)
    content = _labels(*content_dirs)
    questionnaire = content.questionnaires.get(second.info.questionnaire.id) if content else None
    return compare(first, second, questionnaire, top=top)


def _pair(
    store: Store, name: str, first: str | None, second: str | None
) -> tuple[StoredAssessment, StoredAssessment]:
    from coach.store import get_assessment, list_assessments, select_assessment

    if first is None:
        saved = list_assessments(store, name)
        if len(saved) < 2:
            raise UnusableAssessmentError(
                f"{name} has {len(saved)} saved assessment(s); compare needs two. "
                "Check in again next quarter (or give two numbers)."
            )
        ids = [saved[-2].id, saved[-1].id]
    else:
        ids = [select_assessment(store, name, s).id for s in (first, second)]
    return get_assessment(store, ids[0]), get_assessment(store, ids[1])


def _labels(rules_dir: Path | None, questionnaires_dir: Path | None) -> Content | None:
    from coach.content.bundle import load_content
    from coach.errors import ContentError

    try:
        return load_content(rules_dir, questionnaires_dir)
    except ContentError:
        if rules_dir or questionnaires_dir:
            raise
        return None  # the shipped content failing must not hide your history


@dataclass(frozen=True)
class SavedReport:
    """One saved assessment's report: as saved, or re-assessed with today's rules."""

    info: AssessmentInfo
    result: Result
    dropped: tuple[str, ...]  # re-assessed: saved answers today's questionnaire no longer has
    followed: tuple[Commitment, ...] = ()  # the last plan's commitments, as followed up then


def _facts_then(store: Store, info: AssessmentInfo) -> dict[str, Any]:
    """The brag, job and follow-through facts an assessment read, as of its day.

    The day is `AssessmentInfo.day`: when it was finished, or its quarter's last day.
    """
    from coach.habits import history_facts
    from coach.store import followup_facts

    return {**history_facts(store, info.person, info.day), **followup_facts(store, info.id)}


def saved_report(
    store: Store,
    person: str,
    selector: str | None,
    content_dirs: tuple[Path | None, Path | None],
    *,
    rerun: bool,
) -> SavedReport:
    """The report of `person`'s assessment `selector` (a number or a quarter; default: latest).

    With `rerun`, the saved answers are assessed again with the content in use (today's rules).
    """
    from coach.store import get_assessment, recorded_followups, select_assessment

    info = select_assessment(store, person, selector)
    stored = get_assessment(store, info.id)
    dropped: tuple[str, ...] = ()
    result = stored.result
    if rerun:
        from coach.content.bundle import load_content
        from coach.history.rerun import reassess

        again = reassess(stored, load_content(*content_dirs), _facts_then(store, info))
        result, dropped = again.result, again.dropped
    if result is None:
        raise UnusableAssessmentError(f"assessment #{info.id} is an unfinished draft")
    return SavedReport(info, result, dropped, tuple(recorded_followups(store, info.id)))
