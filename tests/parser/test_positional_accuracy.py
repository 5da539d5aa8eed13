"""The positional finder on synthetic layouts of the kinds born-digital re-publications print:
titles broken over two lines, and the borderless table layouts issue 15's tuning set showed."""

from __future__ import annotations

from tests.parser.test_positional import rows_of, text
from transform.metadata import find_title, title_candidates
from transform.readers.pages import Box, Page
from transform.readers.positional import layout_pages


def test_a_title_broken_before_its_report_phrase_is_read_whole_not_from_the_body_repeating_it():
    boxes = [
        *text("厦门市海沧区海沧街道办事处2019年度政府信息公开工作年度", 50, 40),
        *text("报告", 280, 60),
        *text("根据条例规定，现向社会公布厦门市海", 50, 90),
        *text("沧区海沧街道办事处2019年政府信息公开工作年度报告。本报告由", 50, 110),
    ]
    doc = layout_pages([Page(600, 800, boxes, [])], form="pdf")
    lines = [r.texts[0] for r in doc.rows]
    _, agency, year = find_title(title_candidates(doc.title_hints, lines))
    assert (agency, year) == ("厦门市海沧区海沧街道办事处", 2019)


def test_a_title_on_one_line_is_its_own_first_hint():
    boxes = [*text("某区2023年政府信息公开工作年度报告", 50, 40), *text("正文2023年起", 50, 60)]
    doc = layout_pages([Page(600, 800, boxes, [])], form="pdf")
    assert doc.title_hints[0] == "某区2023年政府信息公开工作年度报告"


def _grids(pages: list[Page]) -> list[list[str]]:
    return [cells for grid, cells in rows_of(layout_pages(pages, form="pdf")) if grid is not None]


def test_a_lone_value_row_at_a_page_foot_takes_its_header_padded_far_above_it():
    # LibreOffice pads borderless cells by three line heights: with one value row on the page
    # there is no row pitch to measure the header's padding by; the rows go on overleaf
    header = [*text("信息", 50, 600), *text("现行有", 320, 600), *text("本年制", 120, 606)]
    header += [*text("本年废", 220, 606), *text("发件数", 120, 630), *text("止件数", 220, 630)]
    header += [*text("内容", 50, 636), *text("效件数", 320, 636)]
    first = [*text("规章", 50, 680), *text("0", 130, 680), *text("0", 230, 680), *text("1", 330, 680)]
    second = [*text("行政规范性文件", 50, 100), *text("2", 130, 100), *text("0", 230, 100)]
    second += text("3", 330, 100)
    grids = _grids([Page(600, 800, header + first), Page(600, 800, second)])
    assert grids == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "1"],
        ["行政规范性文件", "2", "0", "3"],
    ]


def test_abutting_header_cells_set_at_different_advances_are_cut_between_cells_only():
    # '科 研 机' and '社 会 公' letter-spaced (advance 14.4, the last character of each 11.0
    # on), '法律服务' set at 12.6: one glued piece, cut where a cell ends, not per character
    xs, x = [], 240.0
    for step in (14.4, 14.4, 11.0, 14.4, 14.4, 11.0, 12.6, 12.6, 12.6, 0):
        xs.append(x)
        x += step
    glued = [Box(c, x0, 100, x0 + 11.0, 111) for c, x0 in zip("科研机社会公法律服务", xs, strict=True)]
    boxes = [
        *glued,
        *text("总计", 420, 100),
        *text("本年新收", 50, 120),
        *text("1", 250, 120),
        *text("2", 290, 120),
        *text("3", 340, 120),
        *text("6", 425, 120),
        *text("上年结转", 50, 140),
        *text("0", 250, 140),
        *text("1", 290, 140),
        *text("0", 340, 140),
        *text("1", 425, 140),
    ]
    rows = _grids([Page(600, 800, boxes)])
    assert rows[0] == ["", "科研机", "社会公", "法律服务", "总计"], rows
    assert rows[1] == ["本年新收", "1", "2", "3", "6"]


def _spaced_rows(rows: list[tuple[list[str], list[str]]], top: float, pitch: float = 30.0) -> list[Box]:
    """Borderless rows with their labels' lines `pitch` apart (LibreOffice double-spaces
    them), each row's values on its label's first line, in columns at x 250, 310, 370."""
    boxes: list[Box] = []
    y = top
    for label_lines, values in rows:
        for n, part in enumerate(label_lines):
            boxes += text(part, 50, y + n * pitch)
        for value, x in zip(values, (250, 310, 370), strict=True):
            boxes += text(value, x, y)
        y += pitch * len(label_lines)
    return boxes


