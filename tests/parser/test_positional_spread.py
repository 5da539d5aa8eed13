"""The positional finder on borderless tables set large in narrow columns (14 pt in 40-pt
columns): header cells and labels spread two characters a line over their cell, the
characters of neighbouring header cells abutting with no gap between them."""

from __future__ import annotations

from tests.parser.test_positional import CHAR, rows_of, text
from transform.readers.pages import Box, Page
from transform.readers.positional import layout_pages

CELL = 3 * CHAR  # a value column's width: two characters and one of white between them


def _spread(cell_text: str, x0: float, top: float, pitch: float = 1.8 * CHAR) -> list[Box]:
    """A cell's text two characters a line, the second set at the cell's right edge."""
    boxes: list[Box] = []
    for line, k in enumerate(range(0, len(cell_text), 2)):
        pair = cell_text[k : k + 2]
        y = top + line * pitch
        boxes.append(Box(pair[0], x0, y, x0 + CHAR, y + CHAR))
        if len(pair) == 2:
            boxes.append(Box(pair[1], x0 + CELL - CHAR, y, x0 + CELL, y + CHAR))
    return boxes


def _grids(boxes: list[Box]) -> list[list[str]]:
    placed = rows_of(layout_pages([Page(600, 800, boxes)], form="pdf"))
    return [cells for grid, cells in placed if grid is not None]


def test_abutting_header_cells_spread_over_narrow_columns_keep_their_own_text():
    # each header line reads '本 | 年本 | 年对 | 外': the last character of one cell touches
    # the first of the next, so no gap cuts them; the cells' edges line up down the header
    columns = [100.0, 100 + CELL, 100 + 2 * CELL]
    headers = ["本年新制作数量", "本年新公开数量", "对外公开总数量"]
    boxes = [*text("信息", 50, 100), *text("内容", 50, 136)]
    for x0, header in zip(columns, headers, strict=True):
        boxes += _spread(header, x0, 100)
    for y, label, values in ((176, "规章", "000"), (200, "文件", "124")):
        boxes += text(label, 50, y)
        boxes += [b for x0, v in zip(columns, values, strict=True) for b in text(v, x0 + CHAR, y)]
    rows = _grids(boxes)
    assert ["信息内容", *headers] in rows, rows
    assert ["规章", "0", "0", "0"] in rows and ["文件", "1", "2", "4"] in rows, rows


def test_a_label_spread_two_characters_a_line_is_one_label():
    # Chrome justifies a 14-pt label over its narrow cell: '行   政' / '事   业' / '性   收' /
    # '费', the white between a line's two characters wider than a cell's gap, its values
    # centred on a line of their own between the label's lines
    boxes = [*text("信息内容", 50, 60), *text("上年", 100, 60), *text("本年", 140, 60)]
    boxes += [*_spread("行政处罚", 50, 85), *text("1", 105, 94), *text("2", 145, 94)]
    boxes += [*_spread("行政事业性收费", 50, 130), *text("3", 105, 157), *text("4", 145, 157)]
    rows = _grids(boxes)
    assert ["行政处罚", "1", "2"] in rows and ["行政事业性收费", "3", "4"] in rows, rows
