"""`coach assess` in a terminal: open or resume the draft, run the interview, assess, report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from coach.content.bundle import Content
from coach.content.choose import Chosen
from coach.drafts import (
    DEFAULT_PERSON,
    Draft,
    DraftSink,
    FileDraftSink,
    StoppedWithDraft,
    fit_draft,
    save_answers_file,
)
from coach.model.answers import Answers
from coach.model.results import Result
from coach.ui.interview import Ask, Interview, resume_spec, start_spec, welcome, welcome_back
from coach.ui.session import Session

AssessFn = Callable[[Content, Answers], Result]


@dataclass(frozen=True)
class InteractiveRun:
    """What `coach assess` was asked to do, once the options are parsed."""

    chosen: Chosen
    home: Path
    person: str = DEFAULT_PERSON
    resume: bool = False
    top: int = 5
    save: bool = True


def open_session(sink: DraftSink, run: InteractiveRun, ask: Ask) -> tuple[Session, bool, list[str]]:
    """A session from the waiting draft (when resuming) or a new one.

    Returns the session, whether it was resumed, and the answers a changed questionnaire
    dropped. A plain `coach assess` with a draft waiting asks whether to carry on.
    """
    questionnaire = run.chosen.questionnaire
    draft = sink.load()
    if draft is not None:
        fitted, dropped = fit_draft(draft, questionnaire)
        session = Session(questionnaire, fitted)
        if run.resume or ask(resume_spec(session, draft.started)):
            return session, True, dropped
        sink.discard()
    return Session(questionnaire, Draft.new(questionnaire, run.person)), False, []


def assess_interactively(
    run: InteractiveRun,
    *,
    assess: AssessFn,
    ask: Ask | None = None,
    console: Console | None = None,
    sink: DraftSink | None = None,
) -> Result | None:
    """Ask the questionnaire in the terminal, then assess and show the report.

    Ctrl-C at any prompt raises StoppedWithDraft (exit 130) with a line saying where the draft
    is kept. Returns the result, or None when nothing was assessed (stopped for later, or no
    pack reads the questionnaire).
    """
    from coach.ui import prompts
    from coach.ui.console import make_console

    console = console or make_console()
    ask = ask or prompts.ask
    questionnaire = run.chosen.questionnaire
    sink = sink or FileDraftSink(run.home, run.person, questionnaire.id)
    session: Session | None = None
    try:
        session, resumed, dropped = open_session(sink, run, ask)
        if resumed:
            welcome_back(console, session, dropped)
        else:
            if run.resume:
                console.print(Text("There was nothing to resume; starting afresh.", "muted"))
            welcome(console, questionnaire, sink.where)
            if not ask(start_spec()):
                console.print("Nothing was asked and nothing was saved. Run `coach assess` later.")
                return None
        answers = Interview(session, console, sink, ask).run()
    except KeyboardInterrupt:
        raise StoppedWithDraft(_stopped_message(session, sink)) from None
    if answers is None:
        console.print(
            f"Your answers are kept in {sink.where}. Run `coach assess --resume` to carry on."
        )
        return None
    return _finish(run, answers, assess, console, sink)


def _stopped_message(session: Session | None, sink: DraftSink) -> str:
    answered = len(session.answers) if session is not None else 0
    if session is None and sink.load() is not None:
        kept = "Your unfinished answers are kept, as they were, in"
    elif answered:
        kept = f"Your {answered} answer{'s are' if answered > 1 else ' is'} kept in the draft"
    else:
        return "stopped. Nothing was answered yet, so nothing was kept."
    return (
        f"\ncoach: stopped. {kept}\n  {sink.where}\n"
        "Run `coach assess --resume` to carry on where you stopped."
    )


def _finish(
    run: InteractiveRun, answers: Answers, assess: AssessFn, console: Console, sink: DraftSink
) -> Result | None:
    """Assess, keep the answers, forget the draft, show the report."""
    from coach.ui.report import render_report

    chosen = run.chosen
    if chosen.content is None:
        path = save_answers_file(run.home, chosen.questionnaire, answers, run.person)
        sink.discard()
        console.print()
        console.print(
            f"Thank you. No rule pack reads the questionnaire '{chosen.questionnaire.id}' "
            f"(the pack {chosen.pack_name} reads '{chosen.pack_reads}'), so there is no report. "
            f"Your answers are saved in {path}; assess them with a pack that reads this "
            f"questionnaire: `coach assess --answers {path} --rules PACK`."
        )
        return None
    result = assess(chosen.content, answers)
    kept: Any = None
    if run.save:
        kept = save_answers_file(run.home, chosen.questionnaire, answers, run.person)
    sink.discard()
    console.print()
    render_report(console, result, limit=run.top)
    if kept is not None:
        console.print(
            Text(
                f"Your answers are saved in {kept}; `coach assess --answers {kept}` "
                "shows this report again.",
                style="muted",
            )
        )
    return result