def test_a_wrapped_label_below_the_last_values_spaced_like_the_bands_lines_stays_in_its_row():
    boxes = [*text("自然人", 240, 100), *text("企业", 310, 100), *text("总计", 370, 100)]
    boxes += _spaced_rows(
        [(["本年新收"], ["1", "2", "3"]), (["申请人逾期未按", "收费通知要求", "缴纳费用"], ["0", "0", "0"])],
        130,
    )
    boxes += text("五、存在的主要问题及改进情况", 50, 300)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[-1] == ["申请人逾期未按收费通知要求缴纳费用", "0", "0", "0"]


def _row(labels: list[tuple[str, float]], values: list[str], top: float) -> list[Box]:
    """A borderless row: label pieces at their x, values in columns at x 250, 310, 370."""
    boxes = [b for label, x in labels for b in text(label, x, top)]
    for value, x in zip(values, (250, 310, 370), strict=True):
        boxes += text(value, x, top)
    return boxes


def test_a_label_split_by_a_page_break_joins_the_inner_label_when_the_next_part_has_one_label_column():
    first = [*text("自然人", 240, 700), *text("企业", 310, 700), *text("总计", 370, 700)]
    first += _row([("（六）", 50), ("1.无正当理由", 110)], ["6", "0", "6"], 720)
    first += _row([("2.逾期未缴", 110)], ["0", "0", "0"], 740)
    second = text("纳费用", 110, 60)
    second += _row([("3.其他", 110)], ["7", "0", "7"], 80)
    second += _row([("四、结转下年度办理", 50)], ["0", "0", "0"], 100)
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert ["", "2.逾期未缴纳费用", "0", "0", "0"] in grids, grids


def test_rows_whose_labels_wrap_around_their_values_measure_the_padding_their_header_stands_at():
    # '行政' / values / '许可', then '其他对' / '外管理' / values / '服务事': the rows stand
    # 32 pt apart, and so does the header above the first row (3 line heights)
    boxes = [
        *text("信息", 50, 118),
        *text("上一年", 115, 118),
        *text("增减", 180, 128),
        *text("决定", 240, 128),
    ]
    boxes += [
        *text("内容", 50, 148),
        *text("项目数", 115, 148),
        *text("量", 125, 158),
        *text("数量", 240, 158),
    ]
    boxes += [
        *text("行政", 50, 200),
        *text("许可", 50, 246),
        *text("其他对", 50, 288),
        *text("外管理", 50, 320),
    ]
    boxes += text("服务事", 50, 352)
    for values, y in ((["52", "1", "272"], 223), (["0", "0", "0"], 336)):
        for value, x in zip(values, (125, 185, 245), strict=True):
            boxes += text(value, x, y)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[0] == ["信息内容", "上一年项目数量", "增减", "决定数量"], grids
    assert grids[1:] == [["行政许可", "52", "1", "272"], ["其他对外管理服务事", "0", "0", "0"]]


def test_two_values_alone_between_their_wrapped_label_lines_are_a_table_row():
    # table 2's fee part in narrow columns: '行政事' / '9  0' / '业性收费', one row under its header
    boxes = [*text("信息", 50, 100), *text("上年", 120, 100), *text("增减", 180, 112)]
    boxes += [*text("内容", 50, 124), *text("数量", 120, 124)]
    boxes += [
        *text("行政事", 50, 150),
        *text("9", 125, 165),
        *text("0", 185, 165),
        *text("业性收费", 50, 180),
    ]
    grids = _grids([Page(600, 800, boxes)])
    assert grids == [["信息内容", "上年数量", "增减"], ["行政事业性收费", "9", "0"]], grids


def test_a_section_heading_atop_a_page_keeps_its_table_apart_from_the_one_the_page_before_ended():
    # Chrome sets the next section's heading in the top margin band: no running header, so the
    # stub header opening the table below it is no rest of the last row overleaf
    first = [*text("甲", 250, 680), *text("乙", 310, 680), *text("丙", 370, 680)]
    first += [
        *_row([("行政许可", 50)], ["1", "2", "3"], 700),
        *_row([("行政收费", 50)], ["4", "5", "6"], 720),
    ]
    second = [*text("三、收到和处理政府信息公开申请情况", 50, 30), *text("（本列数据的勾稽关系为）", 50, 80)]
    second += [*text("自然人", 240, 92), *text("企业", 310, 92), *text("总计", 370, 92)]
    second += _row([("一、本年新收", 50)], ["7", "1", "9"], 110)
    second += _row([("三、本年", 50), ("（一）予以公开", 130)], ["0", "1", "1"], 130)
    second += _row([("（二）部分公开", 130)], ["0", "1", "1"], 150)
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert ["行政收费", "4", "5", "6"] in grids, grids


