"""The layout is the architecture: imports run with the data (core → extract → transform →
warehouse → flows → ogi), the warehouse's sub-packages form no circle, and no module imports
itself round a loop. Read from the source, so a lazy import inside a function counts too."""

from __future__ import annotations

from tests.architecture.imports import graph

# Lower layers never import higher ones. The mirror (the demo's and tests' synthetic sites)
# sits beside the CLI: it may use the product, and only the CLI commands that serve it import it.
LAYERS = {"core": 0, "extract": 1, "transform": 2, "warehouse": 3, "flows": 4, "ogi": 5, "mirror": 5}
MIRROR_USERS = ("ogi.commands.mirror", "ogi.commands.demo")
# Inside the warehouse: identity, then storage and loads, then what reads what they stored.
WAREHOUSE_LAYERS = {"agencies": 0, "store": 1, "publish": 2, "query": 3, "site": 3}


def _top(module: str) -> str:
    return module.split(".")[0]


def _warehouse_part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "warehouse" and len(parts) > 2 else None


def test_imports_never_run_against_the_flow():
    back = []
    for module, targets in graph().items():
        for target, line in targets:
            a, b = _top(module), _top(target)
            if b == "mirror" and a != "mirror":
                if not module.startswith(MIRROR_USERS):
                    back.append(f"{module}:{line} imports {target} (only the CLI serves the mirror)")
            elif LAYERS[b] > LAYERS[a] or (LAYERS[b] == LAYERS[a] and a != b and b != "ogi"):
                back.append(f"{module}:{line} imports {target}")
    assert not back, "imports against the flow:\n" + "\n".join(sorted(back))


def test_warehouse_sub_packages_are_layered():
    back = []
    for module, targets in graph().items():
        a = _warehouse_part(module)
        for target, line in targets:
            b = _warehouse_part(target)
            if a and b and a != b and WAREHOUSE_LAYERS[b] >= WAREHOUSE_LAYERS[a]:
                back.append(f"{module}:{line} imports {target}")
    assert not back, "warehouse sub-packages importing upwards or sideways:\n" + "\n".join(back)


def test_no_module_imports_itself_round_a_circle():
    edges = {m: {t for t, _ in targets} for m, targets in graph().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module)
    assert not cycles, "import circles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_the_graph_sees_the_product():
    """A guard on the guard: the reader finds modules and their imports at all."""
    edges = graph()
    assert "warehouse.store.load" in edges
    assert any(t == "warehouse.store.current" for t, _ in edges["warehouse.store.load"])
