"""The review conversation: which question comes next, and what each answer changes.

Pure orchestration: the flow never prompts, prints or writes. It hands question specs to an
injected `ask`, things to show to an injected `show`, and the review after every decision to an
injected `save` (so an interrupted review keeps everything decided up to that moment). The CLI
injects questionary prompts, rich panels and the history store; tests inject scripted answers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from coach.model.answers import InvalidAnswer
from coach.model.plan import OWNERS, STATUS_WORDS, PlanItem, Review
from coach.model.results import Diagnosis, Result, SuggestedAction
from coach.model.rules import SEVERITIES
from coach.review import decide

SHOWN_CANDIDATES = 8
SUGGESTED_CHECK_HINT = "suggested by the rule pack: Enter keeps it, or edit it"


@dataclass(frozen=True)
class Pick:
    """Choose one of `choices` (title, value); `default` is the value pointed at first."""

    key: str
    message: str
    choices: tuple[tuple[str, Any], ...]
    default: Any = None


@dataclass(frozen=True)
class Typed:
    """Type a line of text; `parse` turns it into the answer or raises InvalidAnswer."""

    key: str
    message: str
    parse: Callable[[str], Any]
    default: str = ""
    hint: str = ""


Spec = Pick | Typed


@dataclass(frozen=True)
class ShowDiagnosis:
    """Show a diagnosis with its evidence before the coach decides on it."""

    diagnosis: Diagnosis
    number: int
    total: int


@dataclass(frozen=True)
class ShowAction:
    """Show a suggested action (description, first step) before it is committed to."""

    action: SuggestedAction


@dataclass(frozen=True)
class ShowPlan:
    """Show the plan as it stands."""

    review: Review


@dataclass(frozen=True)
class ShowText:
    """A line of information for the coach."""

    text: str


Event = ShowDiagnosis | ShowAction | ShowPlan | ShowText


@dataclass(frozen=True)
class ReviewContext:
    """What the review is about: whose assessment, its result, and the previous plan."""

    person: str
    quarter: str
    result: Result
    today: date
    previous: tuple[PlanItem, ...] = ()
    previous_quarter: str | None = None
    open_items: frozenset[str] | None = None  # previous items still to ask about (None: all)

    def to_follow_up(self, review: Review) -> tuple[PlanItem, ...]:
        """The previous plan's items to ask about: still open, and not yet asked in `review`."""
        pending = decide.pending_followups(review, self.previous)
        return tuple(i for i in pending if self.open_items is None or i.uid in self.open_items)


def utc_now() -> datetime:
    """Now, in UTC (the store keeps aware UTC datetimes)."""
    return datetime.now(UTC)


OWNER_TITLES = {
    "engineer": "The engineer",
    "coach": "The coach",
    "manager": "The manager",
    "other": "Someone else (name them)",
}
VERDICT_TITLES = {
    "agree": "Agree",
    "adjust": "Adjust the severity",
    "dismiss": "Dismiss it (give a reason)",
}


