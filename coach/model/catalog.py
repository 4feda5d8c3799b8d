"""The catalog: mistakes, actions, sources, notices and the rule pack manifest."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from coach.model.base import Kebab, Slug, Strict, Text, Version, WebAddress

Horizon = Literal["this-week", "30-days", "60-days", "90-days", "quarter"]
Effort = Literal["low", "medium", "high"]
HORIZON_ORDER: tuple[str, ...] = ("this-week", "30-days", "60-days", "90-days", "quarter")


class Source(Strict):
    """One work cited, numbered as in the research's list."""

    id: int = Field(ge=1)
    title: Text
    url: WebAddress


class Mistake(Strict):
    """One of the career mistakes the rules diagnose."""

    id: Slug
    title: Text
    summary: Text
    why: Text
    sources: tuple[int, ...] = Field(min_length=1)


class Action(Strict):
    """A concrete thing to do, with the first step for this week."""

    id: Kebab
    title: Text
    description: Text
    first_step: Text
    horizon: Horizon
    effort: Effort
    mistakes: tuple[Slug, ...] = Field(min_length=1)
    sources: tuple[int, ...] = Field(min_length=1)


class Notice(Strict):
    """Shown with sensitive diagnoses (health, bullying): not a diagnosis; where to get help."""

    title: Text
    text: Text
    help: tuple[Text, ...] = Field(min_length=1)


class ChangelogEntry(Strict):
    """One version's changes."""

    version: Version
    changes: tuple[Text, ...] = Field(min_length=1)


class PackManifest(Strict):
    """rules/pack.yaml: what the pack is and which questionnaire it reads."""

    name: Kebab
    version: Version
    description: str | None = None
    questionnaire: Kebab
    extends: str | None = Field(
        default=None,
        description="Reuse another pack's sources, mistakes, actions and notices (not its rules): "
        "`shipped` for coach's own pack, or the path of a rules folder relative to this file. "
        "sources.yaml, mistakes.yaml and actions.yaml are then optional.",
    )
    notices: dict[Slug, Notice] = Field(default_factory=dict)
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
