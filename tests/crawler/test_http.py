"""The HTTP client against a real local server: routing, retries, walls, redirects, caps, TLS."""

from __future__ import annotations

import logging
import ssl

import pytest
import trustme

from extract.http import USER_AGENT, HttpPolicy
from extract.routing import MirrorRoute
from extract.urls import AllowList

from .kit import FAST, Site, client_for

SIMING = AllowList.of({"siming.gov.cn", "www.siming.gov.cn"})


def test_requests_keep_the_real_host_and_identify_the_crawler(site, client):
    site.page("siming.gov.cn", "/a.htm", "<p>hello</p>")
    result = client.fetch("http://siming.gov.cn/a.htm", SIMING)
    assert result.outcome == "ok" and result.body == b"<p>hello</p>"
    (hit,) = site.hits
    assert hit.host == "siming.gov.cn" and hit.path == "/a.htm"
    assert hit.user_agent == USER_AGENT and "OGI-Warehouse" in hit.user_agent


def test_5xx_is_retried_with_backoff_then_succeeds(site, client):
    site.page("siming.gov.cn", "/flaky.htm", "ok", fail_times=2)
    result = client.fetch("http://siming.gov.cn/flaky.htm", SIMING)
    assert result.outcome == "ok" and result.attempts == 3
    assert [h.status for h in site.hits] == [503, 503, 200]


def test_5xx_that_never_recovers_is_an_error_after_the_retry_budget(site, client):
    site.page("siming.gov.cn", "/down.htm", "x", fail_times=99)
    result = client.fetch("http://siming.gov.cn/down.htm", SIMING)
    assert result.outcome == "error" and "503" in result.reason
    assert len(site.hits) == FAST.retries + 1


@pytest.mark.parametrize(
    "status,body,why",
    [
        (412, b"<html><script>var $_ts=window['$_ts'];</script></html>", "412"),
        (521, b"<script>document.cookie='__jsl_clearance=1'</script>", "521"),
        (
            200,
            b"<html><script>document.cookie='acw_sc__v2=abc';location.reload()</script></html>",
            "acw_sc__v2",
        ),
    ],
)
def test_walls_are_blocked_without_any_retry(site, client, status, body, why):
    site.page("siming.gov.cn", "/wall.htm", body, status=status, etag=False)
    result = client.fetch("http://siming.gov.cn/wall.htm", SIMING)
    assert result.outcome == "blocked" and why in result.reason
    assert len(site.hits) == 1


def test_404_is_not_found_and_not_retried(site, client):
    result = client.fetch("http://siming.gov.cn/missing.htm", SIMING)
    assert result.outcome == "not_found" and len(site.hits) == 1


def test_redirect_inside_the_allow_list_is_followed(site, client):
    site.page(
        "siming.gov.cn",
        "/old.htm",
        "",
        status=301,
        headers={"Location": "http://www.siming.gov.cn/new.htm"},
        etag=False,
    )
    site.page("www.siming.gov.cn", "/new.htm", "new home")
    result = client.fetch("http://siming.gov.cn/old.htm", SIMING)
    assert result.outcome == "ok" and result.body == b"new home"
    assert result.redirects == ["http://www.siming.gov.cn/new.htm"]


def test_redirect_to_a_foreign_host_is_refused_before_it_is_requested(site, client):
    site.page(
        "siming.gov.cn",
        "/hijacked.htm",
        "",
        status=302,
        headers={"Location": "http://156152.com/zfxxgkzl/x.htm"},
        etag=False,
    )
    site.page("156152.com", "/zfxxgkzl/x.htm", "報告")
    result = client.fetch("http://siming.gov.cn/hijacked.htm", SIMING)
    assert result.outcome == "refused" and "156152.com" in result.reason
    assert not site.hits_for("156152.com")


def test_redirect_loops_stop_at_the_limit(site):
    client = client_for(site, HttpPolicy(retries=0, max_redirects=3))
    site.page("siming.gov.cn", "/loop.htm", "", status=302, headers={"Location": "/loop.htm"}, etag=False)
    result = client.fetch("http://siming.gov.cn/loop.htm", SIMING)
    assert result.outcome == "error" and "redirects" in result.reason
    assert len(site.hits) == 4


def test_off_list_and_local_addresses_are_refused_without_a_request(site, client):
    for url in (
        "http://example.com/x",
        "http://127.0.0.1/x",
        "http://10.1.2.3/x",
        "http://169.254.1.1/x",
        "http://localhost/x",
        "ftp://siming.gov.cn/x",
    ):
        assert client.fetch(url, SIMING).outcome == "refused", url
    assert site.hits == []


def test_a_body_over_the_cap_is_dropped(site):
    client = client_for(site, HttpPolicy(retries=0, max_body_bytes=1000))
    site.page("siming.gov.cn", "/big.pdf", b"%PDF" + b"x" * 5000)
    result = client.fetch("http://siming.gov.cn/big.pdf", SIMING)
    assert result.outcome == "error" and result.body is None and "1000" in result.reason


def test_a_dead_host_is_an_error_after_retries(site):
    client = client_for(site, HttpPolicy(retries=1, backoff=0.01, connect_timeout=0.5))
    dead = MirrorRoute(("127.0.0.1", 1), ("127.0.0.1", 1))
    client.mirror = dead
    result = client.fetch("http://siming.gov.cn/x.htm", SIMING)
    assert result.outcome == "error" and result.attempts == 2


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    ca = trustme.CA()
    cert = ca.issue_cert("www.haicang.gov.cn")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(context)
    server = Site(tls_context=context)
    bundle = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    server.page("www.haicang.gov.cn", "/xx/a.htm", "secure")
    server.page("evil.haicang.gov.cn", "/xx/a.htm", "wrong certificate")
    yield server, str(bundle)
    server.stop()


def test_https_is_verified_against_the_real_hostname(site, tls_site):
    server, bundle = tls_site
    client = client_for(site, https_port=server.port, ca_bundle=bundle)
    allow = AllowList.of({"www.haicang.gov.cn", "evil.haicang.gov.cn"})
    assert client.fetch("https://www.haicang.gov.cn/xx/a.htm", allow).body == b"secure"
    wrong = client.fetch("https://evil.haicang.gov.cn/xx/a.htm", allow)
    assert wrong.outcome == "error" and "TLS" in wrong.reason


def test_tls_opt_out_is_per_source_and_logged(site, tls_site, caplog):
    server, _ = tls_site
    client = client_for(site, https_port=server.port, ca_bundle=None)
    allow = AllowList.of({"evil.haicang.gov.cn"})
    with caplog.at_level(logging.WARNING, logger="extract.http"):
        insecure = client.fetch(
            "https://evil.haicang.gov.cn/xx/a.htm", allow, verify_tls=False, source="haicang/gwh"
        )
    assert insecure.body == b"wrong certificate"
    assert "TLS verification OFF for source haicang/gwh" in caplog.text
    assert client.fetch("https://evil.haicang.gov.cn/xx/a.htm", allow).outcome == "error"
