"""`coach review` in-process with the real prompts on a pipe (and once in a real terminal)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from test_review_support import content, heads_down, store_assessment  # noqa: F401 - fixtures

from coach.content.bundle import Content
from coach.model.results import Result
from coach.model.rules import SEVERITIES
from coach.review.decide import diagnosis_order
from coach.store import load_review, open_store
from coach.ui import review as terminal

DOWN, UP, ENTER, CTRL_C = "\x1b[B", "\x1b[A", "\r", "\x03"
CLEAR = "\x15"  # Ctrl-U: clears what the field holds, to type something else
PERSON = "Zoë"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COACH_HOME", str(folder))
    return folder


@pytest.fixture
def saved(home: Path, heads_down: tuple[dict[str, Any], Result]) -> tuple[int, Result]:  # noqa: F811
    answers, result = heads_down
    info = store_assessment(home, PERSON, answers, result, "2026-Q1")
    return info.id, result


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Type keys ahead into the prompts that `coach review` will show."""
    with create_pipe_input() as pipe:
        monkeypatch.setattr(terminal, "TERMINAL", terminal.Terminal(pipe, DummyOutput()))
        yield lambda *typed: pipe.send_text("".join(typed))


def verdicts(result: Result, *, stop_after: int | None = None) -> list[str]:
    """Agree with the first diagnosis (with a note), adjust the second to critical, dismiss
    the third, agree with the rest."""
    order = diagnosis_order(result)
    adjust_from = SEVERITIES.index(order[1].severity)
    typed = [
        ENTER, "Sleep first <script>alert(1)</script>" + ENTER,
        DOWN + ENTER, DOWN * (3 - adjust_from) + ENTER, ENTER,
        DOWN + DOWN + ENTER, "Handled by the team" + ENTER, ENTER,
    ]  # fmt: skip
    typed += [ENTER + ENTER] * (len(order) - 3)
    return typed


def test_a_review_with_real_prompts(
    run_cli: Callable[..., Any], saved: tuple[int, Result], keys: Callable[..., None], home: Path
) -> None:
    assessment_id, result = saved
    order = diagnosis_order(result)
    due = (date.today() + timedelta(days=45)).isoformat()
    keys(
        "Ana" + ENTER,  # the coach
        *verdicts(result),
        ENTER,  # plan: add the first suggested action
        DOWN + DOWN + ENTER, "Dana" + ENTER,  # owner: the manager, named
        ENTER,  # due: as its horizon suggests
        ENTER,  # success check: the one the rule pack suggests
        UP * 3 + ENTER,  # plan (at the next action; up wraps to Done): write a custom action
        "Démo à l'équipe, 山田さくら" + ENTER, ENTER,  # title, no first step
        ENTER,  # owner: the engineer
        DOWN * 3 + ENTER, due + ENTER,  # due on a date
        "Demo given" + ENTER,
        UP + ENTER,  # plan: done (up from the next suggested action)
        ENTER,  # finish: close
    )  # fmt: skip
    done = run_cli("review", "--person", PERSON)
    assert done.code == 0, done.err
    assert f"Reviewing assessment #{assessment_id} of {PERSON}, 2026-Q1." in done.out
    assert "Review closed" in done.out
    assert "coach plan --person Zoë" in done.out
    with open_store(home) as store:
        review = load_review(store, assessment_id)
    assert review is not None
    assert review.status == "closed"
    assert review.coach == "Ana"
    made = {d.mistake: d for d in review.decisions}
    assert made[order[0].mistake].note == "Sleep first <script>alert(1)</script>"
    assert (made[order[1].mistake].verdict, made[order[1].mistake].severity) == (
        "adjust",
        "critical",
    )
    assert (made[order[2].mistake].verdict, made[order[2].mistake].reason) == (
        "dismiss",
        "Handled by the team",
    )
    suggested, custom = review.items
    assert (suggested.action_id, suggested.owner, suggested.owner_name) == (
        result.actions[0].id,
        "manager",
        "Dana",
    )
    assert suggested.success_check == result.actions[0].success_check
    assert (custom.action_id, custom.title, custom.owner) == (
        None,
        "Démo à l'équipe, 山田さくら",
        "engineer",
    )
    assert custom.due.isoformat() == due


