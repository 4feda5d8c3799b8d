"""The import contract: packages import only downwards, no modules import each other in a loop,
and README's layout lists the real tree in this order.

Counted with grimp, which reads every import statement, including those inside functions and
under `if TYPE_CHECKING:`: a lazy import is still a dependency of the code that makes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import grimp
import pytest

# The floors of the house, top first. A package may import from the floors below it only; the
# packages on one floor may not import each other. Written once: this list is the contract.
LAYERS: list[tuple[str, ...]] = [
    ("__main__", "docs_gen"),
    ("cli",),
    ("ui",),
    ("render",),
    ("session",),
    ("habits",),
    ("review",),
    ("authoring",),
    ("history",),
    ("store",),
    ("engine",),
    ("content",),
    ("model",),
    ("conditions",),
    ("located",),
    ("errors", "home", "lazy", "guides", "calc", "collector"),
]

# Narrower rules inside the order: ui/ shows and asks (the store's plain records are all it may
# know of the store; opening it and choosing where drafts live is
# `coach.session.drafts_store.open_sink`'s work).
FORBIDDEN: list[tuple[str, str, tuple[str, ...]]] = [
    ("coach.ui", "coach.store", ("coach.store.records",)),
]


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("coach", cache_dir=None)


def _floor(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2:
        return None  # coach/__init__.py itself
    for number, floor in enumerate(LAYERS):
        if parts[1] in floor:
            return number
    raise AssertionError(f"{module}: its package is on no floor of LAYERS in {__file__}")


def _imports(graph: grimp.ImportGraph) -> Iterator[tuple[str, str]]:
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            yield importer, imported


def _where(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    lines = [
        d["line_number"] for d in graph.get_import_details(importer=importer, imported=imported)
    ]
    return f"{importer}:{','.join(map(str, sorted(lines)))} imports {imported}"


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_every_package_has_a_floor(graph: grimp.ImportGraph) -> None:
    for module in graph.modules:
        _floor(module)


def test_no_upward_or_sideways_import(graph: grimp.ImportGraph) -> None:
    wrong = []
    for importer, imported in _imports(graph):
        low, high = _floor(importer), _floor(imported)
        if low is None or high is None or importer.split(".")[1] == imported.split(".")[1]:
            continue
        if high <= low:
            wrong.append(_where(graph, importer, imported))
    assert not wrong, "imports that do not run downwards:\n" + "\n".join(wrong)


def test_forbidden_imports(graph: grimp.ImportGraph) -> None:
    wrong = []
    for importer, imported in _imports(graph):
        for source, target, allowed in FORBIDDEN:
            if (
                _inside(importer, source)
                and _inside(imported, target)
                and not any(_inside(imported, a) for a in allowed)
            ):
                wrong.append(_where(graph, importer, imported))
    assert not wrong, "imports the layers forbid:\n" + "\n".join(wrong)


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected sets of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycle(graph: grimp.ImportGraph) -> None:
    assert _cycles(graph) == []


def test_the_contract_catches_an_upward_import_and_a_cycle() -> None:
    """The checks above are not vacuous: on a graph with the faults, they find them."""
    faulty = grimp.ImportGraph()
    for name in ("coach.model.a", "coach.model.b", "coach.ui.c"):
        faulty.add_module(name)
    faulty.add_import(
        importer="coach.model.a", imported="coach.ui.c", line_number=1, line_contents=""
    )
    faulty.add_import(
        importer="coach.model.a", imported="coach.model.b", line_number=2, line_contents=""
    )
    faulty.add_import(
        importer="coach.model.b", imported="coach.model.a", line_number=3, line_contents=""
    )
    with pytest.raises(AssertionError, match=r"coach\.model\.a:1 imports coach\.ui\.c"):
        test_no_upward_or_sideways_import(faulty)
    assert _cycles(faulty) == [["coach.model.a", "coach.model.b"]]


ROOT = Path(__file__).resolve().parent.parent
SKIP = {"__init__.py", "__pycache__", "py.typed"}


def _listed() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```", 2)[1]
    return re.findall(r"^coach/(\S+)", block, flags=re.M)


def _tree() -> set[str]:
    return {p.name for p in (ROOT / "coach").iterdir() if p.name not in SKIP}


def test_readme_layout_names_every_package_and_module_of_the_tree() -> None:
    listed = [name.removesuffix(".py") for name in _listed()]
    assert sorted(listed) == sorted(name.removesuffix(".py") for name in _tree())


def test_readme_layout_runs_top_floor_first() -> None:
    floor = {name: number for number, names in enumerate(LAYERS) for name in names}
    floors = [floor[name.removesuffix(".py")] for name in _listed()]
    assert floors == sorted(floors)
