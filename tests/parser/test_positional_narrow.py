"""The positional finder on borderless tables in narrow columns and across page breaks:
labels wrapped around values alone on their line, one-column parts under a header cell
alone on its line, stub headers wrapped around the header cell beside them, headings whose
glyphs leave white between them, headers at a page's foot, rows split by a page break."""

from __future__ import annotations

from tests.parser.test_positional import CHAR, rows_of, text
from transform.readers.pages import Box, Page
from transform.readers.positional import layout_pages


def _grids(pages: list[Page]) -> list[list[str]]:
    return [cells for grid, cells in rows_of(layout_pages(pages, form="pdf")) if grid is not None]


def _one_column_part(heading: str, header: str, rows: list[tuple[str, str, str]], top: float) -> list[Box]:
    """A part of table 2 in a column two characters wide: '信息' / header / '内容', then each
    row's label wrapped around its value ('行政' / value / '许可'), rows 30 pt apart."""
    boxes = [*text(heading, 50, top), *text("信息", 50, top + 22), *text(header, 90, top + 37)]
    boxes += text("内容", 50, top + 52)
    y = top + 92
    for upper, value, lower in rows:
        boxes += [*text(upper, 50, y), *text(value, 100, y + 15), *text(lower, 50, y + 30)]
        y += 70
    return boxes


def test_a_value_alone_between_its_wrapped_label_lines_is_a_table_row():
    # without the rule the value lines ('2292', '257') are prose: table 2's parts are lost
    boxes = [
        *_one_column_part("第二十条第（五）项", "本年处理决定数量", [("行政", "2292", "许可")], 100),
        *_one_column_part(
            "第二十条第（六）项", "本年处理决定数量", [("行政", "257", "处罚"), ("行政", "11", "强制")], 262
        ),
    ]
    placed = rows_of(layout_pages([Page(600, 800, boxes)], form="pdf"))
    rows = [cells for grid, cells in placed if grid is not None]
    assert ["行政许可", "2292"] in rows, rows
    assert ["行政处罚", "257"] in rows and ["行政强制", "11"] in rows, rows
    # the stub header's last line ('内容', closer to the header above than to the row below)
    # stays in the header, and each part under its own header (a header cell alone on its
    # line over the values) is a grid of its own
    headers = [grid for grid, cells in placed if cells == ["信息内容", "本年处理决定数量"]]
    assert len(headers) == 2 and headers[0] != headers[1], placed


def test_a_page_number_below_a_paragraph_is_no_table_row():
    boxes = [*text("本年度共收到申请13件，均已办结。", 50, 100), *text("3", 150, 115)]
    assert _grids([Page(600, 800, boxes)]) == []


def test_a_heading_whose_glyphs_leave_white_between_them_is_not_cut_at_a_gutter():
    # '二' is inked narrower than its advance: a point of white either side, inside the
    # gutter between the label column and the values; the centres advance regularly
    first = _one_column_part("第二十条第（五）项", "本年处理决定数量", [("行政", "2292", "许可")], 100)
    inked = {"二": (0.6, 0.9), "十": (0.8, 0.4)}  # (white left and right of the glyph)
    second = [
        Box(b.text, b.x0 + inked[b.text][0], b.top, b.x1 - inked[b.text][1], b.bottom)
        if b.text in inked
        else b
        for b in _one_column_part("第二十条第（六）项", "本年处理决定数量", [("行政", "257", "处罚")], 270)
    ]
    rows = _grids([Page(600, 800, first + second)])
    assert ["第二十条第（六）项", "~第二十条第（六）项"] in rows or any(
        r[0] == "第二十条第（六）项" for r in rows
    ), rows


def test_header_cells_letter_spaced_are_cut_where_the_advance_falls_short():
    # letter-spaced header cells abut: every character advances 10.2, except the first of
    # the second cell, which follows the last of the first (no spacing after it) at 9.1
    xs, x = [], 240.0
    for i in range(8):
        xs.append(x)
        x += 9.1 if i == 3 else 10.2
    glued = [Box(c, x0, 100, x0 + 9.0, 110) for c, x0 in zip("本年新制本年新公", xs, strict=True)]
    boxes = [
        *glued,
        *text("总计", 340, 100),
        *[Box(c, 50 + i * CHAR, 120, 50 + (i + 1) * CHAR, 130) for i, c in enumerate("规章")],
        *text("2", 255, 120),
        *text("3", 295, 120),
        *text("5", 345, 120),
        *text("规范文件", 50, 140),
        *text("1", 255, 140),
        *text("0", 295, 140),
        *text("1", 345, 140),
    ]
    rows = _grids([Page(600, 800, boxes)])
    assert rows[0] == ["", "本年新制", "本年新公", "总计"], rows


