"""`coach rules new`: what to offer when asking for a rule, and adding it to a file safely.

The rule is written as commented YAML and inserted at the end of the file's `rules:` list;
nothing else in the file changes. Before the file is touched, the pack is loaded with the new
text in a scratch copy: a rule that would not load is refused with the loader's messages.
"""

from __future__ import annotations

import datetime
import json
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coach.conditions.ast import Op, operator_meant
from coach.content.bundle import BESIDE, Content, read_content
from coach.content.check import OPS_BY_TYPE
from coach.content.files import copy_regular_tree
from coach.content.pack import display_path, pin_extends, read_pack
from coach.content.tables import is_table_file
from coach.content.yamlio import loads
from coach.errors import CoachError, ContentError, ExitCode, Problem
from coach.model.rules import SEVERITIES

OP_WORDS = {
    Op.EQ: "is",
    Op.NE: "is not",
    Op.IN: "is one of",
    Op.NOT_IN: "is none of",
    Op.GT: "is more than",
    Op.GTE: "is at least",
    Op.LT: "is less than",
    Op.LTE: "is at most",
    Op.BETWEEN: "is between (both ends included)",
    Op.CONTAINS: "includes",
    Op.ANSWERED: "was answered",
    Op.UNANSWERED: "was not answered",
}


class ScaffoldError(CoachError):
    """The rule cannot be added to this file as it is."""

    exit_code = ExitCode.CONTENT


@dataclass
class RuleDraft:
    """A rule as asked for: one test on one answer, and what follows from it."""

    id: str
    title: str
    mistake: str
    ref: str
    op: str
    value: Any
    severity: str
    priority: int = 50
    because: str = ""
    sources: list[int] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)


def operators_for(content: Content, ref: str) -> list[str]:
    """The operators that apply to a question or score, most useful first."""
    target = content.questionnaire.questions.get(ref)
    kind = "score" if target is None else target.type
    return [op.value for op in OP_WORDS if op in OPS_BY_TYPE[kind]]


def questions(content: Content) -> list[tuple[str, str]]:
    """(reference, text) of every question and score a rule can read."""
    out = [(q.ref, " ".join(q.text.split())) for q in content.questionnaire.questions.values()]
    out += [(s.ref, s.title) for s in content.questionnaire.scores]
    return out


def actions_for(content: Content, mistake: str) -> list[tuple[str, str]]:
    """(id, title) of the actions, those meant for the mistake first."""
    actions = list(content.pack.actions.values())
    actions.sort(key=lambda a: mistake not in a.mistakes)
    return [(a.id, a.title) for a in actions]


def writes_into_shipped(rules: Path | None, file: Path | None) -> bool:
    """Whether a new rule would go into the installed shipped pack (no pack of one's own given).

    Writers never change that pack: an upgrade of coach replaces it.
    """
    from coach.content.bundle import SHIPPED_RULES

    def inside(path: Path) -> bool:
        try:
            return path.resolve().is_relative_to(SHIPPED_RULES.resolve())
        except (OSError, RuntimeError):
            return False

    return rules is None or inside(rules) or (file is not None and inside(file))


def given_parts(content: Content, options: dict[str, Any]) -> dict[str, Any]:
    """The parts of a rule given as text (the options of `coach rules new`), typed.

    Options left out (None) are not given; actions and sources are lists separated by commas
    (sources also by spaces); the value is read as the question and operator want it.
    """
    given = {k: v for k, v in options.items() if v is not None}
    if "rule_id" in given:
        given["id"] = given.pop("rule_id")
    if "actions" in given:
        given["actions"] = [a.strip() for a in given["actions"].split(",") if a.strip()]
    if "sources" in given:
        given["sources"] = [int(n) for n in given["sources"].replace(",", " ").split()]
    question, op = given.get("question"), given.get("op")
    if "value" in given and question and op:
        given["value"] = parse_value(content, question, op, given["value"])
    if op in ("answered", "unanswered"):
        given["value"] = True
    return given


