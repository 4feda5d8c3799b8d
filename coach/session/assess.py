"""`coach assess --answers FILE`: one answers file assessed with the history's facts, then saved.

The file's answers, with the brag and job facts the history holds for the person, go through
the engine; the finished assessment is saved before anything is shown, so no answer is lost to
a report that fails on the way out (a closed pipe). Returns data; the CLI renders it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coach.errors import suggest

if TYPE_CHECKING:
    from coach.model.results import Result
    from coach.store import AssessmentInfo


@dataclass(frozen=True)
class HistoryPlace:
    """Where the history is: the `--home` folder's file, or a team database at `db`."""

    home: Path
    db: str | None = None


@dataclass(frozen=True)
class Assessed:
    """The result of one answers file, and where it was saved (None: not saved)."""

    result: Result
    saved: AssessmentInfo | None
    # said when the person has no brag entries or job but others in the history do
    history_note: str | None = None


def assess_file(
    answers_path: Path,
    content_dirs: tuple[Path | None, Path | None],
    history: HistoryPlace,
    *,
    person: str | None,
    default_person: str,
    quarter: str | None,
    save: bool,
) -> Assessed:
    """Assess an answers file with the pack in use (`content_dirs`: rules, questionnaires).

    Whose: `person`, else the file's `person:`, else `default_person`. The quarter: `quarter`,
    else the file's `date:`'s, else today's. Raises ContentError for a bad file, StoreError
    when the history cannot be read or written.
    """
    from coach.content.answers_file import load_answers
    from coach.content.bundle import load_content
    from coach.engine.assess import assess

    content = load_content(*content_dirs)
    answers = load_answers(answers_path, content.questionnaire, actions=content.pack.actions)
    named = person or answers.person
    name = default_person if named is None else named
    as_of = answers.taken_on or date.today()  # a file dated in the past reads that day's history
    facts, note = _history_facts(history, name, as_of)
    result = assess(content, {**facts, **answers.answers})
    if not save:
        return Assessed(result, None, note)
    from coach.engine.facts import split_followups
    from coach.model.quarters import quarter_of
    from coach.store import open_store, save_assessment

    # Follow-through facts in a file are inputs to this run, not answers to questions: the
    # history keeps questions' answers (follow-ups live with the plans they refer to).
    questions_only, _ = split_followups(answers.answers)
    if quarter is None and answers.taken_on is not None:
        quarter = quarter_of(answers.taken_on)  # the file's `date:` files it in its quarter
    with open_store(history.home, history.db) as store:
        info = save_assessment(store, name, questions_only, result, quarter=quarter)
    return Assessed(result, info, note)


def _history_facts(
    history: HistoryPlace, person: str, day: date
) -> tuple[dict[str, Any], str | None]:
    """The brag and job facts of `person` on `day`, with the answers a recorded job gives.

    Nothing when there is no history file yet: reading must not create one (`--no-save`). A
    team database (`db`) is always read: it is there before anyone's first assessment. With
    the facts, a note when `person` has none but others in the history do: an answers file's
    `person: Sam` beside a brag document kept as 'me' would otherwise be assessed without it.
    """
    from coach.store.sqlite import DB_FILE

    if history.db is None and not (history.home / DB_FILE).exists():
        return {}, None
    from coach.habits import history_facts, job_answers
    from coach.store import open_store
    from coach.store.habits import people_with_habits

    with open_store(history.home, history.db) as store:
        facts = history_facts(store, person, day)
        others = [] if facts else [p for p in people_with_habits(store) if p != person]
    note = None
    if others:
        close = suggest(person, others)
        names = ", ".join(f"'{p}'" for p in others[:5]) + (", ..." if len(others) > 5 else "")
        note = (
            f"No brag entries or job are recorded for '{person}', so this report does not use "
            f"them; the history has them for {names}. To use them, give --person NAME (or "
            "`person:` in the answers file)" + (f" (did you mean '{close}'?)." if close else ".")
        )
    return {**facts, **job_answers(facts)}, note
