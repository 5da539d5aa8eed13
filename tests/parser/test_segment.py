"""The identity-constrained reader of digit runs (transform.segment), cell by cell."""

from __future__ import annotations

import random

import pytest

from transform.layout import Cell
from transform.rows import Item
from transform.segment import read_groups
from transform.segment_tables import LOST, UNDECIDED, T3Row, read_cells, read_table4, resolve_table3
from transform.table4 import map_table4


def glued(*runs: str) -> list[Cell]:
    """Pieces of a glued run (the reader marks them), '_' for a blank cell's &nbsp;."""
    return [Cell("\xa0" if r == "_" else r, extraction="segmented") for r in runs]


def lines(*tokens: str) -> list[Cell]:
    """Cells as one-per-line text gives them: whole tokens, line breaks between."""
    return [Cell(t) for t in tokens]


def readings(tokens: list[Cell], groups=(7,)) -> list[tuple]:
    return read_groups(tokens, list(groups)).readings


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        # the brief's case: 23|0|0|0|0|0|23 glued, a space the page source left in it
        (glued("230", "000023"), [("23", "0", "0", "0", "0", "0", "23")]),
        (glued("00044412"), [("0", "0", "0", "4", "4", "4", "12")]),
        # a cell cut out of a run never starts with 0: '05' is 0|5, never the cell 5
        (glued("0500005"), [("0", "5", "0", "0", "0", "0", "5")]),
        # a number split over two lines is joined where the row total decides it
        (lines("1", "60", "0", "0", "0", "0", "0", "160"), [("160", "0", "0", "0", "0", "0", "160")]),
        # nbsp marks stand for blank cells where they are
        (glued("4", "_", "_", "4", "_", "_", "8"), [("4", None, None, "4", None, None, "8")]),
    ],
)
def test_row_readings(tokens, expected):
    assert readings(tokens) == expected


def test_a_token_printed_alone_is_taken_as_printed():
    # between separators, '05' is one printed cell (read as 5), not a split to undo
    assert readings(lines("0", "05", "0", "0", "0", "0", "5")) == [("0", "05", "0", "0", "0", "0", "5")]


def test_two_readings_satisfy_the_row_total():
    assert readings(glued("112000013")) == [
        ("1", "12", "0", "0", "0", "0", "13"),
        ("11", "2", "0", "0", "0", "0", "13"),
    ]


def test_a_total_that_does_not_add_up_has_no_reading():
    assert readings(glued("1200004")) == []
    assert readings(lines("1", "2", "0", "0", "0", "0", "0", "4")) == []


def test_a_merge_is_made_only_where_the_cells_outnumber_the_columns():
    found = read_groups(lines("1", "2", "0", "0", "0", "0", "0", "12"), [7])
    assert found.readings == [("12", "0", "0", "0", "0", "0", "12")] and found.merges == 1
    # 1|1|0… also reads 1|10|0… : both add up, so both are kept for the identities to judge
    assert len(read_groups(lines("1", "1", "0", "0", "0", "0", "0", "11"), [7]).readings) == 2
    # seven lines are seven cells: 1|2|…|12 breaks its total, and is not merged into 12|…|12
    assert read_groups(lines("1", "2", "0", "0", "0", "0", "12"), [7]).readings == []


def test_table4_groups_each_add_up():
    assert readings(glued("000020100100011"), (5, 5, 5)) == []  # 0+0+0+0 != 2
    assert readings(glued("200020100100011"), (5, 5, 5)) == [
        ("2", "0", "0", "0", "2", "0", "1", "0", "0", "1", "0", "0", "0", "1", "1")
    ]


def test_table4_leaves_out_a_number_after_the_table():
    cells, notes = read_table4(glued("200020100100011", "1366"), loose=True)
    assert [c.text for c in cells] == list("200020100100011")
    assert notes == ["table 4: 1 cell(s) after its fifteen left out"]


def test_table4_blank_mark_in_a_glued_run_is_a_blank_cell():
    # a blank cell's &nbsp; leads the run: read as a blank where it stands, not a crash
    facts, warnings = map_table4([Item("", values=glued("_", "1001", "11114", "11114"))], 0, 1)
    assert [f.value for f in facts] == [None, 1, 0, 0, 1, 1, 1, 1, 1, 4, 1, 1, 1, 1, 4]
    assert facts[0].raw_text == "" and facts[0].extraction is None and warnings == []


def test_table4_split_lines_left_alone_when_the_first_fifteen_add_up():
    cells, notes = read_table4(lines(*"000000000000000", "7"), loose=True)
    assert cells is None and notes == []


