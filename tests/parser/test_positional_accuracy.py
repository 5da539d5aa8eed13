"""The positional finder on synthetic layouts of the kinds born-digital re-publications print:
titles broken over two lines, and the borderless table layouts issue 15's tuning set showed."""

from __future__ import annotations

from tests.parser.test_positional import text
from transform.metadata import find_title, title_candidates
from transform.readers.pages import Page
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
