"""Whole interactive sessions in-process: the real questionary prompts on a pipe.

Keys are typed ahead into a prompt_toolkit pipe (`create_pipe_input`) and the prompts draw on a
`DummyOutput`; what coach itself prints goes to a fixed-width, colourless rich console. Drafts
are kept in the history store, as `coach assess` keeps them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
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
from coach.engine.assess import Assessor
from coach.errors import ContentError
from coach.model.answers import Answers
from coach.model.questionnaire import Questionnaire
from coach.model.results import Result
from coach.session.drafts import Draft, DraftSink, StoppedWithDraft
from coach.ui import prompts
from coach.ui.console import THEME
from coach.ui.interactive import InteractiveRun, assess_interactively

MINI_RULES = Path(__file__).parent / "fixtures" / "mini" / "rules"
DOWN, ENTER, CTRL_C = "\x1b[B", "\r", "\x03"


def reference(content: Content, answers: Answers) -> Result:
    return Assessor.reference(content).assess(answers)


@dataclass
class Done:
    result: Result | None
    screen: str


class Keeper:
    """Where a test's sessions keep drafts: the history store, as `coach assess` opens it."""

    def __init__(self, home: Path, questionnaire: Questionnaire) -> None:
        self.home, self.questionnaire = home, questionnaire
        self._stores: list[Any] = []

    def sink(self) -> DraftSink:
        """A fresh sink, as a new `coach assess` process would open it."""
        from coach.session.drafts_store import StoreDraftSink
        from coach.store import open_store

        store = open_store(self.home)
        self._stores.append(store)
        return StoreDraftSink(store, "me", self.questionnaire)

    def draft(self) -> Draft:
        found = self.sink().load()
        assert found is not None
        return found

    def has_draft(self) -> bool:
        return self.sink().load() is not None

    def kept_answers(self) -> dict[str, Any]:
        """The answers of the one submitted assessment, as YAML and JSON hold them."""
        from coach.store import complete_assessments, open_store

        with open_store(self.home) as store:
            (done,) = complete_assessments(store, "me")
        return {k: list(v) if isinstance(v, tuple) else v for k, v in done.answers.items()}

    def close(self) -> None:
        for store in self._stores:
            store.close()


@pytest.fixture
def chosen(tmp_path: Path) -> Chosen:
    folder = tmp_path / "questionnaires"
    write_interview(folder)
    return choose_questionnaire(None, MINI_RULES, folder)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def keeper(chosen: Chosen, home: Path) -> Iterator[Keeper]:
    kept = Keeper(home, chosen.questionnaire)
    yield kept
    kept.close()


def drive(
    keeper: Keeper,
    chosen: Chosen,
    *keys: str,
    resume: bool = False,
    choice: Chosen | None = None,
    ask: Callable[..., Any] = prompts.ask,
    assess: Callable[[Content, Answers], Result] = reference,
    save: bool = True,
) -> Done:
    """Run a session with these keys typed ahead; return the result and what coach printed."""
    screen = io.StringIO()
    console = Console(file=screen, width=80, no_color=True, theme=THEME, highlight=False)
    with create_pipe_input() as pipe:
        pipe.send_text("".join(keys))
        run = InteractiveRun(choice or chosen, keeper.home, resume=resume, save=save)
        result = assess_interactively(
            run,
            assess=assess,
            ask=partial(ask, input=pipe, output=DummyOutput()),
            console=console,
            sink=keeper.sink(),
        )
    return Done(result, screen.getvalue())


@pytest.fixture
def interview(keeper: Keeper, chosen: Chosen) -> Callable[..., Done]:
    return partial(drive, keeper, chosen)


def test_a_whole_session_with_back_skip_logic_and_a_review_edit(
    interview: Callable[..., Done], keeper: Keeper
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
    assert keeper.kept_answers() == {
        "workload.hours_per_week": 62,
        "workload.on_call": True,
        "workload.paged": 5,
        "workload.work": ["mentoring"],
        "about.level": "senior",
        "about.win": "Shipped the migration",
        "about.avoid": [],
    }
    assert not keeper.has_draft()
    screen = done.screen
    assert "Mini check-up" in screen
    assert "about 2 minutes" in screen
    assert "nothing is sent anywhere" in screen
    assert "Workload  (1 of 2)" in screen
    assert "About your week." in screen
    assert "Question 3 of 7" in screen  # `paged` counted once it is asked
    # the answer changed from the review says so; it read "Question 2 of 6 ... 100%"
    assert "Changing your answer to question 2 of 6" in screen
    assert "100%" not in screen
    assert "Your level." in screen  # the help panel
    assert "✓ none of these" in screen  # an empty tick list reads "done" otherwise
    assert "Your profile across the seven mistakes" in screen


def test_changing_an_answer_on_the_review_drops_what_is_no_longer_asked(
    interview: Callable[..., Done], keeper: Keeper
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
    assert keeper.kept_answers() == {
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
    interview: Callable[..., Done], keeper: Keeper
) -> None:
    erase = "\x7f" * 5
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "lots" + ENTER + erase + "130" + ENTER + erase + "45" + ENTER, CTRL_C)
    assert keeper.draft().answers == {"workload.hours_per_week": 45}


def test_ctrl_c_keeps_the_draft_and_resume_carries_on_exactly(
    interview: Callable[..., Done], keeper: Keeper
) -> None:
    with pytest.raises(StoppedWithDraft) as stopped:
        interview(ENTER, "50" + ENTER, "y", "<", CTRL_C)
    assert stopped.value.exit_code == 130
    assert "Your 2 answers are kept in" in stopped.value.message
    assert "coach assess --resume" in stopped.value.message
    draft = keeper.draft()
    assert draft.position == "workload.on_call"
    assert draft.answers == {"workload.hours_per_week": 50, "workload.on_call": True}

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
    assert keeper.kept_answers()["workload.paged"] == 2
    assert keeper.kept_answers()["workload.hours_per_week"] == 50


def test_plain_assess_offers_to_resume_or_start_over(
    interview: Callable[..., Done], keeper: Keeper
) -> None:
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "50" + ENTER, CTRL_C)
    with pytest.raises(StoppedWithDraft) as stopped:
        interview(DOWN + ENTER, ENTER, "30" + ENTER, CTRL_C)  # start over
    assert "Your 1 answer is kept" in stopped.value.message
    assert keeper.draft().answers == {"workload.hours_per_week": 30}
    with pytest.raises(StoppedWithDraft):
        interview(ENTER, "y", CTRL_C)  # carry on
    assert keeper.draft().answers == {"workload.hours_per_week": 30, "workload.on_call": True}


