"""`coach rules impact`: old and new pack replayed in worker processes; nothing is lost."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import sys
import threading
from pathlib import Path

import pytest

from coach.authoring.generate import write_population
from coach.authoring.impact import Item, Pair, answers_items, assess_pairs, replay
from coach.authoring.pool import ItemError, start_method
from coach.content.bundle import load_content

CRASH_ON = "COACH_TEST_CRASH_ON"
CRASH_MARKER = "COACH_TEST_CRASH_MARKER"


def crashing_work(items: list[Item]) -> list[Pair | ItemError]:
    """Kill the worker process on a chosen item (once, unless no marker file is given)."""
    for item in items:
        if item.key.endswith(os.environ.get(CRASH_ON, "-")):
            marker = os.environ.get(CRASH_MARKER)
            if marker is None:
                os._exit(3)
            if not Path(marker).exists():
                Path(marker).touch()
                os._exit(3)
    return assess_pairs(items)


@pytest.fixture
def packs(mini: Path, tmp_path: Path) -> tuple[Path, Path, Path]:
    """(old pack, new pack, answers folder): the new pack tightens the hours threshold."""
    base = tmp_path / "base"
    shutil.copytree(mini / "rules", base)
    hero = mini / "rules" / "hero.yaml"
    hero.write_text(hero.read_text().replace("gte: 55", "gte: 60"))
    content = load_content(mini / "rules", mini / "questionnaires")
    folder = tmp_path / "answers"
    write_population(content.questionnaire, [r.when for r in content.pack.rules], folder, 60)
    return base, mini / "rules", folder


def _cli(run_cli, packs: tuple[Path, Path, Path], mini: Path, *extra: str):
    base, rules, folder = packs
    return run_cli(
        "rules", "impact", "--base", str(base), "--answers", str(folder), "--rules", str(rules),
        "--questionnaires", str(mini / "questionnaires"), *extra,
    )  # fmt: skip


def test_impact_counts_what_the_change_does(packs, mini: Path, run_cli) -> None:
    result = _cli(run_cli, packs, mini, "--json", "--workers", "2")
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["total"] == report["assessed"] == 60
    assert report["workers"] == 2
    hero = next(m for m in report["mistakes"] if m["mistake"] == "hero")
    assert hero["no_longer"] > 0  # 55-59 hours: no longer a hero
    assert hero["newly"] == 0
    assert hero["after"] == hero["before"] - hero["no_longer"]
    assert report["changed"] >= hero["no_longer"]
    assert report["examples"]
    assert "no longer diagnosed with hero (was high)" in report["examples"][0]["changes"]
    assert "Replaying on 2 workers" in result.err  # the progress bar


def test_terminal_report(packs, mini: Path, run_cli) -> None:
    result = _cli(run_cli, packs, mini, "--workers", "1")
    assert result.code == 0, result.err
    assert "Diagnoses per mistake" in result.out
    assert "60 replayed in" in result.out
    assert re.search(r"on 60 assessments: \d+ changes\s+\(\d+ people affected\)", result.out)
    base, _, folder = packs
    same = _cli(run_cli, (base, base, folder), mini, "--workers", "1")  # no change at all
    assert re.search(r"on 60 assessments: 0 changes\s+\(0 people affected\)", same.out), same.out


def test_a_worker_that_dies_has_its_items_retried(
    packs, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, rules, folder = packs
    monkeypatch.setenv(CRASH_ON, "person-00007.yaml")
    monkeypatch.setenv(CRASH_MARKER, str(tmp_path / "crashed-once"))
    items = answers_items(folder)
    done: list[int] = []
    report = replay(
        base,
        items,
        rules=rules,
        questionnaires=mini / "questionnaires",
        workers=2,
        on_progress=done.append,
        work=crashing_work,
    )
    assert (tmp_path / "crashed-once").exists()  # the worker really died
    assert report.restarts >= 1
    assert report.failed == []
    assert report.assessed == len(items) == 60  # nothing lost
    assert sum(done) >= 60  # progress was reported for every item, retried ones again
    clean = replay(base, items, rules=rules, questionnaires=mini / "questionnaires", workers=2)
    assert report.to_dict()["mistakes"] == clean.to_dict()["mistakes"]


def test_workers_are_forked_only_while_no_other_thread_runs(packs, mini: Path) -> None:
    """Forked and fresh workers replay alike, and none is left running afterwards."""
    base, rules, folder = packs
    items = answers_items(folder)

    def counts() -> list[dict[str, object]]:
        report = replay(base, items, rules=rules, questionnaires=mini / "questionnaires", workers=2)
        assert report.assessed == 60
        assert multiprocessing.active_children() == []  # every worker was reaped
        return report.to_dict()["mistakes"]

    assert start_method() == ("fork" if sys.platform == "linux" else "spawn")
    forked = counts()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert start_method() == "spawn"  # a lock held by that thread would stay held in a fork
        assert counts() == forked
    finally:
        stop.set()
        other.join()


def test_an_item_that_always_kills_its_worker_is_reported(
    packs, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, rules, folder = packs
    monkeypatch.setenv(CRASH_ON, "person-00003.yaml")
    monkeypatch.delenv(CRASH_MARKER, raising=False)
    items = answers_items(folder)[:8]
    report = replay(
        base,
        items,
        rules=rules,
        questionnaires=mini / "questionnaires",
        workers=2,
        work=crashing_work,
    )
    assert [f["key"] for f in report.failed] == [items[2].key]
    assert "the worker process died 3 times" in report.failed[0]["reason"]
    assert report.assessed == 7


def test_a_broken_answers_file_is_reported_not_fatal(packs, mini: Path, run_cli) -> None:
    _, _, folder = packs
    (folder / "person-00002.yaml").write_text("answers: {workload.hours_per_wek: 50}\n")
    result = _cli(run_cli, packs, mini, "--json", "--workers", "1")
    assert result.code == 1
    report = json.loads(result.out)
    assert report["assessed"] == 59
    (failed,) = report["failed"]
    assert failed["key"].endswith("person-00002.yaml")
    assert "unknown question 'workload.hours_per_wek'" in failed["reason"]


def test_against_the_history(packs, mini: Path, tmp_path: Path, run_cli) -> None:
    from coach.engine.assess import assess
    from coach.store import open_store, save_assessment

    base, rules, _ = packs
    content = load_content(rules, mini / "questionnaires")
    home = tmp_path / "home"
    home.mkdir()
    store = open_store(home)
    try:
        for hours in (50, 57, 62):
            answers = {"workload.hours_per_week": hours}
            save_assessment(store, f"p{hours}", answers, assess(content, answers))
    finally:
        store.close()
    result = run_cli(
        "rules", "impact", "--base", str(base), "--against", str(home), "--rules", str(rules),
        "--questionnaires", str(mini / "questionnaires"), "--json", "--workers", "1",
    )  # fmt: skip
    assert result.code == 0, result.err
    report = json.loads(result.out)
    assert report["assessed"] == 3
    assert report["people_affected"] == 1  # only 57 hours changes (55 -> 60)
    assert report["examples"][0]["person"] == "p57"


def test_needs_answers_or_history(packs, mini: Path, run_cli) -> None:
    base, rules, _ = packs
    result = run_cli("rules", "impact", "--base", str(base))
    assert result.code == 2
    assert "give either --answers DIR or --against HISTORY" in result.err


def test_the_replay_ranks_like_the_full_report() -> None:
    """The replay skips building reports: its diagnoses and action order must be the report's."""
    from coach.authoring.generate import population
    from coach.authoring.impact import outcome
    from coach.engine.assess import Assessor
    from coach.engine.facts import build_facts

    content = load_content()
    assessor = Assessor.reference(content)
    conditions = [r.when for r in content.pack.rules]
    for _, answers in population(content.questionnaire, conditions, 200, seed=7):
        result = assessor.assess(answers)
        facts, _ = build_facts(content.questionnaire, answers)
        diagnoses, actions = outcome(content, assessor.fired(facts), facts)
        assert diagnoses == {d.mistake: d.severity for d in result.diagnoses}
        assert actions == tuple(a.id for a in result.actions)


def test_an_old_pack_on_another_questionnaire_is_replayed_on_its_own_facts(
    packs, mini: Path, tmp_path: Path
) -> None:
    """Where the questionnaires differ, the old pack runs whole on the answers it knows."""
    base, rules, folder = packs
    older = tmp_path / "older-questionnaires"
    shutil.copytree(mini / "questionnaires", older)
    for path in older.glob("*.yaml"):  # another file, the same questions: another content hash
        path.write_text("# an older copy\n" + path.read_text())
    same = load_content(base, mini / "questionnaires")
    other = load_content(base, older)
    new = load_content(rules, mini / "questionnaires")
    assert other.questionnaire.content_hash != new.questionnaire.content_hash
    items = answers_items(folder)
    beside = replay(base, items, workers=1, packs=(same, new))
    alone = replay(base, items, workers=1, packs=(other, new))
    assert alone.assessed == beside.assessed == 60
    assert alone.to_dict()["mistakes"] == beside.to_dict()["mistakes"]
    assert alone.to_dict()["actions"] == beside.to_dict()["actions"]
    assert alone.changed == beside.changed > 0