def test_a_header_at_the_foot_of_a_page_heads_the_rows_on_the_next():
    # the header is the last thing on its page, its rows start the next one
    first = Page(
        600,
        800,
        [
            *text("第二十条第（一）项", 50, 660),
            *text("信息内容", 50, 700),
            *text("本年制发", 150, 700),
            *text("本年废止", 230, 700),
            *text("现行有效", 310, 700),
        ],
    )
    second = Page(
        600,
        800,
        [
            *text("规章", 50, 40),
            *text("0", 165, 40),
            *text("0", 245, 40),
            *text("38", 320, 40),
            *text("规范性文件", 50, 70),
            *text("7", 165, 70),
            *text("0", 245, 70),
            *text("8", 325, 70),
        ],
    )
    rows = _grids([first, second])
    assert rows == [
        ["信息内容", "本年制发", "本年废止", "现行有效"],
        ["规章", "0", "0", "38"],
        ["规范性文件", "7", "0", "8"],
    ], rows


def test_a_label_at_the_foot_of_a_page_is_no_header_for_the_next():
    # a label's wrapped end left at the foot of its page heads nothing
    first = Page(
        600,
        800,
        [
            *text("信息内容", 50, 640),
            *text("甲", 165, 640),
            *text("乙", 245, 640),
            *text("许可", 50, 670),
            *text("1", 165, 670),
            *text("2", 245, 670),
            *text("（单位）", 50, 700),
        ],
    )
    second = Page(
        600,
        800,
        [
            *text("处罚", 50, 40),
            *text("3", 165, 40),
            *text("4", 245, 40),
            *text("强制", 50, 60),
            *text("5", 165, 60),
            *text("6", 245, 60),
        ],
    )
    doc = layout_pages([first, second], form="pdf")
    assert (None, ["（单位）"]) in rows_of(doc), rows_of(doc)


def test_header_lines_of_three_cells_above_labels_wrapped_around_values_head_them():
    # the header's lines are no band of their own: the values below, whose labels wrap
    # around them ('一、本年新收' / values / '申请数量'), take them as their header
    boxes = [
        *text("自然人", 160, 100),
        *text("法人", 240, 100),
        *text("总计", 320, 100),
        *text("一、本年新收", 50, 130),
        *text("7", 165, 142),
        *text("1", 245, 142),
        *text("8", 325, 142),
        *text("申请数量", 50, 154),
        *text("二、上年结转", 50, 184),
        *text("0", 165, 196),
        *text("2", 245, 196),
        *text("2", 325, 196),
        *text("申请数量", 50, 208),
    ]
    rows = _grids([Page(600, 800, boxes)])
    assert rows[0][1:] == ["自然人", "法人", "总计"], rows
    assert rows[1] == ["一、本年新收申请数量", "7", "1", "8"], rows


def test_a_borderless_row_split_by_a_page_break_is_joined():
    first = Page(
        600,
        800,
        [
            *text("项目", 50, 680),
            *text("自然人", 160, 680),
            *text("总计", 240, 680),
            *text("3.危及“三", 50, 710),
            *text("0", 170, 710),
            *text("0", 245, 710),
        ],
    )
    second = Page(
        600,
        800,
        [
            *text("安全一稳定”", 50, 40),
            *text("4.保护第三方", 50, 70),
            *text("1", 170, 70),
            *text("1", 245, 70),
            *text("5.属于内部事务", 50, 100),
            *text("0", 170, 100),
            *text("0", 245, 100),
        ],
    )
    rows = _grids([first, second])
    assert ["3.危及“三安全一稳定”", "0", "0"] in rows, rows
    assert ["4.保护第三方", "1", "1"] in rows, rows


def test_a_label_wrapped_above_the_first_values_of_a_continued_page_stays_with_them():
    first = Page(
        600,
        800,
        [
            *text("项目", 50, 680),
            *text("甲", 165, 680),
            *text("乙", 245, 680),
            *text("规章", 50, 710),
            *text("0", 165, 710),
            *text("38", 245, 710),
        ],
    )
    second = Page(
        600,
        800,
        [*text("行政规", 50, 40), *text("范性文件", 50, 55), *text("7", 165, 55), *text("8", 245, 55)],
    )
    rows = _grids([first, second])
    assert ["行政规范性文件", "7", "8"] in rows, rows


def test_a_header_cells_wrapped_end_is_no_label_column():
    # '元）', the end of the header cell above it, stands left of the value: the label column
    # is taken from the lines that start where the labels do, not from it
    boxes = [
        *text("信息", 50, 100),
        *text("本年收费金额（单位：万", 90, 107),
        *text("元）", 90, 126),
        *text("内容", 50, 133),
        *text("行政事业", 50, 173),
        *text("0", 150, 188),
        *text("性收费", 50, 203),
    ]
    rows = _grids([Page(600, 800, boxes)])
    assert rows == [["信息内容", "本年收费金额（单位：万元）"], ["行政事业性收费", "0"]], rows
