"""The questions `coach rules new` asks, one after the other; the only caller of questionary here.

Anything already given on the command line is not asked. Every answer is checked as it is
typed (a number where a number is needed, an id not used yet), so the rule that comes out is
one the pack will load.
"""

from __future__ import annotations

import re
from typing import Any

from coach.authoring.scaffold import (
    OP_WORDS,
    RuleDraft,
    actions_for,
    free_priority,
    operators_for,
    parse_value,
    propose_id,
    questions,
    render_rule,
    sources_for,
)
from coach.conditions.ast import Op
from coach.content.bundle import Content
from coach.model.rules import SEVERITIES

_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


def ask_rule(content: Content, given: dict[str, Any], **io: Any) -> RuleDraft:
    """Ask for every part of a rule not in `given`; `io` passes input/output for tests."""
    import questionary

    def select(message: str, choices: list[Any], **kw: Any) -> Any:
        return questionary.select(message, choices=choices, **kw, **io).unsafe_ask()

    def text(message: str, **kw: Any) -> str:
        answer: str = questionary.text(message, **kw, **io).unsafe_ask()
        return answer.strip()

    def checkbox(message: str, choices: list[Any]) -> list[Any]:
        picked: list[Any] = questionary.checkbox(message, choices=choices, **io).unsafe_ask()
        return picked

    Choice = questionary.Choice
    mistake = given.get("mistake") or select(
        "Which mistake does the rule diagnose?",
        [Choice(f"{m.title} ({m.id})", m.id) for m in content.pack.mistakes.values()],
    )
    ref = given.get("question") or select(
        "Which answer does it look at? (type to filter)",
        [Choice(f"{r}  {t[:70]}", r) for r, t in questions(content)],
        use_search_filter=True,
        use_jk_keys=False,
    )
    op = given.get("op") or select(
        f"How is {ref} compared?",
        [Choice(f"{OP_WORDS[Op(o)]} ({o})", o) for o in operators_for(content, ref)],
    )
    value = given.get("value")
    if value is None:
        value = _ask_value(content, ref, op, (select, text, checkbox, Choice))
    severity = given.get("severity") or select(
        "How severe is it when this rule fires?", list(SEVERITIES), default="medium"
    )
    chosen = given.get("actions")
    if chosen is None:
        chosen = checkbox(
            "Which actions should it suggest? (space to pick, enter when done)",
            [Choice(f"{title} ({i})", i) for i, title in actions_for(content, mistake)],
        )
    taken = {rule.id for rule in content.pack.rules}
    rule_id = given.get("id") or text(
        "Rule id:",
        default=propose_id(content, mistake, ref),
        validate=lambda v: _id_ok(v.strip(), taken),
    )
    title = given.get("title") or text(
        "Title (what the person reads):", validate=lambda v: bool(v.strip()) or "give a title"
    )
    because = given.get("because") or text(
        "Because (why it matters, citing the research as [n]):",
        validate=lambda v: bool(v.strip()) or "say why, in a sentence or two",
    )
    sources = given.get("sources")
    if sources is None:
        default = ", ".join(map(str, sources_for(content, mistake)))
        answer = text("Sources (numbers from sources.yaml):", default=default, validate=_numbers_ok)
        sources = [int(n) for n in re.split(r"[,\s]+", answer) if n]
    priority = given.get("priority")
    if priority is None:
        answer = text(
            "Priority (lower ranks its actions first):",
            default=str(free_priority(content)),
            validate=_priority_ok,
        )
        priority = int(answer)
    return RuleDraft(
        rule_id, title, mistake, ref, op, value, severity, priority, because, sources, list(chosen)
    )


def confirm_rule(content: Content, draft: RuleDraft, shown: str, **io: Any) -> bool:
    """Show the rule as it will be written, then ask whether to add it to `shown`."""
    import questionary

    print("\n" + render_rule(draft, content), flush=True)
    answer: bool = questionary.confirm(
        f"Add this rule to {shown}?", default=True, **io
    ).unsafe_ask()
    return answer


def _ask_value(content: Content, ref: str, op: str, ask: tuple[Any, Any, Any, Any]) -> Any:
    select, text, checkbox, choice = ask
    if op in ("answered", "unanswered"):
        return True
    question = content.questionnaire.questions.get(ref)
    kind = "score" if question is None else question.type
    if kind == "boolean":
        return select(f"{ref} {OP_WORDS[Op(op)]}", [choice("yes", True), choice("no", False)])
    if kind in ("single", "multi") and question is not None:
        options = [choice(o.label, o.value) for o in question.options or ()]
        if op in ("in", "not_in", "contains"):
            picked = checkbox(f"{ref} {OP_WORDS[Op(op)]}:", options)
            return picked if len(picked) != 1 or op != "contains" else picked[0]
        return select(f"{ref} {OP_WORDS[Op(op)]}", options)
    bounds = question.bounds() if question is not None else None
    hint = f" ({bounds[0]:g} to {bounds[1]:g})" if bounds else ""
    shape = "low, high" if op == "between" else "a number"
    answer = text(
        f"{ref} {OP_WORDS[Op(op)]} ({shape}){hint}:",
        validate=lambda v: _value_ok(content, ref, op, v, bounds),
    )
    return parse_value(content, ref, op, answer)


def _value_ok(
    content: Content, ref: str, op: str, typed: str, bounds: tuple[float, float] | None
) -> bool | str:
    value = parse_value(content, ref, op, typed)
    values = value if isinstance(value, list) else [value]
    if not values or any(isinstance(v, str) or isinstance(v, bool) for v in values):
        return "type a number" if op != "between" else "type two numbers: low, high"
    if op == "between" and (len(values) != 2 or values[0] > values[1]):
        return "type two numbers, the lower first: 40, 55"
    if bounds and any(not bounds[0] <= v <= bounds[1] for v in values):
        return f"answers go from {bounds[0]:g} to {bounds[1]:g}"
    return True


def _id_ok(value: str, taken: set[str]) -> bool | str:
    if not _ID.match(value):
        return "use lowercase letters, digits, '-' and '_', starting with a letter"
    if value in taken:
        return f"'{value}' is already a rule id"
    return True


def _numbers_ok(value: str) -> bool | str:
    parts = [p for p in re.split(r"[,\s]+", value.strip()) if p]
    return bool(parts) and all(p.isdigit() for p in parts) or "numbers, e.g. 4, 11"


def _priority_ok(value: str) -> bool | str:
    return value.strip().isdigit() and int(value) <= 1000 or "a whole number from 0 to 1000"
