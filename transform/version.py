"""`PARSER_VERSION`: one string that changes exactly when the parser's output could.

The warehouse stores it on every report and re-derives from the raw archive whatever an older
version parsed (`warehouse.store.reparse`), so it must cover everything that shapes a parse
result — the parser's own modules, the byte sniffing, decoding and title rule it uses from
`core`, and the versions of the libraries that read the bytes — and nothing that does not:
code is compared as its syntax tree without docstrings, so editing a comment or a docstring
never forces a re-parse of the whole archive.
"""

from __future__ import annotations

import ast
import hashlib
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

RELEASE = "1.0"
# Packages (every module under them) and modules whose code shapes a parse result.
SHAPING_CODE = ("transform", "core.sniff", "core.decode", "core.titles")
# Distributions whose behaviour shapes a parse result: the readers' engines, normalization.
SHAPING_LIBRARIES = (
    "selectolax",
    "pypdfium2",
    "pdfplumber",
    "pdfminer.six",
    "python-docx",
    "opencc",
    "rapidfuzz",
    "numpy",
    "rapidocr-onnxruntime",
    "onnxruntime",
    "pillow",
)


def _origin(module: str) -> Path:
    spec = find_spec(module)
    if spec is None or spec.origin is None:
        raise RuntimeError(f"parser version: module {module} not found")
    return Path(spec.origin)


def _code_files() -> list[Path]:
    files: list[Path] = []
    for name in SHAPING_CODE:
        origin = _origin(name)
        files += sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
    return files


def _without_docstrings(tree: ast.AST) -> ast.AST:
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                node.body = body[1:] or [ast.Pass()]
    return tree


def code_digest(source: str) -> str:
    """What a module's code does, as a digest: its syntax tree, comments and docstrings left out."""
    tree = _without_docstrings(ast.parse(source))
    return hashlib.sha256(ast.dump(tree, annotate_fields=False).encode()).hexdigest()


def library_versions() -> dict[str, str]:
    out = {}
    for dist in SHAPING_LIBRARIES:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = "absent"
    return out


def compute_parser_version() -> str:
    digest = hashlib.sha256()
    root = _origin("transform").parent.parent
    for path in _code_files():
        relative = path.relative_to(root) if path.is_relative_to(root) else path.name
        digest.update(str(relative).encode())
        digest.update(code_digest(path.read_text(encoding="utf-8")).encode())
    for dist, version in sorted(library_versions().items()):
        digest.update(f"{dist}=={version}".encode())
    return f"{RELEASE}+{digest.hexdigest()[:10]}"
