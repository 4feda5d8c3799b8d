"""Hostile or careless input files: every limit and odd file is a located error, never a hang."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from coach.content import limits

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "[" * 900 + "]" * 900,
            "x.yaml:1:65: lists and mappings nest more than 64 deep here (MAX_DEPTH)",
        ),
        (
            "".join("  " * i + "a:\n" for i in range(100)) + "  " * 100 + "b: 1\n",
            "x.yaml:65:129: lists and mappings nest more than 64 deep here (MAX_DEPTH)",
        ),
        (
            "? [a, b]\n: 1\n",
            "x.yaml:1:3: a key must be a plain value such as a name, not a list or a mapping",
        ),
        (
            "a: 1\n{[1]: x}: 2\n",
            "x.yaml:2:1: a key must be a plain value such as a name, not a list or a mapping",
        ),
        (
            "a: &x [1, *x]\n",
            "x.yaml:1:11: the alias '*x' is inside the value it names, so it never ends",
        ),
        (
            "a:\n  <<: 3\n  b: 1\n",
            "x.yaml:2:7: a: '<<' merges a mapping or a list of mappings, and this is neither",
        ),
        (
            LAUGHS,
            "x.yaml:6:24: the aliases here would expand to more than 400000 values "
            "(MAX_EXPANDED_NODES)",
        ),
        (
            "".join(f"k{i}: {i}\n" for i in range(limits.MAX_NODES // 2 + 1)),
            "x.yaml:100000:9: more than 200000 values in one file (MAX_NODES)",
        ),
        (
            "a: &x 1\nb: &x 2\n",
            "x.yaml:2:4: this is not valid YAML: the anchor '&x' is written twice",
        ),
        ("a: 1\n---\nb: 2\n", "x.yaml:2:1: a YAML file here holds one document only"),
        (
            "a: b\x07\n",
            "x.yaml:1:5: this is not valid YAML: control characters are not allowed (character U+0007)",
        ),
        (
            "a: " + "x" * 100_001 + "\n",
            "x.yaml:1:4: this value is 100001 characters long: the limit is 100000 (MAX_SCALAR_CHARS)",
        ),
        (
            "a: !!timestamp not a date\n",
            "x.yaml:1:4: a: cannot read this value: it is tagged as a date but is not one (YYYY-MM-DD)",
        ),
    ],
    ids=[
        "flow-depth",
        "block-depth",
        "complex-key",
        "flow-key",
        "recursive-alias",
        "merge-scalar",
        "billion-laughs",
        "many-keys",
        "twice-anchor",
        "two-documents",
        "control",
        "long-value",
        "timestamp-tag",
    ],
)
def test_hostile_yaml_is_a_located_error(
    run_cli, tmp_path: Path, monkeypatch, text: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "x.yaml")
    assert result.code == 1
    assert result.out.splitlines()[0] == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", None),
        (
            b"\xff\xfea\x00:\x00",
            "x.yaml: is UTF-16 text (it starts with a UTF-16 byte order mark); coach reads UTF-8 text: save the file as UTF-8",
        ),
        (
            b"a\x00:\x00 \x001\x00\n\x00",
            "x.yaml: looks like UTF-16 text (every other byte is NUL); coach reads UTF-8 text: save the file as UTF-8",
        ),
        (
            "a: 1\nb: caf\u00e9\n".encode("latin-1"),
            "x.yaml:2:7: byte 0xe9 is not UTF-8: the file looks like Latin-1 (ISO-8859-1) or Windows-1252 text; coach reads UTF-8 text: save the file as UTF-8",
        ),
        (
            b"a: 1\nb: x\x00y\n" * 20,
            "x.yaml:2:5: holds a NUL byte, so it is binary, not text; coach reads UTF-8 text: save the file as UTF-8",
        ),
        (
            b"\x7fELF\x02\x01\x01\x00",
            "x.yaml: is an ELF program, not text; coach reads UTF-8 text: save the file as UTF-8",
        ),
    ],
    ids=["empty", "utf16-bom", "utf16", "latin1", "nul", "elf"],
)
def test_a_file_that_is_not_utf8_says_what_it_is(
    run_cli, tmp_path: Path, monkeypatch, data: bytes, message: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_bytes(data)
    result = run_cli("validate", "x.yaml")
    assert result.code == 1
    if message is None:  # an empty file: nothing to read, said with the file's name
        assert result.out.startswith("x.yaml: ")
    else:
        assert result.out.splitlines()[0] == message


def test_a_lone_bom_is_an_empty_file(run_cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("x.yaml").write_bytes(b"\xef\xbb\xbf")
    result = run_cli("validate", "x.yaml")
    assert result.code == 1
    assert result.out.startswith("x.yaml: ")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.yaml")


def _loop(path: Path) -> None:
    path.symlink_to(path)


def _socket(path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(path))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            _fifo,
            "'answers.yaml' is a named pipe (FIFO), not a regular file: coach reads only regular files",
        ),
        (
            _dangling,
            "'answers.yaml' is a symbolic link to '{tmp}/nowhere.yaml', which does not exist",
        ),
        (_loop, "'answers.yaml' is a symbolic link loop: it leads to itself"),
        (_socket, "'answers.yaml' is a socket, not a regular file: coach reads only regular files"),
        (
            lambda p: p.symlink_to("/dev/zero"),
            "'answers.yaml' is a device, not a regular file: coach reads only regular files",
        ),
        (
            lambda p: p.mkdir(),
            "'answers.yaml' is a folder, not a file: give one answers file "
            "(section.question: value lines), e.g. examples/hero.yaml",
        ),
    ],
    ids=["fifo", "dangling", "loop", "socket", "dev-zero", "folder"],
)
def test_only_regular_files_are_read(run_cli, mini: Path, monkeypatch, make, message: str) -> None:
    monkeypatch.chdir(mini)
    Path("answers.yaml").unlink()
    make(Path("answers.yaml").absolute())
    result = run_cli(
        "assess",
        "--rules",
        "rules",
        "--questionnaires",
        "questionnaires",
        "--answers",
        "answers.yaml",
        "--no-save",
    )
    assert result.code == 2, result.err
    assert result.err.splitlines()[-1] == (
        "Error: Invalid value for '--answers': " + message.format(tmp=mini)
    )
    # the loader refuses them too, when a file is reached another way (validate on a folder)
    if make is _fifo:
        assert run_cli("validate", "answers.yaml").out.splitlines()[0] == (
            "answers.yaml: is a named pipe (FIFO), not a regular file: coach reads only regular files"
        )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    run_cli, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with Path("x.yaml").open("wb") as handle:
        handle.truncate(50 * limits.MIB)  # a 50 MiB line, never read
    result = run_cli("validate", "x.yaml")
    assert result.out.splitlines()[0] == (
        "x.yaml: is 50.0 MiB: the limit is 4.0 MiB (MAX_FILE_BYTES in docs/yaml-contract.md)"
    )


HEADER = "# hit_policy: first\nworkload.hours_per_week >=,mistake\n"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "50,hero\n" * (limits.MAX_CSV_ROWS + 1),
            "table.csv:10003:1: more than 10000 rows (MAX_CSV_ROWS)",
        ),
        (
            ",".join(["1"] * 10_000) + "\n",
            "table.csv:3:1: 10000 columns: the limit is 256 (MAX_CSV_COLUMNS)",
        ),
        (
            "50," + "h" * 20_000 + "\n",
            "table.csv:3:4: B3: this cell is 20000 characters long: the limit is 10000 (MAX_CSV_CELL_CHARS)",
        ),
        (
            '50,"hero\n' + "x" * 200_000 + "\n",
            'table.csv:3:1: a cell from this line on is longer than 10000 characters (MAX_CSV_CELL_CHARS): is a double quote (") left open?',
        ),
    ],
    ids=["rows", "columns", "cell", "open-quote"],
)
def test_csv_limits_are_located_errors(
    run_cli, mini: Path, monkeypatch, body: str, message: str
) -> None:
    monkeypatch.chdir(mini / "rules")
    Path("table.csv").write_text(HEADER + body, encoding="utf-8")
    result = run_cli("validate", "table.csv")
    assert result.code == 1
    assert message in result.out.splitlines()


def test_a_symlink_loop_in_a_pack_is_named(run_cli, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini)
    Path("rules/sources.yaml").unlink()
    Path("rules/sources.yaml").symlink_to(mini / "rules" / "sources.yaml")
    result = run_cli("validate", "--rules", "rules", "--questionnaires", "questionnaires")
    assert (
        "rules/sources.yaml: is a symbolic link loop: it leads to itself" in result.out.splitlines()
    )


def test_a_dangling_symlink_in_a_pack_is_named_by_its_own_name(
    run_cli, mini: Path, monkeypatch
) -> None:
    # the message once named the link's target (rules/nowhere.yaml), not the file in the pack
    monkeypatch.chdir(mini)
    Path("rules/sources.yaml").unlink()
    Path("rules/sources.yaml").symlink_to("nowhere.yaml")
    result = run_cli("validate", "--rules", "rules", "--questionnaires", "questionnaires")
    assert result.code != 0
    assert (
        "rules/sources.yaml: is a symbolic link to 'nowhere.yaml', which does not exist"
        in result.out.splitlines()
    )


def test_a_nul_byte_in_an_option_path_is_a_bad_value(run_cli, tmp_path: Path) -> None:
    result = run_cli("rules", "schema", "--output", str(tmp_path / "a\x00b"))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        "Error: Invalid value for '-o' / '--output': a file name cannot hold a NUL byte"
    )


def test_schema_into_a_file_is_a_bad_value(run_cli, tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    result = run_cli("rules", "schema", "--output", str(tmp_path / "taken" / "sub"))
    assert result.code == 2
    assert result.err.splitlines()[-1] == (
        f"Error: Invalid value for --output: cannot write into '{tmp_path}/taken/sub': Not a directory"
    )


def test_a_json_export_nested_too_deep_is_a_content_error(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    result = run_cli("--home", str(tmp_path / "home"), "import", str(path))
    assert result.code == 3
    assert result.err.strip() == (
        f"coach: {path}:1:65: is not a JSON export: lists and objects nest more than 64 deep "
        "here (MAX_DEPTH)"
    )


def test_a_rules_file_that_is_not_a_regular_file_is_named_not_skipped(
    run_cli, mini: Path, monkeypatch
) -> None:
    # rules files were listed with `is_file()`, so a FIFO or a folder named like one was left
    # out in silence: its rules were simply missing from the pack
    monkeypatch.chdir(mini)
    os.mkfifo("rules/extra.yaml")
    Path("rules/more.yml").mkdir()
    result = run_cli("validate", "--rules", "rules", "--questionnaires", "questionnaires")
    assert result.code != 0
    lines = result.out.splitlines()
    assert (
        "rules/extra.yaml: is a named pipe (FIFO), not a regular file: coach reads only regular "
        "files" in lines
    )
    assert "rules/more.yml: is a folder, not a file" in lines


def test_a_range_of_text_and_a_number_is_a_located_error(run_cli, mini: Path, monkeypatch) -> None:
    monkeypatch.chdir(mini)
    rules = Path("rules/hero.yaml")
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("{gte: 55}", "{between: [a, 60]}"),
        encoding="utf-8",
    )
    result = run_cli("validate", "--rules", "rules", "--questionnaires", "questionnaires")
    assert result.code != 0
    assert "This is a bug" not in result.out
    assert any(
        line.startswith("rules/hero.yaml:9:") and "between" in line
        for line in result.out.splitlines()
    ), result.out


def _knotted(mini: Path) -> None:
    """A rule the loader accepts but the engine cannot run: 30 any-groups of three."""
    groups = ", ".join(
        "{any: ["
        + ", ".join(f"{{workload.hours_per_week: {{gt: {i * 3 + j}}}}}" for j in range(3))
        + "]}"
        for i in range(30)
    )
    with (mini / "rules" / "hero.yaml").open("a", encoding="utf-8") as rules:
        rules.write(
            "  - id: knotted\n    title: Knotted\n    mistake: hero\n    severity: low\n"
            f"    when: {{all: [{groups}]}}\n"
            "    because: 35% stroke.\n    sources: [4]\n    actions: [strategic-no]\n"
        )


def test_a_rule_too_large_for_the_engine_is_found_by_validate_at_its_line(
    run_cli, mini: Path, monkeypatch
) -> None:
    # validate said "All content is valid" and assess then failed, naming no file or line
    _knotted(mini)
    monkeypatch.chdir(mini)
    expected = (
        "rules/hero.yaml:26:17: rules[2].when.all: rule 'knotted' is too large for the engine: "
        "16 and/or nodes (limit 15); splitting it would take more than 256 engine rules, so "
        "split it into simpler rules"
    )
    checked = run_cli("validate", "--rules", "rules", "--questionnaires", "questionnaires")
    assert checked.code == 1
    assert expected in checked.out.splitlines()
    assessed = run_cli(
        "--home",
        "home",
        "assess",
        "--rules",
        "rules",
        "--questionnaires",
        "questionnaires",
        "--answers",
        "answers.yaml",
        "--no-save",
    )
    assert assessed.code == 3
    assert f"coach: {expected}" in assessed.err.splitlines()
    linted = run_cli("rules", "lint", "rules", "--questionnaires", "questionnaires")
    assert linted.code == 1
    where, message = expected.split(": ", 1)
    assert f"{where}: error: {message} [engine-limit]" in linted.out.splitlines()
