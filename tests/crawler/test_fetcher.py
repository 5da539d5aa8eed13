"""Fetching through the archive: conditional GETs, unchanged detection, robots, refusals."""

from __future__ import annotations

from extract.archive import Archive
from extract.fetcher import ArchivingFetcher
from extract.urls import AllowList

ALLOW = AllowList.of({"siming.gov.cn"})
URL = "http://siming.gov.cn/zfxxgkzl/a.htm"


def test_second_fetch_is_conditional_and_reads_the_body_back_from_the_archive(site, client, archive):
    site.page("siming.gov.cn", "/zfxxgkzl/a.htm", "<p>report</p>")
    first = ArchivingFetcher(client, archive).get(URL, role="detail", allow=ALLOW, source="s")
    assert first.outcome == "ok" and first.change == "new"
    second = ArchivingFetcher(client, archive).get(URL, role="detail", allow=ALLOW, source="s")
    assert second.outcome == "not_modified" and second.body == b"<p>report</p>"
    page_hits = [h for h in site.hits if h.path == URL.split(".cn")[1]]
    assert page_hits[0].if_none_match is None and page_hits[1].if_none_match
    assert [h.status for h in page_hits] == [200, 304]
    log = [c for c in archive.captures() if c.role == "detail"]
    assert [c.outcome for c in log] == ["ok", "not_modified"]
    assert log[1].sha256 == "" and log[1].meta["previous_sha256"] == log[0].sha256


def test_same_bytes_without_validators_are_unchanged_and_new_bytes_are_changed(site, client, archive):
    route = site.page("siming.gov.cn", "/zfxxgkzl/a.htm", "<p>v1</p>", etag=False)
    fetcher = ArchivingFetcher(client, archive)
    assert fetcher.get(URL, role="detail", allow=ALLOW).change == "new"
    assert fetcher.get(URL, role="detail", allow=ALLOW).outcome == "unchanged"
    route.body = b"<p>v2</p>"
    changed = fetcher.get(URL, role="detail", allow=ALLOW)
    assert changed.outcome == "ok" and changed.change == "changed"
    assert archive.read(changed.sha256) == b"<p>v2</p>"


def test_every_body_is_archived_even_walls_and_404s(site, client, archive):
    site.page("siming.gov.cn", "/wall.htm", b"<script>var $_ts={}</script>", status=412, etag=False)
    fetcher = ArchivingFetcher(client, archive)
    wall = fetcher.get("http://siming.gov.cn/wall.htm", role="list", allow=ALLOW)
    gone = fetcher.get("http://siming.gov.cn/gone.htm", role="list", allow=ALLOW)
    assert (wall.outcome, gone.outcome) == ("blocked", "not_found")
    by_url = archive.latest_by_url()
    assert archive.read(by_url[wall.url].sha256).startswith(b"<script>")
    assert by_url[gone.url].status == 404 and archive.has(by_url[gone.url].sha256)


def test_refused_urls_are_logged_but_never_requested(site, client, archive):
    page = ArchivingFetcher(client, archive).get(
        "http://156152.com/x.html", role="detail", allow=ALLOW, source="s"
    )
    assert page.outcome == "refused"
    (capture,) = [c for c in archive.captures() if c.url == "http://156152.com/x.html"]
    assert capture.outcome == "refused" and capture.sha256 == ""
    assert site.hits == []


def test_robots_disallow_is_honoured_and_robots_is_fetched_once(site, client, archive):
    site.page(
        "siming.gov.cn", "/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    site.page("siming.gov.cn", "/private/a.htm", "secret")
    site.page("siming.gov.cn", "/public/a.htm", "fine")
    fetcher = ArchivingFetcher(client, archive)
    assert fetcher.get("http://siming.gov.cn/private/a.htm", role="detail", allow=ALLOW).outcome == "refused"
    assert fetcher.get("http://siming.gov.cn/public/a.htm", role="detail", allow=ALLOW).outcome == "ok"
    assert [h.path for h in site.hits] == ["/robots.txt", "/public/a.htm"]
    assert next(c.role for c in archive.captures()) == "robots"


def test_missing_robots_allows_all_but_a_5xx_robots_closes_the_origin(site, client, archive):
    site.page("siming.gov.cn", "/a.htm", "fine")
    site.page("www.siming.gov.cn", "/robots.txt", "x", fail_times=99)
    site.page("www.siming.gov.cn", "/a.htm", "fine")
    fetcher = ArchivingFetcher(client, Archive(archive.root))
    allow = AllowList.of({"siming.gov.cn", "www.siming.gov.cn"})
    assert fetcher.get("http://siming.gov.cn/a.htm", role="detail", allow=allow).outcome == "ok"
    closed = fetcher.get("http://www.siming.gov.cn/a.htm", role="detail", allow=allow)
    assert closed.outcome == "refused" and "unreachable" in closed.reason
    assert not [h for h in site.hits if h.host == "www.siming.gov.cn" and h.path == "/a.htm"]


def test_a_rejected_body_is_archived_and_not_downloaded_twice(site, client, archive):
    site.page("siming.gov.cn", "/P0.pdf", b"<html>error</html>")
    fetcher = ArchivingFetcher(client, archive)
    first = fetcher.get(
        "http://siming.gov.cn/P0.pdf", role="attachment", allow=ALLOW, validate=lambda p: "not a document"
    )
    assert first.outcome == "rejected" and archive.has(first.sha256)
    again = ArchivingFetcher(client, archive).get(
        "http://siming.gov.cn/P0.pdf", role="attachment", allow=ALLOW, validate=lambda p: "not a document"
    )
    assert again.outcome == "rejected"
    assert [h.status for h in site.hits if h.path == "/P0.pdf"] == [200, 304]
