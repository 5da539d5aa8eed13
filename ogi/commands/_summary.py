"""Human-readable summaries printed by commands (rich tables)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from transform.model import ParseResult


def print_parse_summary(results: Sequence[ParseResult]) -> None:
    table = Table(title="Parsed reports")
    for col in ("source", "agency", "year", "template", "cells", "checks failed", "warnings"):
        table.add_column(col)
    for r in results:
        failed = sum(c.status == "fail" for c in r.checks)
        table.add_row(
            r.source.rsplit("/", 2)[-2] if "/" in r.source else r.source,
            r.agency or "?",
            str(r.year or "?"),
            r.template or "-",
            str(len(r.facts)),
            str(failed),
            str(len(r.warnings)),
        )
    Console().print(table)
