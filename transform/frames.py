"""A parse result's facts as typed pandas frames: the one shape the warehouse loads and analysts read.

One frame per fact table, one row per printed cell:

- codes are ordered categoricals in template order (`disposition`, `applicant`, …), so a
  frame sorts the way the report prints and no unknown code can enter;
- `value` is nullable `Int64` for the count tables (`Float64` for table 2, which holds money):
  NA where the cell is blank (`is_blank`), and NA where what is printed is not a whole count
  ('1.5', '18342.8022'): that cell keeps its printed text in `raw_text` and the report's
  checks carry a failing `cell.not_a_count` — one odd cell never costs the report its others;
- `raw_text` is the cell as printed; in the count tables only where that is not simply the
  value (a non-count, full-width digits, a blank mark), so the common cell carries nothing;
- `extraction` says how a value was obtained when not off a text layer (`ocr`, `segmented`),
  `confidence` the OCR recogniser's score.

Built column-wise (`TableCells` per report, `cells_frame` for a whole batch): a DataFrame per
report per table would cost more than the database insert itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import compress
from operator import is_not, itemgetter, ne

import numpy as np
import pandas as pd

from transform import codes
from transform.model import TABLES, Fact, ParseResult, Table

# (row axis, column axis) of each fact table: names and codes in template order.
AXES: dict[Table, tuple[tuple[str, tuple[codes.Code, ...]], tuple[str, tuple[codes.Code, ...]]]] = {
    "applications": (("disposition", codes.DISPOSITIONS), ("applicant", codes.APPLICANTS)),
    "review_litigation": (("proceeding", codes.PROCEEDINGS), ("outcome", codes.OUTCOMES)),
    "proactive": (("item", codes.PROACTIVE_ITEMS), ("measure", codes.PROACTIVE_MEASURES)),
}
COUNT_TABLES: tuple[Table, ...] = ("applications", "review_litigation")
CODE_DTYPES = {
    name: pd.CategoricalDtype([c.code for c in axis], ordered=True)
    for row_axis, col_axis in AXES.values()
    for name, axis in (row_axis, col_axis)
}
EXTRACTION_DTYPE = pd.CategoricalDtype(["ocr", "segmented"])
_INDEX = {
    table: ({c.code: i for i, c in enumerate(rows)}, {c.code: i for i, c in enumerate(cols)})
    for table, ((_, rows), (_, cols)) in AXES.items()
}
_INT64 = 2**63


class InvalidFacts(ValueError):
    """Facts no frame can hold faithfully: an unknown code, a cell given twice, a non-number."""


def count_value(value: object) -> int | None:
    """A printed number as a stored count: the whole number, or None when it is not one."""
    if type(value) is int:
        return value if -_INT64 <= value < _INT64 else None
    if isinstance(value, float) and value.is_integer() and -_INT64 <= value < _INT64:
        return int(value)
    return None


def _plain_text(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _count_text(raw_text: str, count: int | None, printed: int | float | None) -> str | None:
    """The text kept beside a count: none where the count says it all (a blank, or text that
    reads back as the count); a non-count printed with no text kept shows its value."""
    if raw_text:
        return None if count is not None and raw_text == str(count) else raw_text
    return None if printed is None else _plain_text(printed)


@dataclass
class TableCells:
    """One fact table's cells of one report, validated, as column lists (codes as indices)."""

    table: Table
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    values: list[int | float | None] = field(default_factory=list)
    printed: list[int | float | None] = field(default_factory=list)  # as the parser read them
    raw_text: list[str | None] = field(default_factory=list)
    unit: list[str | None] = field(default_factory=list)
    extraction: list[str | None] = field(default_factory=list)
    confidence: list[float | None] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.rows)


# The work below is done a column at a time with C-level builtins (zip(*facts), map over a
# dict's __getitem__, set(map(type, ...))): at ~190 cells a report, a Python step per cell
# was half of the loader's CPU. Each fast path has the cell-by-cell rule as its fallback.
_PLAIN_COUNT_TYPES = frozenset({int, type(None)})
_NUMBER_TYPES = frozenset({int, float, type(None)})


def _present(values: list) -> list:
    return list(filter(partial(is_not, None), values)) if None in values else values


