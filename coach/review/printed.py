"""From an assessment and its review (if any) to the printed plan: pure, no rendering.

Everything a renderer shows is decided here, in order and in words: which diagnoses and with
what severity after the coach's decision, each action's owner and due date in words, which
actions fall in which window of the 30/60/90-day timeline, last quarter's follow-through, and
which works are cited. The PDF, HTML and Markdown renderers only lay this out, so they agree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from coach.model.plan import (
    DONE_AGAIN,
    STATUS_WORDS,
    ActionRow,
    BragView,
    CitedSource,
    Decision,
    DiagnosisView,
    EvidenceLine,
    FollowThrough,
    FollowThroughRow,
    JobTimeline,
    PlanJudgement,
    PreviousPlan,
    PrintedPlan,
    ProfileRow,
    Review,
    RuleView,
    Signature,
    TimelineWindow,
)
from coach.model.results import (
    NOTHING_RECORDED,
    STAGE_WORDS,
    Evidence,
    FiredRule,
    Result,
    quiet_evidence,
)
from coach.review.decide import default_due_choice, diagnosis_order, due_date, final_severity

# Before a review, for an action the rule pack gives no success check.
UNREVIEWED_CHECK = "To agree with your coach"
OWNER_LABELS = {"engineer": "Engineer", "coach": "Coach", "manager": "Manager", "other": "Other"}
# The windows of the timeline: label, first day, last day (None: open-ended).
WINDOWS: tuple[tuple[str, int, int | None], ...] = (
    ("Days 1–30", 0, 30),
    ("Days 31–60", 31, 60),
    ("Days 61–90", 61, 90),
    ("After day 90", 91, None),
)


class DayScale:
    """Where a day after the start of the plan falls on a timeline, from 0 to 1.

    Days 0-90 take the whole line, or 80% of it when an action is due after day 90.
    """

    def __init__(self, last_day: int) -> None:
        self.last = max(last_day, 90)
        self.main = 1.0 if self.last <= 90 else 0.8

    def x(self, day: int) -> float:
        """The position of `day` (clamped to the line)."""
        day = max(0, min(day, self.last))
        if day <= 90:
            return self.main * day / 90
        return self.main + (1 - self.main) * (day - 90) / (self.last - 90)

    def windows(self) -> list[tuple[float, float, str]]:
        """The windows of the line: start, end, label."""
        spans = [(0, 30, "Days 1–30"), (30, 60, "31–60"), (60, 90, "61–90")]
        if self.last > 90:
            spans.append((90, self.last, "later"))
        return [(self.x(a), self.x(b), label) for a, b, label in spans]


class Work(Protocol):
    """A work cited: a source of the pack (`Source`) or one kept with a result (`CitedWork`)."""

    @property
    def title(self) -> str:
        """Its title."""

    @property
    def url(self) -> str:
        """Its web address."""


@dataclass(frozen=True)
class PlanInputs:
    """What the printed plan is made from."""

    person: str
    quarter: str
    result: Result
    sources: Mapping[int, Work]
    printed_on: date
    review: Review | None = None
    previous: PreviousPlan | None = None
    assessed_on: date | None = None
    brag: BragView | None = None
    job: JobTimeline | None = None


def day_text(day: date) -> str:
    """A date as the plan prints it: 14 Mar 2026 (unambiguous in every country)."""
    return f"{day.day} {day:%b %Y}"


def due_words(due: date, start: date) -> str:
    """A due date with how far it lies from the start of the plan."""
    days = (due - start).days
    if days == 14:
        ahead = "in 2 weeks"
    elif days in (30, 60, 90):
        ahead = f"in {days} days"
    elif days < 0:
        ahead = "before the plan started"
    else:
        ahead = f"day {days}"
    return f"{day_text(due)} ({ahead})"


def owner_words(owner: str, name: str | None, coach: str | None = None) -> str:
    """Who owns an action, in words: 'Manager (Dana)', 'Coach (Ana)', 'Engineer'."""
    shown = name or (coach if owner == "coach" else None)
    word = OWNER_LABELS.get(owner, owner)
    if owner == "other" and shown:
        return shown
    return f"{word} ({shown})" if shown else word


def build_printed_plan(inputs: PlanInputs) -> PrintedPlan:
    """The printed plan: the review's decisions and plan, or the suggested actions without one."""
    review = inputs.review
    start = review.created_at.astimezone().date() if review else inputs.printed_on
    actions = _review_rows(review, inputs.result) if review else _suggested_rows(inputs, start)
    return PrintedPlan(
        person=inputs.person,
        quarter=inputs.quarter,
        printed_on=inputs.printed_on,
        plan_start=start,
        coach=review.coach if review else None,
        reviewed=review is not None,
        review_closed=review is not None and review.status == "closed",
        review_notes=review.notes if review else None,
        profile=_profile(inputs.result, review),
        diagnoses=_diagnoses(inputs.result, review),
        actions=tuple(_with_due_words(actions, start)),
        timeline=timeline(actions, start),
        follow_through=_follow_through(
            inputs.previous,
            review,
            {i.action_id for i in review.items}
            if review
            else {a.id for a in inputs.result.actions},
        ),
        brag=inputs.brag,
        job=inputs.job,
        sources=_cited(
            inputs.result, actions, inputs.sources, inputs.job.sources if inputs.job else ()
        ),
        notices=inputs.result.notices,
        judgement=plan_judgement(inputs.result),
        signatures=_signatures(inputs.person, review, actions),
        content_line=_content_line(inputs),
    )


