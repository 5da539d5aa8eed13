"""Parse results → the typed frames a batch of reports is inserted from, validated first.

The frames are `transform.frames`' (one builder for the parser's, the loader's and the
analysts' frames), with the warehouse's keys added: report_id, agency_id and year. Each report
is validated and flattened on its own (`report_columns`) before anything is staged, so a report
whose facts no frame can hold (an unknown code, a cell given twice, a non-number) is refused
with a reason while the rest of its batch loads; a cell printed as something no count can be
is not a reason to refuse: it is stored as its printed text, with a failing check.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from transform.checks import count_cell_checks
from transform.frames import AXES, InvalidFacts, TableCells, cells_frame, checks_frame, result_cells
from transform.model import TABLES, Check, ParseResult, Table

FACT_TABLES: dict[Table, str] = {
    "applications": "fact_application",
    "review_litigation": "fact_review_litigation",
    "proactive": "fact_proactive",
}


class InvalidReport(ValueError):
    """A parse result the warehouse cannot store faithfully (the message says why)."""


@dataclass
class ReportColumns:
    """One report's cells, checks and narrative, validated."""

    tables: dict[Table, TableCells]
    checks: list[Check]
    narrative: list[tuple[str, float | None]]
    fingerprint: str

    @property
    def fact_rows(self) -> int:
        return sum(len(cells) for cells in self.tables.values())


@dataclass(frozen=True)
class Prepared:
    """A report whose identity is settled and whose cells are validated."""

    report_id: int
    agency_id: str
    year: int
    columns: ReportColumns


@dataclass
class StagedBatch:
    """The frames one batch inserts, by warehouse table."""

    frames: dict[str, pd.DataFrame]


def _number(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidReport(f"{where} is not a number: {value!r}")
    return float(value)


def _checks(result: ParseResult) -> list[Check]:
    """The parser's checks, the first evaluation of each (rule, subject) kept, plus a failing
    cell.not_a_count for any odd count the result did not already flag."""
    first: dict[tuple[str, str], Check] = {}
    for check in [*result.checks, *count_cell_checks(result.facts)]:
        first.setdefault((check.rule, check.subject), check)
    return list(first.values())


def _fingerprint(result: ParseResult, tables: dict[Table, TableCells], narrative: list) -> str:
    """What the report says (template, printed cells, narrative), not its bytes: captures that
    differ only in page chrome (a visit counter, a new footer) share a fingerprint, so fetching
    them again is not mistaken for a revision. (table, row, col) is unique, so sorting never
    compares values; marshal format 2 has no back-references, so equal values give equal bytes.
    """
    cells: list[tuple] = []
    for table, t in tables.items():
        (_, rows), (_, cols) = AXES[table]
        row_codes = [rows[i].code for i in t.rows]
        col_codes = [cols[i].code for i in t.cols]
        if table == "proactive":
            cells += zip([table] * len(t), row_codes, col_codes, t.values, t.unit, strict=True)
        else:
            cells += zip([table] * len(t), row_codes, col_codes, t.printed, strict=True)
    cells.sort()
    return hashlib.sha256(marshal.dumps((result.template, cells, narrative), 2)).hexdigest()


def report_columns(result: ParseResult) -> ReportColumns:
    """Validate and flatten a parse result; raises `InvalidReport` for an unknown code, a
    repeated cell or a value that is not a number at all."""
    try:
        tables = result_cells(result)
    except InvalidFacts as exc:
        raise InvalidReport(str(exc)) from None
    narrative = [
        (key, _number(value, f"narrative number {key!r}"))
        for key, value in sorted((result.narrative or {}).items())
    ]
    return ReportColumns(tables, _checks(result), narrative, _fingerprint(result, tables, narrative))


def stage(prepared: Sequence[Prepared]) -> StagedBatch:
    """The frames for every table a batch writes, in the order of the reports."""
    keys: dict[str, Sequence[Any]] = {
        "report_id": [p.report_id for p in prepared],
        "agency_id": [p.agency_id for p in prepared],
        "year": [p.year for p in prepared],
    }
    frames = {
        FACT_TABLES[name]: cells_frame(name, [p.columns.tables[name] for p in prepared], keys)
        for name in TABLES
    }
    frames["check_result"] = checks_frame(
        [p.columns.checks for p in prepared], {"report_id": keys["report_id"]}
    )
    frames["report_narrative"] = pd.DataFrame(
        {
            "report_id": pd.array([p.report_id for p in prepared for _ in p.columns.narrative], "Int64"),
            "key": pd.array([k for p in prepared for k, _ in p.columns.narrative], "string"),
            "value": pd.array([v for p in prepared for _, v in p.columns.narrative], "Float64"),
        }
    )
    return StagedBatch(frames)