class ReviewFlow:
    """One coach working through one review; `run` returns the review as left."""

    def __init__(
        self,
        context: ReviewContext,
        review: Review,
        *,
        ask: Callable[[Spec], Any],
        save: Callable[[Review], None],
        show: Callable[[Event], None],
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.context = context
        self.review = review
        self.ask = ask
        self.save = save
        self.show = show
        self.now = now
        self.show_all = False

    def _commit(self, review: Review) -> None:
        self.review = review
        self.save(review)

    # The walk ------------------------------------------------------------------------------

    def run(self) -> Review:
        """Ask what is still open, then the plan, then close (or leave open) the review."""
        if self.review.status == "closed":
            self._commit(decide.reopen(self.review, now=self.now()))
            self.show(ShowText("Reopened the review; everything decided before is kept."))
        elif self.review.decisions or self.review.items:
            kept = len(self.review.decisions)
            self.show(ShowText(f"Carrying on: {kept} decision(s) and the plan so far are kept."))
        if self.review.coach is None:
            self._ask_coach()
        for item in self.context.to_follow_up(self.review):
            self._follow_up(item)
        pending = decide.undecided(self.review, self.context.result)
        ordered = decide.diagnosis_order(self.context.result)
        for diagnosis in pending:
            self._decide(diagnosis, ordered.index(diagnosis) + 1, len(ordered))
        self._plan()
        self._finish()
        return self.review

    def _ask_coach(self) -> None:
        name = self.ask(
            Typed(
                "coach",
                "Who is the coach leading this review?",
                parse=lambda text: decide.optional_text(text, "the name", 200),
                default=self.review.coach or "",
                hint="your name, printed on the plan; Enter alone leaves it blank",
            )
        )
        self._commit(decide.set_coach(self.review, name, now=self.now()))

    def _follow_up(self, item: PlanItem) -> None:
        earlier = next((f for f in self.review.followups if f.item_uid == item.uid), None)
        quarter = self.context.previous_quarter or "last quarter"
        status = self.ask(
            Pick(
                f"followup:{item.uid}",
                f"From the plan of {quarter}: “{item.title}” (due {item.due:%d %b %Y}). "
                "How did it go?",
                tuple((STATUS_WORDS[s].capitalize(), s) for s in STATUS_WORDS),
                default=earlier.status if earlier else item.status,
            )
        )
        note = self.ask(
            Typed(
                f"followup-note:{item.uid}",
                "Anything to note about it?",
                parse=lambda text: decide.optional_text(text, "the note"),
                default=(earlier.note if earlier else None) or "",
                hint="Enter alone skips",
            )
        )
        self._commit(
            decide.record_followup(self.review, item.uid, status, note=note, now=self.now())
        )

    def _decide(self, diagnosis: Diagnosis, number: int, total: int) -> None:
        self.show(ShowDiagnosis(diagnosis, number, total))
        earlier = self.review.decision(diagnosis.mistake)
        mistake = diagnosis.mistake
        verdict = self.ask(
            Pick(
                f"verdict:{mistake}",
                f"Do you agree with “{diagnosis.title}” ({diagnosis.severity})?",
                tuple((VERDICT_TITLES[v], v) for v in VERDICT_TITLES),
                default=earlier.verdict if earlier else "agree",
            )
        )
        severity = reason = None
        if verdict == "adjust":
            choices = tuple(
                (s + ("  (as assessed)" if s == diagnosis.severity else ""), s) for s in SEVERITIES
            )
            severity = self.ask(
                Pick(
                    f"severity:{mistake}",
                    "What severity should it have?",
                    choices,
                    default=(earlier.severity if earlier else None) or diagnosis.severity,
                )
            )
        if verdict == "dismiss":
            reason = self.ask(
                Typed(
                    f"reason:{mistake}",
                    "Why do you dismiss it?",
                    parse=lambda text: decide.required_text(text, "why you dismiss it"),
                    default=(earlier.reason if earlier else None) or "",
                )
            )
        note = self.ask(
            Typed(
                f"note:{mistake}",
                "Notes for the plan",
                parse=lambda text: decide.optional_text(text, "the note"),
                default=(earlier.note if earlier else None) or "",
                hint="printed under the diagnosis; Enter alone skips",
            )
        )
        self._commit(
            decide.decide(
                self.review,
                diagnosis,
                verdict,
                severity=severity,
                reason=reason,
                note=note,
                now=self.now(),
            )
        )

    # The plan ------------------------------------------------------------------------------

    def _plan(self) -> None:
        while True:
            self.show(ShowPlan(self.review))
            choice = self.ask(self._plan_menu())
            kind, value = choice
            if kind == "done":
                return
            if kind == "more":
                self.show_all = True
            elif kind == "add":
                self._add(value)
            elif kind == "custom":
                self._add(None)
            elif kind == "edit":
                self._edit(value)

    def _plan_menu(self) -> Pick:
        offered = decide.candidates(self.context.result, self.review)
        shown = offered if self.show_all else offered[:SHOWN_CANDIDATES]
        choices: list[tuple[str, Any]] = [
            (f"Add: {a.title}  ({a.horizon}, {a.effort} effort)", ("add", a)) for a in shown
        ]
        if len(offered) > len(shown):
            choices.append((f"Show {len(offered) - len(shown)} more suggestions", ("more", None)))
        choices.append(("Write a custom action", ("custom", None)))
        choices += [(f"Change: {i.title}", ("edit", i.uid)) for i in self.review.items]
        choices.append(("Done with the plan", ("done", None)))
        return Pick(
            "plan", "The plan: add an action, or change one", tuple(choices), self._next(shown)
        )

    def _next(self, shown: tuple[SuggestedAction, ...]) -> tuple[str, Any]:
        """What Enter picks: the next of this month's suggested actions, then done.

        A coach who agrees with the suggested plan goes through it in order with Enter; the
        actions for later are a choice.
        """
        for action in shown:
            if action.stage == "this-month":
                return ("add", action)
        return ("add", shown[0]) if shown and not self.review.items else ("done", None)

    def _add(self, action: SuggestedAction | None) -> None:
        if action is not None:
            self.show(ShowAction(action))
            title, first_step = action.title, action.first_step
        else:
            title = self.ask(
                Typed(
                    "title",
                    "The action, in a line",
                    parse=lambda text: decide.required_text(text, "the action", 500),
                )
            )
            first_step = self.ask(
                Typed(
                    "first-step",
                    "Its first step",
                    parse=lambda text: decide.optional_text(text, "the first step"),
                    hint="what happens this week; Enter alone skips",
                )
            )
        owner, owner_name = self._ask_owner(None, None)
        due = self._ask_due(decide.default_due_choice(action), None)
        suggested = action.success_check if action else None
        check = self._ask_check(suggested or "", suggested=suggested is not None)
        review, _ = decide.add_item(
            self.review,
            now=self.now(),
            title=title,
            first_step=first_step,
            owner=owner,
            owner_name=owner_name,
            due=due,
            success_check=check,
            action=action,
        )
        self._commit(review)

    def _edit(self, uid: str) -> None:
        item = self.review.item(uid)
        assert item is not None
        what = self.ask(
            Pick(
                f"item:{uid}",
                f"“{item.title}”",
                (
                    ("Change owner, due date and success check", "change"),
                    ("Remove it from the plan", "remove"),
                    ("Leave it as it is", "keep"),
                ),
                default="change",
            )
        )
        if what == "remove":
            self._commit(decide.remove_item(self.review, uid, now=self.now()))
        elif what == "change":
            owner, owner_name = self._ask_owner(item.owner, item.owner_name)
            due = self._ask_due(None, item.due)
            check = self._ask_check(item.success_check)
            changes = {"owner": owner, "owner_name": owner_name, "due": due, "success_check": check}
            self._commit(decide.update_item(self.review, uid, now=self.now(), **changes))

    def _ask_owner(self, current: str | None, name: str | None) -> tuple[Any, str | None]:
        owner = self.ask(
            Pick(
                "owner",
                "Who owns it?",
                tuple((OWNER_TITLES[o], o) for o in OWNERS),
                default=current or "engineer",
            )
        )
        if owner not in ("other", "manager"):
            return owner, None
        required = owner == "other"
        named = self.ask(
            Typed(
                "owner-name",
                "Their name" if required else "The manager's name",
                parse=(
                    (lambda text: decide.required_text(text, "their name", 200))
                    if required
                    else (lambda text: decide.optional_text(text, "the name", 200))
                ),
                default=name or "",
                hint="" if required else "Enter alone skips",
            )
        )
        return owner, named

    def _ask_due(self, suggested: str | None, current: date | None) -> date:
        start = self.context.today
        choices: list[tuple[str, Any]] = [
            (f"{title} ({decide.due_date(key, start):%d %b %Y})", key)
            for key, (title, _) in decide.DUE_CHOICES.items()
        ]
        choices.append(("On a date", "date"))
        if current is not None:
            choices.insert(0, (f"Keep {current:%d %b %Y}", "keep"))
        choice = self.ask(Pick("due", "When is it due?", tuple(choices), suggested or "keep"))
        if choice == "keep" and current is not None:
            return current
        if choice == "date":
            day: date = self.ask(
                Typed(
                    "due-date",
                    "Due on which date?",
                    parse=lambda text: decide.parse_due(text, start),
                    default=current.isoformat() if current else "",
                    hint="YYYY-MM-DD",
                )
            )
            return day
        return decide.due_date(choice, start)

    def _ask_check(self, current: str, *, suggested: bool = False) -> str:
        """The success check; `suggested`: `current` is the action's own, from the rule pack."""
        check: str = self.ask(
            Typed(
                "check",
                "How will you know it worked?",
                parse=lambda text: decide.required_text(text, "how you will know it worked"),
                default=current,
                hint=SUGGESTED_CHECK_HINT if suggested else "the success check printed on the plan",
            )
        )
        return check

    # Closing -------------------------------------------------------------------------------

    def _finish(self) -> None:
        while True:
            choices: list[tuple[str, Any]] = [
                ("Close the review (it can be reopened)", "close"),
                ("Leave it open to finish later", "leave"),
                ("Back to the plan", "plan"),
            ]
            if self.context.result.diagnoses:
                choices.append(("Change a decision on a diagnosis", "decision"))
            if self.context.previous:
                choices.append(("Change a follow-up of last quarter's plan", "followup"))
            choices.append(("Notes on the whole review", "notes"))
            what = self.ask(Pick("finish", "Finish the review", tuple(choices), "close"))
            if what == "close":
                self._commit(decide.close(self.review, now=self.now()))
                return
            if what == "leave":
                return
            self._finish_step(what)

    def _finish_step(self, what: str) -> None:
        if what == "plan":
            self._plan()
        elif what == "decision":
            ordered = decide.diagnosis_order(self.context.result)
            chosen = self.ask(
                Pick(
                    "which-diagnosis",
                    "Which diagnosis?",
                    tuple((d.title, d.mistake) for d in ordered),
                )
            )
            diagnosis = next(d for d in ordered if d.mistake == chosen)
            self._decide(diagnosis, ordered.index(diagnosis) + 1, len(ordered))
        elif what == "followup":
            chosen = self.ask(
                Pick(
                    "which-followup",
                    "Which action of last quarter's plan?",
                    tuple((i.title, i.uid) for i in self.context.previous),
                )
            )
            self._follow_up(next(i for i in self.context.previous if i.uid == chosen))
        elif what == "notes":
            notes = self.ask(
                Typed(
                    "review-notes",
                    "Notes on the whole review",
                    parse=lambda text: decide.optional_text(text, "the notes"),
                    default=self.review.notes or "",
                    hint="printed with the plan; Enter alone clears them",
                )
            )
            self._commit(decide.set_notes(self.review, notes, now=self.now()))
        else:  # pragma: no cover - the menu offers nothing else
            raise InvalidAnswer(f"unknown choice {what!r}")
