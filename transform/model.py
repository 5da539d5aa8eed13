"""What the parser hands downstream: facts as printed, identity checks, metadata, warnings.

`ParseResult.to_contract()` is the `ogi parse` JSON object of CONTRACT.md §2; the warehouse
loads the same result through `transform.frames`, so the command line and the warehouse can
never disagree about a number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, Literal, NamedTuple

import orjson

Table = Literal["applications", "review_litigation", "proactive"]
TABLES: tuple[Table, ...] = ("applications", "review_litigation", "proactive")
CheckStatus = Literal["pass", "fail", "not_assessable"]


class Fact(NamedTuple):
    """One printed cell, mapped to canonical codes; `value` is None when the cell is blank.

    A named tuple, not a dataclass: a report has hundreds and they are made on the hot path.
    """

    table: Table
    row: str
    col: str
    value: int | float | None
    raw_text: str = ""
    unit: str | None = None
    extraction: str | None = None  # None: read off the text layer; "ocr"; "segmented"
    confidence: float | None = None  # the OCR recogniser's score for the cell, 0–1


class Check(NamedTuple):
    """One identity evaluated on the printed values; `subject` names the row or column."""

    rule: str
    subject: str
    status: CheckStatus
    expected: int | float | None = None
    actual: int | float | None = None
    message: str = ""

    def to_contract(self) -> dict[str, Any]:
        key = (
            "row"
            if self.rule == "t3.row_total"
            else ("proceeding" if self.rule.startswith("t4.") else "column")
        )
        out: dict[str, Any] = {
            "rule": self.rule,
            key: self.subject,
            "subject": self.subject,
            "status": self.status,
            "expected": self.expected,
            "actual": self.actual,
        }
        if self.message:
            out["message"] = self.message
        return out


@dataclass
class ParseResult:
    source: str
    form: str | None = None
    agency: str | None = None
    year: int | None = None
    template: str | None = None
    title: str | None = None
    published_date: str | None = None
    facts: list[Fact] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    narrative: dict[str, int] | None = None
    error: str | None = None
    source_url: str | None = None  # where the report was published, when the file says
    extraction: str = "text"  # "text", "ocr" (page images) or "segmented" (digit runs)
    # The tables the checks were computed on, with the facts they were grouped from, kept for
    # the JSON line: grouping a report's ~200 facts costs ~0.3 M instructions (1.5 % of a
    # parse), and the JSON object needs the same grouping. Used once and only while the facts
    # are still those (see `checked_tables`).
    _grouped: tuple[tuple[Fact, ...], dict[str, dict[str, dict[str, int | float | None]]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def cell_extraction(self) -> dict[str, dict[str, dict[str, dict[str, Any]]]]:
        """Per table/row/column, how each value not read off a text layer was obtained."""
        out: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        if {None}.issuperset(map(attrgetter("extraction"), self.facts)):
            return out  # the common case: every value read off a text layer or markup
        for f in self.facts:
            if f.extraction is None:
                continue
            note: dict[str, Any] = {"method": f.extraction}
            if f.confidence is not None:
                note["confidence"] = round(f.confidence, 4)
            out.setdefault(f.table, {}).setdefault(f.row, {})[f.col] = note
        return out

    def tables(self) -> dict[str, dict[str, dict[str, int | float | None]]]:
        """The facts' values by table, row and column, in one pass over the facts (the checks
        and the JSON object each need every table)."""
        out: dict[str, dict[str, dict[str, int | float | None]]] = {}
        for f in self.facts:
            out.setdefault(f.table, {}).setdefault(f.row, {})[f.col] = f.value
        return out

    def checked_tables(self) -> dict[str, dict[str, dict[str, int | float | None]]]:
        """`tables()`, for the parser's checks: kept for the one JSON object made next from the
        same facts (handed out once, so no caller's change to that object can come back)."""
        tables = self.tables()
        self._grouped = (tuple(self.facts), tables)
        return tables

    def _tables_once(self) -> dict[str, dict[str, dict[str, int | float | None]]]:
        grouped, self._grouped = self._grouped, None
        if grouped is not None and grouped[0] == tuple(self.facts):
            return grouped[1]
        return self.tables()

    def table(self, name: Table) -> dict[str, dict[str, int | float | None]]:
        return self.tables().get(name, {})

    def to_json_line(self) -> bytes:
        """The `ogi parse` output line (UTF-8 JSON, newline-terminated)."""
        return orjson.dumps(self.to_contract()) + b"\n"

    def to_contract(self) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "source": self.source,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "title": self.title,
            "form": self.form,
            "published_date": self.published_date,
            "extraction": self.extraction,
        }
        if self.source_url:
            obj["source_url"] = self.source_url
        tables = self._tables_once()
        for name in TABLES:
            if name in tables:
                obj[name] = tables[name]
        notes = self.cell_extraction()
        if notes:
            obj["cell_extraction"] = notes
        obj["checks"] = [c.to_contract() for c in self.checks]
        obj["warnings"] = list(self.warnings)
        if self.narrative:
            obj["narrative"] = dict(self.narrative)
        if self.error:
            obj["error"] = self.error
        return obj


# What a loader calls to turn a file's bytes and its source name into a result: `parse_bytes`,
# `parse_contained` (the sandboxed one), or a test's stand-in.
Parser = Callable[[bytes, str], ParseResult]
