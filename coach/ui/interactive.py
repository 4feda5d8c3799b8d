"""`coach assess` in a terminal: open or resume the draft, run the interview, assess, report."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.text import Text

from coach.content.bundle import Content
from coach.content.choose import Chosen
from coach.model.answers import Answers
from coach.model.quarters import DEFAULT_PERSON
from coach.model.results import Result
from coach.session.drafts import (
    Draft,
    DraftSink,
    StoppedWithDraft,
    fit_answers,
    fit_draft,
    save_answers_file,
)
from coach.session.followthrough import HistorySink
from coach.session.state import Session
from coach.ui.followups import FollowupRound
from coach.ui.interview import Ask, Interview
from coach.ui.welcome import resume_spec, say, start_spec, welcome, welcome_back

AssessFn = Callable[[Content, Answers], Result]


@dataclass(frozen=True)
class InteractiveRun:
    """What `coach assess` was asked to do, once the options are parsed."""

    chosen: Chosen
    home: Path
    person: str = DEFAULT_PERSON
    resume: bool = False
    top: int = 5
    show_all: bool = False
    save: bool = True
    quarter: str | None = None
    as_json: bool = False
    db: str | None = None


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
    assess: AssessFn | None = None,
    ask: Ask | None = None,
    console: Console | None = None,
    sink: DraftSink | None = None,
) -> Result | None:
    """Ask the questionnaire in the terminal, then assess and show the report.

    `assess` defaults to the chosen pack compiled into the engine before the first question
    (`compiled`). Drafts go to the history store (every answer saved as it is given), or to
    `sink` when given. Ctrl-C at any prompt raises StoppedWithDraft (exit 130) with a line
    saying where the draft is kept. Returns the result, or None when nothing was assessed
    (stopped for later, or no pack reads the questionnaire).
    """
    from coach.ui import prompts
    from coach.ui.console import make_console

    console = console or make_console()
    assess = assess or compiled(run.chosen.content)
    with ExitStack() as cleanup:
        if sink is None:
            sink = default_sink(run, cleanup)
        return _run(run, assess, ask or prompts.ask, console, sink)


def compiled(content: Content | None) -> AssessFn:
    """Assess with the pack compiled into the engine now, before the first question.

    A rule the engine cannot run is then reported at its line before anything is asked, not
    after the last answer, and the report comes at once.
    """
    from coach.engine.assess import Assessor, assess

    if content is None:  # no pack reads the questionnaire: nothing will be assessed
        return assess
    assessor = Assessor(content)

    def with_compiled(given: Content, answers: Answers) -> Result:
        assert given is content, "the session assesses the content it was compiled for"
        return assessor.assess(answers)

    return with_compiled


def default_sink(run: InteractiveRun, cleanup: ExitStack) -> DraftSink:
    """The draft in the history store (StoreError, before any question, when it cannot open)."""
    from coach.session.drafts_store import open_sink

    return open_sink(
        run.home,
        run.db,
        run.person,
        run.chosen.questionnaire,
        quarter=run.quarter,
        keep_followups=run.save,
        cleanup=cleanup,
    )


def _run(
    run: InteractiveRun, assess: AssessFn, ask: Ask, console: Console, sink: DraftSink
) -> Result | None:
    questionnaire = run.chosen.questionnaire
    session: Session | None = None
    rounds: FollowupRound | None = None
    try:
        session, resumed, dropped = open_session(sink, run, ask)
        rounds, previous = _from_history(run, sink, console, ask)
        from_job = _job_refs(sink)
        if resumed:
            welcome_back(console, session, dropped, len(rounds.state.resumed) if rounds else 0)
        else:
            if run.resume:
                say(console, Text("There was nothing to resume; starting afresh.", "muted"))
            welcome(
                console,
                questionnaire,
                sink.where,
                followups=rounds.count if rounds else 0,
                plans=rounds.state.quarters if rounds else (),
                defaults=any(questionnaire.questions[r].remember for r in set(previous) - from_job),
                habits=sink.habit_lines() if isinstance(sink, HistorySink) else (),
            )
            if not ask(start_spec()):
                say(console, "Nothing was asked and nothing was saved. Run `coach assess` later.")
                return None
        answers = Interview(session, console, sink, ask, rounds, previous, from_job).run()
    except KeyboardInterrupt:
        raise StoppedWithDraft(_stopped_message(session, sink, rounds)) from None
    if answers is None:
        say(console, f"Your answers are kept in {sink.where}.")
        say(console, "Run `coach assess --resume` to carry on.")
        return None
    return _finish(run, answers, assess, console, sink, rounds)


def _from_history(
    run: InteractiveRun, sink: DraftSink, console: Console, ask: Ask
) -> tuple[FollowupRound | None, Answers]:
    """The follow-ups to ask and last time's answers, when the drafts live in the history.

    Follow-ups only come with a questionnaire the rule pack reads: they feed its rules, and a
    questionnaire of its own (an HR pulse) is no place to ask about a coaching plan.
    """
    if not isinstance(sink, HistorySink):
        return None, {}
    previous, _ = fit_answers(run.chosen.questionnaire, sink.previous_answers())
    from coach.habits import job_answers

    # A recorded job answers some questions (months in role): offered, so not typed each time.
    given, _ = fit_answers(run.chosen.questionnaire, job_answers(sink.history_facts()))
    previous.update(given)
    if run.chosen.content is None:
        return None, previous
    state = sink.followups()
    return (FollowupRound(state, sink, console, ask) if state.items else None), previous


def _job_refs(sink: DraftSink) -> frozenset[str]:
    """The questions whose default a recorded job gives (months in role), not last time."""
    if not isinstance(sink, HistorySink):
        return frozenset()
    from coach.habits import job_answers

    return frozenset(job_answers(sink.history_facts()))


def _stopped_message(
    session: Session | None, sink: DraftSink, rounds: FollowupRound | None = None
) -> str:
    followed = 0
    if rounds is not None and isinstance(sink, HistorySink) and sink.keep_followups:
        followed = len(rounds.state.answered)
    answered = (len(session.answers) if session is not None else 0) + followed
    if session is None:
        kept = "Any unfinished answers are kept, as they were, in"
    elif answered:
        kept = f"Your {answered} answer{'s are' if answered > 1 else ' is'} kept in"
    else:
        return "stopped. Nothing was answered yet, so nothing was kept."
    return (
        f"\ncoach: stopped. {kept}\n  {sink.where}\n"
        "Run `coach assess --resume` to carry on where you stopped."
    )


def _finish(
    run: InteractiveRun,
    answers: Answers,
    assess: AssessFn,
    console: Console,
    sink: DraftSink,
    rounds: FollowupRound | None = None,
) -> Result | None:
    """Assess, keep the answers (history, or an answers file), show the report."""
    from coach.ui.report import render_report

    chosen = run.chosen
    if chosen.content is None:
        path = save_answers_file(run.home, chosen.questionnaire, answers, run.person)
        sink.discard()
        say(console)
        say(
            console,
            f"Thank you. No rule pack reads the questionnaire '{chosen.questionnaire.id}' "
            f"(the pack {chosen.pack_name} reads '{chosen.pack_reads}'), so there is no report. "
            f"Your answers are saved in\n  {path}\nTo assess them, pass a pack that reads this "
            "questionnaire: `coach assess --answers FILE --rules PACK`.",
        )
        return None
    facts = (
        {**sink.history_facts(), **sink.followup_facts()} if isinstance(sink, HistorySink) else {}
    )
    result = assess(chosen.content, {**answers, **facts})
    if run.save:
        kept = sink.complete(answers, result)
    else:
        sink.discard()
        kept = "Not saved (--no-save)."
    console.print()
    if run.as_json:
        console.out(result.model_dump_json(indent=2), highlight=False)
    else:
        followed = rounds.state.followed() if rounds else ()
        render_report(console, result, limit=run.top, show_all=run.show_all, followed=followed)
    say(console, Text(kept, style="muted"))
    return result
