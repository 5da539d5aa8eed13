"""transform.frames.result_cells works a column at a time for speed; the rules it applies are
the cell-by-cell ones written out below, and on any facts it must give what they give (or
refuse with the same reason)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transform import codes
from transform.frames import _INDEX, COUNT_TABLES, InvalidFacts, TableCells, count_value, result_cells
from transform.model import TABLES, Fact, ParseResult, Table


def _text_kept(fact: Fact, count: int | None) -> str | None:
    if fact.raw_text:
        return None if count is not None and fact.raw_text == str(count) else fact.raw_text
    if fact.value is None:
        return None
    return str(int(fact.value)) if float(fact.value).is_integer() else repr(fact.value)


def cell_by_cell(table: Table, facts: Sequence[Fact]) -> TableCells:
    """One table's cells, one fact at a time: the rules `result_cells` must follow."""
    row_index, col_index = _INDEX[table]
    for f in facts:
        if f.row not in row_index or f.col not in col_index:
            raise InvalidFacts(f"unknown code in cell {table} {(f.row, f.col)}")
    keys = [(row_index[f.row], col_index[f.col]) for f in facts]
    for k in keys:
        if keys.count(k) > 1:
            f = facts[keys.index(k)]
            raise InvalidFacts(f"cell {table} {(f.row, f.col)} appears twice")
    for f in facts:
        if f.value is not None and (isinstance(f.value, bool) or not isinstance(f.value, int | float)):
            raise InvalidFacts(f"cell {table} ({f.row}, {f.col}) is not a number: {f.value!r}")
    cells = TableCells(table, [r for r, _ in keys], [c for _, c in keys], printed=[f.value for f in facts])
    cells.extraction = [f.extraction for f in facts]
    cells.confidence = [f.confidence for f in facts]
    if table in COUNT_TABLES:
        cells.values = [count_value(f.value) for f in facts]
        cells.raw_text = [_text_kept(f, v) for f, v in zip(facts, cells.values, strict=True)]
    else:
        cells.values = [None if f.value is None else float(f.value) for f in facts]
        cells.raw_text = [f.raw_text for f in facts]
        cells.unit = [f.unit for f in facts]
    return cells


def reference(result: ParseResult) -> dict[Table, TableCells]:
    for f in result.facts:
        if f.table not in TABLES:
            raise InvalidFacts(f"unknown fact table {f.table!r}")
    return {name: cell_by_cell(name, [f for f in result.facts if f.table == name]) for name in TABLES}


CELLS = [
    (table, row.code, col.code)
    for table, (rows, cols) in (
        ("applications", (codes.DISPOSITIONS, codes.APPLICANTS)),
        ("review_litigation", (codes.PROCEEDINGS, codes.OUTCOMES)),
        ("proactive", (codes.PROACTIVE_ITEMS, codes.PROACTIVE_MEASURES)),
    )
    for row in rows
    for col in cols
]
VALUES = (
    st.none()
    | st.integers(0, 20_000)
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.integers(0, 50).map(float)
)


@st.composite
def facts(draw, odd: bool = False) -> list[Fact]:
    cells = draw(st.lists(st.sampled_from(CELLS), max_size=40, unique=not odd))
    out = []
    for table, row, col in cells:
        value = draw(VALUES | (st.sampled_from([True, "3", b"4"]) if odd else st.nothing()))
        printed = "" if value is None else str(value)
        raw = draw(st.sampled_from(["", printed, f"{printed}件", "－", "None", "３"]) | st.text(max_size=3))
        out.append(
            Fact(
                table,
                draw(st.sampled_from([row, "no_such_row"])) if odd else row,
                col,
                value,
                raw,
                draw(st.none() | st.just("万元")),
                draw(st.sampled_from([None, "ocr", "segmented"])),
                draw(st.none() | st.floats(0, 1)),
            )
        )
    return out


def outcome(fn, result: ParseResult):
    try:
        return {name: vars(cells) for name, cells in fn(result).items()}
    except InvalidFacts as exc:
        return f"refused: {exc}"


@settings(max_examples=300, deadline=None)
@given(facts())
def test_result_cells_follows_the_cell_by_cell_rules(given_facts):
    result = ParseResult("x", facts=given_facts)
    assert outcome(result_cells, result) == outcome(reference, result)


@settings(max_examples=300, deadline=None)
@given(facts(odd=True))
def test_result_cells_refuses_what_the_rules_refuse_with_the_same_reason(given_facts):
    result = ParseResult("x", facts=given_facts)
    assert outcome(result_cells, result) == outcome(reference, result)


@pytest.mark.parametrize(
    "order",
    [
        ["applications", "proactive", "applications"],  # a table in two runs
        ["review_litigation", "applications", "proactive"],
    ],
)
def test_tables_in_any_order_give_the_same_cells(order):
    by_table = {t: [c for c in CELLS if c[0] == t] for t in TABLES}
    given_facts = []
    for n, table in enumerate(order):
        given_facts += [Fact(*cell, n, str(n)) for cell in by_table[table][n * 3 : n * 3 + 3]]
    result = ParseResult("x", facts=given_facts)
    assert outcome(result_cells, result) == outcome(reference, result)


def test_an_unknown_table_is_named():
    result = ParseResult("x", facts=[Fact("applications", "granted", "total", 1), Fact("t9", "a", "b", 1)])
    assert outcome(result_cells, result) == "refused: unknown fact table 't9'"
