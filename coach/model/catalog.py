"""The catalog: mistakes, actions, sources, notices and the rule pack manifest."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coach.model.base import ContentId, Kebab, Slug, Strict, Text, Version, WebAddress, Whole

Horizon = Literal["this-week", "30-days", "60-days", "90-days", "quarter"]
Effort = Literal["low", "medium", "high"]
HORIZON_ORDER: tuple[str, ...] = ("this-week", "30-days", "60-days", "90-days", "quarter")


class Source(Strict):
    """One work cited, numbered as in the research's list."""

    id: Whole = Field(ge=1)
    title: Text
    url: WebAddress


class Mistake(Strict):
    """One of the career mistakes the rules diagnose."""

    id: Slug
    title: Text
    summary: Text
    why: Text
    sources: tuple[Whole, ...] = Field(min_length=1)
    sections: tuple[Slug, ...] = Field(
        default=(),
        description="Questionnaire sections that assess this mistake: with none of their "
        "questions answered, the mistake is reported as not assessed.",
    )
    kind: Literal["mistake", "concern"] = Field(
        default="mistake",
        description="`concern`: a finding that is not a career mistake (stress symptoms that "
        "nothing in the answers explains). Reported with the diagnoses, under its own title, "
        "but left out of the profile across the mistakes.",
    )


class Rewrite(Strict):
    """An action as another action makes it read (for the next job, when leaving)."""

    title: Text
    first_step: Text
    success_check: Text | None = Field(
        default=None,
        description="How you will know the rewritten action worked. The action's own check is "
        "not used for a rewrite, which asks for something else: without one here, the coach "
        "writes it in the review.",
    )
    same_as: Kebab | None = Field(
        default=None,
        description="Another action this one rewrites that, rewritten, asks for the same thing: "
        "a strength that says the person already does that one leaves this one out too.",
    )


class Action(Strict):
    """A concrete thing to do, with the first step for this week."""

    id: Kebab
    title: Text
    description: Text
    first_step: Text
    success_check: Text | None = Field(
        default=None,
        description="How you will know it worked: what the person and their coach can see by "
        'the due date ("you said no or not now to at least two requests"), not a feeling. '
        "`coach review` offers it as the success check (Enter accepts it) and the plan before "
        "a review prints it; without one, the coach writes it in the review.",
    )
    horizon: Horizon
    effort: Effort
    mistakes: tuple[Slug, ...] = Field(min_length=1)
    sources: tuple[Whole, ...] = Field(min_length=1)
    group: Slug = Field(
        default="remedy",
        description="Where the action ranks: one of pack.yaml `plan.groups`, which come first "
        "in their order (safety and health, then the verdict, then remedies).",
    )
    supersedes: tuple[Kebab, ...] = Field(
        default=(),
        description="Actions dropped from the plan whenever this one is in it (investing in a "
        "team you are leaving); `why` says so in the plan.",
    )
    rewrites: dict[Kebab, Rewrite] = Field(
        default_factory=dict,
        description="Actions kept but rewritten whenever this one is in the plan (keep your brag "
        "document for your next interviews).",
    )
    conflicts_with: tuple[Kebab, ...] = Field(
        default=(),
        description="Actions that never appear beside this one: the lower-ranked is dropped.",
    )
    why: Text | None = Field(
        default=None,
        description="Why the actions it supersedes or rewrites changed; required with either.",
    )
    notice: Slug | None = Field(
        default=None,
        description="A notice of pack.yaml `notices:` (health, bullying) that comes with this "
        "action wherever it is in the plan, whichever rule suggested it: an action that touches "
        "health or bullying says it is not a diagnosis and where to get help.",
    )


class Notice(Strict):
    """Shown with sensitive diagnoses (health, bullying): not a diagnosis; where to get help."""

    title: Text
    text: Text
    help: tuple[Text, ...] = Field(min_length=1)


class ChangelogEntry(Strict):
    """One version's changes."""

    version: Version
    changes: tuple[Text, ...] = Field(min_length=1)


class TenureStage(Strict):
    """One phase of the first months in a role (the six-month verdict: observe, test, decide)."""

    id: Slug
    title: Text
    months: tuple[Whole, Whole] = Field(description="First and last month of the phase (both in).")
    text: Text
    sources: tuple[Whole, ...] = Field(min_length=1)
    actions: tuple[Kebab, ...] = Field(
        default=(), description="Offered to everyone in this phase, whatever was diagnosed."
    )
    soften: tuple[Slug, ...] = Field(
        default=(),
        description="Mistakes that need time to show: in this phase their severity is at most "
        "`soften_to`, and the report says why.",
    )
    soften_to: Literal["low", "medium"] = "low"


class PlanSettings(Strict):
    """How the plan is put in order and focused (pack.yaml `plan:`)."""

    groups: tuple[Slug, ...] = Field(
        default=("safety", "verdict", "remedy"),
        description="Action groups in the order they rank; within a group, actions follow the "
        "diagnosis they remedy (the most severe first), then the rule's priority.",
    )
    outlive_dismissal: tuple[Slug, ...] = Field(
        default=(),
        description="Groups whose actions stay on offer in a coach's review when the coach "
        "dismisses the diagnosis that suggested them: they answer what the person reported "
        "(stress symptoms, bullying), not the name of the mistake.",
    )
    this_month: Whole = Field(default=3, ge=1, le=10, description="Actions shown for this month.")
    next: Whole = Field(default=3, ge=0, le=10, description="Actions shown as next.")
    primary: Whole = Field(
        default=3, ge=1, le=10, description="Primary diagnoses; the rest are 'also worth a look'."
    )
    keep_doing: Whole = Field(
        default=5,
        ge=1,
        le=30,
        description="Strengths named under 'keep doing' at most: one from each mistake's area "
        "first, in strengths.yaml order, then a second from each, and so on.",
    )
    months_in_role: tuple[str, ...] = Field(
        default=(),
        description="Answers or facts giving the months in the role; the first one known wins.",
    )
    tenure: tuple[TenureStage, ...] = ()


class PackManifest(Strict):
    """rules/pack.yaml: what the pack is and which questionnaire it reads."""

    name: ContentId
    version: Version
    description: str | None = None
    questionnaire: ContentId
    extends: str | None = Field(
        default=None,
        description="Reuse another pack's sources, mistakes, actions and notices (not its rules): "
        "`shipped` for coach's own pack, or the path of a rules folder relative to this file. "
        "sources.yaml, mistakes.yaml and actions.yaml are then optional.",
    )
    notices: dict[Slug, Notice] = Field(default_factory=dict)
    plan: PlanSettings = Field(default_factory=PlanSettings)
    changelog: tuple[ChangelogEntry, ...] = ()


class SourcesFile(Strict):
    """rules/sources.yaml."""

    sources: tuple[Source, ...] = Field(min_length=1)


class MistakesFile(Strict):
    """rules/mistakes.yaml."""

    mistakes: tuple[Mistake, ...] = Field(min_length=1)


class ActionsFile(Strict):
    """rules/actions.yaml."""

    actions: tuple[Action, ...] = Field(min_length=1)
