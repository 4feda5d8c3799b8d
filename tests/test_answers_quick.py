"""The quick answers reader of `coach rules impact` means exactly what the located reader means.

Every file either gives the same answers, person and date through both readers, or is refused
by both with the same located problems (the quick reader hands every doubtful file over).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from coach.authoring.generate import write_population
from coach.content.answers_file import AnswersFile, load_answers
from coach.content.bundle import Content, load_content
from coach.content.yamlio import QUICK_MAX_CHARS, block_data, load, quick_load
from coach.errors import ContentError

HEAD = "questionnaire: career-checkup\nperson: Ana\nanswers:\n"

FILES = {
    "structured": HEAD + "  workload.hours_per_week: 52\n  workload.on_call: yes\n",
    "flat": "workload.hours_per_week: '52,5'\nworkload.runbooks: some\n",
    "yaml 1.1 booleans and nulls": HEAD + "  workload.on_call: off\n  workload.automated: ~\n",
    "numbers written as YAML allows": HEAD + "  workload.hours_per_week: 0x1F\n"
    "  workload.rescues: 0b11\n  workload.reactive_share: 5.0e+1\n",
    "infinite number": HEAD + "  workload.hours_per_week: .inf\n",
    "a leading zero (YAML 1.1 octal)": HEAD + "  workload.hours_per_week: 062\n",
    "a base-60 number": HEAD + "  workload.hours_per_week: 1:02\n",
    "options, text and a scale": HEAD + "  recognition.glue_work: [mediating, mediating]\n"
    "  recognition.recent_win: '  Shipped it  '\n  culture.safe_to_challenge: '4'\n",
    "a date as text answer": HEAD + "  recognition.recent_win: 2026-01-05\n",
    "a follow-up fact": HEAD + "  followup.keep-a-brag-doc: done\n",
    "a blank answer": HEAD + "  workload.hours_per_week:\n",
    "day given": "questionnaire: career-checkup\ndate: 2026-01-05\nanswers:\n"
    "  workload.hours_per_week: 40\n",
    "a time given": "date: '2026-01-05T10:00:00+02:00'\nanswers: {workload.rescues: 2}\n",
    "duplicate answer": HEAD + "  workload.rescues: 2\n  workload.rescues: 3\n",
    "duplicate top key": "person: A\nperson: B\nanswers: {workload.rescues: 2}\n",
    "anchor and alias": HEAD + "  workload.rescues: &n 2\n  exit.warm_contacts: *n\n",
    "merge key": "base: &b {workload.rescues: 2}\nanswers:\n  <<: *b\n",
    "merge without anchor": "answers:\n  <<: {workload.rescues: 2}\n",
    "python tag": HEAD + "  workload.rescues: !!python/object:os.system 2\n",
    "set tag": HEAD + "  recognition.glue_work: !!set {mediating: null}\n",
    "explicit string tag": HEAD + "  recognition.recent_win: !!str 2026-01-05\n",
    "number key": "answers:\n  5: 2\n",
    "boolean key": "answers:\n  true: 2\n",
    "list key": "answers:\n  [a]: 2\n",
    "unknown question": HEAD + "  workload.hours_per_wek: 52\n",
    "bad option": HEAD + "  workload.runbooks: sometimes\n",
    "above the maximum": HEAD + "  workload.hours_per_week: 500\n",
    "other questionnaire": "questionnaire: other\nanswers: {workload.rescues: 2}\n",
    "unknown top key": "persn: A\nanswers: {workload.rescues: 2}\n",
    "not a day": "date: 2026-02-30\nanswers: {workload.rescues: 2}\n",
    "a day to come": "date: 2999-01-01\nanswers: {workload.rescues: 2}\n",
    "answers null": "answers:\n",
    "answers a list": "answers: [1, 2]\n",
    "a list": "- workload.rescues: 2\n",
    "empty": "",
    "two documents": "workload.rescues: 2\n---\nworkload.rescues: 3\n",
    "not YAML": "answers: {workload.rescues: [}\n",
    "deep": "answers: {workload.rescues: [[[[2]]]]}\n",
    "the same words quoted and plain": HEAD + "  workload.on_call: yes\n"
    "  recognition.recent_win: 'yes'\n  workload.rescues: 4\n  exit.warm_contacts: '4'\n",
    "a comment": HEAD + "  workload.rescues: 2  # two\n",
    "a text on two lines": HEAD + "  recognition.recent_win: Shipped\n    it\n",
    "lists at the key's column and further in": HEAD + "  recognition.glue_work:\n  - mediating\n"
    "  business.metrics_known:\n    - revenue\n  workload.rescues: 2\n",
    "a list in a list": HEAD + "  recognition.glue_work:\n  - []\n",
    "numbers with signs and points": HEAD + "  workload.hours_per_week: -0\n"
    "  workload.reactive_share: 50.50\n  exit.warm_contacts: +5\n",
    "words near booleans": HEAD + "  workload.runbooks: yEs\n  workload.on_call: Off\n"
    "  workload.automated: n\n  business.leads: NULL\n",
    "trailing spaces": HEAD + "  workload.runbooks: some  \n  workload.rescues: 2 \n",
    "blank lines and CRLF": "questionnaire: career-checkup\r\n\r\nanswers:\r\n"
    "  workload.rescues: 2\r\n",
    "answers indented unevenly": "answers:\n    workload.rescues: 2\n  workload.automated: true\n",
    "too large for the quick reader": HEAD
    + f"  recognition.recent_win: '{'x' * QUICK_MAX_CHARS}'\n",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def _read(path: Path, content: Content, *, quick: bool) -> AnswersFile | list[str]:
    try:
        found = load_answers(path, content.questionnaire, quick=quick)
    except ContentError as error:
        return [str(problem) for problem in error.problems]
    return AnswersFile("", found.person, found.questionnaire, found.answers, found.taken_on)


@pytest.mark.parametrize("name", FILES)
def test_quick_reader_means_what_the_located_reader_means(
    name: str, content: Content, write: Callable[[str, str], Path]
) -> None:
    path = write("answers.yaml", FILES[name])
    assert _read(path, content, quick=True) == _read(path, content, quick=False)


HANDED_OVER = {
    "duplicate answer",
    "duplicate top key",
    "anchor and alias",
    "merge key",
    "merge without anchor",
    "python tag",
    "set tag",
    "number key",
    "boolean key",
    "list key",
    "two documents",
    "a leading zero (YAML 1.1 octal)",
    "a base-60 number",
    "not a day",
    "not YAML",
    "deep",
    "too large for the quick reader",
    "a list in a list",
    "answers indented unevenly",
}


@pytest.mark.parametrize("name", FILES)
def test_what_the_quick_reader_hands_over(name: str, write: Callable[[str, str], Path]) -> None:
    path = write("answers.yaml", FILES[name])
    assert (quick_load(path, depth=3) is None) == (name in HANDED_OVER)


def test_quick_reader_reads_the_values_the_located_reader_reads(
    write: Callable[[str, str], Path],
) -> None:
    """Value for value, each file read after all the others (what was seen before is kept)."""
    paths = [write(f"answers-{i}.yaml", text) for i, text in enumerate(FILES.values())]
    for path in paths * 2:
        quick = quick_load(path, depth=3)
        if quick is not None:
            located, problems = load(path)
            assert problems == []
            assert repr(quick.data) == repr(located.data)  # 4 is not '4', True is not 'yes'


@pytest.mark.parametrize("name", FILES)
def test_line_reader_reads_what_the_located_reader_reads_or_hands_over(
    name: str, write: Callable[[str, str], Path]
) -> None:
    path = write("answers.yaml", FILES[name])
    data = block_data(path.read_text(encoding="utf-8"))
    if data is not None:
        located, problems = load(path)
        assert problems == []
        assert repr(data) == repr(located.data)


def test_answers_files_coach_writes_are_read_line_by_line(content: Content, tmp_path: Path) -> None:
    """Generated answers (as `rules impact` replays them) take the line reader, value for value."""
    conditions = [rule.when for rule in content.pack.rules]
    for path in write_population(content.questionnaire, conditions, tmp_path, 300):
        located, problems = load(path)
        assert problems == []
        assert repr(block_data(path.read_text(encoding="utf-8"))) == repr(located.data)


def test_quick_reader_reads_answers(content: Content, write: Callable[[str, str], Path]) -> None:
    path = write("answers.yaml", FILES["numbers written as YAML allows"])
    found = load_answers(path, content.questionnaire, quick=True)
    assert found.person == "Ana"
    assert found.answers == {
        "workload.hours_per_week": 31,
        "workload.rescues": 3,
        "workload.reactive_share": 50,
    }


def test_quick_reader_locates_problems(content: Content, write: Callable[[str, str], Path]) -> None:
    path = write("answers.yaml", FILES["duplicate answer"])
    with pytest.raises(ContentError) as error:
        load_answers(path, content.questionnaire, quick=True)
    problem = error.value.problems[0]
    assert (problem.line, problem.column) == (5, 3)
    assert problem.message == "duplicate key 'workload.rescues' (first written at line 4)"