def test_every_answer_is_kept_before_the_next_prompt(keeper: Keeper, chosen: Chosen) -> None:
    """What kill -9 relies on: each step's draft is written before the next question shows."""
    seen: list[int] = []

    def ask(spec: prompts.PromptSpec, **kwargs: Any) -> Any:
        draft = keeper.sink().load()
        seen.append(len(draft.answers) if draft is not None else 0)
        return prompts.ask(spec, **kwargs)

    keys = [ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, ENTER]
    drive(keeper, chosen, *keys, ask=ask)
    assert seen == [0, 0, 1, 2, 3, 4, 4, 5]


def test_finish_later_from_the_review_keeps_the_draft(
    interview: Callable[..., Done], keeper: Keeper
) -> None:
    done = interview(ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, DOWN * 3 + ENTER)
    assert done.result is None
    assert "coach assess --resume" in done.screen
    assert keeper.draft().position is None
    assert keeper.draft().reviewing is True
    assert keeper.draft().skipped == ("about.win",)


def test_a_questionnaire_no_pack_reads_keeps_the_answers(
    interview: Callable[..., Done], keeper: Keeper, tmp_path: Path, home: Path
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
    keeper.questionnaire = choice.questionnaire
    done = interview(ENTER, "y", ENTER, choice=choice)
    assert done.result is None
    assert "No rule pack reads the questionnaire 'pulse'" in done.screen
    assert "--rules PACK" in done.screen
    (path,) = (home / "answers").iterdir()
    assert yaml.safe_load(path.read_text())["answers"] == {"team.happy": True}
    assert not keeper.has_draft()


def test_the_sink_is_replaceable(chosen: Chosen, home: Path) -> None:
    """The session only needs load/save/discard/complete: any store can stand in."""

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

        def complete(self, answers: Answers, result: Result | None) -> str:
            self.saved.append(len(answers) * 100)
            return "kept in memory"

    sink = Memory()
    screen = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("".join([ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, ENTER]))
        assess_interactively(
            InteractiveRun(chosen, home),
            assess=reference,
            ask=partial(prompts.ask, input=pipe, output=DummyOutput()),
            console=Console(file=screen, width=80, theme=THEME),
            sink=sink,
        )
    assert sink.saved == [1, 2, 3, 4, 4, 5, 500]
    assert "kept in memory" in screen.getvalue()
    assert not home.exists()


def test_no_save_discards_the_draft_and_keeps_nothing(chosen: Chosen, home: Path) -> None:
    keeper = Keeper(home, chosen.questionnaire)
    with create_pipe_input() as pipe:
        pipe.send_text("".join([ENTER, "50" + ENTER, "n", " " + ENTER, ENTER, ENTER, ENTER, ENTER]))
        screen = io.StringIO()
        assess_interactively(
            InteractiveRun(chosen, home, save=False),
            assess=reference,
            ask=partial(prompts.ask, input=pipe, output=DummyOutput()),
            console=Console(file=screen, width=80, theme=THEME),
            sink=keeper.sink(),
        )
    assert not keeper.has_draft()
    assert not (home / "answers").exists()
    assert "Not saved (--no-save)." in screen.getvalue()


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


def test_a_questionnaire_file_the_pack_reads_is_checked_against_the_pack(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "questionnaires"
    write_interview(folder)
    hr = write_interview(tmp_path / "hr")
    hr.write_text(hr.read_text().replace("version: 2", "version: 3"))
    choice = choose_questionnaire(str(hr), MINI_RULES, folder)
    assert choice.content is not None
    assert choice.content.questionnaire.version == "3"
    hr.write_text(hr.read_text().replace("id: hours_per_week", "id: hours_a_week"))
    with pytest.raises(ContentError, match="hours_per_week"):
        choose_questionnaire(str(hr), MINI_RULES, folder)
