"""Mutation testing of coach/conditions/ and coach/engine/: does some test fail for each mutant?

A small AST mutator (mutmut and cosmic-ray rewrite the package in place and run the whole suite
per mutant, about 17 minutes a run on this shared machine). Each mutant changes one operator in
one module: a comparison (< <=, > >=, == !=, is / is not, in / not in), `and` / `or`, a `not`
dropped, True / False, or an integer constant off by one. The module is written into a copy of
the package, and the engine's tests run against that copy (`pytest -x`, with a time bound: a
mutant that hangs counts as killed). A mutant that no test notices survives and is listed with
its file, line and change.

    python benchmarks/mutation.py [--sample N] [--seed S] [--jobs 2] [--only coach/engine/facts.py]

`--sample` picks N mutants at random (seeded) from all of them; without it every mutant runs.
"""

from __future__ import annotations

import argparse
import ast
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = ("coach/conditions", "coach/engine")
# Fast first (-x stops at the first failure); the differential test (hypothesis) is last.
TESTS = (
    "tests/test_conditions.py",
    "tests/test_broken_content.py",  # what authors read when a condition is broken
    "tests/test_content.py",
    "tests/test_engine_operators.py",
    "tests/test_engine_symbols.py",
    "tests/test_shipped_rule_cases.py",
    "tests/test_engine_durable_facts.py",
    "tests/test_engine_packs.py",
    "tests/test_followup_rules.py",
    "tests/test_authoring_explain.py",
    "tests/test_judgement.py",
    "tests/test_engine_compare.py",
    "tests/test_engine_differential.py",
)
TIMEOUT = 300

_SWAP: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
}


@dataclass(frozen=True)
class Mutant:
    """One change at one place."""

    path: str
    line: int
    index: int  # the n-th mutable node of the file, in walk order
    change: str


