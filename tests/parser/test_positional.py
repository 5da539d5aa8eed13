"""The positional table finder on synthetic pages: ruled grids, merged cells, borderless
tables, wrapped labels, tables continued over a page break, OCR boxes."""

from __future__ import annotations

from transform.readers.pages import Box, Page, Ruling
from transform.readers.positional import layout_pages
from transform.rows import assemble

CHAR = 10.0  # width and height of a synthetic character, points


def text(s: str, x: float, top: float, confidence: float | None = None) -> list[Box]:
    """One box per character, as a PDF text layer gives them."""
    return [Box(c, x + i * CHAR, top, x + (i + 1) * CHAR, top + CHAR, confidence) for i, c in enumerate(s)]


def ruled(xs: list[float], ys: list[float], skip: set[tuple[str, int, int]] = frozenset()) -> list[Ruling]:
    """A full grid of borders, minus the sides in `skip`: ('v', row, x index) removes the
    vertical border at xs[x] in that row, ('h', y index, col) the horizontal one."""
    out = []
    for j, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if ("h", j, c) not in skip:
                out.append(Ruling(xs[c], y - 0.25, xs[c + 1], y + 0.25))
    for i, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if ("v", r, i) not in skip:
                out.append(Ruling(x - 0.25, ys[r], x + 0.25, ys[r + 1]))
    return out


def rows_of(doc) -> list[tuple[int | None, list[str]]]:
    return [(r.grid, [("~" if c.span_copy else "") + c.text for c in r.cells]) for r in doc.rows]


def test_a_ruled_table_reads_cell_by_cell_between_the_lines_around_it():
    xs, ys = [50, 200, 260, 320], [100, 120, 140, 160]
    boxes = [
        *text("标题一", 50, 60),
        *text("项目", 55, 105),
        *text("甲", 205, 105),
        *text("乙", 265, 105),
        *text("许可", 55, 125),
        *text("3", 205, 125),
        *text("12", 265, 125),
        *text("处罚", 55, 145),
        *text("0", 205, 145),
        *text("结尾", 50, 200),
    ]
    page = Page(600, 800, boxes, ruled(xs, ys))
    doc = layout_pages([page], form="pdf")
    assert rows_of(doc) == [
        (None, ["标题一"]),
        (0, ["项目", "甲", "乙"]),
        (0, ["许可", "3", "12"]),
        (0, ["处罚", "0", ""]),
        (None, ["结尾"]),
    ]
    assert all(r.positional for r in doc.rows if r.grid is not None)
    assert doc.title_hints[0] == "标题一"


def test_a_merged_cell_has_its_text_at_the_origin_and_copies_elsewhere():
    xs, ys = [50, 150, 200, 250, 300], [100, 120, 140, 160]
    # the header's top row merges columns 1–2 ("申请人"), the label merges rows 1–2
    skip = {("v", 0, 2), ("h", 2, 0)}
    boxes = [
        *text("申请人", 155, 105),
        *text("总计", 255, 105),
        *text("自然人", 155, 125),
        *text("法人", 205, 125),
        *text("新收", 55, 130),
        *text("1", 155, 145),
        *text("2", 205, 145),
    ]
    page = Page(600, 800, boxes, ruled(xs, ys, skip))
    assert rows_of(layout_pages([page], form="pdf")) == [
        (0, ["", "申请人", "~申请人", "总计"]),
        (0, ["新收", "自然人", "法人", ""]),
        (0, ["~新收", "1", "2", ""]),
    ]


def test_rulings_drawn_twice_or_as_abutting_cell_fills_make_one_border():
    xs, ys = [50, 150, 250], [100, 120, 140]
    doubled = ruled(xs, ys) + ruled([x + 1.2 for x in xs], [y + 1.2 for y in ys])
    boxes = [*text("规章", 55, 105), *text("4", 155, 105), *text("文件", 55, 125), *text("9", 155, 125)]
    doc = layout_pages([Page(600, 800, boxes, doubled)], form="pdf")
    assert rows_of(doc) == [(0, ["规章", "4"]), (0, ["文件", "9"])]


def test_a_lone_frame_is_not_a_table():
    boxes = [*text("一段被框起来的说明文字", 60, 105)]
    page = Page(600, 800, boxes, ruled([50, 400], [100, 120]))
    assert rows_of(layout_pages([page], form="pdf")) == [(None, ["一段被框起来的说明文字"])]


def _borderless_row(label: str, values: list[str], top: float, xs=(250, 310, 370, 430)) -> list[Box]:
    boxes = text(label, 50, top)
    for value, x in zip(values, xs, strict=False):
        if value:
            boxes += text(value, x, top)
    return boxes