# str() of the counts most cells print, looked up rather than formatted (str(int) is a fifth
# of a cell's cost); a count outside the memo is formatted by `_count_text`.
_COUNT_TEXT = {n: str(n) for n in range(10_000)}


def _counts(printed: list, types: set[type]) -> list[int | None]:
    """`count_value` of each printed number; ints within int64 (the usual table) as they are."""
    if types <= _PLAIN_COUNT_TYPES:
        numbers = _present(printed)
        if not numbers or (min(numbers) >= -_INT64 and max(numbers) < _INT64):
            return list(printed)
    return [count_value(v) for v in printed]


def _count_texts(raw_text: tuple, counts: list, printed: list) -> list[str | None]:
    """`_count_text` of each cell: None wherever the text is just the count, computed only for
    the cells where it is not (blanks, non-counts, large counts, full-width digits, marks)."""
    said = map(ne, raw_text, map(_COUNT_TEXT.get, counts))  # no text for None or a large count
    out: list[str | None] = [None] * len(counts)
    for i in compress(range(len(counts)), said):
        out[i] = _count_text(raw_text[i], counts[i], printed[i])
    return out


def _refuse_odd_values(table: Table, facts: Sequence[Fact]) -> None:
    for f in facts:
        if f.value is not None and (isinstance(f.value, bool) or not isinstance(f.value, int | float)):
            raise InvalidFacts(f"cell {table} ({f.row}, {f.col}) is not a number: {f.value!r}")


def table_cells(table: Table, facts: Sequence[Fact]) -> TableCells:
    """Validate and flatten one table's facts; raises `InvalidFacts` naming the bad cell."""
    if not facts:
        return TableCells(table)
    _, row_codes, col_codes, values, raw_text, unit, extraction, confidence = zip(*facts, strict=True)
    row_index, col_index = _INDEX[table]
    try:
        rows = list(map(row_index.__getitem__, row_codes))
        cols = list(map(col_index.__getitem__, col_codes))
    except KeyError:
        bad = next((f.row, f.col) for f in facts if f.row not in row_index or f.col not in col_index)
        raise InvalidFacts(f"unknown code in cell {table} {bad}") from None
    if len(set(zip(rows, cols, strict=True))) != len(rows):
        keys = list(zip(rows, cols, strict=True))
        repeated = next(k for k in keys if keys.count(k) > 1)
        names = (facts[keys.index(repeated)].row, facts[keys.index(repeated)].col)
        raise InvalidFacts(f"cell {table} {names} appears twice")
    printed = list(values)
    types = set(map(type, printed))
    if not types <= _NUMBER_TYPES:  # a subclass, or no number at all
        _refuse_odd_values(table, facts)
    cells = TableCells(table, rows, cols, printed=printed)
    cells.extraction = list(extraction)
    cells.confidence = list(confidence)
    if table in COUNT_TABLES:
        cells.values = _counts(printed, types)  # type: ignore[assignment]
        cells.raw_text = _count_texts(raw_text, cells.values, printed)
    else:
        cells.values = (
            list(map(float, printed))
            if None not in printed
            else [None if v is None else float(v) for v in printed]
        )
        cells.raw_text = list(raw_text)
        cells.unit = list(unit)
    return cells


def result_cells(result: ParseResult) -> dict[Table, TableCells]:
    """Every fact table of a parse result, validated (`InvalidFacts` for the first bad cell).

    A parser emits each table's facts together, so each table is one slice of the facts; a
    result whose tables interleave is grouped fact by fact."""
    facts = result.facts
    names = list(map(itemgetter(0), facts))
    counts = {name: names.count(name) for name in TABLES}
    if sum(counts.values()) != len(names):
        unknown = next(name for name in names if name not in counts)
        raise InvalidFacts(f"unknown fact table {unknown!r}")
    by_table: dict[Table, Sequence[Fact]] = {}
    for name, n in counts.items():
        start = names.index(name) if n else 0
        if names[start : start + n].count(name) != n:  # not one run: group them
            by_table = {table: [f for f in facts if f.table == table] for table in TABLES}
            break
        by_table[name] = facts[start : start + n]
    return {name: table_cells(name, by_table[name]) for name in TABLES}


