"""Parse annual reports into canonical facts (readers → layout → tables → checks).

`PARSER_VERSION` (see `transform.version`) changes whenever anything that shapes a parse
result changes, so the warehouse knows exactly which reports to re-derive from the raw archive
after an upgrade. It is computed on first use, not at import.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def parser_version() -> str:
    from transform.version import compute_parser_version

    return compute_parser_version()


def __getattr__(name: str) -> Any:
    if name == "PARSER_VERSION":
        return parser_version()
    raise AttributeError(f"module 'transform' has no attribute {name!r}")
