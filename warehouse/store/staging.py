"""Parse results → the Arrow tables a batch of reports is inserted from, validated first.

Each report is validated and flattened by `transform.frames` (`result_cells`: the one
validation of the parser's, the loader's and the analysts' frames) into column lists, and a
batch's lists become Arrow tables with the warehouse's keys added: report_id, agency_id and
year. The tables hold what `transform.frames.cells_frame` puts in the analysts' pandas frames
(tests/warehouse/test_staging.py proves it), built without per-cell pandas conversions: at a
million reports those cost more than the database insert. Each report
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
from functools import lru_cache
from itertools import repeat
from operator import is_, itemgetter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from transform.checks import count_cell_checks
from transform.frames import AXES, COUNT_TABLES, InvalidFacts, TableCells, result_cells
from transform.model import TABLES, Check, ParseResult, Table

FACT_TABLES: dict[Table, str] = {
    "applications": "fact_application",
    "review_litigation": "fact_review_litigation",
    "proactive": "fact_proactive",
}


_KEY_TYPES = {"report_id": pa.int64(), "agency_id": pa.string(), "year": pa.int16()}
# Each code axis as the dictionary of its ordered code column (template order, like the ENUMs).
_DICTIONARIES = {
    name: pa.array([c.code for c in axis], pa.string())
    for row_axis, col_axis in AXES.values()
    for name, axis in (row_axis, col_axis)
}

# Distinct cell layouts (which cells, in which order) whose sorted order is remembered: the
# templates' layouts and their common partial fills are a few dozen; 1,024 orders of ~200
# positions are ~2 MB.
LAYOUT_MEMO_SIZE = 1024
# Each fact table's row and column codes by index, as the fingerprint spells cells.
_CODES = {
    table: (tuple(c.code for c in rows), tuple(c.code for c in cols))
    for table, ((_, rows), (_, cols)) in AXES.items()
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
    """The Arrow tables one batch inserts, by warehouse table."""

    tables: dict[str, pa.Table]


def _number(value: object, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidReport(f"{where} is not a number: {value!r}")
    return float(value)


def _checks(result: ParseResult, tables: dict[Table, TableCells]) -> list[Check]:
    """The parser's checks, the first evaluation of each (rule, subject) kept, plus a failing
    cell.not_a_count for any odd count the result did not already flag. A count cell has no
    value either because it is blank or because it is no count, so the cells are only searched
    when the two tallies differ (rarely: the search is a tenth of the cost of a report)."""
    odd = any(tables[name].values.count(None) != tables[name].printed.count(None) for name in COUNT_TABLES)
    first: dict[tuple[str, str], Check] = {}
    for check in [*result.checks, *(count_cell_checks(result.facts) if odd else [])]:
        first.setdefault((check.rule, check.subject), check)
    return list(first.values())


def _fingerprint(result: ParseResult, tables: dict[Table, TableCells], narrative: list) -> str:
    """What the report says (template, printed cells, narrative), not its bytes: captures that
    differ only in page chrome (a visit counter, a new footer) share a fingerprint, so fetching
    them again is not mistaken for a revision. The cells are (table, row, col, printed) tuples
    in sorted order; (table, row, col) is unique, so that order never compares values and is
    the tables in name order, each in `_cell_order`. marshal format 2 has no back-references,
    so equal values give equal bytes.
    """
    cells: list[tuple] = []
    for table in sorted(tables):
        t = tables[table]
        row_codes, col_codes = _CODES[table]
        rows = map(row_codes.__getitem__, t.rows)
        cols = map(col_codes.__getitem__, t.cols)
        spelled: list[tuple] = (
            list(zip(repeat(table), rows, cols, t.values, t.unit))
            if table == "proactive"
            else list(zip(repeat(table), rows, cols, t.printed))
        )
        cells += map(spelled.__getitem__, _cell_order(table, tuple(t.rows), tuple(t.cols)))
    return hashlib.sha256(marshal.dumps((result.template, cells, narrative), 2)).hexdigest()


@lru_cache(maxsize=LAYOUT_MEMO_SIZE)
def _cell_order(table: Table, rows: tuple[int, ...], cols: tuple[int, ...]) -> list[int]:
    """Positions of a table's cells in (row code, column code) order. Reports of one layout
    give their cells in one order, so the order is sorted once per layout (sorting every
    report's cells was a tenth of its load cost) and looked up by the cells' code indices."""
    row_codes, col_codes = _CODES[table]
    return sorted(range(len(rows)), key=lambda i: (row_codes[rows[i]], col_codes[cols[i]]))


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
    return ReportColumns(tables, _checks(result, tables), narrative, _fingerprint(result, tables, narrative))


def _flat(batch: Sequence[TableCells], attribute: str) -> list:
    """One column of every report's cells, concatenated (list `+=` copies pointers in C)."""
    out: list = []
    for cells in batch:
        out += getattr(cells, attribute)
    return out


def _codes(batch: Sequence[TableCells], attribute: str, name: str) -> pa.DictionaryArray:
    """Code indices as an ordered dictionary array over the template-order codes (an ENUM)."""
    return pa.DictionaryArray.from_arrays(
        pa.array(_flat(batch, attribute), pa.int16()), _DICTIONARIES[name], ordered=True
    )


def _keys(keys: dict[str, Sequence], lengths: list[int]) -> dict[str, pa.Array]:
    """Per-report key columns repeated onto each of that report's rows."""
    rows = pa.array(np.repeat(np.arange(len(lengths)), np.asarray(lengths, np.int64)))
    return {name: pa.array(keys[name], _KEY_TYPES[name]).take(rows) for name in keys}


def cells_table(table: Table, batch: Sequence[TableCells], keys: dict[str, Sequence]) -> pa.Table:
    """A fact table's cells across a batch as Arrow, column by column with no per-cell Python
    beyond one comprehension: the columns of `transform.frames.cells_frame` (which builds the
    analysts' pandas frames and costs more than the database insert at batch scale)."""
    (row_name, _), (col_name, _) = AXES[table]
    columns = _keys(keys, [len(c) for c in batch])
    columns[row_name] = _codes(batch, "rows", row_name)
    columns[col_name] = _codes(batch, "cols", col_name)
    if table in COUNT_TABLES:
        columns["value"] = pa.array(_flat(batch, "values"), pa.int64())
        columns["is_blank"] = pa.array(list(map(is_, _flat(batch, "printed"), repeat(None))), pa.bool_())
    else:
        columns["value"] = pa.array(_flat(batch, "values"), pa.float64())
        columns["unit"] = pa.array(_flat(batch, "unit"), pa.string())
    columns["raw_text"] = pa.array(_flat(batch, "raw_text"), pa.string())
    columns["extraction"] = pa.array(_flat(batch, "extraction"), pa.string())
    columns["confidence"] = pa.array(_flat(batch, "confidence"), pa.float64())
    return pa.table(columns)


def checks_table(checks: Sequence[Sequence[Check]], report_ids: Sequence[int]) -> pa.Table:
    """Every report's checks as Arrow (the columns of `transform.frames.checks_frame`)."""
    columns = _keys({"report_id": report_ids}, [len(c) for c in checks])
    flat = [check for report in checks for check in report]
    rule, subject, status, expected, actual, message = (list(map(itemgetter(i), flat)) for i in range(6))
    columns["rule"] = pa.array(rule, pa.string())
    columns["subject"] = pa.array(subject, pa.string())
    columns["status"] = pa.array(status, pa.string())
    for name, numbers in (("expected", expected), ("actual", actual)):  # an int may exceed int64
        columns[name] = pa.array([None if v is None else float(v) for v in numbers], pa.float64())
    text = pa.array(message, pa.string())
    columns["message"] = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    return pa.table(columns)


def stage(prepared: Sequence[Prepared]) -> StagedBatch:
    """The Arrow tables for every table a batch writes, in the order of the reports."""
    keys: dict[str, Sequence[Any]] = {
        "report_id": [p.report_id for p in prepared],
        "agency_id": [p.agency_id for p in prepared],
        "year": [p.year for p in prepared],
    }
    tables = {
        FACT_TABLES[name]: cells_table(name, [p.columns.tables[name] for p in prepared], keys)
        for name in TABLES
    }
    tables["check_result"] = checks_table([p.columns.checks for p in prepared], keys["report_id"])
    narrative = [(p.report_id, k, v) for p in prepared for k, v in p.columns.narrative]
    report_id, key, value = (list(map(itemgetter(i), narrative)) for i in range(3))
    tables["report_narrative"] = pa.table(
        {
            "report_id": pa.array(report_id, pa.int64()),
            "key": pa.array(key, pa.string()),
            "value": pa.array(value, pa.float64()),
        }
    )
    return StagedBatch(tables)