def _sites(tree: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and type(node.ops[0]) in _SWAP:
            new = _SWAP[type(node.ops[0])].__name__
            yield node, f"{type(node.ops[0]).__name__} -> {new}"
        elif isinstance(node, ast.BoolOp):
            yield node, "and -> or" if isinstance(node.op, ast.And) else "or -> and"
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            yield node, "not x -> x"
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            yield node, f"{node.value} -> {not node.value}"
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            yield node, f"{node.value} -> {node.value + 1}"


def _in_docstring_or_annotation(tree: ast.AST) -> set[int]:
    """Nodes not worth mutating: annotations (not run), `__future__` flags, and decorators.

    A decorator's arguments (`@dataclass(frozen=True, slots=True)`) declare what a class is; no
    test of behaviour can tell `frozen=False` apart while nothing assigns to the instances, and
    mypy --strict is what keeps anything from assigning.
    """
    skip: set[int] = set()
    for node in ast.walk(tree):
        for annotation in _annotations(node):
            skip.update(id(n) for n in ast.walk(annotation))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            for decorator in node.decorator_list:
                skip.update(id(n) for n in ast.walk(decorator))
        if isinstance(node, ast.ImportFrom):
            skip.update(id(n) for n in ast.walk(node))
    return skip


def _annotations(node: ast.AST) -> list[ast.AST]:
    found: list[ast.AST] = []
    if isinstance(node, ast.AnnAssign):
        found.append(node.annotation)
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        found += [node.returns] if node.returns else []
        arguments = node.args
        every = [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]
        every += [a for a in (arguments.vararg, arguments.kwarg) if a]
        found += [a.annotation for a in every if a.annotation]
    return found


def mutants() -> list[Mutant]:
    """Every mutant of the target modules."""
    found = []
    for target in TARGETS:
        for path in sorted((ROOT / target).glob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            skip = _in_docstring_or_annotation(tree)
            sites = [(n, c) for n, c in _sites(tree) if id(n) not in skip]
            for index, (node, change) in enumerate(sites):
                line = getattr(node, "lineno", 0)
                found.append(Mutant(str(path.relative_to(ROOT)), line, index, change))
    return found


def mutated_source(mutant: Mutant) -> str:
    """The module's text with the mutant's one change."""
    tree = ast.parse((ROOT / mutant.path).read_text(encoding="utf-8"))
    skip = _in_docstring_or_annotation(tree)
    node, _ = [(n, c) for n, c in _sites(tree) if id(n) not in skip][mutant.index]
    if isinstance(node, ast.Compare):
        node.ops[0] = _SWAP[type(node.ops[0])]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.UnaryOp):
        node.op = ast.UAdd()  # `+x` of a bool is x as an int: truthiness unchanged
        node.operand = ast.Call(ast.Name("bool", ast.Load()), [node.operand], [])
    elif isinstance(node, ast.Constant):
        node.value = (not node.value) if type(node.value) is bool else node.value + 1
    return ast.unparse(ast.fix_missing_locations(tree))


# What the tests read besides the package: the code, the tests, and the documents some tests
# compare content with (the research's list of works cited is in docs/research/).
COPIED = ("coach", "tests", "benchmarks", "docs")


def _pytest_in_copy(mutant: Mutant | None, python: str) -> subprocess.CompletedProcess[bytes]:
    """The selected tests, run in a copy of the checkout holding the mutant (None: as it is)."""
    with tempfile.TemporaryDirectory(prefix="coach-mutant-") as folder:
        # The whole checkout's code and tests, run from the copy: pytest puts the folder it
        # runs in first on sys.path, so the copy's coach is the one imported.
        copy = Path(folder)
        for name in COPIED:
            shutil.copytree(ROOT / name, copy / name, symlinks=True)
        shutil.copy(ROOT / "pyproject.toml", copy)
        if mutant is not None:
            (copy / mutant.path).write_text(mutated_source(mutant), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": folder, "PYTHONDONTWRITEBYTECODE": "1"}
        command = [python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS]
        return subprocess.run(
            command, cwd=copy, env=env, capture_output=True, timeout=TIMEOUT, check=False
        )


def run(mutant: Mutant, python: str) -> tuple[Mutant, str, float]:
    """Run the tests against a copy of the package holding the mutant: killed, survived."""
    start = time.perf_counter()
    try:
        done = _pytest_in_copy(mutant, python)
        outcome = "survived" if done.returncode == 0 else "killed"
    except subprocess.TimeoutExpired:
        outcome = "killed (timed out)"
    return mutant, outcome, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", action="append", default=[], help="a module path to mutate")
    args = parser.parse_args()
    every = mutants()
    chosen = [m for m in every if not args.only or m.path in args.only]
    if args.sample and args.sample < len(chosen):
        chosen = sorted(random.Random(args.seed).sample(chosen, args.sample), key=str)
    print(f"{len(every)} mutants in {', '.join(TARGETS)}; running {len(chosen)}", flush=True)
    # Without a mutant the tests must pass in the copy; otherwise every mutant would count as
    # killed (a test reading a file the copy lacks once made a run report 80 of 80).
    baseline = _pytest_in_copy(None, sys.executable)
    if baseline.returncode != 0:
        sys.exit(f"the selected tests fail without any mutant:\n{baseline.stdout.decode()[-3000:]}")
    killed, survivors = 0, []
    with ThreadPoolExecutor(args.jobs) as pool:
        for mutant, outcome, seconds in pool.map(lambda m: run(m, sys.executable), chosen):
            print(f"{outcome:<18} {seconds:5.0f} s  {mutant.path}:{mutant.line}  {mutant.change}")
            if outcome.startswith("killed"):
                killed += 1
            else:
                survivors.append(mutant)
    ratio = 100.0 * killed / len(chosen) if chosen else 100.0
    print(f"killed {killed} of {len(chosen)} ({ratio:.1f}%); survivors:")
    for mutant in survivors:
        print(f"  {mutant.path}:{mutant.line}  {mutant.change}")


if __name__ == "__main__":
    main()
