"""Whole interactive sessions in-process: the real questionary prompts on a pipe.

Keys are typed ahead into a prompt_toolkit pipe (`create_pipe_input`) and the prompts draw on a
`DummyOutput`; what coach itself prints goes to a fixed-width, colourless rich console.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest
import yaml
from interview_helpers import write_interview
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from rich.console import Console

from coach.content.bundle import Content
from coach.content.choose import Chosen, choose_questionnaire
from coach.drafts import StoppedWithDraft
from coach.engine.assess import Assessor
from coach.model.answers import Answers
from coach.model.results import Result
from coach.ui import prompts
from coach.ui.console import THEME
from coach.ui.interactive import InteractiveRun, assess_interactively

MINI_RULES = Path(__file__).parent / "fixtures" / "mini" / "rules"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


def reference(content: Content, answers: Answers) -> Result:
    return Assessor(content, backend="reference").assess(answers)


@dataclass
class Done:
    result: Result | None
    screen: str


@pytest.fixture
def chosen(tmp_path: Path) -> Chosen:
    folder = tmp_path / "questionnaires"
    write_interview(folder)
    return choose_questionnaire(None, MINI_RULES, folder)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def interview(chosen: Chosen, home: Path) -> Callable[..., Done]:
    """Run a session with these keys typed ahead; return the result and what coach printed."""

    def run(*keys: str, resume: bool = False, choice: Chosen | None = None) -> Done:
        screen = io.StringIO()
        console = Console(file=screen, width=80, no_color=True, theme=THEME, highlight=False)
        with create_pipe_input() as pipe:
            pipe.send_text("".join(keys))
            ask = partial(prompts.ask, input=pipe, output=DummyOutput())
            spec = InteractiveRun(choice or chosen, home, resume=resume)
            try:
                result = assess_interactively(spec, assess=reference, ask=ask, console=console)
            finally:
                pipe.close()
        return Done(result, screen.getvalue())

    return run


def draft_of(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / "drafts" / "me--mini.json").read_text())
    return data


def saved_answers(home: Path) -> dict[str, Any]:
    (path,) = (home / "answers").iterdir()
    data: dict[str, Any] = yaml.safe_load(path.read_text())["answers"]
    return data


def test_a_whole_session_with_back_skip_logic_and_a_review_edit(
    interview: Callable[..., Done], home: Path
) -> None:
    done = interview(
        ENTER,  # Ready? Start
        "62" + ENTER,  # hours
        "y",  # on call: yes -> `paged` is asked
        "<",  # back from `paged` to on call
        DOWN + ENTER,  # on call: no -> `paged` is not asked
        " " + ENTER,  # work: tick mentoring
        "?",  # help on `level`
        DOWN + ENTER,  # level: senior
        "Shipped the migration" + ENTER,  # win
        ENTER,  # avoid: nothing ticked
        DOWN + ENTER,  # review: change an answer
        "2" + ENTER,  # ... number 2, on call
        "y",  # yes -> `paged` is asked again, right away
        "5",  # paged: 5
        ENTER,  # review: submit
    )
    assert done.result is not None
    assert [d.mistake for d in done.result.diagnoses] == ["hero", "invisible"]
    assert saved_answers(home) == {
        "workload.hours_per_week": 62,
        "workload.on_call": True,
        "workload.paged": 5,
        "workload.work": ["mentoring"],
        "about.level": "senior",
        "about.win": "Shipped the migration",
        "about.avoid": [],
    }
    assert not (home / "drafts" / "me--mini.json").exists()
    screen = done.screen
    assert "Mini check-up" in screen
    assert "about 2 minutes" in screen
    assert "nothing is sent anywhere" in screen
    assert "Workload  (1 of 2)" in screen
    assert "About your week." in screen
    assert "Question 3 of 7" in screen  # `paged` counted once it is asked
    assert "Your level." in screen  # the help panel
    assert "✓ Mentoring" in screen
    assert "Your profile across the seven mistakes" in screen


def test_changing_an_answer_on_the_review_drops_what_is_no_longer_asked(
    interview: Callable[..., Done], home: Path
) -> None:
    done = interview(
        ENTER,
        "40" + ENTER,
        "y",
        "3",
        DOWN + " " + ENTER,  # work: reviews
        ENTER,  # level: junior
        ENTER,  # win: skipped
        DOWN * 2 + " " + ENTER,  # avoid: prefer not to say
        DOWN + ENTER,  # review: change an answer
        "2" + ENTER,
        "n",  # on call: no -> the answer to `paged` is dropped
        ENTER,  # submit
    )
    assert done.result is not None
    assert saved_answers(home) == {
        "workload.hours_per_week": 40,
        "workload.on_call": False,
        "workload.work": ["reviews"],
        "about.level": "junior",
    }
    review_tables = done.screen.split("Review your answers")
    assert "skipped" in review_tables[1]
    assert "Paged?" in review_tables[1]
    assert "Paged?" not in review_tables[2]


def test_invalid_numbers_are_refused_until_they_fit(
    interview: Callable[..., Done], home: Path
) -> None:
    erase = "\x7f" * 5
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "lots" + ENTER + erase + "130" + ENTER + erase + "45" + ENTER, CTRL_C)
    assert draft_of(home)["answers"] == {"workload.hours_per_week": 45}


def test_ctrl_c_keeps_the_draft_and_resume_carries_on_exactly(
    interview: Callable[..., Done], home: Path
) -> None:
    with pytest.raises(StoppedWithDraft) as stopped:
        interview(ENTER, "50" + ENTER, "y", "<", CTRL_C)
    assert stopped.value.exit_code == 130
    assert "Your 2 answers are kept in the draft" in stopped.value.message
    assert "coach assess --resume" in stopped.value.message
    draft = draft_of(home)
    assert draft["position"] == "workload.on_call"
    assert draft["answers"] == {"workload.hours_per_week": 50, "workload.on_call": True}

    done = interview(
        ENTER,  # on call: Enter keeps yes, the answer shown as default
        "2",
        " " + ENTER,
        ENTER,
        ENTER,
        ENTER,
        ENTER,  # submit
        resume=True,
    )
    assert "Welcome back. 2 of 7 questions are done; carrying on at question 2." in done.screen
    assert saved_answers(home)["workload.paged"] == 2
    assert saved_answers(home)["workload.hours_per_week"] == 50


def test_plain_assess_offers_to_resume_or_start_over(
    interview: Callable[..., Done], home: Path
) -> None:
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "50" + ENTER, CTRL_C)
    with pytest.raises(StoppedWithDraft) as stopped:
        interview(DOWN + ENTER, ENTER, "30" + ENTER, CTRL_C)  # start over
    assert "Your 1 answer is kept" in stopped.value.message
    assert draft_of(home)["answers"] == {"workload.hours_per_week": 30}
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "y", CTRL_C)  # carry on
    assert draft_of(home)["answers"] == {
        "workload.hours_per_week": 30,
        "workload.on_call": True,
    }


def test_every_answer_is_on_disk_before_the_next_prompt(
    chosen: Chosen, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What kill -9 relies on: each step's draft is written before the next question shows."""
    seen: list[dict[str, Any]] = []
    real_ask = prompts.ask

    def ask(spec: prompts.PromptSpec, **kwargs: Any) -> Any:
        path = home / "drafts" / "me--mini.json"
        seen.append(json.loads(path.read_text())["answers"] if path.exists() else {})
        return real_ask(spec, **kwargs)

    keys = [ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, ENTER]
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        run = InteractiveRun(chosen, home)
        console = Console(file=io.StringIO(), width=80, theme=THEME)
        assess_interactively(
            run,
            assess=reference,
            ask=partial(ask, input=pipe, output=DummyOutput()),
            console=console,
        )
    assert [len(answers) for answers in seen] == [0, 0, 1, 2, 3, 4, 4, 5]


