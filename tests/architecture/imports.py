"""Read the product's import graph from its source (every import, lazy ones inside functions too)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("core", "extract", "transform", "warehouse", "flows", "ogi", "mirror")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for top in PRODUCT for p in sorted((ROOT / top).rglob("*.py"))}


def imports_of(path: Path, name: str) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:  # `from pkg import module` imports pkg.module
                yield f"{target}.{alias.name}", node.lineno
            yield target, node.lineno


def graph() -> dict[str, set[tuple[str, int]]]:
    """Module → the product modules it imports (with the line of the import)."""
    found = modules()
    edges: dict[str, set[tuple[str, int]]] = {}
    for name, path in found.items():
        out = edges.setdefault(name, set())
        named_modules = set()
        for target, line in imports_of(path, name):
            if target not in found or target == name or name.startswith(target + "."):
                continue  # not ours, or a package's own parent (always imported first)
            if (target, line) in named_modules:
                continue
            if any(t.startswith(target + ".") and ln == line for t, ln in out):
                continue  # `from pkg import module`: the edge is to the module, not to pkg
            out.add((target, line))
            named_modules.add((target, line))
    return edges
