"""The manifest describes what is served: agencies, years, identities, reachability."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from mirror import xiamen
from transform.codes import APPLICANTS, OUTCOMES

XIAMEN = ("siming", "huli", "haicang", "jimei", "xmta", "xiangan")
APPLICANT_COLS = [c.code for c in APPLICANTS if c.code != "total"]


def test_every_xiamen_district_has_a_dozen_agencies_over_2019_2025(manifest):
    per = Counter(s["key"].split("/")[0] for s in manifest["sources"])
    for district in XIAMEN:
        assert per[district] >= 12, district
    for s in manifest["sources"]:
        if s["key"].split("/")[0] in XIAMEN:
            covered = {y for y in s["years"] if y >= 2019} | set(s["missing_years"])
            assert covered == set(range(2019, 2026)), s["key"]
    keys = {s["key"] for s in manifest["sources"]}
    assert {
        "siming/szylj",
        "huli/fgj",
        "haicang/qzfb",
        "jimei/XM03125",
        "xmta/jyj",
        "xiangan/XM06104",
        "siming/qrmzf",
    } <= keys
    assert sum(1 for s in manifest["sources"] for _ in s["missing_years"]) > 0


def test_reports_match_sources_and_urls_are_unique(manifest):
    urls = [r["url"] for r in manifest["reports"]]
    assert len(urls) == len(set(urls))
    years = defaultdict(set)
    for r in manifest["reports"]:
        years[r["source"]].add(r["year"])
    for s in manifest["sources"]:
        assert years[s["key"]] == set(s["years"]), s["key"]
    assert 400 <= len(urls) <= 1000


def test_urls_listed_in_sites_md_are_served_exactly(manifest):
    urls = {r["url"] for r in manifest["reports"]}
    for d in xiamen.load_config():
        base = ("https://" if "https" in d["schemes"] else "http://") + d["host"]
        for col in d["columns"]:
            for stem in col.get("known", {}).values():
                assert f"{base}{col['path']}{stem}.htm" in urls


def _t3_ok(apps: dict) -> bool:
    n = lambda row, col: apps[row][col] or 0  # noqa: E731
    handled = [
        r for r in apps if r not in ("new_received", "carried_over", "total_processed", "carried_forward")
    ]
    for col in [*APPLICANT_COLS, "total"]:
        if n("new_received", col) + n("carried_over", col) != n("total_processed", col) + n(
            "carried_forward", col
        ):
            return False
        if sum(n(r, col) for r in handled) != n("total_processed", col):
            return False
    return all(sum(n(r, c) for c in APPLICANT_COLS) == n(r, "total") for r in apps)


def test_generated_numbers_satisfy_the_identities(manifest):
    generated = [r for r in manifest["reports"] if r["values"]]
    assert len(generated) > 400
    for r in generated:
        assert _t3_ok(r["values"]["applications"]), r["url"]
        for cells in r["values"]["review_litigation"].values():
            assert sum(cells[o.code] for o in OUTCOMES if o.code != "total") == cells["total"]
        assert r["template"] == ("2019" if r["year"] <= 2020 else "2021")
        has_single = "other" in r["values"]["applications"]
        assert has_single == (r["template"] == "2019" or "hybrid_template" in r["hazards"])
    tags = Counter(t for r in generated for t in r["hazards"])
    for tag in (
        "hybrid_template",
        "word_markup",
        "blank_cells",
        "label_typo",
        "title_notice",
        "title_year_first",
        "title_wenhao",
    ):
        assert tags[tag] >= 1, tag
    assert any(
        v is None for r in generated for row in r["values"]["applications"].values() for v in row.values()
    )


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"]+)"', html))


def test_every_trs_report_is_reachable_from_its_column_pages(manifest, fetch):
    """Walk each Xiamen column like a crawler: index.htm, then index_N.htm per createPageHTML."""
    by_source = defaultdict(set)
    for r in manifest["reports"]:
        by_source[r["source"]].add(r["attachment_of"] or r["url"])
    for s in manifest["sources"]:
        if s["family"] != "trs" or not s["configured"]:
            continue
        first = fetch(s["column_url"] + "index.htm").data.decode()
        total = int(re.search(r"createPageHTML\((\d+),", first).group(1))
        found = set()
        for i in range(total):
            page = first if i == 0 else fetch(s["column_url"] + f"index_{i}.htm").data.decode()
            assert f"createPageHTML({total}, {i}," in page
            found |= {s["column_url"] + h[2:] for h in _links(page) if h.startswith("./")}
        assert found == by_source[s["key"]], s["key"]


def test_every_report_answers_as_its_expected_outcome(manifest, fetch):
    magic = {"pdf": b"%PDF", "doc": bytes.fromhex("D0CF11E0"), "html": b"<"}
    for r in manifest["reports"]:
        if r["expected_outcome"] == "refused":
            continue
        resp = fetch(r["url"])
        if r["expected_outcome"] == "blocked":
            assert resp.status in (412, 521), r["url"]
            continue
        assert resp.status == 200, r["url"]
        assert resp.data.lstrip()[:4].startswith(magic[r["form"]]), r["url"]
        if r["form"] == "html" and r["values"]:
            body = resp.data.decode("gbk" if "gbk_wrong_header" in r["hazards"] else "utf-8")
            text = re.sub(r"<[^>]+>", "", body)
            assert "收到和处理政府信息公开申请情况" in text and "<table" in body, r["url"]
