"""Draft files: private, atomic, readable back, fitted to a changed questionnaire."""

from __future__ import annotations

import json
import stat
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from interview_helpers import interview_questionnaire

from coach.content.answers_file import load_answers
from coach.model.questionnaire import Questionnaire
from coach.session.drafts import (
    Draft,
    DraftError,
    FileDraftSink,
    draft_path,
    fit_draft,
    save_answers_file,
)


@pytest.fixture
def questionnaire(tmp_path: Path) -> Questionnaire:
    return interview_questionnaire(tmp_path / "q")


def test_saved_draft_is_private_and_reads_back(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    sink = FileDraftSink(tmp_path, "me", questionnaire)
    draft = replace(
        Draft.new(questionnaire),
        answers={"workload.hours_per_week": 50, "workload.work": ("mentoring",)},
        skipped=("about.win",),
        position="about.level",
    )
    sink.save(draft)
    assert sink.path == tmp_path / "drafts" / "me--mini.json"
    assert stat.S_IMODE(sink.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(sink.path.parent.stat().st_mode) == 0o700
    data = json.loads(sink.path.read_text())
    assert data["questionnaire"] == {
        "id": "mini",
        "version": "2",
        "hash": questionnaire.content_hash,
    }
    assert data["answers"]["workload.work"] == ["mentoring"]
    assert sink.load() == draft
    assert [p.name for p in sink.path.parent.iterdir()] == ["me--mini.json"]  # no temp files
    sink.discard()
    assert sink.load() is None


def test_people_never_share_a_draft(tmp_path: Path) -> None:
    names = ["Ana", "ana", "ana@example.com", "ana example com", "../etc"]
    paths = {draft_path(tmp_path, name, "mini") for name in names}
    assert len(paths) == len(names)
    assert all(p.parent == tmp_path / "drafts" for p in paths)


def test_unreadable_draft_is_a_clear_error(tmp_path: Path, questionnaire: Questionnaire) -> None:
    sink = FileDraftSink(tmp_path, "me", questionnaire)
    sink.path.parent.mkdir(parents=True)
    sink.path.write_text("{not json")
    with pytest.raises(DraftError, match="cannot be read"):
        sink.load()


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


def test_draft_write_is_fast_enough_per_answer(
    tmp_path: Path, questionnaire: Questionnaire
) -> None:
    """Each answer costs one atomic fsynced write; it must not be felt at a prompt."""
    sink = FileDraftSink(tmp_path, "me", questionnaire)
    draft = Draft.new(questionnaire)
    started = time.perf_counter()
    for hours in range(20):
        sink.save(replace(draft, answers={"workload.hours_per_week": hours}))
    per_write = (time.perf_counter() - started) / 20
    assert per_write < 0.1
