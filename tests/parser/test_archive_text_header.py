"""Archiver header blocks read as metadata, never as report text (transform.readers.archive_header)."""

from __future__ import annotations

import pytest

from transform.parse import parse_bytes
from transform.readers.archive_header import read_header, saved_page_url

TITLE = "三明市2018年政府信息公开工作年度报告"
URL = "http://www.sm.gov.cn/smsrmzfbgs/smsrmzf/zfxxgkndbg/201903/t20190307_1271142.htm"
BODY = "一、总体情况\n2018年，三明市人民政府办公室认真贯彻落实《条例》。\n"


@pytest.mark.parametrize(
    "block",
    [
        f"标题：{TITLE}\n发布时间：2019-03-07 10:12\n发布机构：三明市人民政府办公室\n原始链接：{URL}\n"
        + "-" * 40,
        f"标 题: {TITLE}\n发布日期: 2019-03-07\n来源: 三明市人民政府办公室\n原文链接: {URL}\n\n",
        f"Title: {TITLE}\nURL: {URL}\nPublished: 2019-03-07\nSource: 三明市人民政府办公室\n=====",
        f"标题：\n{TITLE}\n发布日期：\n2019-03-07\n单位：\n三明市人民政府办公室\n来源：\n{URL}\n",
        f"【标题】{TITLE}\n发布时间：2019-03-07  发布机构：三明市人民政府办公室\n原始链接：{URL}\n正文：",
    ],
    ids=["cn", "half-width-spaced-keys", "english", "key-value-lines", "pairs-on-one-line"],
)
def test_header_is_metadata(block):
    result = parse_bytes((block + "\n" + BODY).encode("utf-8"), "page.txt")
    assert result.agency == "三明市"
    assert result.year == 2018
    assert result.source_url == URL
    assert result.published_date == "2019-03-07"
    assert result.title == TITLE


def test_capture_time_is_not_the_publication_date():
    block = f"标题：{TITLE}\n单位：三明市人民政府办公室\n来源：{URL}\n采集时间：2025-12-30T21:37:37+08:00\n"
    result = parse_bytes((block + BODY).encode("utf-8"), "page.txt")
    assert result.source_url == URL
    assert result.published_date != "2025-12-30"
    assert result.agency == "三明市"


def test_a_key_never_reaches_the_agency_even_without_a_block():
    # one 'key：value' line is not a block, but its key is still no part of the agency
    result = parse_bytes(f"标题：{TITLE}\n{BODY}".encode(), "page.txt")
    assert result.agency == "三明市"


def test_fields_of_a_block():
    header = read_header(
        [
            "首页 > 政府信息公开",
            "索引号：013925003/2019-00021",
            "文号：明政办〔2019〕3号",
            "栏目：政府信息公开年报",
            "发布机构：三明市人民政府办公室",
            "发布日期：2019-03-07",
            "关键词：年报",
            "原始链接：" + URL,
            "————————",
            "正文第一段",
        ]
    )
    assert header is not None and (header.start, header.end) == (1, 9)
    assert header.fields == {
        "index_number": "013925003/2019-00021",
        "doc_number": "明政办〔2019〕3号",
        "column": "政府信息公开年报",
        "publisher": "三明市人民政府办公室",
        "published": "2019-03-07",
        "url": URL,
    }


@pytest.mark.parametrize(
    "lines",
    [
        ["根据《条例》规定：现将本机关年度报告公布如下。", "一、总体情况"],
        ["地址：厦门市思明区民族路33号", "一、总体情况"],  # one pair, no block
        ["http://www.sm.gov.cn/", "14:56 字号：大 中 小"],
    ],
)
def test_prose_is_no_block(lines):
    assert read_header(lines) is None


@pytest.mark.parametrize(
    ("markup", "url"),
    [
        (f"<!-- saved from url=(0071){URL} -->\n<html>", URL),
        (f"<!-- Mirrored from {URL[7:]} by HTTrack Website Copier/3.x [XR&CO'2014] -->", URL),
        (f"<!--\n Page saved with SingleFile \n url: {URL} \n saved date: Tue Dec 02 2025\n-->", URL),
        ("<html><head><title>x</title>", None),
    ],
)
def test_saved_page_comments(markup, url):
    assert saved_page_url(markup) == url


def test_saved_page_block_and_comment_in_html():
    html = (
        f"<!-- saved from url=(0071){URL} -->\n<html><head><title>{TITLE}</title></head><body>"
        f"<div class='meta'><div><strong>标题：</strong>{TITLE}</div>"
        "<div><strong>发布时间：</strong>2019-03-07 10:12</div>"
        "<div><strong>发布机构：</strong>三明市人民政府办公室</div></div>"
        f"<p>{TITLE}</p><p>一、总体情况</p></body></html>"
    )
    result = parse_bytes(html.encode("utf-8"), "page.html")
    assert (result.agency, result.year, result.source_url, result.published_date) == (
        "三明市",
        2018,
        URL,
        "2019-03-07",
    )
