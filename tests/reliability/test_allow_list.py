"""The allow-list holds through redirects and attachments, for every spelling of "this machine".

A source without `local = true` is a public government site: a redirect or an attachment
link to loopback (127.0.0.1 in all its spellings), a private range or link-local (the cloud
metadata address) must be refused before any byte leaves, and the server must never see the
request. The client here connects every host to the test server, so a request that slipped
through would show up in the server's log under its Host header.
"""

from __future__ import annotations

import re

import pytest
import urllib3

from extract.urls import AllowList, resolve

from .govsite import HOST, DataDir, GovSite, attachment_url, report_url
from .hostile_server import page, redirect
from .netkit import routed_client

ALLOW = AllowList.of([HOST])
LOCAL_TARGETS = (
    "http://127.0.0.1/x",
    "http://127.1/x",
    "http://0x7f000001/x",
    "http://2130706433/x",
    "http://0177.0.0.1/x",
    "http://017700000001/x",
    "http://127.000.000.001/x",
    "http://[::1]/x",
    "http://[::ffff:127.0.0.1]/x",
    "http://[0:0:0:0:0:0:0:1]/x",
    "http://localhost/x",
    "http://LOCALHOST./x",
    "http://a.localhost/x",
    "http://0.0.0.0/x",
    "http://0/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/x",
    "http://[fe80::1%25eth0]/x",
    "http://10.0.0.1/x",
    "http://192.168.1.1/x",
    "http://[fd00::1]/x",
    "https://127.0.0.1:8443/x",
)
TRICKS = (  # parser confusions: the host a check sees must be the host a request dials
    f"http://{HOST}@127.0.0.1/x",
    f"http://{HOST}:80@127.0.0.1/x",
    f"http://127.0.0.1#@{HOST}/x",
    f"http://127.0.0.1?@{HOST}/x",
    f"http://{HOST}\\@127.0.0.1/x",
    f"http://127.0.0.1\\{HOST}/x",
    f"http://user:secret@{HOST}/x",
    f"http://{HOST}%00.127.0.0.1/x",
    f"http://{HOST}./x",
    f"http://{HOST.upper()}/x",
    f"HTTP://{HOST}/x",
    f"http:/{HOST}/x",
    f"http:\\\\{HOST}/x",
)


@pytest.mark.parametrize("target", LOCAL_TARGETS)
def test_a_redirect_to_this_machine_is_refused_unrequested(server, client, ledger, target):
    server.route(HOST, "/go.htm", redirect(target))
    result = client.fetch(f"http://{HOST}/go.htm", ALLOW)
    assert result.outcome == "refused", result.reason
    assert f"redirect to {target}" in result.reason
    assert [(h.host, h.path) for h in server.hits] == [(HOST, "/go.htm")]
    ledger.record(
        f"redirect to {target.split('/')[2]}",
        "redirect",
        outcome=f"refused: {result.reason.split(': ', 1)[1]}",
    )


def test_a_chain_that_leaves_the_allow_list_midway_stops_there(server, client):
    server.route(HOST, "/a", redirect(f"http://{HOST}/b", 301))
    server.route(HOST, "/b", redirect("http://www.hijack.com/b", 302))
    server.route("www.hijack.com", "/b", redirect(f"http://{HOST}/c"))
    result = client.fetch(f"http://{HOST}/a", ALLOW)
    assert result.outcome == "refused" and "www.hijack.com" in result.reason
    assert [h.host for h in server.hits] == [HOST, HOST]


@pytest.mark.parametrize("url", TRICKS)
def test_the_checked_host_is_the_dialled_host(url):
    """Wherever the allow-list lets a URL through, urllib3 must dial that very host."""
    if ALLOW.check(url) is None:
        assert (urllib3.util.parse_url(url).host or "").lower().rstrip(".") == HOST, url


@pytest.mark.parametrize("url", TRICKS)
def test_a_link_resolved_from_a_page_keeps_the_same_verdict(url):
    absolute = resolve(f"http://{HOST}/zfxxgk/", url)
    if absolute is not None and ALLOW.check(absolute) is None:
        assert (urllib3.util.parse_url(absolute).host or "").lower() == HOST, absolute


def test_credentials_in_a_url_are_refused_and_never_sent(server, client):
    result = client.fetch(f"http://user:secret@{HOST}/x", ALLOW)
    assert result.outcome == "refused" and "credentials" in result.reason
    assert server.hits == []


def test_a_local_source_may_reach_only_the_local_hosts_it_lists(server):
    local = AllowList.of(["127.0.0.1"], allow_local=True)
    client = routed_client(server)
    server.route("127.0.0.1", "/ok", page("<p>ok</p>"))
    for target in ("http://127.1/x", "http://localhost/x", "http://[::1]/x", "http://169.254.169.254/x"):
        server.route("127.0.0.1", "/go", redirect(target))
        assert client.fetch("http://127.0.0.1/go", local).outcome == "refused", target
    assert client.fetch("http://127.0.0.1/ok", local).outcome == "ok"
    assert {h.host for h in server.hits} == {"127.0.0.1"}


def test_attachments_off_the_allow_list_are_refused_in_a_real_crawl(server, tmp_path, ledger):
    site = GovSite(server, years=(2021,))
    hostile = [
        *(u.replace("/x", "/nb2021.pdf") for u in LOCAL_TARGETS[:6]),
        "http://169.254.169.254/report.pdf",
        "http://www.hijack.com/P020220110.pdf",
        f"http://user:pw@{HOST}/P0.pdf",
    ]
    links = "".join(f'<a href="{u}">{2021}年报告附件{i}.pdf</a>' for i, u in enumerate(hostile))
    good = site.page_bytes(2021).replace(b"</div></body>", links.encode() + b"</div></body>")
    site.publish(2021, page_behaviours=[page(good)])
    data = DataDir(tmp_path / "data")
    result = data.crawl(routed_client(server))
    captures = {c.url: c for c in data.archive.captures()}
    refused = [u for u in captures if captures[u].outcome == "refused"]
    assert len(refused) == len(hostile), sorted(set(captures) - set(refused))
    assert {h.host for h in server.hits} == {HOST}
    assert report_url(2021) in {r.url for r in result.reports}
    assert all(re.search(r"local|allow-list|credentials", captures[u].reason) for u in refused)
    ledger.record(
        "attachment links to local, link-local, foreign and credentialed URLs",
        "redirect",
        injected=len(hostile),
        outcome="each logged as refused, never requested; the report still crawled",
    )


def test_an_attachment_that_redirects_off_the_allow_list_is_refused(server, tmp_path):
    site = GovSite(server, years=(2022,), pdf_years=(2022,))
    site.publish(2022, pdf_behaviours=[redirect("http://169.254.169.254/latest/user-data")])
    data = DataDir(tmp_path / "data")
    data.crawl(routed_client(server))
    capture = [c for c in data.archive.captures() if c.url == attachment_url(2022)][-1]
    assert capture.outcome == "refused" and "169.254.169.254" in capture.reason
    assert capture.sha256 == "" and {h.host for h in server.hits} == {HOST}
