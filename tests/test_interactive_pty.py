"""`coach assess` as a subprocess in a real terminal (pexpect): end to end, and kill -9 + resume."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pexpect
import pytest
from interview_helpers import write_interview

from coach.content.questionnaires import load_questionnaire
from coach.session.drafts import Draft

MINI_RULES = Path(__file__).parent / "fixtures" / "mini" / "rules"
COACH = shutil.which("coach") or str(Path(sys.executable).with_name("coach"))
DOWN, ENTER = "\x1b[B", "\r"


def spawn(home: Path, questionnaires: Path, *extra: str) -> pexpect.spawn:
    env = {
        **os.environ,
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "NO_COLOR": "1",
        "TERM": "xterm",
        "COLUMNS": "80",
        "LINES": "24",
    }
    args = ["--home", str(home), "assess", "--rules", str(MINI_RULES)]
    args += ["--questionnaires", str(questionnaires), *extra]
    return pexpect.spawn(COACH, args, env=env, dimensions=(24, 80), encoding="utf-8", timeout=10)


@pytest.fixture
def questionnaires(tmp_path: Path) -> Path:
    folder = tmp_path / "questionnaires"
    write_interview(folder)
    return folder


def draft_in(home: Path, questionnaires: Path) -> Draft | None:
    """The draft as the next `coach assess` finds it: in the history store."""
    questionnaire = load_questionnaire(questionnaires / "mini.yaml")
    from coach.session.drafts_store import StoreDraftSink
    from coach.store import open_store

    with open_store(home) as store:
        return StoreDraftSink(store, "me", questionnaire).load()


def kept_count(home: Path) -> int:
    """How many submitted assessments were kept in the history."""
    from coach.store import complete_assessments, open_store

    with open_store(home) as store:
        return len(complete_assessments(store, "me"))


def answer(child: pexpect.spawn, prompt: str, keys: str) -> None:
    """Wait for a question, then type: never send keys before the prompt is on screen."""
    child.expect_exact(prompt)
    child.send(keys)


def test_end_to_end_in_a_terminal(tmp_path: Path, questionnaires: Path) -> None:
    home = tmp_path / "home"
    child = spawn(home, questionnaires)
    answer(child, "Ready?", ENTER)
    answer(child, "Hours?", "62" + ENTER)
    answer(child, "On call?", "y")
    answer(child, "Paged?", "4")
    answer(child, "Work?", " " + ENTER)
    answer(child, "Level?", DOWN + ENTER)
    answer(child, "A recent win?", ENTER)
    answer(child, "Avoided?", ENTER)
    answer(child, "Everything as you want it?", ENTER)
    child.expect_exact("Your profile across the seven mistakes")
    child.expect_exact("Long hours")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert draft_in(home, questionnaires) is None
    assert kept_count(home) == 1


def test_sigkill_mid_session_then_resume_keeps_every_answer(
    tmp_path: Path, questionnaires: Path
) -> None:
    home = tmp_path / "home"
    child = spawn(home, questionnaires)
    answer(child, "Ready?", ENTER)
    answer(child, "Hours?", "62" + ENTER)
    answer(child, "On call?", "y")
    answer(child, "Paged?", "4")
    answer(child, "Work?", " " + DOWN + " " + ENTER)
    child.expect_exact("Level?")
    child.kill(signal.SIGKILL)
    child.close(force=True)
    assert child.signalstatus == signal.SIGKILL

    draft = draft_in(home, questionnaires)
    assert draft is not None
    assert draft.answers == {
        "workload.hours_per_week": 62,
        "workload.on_call": True,
        "workload.paged": 4,
        "workload.work": ("mentoring", "reviews"),
    }
    assert draft.position == "about.level"

    child = spawn(home, questionnaires, "--resume")
    child.expect_exact("Welcome back. 4 of 7 questions are done; carrying on at question 5.")
    answer(child, "Level?", ENTER)
    answer(child, "A recent win?", "Shipped it" + ENTER)
    answer(child, "Avoided?", ENTER)
    child.expect_exact("Review your answers")
    for shown in ("62 hours", "4 of 5", "Mentoring, Reviews", "Shipped it"):
        child.expect_exact(shown)
    answer(child, "Everything as you want it?", ENTER)
    child.expect_exact("Long hours")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert kept_count(home) == 1


def test_ctrl_c_exits_130_saying_the_draft_is_kept(tmp_path: Path, questionnaires: Path) -> None:
    home = tmp_path / "home"
    child = spawn(home, questionnaires)
    answer(child, "Ready?", ENTER)
    answer(child, "Hours?", "40" + ENTER)
    answer(child, "On call?", "\x03")
    child.expect_exact("Your 1 answer is kept in")
    child.expect_exact("coach assess --resume")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130


def test_a_rule_the_engine_cannot_run_stops_before_the_first_question(tmp_path: Path) -> None:
    # the pack is compiled into the engine before anything is asked, so nobody answers a whole
    # questionnaire to learn at the end that its pack cannot run
    from test_limits import _knotted

    mini = tmp_path / "mini"
    shutil.copytree(MINI_RULES.parent, mini)
    _knotted(mini)
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    args = ["--home", str(tmp_path / "home"), "assess", "--rules", str(mini / "rules")]
    args += ["--questionnaires", str(mini / "questionnaires")]
    child = pexpect.spawn(COACH, args, env=env, dimensions=(24, 200), encoding="utf-8", timeout=20)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert "hero.yaml:26:17: rules[2].when.all: rule 'knotted' is too large" in child.before
    assert "Ready?" not in child.before
