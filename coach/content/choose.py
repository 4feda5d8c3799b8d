"""Choosing the questionnaire to ask: the pack's own, another by id, or an HR-written file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.content.bundle import Content, load_content
from coach.content.pack import display_path
from coach.content.questionnaires import load_questionnaire
from coach.errors import ContentError, suggest
from coach.model.questionnaire import Questionnaire


@dataclass(frozen=True)
class Chosen:
    """The questionnaire to ask, and the content to assess it with (None: no pack reads it)."""

    questionnaire: Questionnaire
    content: Content | None
    pack_reads: str
    pack_name: str


def choose_questionnaire(
    choice: str | None, rules: Path | None = None, questionnaires: Path | None = None
) -> Chosen:
    """Resolve `--questionnaire ID|FILE` against the pack in use.

    A file whose id is the one the pack reads is checked against the pack (so a changed
    question the rules rely on is a located error, not a surprise in the report). Any other
    questionnaire is asked without a pack: its answers are kept but not assessed.
    """
    content = load_content(rules, questionnaires)
    reads, name = content.pack.manifest.questionnaire, content.pack.manifest.name
    if choice is None:
        return Chosen(content.questionnaire, content, reads, name)
    path = Path(choice)
    if path.is_file():
        questionnaire = load_questionnaire(path, display_path(path))
        if questionnaire.id != reads:
            return Chosen(questionnaire, None, reads, name)
        content = load_content(rules, path)
        return Chosen(content.questionnaire, content, reads, name)
    found = content.questionnaires.get(choice)
    if found is None:
        known = ", ".join(sorted(content.questionnaires))
        raise ContentError.single(
            choice,
            f"no questionnaire file or id '{choice}' (known ids: {known})",
            suggestion=suggest(choice, content.questionnaires),
        )
    return Chosen(found, content if choice == reads else None, reads, name)
