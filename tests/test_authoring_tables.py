"""Decision tables: a CSV or YAML table compiles to the same rules, located to the cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coach.content.answers_file import load_answers
from coach.content.bundle import SHIPPED_EXAMPLES, SHIPPED_RULES, load_content, read_content
from coach.content.pack import pack_hash
from coach.engine.assess import Assessor
from coach.errors import ContentError

TABLES = Path(__file__).parent / "fixtures" / "tables"
MINI = Path(__file__).parent / "fixtures" / "mini"


def _shipped_with(tmp_path: Path, name: str, files: dict[str, Path]) -> Path:
    """A copy of the shipped pack whose exit rules are replaced by the given files."""
    root = tmp_path / name
    shutil.copytree(SHIPPED_RULES, root)
    (root / "exit.yaml").unlink()
    for target, source in files.items():
        shutil.copy(source, root / target)
    return root


def _outcome(assessor: Assessor, answers: dict) -> tuple[dict[str, str], set[str]]:
    result = assessor.assess(answers)
    return {d.mistake: d.severity for d in result.diagnoses}, {a.id for a in result.actions}


def _personas() -> list[Path]:
    found = sorted(SHIPPED_EXAMPLES.glob("*.yaml"))
    return found or [MINI / "answers.yaml"]


def test_csv_table_gives_the_same_diagnoses_as_the_rules_file(tmp_path: Path) -> None:
    rules = load_content(
        _shipped_with(tmp_path, "rules", {"exit.yaml": TABLES / "exit-rules.yaml"})
    )
    table = load_content(_shipped_with(tmp_path, "table", {"exit.csv": TABLES / "exit.csv"}))
    by_rules, by_table = Assessor.reference(rules), Assessor.reference(table)
    personas = _personas()
    assert len(personas) >= 5
    for path in personas:
        answers = load_answers(path, rules.questionnaire).answers
        assert _outcome(by_rules, answers) == _outcome(by_table, answers), path.name
    exit_rules = {r.id for r in table.pack.rules if r.mistake == "exit"}
    assert "exit-network-lapsing-few" in exit_rules


def test_table_rules_point_at_their_cells(tmp_path: Path) -> None:
    content = load_content(_shipped_with(tmp_path, "table", {"exit.csv": TABLES / "exit.csv"}))
    rule = next(r for r in content.pack.rules if r.id == "exit-network-cold")
    origins = {(t.origin.line, t.origin.key_path) for t in rule.when.items}  # type: ignore[attr-defined]
    assert (8, "D8 (exit.warm_contacts <)") in origins
    assert (8, "F8 (exit.last_reconnect in)") in origins


def test_yaml_table_with_hit_policy_first(tmp_path: Path) -> None:
    root = _shipped_with(
        tmp_path,
        "first",
        {"exit.yaml": TABLES / "exit-rules.yaml", "skills.yaml": TABLES / "exit-table.yaml"},
    )
    content = load_content(root)
    assessor = Assessor.reference(content)
    both = assessor.fired({"exit.skills_2030": 1, "exit.warm_contacts": 2})
    assert "exit-skills-1" in both
    assert "exit-skills-2" not in both  # the first matching row wins
    only_second = assessor.fired({"exit.skills_2030": 2, "exit.warm_contacts": 9})
    assert "exit-skills-2" in only_second


def test_csv_mistakes_are_reported_at_their_cells(tmp_path: Path, run_cli) -> None:
    text = (TABLES / "exit.csv").read_text()
    text = text.replace("exit.warm_contacts <", "exit.warm_contact <")
    text = text.replace(",medium,57,", ",meduim,57,")
    text = text.replace('"39, 3","network-before-need,', '"39, 3","network-before-ned,')
    root = _shipped_with(tmp_path, "bad", {"exit.csv": TABLES / "exit.csv"})
    (root / "exit.csv").write_text(text)
    result = run_cli("validate", str(root))
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        ":6:" in line
        and "D6 (exit.warm_contact <): unknown question 'exit.warm_contact' "
        "(did you mean 'exit.warm_contacts'?)"
        in line
        for line in lines
    ), result.out
    assert any(
        "exit.csv:8:" in line and "(severity): 'meduim' is not one of" in line for line in lines
    ), result.out
    assert any(
        "exit.csv:6:" in line
        and "(actions): unknown action 'network-before-ned' (did you mean 'network-before-need'?)"
        in line
        for line in lines
    ), result.out
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize(
    ("first_line", "message"),
    [
        ("# hit_polcy: collect", "unknown setting 'hit_polcy' (did you mean 'hit_policy'?)"),
        ("# a table without its hit policy", "say which rows fire"),
        ("# hit_policy: sometimes", "say which rows fire"),
    ],
)
def test_csv_hit_policy_is_required(tmp_path: Path, first_line: str, message: str) -> None:
    text = (TABLES / "exit.csv").read_text().replace("# hit_policy: collect", first_line)
    root = _shipped_with(tmp_path, "bad", {"exit.csv": TABLES / "exit.csv"})
    (root / "exit.csv").write_text(text)
    content, problems = read_content(root)
    assert content is None
    assert any(message in str(p) for p in problems), [str(p) for p in problems]


def test_yaml_table_problems_keep_checking_other_rows(tmp_path: Path) -> None:
    root = _shipped_with(tmp_path, "bad", {"exit.yaml": TABLES / "exit-rules.yaml"})
    text = (TABLES / "exit-table.yaml").read_text()
    text = text.replace("severity: high", "severity: hihg").replace("[2, any]", "[2, any, 3]")
    assert "hihg" in text
    assert "[2, any, 3]" in text
    (root / "skills.yaml").write_text(text)
    with pytest.raises(ContentError) as caught:
        load_content(root)
    shown = [str(p) for p in caught.value.problems]
    assert any(
        "skills.yaml:11:" in s and "table.rows[0].severity: 'hihg' is not one of" in s
        for s in shown
    ), shown
    assert any(
        "skills.yaml:14:" in s and "table.rows[1].when: this row has 3 condition cells" in s
        for s in shown
    ), shown


def test_pack_hash_covers_csv_tables(tmp_path: Path) -> None:
    root = _shipped_with(tmp_path, "table", {"exit.csv": TABLES / "exit.csv"})
    before = pack_hash(root)
    (root / "exit.csv").write_text((root / "exit.csv").read_text().replace(",25,", ",24,"))
    assert pack_hash(root) != before


def test_an_unclosed_quote_in_a_csv_is_explained(tmp_path: Path) -> None:
    root = _shipped_with(tmp_path, "bad", {"exit.csv": TABLES / "exit.csv"})
    text = (root / "exit.csv").read_text().replace('public-speaking"\n', "public-speaking\n", 1)
    (root / "exit.csv").write_text(text)
    _, problems = read_content(root)
    shown = [str(p) for p in problems]
    assert len(shown) == 1, shown
    assert "exit.csv:6:1:" in shown[0]
    assert "is never closed, so the rest of the file is read as one cell" in shown[0]


@pytest.mark.parametrize(
    ("delimiter", "first_line"),
    [(";", ""), (";", "sep=;\r\n"), ("\t", "")],
    ids=["semicolons", "excel-sep-line", "tabs"],
)
def test_a_table_saved_with_semicolons_or_tabs_reads_the_same(
    tmp_path: Path, delimiter: str, first_line: str
) -> None:
    """A spreadsheet saved where the decimal mark is a comma writes semicolons (and Excel may say
    so in a first line, with a byte order mark and CRLF): the same rules, cells named alike."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO((TABLES / "exit.csv").read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    saved = tmp_path / "exit.csv"
    saved.write_text("\ufeff" + first_line + out.getvalue(), encoding="utf-8", newline="")
    by_comma = load_content(_shipped_with(tmp_path, "c", {"exit.csv": TABLES / "exit.csv"}))
    by_other = load_content(_shipped_with(tmp_path, "s", {"exit.csv": saved}))
    assert [r.model_dump(exclude={"when"}) for r in by_other.pack.rules] == [
        r.model_dump(exclude={"when"}) for r in by_comma.pack.rules
    ]
    a, b = Assessor.reference(by_comma), Assessor.reference(by_other)
    for path in _personas():
        answers = load_answers(path, by_comma.questionnaire).answers
        assert _outcome(a, answers) == _outcome(b, answers), path.name
    rule = next(r for r in by_other.pack.rules if r.id == "exit-network-cold")
    cells = {t.origin.key_path for t in rule.when.items}  # type: ignore[attr-defined]
    line = 8 + first_line.count("\n")  # Excel's separator line comes first
    assert f"D{line} (exit.warm_contacts <)" in cells
