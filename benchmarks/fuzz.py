"""Fuzz coach with mutated input files and odd option values; classify every outcome.

Every kind of input coach reads is mutated (the shipped questionnaire, rules files, pack.yaml,
actions/mistakes/sources, rule tests, answers files, decision tables in YAML and CSV, and a
`coach export` file for `coach import`): structural mutations of the parsed document (drop, retype,
duplicate, rename, nest), text mutations (lines dropped, swapped, re-indented, truncated, bytes
flipped), and the hostile special cases of issue 12 (deep nesting, complex keys, recursive
aliases, `<<:` of a scalar, billion laughs, a million keys, a 50 MB line, huge CSVs, UTF-16,
Latin-1, NUL bytes, ELF, FIFO, /dev/zero, folders, dangling symlinks and symlink loops). Each input
drives `validate`, `rules lint`, `rules test`, `assess --answers`, `import` or `rules explain`
in-process (coach.cli.app.run) inside worker processes, and each outcome is one of:

  ok         exit 0
  located    a non-zero exit whose message says file:line[:col]
  named      a non-zero exit naming the file where no line exists (empty, binary, encoding, FIFO)
  usage      click refused an option value (exit 2, "Invalid value"/"No such option"...)
  checked    `rules test`/`rules lint` found failing cases or findings (exit 1, no file error)
  unlocated  any other non-zero exit: an error that names no file
  bug        exit 70, a traceback, or the worker process died
  hang       over 10 s of CPU in one run (setitimer ITIMER_PROF in the worker, so a loaded
             machine does not count as a hang), or 60 s of wall time with no answer (a blocked
             read: the parent kills the worker)
  memory     over 512 MiB above the worker's baseline (resource.setrlimit RLIMIT_AS)
  jargon     a located or named error in Python's or pydantic's words ("input should be a valid
             tuple", "True is not a number", "datetime.date(...)"): bad for the files people
             write; for `coach import` files (written by coach, their values quoted in
             messages) only pydantic's own phrases ("string should have at least") count
  silent     exit 0 on a `must-refuse` mutation: a change every reader must refuse at its line
             (a number YAML 1.1 reads another way, `062` octal or `1:02` base 60; a rules file
             that is not a mapping), so exit 0 means a value or a file changed meaning unnoticed

Run: nice -n 10 python benchmarks/fuzz.py --count 20000 --workers 2 --seed 12
The same (seed, index) always gives the same input; `--show N` prints input N's outcome and file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import multiprocessing as mp
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "coach" / "content" / "shipped"
TABLES = ROOT / "tests" / "fixtures" / "tables"
HANG_SECONDS = 10
WALL_SECONDS = 60
MEMORY_BYTES = 512 * 1024 * 1024
BAD = ("bug", "hang", "memory", "silent", "jargon")
JARGON = re.compile(
    r"[Ii]nput should|should have (?:at least|at most)|after validation|NoneType|datetime\.|"
    r"(?<![!\w-])(?:dict|tuple|str|int)\b|\b(?:True|False|None) is\b|<class"
)
# A word after '-' is part of an id coach suggests from the author's own text ('x: !!int' ->
# 'x-int'), not Python's type. `coach import` files are written by coach, and their values are
# quoted in messages (a text
# "int" may be one): there, only pydantic's own phrases count as jargon
PYDANTIC_WORDS = re.compile(
    r"[Ii]nput should|should have (?:at least|at most)|after validation|NoneType|<class"
)
LOCATED = re.compile(r"^\S[^\n]*?:\d+(:\d+)?: ", re.MULTILINE)


@dataclass
class Case:
    """One generated input: which file it replaces, its bytes (or a special file) and the argv."""

    index: int
    kind: str
    target: str  # path relative to the work folder
    mutation: str
    data: bytes | None  # None: `special` says what to put there instead
    special: str | None
    argv: list[str]


class _Alarm(BaseException):  # not caught by coach's last-resort handler
    pass


# ---------------------------------------------------------------------------------- the inputs


def _laughs() -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        prev, name = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return "\n".join(lines) + "\n"


def _special_texts() -> dict[str, bytes]:
    """The hostile inputs of issue 12, shared by every file kind."""
    million = "".join(f"k{i}: {i}\n" for i in range(1_000_000)).encode()
    return {
        "deep-flow": ("[" * 100_000 + "]" * 100_000).encode(),
        "deep-block": "".join("  " * i + "a:\n" for i in range(900)).encode(),
        "deep-json": ('{"a":' * 50_000 + "1" + "}" * 50_000).encode(),
        "complex-key": b"? [a, b]\n: 1\n",
        "flow-complex-key": b"{[1]: x}\n",
        "recursive-alias": b"a: &x [1, *x]\nb: &y {c: *y}\n",
        "merge-scalar": b"a:\n  <<: 3\n  b: 1\n",
        "billion-laughs": _laughs().encode(),
        "million-keys": million,
        "long-line": b"a: " + b"x" * (50 * 1024 * 1024) + b"\n",
        "utf16": "id: x\ntitle: caf\u00e9\n".encode("utf-16"),
        "utf16-nobom": "id: x\ntitle: y\n".encode("utf-16-le"),
        "latin1": "id: x\ntitle: caf\u00e9\n".encode("latin-1"),
        "lone-bom": b"\xef\xbb\xbf",
        "nul": b"id: x\x00\ntitle: y\n",
        "elf": b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
        "empty": b"",
        "csv-rows": b"# hit_policy: first\nexit.warm_contacts <,mistake\n" + b"3,exit\n" * 100_000,
        "csv-columns": b"# hit_policy: first\n" + b",".join([b"exit.warm_contacts <"] * 10_000),
        "csv-cell": b"# hit_policy: first\nexit.warm_contacts <,title\n3," + b"x" * 1_000_000,
        "json-huge-int": b'{"format": 1, "people": [{"id": ' + b"9" * 5000 + b"}]}",
        "json-surrogate": b'{"format": "\\ud800", "people": []}',
    }


SPECIAL_FILES = ("fifo", "dev-zero", "dev-urandom", "folder", "dangling", "loop")


@dataclass
class Kind:
    """A kind of input file: where it lives in the work folder and what reads it."""

    name: str
    targets: list[str]
    commands: list[tuple[int, list[str]]]  # (weight, argv with {file} and {pack})


PACK = ["--rules", "{work}/rules", "--questionnaires", "{work}/questionnaires"]
KINDS = [
    Kind(
        "questionnaire",
        ["questionnaires/career-checkup.yaml"],
        [(6, ["validate", "{file}"]), (3, ["rules", "test", *PACK]), (1, ["rules", "lint", *PACK])],
    ),
    Kind(
        "rules",
        [
            f"rules/{n}.yaml"
            for n in ("business", "exit", "hero", "invisible", "politics", "positioning", "toxic")
        ],
        [(5, ["validate", *PACK]), (4, ["rules", "test", *PACK]), (1, ["rules", "lint", *PACK])],
    ),
    Kind(
        "pack",
        ["rules/pack.yaml"],
        [(5, ["validate", *PACK]), (4, ["rules", "test", *PACK]), (1, ["rules", "lint", *PACK])],
    ),
    Kind(
        "catalog",
        ["rules/actions.yaml", "rules/mistakes.yaml", "rules/sources.yaml"],
        [(5, ["validate", *PACK]), (4, ["rules", "test", *PACK]), (1, ["rules", "lint", *PACK])],
    ),
    Kind(
        "ruletests",
        [
            f"rules/tests/{n}.yaml"
            for n in ("business", "exit", "hero", "invisible", "personas", "toxic")
        ],
        [(6, ["rules", "test", *PACK, "{file}"]), (4, ["validate", *PACK, "{file}"])],
    ),
    Kind(
        "answers",
        [f"examples/{n}.yaml" for n in ("hero", "balanced", "glue-person", "toxic-past-verdict")],
        [
            (4, ["assess", "--answers", "{file}", "--no-save", "--json", *PACK]),
            (3, ["rules", "explain", "--answers", "{file}", *PACK]),
            (3, ["validate", *PACK, "{file}"]),
        ],
    ),
    Kind(
        "table-yaml",
        ["rules/zz-table.yaml"],
        [(6, ["validate", *PACK]), (4, ["rules", "test", *PACK])],
    ),
    Kind(
        "table-csv",
        ["rules/exit.csv"],
        [(6, ["validate", *PACK]), (4, ["rules", "test", *PACK])],
    ),
    Kind("import", ["import.json"], [(1, ["import", "{file}"])]),
]
KIND_WEIGHTS = {
    "questionnaire": 10,
    "rules": 14,
    "pack": 6,
    "catalog": 10,
    "ruletests": 10,
    "answers": 16,
    "table-yaml": 8,
    "table-csv": 8,
    "import": 12,
    "options": 6,
}

# odd option values for the commands that take them (item 6 of issue 12)
ODD_VALUES = [
    "",
    "-1",
    "0",
    "999999999999999999999",
    "nan",
    "../..",
    "/dev/zero",
    "/",
    "\x00",
    "x" * 5000,
    "ü",
    "--json",
    "{work}/rules",
    "{work}/rules/pack.yaml",
    "{work}/missing",
    "hero",
    "hero-hours",
    "questionnaire",
    "rule-tests",
]
OPTION_COMMANDS = [
    ["rules", "explain", "--answers", "{work}/examples/hero.yaml", *PACK, "--rule", "{odd}"],
    ["rules", "explain", "--answers", "{odd}", *PACK],
    ["rules", "explain", "--answers", "{work}/examples/hero.yaml", "--rules", "{odd}"],
    ["rules", "explain", "--answers", "{work}/examples/hero.yaml", "--questionnaires", "{odd}"],
    ["rules", "schema", "{odd}"],
    ["rules", "schema", "--output", "{odd}"],
    ["rules", "schema", "{odd}", "--output", "{work}/schemas"],
    ["rules", "test", *PACK, "--min-coverage", "{odd}"],
    ["rules", "test", *PACK, "{odd}"],
    ["rules", "lint", *PACK, "--base", "{odd}"],
    ["rules", "lint", "{odd}"],
    ["validate", "{odd}"],
    ["assess", "--answers", "{work}/examples/hero.yaml", "--no-save", "--top", "{odd}", *PACK],
    ["assess", "--answers", "{work}/examples/hero.yaml", "--no-save", "--json", "--rules", "{odd}"],
    ["import", "{odd}"],
]


# ------------------------------------------------------------------------------- the mutations

SCALARS: list[Any] = [
    None,
    0,
    -1,
    10**30,
    3.5,
    float("inf"),
    True,
    "",
    "x",
    "hero",
    "workload.hours_per_week",
    "2026-02-30",
    "\u202e\u0000",
    "a" * 300,
    [],
    {},
    [1, "a", None],
    {"a": {"b": [1]}},
    "[4] [999]",
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += _paths(value, (*prefix, i))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


def _tree_mutation(data: Any, rng: random.Random) -> tuple[Any, str]:
    """One structural change at a random place of the parsed document."""
    paths = [p for p in _paths(data) if p]
    if not paths:
        return rng.choice(SCALARS), "replace-root"
    path = rng.choice(paths)
    parent = _get(data, path[:-1])
    last = path[-1]
    op = rng.choice(["drop", "retype", "duplicate", "rename", "nest", "swap", "copy-elsewhere"])
    if op == "drop":
        del parent[last]
    elif op == "retype":
        parent[last] = rng.choice(SCALARS)
    elif op == "duplicate" and isinstance(parent, list):
        parent.insert(last, json.loads(json.dumps(parent[last], default=str)))
    elif op == "rename" and isinstance(parent, dict):
        value = parent.pop(last)
        name = str(last)
        parent[name[:-1] + "x" if name else "x"] = value
    elif op == "nest":
        parent[last] = rng.choice([[parent[last]], {"x": parent[last]}])
    elif op == "swap":
        other = rng.choice(paths)
        with contextlib.suppress(Exception):
            a, b = _get(data, path), _get(data, other)
            parent[last] = b
            _get(data, other[:-1])[other[-1]] = a
    else:
        other = rng.choice(paths)
        with contextlib.suppress(Exception):
            parent[last] = json.loads(json.dumps(_get(data, other), default=str))
    return data, op


def _text_mutation(text: str, rng: random.Random) -> tuple[str, str]:
    """One change to the lines or bytes of a file."""
    lines = text.splitlines(keepends=True) or [""]
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    op = rng.choice(
        ["drop-line", "dup-line", "swap-lines", "indent", "dedent", "truncate", "char", "insert"]
    )
    if op == "drop-line":
        del lines[i]
    elif op == "dup-line":
        lines.insert(j, lines[i])
    elif op == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "indent":
        lines[i] = "  " + lines[i]
    elif op == "dedent":
        lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i].lstrip()
    elif op == "truncate":
        return text[: rng.randrange(len(text) + 1)], op
    elif op == "char":
        line = lines[i]
        k = rng.randrange(len(line) + 1)
        lines[i] = line[:k] + rng.choice(list("{}[]:,-&*!|>'\"#%@`?\t\\\x85\u2028")) + line[k:]
    else:
        snippet = rng.choice(
            [
                "<<: *nowhere\n",
                "&a x: *a\n",
                "!!python/object/apply:os.system ['true']\n",
                "? [a, b]\n",
                "x: !!binary AAAA\n",
                "x: !!timestamp 2026-13-45\n",
                "x: !!bool maybe\n",  # PyYAML's constructors raised KeyError / IndexError here
                "x: !!int\n",
                "x: !!int 0_9\n",
                "x: 1e999999\n",
                "--- \n",
                "...\n",
                "%YAML 1.1\n",
                "x: {a: 1, a: 2}\n",
            ]
        )
        lines.insert(j, snippet)
    return "".join(lines), op


# A `key: 62` line (or `- key: 62`), not inside a block text (`because: >`).
NUMBER_LINE = re.compile(r"^(\s*(?:- )?([A-Za-z_][\w.-]*): )(\d+)(\s*(?:#.*)?\n?)$")
BLOCK_START = re.compile(r":\s*[>|][-+]?\s*(?:#.*)?$")
MUST_REFUSE_KINDS = ("questionnaire", "rules", "pack", "catalog", "ruletests", "answers")


def _number_lines(lines: list[str]) -> list[int]:
    """The lines holding a plain whole number as a value (outside block texts; not versions)."""
    found, block_indent = [], None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if block_indent is not None:
            if not line.strip() or indent > block_indent:
                continue
            block_indent = None
        if BLOCK_START.search(line.rstrip("\n")):
            block_indent = indent
            continue
        match = NUMBER_LINE.match(line)
        if match and match.group(2) != "version":
            found.append(i)
    return found


def _must_refuse(text: str, name: str, rng: random.Random) -> tuple[str, str] | None:
    """A change every reader must refuse at its line; None when the file offers none."""
    if name == "rules" and rng.random() < 0.3:
        body = rng.choice(["- id: x\n  title: y\n", "hello\n", "42\n", "[rules]\n"])
        return body, "must-refuse:rules-not-a-mapping"
    lines = text.splitlines(keepends=True)
    numbers = _number_lines(lines)
    if not numbers:
        return None
    i = rng.choice(numbers)
    match = NUMBER_LINE.match(lines[i])
    assert match is not None
    value = int(match.group(3))
    if set(str(value)) <= set("01234567") and rng.random() < 0.5:
        written, op = f"0{value}", "octal"  # 062 is 50 to YAML 1.1
    else:
        written, op = f"{value // 60}:{value % 60:02d}", "base-60"  # 1:02 is 62
    lines[i] = match.group(1) + written + match.group(4)
    return "".join(lines), f"must-refuse:{op}"


def _dump(data: Any, kind: str) -> str:
    if kind == "import":
        return json.dumps(data, default=str, indent=1)
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _csv_mutation(text: str, rng: random.Random) -> tuple[str, str]:
    rows = [line.split(",") for line in text.splitlines()]
    if not rows:  # earlier mutations dropped every row: a new row is the only change left
        return "x\n", "csv-new-row"
    r = rng.randrange(len(rows))
    op = rng.choice(["cell", "drop-cell", "add-cell", "quote", "dup-row", "drop-row", "header"])
    if op == "cell" and rows[r]:
        rows[r][rng.randrange(len(rows[r]))] = str(rng.choice(SCALARS))
    elif op == "drop-cell" and rows[r]:
        del rows[r][rng.randrange(len(rows[r]))]
    elif op == "add-cell":
        rows[r].insert(rng.randrange(len(rows[r]) + 1), rng.choice(["", "x", "1", '"', "a b"]))
    elif op == "quote" and rows[r]:
        rows[r][rng.randrange(len(rows[r]))] += '"'
    elif op == "dup-row":
        rows.insert(rng.randrange(len(rows)), list(rows[r]))
    elif op == "drop-row":
        del rows[r]
    else:
        header = next((k for k, row in enumerate(rows) if row and not row[0].startswith("#")), 0)
        if rows[header]:
            rows[header][rng.randrange(len(rows[header]))] = rng.choice(
                ["mistake", "exit.x <", "nonsense", "id", "exit.warm_contacts ~", ""]
            )
    return "\n".join(",".join(row) for row in rows) + "\n", op


class Generator:
    """Builds case `index` of a seeded run: the same (seed, index) gives the same case."""

    def __init__(self, seed: int, originals: dict[str, bytes]) -> None:
        self.seed = seed
        self.originals = originals
        self.specials = _special_texts()
        self.kinds = [k for k in KINDS]
        self.kind_names = [*(k.name for k in KINDS), "options"]
        self.weights = [KIND_WEIGHTS[name] for name in self.kind_names]

    def case(self, index: int) -> Case:
        rng = random.Random(f"{self.seed}:{index}")
        name = rng.choices(self.kind_names, self.weights)[0]
        if name == "options":
            argv = [a.replace("{odd}", rng.choice(ODD_VALUES)) for a in rng.choice(OPTION_COMMANDS)]
            return Case(index, name, "", "odd-option", None, None, argv)
        kind = next(k for k in self.kinds if k.name == name)
        target = rng.choice(kind.targets)
        weights, commands = zip(*kind.commands, strict=True)
        argv = list(rng.choices(commands, weights)[0])
        roll = rng.random()
        if roll < 0.04:
            return Case(index, name, target, "special-file", None, rng.choice(SPECIAL_FILES), argv)
        if roll < 0.12:
            special = rng.choice(sorted(self.specials))
            return Case(index, name, target, special, None, special, argv)
        text = self.originals[target].decode()
        if roll < 0.17 and name in MUST_REFUSE_KINDS:
            refused = _must_refuse(text, name, rng)
            if refused is not None:
                return Case(index, name, target, refused[1], refused[0].encode(), None, argv)
        mutations = []
        for _ in range(rng.choice([1, 1, 2, 3])):
            text, op = self._mutate(text, name, rng)
            mutations.append(op)
        return Case(index, name, target, "+".join(mutations), text.encode(), None, argv)

    def _mutate(self, text: str, name: str, rng: random.Random) -> tuple[str, str]:
        if name == "table-csv" and rng.random() < 0.7:
            return _csv_mutation(text, rng)
        if rng.random() < 0.55:
            try:
                if name == "import":
                    data = json.loads(text)
                else:
                    import yaml

                    data = yaml.safe_load(text)
                data, op = _tree_mutation(data, rng)
                return _dump(data, name), op
            except Exception:  # noqa: BLE001 - an earlier mutation broke it: mutate the text
                pass
        return _text_mutation(text, rng)


# ------------------------------------------------------------------------------ the worker


def _prepare(work: Path) -> dict[str, bytes]:
    """A writable copy of the shipped content with tables and an export; the original bytes."""
    shutil.copytree(SHIPPED / "rules", work / "rules")
    shutil.copytree(SHIPPED / "questionnaires", work / "questionnaires")
    shutil.copytree(SHIPPED / "examples", work / "examples")
    shutil.copy(TABLES / "exit-table.yaml", work / "rules" / "zz-table.yaml")
    os.environ["COACH_HOME"] = str(work / "home")
    from coach.cli import app

    code = _run(
        app, ["assess", "--answers", str(work / "examples" / "hero.yaml"), "--person", "Sam"]
    )[0]
    code2 = _run(app, ["export", "--person", "Sam", "--output", str(work / "import.json")])[0]
    assert code == code2 == 0, "the fuzzer's seed export could not be written"
    originals = {
        str(p.relative_to(work)): p.read_bytes()
        for p in work.rglob("*")
        if p.is_file() and "home" not in p.parts
    }
    originals["rules/exit.csv"] = (TABLES / "exit.csv").read_bytes()
    return originals


def _run(app: Any, argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = app.run(argv)
    finally:
        sys.stdin = stdin
    return code, out.getvalue() + err.getvalue()


def _place(work: Path, case: Case) -> None:
    if not case.target:
        return
    path = work / case.target
    _remove(path)
    if case.target == "rules/exit.csv":
        (work / "rules" / "exit.yaml").unlink(missing_ok=True)
    if case.special in SPECIAL_FILES:
        if case.special == "fifo":
            os.mkfifo(path)
        elif case.special == "dev-zero":
            path.symlink_to("/dev/zero")
        elif case.special == "dev-urandom":
            path.symlink_to("/dev/urandom")
        elif case.special == "folder":
            path.mkdir()
        elif case.special == "dangling":
            path.symlink_to(path.with_name("nowhere.yaml"))
        else:
            path.symlink_to(path)
        return
    data = case.data if case.data is not None else _SPECIALS_CACHE[case.special or ""]
    path.write_bytes(data)


def _remove(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def _restore(work: Path, case: Case, originals: dict[str, bytes]) -> None:
    if not case.target:
        return
    path = work / case.target
    _remove(path)
    if case.target == "rules/exit.csv":
        (work / "rules" / "exit.yaml").write_bytes(originals["rules/exit.yaml"])
    else:
        path.write_bytes(originals[case.target])


_SPECIALS_CACHE: dict[str, bytes] = {}


def classify(code: int, text: str, case: Case) -> str:
    """The outcome class of one run (see the module docstring)."""
    if code == 70 or "Traceback (most recent call last)" in text:
        return "bug"
    if code == 0:
        return "silent" if case.mutation.startswith("must-refuse") else "ok"
    words = {"options": None, "import": PYDANTIC_WORDS}.get(case.kind, JARGON)
    jargon = words is not None and words.search(text) is not None
    if LOCATED.search(text):
        return "jargon" if jargon else "located"
    name = Path(case.target).name if case.target else None
    if name and re.search(rf"{re.escape(name)}'?:? ", text):
        return "jargon" if jargon else "named"
    if code == 2:
        return "usage"
    if case.kind == "options" and (
        re.match(r"coach: \S[^\n]*?: ", text)
        or any(arg and text.startswith(f"{arg}: ") for arg in case.argv[1:])
    ):
        return "named"  # an option value naming a path: the message starts with it
    if code == 1 and case.argv[:2] in (["rules", "test"], ["rules", "lint"]):
        return "checked"
    return "unlocated"


def _handler(signum: int, frame: Any) -> None:
    del signum, frame
    raise _Alarm


def _worker(seed: int, conn: Any) -> None:
    os.nice(0)
    work = Path(tempfile.mkdtemp(prefix="coach-fuzz-"))
    # Relative option values (`rules schema -o hero`) write here, never into the caller's folder.
    os.chdir(work)
    try:
        originals = _prepare(work)
        generator = Generator(seed, originals)
        _SPECIALS_CACHE.update(generator.specials)
        from coach.cli import app

        baseline = _vm_size()
        resource.setrlimit(resource.RLIMIT_AS, (baseline + MEMORY_BYTES, resource.RLIM_INFINITY))
        signal.signal(signal.SIGPROF, _handler)
        conn.send("ready")
        while True:
            index = conn.recv()
            if index is None:
                break
            case = generator.case(index)
            argv = [
                a.replace("{file}", str(work / case.target)).replace("{work}", str(work))
                for a in case.argv
            ]
            started = time.perf_counter()
            try:
                _place(work, case)
                signal.setitimer(signal.ITIMER_PROF, HANG_SECONDS)
                code, text = _run(app, argv)
                signal.setitimer(signal.ITIMER_PROF, 0)
                outcome = classify(code, text, case)
            except _Alarm:
                outcome, text = "hang", f"over {HANG_SECONDS} s"
            except MemoryError:
                signal.setitimer(signal.ITIMER_PROF, 0)
                outcome, text = "memory", "over the memory limit"
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
                _restore(work, case, originals)
            seconds = time.perf_counter() - started
            conn.send(
                (
                    index,
                    case.kind,
                    case.mutation,
                    " ".join(case.argv[:2]),
                    outcome,
                    text[:600],
                    seconds,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _vm_size() -> int:
    with open("/proc/self/statm") as handle:  # noqa: PTH123
        pages = int(handle.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


# ------------------------------------------------------------------------------- the parent


@dataclass
class Report:
    """Counts by outcome and by (kind, outcome), with an example of each bad outcome."""

    counts: Counter[str]
    by_kind: Counter[tuple[str, str]]
    examples: dict[str, list[str]]
    seconds: float
    slowest: float


def run(  # noqa: C901
    count: int, seed: int = 12, workers: int = 2, start: int = 0, progress: bool = False
) -> Report:
    """Run inputs start..start+count-1 of the seeded run on `workers` worker processes."""
    context = mp.get_context("fork")
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    examples: dict[str, list[str]] = {}
    pending = list(range(start + count - 1, start - 1, -1))
    began = time.perf_counter()
    slowest = 0.0

    def spawn() -> tuple[Any, Any]:
        parent, child = context.Pipe()
        process = context.Process(target=_worker, args=(seed, child), daemon=True)
        process.start()
        if not parent.poll(120) or parent.recv() != "ready":
            raise RuntimeError("a fuzz worker did not start")
        return process, parent

    pool: list[list[Any]] = []  # [process, connection, index in flight, when it was sent]
    for _ in range(workers):
        process, conn = spawn()
        pool.append([process, conn, None, 0.0])
    while pending or any(slot[2] is not None for slot in pool):
        for slot in pool:
            if slot[2] is None and pending:
                slot[2], slot[3] = pending.pop(), time.monotonic()
                with contextlib.suppress(OSError):  # a dead worker is noticed below
                    slot[1].send(slot[2])
        for slot in pool:
            process, conn, index, sent = slot
            if index is None:
                continue
            if conn.poll(0.05):
                try:
                    _, kind, mutation, command, outcome, text, seconds = conn.recv()
                except EOFError:
                    kind, mutation, command, outcome, text, seconds = (
                        "?",
                        "?",
                        "?",
                        "bug",
                        "the worker died",
                        0.0,
                    )
                    # a dead worker is replaced, or every later input would count as a bug
                    process.join(10)
                    slot[0], slot[1] = spawn()
                slowest = max(slowest, seconds)
                counts[outcome] += 1
                by_kind[(kind, outcome)] += 1
                if outcome in (*BAD, "unlocated") and len(examples.setdefault(outcome, [])) < 20:
                    examples[outcome].append(f"#{index} {kind} {mutation} [{command}]: {text}")
                slot[2] = None
                done = sum(counts.values())
                if progress and done % 1000 == 0:
                    print(f"{done} inputs: {dict(counts)}", file=sys.stderr, flush=True)
            elif not process.is_alive() or time.monotonic() - sent > WALL_SECONDS:
                process.kill()
                process.join()
                outcome = "hang" if process.exitcode == -signal.SIGKILL else "bug"
                counts[outcome] += 1
                examples.setdefault(outcome, []).append(
                    f"#{index}: the worker died ({process.exitcode})"
                )
                slot[0], slot[1] = spawn()
                slot[2] = None
    for process, conn, *_ in pool:
        with contextlib.suppress(OSError):  # a worker that died at the very end
            conn.send(None)
        process.join(10)
    return Report(counts, by_kind, examples, time.perf_counter() - began, slowest)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--show", type=int, help="print input N (its file and outcome) and stop")
    args = parser.parse_args()
    if args.show is not None:
        report = run(1, args.seed, 1, args.show)
        print(json.dumps({"counts": report.counts, "examples": report.examples}, indent=1))
        return
    report = run(args.count, args.seed, args.workers, args.start, progress=True)
    total = sum(report.counts.values())
    print(f"{total} inputs in {report.seconds:.0f} s, slowest {report.slowest:.1f} s")
    for outcome in ("ok", "located", "named", "usage", "checked", "unlocated", *BAD):
        print(f"  {outcome:10} {report.counts.get(outcome, 0)}")
    kinds = sorted({k for k, _ in report.by_kind})
    print(
        "by kind: "
        + "; ".join(
            f"{k} "
            + ", ".join(f"{o} {n}" for (kk, o), n in sorted(report.by_kind.items()) if kk == k)
            for k in kinds
        )
    )
    for outcome, lines in report.examples.items():
        print(f"\n{outcome}:")
        for line in lines:
            print("  " + line.replace("\n", " | ")[:400])
    sys.exit(1 if any(report.counts.get(o) for o in BAD) else 0)


if __name__ == "__main__":
    main()