def test_finish_later_from_the_review_keeps_the_draft(
    interview: Callable[..., Done], home: Path
) -> None:
    done = interview(ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, DOWN * 3 + ENTER)
    assert done.result is None
    assert "coach assess --resume" in done.screen
    assert draft_of(home)["position"] is None
    assert draft_of(home)["reviewing"] is True


def test_a_questionnaire_no_pack_reads_keeps_the_answers(
    interview: Callable[..., Done], tmp_path: Path, home: Path
) -> None:
    hr = tmp_path / "hr" / "pulse.yaml"
    hr.parent.mkdir()
    hr.write_text(
        "id: pulse\nversion: 1\ntitle: Team pulse\nsections:\n"
        "  - id: team\n    title: Team\n    questions:\n"
        "      - {id: happy, type: boolean, text: Happy at work, help: Overall.}\n"
    )
    choice = choose_questionnaire(str(hr), MINI_RULES, tmp_path / "questionnaires")
    assert choice.content is None
    done = interview(ENTER, "y", ENTER, choice=choice)
    assert done.result is None
    assert "No rule pack reads the questionnaire 'pulse'" in done.screen
    assert "--rules PACK" in done.screen
    (path,) = (home / "answers").iterdir()
    assert yaml.safe_load(path.read_text())["answers"] == {"team.happy": True}


def test_the_sink_is_replaceable(chosen: Chosen, home: Path) -> None:
    """The session only needs load/save/discard: the history store can stand in."""

    class Memory:
        where = "memory"

        def __init__(self) -> None:
            self.saved: list[int] = []

        def load(self) -> None:
            return None

        def save(self, draft: Any) -> None:
            self.saved.append(len(draft.answers))

        def discard(self) -> None:
            self.saved.append(-1)

    sink = Memory()
    with create_pipe_input() as pipe:
        pipe.send_text("".join([ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, ENTER]))
        assess_interactively(
            InteractiveRun(chosen, home, save=False),
            assess=reference,
            ask=partial(prompts.ask, input=pipe, output=DummyOutput()),
            console=Console(file=io.StringIO(), width=80, theme=THEME),
            sink=sink,
        )
    assert sink.saved == [1, 2, 3, 4, 4, 5, -1]
    assert not (home / "answers").exists()
    assert not (home / "drafts").exists()


def test_no_terminal_points_to_answers_file(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("--home", str(tmp_path), "assess", "--rules", str(MINI_RULES))
    assert done.code == 5
    assert "needs a terminal" in done.err
    assert "coach assess --answers FILE" in done.err
    assert "Traceback" not in done.err + done.out


def test_unknown_questionnaire_id_suggests(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    done = run_cli("--home", str(tmp_path), "assess", "--questionnaire", "career-chekup")
    assert done.code == 3
    assert "did you mean 'career-checkup'" in done.err