def test_a_borderless_table_keeps_blank_cells_in_their_columns():
    boxes = [
        *_borderless_row("", ["自然人", "企业", "机构", "总计"], 100),
        *_borderless_row("本年新收", ["5", "", "1", "6"], 120),
        *_borderless_row("上年结转", ["", "2", "", "2"], 140),
        *_borderless_row("予以公开", ["3", "1", "", "4"], 160),
    ]
    doc = layout_pages([Page(600, 800, boxes)], form="pdf")
    grid_rows = [cells for grid, cells in rows_of(doc) if grid is not None]
    assert grid_rows[1:] == [
        ["本年新收", "5", "", "1", "6"],
        ["上年结转", "", "2", "", "2"],
        ["予以公开", "3", "1", "", "4"],
    ]
    assert grid_rows[0][1:] == ["自然人", "企业", "机构", "总计"]


def test_a_wrapped_label_stays_in_its_cell_wherever_its_values_stand():
    top_aligned = [
        *_borderless_row("一、本年新收政府", ["5", "0", "1", "6"], 100),
        *text("信息公开申请数量", 50, 112),
        *_borderless_row("二、上年结转政府", ["1", "0", "0", "1"], 130),
        *text("信息公开申请数量", 50, 142),
        *_borderless_row("（一）予以公开", ["2", "0", "0", "2"], 160),
    ]
    centred = [
        *text("一、本年新收政府", 50, 100),
        *_borderless_row("", ["5", "0", "1", "6"], 106),
        *text("信息公开申请数量", 50, 112),
        *text("二、上年结转政府", 50, 130),
        *_borderless_row("", ["1", "0", "0", "1"], 136),
        *text("信息公开申请数量", 50, 142),
        *_borderless_row("（一）予以公开", ["2", "0", "0", "2"], 160),
    ]
    for boxes in (top_aligned, centred):
        doc = layout_pages([Page(600, 800, boxes)], form="pdf")
        labels = [cells[0] for grid, cells in rows_of(doc) if grid is not None]
        assert labels == [
            "一、本年新收政府信息公开申请数量",
            "二、上年结转政府信息公开申请数量",
            "（一）予以公开",
        ], labels


def test_prose_and_headings_are_lines_not_tables():
    boxes = [
        *text("一、总体情况", 50, 100),
        *text("本年度共收到申请13件，上年结转1件。", 50, 120),
        *text("（一）主动公开", 50, 140),
    ]
    doc = layout_pages([Page(600, 800, boxes)], form="pdf")
    assert rows_of(doc) == [
        (None, ["一、总体情况"]),
        (None, ["本年度共收到申请13件，上年结转1件。"]),
        (None, ["（一）主动公开"]),
    ]


def test_a_table_continued_on_the_next_page_is_the_next_grid_and_a_split_row_is_joined():
    xs = [50, 200, 260, 320]
    first = Page(
        600,
        800,
        [
            *text("项目", 55, 705),
            *text("甲", 205, 705),
            *text("乙", 265, 705),
            *text("行政", 55, 725),
            *text("3", 205, 725),
            *text("4", 265, 725),
        ],
        ruled(xs, [700, 720, 760]),
    )
    # the rest of the split row's label, then a row of its own
    second = Page(
        600,
        800,
        [*text("处罚", 55, 45), *text("复议", 55, 65), *text("1", 205, 65), *text("0", 265, 65)],
        ruled(xs, [40, 60, 80]),
    )
    doc = layout_pages([first, second], form="pdf")
    assert rows_of(doc) == [(0, ["项目", "甲", "乙"]), (0, ["行政处罚", "3", "4"]), (1, ["复议", "1", "0"])]


def test_a_new_row_at_the_top_of_a_page_is_not_joined_to_the_row_above():
    xs = [50, 200, 260]
    first = Page(600, 800, [*text("许可", 55, 725), *text("3", 205, 725)], ruled(xs, [720, 760]))
    second = Page(600, 800, [*text("2.重复申请", 55, 45), *text("1", 205, 45)], ruled(xs, [40, 60]))
    assert rows_of(layout_pages([first, second], form="pdf")) == [
        (0, ["许可", "3"]),
        (1, ["2.重复申请", "1"]),
    ]


def test_ocr_boxes_carry_their_lowest_confidence_into_the_cells():
    xs, ys = [50, 200, 260], [100, 120, 140]
    boxes = [
        *text("许可", 55, 105, 0.9),
        *text("7", 205, 105, 0.6),
        *text("处罚", 55, 125, 0.95),
        *text("1", 205, 125, 0.8),
        *text("说明", 50, 200, 0.7),
    ]
    doc = layout_pages([Page(600, 800, boxes, ruled(xs, ys))], form="scan", extraction="ocr")
    assert doc.extraction == "ocr"
    cells = [c for r in doc.rows for c in r.cells]
    assert [(c.text, c.extraction, c.confidence) for c in cells] == [
        ("许可", "ocr", 0.9),
        ("7", "ocr", 0.6),
        ("处罚", "ocr", 0.95),
        ("1", "ocr", 0.8),
        ("说明", "ocr", 0.7),
    ]