def unknown_parts(content: Content, options: dict[str, Any]) -> list[str]:
    """What the options of `coach rules new` name that the pack does not have, in words.

    Checked before anything is asked or written: an unknown mistake or operator would
    otherwise be asked for again with no terminal to ask in, or fail deep inside.
    """
    from coach.errors import did_you_mean

    out = []
    mistake, ref, op = options.get("mistake"), options.get("question"), options.get("op")
    if mistake is not None and mistake not in content.pack.mistakes:
        hint = did_you_mean(mistake, content.pack.mistakes)
        out.append(f"--mistake: unknown mistake '{mistake}'{hint}")
    refs = [r for r, _ in questions(content)]
    if ref is not None and ref not in refs:
        out.append(f"--question: unknown question or score '{ref}'{did_you_mean(ref, refs)}")
        ref = None
    if op is not None:
        allowed = operators_for(content, ref) if ref else [o.value for o in OP_WORDS]
        if op not in allowed:
            what = f"for {ref}" if ref else "operator"
            meant = operator_meant(op, allowed)
            hint = f" (did you mean '{meant}'?)" if meant else ""
            out.append(
                f"--op: '{op}' is not an operator {what}{hint}; "
                f"one of: {', '.join(allowed)}".replace("operator operator", "operator")
            )
    for action in [a.strip() for a in (options.get("actions") or "").split(",") if a.strip()]:
        if action not in content.pack.actions:
            hint = did_you_mean(action, content.pack.actions)
            out.append(f"--actions: unknown action '{action}'{hint}")
    rule_id = options.get("rule_id")
    if rule_id is not None and rule_id in {rule.id for rule in content.pack.rules}:
        out.append(f"--id: '{rule_id}' is already a rule id of the pack")
    return out


def free_priority(content: Content, start: int = 50) -> int:
    """The first priority from `start` up that no rule of the pack has yet.

    A new rule at a priority of its own never ties with another (lint's `priority-tie`): the
    order of their actions then follows what the author chose, not where the rules are written.
    """
    taken = {rule.priority for rule in content.pack.rules}
    return next(n for n in range(start, start + len(taken) + 1) if n not in taken)


def defaults(content: Content, given: dict[str, Any]) -> dict[str, Any]:
    """The optional parts of a rule filled in, for when there is nobody to ask."""
    out = dict(given)
    mistake, ref = out.get("mistake"), out.get("question")
    if mistake in content.pack.mistakes:
        out.setdefault("sources", sources_for(content, mistake))
        if ref:
            out.setdefault("id", propose_id(content, mistake, ref))
    out.setdefault("actions", [])
    out.setdefault("priority", free_priority(content))
    return out


def missing(given: dict[str, Any]) -> list[str]:
    """The parts of a rule that have no default and were not given."""
    needed = ["mistake", "question", "op", "value", "severity", "title", "because"]
    if given.get("op") in ("answered", "unanswered"):
        needed.remove("value")
    return [name for name in needed if given.get(name) is None]


def sources_for(content: Content, mistake: str) -> list[int]:
    """The sources the mistake cites: a sensible default for a new rule's sources."""
    return list(content.pack.mistakes[mistake].sources)


def propose_id(content: Content, mistake: str, ref: str) -> str:
    """A rule id not used yet: `<mistake>-<question>`, numbered if needed."""
    stem = f"{mistake}-{ref.split('.')[-1].replace('_', '-')}"
    taken = {rule.id for rule in content.pack.rules}
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def parse_value(content: Content, ref: str, op: str, text: str) -> Any:
    """A typed value from what was typed: numbers, yes/no, options, lists for list operators."""
    question = content.questionnaire.questions.get(ref)
    kind = "score" if question is None else question.type
    if op in ("answered", "unanswered"):
        return True
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    values = [_typed(kind, part) for part in parts] or [_typed(kind, text.strip())]
    if op in ("in", "not_in", "between", "contains") and (len(values) > 1 or op != "contains"):
        return values
    return values[0]


def _typed(kind: str, text: str) -> Any:
    if kind in ("number", "scale", "score"):
        try:
            number = float(text)
        except ValueError:
            return text
        return int(number) if number.is_integer() else number
    if kind == "boolean":
        lowered = text.lower()
        return (
            lowered in ("yes", "y", "true")
            if lowered in ("yes", "y", "true", "no", "n", "false")
            else text
        )
    return text


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def render_rule(draft: RuleDraft, content: Content, indent: int = 2, today: str = "") -> str:
    """The rule as commented YAML, a list item indented `indent` spaces."""
    pad = " " * indent
    inner = pad + "  "
    question = content.questionnaire.questions.get(draft.ref)
    asked = " ".join(question.text.split()) if question is not None else draft.ref
    mistake = content.pack.mistakes[draft.mistake].title
    when = "{" + f"{draft.ref}: " + "{" + f"{draft.op}: {_scalar(draft.value)}" + "}}"
    date = today or datetime.date.today().isoformat()
    because = textwrap.fill(
        " ".join(draft.because.split()) or "Why this matters, citing the research [n].",
        width=96 - len(inner),
        initial_indent=inner + "  ",
        subsequent_indent=inner + "  ",
    )
    lines = [
        f"{pad}# Added with `coach rules new` on {date}. Read it through: check the title and the",
        f"{pad}# reasoning, and add a case to rules/tests/ (`coach rules test` runs it).",
        f"{pad}- id: {draft.id}",
        f"{inner}title: {_scalar(draft.title)}",
        f"{inner}mistake: {draft.mistake}  # {mistake}",
        f"{inner}severity: {draft.severity}  # {' | '.join(SEVERITIES)}",
        f"{inner}priority: {draft.priority}  # lower numbers rank their actions first",
        f"{inner}# fires when: {asked} -> {OP_WORDS[Op(draft.op)]} {_scalar(draft.value)}",
        f"{inner}when: {when}",
        f"{inner}because: >",
        because,
        f"{inner}sources: {_scalar(draft.sources)}",
        f"{inner}actions: [{', '.join(draft.actions)}]",
    ]
    return "\n".join(lines) + "\n"


