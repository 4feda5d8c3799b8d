"""Lint findings, and where the things they are about were written.

A finding is a located Problem (error or warning) plus the name of the check that found it and,
where it helps, a hint: what to do about it, in a sentence an HR author can act on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.conditions.ast import Origin
from coach.content.bundle import Content, default_questionnaire_folders, questionnaire_files
from coach.content.pack import display_path, rules_files
from coach.content.tables import Table, is_table_file, read_table
from coach.content.yamlio import load
from coach.errors import Problem
from coach.located import KeyPath, Located


@dataclass(frozen=True)
class Finding:
    """One thing lint found."""

    check: str
    problem: Problem
    hint: str | None = None
    subject: str | None = field(default=None, compare=False)  # the id the finding is about

    @property
    def severity(self) -> str:
        """'error' or 'warning'."""
        return self.problem.severity

    def to_dict(self) -> dict[str, Any]:
        """The finding as plain data for --json."""
        p = self.problem
        return {
            "path": p.path,
            "line": p.line,
            "column": p.column,
            "key_path": p.key_path,
            "severity": p.severity,
            "check": self.check,
            "message": p.message,
            "suggestion": p.suggestion,
            "hint": self.hint,
        }

    def __str__(self) -> str:
        p = self.problem
        where = p.path + "".join(f":{n}" for n in (p.line, p.column) if n is not None)
        text = f"{where}: {p.severity}: "
        text += f"{p.key_path}: {p.message}" if p.key_path else p.message
        if p.suggestion:
            text += f" (did you mean '{p.suggestion}'?)"
        text += f" [{self.check}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def at(
    check: str,
    origin: Origin,
    message: str,
    *,
    severity: str = "warning",
    hint: str | None = None,
) -> Finding:
    """A finding at a condition node's origin."""
    problem = Problem(
        origin.path, origin.line, origin.column, origin.key_path, message, severity=severity
    )
    return Finding(check, problem, hint)


@dataclass
class Sites:
    """Where each rule, action, mistake, question and named condition of the content was written."""

    rules: dict[str, tuple[Located, KeyPath]] = field(default_factory=dict)
    files: dict[str, Located] = field(default_factory=dict)
    tables: list[Table] = field(default_factory=list)
    questionnaire: Located | None = None

    def find(
        self,
        check: str,
        located: Located | None,
        loc: KeyPath,
        message: str,
        *,
        severity: str = "warning",
        hint: str | None = None,
        fallback: str = "",
        subject: str | None = None,
    ) -> Finding:
        """A finding at `loc` of a file (or naming `fallback` when the file is unknown)."""
        if located is None:
            problem = Problem(fallback, None, None, "", message, severity=severity)
        else:
            found = located.problem(loc, message)
            problem = Problem(
                found.path, found.line, found.column, found.key_path, message, severity=severity
            )
        return Finding(check, problem, hint, subject)

    def rule(self, check: str, rule_id: str, key: str, message: str, **kwargs: Any) -> Finding:
        """A finding at one key of a rule (`id`, `priority`, `when`, ...)."""
        located, loc = self.rules.get(rule_id, (None, ()))
        if located is not None and key and (*loc, key) not in _marked(located):
            key = "id"
        return self.find(check, located, (*loc, key) if key else loc, message, **kwargs)


def _marked(located: Located) -> set[KeyPath]:
    from coach.content.table_spec import TableLocated

    if isinstance(located, TableLocated):
        return {k for k in located.alias}
    return set(located.marks)


def find_sites(content: Content, questionnaires: Path | None, extra: list[Path]) -> Sites:
    """Read again, with marks, the files the content came from."""
    sites = Sites()
    root = content.pack.root
    for path in [*rules_files(root), *extra]:
        shown = display_path(path)
        located: Located | None
        if is_table_file(path):
            located, _, table, _ = read_table(path, shown)
            if table is not None:
                sites.tables.append(table)
        else:
            located, _ = load(path, shown)
        if located is None:
            continue
        sites.files[path.name] = located
        raw = located.data.get("rules") if isinstance(located.data, dict) else None
        for i, rule in enumerate(raw if isinstance(raw, list) else []):
            if isinstance(rule, dict) and isinstance(rule.get("id"), str):
                sites.rules.setdefault(rule["id"], (located, ("rules", i)))
    for name in ("pack.yaml", "actions.yaml", "mistakes.yaml", "sources.yaml"):
        sites.files[name] = load(root / name, display_path(root / name))[0]
    sites.questionnaire = _questionnaire_file(content, questionnaires)
    return sites


def _questionnaire_file(content: Content, questionnaires: Path | None) -> Located | None:
    root = content.pack.root
    folders = [questionnaires] if questionnaires else default_questionnaire_folders(root)
    found = None
    for folder in folders:
        if not folder.exists():
            continue
        for path in questionnaire_files(folder):
            located, problems = load(path, display_path(path))
            data = located.data
            if (
                not problems
                and isinstance(data, dict)
                and data.get("id") == content.questionnaire.id
            ):
                found = located
    return found
