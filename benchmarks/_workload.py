"""A synthetic rule pack and answer sets shaped like the measurements in the durable-rules notes.

40 rules over an assessment of 30 number and 10 choice answers (plus a boolean and a multi-choice
question), each rule an all/any/not mix of two or three tests; answers are drawn so that about six
rules are true per assessment. Seeded: every run sees the same pack and answers.
"""

from __future__ import annotations

import random
from typing import Any

from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.engine import EngineRule

NUMBERS = [f"s{i // 6}.n{i % 6}" for i in range(30)]
CHOICES = [f"c{i // 5}.k{i % 5}" for i in range(10)]
OPTIONS = ["planned", "reactive", "mixed", "other"]


def _leaf(rng: random.Random) -> Condition:
    roll = rng.random()
    if roll < 0.55:
        op = rng.choice([Op.GT, Op.GTE, Op.LT, Op.LTE])
        return Test(rng.choice(NUMBERS), op, rng.randint(10, 90))
    if roll < 0.7:
        low = rng.randint(0, 60)
        return Test(rng.choice(NUMBERS), Op.BETWEEN, (low, low + rng.randint(5, 40)))
    if roll < 0.85:
        return Test(rng.choice(CHOICES), Op.IN, tuple(rng.sample(OPTIONS, 2)))
    if roll < 0.92:
        return Test(rng.choice(CHOICES), Op.EQ, rng.choice(OPTIONS))
    if roll < 0.96:
        return Test("w.on_call", Op.EQ, True)
    return Test("r.invisible", Op.CONTAINS, ("mentoring",))


def _condition(rng: random.Random) -> Condition:
    items = [_leaf(rng) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.25:
        items[0] = Not(items[0])
    return All(tuple(items)) if rng.random() < 0.7 else AnyOf(tuple(items))


def pack(size: int = 40, seed: int = 7) -> list[EngineRule]:
    """`size` rules; different seeds give different packs (the engine caches identical ones)."""
    rng = random.Random(seed)
    return [EngineRule(f"rule-{seed}-{i}", i % 5, _condition(rng)) for i in range(size)]


def answers(count: int, seed: int = 11) -> list[dict[str, Any]]:
    """`count` answer sets; about one answer in twenty is left unanswered."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        facts: dict[str, Any] = {ref: rng.randint(0, 100) for ref in NUMBERS}
        facts.update({ref: rng.choice(OPTIONS) for ref in CHOICES})
        facts["w.on_call"] = rng.random() < 0.3
        facts["r.invisible"] = tuple(rng.sample(["mentoring", "hiring", "docs"], rng.randint(0, 2)))
        out.append({k: v for k, v in facts.items() if rng.random() > 0.05})
    return out