def insert_rule(text: str, block: str, shown: str) -> str:
    """The file's text with `block` added as the last item of its `rules:` list."""
    located, problems = loads(text, shown)
    if problems:
        raise ContentError(problems)
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        raise ScaffoldError(f"{shown} is not a rules file (it is not a mapping)")
    if not text.endswith("\n") and text:
        text += "\n"
    if "rules" not in data:
        return text + ("\n" if text else "") + "rules:\n" + block
    rules = data["rules"]
    key_line, _ = located.key_marks[("rules",)]
    lines = text.splitlines(keepends=True)
    if not isinstance(rules, list):
        raise ScaffoldError(f"{shown}:{key_line}: `rules:` is not a list")
    if not rules:
        line = lines[key_line - 1]
        if line.split("#")[0].strip() not in ("rules: []", "rules:"):
            raise ScaffoldError(f"{shown}:{key_line}: write `rules:` as a list to add to it")
        lines[key_line - 1] = "rules:\n"
    elif located.marks[("rules", 0)][0] == key_line:
        raise ScaffoldError(
            f"{shown}:{key_line}: the rules are written as [...] on one line; "
            "write them as a list, one `- id:` per rule, to add to them"
        )
    after = [line for (key,), (line, _) in _top_keys(located) if line > key_line]
    end = min(after) - 1 if after else len(lines)
    while end > key_line and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # comments just above the next key belong to it
    blank = "" if end == key_line else _blank_before(lines[:end])
    return "".join(lines[:end]) + blank + block + "".join(lines[end:])


def _top_keys(located: Any) -> list[tuple[tuple[str], tuple[int, int]]]:
    return [(k, v) for k, v in located.key_marks.items() if len(k) == 1]


def _blank_before(lines: list[str]) -> str:
    return "" if not lines or not lines[-1].strip() else "\n"


def item_indent(text: str) -> int:
    """How far the file indents the `-` of its rules (2 when it has none yet)."""
    located, problems = loads(text, "")
    data = located.data
    if problems or not isinstance(data, dict) or not data.get("rules"):
        return 2
    column = located.marks[("rules", 0)][1]
    return max(0, column - 3)


def add_rule(
    path: Path, draft: RuleDraft, content: Content, rules: Path, questionnaires: Path | None
) -> str:
    """Add the rule to the file if the pack still loads with it; return the text added."""
    if path.exists() and is_table_file(path):
        raise ScaffoldError(f"{display_path(path)} is a decision table: add a row to it instead")
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    block = render_rule(draft, content, item_indent(text))
    new_text = insert_rule(text, block, display_path(path))
    _prove(path, new_text, rules, questionnaires)
    scratch = path.with_name(f".{path.name}.coach-new")
    scratch.write_text(new_text, encoding="utf-8")
    scratch.replace(path)
    return block


def _prove(path: Path, new_text: str, rules: Path, questionnaires: Path | None) -> None:
    """Load the pack with the new text in a scratch copy; raise with every error if it fails."""
    inside = path.parent.resolve() == rules.resolve()
    with tempfile.TemporaryDirectory(prefix="coach-new-") as scratch:
        copy = Path(scratch) / rules.name
        copy_regular_tree(rules, copy)
        pin_extends(copy, rules)
        target = copy / path.name if inside else Path(scratch) / path.name
        target.write_text(new_text, encoding="utf-8")
        for name in BESIDE:  # the questionnaires and instruments the pack may read
            if questionnaires is None and (rules.parent / name).is_dir():
                copy_regular_tree(rules.parent / name, Path(scratch) / name)
        content, problems = read_content(copy, questionnaires)
        if content is not None and not inside:
            _, problems = read_pack(copy, content.questionnaires, extra=[target])
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            shown = display_path(path)
            raise ContentError([_renamed(p, display_path(target), shown) for p in errors])


def _renamed(problem: Problem, scratch: str, shown: str) -> Problem:
    path = shown if problem.path == scratch else problem.path
    return Problem(
        path,
        problem.line,
        problem.column,
        problem.key_path,
        f"the new rule would not load: {problem.message}",
        problem.suggestion,
    )
