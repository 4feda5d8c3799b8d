"""Drafts: kept in the history, readable back, fitted to a changed questionnaire."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from interview_helpers import interview_questionnaire

from coach.content.answers_file import load_answers
from coach.model.questionnaire import Questionnaire
from coach.session.drafts import Draft, fit_draft, save_answers_file
from coach.session.drafts_store import StoreDraftSink
from coach.store import open_store
from coach.store.sqlite import DB_FILE


@pytest.fixture
def questionnaire(tmp_path: Path) -> Questionnaire:
    return interview_questionnaire(tmp_path / "q")


def test_a_draft_is_kept_in_the_history_and_reads_back(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    """Every answer is committed as it is given: a new process (a new store) reads it back."""
    draft = replace(
        Draft.new(questionnaire),
        answers={"workload.hours_per_week": 50, "workload.work": ("mentoring",)},
        skipped=("about.win",),
        position="about.level",
    )
    with open_store(tmp_path) as store:
        StoreDraftSink(store, "me", questionnaire).save(draft)
    assert not (tmp_path / "drafts").exists()  # no second place for drafts
    assert stat.S_IMODE((tmp_path / DB_FILE).stat().st_mode) == 0o600
    with open_store(tmp_path) as store:
        sink = StoreDraftSink(store, "me", questionnaire)
        found = sink.load()
        assert found is not None
        assert (found.answers, found.skipped, found.position) == (
            draft.answers,
            draft.skipped,
            draft.position,
        )
        assert StoreDraftSink(store, "ana", questionnaire).load() is None  # never shared
        sink.discard()
        assert sink.load() is None


def test_fit_drops_answers_a_changed_questionnaire_no_longer_takes(
    questionnaire: Questionnaire,
) -> None:
    draft = replace(
        Draft.new(questionnaire),
        answers={"workload.hours_per_week": 500, "workload.gone": 1, "about.level": "senior"},
        position="workload.gone",
    )
    fitted, dropped = fit_draft(draft, questionnaire)
    assert fitted.answers == {"about.level": "senior"}
    assert sorted(dropped) == ["workload.gone", "workload.hours_per_week"]
    assert fitted.position is None


def test_saved_answers_file_reads_back_with_the_answers_loader(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    answers = {"workload.hours_per_week": 50, "workload.work": ("mentoring",)}
    path = save_answers_file(tmp_path, questionnaire, answers)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert yaml.safe_load(path.read_text())["questionnaire"] == "mini"
    assert load_answers(path, questionnaire).answers == answers
