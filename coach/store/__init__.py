"""The history store: assessments, answers, reviews, plans and follow-ups, kept per person.

One read path: every read and write is a function of this package on SQLAlchemy Core, one SQL
statement per query, over a `Store` (one connection pool and its `Backend`): SQLite
(`<home>/history.sqlite3`) by default, or a team's PostgreSQL server (`--db URL`). Portable SQL
everywhere except `coach.store.sqlite` and `coach.store.postgres`. Import from here:

    from coach.store import open_store, start_draft, save_answer, complete
    with open_store(home) as store:
        draft_id = start_draft(store, "me", questionnaire)
        save_answer(store, draft_id, "workload.hours_per_week", 55)
"""

from __future__ import annotations

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