def _profile(result: Result, review: Review | None) -> tuple[ProfileRow, ...]:
    by_mistake = {d.mistake: d for d in result.diagnoses}
    rows = []
    for entry in result.profile:
        decision = review.decision(entry.mistake) if review else None
        diagnosis = by_mistake.get(entry.mistake)
        final = final_severity(diagnosis, decision) if diagnosis else None
        rows.append(
            ProfileRow(
                mistake=entry.mistake,
                title=entry.title,
                assessed=entry.severity,
                final=final,
                verdict=decision.verdict if decision else None,
                not_assessed=not entry.assessed,
            )
        )
    return tuple(rows)


def _diagnoses(result: Result, review: Review | None) -> tuple[DiagnosisView, ...]:
    """The diagnoses for print: those given in full first, the folded ones, the dismissed last.

    A diagnosis the coach dismissed gives its place in full to the next one kept, so the plan
    still opens on as many diagnoses as the assessment gave in full (pack.yaml `plan.primary`).
    """
    decided = [
        (diagnosis, review.decision(diagnosis.mistake) if review else None)
        for diagnosis in diagnosis_order(result)
    ]
    # The engine ranks those given in full first; the plan is about what was agreed.
    decided.sort(key=lambda p: (_dismissed(p[1]), not p[0].primary))
    in_full = sum(d.primary for d in result.diagnoses)
    views = []
    for place, (diagnosis, decision) in enumerate(decided):
        views.append(
            DiagnosisView(
                mistake=diagnosis.mistake,
                title=diagnosis.title,
                summary=diagnosis.summary,
                assessed=diagnosis.severity,
                final=final_severity(diagnosis, decision),
                verdict=decision.verdict if decision else None,
                reason=decision.reason if decision else None,
                note=decision.note if decision else None,
                rules=tuple(rule_view(r) for r in diagnosis.rules),
                notices=diagnosis.notices,
                primary=place < in_full and not _dismissed(decision),
            )
        )
    return tuple(views)


def _dismissed(decision: Decision | None) -> bool:
    return decision is not None and decision.verdict == "dismiss"


def rule_view(rule: FiredRule) -> RuleView:
    """A fired rule for print: one line per question, and for multi-choice what matched."""
    lines: dict[str, tuple[str, list[str], list[str]]] = {}
    ticked: set[str] = set()
    shown, quiet = quiet_evidence(rule.evidence)
    for evidence in shown:
        question, answers, tests = lines.setdefault(evidence.ref, (evidence.question, [], []))
        if evidence.test.startswith("includes "):
            ticked.add(evidence.ref)
            matched = evidence.test.removeprefix("includes ").split("; includes ")
            answers += [m for m in matched if m not in answers]
        else:
            if evidence.answer not in answers:
                answers.append(evidence.answer)
            if evidence.wanted and evidence.wanted not in tests:
                tests.append(evidence.wanted)
    return RuleView(
        id=rule.id,
        title=rule.title,
        severity=rule.severity,
        because=rule.because,
        sources=rule.sources,
        evidence=(
            *(
                EvidenceLine(
                    question=q, answer="; ".join(a), tests=tuple(t), ticked=ref in ticked and not t
                )
                for ref, (q, a, t) in lines.items()
            ),
            *(
                [EvidenceLine(question=NOTHING_RECORDED, answer=_questions(quiet), tests=())]
                if quiet
                else []
            ),
        ),
    )


def _questions(evidence: tuple[Evidence, ...]) -> str:
    return "; ".join(dict.fromkeys(e.question for e in evidence))


def _review_rows(review: Review, result: Result) -> list[ActionRow]:
    suggested = {a.id: a for a in result.actions}
    rows = []
    for number, item in enumerate(sorted(review.items, key=lambda i: i.due), start=1):
        action = suggested.get(item.action_id or "")
        rows.append(
            ActionRow(
                number=number,
                title=item.title,
                first_step=item.first_step or (action.first_step if action else ""),
                owner=owner_words(item.owner, item.owner_name, review.coach),
                owner_role=item.owner,
                owner_name=item.owner_name,
                due=item.due,
                due_words="",
                success_check=item.success_check,
                custom=item.action_id is None,
                sources=action.sources if action else (),
                status=item.status,
                stage=STAGE_WORDS[action.stage] if action else None,
                note=action.note if action else None,
            )
        )
    return rows


