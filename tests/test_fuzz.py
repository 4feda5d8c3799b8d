"""The CI slice of the fuzzer (benchmarks/fuzz.py): seeded mutated inputs, no bug, hang or blow-up."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import fuzz  # noqa: E402

SLICE = int(os.environ.get("COACH_FUZZ_SLICE", "1200"))


@pytest.mark.timeout(600)
def test_a_seeded_fuzz_slice_finds_no_bug_hang_or_memory_blow_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    report = fuzz.run(SLICE, seed=12, workers=2)
    # relative option values (`rules schema -o hero`) wrote into the caller's folder once
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert sum(report.counts.values()) == SLICE
    bad = {outcome: report.examples.get(outcome) for outcome in fuzz.BAD if report.counts[outcome]}
    assert not bad, bad
    assert report.counts["unlocated"] == 0, report.examples.get("unlocated")
    # every kind of input was fed, and most runs ended in a located error or a clean run
    assert {kind for kind, _ in report.by_kind} == {*(k.name for k in fuzz.KINDS), "options"}
    assert report.counts["located"] + report.counts["ok"] > SLICE // 2


def test_the_fuzzer_tells_a_bug_from_a_located_error() -> None:
    case = fuzz.Case(0, "rules", "rules/hero.yaml", "x", b"", None, ["validate"])
    assert fuzz.classify(70, "coach: unexpected error", case) == "bug"
    assert fuzz.classify(3, "rules/hero.yaml:3:4: rules[0]: unknown key", case) == "located"
    assert fuzz.classify(3, "rules/hero.yaml: is a folder, not a file", case) == "named"
    assert fuzz.classify(3, "coach: something went wrong", case) == "unlocated"
    assert fuzz.classify(0, "", case) == "ok"
    refused = fuzz.Case(0, "answers", "examples/hero.yaml", "must-refuse:octal", b"", None, [])
    assert fuzz.classify(0, "", refused) == "silent"  # `062` read as 50 without a word
    assert fuzz.classify(3, "examples/hero.yaml:9:28: answers.x: 062 starts", refused) == "located"
    words = "rules/hero.yaml:66:14: rules[0].sources: input should be a valid tuple"
    assert fuzz.classify(3, words, case) == "jargon"
    assert fuzz.classify(3, "rules/hero.yaml:3:4: x: the tag '!!int' is not allowed", case) == (
        "located"
    )
    # `coach import` reads in the content files' words too (pydantic's said "string should")
    exported = fuzz.Case(0, "import", "export.json", "x", b"", None, ["import"])
    said = "export.json: $.person.name: string should have at least 1 character"
    assert fuzz.classify(3, said, exported) == "jargon"
    said = 'export.json: $.person.name: expected text, got the text "int"'
    assert fuzz.classify(3, said, exported) == "named"


def test_must_refuse_mutations_change_a_value_not_a_text() -> None:
    text = "a: 62\nb: >\n  c: 15\n  more\nversion: 3\nd:\n  - e: 7  # note\n"
    lines = text.splitlines(keepends=True)
    assert [lines[i] for i in fuzz._number_lines(lines)] == ["a: 62\n", "  - e: 7  # note\n"]
    # `validate /dev/zero` names the option's path first: named, not unlocated (3 seen at 20,000)
    odd = fuzz.Case(0, "options", "", "odd-option", b"", None, ["validate", "/dev/zero"])
    text = "/dev/zero: is a device, not a regular file: coach reads only regular files"
    assert fuzz.classify(1, text, odd) == "named"
    assert fuzz.classify(1, "something went wrong: sorry", odd) == "unlocated"
