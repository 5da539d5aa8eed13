"""Dependencies are declared for what the product imports, and where they are needed.

The product's own packages may import only the standard library, each other and the
distributions `[project.dependencies]` declares; the mirror (demo and tests) may add its
`[mirror]` extra. A declared dependency nothing imports is named too, unless it is needed at
run time without an import statement (listed below with why).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from tests.architecture.imports import PRODUCT, ROOT, imports_of, modules

# Needed without being imported by name.
INDIRECT = {
    "brotli": "fontTools compresses the site's WOFF2 font subset with it",
    "prefect-dask": "imported by name only when a Dask task runner is chosen (flows/runner.py)",
}


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = lambda reqs: {_normal(re.split(r"[\s<>=!~\[;]", r, maxsplit=1)[0]) for r in reqs}  # noqa: E731
    return names(project["dependencies"]), names(project["optional-dependencies"]["mirror"])


def _third_party_imports() -> dict[str, set[str]]:
    """Top-level package → distributions its modules import (outside the stdlib and ours)."""
    dists = packages_distributions()
    found: dict[str, set[str]] = {}
    for name, path in modules().items():
        for target, _ in imports_of(path, name):
            top = target.split(".")[0]
            if not top or top in PRODUCT or top == "sql" or top in sys.stdlib_module_names:
                continue
            for dist in dists.get(top, [top]):
                found.setdefault(name.split(".")[0], set()).add(_normal(dist))
    return found


def test_every_import_is_declared_where_it_is_needed():
    product, mirror = _declared()
    used = _third_party_imports()
    missing = {
        package: sorted(dists - product - (mirror if package == "mirror" else set()))
        for package, dists in used.items()
    }
    assert not {k: v for k, v in missing.items() if v}, f"imported but not declared: {missing}"


def test_the_product_does_not_need_the_mirror_extra():
    product, mirror = _declared()
    used = set().union(*(d for package, d in _third_party_imports().items() if package != "mirror"))
    assert not (used & (mirror - product)), "the product imports a mirror-only dependency"


def test_every_declared_dependency_is_used():
    product, _ = _declared()
    used = set().union(*_third_party_imports().values())
    unused = product - used - {_normal(n) for n in INDIRECT}
    assert not unused, f"declared but never imported: {sorted(unused)}"