def test_ctrl_c_keeps_every_decision_made(
    run_cli: Callable[..., Any], saved: tuple[int, Result], keys: Callable[..., None], home: Path
) -> None:
    assessment_id, result = saved
    order = diagnosis_order(result)
    keys("Ana" + ENTER, *verdicts(result)[:2], CTRL_C)
    done = run_cli("review", "--person", PERSON)
    assert done.code == 130
    assert "Interrupted" in done.err
    with open_store(home) as store:
        review = load_review(store, assessment_id)
    assert review is not None
    assert review.status == "open"
    assert [d.mistake for d in review.decisions] == [order[0].mistake]


def test_review_needs_a_terminal(run_cli: Callable[..., Any], saved: tuple[int, Result]) -> None:
    done = run_cli("review", "--person", PERSON)
    assert done.code == 5
    assert "needs a terminal" in done.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--person", "Nobody"), "coach assess"),
        (("--person", PERSON, "--assessment", "#99"), "no assessment #99"),
        (("--person", "Kim", "--assessment", "1"), "is Zoë's, not Kim's"),
    ],
)
def test_review_of_nothing(
    run_cli: Callable[..., Any],
    saved: tuple[int, Result],
    keys: Callable[..., None],
    args: tuple[str, ...],
    message: str,
) -> None:
    done = run_cli("review", *args)
    assert done.code == 4
    assert message in done.err


def test_a_review_in_a_real_terminal(content: Content, tmp_path: Path) -> None:  # noqa: F811
    """One review end to end as a subprocess in a pty: each question awaited, then answered."""
    import os
    import shutil
    import sys

    import pexpect
    from test_review_support import persona

    home = tmp_path / "home"
    answers, result = persona(content, "glue-person")
    info = store_assessment(home, PERSON, answers, result, "2026-Q1")
    coach = shutil.which("coach") or str(Path(sys.executable).with_name("coach"))
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    child = pexpect.spawn(
        coach,
        ["--home", str(home), "review", "--person", PERSON],
        env=env,
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=20,
    )
    steps = [("Who is the coach", "Ana" + ENTER)]
    for _ in diagnosis_order(result):
        steps += [("Do you agree with", ENTER), ("Notes for the plan", ENTER)]
    this_month = [a.id for a in result.actions if a.stage == "this-month"]
    assert len(this_month) >= 2
    for number, _ in enumerate(this_month):  # Enter goes through this month's actions in order
        # the first keeps the suggested success check, the others are rewritten
        check = ENTER if number == 0 else CLEAR + "Shown at the next check-in" + ENTER
        steps += [
            ("The plan: add an action", ENTER),
            ("Who owns it", ENTER),
            ("When is it due", ENTER),
            ("How will you know it worked", ""),
            ("Enter keeps it, or edit it", check),
        ]
    steps += [
        ("The plan: add an action", ENTER),  # then done: later actions are a choice
        ("Finish the review", ENTER),  # close
    ]
    for question, typed in steps:
        child.expect(question)
        child.send(typed)
    child.expect("Review closed")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with open_store(home) as store:
        review = load_review(store, info.id)
    assert review is not None
    assert (review.status, review.coach, len(review.decisions)) == (
        "closed",
        "Ana",
        len(result.diagnoses),
    )
    assert [i.action_id for i in review.items] == this_month
    suggested = {a.id: a.success_check for a in result.actions}
    assert [i.success_check for i in review.items] == [
        suggested[this_month[0]],
        *["Shown at the next check-in"] * (len(this_month) - 1),
    ]
