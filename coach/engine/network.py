"""A model of the alpha network durable_rules builds, to keep packs inside its fixed limits.

durable_rules (2.0.28, `src/rules/rete.c` and `events.c`) turns each rule into a path of alpha
nodes, shared between rules where parent, operator, field and value agree; `$and` chains nodes,
`$or` links every branch's last node to a fresh "forward" node. Its fixed-size tables fail in
ways that must never reach a user:

- a node keeps its children in a 512-slot table; adding the 512th child hangs `create_ruleset`
  forever (a probe loop without a full check);
- a node's list of `$nex`/forward children holds 128 (error 107), and it can feed 256 rules
  (error 108); every entry of that list is pushed when the node matches, so the stack bound
  below (48) keeps the list far inside 128 and needs no check of its own;
- matching walks the network with a 64-entry stack and pushes every matching child of a node at
  once: facts that make more than 64 pending nodes fail (error 303) or crash the process.

This module replays the construction for a set of formulas and reports the worst case: the
deepest stack any fact could need (every child assumed to match, except `$eq` children on one
field, of which at most one can) and the fullest table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from coach.engine.formula import EQ, And, Cmp, Exists, Formula

# Our ceilings, well inside the engine's (512 / 256 / 64).
MAX_CHILDREN = 400
MAX_RULES_PER_NODE = 192
MAX_STACK = 48

_Key = tuple[str, str, object]  # operator, field, value (None for a presence test)


@dataclass
class _Node:
    """One alpha node: its test (None for the root and forward nodes) and its outgoing links."""

    key: _Key | None
    children: dict[_Key, int] = field(default_factory=dict)
    next_list: list[int] = field(default_factory=list)
    rules: int = 0


class AlphaNetwork:
    """The alpha nodes of one ruleset (or one subtree of it), built like the engine builds them."""

    ROOT = 0

    def __init__(self) -> None:
        self._nodes: list[_Node] = [_Node(None)]
        self._depth: dict[int, int] = {}
        self._dirty: set[int] = {self.ROOT}
        self._touched: set[int] = set()

    def add_rule(self, formula: Formula, parent: int = ROOT) -> int:
        """Add one rule's condition below `parent`; return its last node."""
        self._touched = {parent}
        end = self._add(parent, formula)
        self._nodes[end].rules += 1
        self._touched.add(end)
        # Only the nodes on the rule's paths changed; a new rule never reaches below an older
        # rule's forward node, so every ancestor of a changed node was visited too.
        for node in self._touched:
            self._depth.pop(node, None)
        self._dirty |= self._touched
        return end

    def _add(self, parent: int, formula: Formula) -> int:
        self._touched.add(parent)
        if isinstance(formula, Cmp | Exists):
            return self._find_or_create(parent, formula)
        if isinstance(formula, And):
            current = parent
            for item in formula.items:
                current = self._add(current, item)
            return current
        forward = self._new(None)
        for item in formula.items:
            end = self._add(parent, item)
            self._nodes[end].next_list.append(forward)
            self._touched.add(end)
        return forward

    def _find_or_create(self, parent: int, test: Cmp | Exists) -> int:
        key: _Key
        if isinstance(test, Cmp):
            key = (test.op, test.field, test.value)
        else:
            key = ("$ex" if test.present else "$nex", test.field, None)
        node = self._nodes[parent]
        found = node.children.get(key)
        if found is not None:
            return found
        created = self._new(key)
        node.children[key] = created
        if key[0] == "$nex":
            node.next_list.append(created)
        return created

    def _new(self, key: _Key | None) -> int:
        index = len(self._nodes)
        self._nodes.append(_Node(key))
        self._touched.add(index)
        return index

    def stack_depth(self, node: int = ROOT) -> int:
        """The most stack entries matching could need below `node` (the engine has 64)."""
        known = self._depth.get(node)
        if known is None:
            known = self._depth[node] = self._measure(node)
        return known

    def _measure(self, node: int) -> int:
        current = self._nodes[node]
        hashed = [child for key, child in current.children.items() if key[0] != "$nex"]
        pushed = hashed + current.next_list
        # At most one `$eq` child per field can match; any other child may. Each takes an entry;
        # the deepest child's own entries stack on top of the last one (a leaf needs none).
        eq_fields = {key[1] for key in current.children if key[0] == EQ}
        width = len(eq_fields) + sum(1 for c in pushed if self._op(c) != EQ)
        return width - 1 + max([1, *(self.stack_depth(c) for c in pushed)])

    def _op(self, node: int) -> str:
        key = self._nodes[node].key
        return key[0] if key else ""

    def problem(self, stack_limit: int = MAX_STACK) -> str | None:
        """The first engine limit this network comes near, or None when it is safe.

        Only nodes changed since the last call are checked for size: call it after every rule.
        """
        dirty, self._dirty = self._dirty, set()
        for node in (self._nodes[index] for index in sorted(dirty)):
            hashed = sum(1 for key in node.children if key[0] != "$nex")
            if hashed > MAX_CHILDREN:
                return f"{hashed} alternatives below one test (limit {MAX_CHILDREN})"
            if node.rules > MAX_RULES_PER_NODE:
                return f"{node.rules} rules ending on one test (limit {MAX_RULES_PER_NODE})"
        depth = self.stack_depth()
        if depth > stack_limit:
            return f"{depth} tests that can hold at once (limit {stack_limit})"
        return None