def test_a_header_cell_spreading_its_characters_over_its_width_is_one_column():
    # '社会公益组织' justified two characters a line in a narrow cell ('社   会' / '公' /
    # '益   组' / '织') stands as two stacks of single characters; the values are centred
    # under the pair, so the stacks are one header cell, not a blank column beside one
    boxes = [*text("自然人", 230, 100), *text("总计", 400, 100)]
    for k, pair in enumerate(("社会", "公", "益组", "织")):
        boxes += text(pair[0], 300, 100 + 12 * k)
        if len(pair) > 1:
            boxes += text(pair[1], 320, 100 + 12 * k)
    for label, values, top in (("本年新收", ("5", "1", "6"), 170), ("上年结转", ("0", "2", "2"), 190)):
        boxes += text(label, 50, top)
        for value, x in zip(values, (235, 310, 405), strict=True):
            boxes += text(value, x, top)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[0] == ["", "自然人", "社会公益组织", "总计"], grids
    assert grids[1:] == [["本年新收", "5", "1", "6"], ["上年结转", "0", "2", "2"]]


def test_stacks_of_single_characters_each_over_values_of_their_own_stay_two_columns():
    boxes = [*text("自然人", 230, 100), *text("总计", 400, 100)]
    for k, pair in enumerate(("甲乙", "丙丁", "戊")):
        boxes += text(pair[0], 300, 100 + 12 * k)
        if len(pair) > 1:
            boxes += text(pair[1], 340, 100 + 12 * k)
    for label, values, top in (
        ("本年新收", ("5", "1", "3", "9"), 170),
        ("上年结转", ("0", "2", "0", "2"), 190),
    ):
        boxes += text(label, 50, top)
        for value, x in zip(values, (235, 300, 340, 405), strict=True):
            boxes += text(value, x, top)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[0] == ["", "自然人", "甲丙戊", "乙丁", "总计"], grids


def test_a_letter_spaced_header_cell_abutting_a_solid_one_is_cut_between_them_only():
    # '结 果 纠' letter-spaced (advance 12.4) abutting '其他结' set solid (10.5): one glued
    # piece whose letter spacing is wider than a printed space at this size; its wrapped
    # ends '正' and '果' stand below
    xs = [240.0, 252.4, 264.8, 274.8, 285.3, 295.8]
    glued = [Box(c, x, 100, x + 10.0, 110) for c, x in zip("结果纠其他结", xs, strict=True)]
    boxes = [*glued, *text("总计", 330, 100), *text("正", 240, 114), *text("果", 274.8, 114)]
    for label, values, top in (("直接起诉", ("1", "2", "3"), 134), ("复议后起诉", ("0", "4", "4"), 154)):
        boxes += text(label, 50, top)
        for value, x in zip(values, (252, 288, 335), strict=True):
            boxes += text(value, x, top)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[-3][1:] == ["结果纠正", "其他结果", "总计"], grids


def test_abutting_header_cells_a_hidden_border_apart_are_cut_though_no_value_stands_under_them():
    # Chrome sets the cells' characters exactly 12 pt apart and steps 0.4 pt further at each
    # cell's edge; the blank columns' cells are glued into one piece
    xs, x = [], 300.0
    for cell in ("商业企业", "科研机构", "其他"):
        for _ in cell:
            xs.append(x)
            x += 12.0
        x += 0.4
    glued = [Box(c, x0, 100, x0 + 12.0, 112) for c, x0 in zip("商业企业科研机构其他", xs, strict=True)]
    boxes = [*glued, *text("自然人", 240, 100), *text("总计", 440, 100)]
    for label, values, top in (("本年新收", ("3", "3"), 125), ("上年结转", ("0", "0"), 145)):
        boxes += text(label, 50, top)
        for value, x0 in zip(values, (250, 445), strict=True):
            boxes += text(value, x0, top)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[0] == ["", "自然人", "商业企业", "科研机构", "其他", "总计"], grids
    assert grids[1] == ["本年新收", "3", "", "", "", "3"]


def test_a_header_spread_over_one_line_and_a_short_last_line_is_one_cell():
    # '自   然' / '人' (justified, then the last line left-aligned), values left-aligned
    # under it: no column is headed by one character on one line
    boxes = [*text("自", 240, 100), *text("然", 262, 100), *text("人", 240, 112), *text("企业", 300, 100)]
    boxes += text("总计", 360, 100)
    for label, values, top in (("本年新收", ("4", "1", "5"), 135), ("上年结转", ("0", "2", "2"), 155)):
        boxes += text(label, 50, top)
        for value, x in zip(values, (240, 300, 360), strict=True):
            boxes += text(value, x, top)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[0] == ["", "自然人", "企业", "总计"], grids


