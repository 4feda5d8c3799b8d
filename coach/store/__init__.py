"""The history store: assessments, answers, reviews, plans and follow-ups, kept per person.

SQLAlchemy Core on SQLite (`<home>/history.sqlite3`) by default; portable SQL everywhere except
`coach.store.sqlite` and `coach.store.sqlite_reader` (the standard library reading an
up-to-date SQLite history, so `coach plan` starts without SQLAlchemy; `coach.store.reading`
picks it, or the full store). Import from here:

    from coach.store import open_store, start_draft, save_answer, complete
    with open_store(home) as store:
        draft_id = start_draft(store, "me", questionnaire)
        save_answer(store, draft_id, "workload.hours_per_week", 55)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coach.lazy import names_from

if TYPE_CHECKING:
    from coach.store.assessments import (
        complete,
        complete_assessments,
        discard_draft,
        drop_answer,
        get_assessment,
        latest_draft,
        list_assessments,
        previous_answers,
        save_answer,
        save_assessment,
        save_session,
        select_assessment,
        start_draft,
    )
    from coach.store.db import Store, open_store
    from coach.store.followup import (
        commitments,
        followup_facts,
        pending_followups,
        record_followup,
        recorded_followups,
    )
    from coach.store.people import forget_person, list_people
    from coach.store.records import (
        AssessmentInfo,
        Commitment,
        Person,
        PreviousPlan,
        Stamp,
        StoredAssessment,
        StoredDraft,
    )
    from coach.store.reviews import load_review, previous_plan, save_review
    from coach.store.transfer import export_person, import_history, read_export

# Loaded on first use: importing a module of this package (e.g. `sqlite_reader`, which reads
# without SQLAlchemy) must not import SQLAlchemy through this file.
_MODULE_OF = {
    "AssessmentInfo": "records",
    "Commitment": "records",
    "Person": "records",
    "PreviousPlan": "records",
    "Stamp": "records",
    "Store": "db",
    "StoredAssessment": "records",
    "StoredDraft": "records",
    "commitments": "followup",
    "complete": "assessments",
    "complete_assessments": "assessments",
    "discard_draft": "assessments",
    "drop_answer": "assessments",
    "export_person": "transfer",
    "followup_facts": "followup",
    "forget_person": "people",
    "get_assessment": "assessments",
    "import_history": "transfer",
    "latest_draft": "assessments",
    "list_assessments": "assessments",
    "list_people": "people",
    "load_review": "reviews",
    "open_store": "db",
    "pending_followups": "followup",
    "previous_answers": "assessments",
    "previous_plan": "reviews",
    "read_export": "transfer",
    "record_followup": "followup",
    "recorded_followups": "followup",
    "save_answer": "assessments",
    "save_assessment": "assessments",
    "save_review": "reviews",
    "save_session": "assessments",
    "select_assessment": "assessments",
    "start_draft": "assessments",
}


__getattr__ = names_from(
    __name__, {name: f"coach.store.{home}" for name, home in _MODULE_OF.items()}
)


__all__ = [
    "AssessmentInfo",
    "Commitment",
    "Person",
    "PreviousPlan",
    "Stamp",
    "Store",
    "StoredAssessment",
    "StoredDraft",
    "complete",
    "commitments",
    "complete_assessments",
    "discard_draft",
    "drop_answer",
    "export_person",
    "followup_facts",
    "forget_person",
    "get_assessment",
    "import_history",
    "latest_draft",
    "list_assessments",
    "list_people",
    "load_review",
    "open_store",
    "pending_followups",
    "previous_answers",
    "previous_plan",
    "read_export",
    "record_followup",
    "recorded_followups",
    "save_answer",
    "save_assessment",
    "save_review",
    "save_session",
    "select_assessment",
    "start_draft",
]
