"""Linting a pack that does not load: set the broken rules aside and lint the rest.

A typo in one rule should not hide a duplicate in another. The pack is copied to a scratch
folder, and every rule (or named condition) with a load error is commented out line by line, so
line numbers do not move; this repeats until the rest loads. Findings on the copy are reported
at the original files' paths. Findings about things only the set-aside rules used (an action,
a mistake, a question) are dropped, since they would be false.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from coach.content.bundle import BESIDE, SHIPPED_RULES, Content, read_content
from coach.content.files import copy_regular_tree
from coach.content.pack import display_path, pin_extends, rules_files
from coach.content.tables import is_table_file
from coach.content.yamlio import load
from coach.errors import Problem

ROUNDS = 5
_RULE_INDEX = re.compile(r"^rules\[(\d+)\]")


@dataclass
class Reduced:
    """The pack without its broken rules, and what was set aside."""

    content: Content
    paths: dict[str, str]  # shown path in the scratch copy -> shown path of the original
    set_aside: set[str] = field(default_factory=set)  # every id and reference they mention
    alive: dict[str, list[int]] = field(default_factory=dict)  # copy path -> original indexes

    def original(self, problem: Problem) -> Problem:
        """The problem as it reads in the original file: its path and its rule's index."""
        path = self.paths.get(problem.path, problem.path)
        key_path = problem.key_path
        alive = self.alive.get(problem.path)
        match = _RULE_INDEX.match(key_path)
        if alive is not None and match and int(match.group(1)) < len(alive):
            key_path = f"rules[{alive[int(match.group(1))]}]{key_path[match.end() :]}"
        return replace(problem, path=path, key_path=key_path)


@contextmanager
def reduced_pack(
    rules: Path | None, questionnaires: Path | None, problems: list[Problem]
) -> Iterator[Reduced | None]:
    """The pack without the rules that have errors (None when that does not help)."""
    root = rules or SHIPPED_RULES
    shown = {display_path(p): p.name for p in rules_files(root)}
    if not problems or any(p.path not in shown for p in problems if p.severity == "error"):
        yield None  # something outside the rules files is broken: nothing to lint
        return
    with tempfile.TemporaryDirectory(prefix="coach-lint-") as scratch:
        copy = Path(scratch) / root.name
        copy_regular_tree(root, copy)
        pin_extends(copy, root)
        besides = [root.parent / name for name in BESIDE]
        for beside in besides:
            if questionnaires is None and beside.is_dir():
                copy_regular_tree(beside, Path(scratch) / beside.name)
        paths = {
            display_path(Path(scratch) / rel): display_path(root.parent / rel)
            for rel in _files(root.parent, [root, *besides])
        }
        yield _reduce(copy, questionnaires, problems, paths)


def _files(parent: Path, folders: list[Path]) -> list[Path]:
    return [
        p.relative_to(parent)
        for folder in folders
        if folder.is_dir()
        for p in folder.rglob("*")
        if p.is_file()
    ]


def _reduce(
    copy: Path, questionnaires: Path | None, problems: list[Problem], paths: dict[str, str]
) -> Reduced | None:
    back = {original: mine for mine, original in paths.items()}
    reduced = Reduced(Content({}, None), paths)  # type: ignore[arg-type]
    current = [replace(p, path=back.get(p.path, p.path)) for p in problems]
    # what a broken rule meant to use is not "unused": the suggestion names it
    reduced.set_aside |= {p.suggestion for p in problems if p.suggestion}
    for _ in range(ROUNDS):
        progress = False
        for shown in {p.path for p in current}:
            file = copy / Path(shown).name
            lines = {p.line for p in current if p.path == shown and p.line}
            if not file.is_file():
                continue
            if is_table_file(file) or load(file)[1]:
                # a table, or not YAML at all: set the whole file aside
                file.unlink()
                reduced.set_aside.add(f"file:{shown}")
                progress = True
                continue
            mentioned, dropped = _comment_out(file, lines)
            alive = reduced.alive.setdefault(shown, list(range(_count_rules(file, dropped))))
            for index in sorted(dropped, reverse=True):
                del alive[index]
            progress |= bool(mentioned)
            reduced.set_aside |= mentioned
        if not progress:
            return None
        content, again = read_content(copy, questionnaires)
        current = [p for p in again if p.severity == "error"]
        if content is not None and not current:
            reduced.content = content
            return reduced
    return None


def _count_rules(file: Path, dropped: list[int]) -> int:
    """How many rules the file had before `dropped` were commented out."""
    located, _ = load(file)
    rules = located.data.get("rules") if isinstance(located.data, dict) else None
    return (len(rules) if isinstance(rules, list) else 0) + len(dropped)


def _comment_out(file: Path, lines: set[int]) -> tuple[set[str], list[int]]:
    """Comment out the rules and named conditions holding these lines.

    Returns what they mention and the (current) indexes of the rules commented out.
    """
    located, problems = load(file)
    data = located.data
    if problems or not isinstance(data, dict):
        return set(), []
    text = file.read_text(encoding="utf-8").splitlines(keepends=True)
    blocks = _blocks(located.marks, located.key_marks, data, len(text))
    hit = [b for b in blocks if any(b[0] <= n <= b[1] for n in lines)]
    mentioned: set[str] = set()
    for start, end, raw, _ in hit:
        for n in range(start, end + 1):
            if text[n - 1].strip() and not text[n - 1].lstrip().startswith("#"):
                text[n - 1] = "#" + text[n - 1]
        mentioned |= _strings(raw)
    file.write_text("".join(text), encoding="utf-8")
    return mentioned, [index for *_, index in hit if index is not None]


def _blocks(
    marks: dict[Any, tuple[int, int]],
    key_marks: dict[Any, tuple[int, int]],
    data: dict[str, Any],
    last: int,
) -> list[tuple[int, int, Any, int | None]]:
    """(first line, last line, data, rule index) of every rule and named condition."""
    starts: list[tuple[int, Any, int | None]] = []
    rules = data.get("rules")
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        starts.append((marks[("rules", i)][0], rule, i))
    named = data.get("conditions")
    for name, body in (named if isinstance(named, dict) else {}).items():
        line = key_marks[("conditions", name)][0]
        starts.append((line, {"condition": name, "body": body}, None))
    top = sorted(line for key, (line, _) in key_marks.items() if len(key) == 1)
    starts.sort(key=lambda s: s[0])
    out = []
    for k, (start, raw, index) in enumerate(starts):
        following = [s[0] for s in starts[k + 1 :]] + [t for t in top if t > start] + [last + 1]
        out.append((start, min(following) - 1, raw, index))
    return out


def _strings(raw: Any) -> set[str]:
    if isinstance(raw, dict):
        return {str(k) for k in raw}.union(*(_strings(v) for v in raw.values()))
    if isinstance(raw, list):
        return set().union(*(_strings(v) for v in raw))
    return {str(raw)} if isinstance(raw, str | int) else set()