def test_grid_rows_become_positional_value_rows_for_the_table_mappers():
    boxes = [
        *_borderless_row("本年新收", ["5", "", "1", "6"], 120),
        *_borderless_row("上年结转", ["", "2", "", "2"], 140),
    ]
    items = [it for it in assemble(layout_pages([Page(600, 800, boxes)], form="pdf")) if it.is_values]
    assert [(it.label, it.positional, [c.text for c in it.values]) for it in items] == [
        ("本年新收", True, ["5", "", "1", "6"]),
        ("上年结转", True, ["", "2", "", "2"]),
    ]


def test_a_sparse_borderless_table_takes_its_columns_from_the_header():
    # values only under the first and last header cells: blanks land where the header says
    boxes = [
        *_borderless_row("", ["自然人", "企业", "机构", "总计"], 100),
        *_borderless_row("本年新收", ["5", "", "", "5"], 120),
        *_borderless_row("上年结转", ["", "", "", "2"], 140),
        *_borderless_row("予以公开", ["3", "", "", "3"], 160),
    ]
    rows = [
        cells
        for grid, cells in rows_of(layout_pages([Page(600, 800, boxes)], form="pdf"))
        if grid is not None
    ]
    assert rows[0][1:] == ["自然人", "企业", "机构", "总计"]
    assert rows[1:] == [
        ["本年新收", "5", "", "", "5"],
        ["上年结转", "", "", "", "2"],
        ["予以公开", "3", "", "", "3"],
    ]


def _grid_rows(boxes: list[Box]) -> list[list[str]]:
    doc = layout_pages([Page(600, 800, boxes)], form="pdf")
    return [cells for grid, cells in rows_of(doc) if grid is not None]


def test_a_header_padded_like_the_rows_below_it_is_their_header():
    # LibreOffice pads borderless cells by two line heights: the header stands as far above
    # the first row as each row above the next, and a sparse table needs it for its columns
    boxes = [
        *_borderless_row("", ["自然人", "企业", "机构", "总计"], 100),
        *_borderless_row("本年新收", ["5", "", "", "5"], 130),
        *_borderless_row("上年结转", ["", "", "", "2"], 160),
        *_borderless_row("予以公开", ["3", "", "", "3"], 190),
    ]
    rows = _grid_rows(boxes)
    assert rows[0][1:] == ["自然人", "企业", "机构", "总计"]
    assert rows[1:] == [
        ["本年新收", "5", "", "", "5"],
        ["上年结转", "", "", "", "2"],
        ["予以公开", "3", "", "", "3"],
    ]


def test_a_header_wider_than_its_values_is_not_cut_at_the_gutter_before_them():
    # '自然人' is set wider than the narrow values centred under it, with a loose first
    # character: the gap after '自' falls in the gutter left of the values, yet it heads no
    # column of its own
    header = [Box("自", 240, 100, 248.5, 110), Box("然", 250, 100, 260, 110), Box("人", 260, 100, 270, 110)]
    boxes = [
        *header,
        *text("总计", 320, 100),
        *_borderless_row("本年新收", ["5", "5"], 120, xs=(250, 325)),
        *_borderless_row("上年结转", ["2", "2"], 140, xs=(250, 325)),
    ]
    rows = _grid_rows(boxes)
    assert rows == [["", "自然人", "总计"], ["本年新收", "5", "5"], ["上年结转", "2", "2"]], rows


def test_header_cells_set_abutting_are_cut_where_the_character_advance_skips():
    # LibreOffice sets the headers of narrow columns half a point apart: '公益组织' and '法律机构'
    # read as one run, whose characters advance by exactly their size except at the border
    glued = [
        Box(c, 240 + i * CHAR + (0.48 if i >= 4 else 0), 100, 250 + i * CHAR + (0.48 if i >= 4 else 0), 110)
        for i, c in enumerate("公益组织法律机构")
    ]
    boxes = [
        *glued,
        *text("总计", 340, 100),
        *_borderless_row("本年新收", ["5", "3", "8"], 120, xs=(255, 295, 345)),
        *_borderless_row("上年结转", ["", "2", "2"], 140, xs=(255, 295, 345)),
    ]
    rows = _grid_rows(boxes)
    assert rows[0] == ["", "公益组织", "法律机构", "总计"], rows
    assert rows[2] == ["上年结转", "", "2", "2"]
