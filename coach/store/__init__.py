"""The history store: assessments, answers, reviews, plans and follow-ups, kept per person.

SQLAlchemy Core on SQLite (`<home>/history.sqlite3`) by default; portable SQL everywhere except
`coach.store.sqlite`. Import from here:

    from coach.store import open_store, start_draft, save_answer, complete
    with open_store(home) as store:
        draft_id = start_draft(store, "me", questionnaire)
        save_answer(store, draft_id, "workload.hours_per_week", 55)
"""

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
    Stamp,
    StoredAssessment,
    StoredDraft,
)
from coach.store.reviews import PreviousPlan, load_review, previous_plan, save_review
from coach.store.transfer import export_person, import_history, read_export

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
