"""The history store: assessments, answers, reviews, plans and follow-ups, kept per person.

One read path: every read and write is a function of this package on SQLAlchemy Core, one SQL
statement per query, over a `Store` (one connection pool and its `Backend`): SQLite
(`<home>/history.sqlite3`) by default, or a team's PostgreSQL server (`--db URL`). Portable SQL
everywhere except `coach.store.sqlite` and `coach.store.postgres`. Import from here:

    from coach.store import open_store, start_draft, save_answer, complete
    with open_store(home) as store:
        draft_id = start_draft(store, "me", questionnaire)
        save_answer(store, draft_id, "workload.hours_per_week", 55)

The names are loaded on first use (PEP 562, like `coach.engine`): a command imports only the
modules it calls, and `coach.store.sqlite` (where the history file is) can be read without
importing SQLAlchemy.
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
        StoredAssessment,
        StoredDraft,
    )
    from coach.store.reviews import load_review, previous_plan, save_review
    from coach.store.transfer import export_person, import_history, read_export

__all__ = [
    "AssessmentInfo",
    "Commitment",
    "Person",
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

_HOMES = {
    "complete": "coach.store.assessments",
    "complete_assessments": "coach.store.assessments",
    "discard_draft": "coach.store.assessments",
    "drop_answer": "coach.store.assessments",
    "get_assessment": "coach.store.assessments",
    "latest_draft": "coach.store.assessments",
    "list_assessments": "coach.store.assessments",
    "previous_answers": "coach.store.assessments",
    "save_answer": "coach.store.assessments",
    "save_assessment": "coach.store.assessments",
    "save_session": "coach.store.assessments",
    "select_assessment": "coach.store.assessments",
    "start_draft": "coach.store.assessments",
    "Store": "coach.store.db",
    "open_store": "coach.store.db",
    "commitments": "coach.store.followup",
    "followup_facts": "coach.store.followup",
    "pending_followups": "coach.store.followup",
    "record_followup": "coach.store.followup",
    "recorded_followups": "coach.store.followup",
    "forget_person": "coach.store.people",
    "list_people": "coach.store.people",
    "AssessmentInfo": "coach.store.records",
    "Commitment": "coach.store.records",
    "Person": "coach.store.records",
    "StoredAssessment": "coach.store.records",
    "StoredDraft": "coach.store.records",
    "load_review": "coach.store.reviews",
    "previous_plan": "coach.store.reviews",
    "save_review": "coach.store.reviews",
    "export_person": "coach.store.transfer",
    "import_history": "coach.store.transfer",
    "read_export": "coach.store.transfer",
}

__getattr__ = names_from(__name__, _HOMES)
