"""`coach validate`: classify the given paths and check each in its context."""

from __future__ import annotations

from pathlib import Path

from coach.content.bundle import Content, read_content, read_questionnaires
from coach.content.files import holds_pack
from coach.content.pack import CATALOG_FILES, display_path
from coach.content.places import SHIPPED_RULES
from coach.content.yamlio import load
from coach.errors import Problem, checked_later, problem_order

NOTHING_HERE = "is a folder with no content files (.yaml or .csv) in it: there is nothing to check"


def _sorted(problems: list[Problem]) -> list[Problem]:
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=problem_order)


def kind_of(path: Path) -> tuple[str, list[Problem]]:
    """What the file is, by its content, or why it cannot be read at all.

    One of: pack (a folder with pack.yaml), folder, pack-file (a catalog file), rules (a rules
    file or decision table), questionnaire, tests, answers, unknown, unreadable.
    """
    if path.is_dir():
        return ("pack" if (path / "pack.yaml").is_file() else "folder"), []
    if path.name in CATALOG_FILES:
        return "pack-file", []
    if path.suffix == ".csv":
        return "rules", []  # a decision table
    located, problems = load(path, display_path(path))
    if problems:
        return "unreadable", problems
    data = located.data
    if isinstance(data, dict):
        for key, kind in (
            ("sections", "questionnaire"),
            ("cases", "tests"),
            ("answers", "answers"),
        ):
            if key in data:
                return kind, []
        if "rules" in data or "conditions" in data or "table" in data:
            return "rules", []
        if data and all(isinstance(key, str) and "." in key for key in data):
            return "answers", []  # answers written flat: `section.question: value`
    return "unknown", []


def validate_paths(
    paths: list[Path], rules: Path | None, questionnaires: Path | None
) -> list[Problem]:
    """Every problem in the given paths (or in the content in use, with its tests)."""
    if not paths:
        return _sorted(_pack_with_tests(rules, questionnaires))
    problems: list[Problem] = []
    for path in paths:
        problems += _validate_one(path, rules, questionnaires)
    return _sorted(problems)


def _pack_with_tests(rules: Path | None, questionnaires: Path | None) -> list[Problem]:
    from coach.authoring.ruletests import find_test_files, read_cases
    from coach.engine.assess import engine_problems

    content, problems = read_content(rules, questionnaires)
    if content is None:
        tests = (rules or SHIPPED_RULES) / "tests"
        if tests.is_dir() and any(tests.glob("*.y*ml")):
            later = f"the rule tests in {display_path(tests)} are checked against the pack"
            problems = [*problems, checked_later(display_path(tests), later)]
        return problems
    problems += engine_problems(content)
    for path in find_test_files([], content):
        problems += read_cases(path, content)[1]
    return problems


def _validate_one(path: Path, rules: Path | None, questionnaires: Path | None) -> list[Problem]:
    kind, unreadable = kind_of(path)
    if unreadable:
        return unreadable
    if kind == "pack":
        return _pack_with_tests(path, questionnaires)
    if kind == "pack-file":
        return _pack_with_tests(path.parent, questionnaires)
    if kind == "folder" and holds_pack(path):
        return _pack_with_tests(path / "rules", questionnaires)  # a `coach rules init` folder
    if kind == "folder":
        children = sorted([*path.glob("*.y*ml"), *path.glob("*.csv")])
        if not children:  # not "All content is valid." when nothing was checked
            return [Problem(display_path(path), None, None, "", NOTHING_HERE)]
        return [p for child in children for p in _validate_one(child, rules, questionnaires)]
    if kind == "questionnaire":
        return read_questionnaires([path])[1]
    if kind == "rules":
        pack_dir = path.parent if (path.parent / "pack.yaml").is_file() else rules
        if pack_dir is None or path.parent.resolve() != pack_dir.resolve():
            return _rules_file_alone(path, rules, questionnaires)
        return read_content(pack_dir, questionnaires)[1]
    from coach.engine.assess import engine_problems

    content, problems = read_content(rules, questionnaires)
    if content is None:
        return problems
    problems += engine_problems(content)
    return problems + _in_context(kind, path, content)


def _in_context(kind: str, path: Path, content: Content) -> list[Problem]:
    from coach.authoring.ruletests import read_cases
    from coach.content.answers_file import read_answers

    if kind == "tests":
        return read_cases(path, content)[1]
    if kind == "answers":
        return read_answers(path, content.questionnaire, content.pack.actions)[1]
    shown = display_path(path)
    return [
        Problem(
            shown,
            None,
            None,
            "",
            "not a coach file: expected a questionnaire (sections:), rules (rules:), "
            "rule tests (cases:) or answers (answers:)",
        )
    ]


def _rules_file_alone(path: Path, rules: Path | None, questionnaires: Path | None) -> list[Problem]:
    """A rules file outside a pack folder is checked as if added to the pack in use."""
    from coach.content.bundle import SHIPPED_RULES
    from coach.content.pack import read_pack
    from coach.engine.assess import engine_problems

    content, problems = read_content(rules, questionnaires)
    if content is None:
        return problems
    problems += engine_problems(content)
    pack_root = rules or SHIPPED_RULES
    return read_pack(pack_root, content.questionnaires, extra=[path])[1]


def describe_questionnaires(
    paths: list[Path], rules: Path | None, questionnaires: Path | None
) -> list[str]:
    """For --verbose: each questionnaire in use (or given), its instrument terms and its scores."""
    given = [p for p in paths if p.is_file() and kind_of(p)[0] == "questionnaire"]
    if given:
        found = read_questionnaires(given)[0]
    else:
        packs = [p for p in paths if p.is_dir() and (p / "pack.yaml").is_file()]
        content = read_content(packs[0] if packs else rules, questionnaires)[0]
        found = content.questionnaires if content is not None else {}
    lines = []
    for questionnaire in found.values():
        kind = "instrument" if questionnaire.instrument else "questionnaire"
        lines.append(f"{kind} {questionnaire.id} (version {questionnaire.version}):")
        lines.append(f"  {questionnaire.title}; {len(questionnaire.questions)} questions")
        if questionnaire.instrument is not None:
            info = questionnaire.instrument
            lines.append(f"  cite: {' '.join(info.citation.split())}")
            lines.append(f"  licence: {' '.join(info.licence.split())}")
            if info.notice:
                lines.append(f"  notice: {' '.join(info.notice.split())}")
        for score in questionnaire.scores:
            lines.append(f"  {score.ref}: {questionnaire.score_summary(score)}")
    return lines
