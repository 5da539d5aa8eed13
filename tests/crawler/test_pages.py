"""Pure page logic: titles and years, decoding, walls, file sniffing, URLs, detail pages."""

from __future__ import annotations

import json

import pytest

from core.decode import decode_html
from core.titles import looks_like_report, report_year
from extract.detail import read_detail
from extract.filetypes import document_problem, is_document_url, sniff
from extract.urls import AllowList, HostMap, repair, resolve
from extract.walls import wall_reason


@pytest.mark.parametrize(
    "title,year",
    [
        ("厦门市思明区市政园林局2025年政府信息公开工作年度报告", 2025),
        ("湖里区人民政府2018年政府信息公开工作年度报告", 2018),
        ("厦门市集美区经济贸易发展局 2010年度政府信息公开年度报告", 2010),
        ("舒兰市市场监督管理局2016年政务信息公开年度报告", 2016),
        ("2018年深圳市福田区香蜜湖街道政府信息公开工作年度报告", 2018),
        ("2017年广州市黄埔区人民政府广州开发区管委会\n政府信息公开年度报告", 2017),
        ("泉州市丰泽区教育局关于印发 2025年政府信息公开工作年度报告的通知", 2025),
        ("兴国镇人民政府2025年政府信息公开工作\n\n年度报", 2025),
        ("思明区嘉莲街道办事处\n２０１５年政府信息公开工作年度报告", 2015),
        ("厦湖府〔2019〕1号 湖里区人民政府2018年政府信息公开工作年度报告", 2018),
    ],
)
def test_report_titles_and_their_covered_year(title, year):
    assert looks_like_report(title)
    assert report_year(title) == year


@pytest.mark.parametrize("title", ["关于2025年春节放假的通知", "政府信息公开指南", "2024年预算公开"])
def test_other_documents_are_not_reports(title):
    assert not looks_like_report(title)


def test_gbk_page_with_a_wrong_header_is_decoded_from_its_bytes():
    html = "<meta charset='gb2312'><p>厦门市湖里区人民政府2022年政府信息公开工作年度报告 溢</p>"
    data = html.encode("gbk")
    text, encoding = decode_html(data, "text/html; charset=utf-8")
    assert "湖里区" in text and encoding == "gb18030"
    assert decode_html("<p>思明</p>".encode(), "text/html; charset=gb2312")[0] == "<p>思明</p>"


def test_wall_detection_is_specific():
    assert wall_reason(412, b"<script>$_ts=1</script>")
    assert wall_reason(521, b"x")
    assert wall_reason(200, b"<script>document.cookie='x=1'</script>")
    assert wall_reason(200, b"<html>" + b"a" * 5000 + b"document.cookie</html>") is None
    assert wall_reason(200, "<html>年度报告</html>".encode()) is None


def test_documents_are_identified_by_bytes_and_size():
    assert sniff(b"%PDF-1.7") == "pdf" and sniff(b"PK\x03\x04") == "zip"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") == "ole"
    assert document_problem(b"%PDF-1.4" + b"x" * 2000) is None
    assert "error page" in document_problem(b"%PDF-1.4 tiny")
    assert "not a document" in document_problem(b"<html>404</html>" * 200)
    assert is_document_url("http://a/P020.pdf") and is_document_url("http://a/f.DOCX?x=1")
    assert not is_document_url("http://a/t20200101_1.htm")


def test_url_repair_resolution_and_host_folding():
    assert repair("http:///edu.xm.gov.cn/a.htm") == "http://edu.xm.gov.cn/a.htm"
    assert (
        resolve("http://siming.gov.cn/a/b/index.htm", "./202001/t1.htm")
        == "http://siming.gov.cn/a/b/202001/t1.htm"
    )
    assert resolve("http://siming.gov.cn/", "javascript:void(0)") is None
    hosts = HostMap(
        aliases={"www.siming.gov.cn": "siming.gov.cn"}, rewrites={"iqb.jimei.gov.cn": "www.jimei.gov.cn"}
    )
    assert hosts.key("https://www.siming.gov.cn/a") == hosts.key("http://siming.gov.cn/a")
    assert hosts.rewrite("https://iqb.jimei.gov.cn/zfxxgk/x.htm") == "https://www.jimei.gov.cn/zfxxgk/x.htm"
    allow = AllowList.for_url("http://127.0.0.1:8080/site/")
    assert allow.check("http://127.0.0.1:8080/x") is None
    assert allow.check("http://127.0.0.2/x") is not None


def test_detail_page_metadata_body_and_every_kind_of_attachment():
    html = """<html><head><title>厦门市湖里区卫生健康局2022年政府信息公开工作年度报告</title>
    <meta name="PubDate" content="2023-01-11 09:30"><meta name="ColumnName" content="年度报告">
    </head><body><ul><li>• 索 引 号:XM02102-0106-2023-00001</li><li>• 备注/文号:厦湖卫〔2023〕1号</li>
    <li>• 发布机构:湖里区卫生健康局</li><li>• 公文生成日期:2023-01-10</li></ul>
    <div class="TRS_Editor"><p>一、总体情况</p>
    <a href="./P020230111.pdf">附件：年度报告.pdf</a>
    <iframe src="/pdfjs/web/viewer.html?file=%2Fu%2Fcms%2Freport2.pdf"></iframe>
    <embed src="files/report3.pdf"><a href="#" onclick="window.open('/files/report4.docx')">下载</a>
    <a href="/about.htm">关于</a></div></body></html>"""
    detail = read_detail("http://www.huli.gov.cn/zwgk/wjj/202301/t20230111_894429.htm", html)
    assert detail.title.startswith("厦门市湖里区卫生健康局2022年")
    assert detail.body_selector == "div.TRS_Editor"
    assert detail.fields["index_no"] == "XM02102-0106-2023-00001"
    assert detail.fields["doc_no"] == "厦湖卫〔2023〕1号"
    assert detail.fields["publisher"] == "湖里区卫生健康局"
    assert detail.fields["generated_date"] == "2023-01-10"
    assert detail.meta_tags["ColumnName"] == "年度报告"
    urls = {a.url: a.how for a in detail.attachments}
    assert urls == {
        "http://www.huli.gov.cn/zwgk/wjj/202301/P020230111.pdf": "link",
        "http://www.huli.gov.cn/u/cms/report2.pdf": "iframe",
        "http://www.huli.gov.cn/zwgk/wjj/202301/files/report3.pdf": "embed",
        "http://www.huli.gov.cn/files/report4.docx": "script",
    }


def test_gkmlpt_detail_reads_the_embedded_json():
    payload = {
        "title": "广东省人民政府2024年政府信息公开工作年度报告",
        "content": "<p>一、总体情况</p>" * 5,
        "attachment": [{"url": "/attachment/0/88/88389/963149.pdf"}],
    }
    html = (
        f"<html><head><title>广东省人民政府门户网站</title></head><body><div id='app'></div>"
        f"<script>window._CONFIG = {{}}; window._CONFIG.DETAIL = "
        f"{json.dumps(payload, ensure_ascii=False)};</script></body></html>"
    )
    detail = read_detail("http://www.gd.gov.cn/gkmlpt/content/4/4688/post_4688997.html", html)
    assert detail.title == payload["title"]
    assert detail.body_selector == "_CONFIG.DETAIL"
    assert [a.url for a in detail.attachments] == ["http://www.gd.gov.cn/attachment/0/88/88389/963149.pdf"]
