"""A synthetic rule pack and answer sets shaped like the measurements in the durable-rules notes.

40 rules over an assessment of 30 number and 10 choice answers (plus a boolean and a multi-choice
question), each rule an all/any/not mix of two or three tests; answers are drawn so that about six
rules are true per assessment. Seeded: every run sees the same pack and answers.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coach.authoring.impact import outcome
from coach.conditions.ast import All, AnyOf, Condition, Not, Op, Test
from coach.engine import EngineRule
from coach.engine.assess import Assessor
from coach.engine.facts import build_facts

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


def _yaml_condition(condition: Condition) -> Any:
    if isinstance(condition, All):
        return {"all": [_yaml_condition(c) for c in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [_yaml_condition(c) for c in condition.items]}
    if isinstance(condition, Not):
        return {"not": _yaml_condition(condition.item)}
    assert isinstance(condition, Test)
    value = list(condition.value) if isinstance(condition.value, tuple) else condition.value
    return {condition.ref: {condition.op.value: value}}


def write_content(folder: Path, rules: list[EngineRule]) -> tuple[Path, Path]:
    """The pack as content files (questionnaire, rules, mistakes, actions, sources) under folder.

    Rule i diagnoses mistake m(i % 5) and suggests action a(i % 5); returns (rules dir,
    questionnaires dir) for `load_content`.
    """
    import yaml

    rules_dir, questionnaires_dir = folder / "rules", folder / "questionnaires"
    rules_dir.mkdir(parents=True, exist_ok=True)
    questionnaires_dir.mkdir(parents=True, exist_ok=True)
    sections: dict[str, list[dict[str, Any]]] = {}
    optional = {"required": False}
    for ref in NUMBERS:
        section, question = ref.split(".")
        sections.setdefault(section, []).append(
            {"id": question, "type": "number", "text": ref, "help": "h", "min": 0, "max": 100}
            | optional
        )
    for ref in CHOICES:
        section, question = ref.split(".")
        options = [{"value": o, "label": o.title()} for o in OPTIONS]
        sections.setdefault(section, []).append(
            {"id": question, "type": "single", "text": ref, "help": "h", "options": options}
            | optional
        )
    sections["w"] = [
        {"id": "on_call", "type": "boolean", "text": "On call?", "help": "h"} | optional
    ]
    kinds = [{"value": v, "label": v.title()} for v in ("mentoring", "hiring", "docs")]
    sections["r"] = [
        {"id": "invisible", "type": "multi", "text": "Work?", "help": "h", "options": kinds}
        | optional
    ]
    questionnaire = {
        "id": "bench",
        "version": 1,
        "title": "Bench",
        "sections": [{"id": s, "title": s.upper(), "questions": qs} for s, qs in sections.items()],
    }
    files: dict[Path, Any] = {
        questionnaires_dir / "bench.yaml": questionnaire,
        rules_dir / "pack.yaml": {
            "name": "bench-pack",
            "version": "1.0.0",
            "questionnaire": "bench",
        },
        rules_dir / "sources.yaml": {
            "sources": [{"id": 1, "title": "One", "url": "https://example.org/1"}]
        },
        rules_dir / "mistakes.yaml": {
            "mistakes": [
                {"id": f"m{i}", "title": f"M{i}", "summary": "s", "why": "w", "sources": [1]}
                for i in range(5)
            ]
        },
        rules_dir / "actions.yaml": {
            "actions": [
                {
                    "id": f"a{i}",
                    "title": f"A{i}",
                    "description": "d",
                    "first_step": "f",
                    "horizon": "this-week",
                    "effort": "low",
                    "mistakes": [f"m{i}"],
                    "sources": [1],
                }
                for i in range(5)
            ]
        },
        rules_dir / "rules.yaml": {
            "rules": [
                {
                    "id": rule.id,
                    "title": rule.id,
                    "mistake": f"m{i % 5}",
                    "severity": ("low", "medium", "high")[i % 3],
                    "priority": rule.priority,
                    "when": _yaml_condition(rule.condition),
                    "because": "b",
                    "sources": [1],
                    "actions": [f"a{i % 5}"],
                }
                for i, rule in enumerate(rules)
            ]
        },
    }
    for path, data in files.items():
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return rules_dir, questionnaires_dir


def diagnoser(assessor: Assessor) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """Answers in, diagnoses out, as `coach rules impact` replays them (no report, no evidence).

    Skip logic and scores (`build_facts`), the engine, then the one ranking (`impact.outcome`):
    each diagnosed mistake with its severity, and the suggested actions in the report's order.
    """
    content = assessor.content

    def diagnose(answer_set: dict[str, Any]) -> tuple[Any, ...]:
        facts, _ = build_facts(content.questionnaire, answer_set)
        return outcome(content, assessor.fired(facts), facts)

    return diagnose