def cells_frame(
    table: Table, batch: Sequence[TableCells], keys: dict[str, Sequence] | None = None
) -> pd.DataFrame:
    """One frame for a table's cells across reports; `keys` are per-report columns (a value for
    each entry of `batch`, e.g. report_id) repeated onto each report's cells."""
    (row_name, _), (col_name, _) = AXES[table]
    n = sum(len(cells) for cells in batch)
    columns: dict[str, object] = {}
    if keys:
        lengths = np.fromiter((len(cells) for cells in batch), np.int64, len(batch))
        for name, per_report in keys.items():
            columns[name] = np.repeat(np.asarray(per_report), lengths)

    def flat(attribute: str) -> list:
        out: list = []
        for cells in batch:
            out += getattr(cells, attribute)
        return out

    columns[row_name] = pd.Categorical.from_codes(
        np.fromiter((i for c in batch for i in c.rows), np.int16, n), dtype=CODE_DTYPES[row_name]
    )
    columns[col_name] = pd.Categorical.from_codes(
        np.fromiter((i for c in batch for i in c.cols), np.int16, n), dtype=CODE_DTYPES[col_name]
    )
    values = flat("values")
    missing = np.fromiter((v is None for v in values), bool, n)
    if table in COUNT_TABLES:
        ints = np.fromiter((0 if v is None else v for v in values), np.int64, n)
        columns["value"] = pd.arrays.IntegerArray(ints, missing)
        printed_blank = np.fromiter((v is None for c in batch for v in c.printed), bool, n)
        columns["is_blank"] = printed_blank
        columns["raw_text"] = pd.array(flat("raw_text"), dtype="string")
    else:
        floats = np.fromiter((0.0 if v is None else v for v in values), np.float64, n)
        columns["value"] = pd.arrays.FloatingArray(floats, missing)
        columns["unit"] = pd.array(flat("unit"), dtype="string")
        columns["raw_text"] = pd.array(flat("raw_text"), dtype="string")
    columns["extraction"] = pd.Categorical(flat("extraction"), dtype=EXTRACTION_DTYPE)
    columns["confidence"] = pd.array(flat("confidence"), dtype="Float64")
    return pd.DataFrame(columns)


CHECK_COLUMNS = ("rule", "subject", "status", "expected", "actual", "message")
CHECK_STATUS_DTYPE = pd.CategoricalDtype(["pass", "fail", "not_assessable"])


def checks_frame(checks: Sequence[Sequence], keys: dict[str, Sequence] | None = None) -> pd.DataFrame:
    """Checks as a frame; `checks` holds one list of `Check`s per report, `keys` per-report columns."""
    columns: dict[str, object] = {}
    if keys:
        lengths = np.fromiter((len(c) for c in checks), np.int64, len(checks))
        for name, per_report in keys.items():
            columns[name] = np.repeat(np.asarray(per_report), lengths)
    flat = [check for report in checks for check in report]
    columns["rule"] = pd.array([c.rule for c in flat], dtype="string")
    columns["subject"] = pd.array([c.subject for c in flat], dtype="string")
    columns["status"] = pd.Categorical([c.status for c in flat], dtype=CHECK_STATUS_DTYPE)
    for name in ("expected", "actual"):
        columns[name] = pd.array(
            [None if getattr(c, name) is None else float(getattr(c, name)) for c in flat], dtype="Float64"
        )
    columns["message"] = pd.array([c.message or None for c in flat], dtype="string")
    return pd.DataFrame(columns)


@dataclass(frozen=True)
class ReportFrames:
    """One report's facts and checks as frames (`to_frames`)."""

    applications: pd.DataFrame
    review_litigation: pd.DataFrame
    proactive: pd.DataFrame
    checks: pd.DataFrame

    def table(self, name: Table) -> pd.DataFrame:
        return getattr(self, name)


def to_frames(result: ParseResult) -> ReportFrames:
    """A parse result as typed frames (raises `InvalidFacts` for facts no frame can hold)."""
    cells = result_cells(result)
    return ReportFrames(
        **{name: cells_frame(name, [cells[name]]) for name in TABLES},
        checks=checks_frame([result.checks]),
    )
