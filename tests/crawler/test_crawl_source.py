"""crawl_source on a small real site: reports, years, attachments, zero-report errors."""

from __future__ import annotations

import pickle

from extract.crawl import crawl, crawl_source
from extract.registry import load_district

from .kit import trs_detail, trs_list

DISTRICT = """
key = "demo"
name = "示范区"
allowed_hosts = ["www.demo.gov.cn"]
years = "2019-2021"
[[source]]
code = "qzf"
agency = "示范区人民政府"
level = "district"
column = "http://www.demo.gov.cn/ndbg/"
[[source]]
code = "empty"
agency = "示范区空栏目局"
column = "http://www.demo.gov.cn/empty/"
"""
HOST = "www.demo.gov.cn"
PDF = b"%PDF-1.4\n" + b"0" * 4000


def demo_site(site, tmp_path):
    (tmp_path / "demo.toml").write_text(DISTRICT, encoding="utf-8")
    district = load_district(tmp_path / "demo.toml")
    site.page(
        HOST,
        "/ndbg/",
        trs_list(
            [
                ("./202001/t20200110_1.htm", "示范区人民政府2019年政府信息公开工作年度报告"),
                ("./201301/t20130110_2.htm", "示范区人民政府2012年政府信息公开年度报告"),
                ("./202101/P020210110.pdf", "示范区人民政府2020年政府信息公开工作年度报告.pdf"),
                ("./202101/t20210111_4.htm", "关于春节放假的通知"),
            ]
        ),
    )
    site.page(
        HOST,
        "/ndbg/202001/t20200110_1.htm",
        trs_detail(
            "示范区人民政府2019年政府信息公开工作年度报告",
            extra='<a href="./P0err.pdf">附件</a><a href="http://156152.com/ndbg/x.htm">'
            "示范区人民政府2019年政府信息公开工作年度报告（镜像）</a>",
        ),
    )
    site.page(HOST, "/ndbg/202001/P0err.pdf", b"<html>file missing</html>")
    site.page(HOST, "/ndbg/201301/t20130110_2.htm", trs_detail("示范区人民政府2012年政府信息公开年度报告"))
    site.page(HOST, "/ndbg/202101/P020210110.pdf", PDF, content_type="text/html")
    site.page(HOST, "/ndbg/202101/t20210111_4.htm", trs_detail("关于春节放假的通知"))
    site.page(HOST, "/empty/", trs_list([]))
    return district


def test_one_source_reports_years_attachments_and_refusals(site, client, archive, tmp_path):
    district = demo_site(site, tmp_path)
    result = crawl_source(district.source("demo/qzf"), archive, client)
    assert sorted((r.year, r.form) for r in result.reports) == [(2012, "html"), (2019, "html"), (2020, "pdf")]
    assert result.missing_years == [2021] and result.unexpected_years == [2012]
    outcomes = {p.url.rsplit("/", 1)[1]: p.outcome for p in result.problems}
    assert outcomes == {"P0err.pdf": "rejected", "x.htm": "refused"}
    assert any("not a report" in n and "t20210111_4" in n for n in result.notes)
    assert not result.errors
    assert not [h for h in site.hits if "156152" in h.host]


def test_a_declared_source_with_no_reports_is_an_error_and_fails_strict(site, client, archive, tmp_path):
    district = demo_site(site, tmp_path)
    summary = crawl(district.sources, archive, client, registry_politeness=False)
    empty = next(r for r in summary.results if r.key == "demo/empty")
    assert empty.errors == ["declared source yielded zero reports"]
    failures = summary.failures()
    assert "demo/empty: ERROR declared source yielded zero reports" in failures
    assert "demo/qzf: missing years 2021" in failures
    assert any("years on the site the registry does not expect: 2012" in n for n in summary.notes())


def test_results_survive_pickling_for_task_runners(site, client, archive, tmp_path):
    district = demo_site(site, tmp_path)
    result = crawl_source(district.source("demo/qzf"), archive, client)
    copy = pickle.loads(pickle.dumps(result))
    assert copy.to_row() == result.to_row() and copy.reports == result.reports
    copy.count("ok", "new")
    assert copy.counts["new"] == result.counts["new"] + 1
