"""Each reader on small inputs written to show one difficulty at a time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from core.sniff import OLE_MAGIC
from transform import detect
from transform.parse import parse_bytes
from transform.readers.html import read_html

FIXTURES = Path(__file__).parent.parent / "fixtures"

T3_HTML = """
<html><head><title>示例局2023年政府信息公开工作年度报告_示例网</title></head><body>
<table class="layout"><tr><td><div class="nav">首页 | 信息公开</div></td></tr><tr><td>
<div class="TRS_Editor">
<p><span>三、收到和</span><span>处理政府信息公开申请情况</span></p>
<table border="1">
<tr><td rowspan="3" colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
    <td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2"><p>自然</p><p>人</p></td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3"><span>一、本年新收</span><span>政府信息公开申请数量</span><o:p></o:p></td>
    <td>5</td><td>&nbsp;</td><td><o:p>&nbsp;</o:p></td><td></td><td>1</td><td></td><td>6</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>0</td><td colspan="5">—</td><td>0</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
</div></td></tr></table></body></html>
"""


def test_html_grid_keeps_blanks_in_place_and_skips_layout_tables():
    doc = read_html(T3_HTML)
    grid_rows = [r for r in doc.rows if r.grid is not None]
    assert {r.grid for r in grid_rows} == {0}  # the layout table is not a data table
    assert len(grid_rows) == 5
    header = [c.text for c in grid_rows[2].cells if not c.span_copy]
    assert header == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    first = grid_rows[3]
    assert first.cells[0].text == "一、本年新收政府信息公开申请数量"
    assert [c.text for c in first.cells[3:]] == ["5", "", "", "", "1", "", "6"]


def test_html_table3_values_and_blanks():
    result = parse_bytes(T3_HTML.encode(), "t3.html")
    apps = result.table("applications")
    assert apps["new_received"] == {
        "natural_person": 5,
        "commercial_enterprise": None,
        "research_institution": None,
        "public_interest_org": None,
        "legal_service_org": 1,
        "other_org": None,
        "total": 6,
    }
    # A colspan'd dash is one blank cell repeated, never a number counted five times.
    assert apps["carried_over"]["commercial_enterprise"] is None
    assert apps["carried_over"]["other_org"] is None
    assert result.agency == "示例局" and result.year == 2023


def test_text_one_cell_per_line_reassembles_rows():
    text = "\n\n".join(
        [
            "申请人情况",
            "自然人",
            "一、本年新收政府信息公开申请数量",
            *"3000003",
            "二、上年结转政府信息公开申请数量",
            *"1000001",
        ]
    )
    result = parse_bytes(text.encode(), "cells.txt")
    apps = result.table("applications")
    assert apps["new_received"]["natural_person"] == 3 and apps["new_received"]["total"] == 3
    assert apps["carried_over"]["total"] == 1


def test_markdown_row_with_label_above_and_a_footer_inside():
    md = "\n".join(
        [
            "| 一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "|---|---|---|---|---|---|---|---|",
            "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "（一）予以公开",
            "— 3 —",
            "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
            "| （二）部分公开（区分处理的，只计这一情形，不计其他情形） | 1 | 0 | 0 | 0 | 0 | 0 | 1 |  |",
        ]
    )
    apps = parse_bytes(md.encode(), "x.md").table("applications")
    assert apps["granted"]["total"] == 2
    assert apps["partially_granted"]["natural_person"] == 1


@pytest.mark.parametrize("header_charset", ["utf-8", None])
def test_gbk_page_declared_gb2312(header_charset):
    page = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'>"
        "<title>厦门市湖里区人民政府2018年政府信息公开工作年度报告</title></head>"
        "<body><p>镕基 — 囍 — 喆</p></body></html>"
    )  # 镕 and 喆 are outside GB2312
    data = page.encode("gbk")
    text, encoding = detect.decode(data, hint=header_charset)
    assert encoding == "gb18030"
    assert "镕基" in text and "喆" in text
    result = parse_bytes(data, "gbk.htm")
    assert result.agency == "厦门市湖里区人民政府" and result.year == 2018


@pytest.mark.parametrize(
    ("data", "form"),
    [
        (b"%PDF-1.4\n...", "pdf"),
        (b"PK\x03\x04" + b"\0" * 40, "binary"),
        (OLE_MAGIC + b"\0" * 100, "doc"),
        (b"<html><body>x</body></html>", "html"),
        ("第一行\n第二行".encode(), "text"),
        (b"", "empty"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_form_comes_from_content_not_extension(data, form):
    assert detect.detect_form(data) == form


def test_legacy_doc_is_converted_or_clearly_refused():
    data = (FIXTURES / "doc" / "haicang-edu-2020.doc").read_bytes()
    result = parse_bytes(data, "report.doc")
    assert result.form == "doc"
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        assert any("legacy Word file" in w for w in result.warnings)
        assert not result.facts
        return
    truth = json.loads((FIXTURES / "doc" / "haicang-edu-2020.expected.json").read_text())
    assert (result.agency, result.year, result.template) == (
        truth["agency"],
        truth["year"],
        truth["template"],
    )
    assert result.table("applications") == truth["applications"]
    assert result.table("review_litigation") == truth["review_litigation"]