def _suggested_rows(inputs: PlanInputs, start: date) -> list[ActionRow]:
    rows = []
    for number, action in enumerate(inputs.result.actions, start=1):
        rows.append(
            ActionRow(
                number=number,
                title=action.title,
                first_step=action.first_step,
                owner=OWNER_LABELS["engineer"],
                owner_role="engineer",
                due=due_date(default_due_choice(action), start),
                due_words="",
                success_check=action.success_check or UNREVIEWED_CHECK,
                custom=False,
                sources=action.sources,
                stage=STAGE_WORDS[action.stage],
                note=action.note,
            )
        )
    return rows


def plan_judgement(result: Result) -> PlanJudgement:
    """What the printed plan says besides diagnoses and actions (coach.engine.judgement)."""
    titles = {p.mistake: p.title for p in result.profile}
    tenure = f"{result.tenure.lead} {result.tenure.text}" if result.tenure else None
    reasons: dict[str, list[str]] = {}
    for dropped in result.dropped:
        reasons.setdefault(dropped.because, []).append(dropped.title)
    return PlanJudgement(
        tenure=tenure,
        consistency=result.consistency,
        not_assessed=tuple(titles.get(m, m) for m in result.not_assessed),
        keep_doing=tuple(s.text for s in result.keep_doing),
        left_out=tuple(f"{'; '.join(t)}. {because}" for because, t in reasons.items()),
    )


def _with_due_words(rows: Iterable[ActionRow], start: date) -> Iterable[ActionRow]:
    for row in rows:
        yield row.model_copy(update={"due_words": due_words(row.due, start)})


def timeline(rows: Iterable[ActionRow], start: date) -> tuple[TimelineWindow, ...]:
    """The actions of each window of the timeline; the window after day 90 only when used."""
    placed: dict[str, list[int]] = {label: [] for label, _, _ in WINDOWS}
    for row in rows:
        days = (row.due - start).days
        label = next(
            (lab for lab, _, last in WINDOWS if last is None or days <= last), WINDOWS[-1][0]
        )
        placed[label].append(row.number)
    return tuple(
        TimelineWindow(label=label, start_day=first, end_day=last, actions=tuple(placed[label]))
        for label, first, last in WINDOWS
        if last is not None or placed[label]
    )


def _follow_through(
    previous: PreviousPlan | None, review: Review | None, planned: Collection[str | None]
) -> FollowThrough | None:
    """Last quarter's plan and how it went; an action done then and in this plan again says so."""
    if previous is None or not previous.items:
        return None
    recorded = {f.item_uid: f for f in review.followups} if review else {}
    rows = []
    for item in previous.items:
        followup = recorded.get(item.uid)
        status = followup.status if followup else item.status
        rows.append(
            FollowThroughRow(
                title=item.title,
                owner=owner_words(item.owner, item.owner_name, previous.coach),
                due=item.due,
                status=status,
                status_words=STATUS_WORDS[status]
                + (DONE_AGAIN if status == "done" and item.action_id in planned else ""),
                note=(followup.note if followup else None) or item.note,
            )
        )
    return FollowThrough(
        quarter=previous.quarter,
        rows=tuple(rows),
        done=sum(r.status == "done" for r in rows),
        partly=sum(r.status == "partly" for r in rows),
        total=len(rows),
    )


def _cited(
    result: Result,
    rows: Iterable[ActionRow],
    sources: Mapping[int, Work],
    also: Iterable[int] = (),
) -> tuple[CitedSource, ...]:
    numbers: set[int] = set(also)
    for diagnosis in result.diagnoses:
        numbers.update(diagnosis.sources)
        for rule in diagnosis.rules:
            numbers.update(rule.sources)
    for row in rows:
        numbers.update(row.sources)
    return tuple(
        CitedSource(number=n, title=sources[n].title, url=str(sources[n].url))
        for n in sorted(numbers)
        if n in sources
    )


def _signatures(
    person: str, review: Review | None, rows: Iterable[ActionRow]
) -> tuple[Signature, ...]:
    lines = [
        Signature(role="Engineer", name=person),
        Signature(role="Coach", name=review.coach if review else None),
    ]
    managers = [row.owner_name for row in rows if row.owner_role == "manager"]
    if managers:
        lines.append(Signature(role="Manager", name=next((m for m in managers if m), None)))
    return tuple(lines)


def _content_line(inputs: PlanInputs) -> str:
    result = inputs.result
    assessed = f" on {day_text(inputs.assessed_on)}" if inputs.assessed_on else ""
    return (
        f"Assessed{assessed} with questionnaire {result.questionnaire.id} "
        f"v{result.questionnaire.version} and rule pack {result.pack.id} v{result.pack.version}."
    )
