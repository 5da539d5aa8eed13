"""Each hazard in the manifest behaves as declared."""

from __future__ import annotations

import io
import json
import re

import pdfplumber
import pytest

from mirror import corpus
from mirror.tables import TYPO_LABEL
from tests.corpus import requires_shared


def _one(manifest: dict, kind: str) -> dict:
    found = [h for h in manifest["hazards"] if h["kind"] == kind]
    assert found, kind
    return found[0]


@pytest.mark.parametrize(
    "kind,status,marker", [("waf_412", 412, "$_ts"), ("waf_521", 521, "document.cookie")]
)
def test_walls_answer_the_same_with_or_without_cookies(manifest, fetch, kind, status, marker):
    url = _one(manifest, kind)["url"]
    for headers in ({}, {"Cookie": "__jsl_clearance_s=1; FSSBBIl1UgzbN7N80T=x"}):
        r = fetch(url, headers)
        assert r.status == status and marker in r.data.decode()
        assert "ETag" not in r.headers
    assert "__jsl_clearance" in fetch(_one(manifest, "waf_521")["url"]).data.decode()


def test_gbk_page_lies_about_its_charset(manifest, fetch):
    r = fetch(_one(manifest, "gbk_wrong_header")["url"])
    assert r.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"charset=gb2312" in r.data[:300]
    with pytest.raises(UnicodeDecodeError):
        r.data.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        r.data.decode("gb2312")  # holds characters outside GB2312
    assert "喆" in r.data.decode("gbk") or "堃" in r.data.decode("gbk")


def test_hijack_copy_is_traditional_with_its_own_domain(manifest, fetch):
    h = _one(manifest, "hijack_mirror")
    official = fetch(h["official"]).data.decode()
    assert h["url"] in official  # linked from one official page
    copy = fetch(h["url"]).data.decode()
    body = copy.split("<body>", 1)[1]
    assert "報" in body and "公開" in body and "公开" not in body
    assert "www.gz.gov.cn" not in copy and "156152.com" in copy
    host = next(x for x in manifest["hosts"] if x["host"] == "156152.com")
    assert host["official"] is False


def test_moved_column_old_path_404_new_path_serves(manifest, fetch):
    h = _one(manifest, "moved_column")
    assert fetch(h["old"]).status == 404
    assert fetch(h["new"]).status == 200
    district = fetch("http://siming.gov.cn/zfxxgkzl/qrmzf/ndbg/").data.decode()
    assert 'href="/gbmzl/kjhxxhj/"' in district


def test_doc_served_as_a_page_and_tiny_error_pdf(manifest, fetch):
    doc = fetch(_one(manifest, "doc_as_page")["url"])
    assert doc.headers["Content-Type"].startswith("text/html")
    assert doc.data[:4] == bytes.fromhex("D0CF11E0") and doc.status == 200
    tiny = _one(manifest, "tiny_error_pdf")
    err = fetch(tiny["url"])
    assert tiny["url"].endswith(".pdf") and err.status == 200 and len(err.data) < 1024
    assert not err.data.startswith(b"%PDF")
    assert tiny["url"].rsplit("/", 1)[1] in fetch(tiny["page"]).data.decode()


def test_attachment_only_report_is_a_pdf_with_a_table_across_pages(manifest, fetch):
    h = _one(manifest, "attachment_only")
    page = fetch(h["page"]).data.decode()
    assert "详见附件" in page and "<table" not in page.split("TRS_Editor", 1)[1]
    pdf = fetch(h["url"]).data
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        with_tables = [p for p in doc.pages if p.extract_tables()]
        assert len(with_tables) >= 2
        text = "".join(p.extract_text() for p in doc.pages)
    assert "收到和处理政府信息公开申请情况" in text
    assert "本年新收政府信息公开申请数量" in text


def test_robots_policies(manifest, fetch):
    policies = {h["host"]: h["robots"] for h in manifest["hosts"] if not h.get("dead")}
    assert policies["www.jimei.gov.cn"] == "missing"
    assert fetch("http://www.jimei.gov.cn/robots.txt").status == 404
    assert fetch("http://mzzjj.xm.gov.cn/robots.txt").data == b"User-agent: *\nDisallow: /\n"
    assert b"Disallow: /search/" in fetch("http://siming.gov.cn/robots.txt").data
    assert fetch("http://www.xmta.gov.cn/robots.txt").data == b"User-agent: *\nAllow: /\n"
    mzzjj = [s for s in manifest["sources"] if s["column_url"].startswith("http://mzzjj")]
    assert mzzjj and not any(s["configured"] for s in mzzjj)


def test_url_date_differs_and_pre2019_narratives(manifest, fetch):
    differs = [r for r in manifest["reports"] if "url_date_differs" in r["hazards"]]
    for r in differs:
        ymd = re.search(r"/t(\d{8})_", r["url"]).group(1)
        assert ymd[:4] != str(r["year"] + 1) or ymd[4:6] > "03"
    assert any(r["year"] >= 2019 for r in differs)
    narratives = [r for r in manifest["reports"] if "pre2019_narrative" in r["hazards"]]
    assert len(narratives) >= 5 and all(r["year"] < 2019 and r["template"] is None for r in narratives)
    r = narratives[0]
    text = re.sub(r"<[^>]+>", "", fetch(r["url"]).data.decode())
    truth = r["narrative"]
    assert f"主动公开政府信息{truth['proactive_published']}" in text
    assert f"历年累计{truth['proactive_cumulative']}" in text
    assert f"{r['year'] - 1}年全年主动公开政府信息" in text  # a figure for another year


def test_label_typo_is_printed(manifest, fetch):
    url = _one(manifest, "label_typo")["url"]
    text = re.sub(r"<[^>]+>", "", fetch(url).data.decode())
    assert TYPO_LABEL in text


@requires_shared
def test_real_bundled_reports_are_served_byte_for_byte(manifest, fetch):
    real = [r for r in manifest["reports"] if r.get("fixture")]
    assert {r["fixture"] for r in real} >= {
        "hongze-district-2023",
        "hongze-district-2024",
        "huaian-city-2024",
        "shuyang-drc-2023",
    }
    for r in real:
        name = "source.pdf" if r["form"] == "pdf" else "source.html"
        assert fetch(r["url"]).data == corpus.case_file(r["fixture"], name).read_bytes()
        assert r["values"] is None


def test_manifest_file_matches_the_handle(mirror):
    on_disk = json.loads((mirror.state_dir / "manifest.json").read_text(encoding="utf-8"))
    assert on_disk["seed"] == 0 and on_disk["scale"] == 1
    assert len(on_disk["reports"]) == len(mirror.manifest["reports"])
