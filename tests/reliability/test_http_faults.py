"""The HTTP client under every network fault: it never raises, names the fault, and retries
only where a retry can help — counted on the server side, where the site would see it."""

from __future__ import annotations

import re

import pytest

from extract.urls import AllowList

from .faults import NETWORK_FAULTS, NetworkFault
from .hostile_server import HostileServer, page, redirect, unavailable
from .netkit import POLICY, routed_client

HOST = "www.faults.gov.cn"
ALLOW = AllowList.of([HOST])
BODY = (
    "<html><head><meta charset='utf-8'><title>报告</title></head><body>"
    + "<p>政府信息公开工作年度报告</p>" * 800
    + "</body></html>"
).encode("utf-8")


@pytest.mark.parametrize("fault", NETWORK_FAULTS, ids=lambda f: f.name)
def test_each_network_fault_is_named_and_retried_only_where_it_helps(server, client, fault: NetworkFault):
    server.route(HOST, "/page.htm", *fault.behaviours(BODY))
    result = client.fetch(f"http://{HOST}/page.htm", ALLOW)
    assert result.outcome == fault.outcome, result.reason
    if fault.recovers:
        assert result.body == BODY
    else:
        assert result.body != BODY  # nothing partial passes for the page
        assert re.search(fault.reason, result.reason), result.reason
    assert len(server.hits_for(HOST, "/page.htm")) == fault.requests


def test_retry_after_is_waited_out_before_the_next_attempt(server, client):
    server.route(HOST, "/busy.htm", unavailable(503, "1"), page(BODY))
    result = client.fetch(f"http://{HOST}/busy.htm", ALLOW)
    first, second = server.hits_for(HOST, "/busy.htm")
    assert result.outcome == "ok"
    assert second.at - first.at >= 1.0 > POLICY.backoff


def test_retry_after_as_an_http_date_is_understood(server, client):
    server.route(HOST, "/date.htm", unavailable(503, "Wed, 21 Oct 2015 07:28:00 GMT"), page(BODY))
    result = client.fetch(f"http://{HOST}/date.htm", ALLOW)  # a date in the past: retry now
    assert result.outcome == "ok" and result.attempts == 2


def test_a_redirect_loop_ends_at_the_hop_limit_and_is_named(server, client):
    server.route(HOST, "/a", redirect(f"http://{HOST}/b"))
    server.route(HOST, "/b", redirect(f"http://{HOST}/a"))
    result = client.fetch(f"http://{HOST}/a", ALLOW)
    assert result.outcome == "error"
    assert "(a loop)" in result.reason and f"http://{HOST}/a -> http://{HOST}/b" in result.reason
    assert len(server.hits) == POLICY.max_redirects + 1


def test_a_chain_inside_the_limit_is_followed_and_a_longer_one_is_not(server, client):
    for n in range(1, 9):
        server.route(HOST, f"/hop{n}", redirect(f"/hop{n + 1}", status=301 if n % 2 else 307))
    server.route(HOST, "/hop9", page(BODY))
    short = client.fetch(f"http://{HOST}/hop5", ALLOW)  # 4 hops
    assert short.outcome == "ok" and short.final_url == f"http://{HOST}/hop9"
    assert len(short.redirects) == 4
    long = client.fetch(f"http://{HOST}/hop1", ALLOW)  # 8 hops
    assert long.outcome == "error" and f"more than {POLICY.max_redirects} redirects" in long.reason


def test_a_stale_pooled_connection_is_an_ordinary_retry():
    """A keep-alive connection the server dropped between two requests is reset on reuse."""
    server = HostileServer()
    try:
        client = routed_client(server)
        server.route(HOST, "/one", page(BODY))
        assert client.fetch(f"http://{HOST}/one", ALLOW).outcome == "ok"
        server.route(HOST, "/two", page(BODY))
        assert client.fetch(f"http://{HOST}/two", ALLOW).outcome == "ok"
    finally:
        server.stop()
