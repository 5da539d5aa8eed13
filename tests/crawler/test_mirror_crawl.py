"""Integration: crawl the local mirror with the real registry and check it against the mirror's
own manifest and server-side request log (nothing here is mocked)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from types import SimpleNamespace

import pytest

from extract.archive import Archive
from extract.crawl import crawl
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.registry import adhoc_source, load_registry
from extract.routing import MirrorRoute

EXTRA_REGISTRY = Path(__file__).parent / "registry_extra"
BODY_ROLES = ("detail", "attachment")


def mirror_client(mirror, politeness: Politeness | None = None) -> HttpClient:
    policy = HttpPolicy(connect_timeout=3, read_timeout=10, retries=1, backoff=0.05)
    return HttpClient(
        policy, HostLimiter(politeness or Politeness.lifted()), MirrorRoute.from_env(mirror.env())
    )


def captures_since(archive: Archive, start: int) -> list:
    return list(archive.captures())[start:]


@pytest.fixture(scope="session")
def xiamen(mirror, registry, tmp_path_factory):
    """Three crawls of the six districts: first, unchanged re-crawl, after one report changed."""
    archive = Archive(tmp_path_factory.mktemp("xiamen-archive"))
    client = mirror_client(mirror)
    runs = []
    changed_url = next(
        r["url"] for r in mirror.manifest["reports"] if r["source"] == "siming/szylj" and r["year"] == 2023
    )
    for step in ("first", "again", "changed"):
        if step == "changed":
            mirror.change_report(changed_url)
        mirror.reset_log()
        start = sum(1 for _ in archive.captures())
        summary = crawl([], archive, client, districts=registry.districts, registry_politeness=False)
        runs.append(
            SimpleNamespace(
                summary=summary, requests=mirror.requests, captures=captures_since(archive, start)
            )
        )
    districts = {d.key for d in registry.districts}
    reports = [r for r in mirror.manifest["reports"] if r["source"].split("/")[0] in districts]
    return SimpleNamespace(
        first=runs[0],
        again=runs[1],
        changed=runs[2],
        archive=archive,
        reports=reports,
        changed_url=changed_url,
    )


def test_every_report_the_mirror_serves_is_found(xiamen):
    expected = {r["url"] for r in xiamen.reports if r["expected_outcome"] in ("ok", "unsupported")}
    found = {ref.url for ref in xiamen.first.summary.reports}
    assert expected - found == set()
    assert found - expected == set()
    assert len(found) == len(expected) > 400


def test_found_years_agree_with_the_manifest_and_gaps_are_reported(xiamen, mirror):
    blocked_years = defaultdict(set)
    for r in xiamen.reports:
        if r["expected_outcome"] == "blocked":
            blocked_years[r["source"]].add(r["year"])
    results = {res.key: res for res in xiamen.first.summary.results}
    sources = [s for s in mirror.manifest["sources"] if s["key"] in results]
    assert len(sources) == len(results)
    for source in sources:
        result = results[source["key"]]
        assert result.years_found == set(source["years"]) - blocked_years[source["key"]]
        expected_missing = set(source["missing_years"]) | blocked_years[source["key"]]
        assert set(result.missing_years) == expected_missing & set(result.expected_years)
        assert not result.errors, (source["key"], result.errors)


def test_no_request_ever_leaves_the_allow_list(xiamen, registry):
    allowed = set().union(*(d.allow.hosts for d in registry.districts))
    for run in (xiamen.first, xiamen.again, xiamen.changed):
        hosts = {req.host for req in run.requests}
        assert hosts <= allowed, hosts - allowed
    assert not any(req.host == "iqb.jimei.gov.cn" for req in xiamen.first.requests)


def test_every_hazard_is_recorded_as_what_it_is(xiamen, mirror):
    by_url = {}
    for cap in xiamen.first.captures:
        by_url.setdefault(cap.url, cap)
    for report in xiamen.reports:
        if report["expected_outcome"] == "blocked":
            assert by_url[report["url"]].outcome == "blocked"
    hazards = mirror.manifest["hazards"]
    for hazard in hazards:
        kind = hazard["kind"]
        if kind == "tiny_error_pdf":
            cap = by_url[hazard["url"]]
            assert cap.outcome == "rejected" and cap.sha256 and cap.role == "attachment"
        elif kind == "moved_column" and hazard["old"].startswith("http://siming.gov.cn"):
            old = [c for c in xiamen.first.captures if c.url.endswith("/gbmzl/kjhxxhj/")]
            assert old and old[0].outcome == "not_found"
            assert any(c.url.startswith(hazard["new"]) and c.outcome == "ok" for c in xiamen.first.captures)
        elif kind == "gbk_wrong_header":
            cap = by_url[hazard["url"]]
            assert cap.outcome == "ok" and "集美区" in cap.meta["title"]
        elif kind in ("pdf_attachment", "attachment_only") and hazard["url"] in by_url:
            cap = by_url[hazard["url"]]
            assert (cap.role, cap.outcome, cap.meta["kind"]) == ("attachment", "ok", "pdf")
            assert cap.meta["attachment_of"] == hazard["page"]
        elif kind == "doc_as_page":
            assert by_url[hazard["url"]].meta["kind"] == "ole"
    notes = xiamen.first.summary.notes()
    assert any("kjhxxhj" in n and "gone" in n for n in notes)


def test_detail_captures_carry_their_metadata(xiamen):
    details = [c for c in xiamen.first.captures if c.role == "detail" and c.outcome == "ok"]
    assert details and all(c.source and c.meta.get("title") for c in details)
    jimei = [c for c in details if c.source.startswith("jimei/")]
    assert sum("index_no" in c.meta for c in jimei) >= len(jimei) * 0.9
    assert all(c.meta.get("year") for c in details if c.meta.get("is_report"))


def test_discovered_columns_are_reconciled_with_the_registry(xiamen, mirror, registry):
    declared = {s.key for s in registry.sources()}
    discover = {d.key for d in registry.districts if d.discovery is not None}
    served = {s["key"] for s in mirror.manifest["sources"] if s["key"].split("/")[0] in discover}
    assert set(xiamen.first.summary.discovered_not_declared) == served - declared
    assert xiamen.first.summary.declared_not_discovered == []


def test_an_unchanged_recrawl_downloads_no_body_twice_and_reparses_nothing(xiamen):
    first_ok = {(r.host, r.path, r.query) for r in xiamen.first.requests if r.status == 200}
    downloaded_again = [
        r
        for r in xiamen.again.requests
        if r.status == 200
        and r.bytes_sent
        and (r.host, r.path, r.query) in first_ok
        and r.path != "/robots.txt"
    ]
    assert downloaded_again == []
    assert sum(r.status == 304 for r in xiamen.again.requests) > 400
    fresh = [c for c in xiamen.again.captures if c.role in BODY_ROLES and c.outcome == "ok"]
    assert fresh == []
    assert len(xiamen.again.summary.reports) == len(xiamen.first.summary.reports)


def test_a_changed_report_is_picked_up_and_nothing_else(xiamen):
    fresh = [c for c in xiamen.changed.captures if c.role in BODY_ROLES and c.outcome == "ok"]
    assert [(c.url, c.meta["change"]) for c in fresh] == [(xiamen.changed_url, "changed")]
    before = next(c for c in xiamen.first.captures if c.url == xiamen.changed_url)
    assert xiamen.archive.read(fresh[0].sha256) != xiamen.archive.read(before.sha256)


def test_other_cms_families_from_registry_files(mirror, tmp_path):
    extra = load_registry(EXTRA_REGISTRY)
    mirror.reset_log()
    archive = Archive(tmp_path)
    summary = crawl(extra.sources(), archive, mirror_client(mirror), registry_politeness=False)
    districts = {d.key for d in extra.districts}
    expected = {
        r["url"]
        for r in mirror.manifest["reports"]
        if r["source"].split("/")[0] in districts and r["expected_outcome"] == "ok"
    }
    found = {ref.url for ref in summary.reports}
    assert expected - found == set()
    assert not [r.errors for r in summary.results if r.errors]
    hijacks = [h for h in mirror.manifest["hazards"] if h["kind"] == "hijack_mirror"]
    assert hijacks
    refused = {c.url: c for c in archive.captures() if c.outcome == "refused"}
    for hijack in hijacks:
        assert "allow-list" in refused[hijack["url"]].reason
        assert refused[hijack["url"]].parent_url == hijack["linked_from"]
    allowed = set().union(*(d.allow.hosts for d in extra.districts))
    assert {r.host for r in mirror.requests} <= allowed


def test_generic_fallback_finds_reports_on_unconfigured_sites(mirror, tmp_path):
    sites = mirror.manifest["unconfigured_sites"]
    assert sites
    for site in sites:
        summary = crawl(
            [adhoc_source(site["root_url"])],
            Archive(tmp_path / "g"),
            mirror_client(mirror),
            registry_politeness=False,
        )
        found = {ref.url for ref in summary.reports}
        assert set(site["reports"]) - found == set(), site["root_url"]


def test_robots_disallow_is_refused_without_touching_the_pages(mirror, tmp_path):
    robots_hosts = [h["host"] for h in mirror.manifest["hazards"] if h["kind"] == "robots_disallow"]
    for host in robots_hosts:
        mirror.reset_log()
        summary = crawl(
            [adhoc_source(f"http://{host}/")],
            Archive(tmp_path / host),
            mirror_client(mirror),
            registry_politeness=False,
        )
        assert {r.path for r in mirror.requests} == {"/robots.txt"}
        (result,) = summary.results
        assert result.errors and result.problems[0].outcome == "refused"


def test_http_to_https_redirect_is_followed_inside_the_allow_list(mirror, tmp_path):
    hazard = next(h for h in mirror.manifest["hazards"] if h["kind"] == "redirect_http_to_https")
    summary = crawl(
        [adhoc_source(hazard["url"])], Archive(tmp_path), mirror_client(mirror), registry_politeness=False
    )
    assert summary.reports and all(r.url.startswith("https://") for r in summary.reports)


def test_politeness_holds_on_the_server_side(mirror, registry, tmp_path):
    sources = [s for s in registry.sources() if s.district == "xiangan"][:4]
    polite = Politeness(rate=10, concurrency=2)
    client = mirror_client(mirror, polite)
    mirror.reset_log()
    crawl(sources, Archive(tmp_path), client, workers=4, registry_politeness=False)
    starts = sorted(r.t_start for r in mirror.requests if r.host == "xiangan.gov.cn")
    assert len(starts) > 20
    worst = max(sum(1 for s in starts if t <= s < t + 0.98) for t in starts)
    assert worst <= 10
    assert mirror.max_in_flight("xiangan.gov.cn") <= 2
