"""Generated answers: plausible, valid answer sets for tests, benchmarks and impact previews.

Values are drawn near the thresholds the rules use as often as anywhere else, so a generated
population exercises the rules' edges (that is where a change of threshold shows). Skip logic is
followed: questions that would not be asked are left out, and optional ones are sometimes left
unanswered.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from coach.authoring.space import MISSING, AnswerSpace
from coach.conditions.ast import Condition
from coach.conditions.evaluate import evaluate
from coach.model.answers import Answers, AnswerValue
from coach.model.questionnaire import Question, Questionnaire

NAMES = ("Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivo", "Jo", "Kofi")


def random_answers(questionnaire: Questionnaire, space: AnswerSpace, rng: random.Random) -> Answers:
    """One valid set of answers, following skip logic."""
    answers: Answers = {}
    for section in questionnaire.sections:
        if section.when is not None and not evaluate(section.when, answers):
            continue
        for question in section.questions:
            if question.when is not None and not evaluate(question.when, answers):
                continue
            if not question.required and rng.random() < 0.1:
                continue
            value = _value(question, space, rng)
            if value is not None:
                answers[question.ref] = value
    return answers


def _value(question: Question, space: AnswerSpace, rng: random.Random) -> AnswerValue | None:
    kind = question.type
    if kind == "text":
        return "Something I did this quarter."
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "single":
        return rng.choice(question.option_values)
    if kind == "multi":
        picked = [v for v in question.option_values if rng.random() < 0.3]
        return tuple(picked)
    if kind == "scale" and question.scale is not None:
        return rng.randint(question.scale.min, question.scale.max)
    edges = [v for v in space.domain(question.ref) if v is not MISSING]
    low = question.min if question.min is not None else 0.0
    high = question.max if question.max is not None else max([low + 100, *edges])
    number: float = rng.choice(edges) if edges and rng.random() < 0.5 else rng.uniform(low, high)
    number = min(max(number, low), high)
    if question.integer:
        return int(round(number))
    return round(number, 1)


def population(
    questionnaire: Questionnaire, conditions: Iterable[Condition], count: int, seed: int = 1
) -> list[tuple[str, Answers]]:
    """`count` named answer sets, the same for the same seed."""
    rng = random.Random(seed)
    space = AnswerSpace(questionnaire, conditions)  # questions only: no follow-through
    out = []
    for i in range(count):
        name = f"{NAMES[i % len(NAMES)]} {i + 1}"
        out.append((name, random_answers(questionnaire, space, rng)))
    return out


def answers_yaml(questionnaire_id: str, person: str, answers: Answers) -> str:
    """An answers file's text."""
    data: dict[str, Any] = {
        "questionnaire": questionnaire_id,
        "person": person,
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()},
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return str(yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True))


def write_population(
    questionnaire: Questionnaire,
    conditions: Iterable[Condition],
    folder: Path,
    count: int,
    seed: int = 1,
) -> list[Path]:
    """Write `count` generated answers files into `folder` (person-00001.yaml, ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (person, answers) in enumerate(population(questionnaire, conditions, count, seed)):
        path = folder / f"person-{i + 1:05d}.yaml"
        path.write_text(answers_yaml(questionnaire.id, person, answers), encoding="utf-8")
        paths.append(path)
    return paths
