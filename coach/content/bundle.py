"""Finding and loading everything an assessment needs: questionnaires and a rule pack."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from coach.content.pack import RulePack, display_path, read_pack
from coach.content.places import SHIPPED as SHIPPED  # re-exported: users load content too
from coach.content.places import SHIPPED_EXAMPLES as SHIPPED_EXAMPLES
from coach.content.places import SHIPPED_INSTRUMENTS, SHIPPED_QUESTIONNAIRES
from coach.content.places import SHIPPED_RULES as SHIPPED_RULES
from coach.content.questionnaires import read_questionnaire
from coach.content.yamlio import load
from coach.errors import ContentError, Problem, checked_later
from coach.model.questionnaire import Questionnaire

# folders read beside a pack folder (`<pack>/../questionnaires`, `<pack>/../instruments`)
BESIDE = ("questionnaires", "instruments")


@dataclass(frozen=True)
class Content:
    """Questionnaires and the rule pack that reads one of them."""

    questionnaires: dict[str, Questionnaire]
    pack: RulePack

    @property
    def questionnaire(self) -> Questionnaire:
        """The questionnaire the pack is written for."""
        return self.questionnaires[self.pack.manifest.questionnaire]


def questionnaire_files(folder: Path) -> list[Path]:
    """The questionnaire files of a folder, sorted."""
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def read_questionnaires(folders: list[Path]) -> tuple[dict[str, Questionnaire], list[Problem]]:
    """Read every questionnaire file of the given folders (or files); later folders win."""
    found: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for folder in folders:
        where: dict[str, Path] = {}
        if not folder.exists():
            problems.append(Problem(display_path(folder), None, None, "", "no such file or folder"))
            continue
        for path in questionnaire_files(folder):
            shown = display_path(path)
            questionnaire, found_problems = read_questionnaire(path, shown)
            problems += found_problems
            if questionnaire is None:
                continue
            if questionnaire.id in where:
                first = where[questionnaire.id]  # read again for its line only when needed
                other = f"{display_path(first)}:{load(first)[0].where(('id',))[0]}"
                message = f"questionnaire id '{questionnaire.id}' is also used by {other}"
                problems.append(load(path, shown)[0].problem(("id",), message))
                continue
            where[questionnaire.id] = path
            found[questionnaire.id] = questionnaire  # a later folder overrides the shipped one
    return found, problems


def read_content(
    rules: Path | None = None, questionnaires: Path | None = None
) -> tuple[Content | None, list[Problem]]:
    """Read a pack and the questionnaires it may read; never raises for content problems.

    Without `questionnaires`, the shipped questionnaires and instruments are used, plus the
    `questionnaires` and `instruments` folders beside the rules folder, if there are any.
    Content that reads without errors is kept in the per-user cache (`coach.content.cache`)
    and read from there while its files are unchanged.
    """
    from coach.content.cache import cached

    def read() -> tuple[tuple[Content | None, list[Problem]], bool]:
        content, problems = _read_content(rules, questionnaires)
        return (content, problems), content is not None

    return cached(("content", str(rules), str(questionnaires)), read)


def _read_content(
    rules: Path | None, questionnaires: Path | None
) -> tuple[Content | None, list[Problem]]:
    rules_dir = rules or SHIPPED_RULES
    folders = [questionnaires] if questionnaires else default_questionnaire_folders(rules_dir)
    found, problems = read_questionnaires(folders)
    if any(p.severity == "error" for p in problems):
        later = "the rule pack is checked against its questionnaire"
        return None, [*problems, checked_later(display_path(rules_dir), later)]
    pack, pack_problems = read_pack(rules_dir, found)
    problems += pack_problems
    if pack is None or any(p.severity == "error" for p in problems):
        return None, problems
    return Content(found, pack), problems


def default_questionnaire_folders(rules_dir: Path) -> list[Path]:
    """Where a pack's questionnaires are looked for: shipped first, then beside the pack."""
    shipped = [SHIPPED_QUESTIONNAIRES, SHIPPED_INSTRUMENTS]
    known = {folder.resolve() for folder in shipped}
    beside = [rules_dir.absolute().parent / name for name in BESIDE]  # `.` has a parent too
    return shipped + [f for f in beside if f.is_dir() and f.resolve() not in known]


def load_content(rules: Path | None = None, questionnaires: Path | None = None) -> Content:
    """Load a pack and its questionnaires, or raise a ContentError listing every problem."""
    content, problems = read_content(rules, questionnaires)
    errors = [p for p in problems if p.severity == "error"]
    if content is None or errors:
        raise ContentError(errors + [p for p in problems if p.severity == "note"])
    return content
