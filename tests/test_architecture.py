"""The package layout of docs/architecture.md holds: no import cycle, and no module imports a later stage.

Imports are read from the source (``ast``), at module level and inside functions alike."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "govreport_nlp"

#: the units of the package in the order of the flow; a unit may import only its own layer and earlier ones
LAYERS = [
    {"about", "errors", "spec"},
    {"document", "shipped"},
    {"reading"},
    {"metrics", "annotations"},
    {"model", "evaluation"},
    {"annotate", "baselines"},
    {"outputs", "render", "panel", "track", "corpus", "component", "adapt"},
    {"cli", "__init__"},
]
LAYER = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, known: dict[str, Path], source: str | None = None) -> set[str]:
    """The package's modules that ``path`` (or ``source`` put in its place) imports (``from . import x`` counts as
    importing module ``x``)."""
    name = module_name(path)
    pkg = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(source if source is not None else path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "govreport_nlp"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "govreport_nlp":
                target = node.module
            else:
                continue
            subs = {f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in known}
            out |= subs if subs and len(subs) == len(node.names) else {target}
    return {m for m in out if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(path, known) for name, path in known.items()}


def unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycle():
    g = graph()
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in g[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in g:
        if v not in index:
            visit(v)
    assert not cycles, f"import cycles: {cycles}"


def test_no_module_imports_a_later_stage():
    g = graph()
    assert set(LAYER) >= {unit(m) for m in g}, f"units missing from LAYERS: {set(unit(m) for m in g) - set(LAYER)}"
    wrong = sorted(f"{m} -> {d}" for m, deps in g.items() for d in deps if LAYER[unit(d)] > LAYER[unit(m)])
    assert not wrong, "imports of a later stage:\n" + "\n".join(wrong)


@pytest.mark.parametrize("module", ["govreport_nlp.document", "govreport_nlp.errors", "govreport_nlp.spec"])
def test_the_data_model_imports_no_stage(module):
    assert graph()[module] <= {"govreport_nlp.errors", "govreport_nlp.spec"}


def test_imports_inside_functions_count():
    """A hidden upward import (inside a function) is seen, so it cannot slip past the two tests above."""
    src = "def f():\n    from .reading.words import tokenize_report\n"
    assert imports(PACKAGE / "document.py", modules(), source=src) == {"govreport_nlp.reading.words"}
