"""Politeness measured where the site sees it: the server's own request log."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from extract.politeness import Politeness
from extract.urls import AllowList

from .kit import client_for

ALLOW = AllowList.of({"www.xmta.gov.cn", "xiangan.gov.cn"})


def max_starts_in_any_window(starts: list[float], window: float = 1.0) -> int:
    """Most request starts inside any half-open window [t, t + window), with 20 ms clock slack."""
    starts = sorted(starts)
    return max(sum(1 for s in starts if t <= s < t + window - 0.02) for t in starts)


def test_rate_per_host_is_never_exceeded_even_from_many_threads(site):
    client = client_for(site, politeness=Politeness(rate=5, concurrency=4))
    for i in range(12):
        site.page("www.xmta.gov.cn", f"/p{i}.htm", "x")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: client.fetch(f"http://www.xmta.gov.cn/p{i}.htm", ALLOW), range(12)))
    starts = [h.t_start for h in site.hits_for("www.xmta.gov.cn")]
    assert len(starts) == 12
    assert max_starts_in_any_window(starts) <= 5
    assert max(starts) - min(starts) >= 11 / 5 * 0.95  # 12 starts at 5/s need ~2.2 s


def test_concurrency_cap_per_host_holds_while_other_hosts_proceed(site):
    client = client_for(site, politeness=Politeness(rate=None, concurrency=2))
    for i in range(8):
        site.page("www.xmta.gov.cn", f"/slow{i}.htm", "x", delay=0.15)
        site.page("xiangan.gov.cn", f"/slow{i}.htm", "x", delay=0.15)
    urls = [f"http://{host}/slow{i}.htm" for i in range(8) for host in ("www.xmta.gov.cn", "xiangan.gov.cn")]
    with ThreadPoolExecutor(12) as pool:
        list(pool.map(lambda u: client.fetch(u, ALLOW), urls))
    assert site.max_in_flight("www.xmta.gov.cn") == 2
    assert site.max_in_flight("xiangan.gov.cn") == 2


def test_lifted_limits_let_requests_overlap(site):
    client = client_for(site, politeness=Politeness.lifted())
    for i in range(6):
        site.page("www.xmta.gov.cn", f"/s{i}.htm", "x", delay=0.2)
    with ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda i: client.fetch(f"http://www.xmta.gov.cn/s{i}.htm", ALLOW), range(6)))
    assert site.max_in_flight("www.xmta.gov.cn") >= 4
