"""Parse results → columnar staging tables for a whole batch of reports, validated first.

The shapes are exactly `transform.frames.to_frames` (tests/warehouse/test_staging.py holds the
two equal), built column-wise with pyarrow instead of four pandas frames per report: the
pandas route costs about 3.5 ms per report, which alone would blow the 100,000-report load
budget. Each report is validated and flattened in one pass (`report_columns`) before anything
is staged, so one bad report is rejected with a reason while the rest of its batch loads.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow as pa

from transform import codes
from transform.model import ParseResult

_KNOWN = {
    "applications": ({c.code for c in codes.DISPOSITIONS}, {c.code for c in codes.APPLICANTS}),
    "review_litigation": ({c.code for c in codes.PROCEEDINGS}, {c.code for c in codes.OUTCOMES}),
    "proactive": ({c.code for c in codes.PROACTIVE_ITEMS}, {c.code for c in codes.PROACTIVE_MEASURES}),
}
_COUNT_TABLES = {"applications": ("disposition", "applicant"), "review_litigation": ("proceeding", "outcome")}
_INT64 = 2**63
_CHECK_FIELDS = ("rule", "subject", "status", "expected", "actual", "message")


class InvalidReport(ValueError):
    """A parse result the warehouse cannot store faithfully (the message says why)."""


@dataclass
class _Cells:
    row: list = field(default_factory=list)
    col: list = field(default_factory=list)
    value: list = field(default_factory=list)
    unit: list = field(default_factory=list)
    raw_text: list = field(default_factory=list)


@dataclass
class ReportColumns:
    """One report's cells, checks and narrative as validated column lists."""

    tables: dict[str, _Cells]
    checks: dict[str, list]
    narrative: list[tuple[str, float | None]]
    fingerprint: str

    @property
    def fact_rows(self) -> int:
        return sum(len(cells.row) for cells in self.tables.values())


@dataclass(frozen=True)
class Prepared:
    """A report whose identity is settled and whose cells are validated."""

    report_id: int
    agency_id: str
    year: int
    columns: ReportColumns


@dataclass
class StagedBatch:
    fact_application: pa.Table
    fact_review_litigation: pa.Table
    fact_proactive: pa.Table
    check_result: pa.Table
    report_narrative: pa.Table


def _number(value: object, where: str, integer: bool) -> int | float | None:
    """The slow path for values that are not plain ints (floats, junk)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidReport(f"{where} is not a number: {value!r}")
    if integer:
        if value != int(value):
            raise InvalidReport(f"{where} is not a whole count: {value!r}")
        if not -_INT64 <= value < _INT64:
            raise InvalidReport(f"{where} is out of range: {value!r}")
        return int(value)
    return float(value)


def _table_cells(table: str, facts: list, fingerprint: list) -> _Cells:
    """Validate one table's facts column-wise (set operations, not per-cell branching)."""
    known_rows, known_cols = _KNOWN[table]
    rows = [f.row for f in facts]
    cols = [f.col for f in facts]
    values = [f.value for f in facts]
    if not known_rows.issuperset(rows) or not known_cols.issuperset(cols):
        bad = next(
            (r, c) for r, c in zip(rows, cols, strict=True) if r not in known_rows or c not in known_cols
        )
        raise InvalidReport(f"unknown code in cell {table} {bad}")
    keys = list(zip(rows, cols, strict=True))
    if len(set(keys)) != len(keys):
        repeated = next(k for k in keys if keys.count(k) > 1)
        raise InvalidReport(f"cell {table} {repeated} appears twice")
    is_count = table != "proactive"
    if is_count and all(v is None or (type(v) is int and -_INT64 <= v < _INT64) for v in values):
        pass  # the common case: whole numbers and blanks as printed
    else:
        values = [
            _number(v, f"cell {table} ({r}, {c})", is_count)
            for r, c, v in zip(rows, cols, values, strict=True)
        ]
    cells = _Cells(row=rows, col=cols, value=values)
    if is_count:
        fingerprint += zip([table] * len(rows), rows, cols, values, strict=True)
    else:
        cells.unit = [f.unit for f in facts]
        cells.raw_text = [f.raw_text for f in facts]
        fingerprint += zip([table] * len(rows), rows, cols, values, cells.unit, strict=True)
    return cells


