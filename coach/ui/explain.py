"""The terminal view of `coach rules explain`: one tree per rule, answers against what it wants."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from coach.authoring.explain import Explanation, Node, RuleExplanation

_GROUPS = {
    "all": "all of these must be true",
    "any": "at least one of these must be true",
    "not": "this must NOT be true",
}


def _mark(held: bool) -> Text:
    return Text("✓ " if held else "✗ ", style="green" if held else "red")


def _add(tree: Tree, node: Node) -> None:
    if node.kind == "test":
        label = Text.assemble(
            _mark(node.held),
            (node.question or "", "bold"),
            ("  " + (node.ref or ""), "muted"),
            "\n",
            ("answer: ", "muted"),
            (node.answer or "", ""),
            ("   the rule wants: ", "muted"),
            (node.wanted or "", ""),
            (f"   {node.where}" if node.where else "", "muted"),
        )
        tree.add(label)
        return
    words = _GROUPS[node.kind]
    if node.note:
        words += f" ({node.note})"
    branch = tree.add(Text.assemble(_mark(node.held), (words, "italic")))
    for child in node.children:
        _add(branch, child)


def rule_tree(item: RuleExplanation) -> Tree:
    """One rule: headline, condition tree, and what would make it fire."""
    status = (
        Text(" FIRED ", style="bold white on green")
        if item.fired
        else Text(" DID NOT FIRE ", style="bold white on red")
    )
    head = Text.assemble(
        status,
        "  ",
        (item.id, "bold"),
        "  ",
        item.title,
        (f"  ({item.mistake}, {item.severity})", "muted"),
    )
    tree = Tree(head, guide_style="muted")
    _add(tree, item.tree)
    if not item.fired:
        tree.add(Text("→ " + item.summary, style="bold"))
    return tree


def render_explanation(console: Console, explanation: Explanation, source: str) -> None:
    """Print every rule's tree, fired rules first."""
    who = explanation.person or "these answers"
    fired = sum(1 for r in explanation.rules if r.fired)
    console.print(
        Text.assemble(
            ("Why each rule fired or not, for ", ""),
            (who, "bold"),
            (f" ({source}): {fired} of {len(explanation.rules)} fired.", ""),
        )
    )
    for score in explanation.scores:
        value = "not scored" if score.value is None else f"{score.value:g}"
        console.print(
            Text.assemble(
                ("Score ", "muted"),
                (score.ref, "bold"),
                f" = {value} ({score.answered} of its items answered): ",
                (score.how, "muted"),
            )
        )
    for item in explanation.rules:
        console.print()
        console.print(rule_tree(item))
