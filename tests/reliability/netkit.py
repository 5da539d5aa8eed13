"""The crawler's HTTP client as the reliability tests use it: short limits, routed to a test server."""

from __future__ import annotations

from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.routing import MirrorRoute

from .hostile_server import HostileServer

# Short limits so a test that waits out a timeout waits a second, not a minute.
POLICY = HttpPolicy(
    connect_timeout=1.0,
    read_timeout=1.0,
    retries=2,
    backoff=0.05,
    max_body_bytes=2 * 1024 * 1024,
    max_redirects=5,
    max_seconds=2.0,
    max_retry_after=3.0,
)


def routed_client(server: HostileServer, policy: HttpPolicy = POLICY) -> HttpClient:
    """A client whose every connection goes to `server`, whatever host the URL names (the
    Host header stays the URL's): a `*.gov.cn` source is then a real non-local source."""
    route = MirrorRoute(("127.0.0.1", server.port), ("127.0.0.1", server.port))
    return HttpClient(policy, HostLimiter(Politeness.lifted()), route)