def report_columns(result: ParseResult) -> ReportColumns:
    """Validate and flatten a parse result; raises `InvalidReport` for unknown codes, repeated
    cells, or values that are not numbers (counts must be whole numbers).

    This runs for every cell of every report loaded, so it works column-wise: a per-cell
    Python loop with a branch per check costs more than the database insert does.
    """
    by_table: dict[str, list] = {name: [] for name in _KNOWN}
    for fact in result.facts:
        target = by_table.get(fact.table)
        if target is None:
            raise InvalidReport(f"unknown fact table {fact.table!r}")
        target.append(fact)
    fingerprint_cells: list[tuple] = []
    tables = {name: _table_cells(name, facts, fingerprint_cells) for name, facts in by_table.items()}
    evaluated = result.checks
    if len({(c.rule, c.subject) for c in evaluated}) != len(evaluated):
        first: dict[tuple[str, str], object] = {}
        for check in evaluated:  # a repeated evaluation adds nothing; the first one stands
            first.setdefault((check.rule, check.subject), check)
        evaluated = list(first.values())
    checks = {name: [getattr(c, name) for c in evaluated] for name in _CHECK_FIELDS}
    narrative = [
        (key, _number(value, f"narrative number {key!r}", integer=False))
        for key, value in sorted((result.narrative or {}).items())
    ]
    # What the report says (template, cells, narrative), not its bytes: captures that differ
    # only in page chrome (a visit counter, a new footer) share a fingerprint, so re-fetching
    # them is not mistaken for a revision. (table, row, col) is unique, so sorting never
    # compares values. marshal format 2 has no back-references, so equal values always give
    # equal bytes, and it is three times faster than repr().
    fingerprint_cells.sort()
    fingerprint = hashlib.sha256(
        marshal.dumps((result.template, fingerprint_cells, narrative), 2)
    ).hexdigest()
    return ReportColumns(tables, checks, narrative, fingerprint)


def _ids(prepared: Sequence[Prepared], table: str) -> dict[str, pa.Array]:
    report_ids, agency_ids, years = [], [], []
    for item in prepared:
        n = len(item.columns.tables[table].row)
        report_ids += [item.report_id] * n
        agency_ids += [item.agency_id] * n
        years += [item.year] * n
    return {
        "report_id": pa.array(report_ids, pa.int64()),
        "agency_id": pa.array(agency_ids, pa.string()),
        "year": pa.array(years, pa.int16()),
    }


def _concat(prepared: Sequence[Prepared], table: str, attribute: str) -> list:
    out: list = []
    for item in prepared:
        out += getattr(item.columns.tables[table], attribute)
    return out


def _counts_table(prepared: Sequence[Prepared], table: str) -> pa.Table:
    row_name, col_name = _COUNT_TABLES[table]
    values = _concat(prepared, table, "value")
    return pa.table(
        {
            **_ids(prepared, table),
            row_name: pa.array(_concat(prepared, table, "row"), pa.string()),
            col_name: pa.array(_concat(prepared, table, "col"), pa.string()),
            "value": pa.array(values, pa.int64()),
            "is_blank": pa.array([v is None for v in values], pa.bool_()),
        }
    )


def stage(prepared: Sequence[Prepared]) -> StagedBatch:
    """Columnar tables for every fact table of a batch, in the order of the reports."""
    checks: dict[str, list] = {"report_id": [], **{name: [] for name in _CHECK_FIELDS}}
    narrative: dict[str, list] = {"report_id": [], "key": [], "value": []}
    for item in prepared:
        item_checks = item.columns.checks
        checks["report_id"] += [item.report_id] * len(item_checks["rule"])
        for name in _CHECK_FIELDS:
            checks[name] += item_checks[name]
        for key, value in item.columns.narrative:
            narrative["report_id"].append(item.report_id)
            narrative["key"].append(key)
            narrative["value"].append(value)
    return StagedBatch(
        fact_application=_counts_table(prepared, "applications"),
        fact_review_litigation=_counts_table(prepared, "review_litigation"),
        fact_proactive=pa.table(
            {
                **_ids(prepared, "proactive"),
                "item": pa.array(_concat(prepared, "proactive", "row"), pa.string()),
                "measure": pa.array(_concat(prepared, "proactive", "col"), pa.string()),
                "value": pa.array(_concat(prepared, "proactive", "value"), pa.float64()),
                "unit": pa.array(_concat(prepared, "proactive", "unit"), pa.string()),
                "raw_text": pa.array(_concat(prepared, "proactive", "raw_text"), pa.string()),
            }
        ),
        check_result=pa.table(
            {
                "report_id": pa.array(checks["report_id"], pa.int64()),
                "rule": pa.array(checks["rule"], pa.string()),
                "subject": pa.array(checks["subject"], pa.string()),
                "status": pa.array(checks["status"], pa.string()),
                "expected": pa.array([_float(v) for v in checks["expected"]], pa.float64()),
                "actual": pa.array([_float(v) for v in checks["actual"]], pa.float64()),
                "message": pa.array([m or None for m in checks["message"]], pa.string()),
            }
        ),
        report_narrative=pa.table(
            {
                "report_id": pa.array(narrative["report_id"], pa.int64()),
                "key": pa.array(narrative["key"], pa.string()),
                "value": pa.array(narrative["value"], pa.float64()),
            }
        ),
    )


def _float(value: int | float | None) -> float | None:
    return None if value is None else float(value)
