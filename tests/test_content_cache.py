"""The content cache: a pack read once is not parsed again, and never serves stale content.

Every test here changes what a user could change between two commands (a rule edited in place
with its old timestamp, a file added, a folder beside the pack, a broken file, a damaged or
foreign cache file) and checks that the second command sees exactly what a fresh read sees.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from coach.content import cache, yamlio
from coach.content.bundle import read_content
from coach.engine.assess import Assessor
from coach.engine.rule import EngineRule
from coach.engine.ruleset import planned
from coach.model.answers import Answers

HERO_HOURS = "workload.hours_per_week: {gte: 55}"


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV_DIR, str(folder))
    monkeypatch.delenv(cache.ENV_OFF, raising=False)
    return folder


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The YAML texts parsed (their paths), from now on."""
    seen: list[str] = []
    real = yamlio.loads

    def counting(text: str, path: str) -> tuple[yamlio.Located, list[object]]:
        seen.append(path)
        return real(text, path)  # type: ignore[return-value]

    monkeypatch.setattr(yamlio, "loads", counting)
    return seen


def _rules(mini: Path) -> Path:
    return mini / "rules"


def _fired(mini: Path, hours: int) -> list[str]:
    content, problems = read_content(_rules(mini))
    assert content is not None, problems
    answers: Answers = {"workload.hours_per_week": hours, "workload.work": ("mentoring",)}
    return sorted(r.id for d in Assessor(content).assess(answers).diagnoses for r in d.rules)


def test_a_second_read_is_not_parsed_again_and_equals_a_fresh_read(
    mini: Path, cache_dir: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = read_content(_rules(mini))
    assert parses, "the first read parses the files"
    parses.clear()
    second, _ = read_content(_rules(mini))
    assert parses == []
    monkeypatch.setenv(cache.ENV_OFF, "1")
    fresh, _ = read_content(_rules(mini))
    assert parses, "with the cache off, the files are parsed"
    assert second == fresh == first
    assert second is not None
    assert fresh is not None
    assert second.pack.rules == fresh.pack.rules


def test_a_rule_edited_in_place_with_its_old_timestamp_is_seen(mini: Path, cache_dir: Path) -> None:
    assert _fired(mini, 56) == ["glue", "hero-hours"]
    rules = _rules(mini) / "hero.yaml"
    before = rules.stat()
    text = rules.read_text()
    rules.write_text(text.replace("{gte: 55}", "{gte: 57}"))  # same size, same time
    os.utime(rules, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert rules.stat().st_size == before.st_size
    assert _fired(mini, 56) == ["glue"]


def test_a_rules_file_added_to_the_pack_is_seen(mini: Path, cache_dir: Path) -> None:
    assert _fired(mini, 40) == ["glue"]
    (_rules(mini) / "more.yaml").write_text(
        "rules:\n"
        "  - {id: any-hours, title: Any hours, mistake: hero, severity: low,\n"
        "     when: {workload.hours_per_week: {gte: 1}}, because: b, sources: [4],\n"
        "     actions: [strategic-no], notice: health}\n"
    )
    assert _fired(mini, 40) == ["any-hours", "glue"]


def test_a_questionnaires_folder_made_beside_the_pack_is_seen(
    tmp_path: Path, cache_dir: Path
) -> None:
    from coach.content.bundle import SHIPPED_RULES

    pack = tmp_path / "pack"
    (pack / "rules").mkdir(parents=True)
    (pack / "rules" / "pack.yaml").write_text(
        "name: mine\nversion: 1.0.0\nquestionnaire: career-checkup\nextends: shipped\n"
    )
    first, problems = read_content(pack / "rules")
    assert first is not None, problems
    assert SHIPPED_RULES.is_dir()
    beside = pack / "questionnaires"
    beside.mkdir()
    (beside / "extra.yaml").write_text(
        "id: extra\ntitle: Extra\nversion: 1.0.0\nsections:\n"
        "  - id: s\n    title: S\n    questions:\n"
        "      - {id: q, text: Q?, help: H., type: boolean}\n"
    )
    second, problems = read_content(pack / "rules")
    assert second is not None, problems
    assert "extra" in second.questionnaires
    assert "extra" not in first.questionnaires


def test_a_file_broken_after_a_clean_read_is_reported_and_a_broken_pack_is_never_kept(
    mini: Path, cache_dir: Path
) -> None:
    assert read_content(_rules(mini))[0] is not None
    rules = _rules(mini) / "hero.yaml"
    good = rules.read_text()
    rules.write_text(good.replace("severity: high", "severity: hihg"))
    for _ in range(2):
        content, problems = read_content(_rules(mini))
        assert content is None
        assert any("hihg" in p.message for p in problems)
    rules.write_text(good)
    assert read_content(_rules(mini))[0] is not None


def test_a_damaged_cache_file_is_read_again_from_the_files(
    mini: Path, cache_dir: Path, parses: list[str]
) -> None:
    expected, _ = read_content(_rules(mini))
    [entry] = (cache_dir / "content").glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:300])
    parses.clear()
    content, problems = read_content(_rules(mini))
    assert content == expected, problems
    assert parses, "read from the files"
    parses.clear()
    assert read_content(_rules(mini))[0] == expected
    assert parses == [], "and kept again"


@pytest.mark.parametrize("how", ["writable-by-others", "symbolic-link"])
def test_a_cache_file_others_could_have_written_is_not_read(
    mini: Path, cache_dir: Path, parses: list[str], how: str
) -> None:
    read_content(_rules(mini))
    [entry] = (cache_dir / "content").glob("*.pickle")
    if how == "writable-by-others":
        entry.chmod(0o666)
    else:
        real = entry.with_name("real.bin")
        entry.rename(real)
        entry.symlink_to(real)
    parses.clear()
    assert read_content(_rules(mini))[0] is not None
    assert parses, "the files were read, not the cache file"


def test_cache_files_are_private_and_the_cache_can_be_turned_off(
    mini: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read_content(_rules(mini))
    [entry] = (cache_dir / "content").glob("*.pickle")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    entry.unlink()  # deleting the cache is always safe
    monkeypatch.setenv(cache.ENV_OFF, "1")
    read_content(_rules(mini))
    assert list((cache_dir / "content").glob("*.pickle")) == []


def test_a_cache_folder_that_cannot_be_made_costs_nothing_but_time(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker))
    assert _fired(mini, 56) == ["glue", "hero-hours"]
    assert _fired(mini, 56) == ["glue", "hero-hours"]


def test_places_are_named_from_the_folder_the_command_runs_in(
    mini: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(mini)
    here, _ = read_content(Path("rules"))
    monkeypatch.chdir(mini / "rules")
    below, _ = read_content(Path())
    assert here is not None
    assert below is not None
    assert here.pack.rules[0].when.origin.path == "rules/hero.yaml"
    assert below.pack.rules[0].when.origin.path == "hero.yaml"


def test_an_engine_plan_is_kept_per_rules_and_per_type_of_value(cache_dir: Path) -> None:
    from coach.conditions.ast import Op, Test

    def rules(value: object) -> list[EngineRule]:
        return [EngineRule("r", 1, Test("workload.hours_per_week", Op.EQ, value))]

    number, again, boolean = planned(rules(1)), planned(rules(1)), planned(rules(True))
    kind = "workload.hours_per_week"
    assert again.symbols.spec(kind) == number.symbols.spec(kind)
    assert boolean.symbols.spec(kind).kind != number.symbols.spec(kind).kind
    assert len(list((cache_dir / "content").glob("*.pickle"))) == 2
