"""Titles as agencies print them (SITES.md §2.2): agency and covered year, never the URL's year."""

from __future__ import annotations

import pytest

from transform.metadata import covered_year_from_body, find_title, published_date, title_candidates


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("厦门市思明区市政园林局2025年政府信息公开工作年度报告", "厦门市思明区市政园林局", 2025),
        ("湖里区人民政府2018年政府信息公开工作年度报告", "湖里区人民政府", 2018),
        (
            "厦门市湖里区人民政府湖里街道办事处2022年政府信息公开工作年度报告",
            "厦门市湖里区人民政府湖里街道办事处",
            2022,
        ),
        ("厦门市集美区经济贸易发展局 2010年度政府信息公开年度报告", "厦门市集美区经济贸易发展局", 2010),
        ("厦门市集美区审计局2011年度政府信息公开年度报告", "厦门市集美区审计局", 2011),
        ("厦门市湖里区工商行政管理局2009年政府信息公开年度报告", "厦门市湖里区工商行政管理局", 2009),
        ("泉州市丰泽区2013年政府信息公开年度报告", "泉州市丰泽区", 2013),
        ("舒兰市市场监督管理局2016年政务信息公开年度报告", "舒兰市市场监督管理局", 2016),
        ("2018年深圳市福田区香蜜湖街道政府信息公开工作年度报告", "深圳市福田区香蜜湖街道", 2018),
        ("2025年南湖新区管委会办公室政府信息公开工作年度报告", "南湖新区管委会办公室", 2025),
        (
            "2017年广州市黄埔区人民政府广州开发区管委会\n政府信息公开年度报告",
            "广州市黄埔区人民政府广州开发区管委会",
            2017,
        ),
        ("2014年广州市政府信息公开年度报告", "广州市", 2014),
        ("泉州市丰泽区教育局关于印发 2025年政府信息公开工作年度报告的通知", "泉州市丰泽区教育局", 2025),
        (
            "武汉市东湖新技术开发区城乡工作办事处 2025年政府信息公开工作年度报告",
            "武汉市东湖新技术开发区城乡工作办事处",
            2025,
        ),
        ("厦湖府〔2019〕1号\n\n湖里区人民政府2018年政府信息公开工作年度报告", "湖里区人民政府", 2018),
        ("厦門市思明區人民政府2012年政府信息公開工作年度報告", "厦门市思明区人民政府", 2012),
        ("沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局", "沭阳县发展和改革局", 2023),
        (
            "首页 > 信息公开 > 年度报告 > 厦门市翔安区教育局2022年政府信息公开工作年度报告",
            "厦门市翔安区教育局",
            2022,
        ),
    ],
)
def test_title_variants(title, agency, year):
    _, got_agency, got_year = find_title([title])
    assert (got_agency, got_year) == (agency, year)


def test_title_broken_over_lines_is_joined():
    lines = ["兴国镇人民政府2025年政府信息公开工作", "", "年度报告", "一、总体情况"]
    _, agency, year = find_title(title_candidates([], lines))
    assert (agency, year) == ("兴国镇人民政府", 2025)


def test_a_title_without_agency_takes_it_from_the_line_above():
    lines = ["洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由…"]
    _, agency, year = find_title(title_candidates([], lines))
    assert (agency, year) == ("洪泽区人民政府", 2023)


def test_covered_year_from_the_statistics_period():
    assert covered_year_from_body(["本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。"]) == 2019
    assert covered_year_from_body(["本报告所列数据统计期限从2025年1月1日至2025年12月31日止"]) == 2025


def test_published_date():
    assert published_date(["日期:2020-01-23 17:37:00 字号:"], {}) == "2020-01-23"
    assert published_date([], {"PubDate": "2026-01-13 16:50"}) == "2026-01-13"
    assert published_date(["……", "沐阳县人民政府", "2026年1月23日"], {}) == "2026-01-23"


def test_an_agencyless_page_title_takes_the_agency_from_the_report_heading():
    from transform.parse import parse_bytes

    chrome = "".join(f"<li>栏目{i}</li>" for i in range(80))
    page = (
        f"<html><head><title>2023年政府信息公开工作年度报告</title></head><body><ul>{chrome}"
        "</ul><div class='TRS_Editor'><p>相关：厦门市翔安区教育局2022年政府信息公开工作年度报告</p>"
        "<p><b>厦门市翔安区教育局2023年政府信息公开工作年度报告</b></p><p>正文</p></div>"
        "</body></html>"
    )
    result = parse_bytes(page.encode(), "page.html")
    assert (result.agency, result.year) == ("厦门市翔安区教育局", 2023)


def test_a_page_with_no_agency_anywhere_falls_back_to_its_metadata_with_a_warning():
    from transform.parse import parse_bytes

    page = (
        "<html><head><title>2023年政府信息公开工作年度报告</title>"
        "<meta name='ContentSource' content='厦门市同安区民政局'></head><body>正文</body></html>"
    )
    result = parse_bytes(page.encode(), "page.html")
    assert (result.agency, result.year) == ("厦门市同安区民政局", 2023)
    assert any("ContentSource" in w for w in result.warnings)