def test_table2_reads_only_what_the_digits_allow_one_way():
    cells, notes = read_cells(glued("0012"), 3, "table 2 regulation")
    assert [c.text for c in cells] == ["0", "0", "12"] and notes == []
    cells, notes = read_cells(glued("3012"), 3, "table 2 regulation")
    assert cells[1:] == [UNDECIDED, UNDECIDED] or UNDECIDED in cells
    assert notes and "2 ways" in notes[0] and "3|0|12" in notes[0] and "30|1|2" in notes[0]
    cells, _ = read_cells(lines("81", ".89"), 1, "table 2 administrative_fee")
    assert [c.text for c in cells] == ["81.89"]
    for run in (glued("0-35"), glued("0", "-35")):  # 本年增/减 -3 between 0 and 5
        cells, _ = read_cells(run, 3, "table 2 administrative_coercion")
        assert [c.text for c in cells] == ["0", "-3", "5"]
    cells, notes = read_cells(glued("21-10"), 3, "table 2 administrative_coercion")
    assert UNDECIDED in cells and "2|1|-10" in notes[0] and "21|-1|0" in notes[0]


def _row(values, tokens=None, loose=True):
    """A table 3 row: printed values, or (values None) tokens read literally as table 3 does."""
    if values is not None:
        return T3Row([Cell(str(v)) for v in values], [Cell(str(v)) for v in values], loose)
    return T3Row(tokens, tokens[:7] + [None] * (7 - len(tokens)), loose)


ZEROS = (0,) * 7


def _table(**rows):
    codes = ["new_received", "carried_over", "granted", "total_processed", "carried_forward"]
    return {code: rows.get(code, _row(ZEROS)) for code in codes}


def test_column_identities_choose_between_row_readings():
    # 本年新收 glued reads 1|12 or 11|2; 予以公开 and 总计, printed apart, say 11|2
    rows = _table(
        new_received=_row(None, glued("112000013")),
        granted=_row((11, 2, 0, 0, 0, 0, 13)),
        total_processed=_row((11, 2, 0, 0, 0, 0, 13)),
    )
    out, warnings = resolve_table3(rows)
    assert [c.text for c in out["new_received"]] == ["11", "2", "0", "0", "0", "0", "13"]
    assert all(c.extraction == "segmented" for c in out["new_received"])
    assert warnings == []


def test_undecidable_rows_keep_only_the_cells_their_readings_agree_on():
    run = glued("112000013")
    rows = _table(new_received=_row(None, run), granted=_row(None, run), total_processed=_row(None, run))
    out, warnings = resolve_table3(rows)
    for code in ("new_received", "granted", "total_processed"):
        assert out[code][:2] == [UNDECIDED, UNDECIDED]
        assert [c.text for c in out[code][2:]] == ["0", "0", "0", "0", "13"]
    assert len(warnings) == 3 and all("2 ways" in w and "1|12|0|0|0|0|13" in w for w in warnings)


def test_a_row_no_split_fits_is_not_read_and_said_so():
    out, warnings = resolve_table3(_table(new_received=_row(None, glued("0404009"))))
    assert out["new_received"] == [UNDECIDED] * 7
    assert warnings == [
        "table 3 row new_received: no split of the digits '0404009' makes 总计 the sum of the other "
        "cells; not read"
    ]


def test_printed_rows_are_never_repaired():
    # seven cells on seven lines whose total is off: as printed, for the checks to report
    rows = _table(new_received=_row((1, 2, 0, 0, 0, 0, 4)))
    out, warnings = resolve_table3(rows)
    assert "new_received" not in out and warnings == []


def test_blank_cells_without_a_trace_lose_their_columns():
    # 4 printed in one of the legal-person columns, the blanks around it gone: which one?
    out, warnings = resolve_table3(_table(new_received=_row((4, 4, 8))))
    assert out["new_received"][0].text == "4" and out["new_received"][-1].text == "8"
    assert out["new_received"][1:6] == [UNDECIDED] * 5
    assert "no trace" in warnings[0]
    assert LOST == "?"


def test_search_is_bounded():
    """The worst rows found (adversarial digits, and the worst of 3000 random runs of 7–42
    digits) stay within a few tens of thousands of states: position × cells × running sum,
    never 2^positions."""
    rng = random.Random(1)
    runs = ["9" * 42, "123456" * 7, "151962695182212577881187767"]
    runs += ["".join(rng.choice("0123456789") for _ in range(rng.randint(7, 42))) for _ in range(300)]
    worst = max(read_groups(glued(r), [7]).states for r in runs)
    assert worst < 40_000
    assert read_groups(glued("1" * 45), [5, 5, 5]).states < 1_000
