"""The import graph of the `mtfix` package has no circle: no module imports (at its top or
lazily, inside a function) a module that imports it back, directly or through others. The run
path (`mtfix/run/`) calls downwards only, and nothing under it reaches up to the commands."""

import ast
from pathlib import Path

import pytest

import mtfix

ROOT = Path(mtfix.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _graph() -> dict[str, set[str]]:
    files = {_module_name(p): p for p in ROOT.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in files}
    for mod, path in files.items():
        package = mod if path.name == "__init__.py" else mod.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[:len(base) - (node.level - 1)]
                    base_name = ".".join(base + ([node.module] if node.module else []))
                else:
                    base_name = node.module or ""
                # `from pkg import submodule` imports the submodule; `from mod import name` mod
                targets = [f"{base_name}.{a.name}" if f"{base_name}.{a.name}" in files
                           else base_name for a in node.names]
            for t in targets:
                while t and t not in files:  # `import mtfix.run.cut.x`: the longest module
                    t = t.rpartition(".")[0]
                if t and t != mod:
                    graph[mod].add(t)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read():
    g = _graph()
    assert "mtfix.run.load" in g["mtfix.run.fixrun"]
    assert "mtfix.run.cut" in g["mtfix.run.dispatch"]          # `from . import cut`
    assert "mtfix.formats.registry" in g["mtfix.run.load"]    # a lazy import in a function
    assert "mtfix.commands.fix" in g["mtfix.cli"]


def test_no_circle_in_the_run_path_and_commands():
    cycles = [c for c in _cycles(_graph())
              if any(m.startswith(("mtfix.run", "mtfix.commands", "mtfix.cli",
                                   "mtfix.reporting", "mtfix.formats")) for m in c)]
    assert cycles == []


def test_the_run_path_does_not_reach_up():
    g = _graph()
    for mod, deps in g.items():
        if mod.startswith("mtfix.run"):
            assert not {d for d in deps if d.startswith(("mtfix.commands", "mtfix.cli"))}, mod


def test_no_circle_at_all():
    assert _cycles(_graph()) == []