def test_a_wrapped_label_below_the_last_values_measures_the_labels_line_spacing_not_the_values():
    # values centred between their label's lines stand 5 pt from them: the band's lines are
    # mostly that close, its label lines 20-30 pt apart; the last label wraps 20 pt below
    boxes = [*text("自然人", 240, 60), *text("总计", 330, 60)]
    y = 80
    for upper, lower in (
        ("1.属于国家", "秘密"),
        ("4.保护第三", "方合法权益"),
        ("5.属于三类", "内部事务"),
        ("6.属于", "四类"),
    ):
        boxes += [
            *text(upper, 50, y),
            *text("0", 245, y + 15),
            *text("0", 335, y + 15),
            *text(lower, 50, y + 30),
        ]
        y += 70
    boxes += [
        *text("2.其他法律", 50, y),
        *text("1", 245, y),
        *text("1", 335, y),
        *text("行政法规禁", 50, y + 30),
    ]
    boxes += text("止公开", 50, y + 60)
    boxes += text("四、政府信息公开行政复议、行政诉讼情况", 50, y + 120)
    grids = _grids([Page(600, 800, boxes)])
    assert grids[-1] == ["2.其他法律行政法规禁止公开", "1", "1"], grids


def test_a_header_cell_beside_the_stub_and_left_of_its_centred_values_heads_them():
    # table 2's one-column part in LibreOffice: '信息' | '本年处理' / '内容' | '决定数量', the
    # header cell left-aligned and ending before the values centred under it; each label
    # wrapped around its value ('行政' / 0 / '处罚'), the cells abutting (no padding)
    boxes = [
        *text("信息", 50, 100),
        *text("本年处理", 90.3, 100),
        *text("内容", 50, 130),
        *text("决定数量", 90.3, 130),
    ]
    boxes += [*text("行政", 50, 175), *text("7", 151, 190), *text("处罚", 50, 205)]
    boxes += [*text("行政强", 50, 245), *text("0", 151, 260), *text("制", 50, 275)]
    grids = _grids([Page(600, 800, boxes)])
    assert grids == [["信息内容", "本年处理决定数量"], ["行政处罚", "7"], ["行政强制", "0"]], grids


def test_the_rest_of_a_label_atop_the_next_page_is_not_the_top_of_the_next_rows_label():
    def values(vals: tuple[str, str, str], top: float) -> list[Box]:
        return [b for v, x in zip(vals, (250, 310, 370), strict=True) for b in text(v, x, top)]

    first = [
        *text("信息内容", 50, 680),
        *text("上年", 250, 680),
        *text("增减", 310, 680),
        *text("决定", 370, 680),
    ]
    first += [*text("行政", 50, 700), *values(("1", "2", "3"), 700)]
    second = [*text("许可", 50, 60), *text("其他对", 50, 100), *text("外管理", 50, 130)]
    second += [*values(("0", "0", "5"), 145), *text("服务事", 50, 160)]
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert ["行政许可", "1", "2", "3"] in grids, grids
    assert ["其他对外管理服务事", "0", "0", "5"] in grids, grids


def test_a_header_at_a_page_foot_heads_the_one_row_of_values_opening_the_next():
    first = [*text("信息", 50, 740), *text("采购项", 120, 740), *text("采购总金额", 200, 740)]
    first += [*text("内容", 50, 760), *text("目数量", 120, 760)]
    second = [*text("政府集", 50, 60), *text("4", 125, 72), *text("50.87", 205, 72), *text("中采购", 50, 84)]
    second += text("三、收到和处理政府信息公开申请情况", 50, 140)
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert grids == [["信息内容", "采购项目数量", "采购总金额"], ["政府集中采购", "4", "50.87"]], grids


def test_a_one_value_part_continued_overleaf_without_its_header_keeps_its_label_and_value_column():
    # table 2's one-column part broken after its first row: overleaf, one row of a label and
    # one value, no header above it, stands in the columns of the part the page before ended
    first = [*text("信息内容", 50, 700), *text("本年处理决定数量", 150, 700)]
    first += [*text("行政处罚", 50, 730), *text("7", 200, 730)]
    second = [*text("行政强制", 50, 60), *text("0", 200, 60)]
    second += text("第二十条第（八）项", 50, 120)
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert ["行政强制", "0"] in grids, grids


def test_a_row_set_from_the_next_pages_very_top_takes_the_header_the_page_before_ended_with():
    # LibreOffice starts the page after a header at the foot with the row's label in the top
    # margin band: '行政事' / '9  0' / '业性收费' run on into the body, no running header
    first = [*text("信息", 50, 720), *text("上年", 120, 720), *text("增减", 180, 732)]
    first += [*text("内容", 50, 744), *text("数量", 120, 744)]
    second = [*text("行政事", 50, 30), *text("9", 125, 48), *text("0", 185, 48), *text("业性收费", 50, 66)]
    second += text("第二十条第（九）项", 50, 110)
    grids = _grids([Page(600, 800, first), Page(600, 800, second)])
    assert grids == [["信息内容", "上年数量", "增减"], ["行政事业性收费", "9", "0"]], grids
