"""`coach rules impact` runs only what differs between two packs; the answers must not change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.authoring.generate import population
from coach.conditions.ast import Op, Origin, Test
from coach.content.bundle import SHIPPED_RULES, Content, load_content
from coach.engine.assess import Assessor
from coach.engine.compare import Beside, condition_key, ranks_alike
from coach.engine.facts import build_facts


def _changed(tmp_path: Path, name: str, file: str, old: str, new: str) -> Content:
    """The shipped pack with one text replaced in one file."""
    root = tmp_path / name
    shutil.copytree(SHIPPED_RULES, root)
    path = root / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return load_content(root)


def test_old_pack_fires_as_if_run_whole(tmp_path: Path) -> None:
    new = load_content()
    old = _changed(tmp_path, "old", "hero.yaml", "{gt: 55}", "{gt: 50}")
    beside, whole, engine = Beside(old, new), Assessor.reference(old), Assessor(new)
    assert len(old.pack.rules) - len(beside.alike) == 7  # the rules that read over_55_hours
    differ = 0
    conditions = [r.when for r in new.pack.rules]
    for _, answers in population(new.questionnaire, conditions, 300, seed=3):
        facts, _ = build_facts(new.questionnaire, answers)
        fired = engine.fired(facts)
        assert beside.fired(facts, fired) == whole.fired(facts)
        differ += beside.fired(facts, fired) != fired
    assert differ > 0  # some people are over 50 but not over 55 hours


def test_packs_with_the_same_conditions_run_nothing_twice(tmp_path: Path) -> None:
    old = _changed(tmp_path, "old", "hero.yaml", "priority: 1\n", "priority: 2\n")
    beside = Beside(old, load_content())
    assert beside.matcher is None
    assert beside.alike == {r.id for r in old.pack.rules}


def test_condition_keys_keep_value_types() -> None:
    one, true = Test("a.b", Op.EQ, 1), Test("a.b", Op.EQ, True)
    assert one == true  # Python's equality would call them alike
    assert condition_key(one) != condition_key(true)
    assert condition_key(one) == condition_key(Test("a.b", Op.EQ, 1, Origin("x.yaml", 3, 4)))


@pytest.mark.parametrize(
    ("file", "old", "new", "alike"),
    [
        ("hero.yaml", "{gt: 55}", "{gt: 50}", True),  # a condition only
        ("hero.yaml", "priority: 1\n", "priority: 2\n", False),
        ("actions.yaml", "group: safety", "group: verdict", False),
        ("pack.yaml", "keep_doing: 5", "keep_doing: 4", False),
        ("strengths.yaml", "covers: [write-runbooks]", "covers: []", False),  # what is done
    ],
)
def test_packs_rank_alike_only_when_only_conditions_differ(
    tmp_path: Path, file: str, old: str, new: str, alike: bool
) -> None:
    assert ranks_alike(_changed(tmp_path, "old", file, old, new), load_content()) is alike
