"""Fixtures for crawler tests: small real servers (unit tests) and the local mirror (integration)."""

from __future__ import annotations

import pytest

from extract.archive import Archive
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.routing import MirrorRoute
from crawler_sitekit import Site

FAST = HttpPolicy(connect_timeout=2, read_timeout=5, retries=2, backoff=0.01)


@pytest.fixture
def site():
    server = Site()
    yield server
    server.stop()


def client_for(site: Site, policy: HttpPolicy = FAST, politeness: Politeness | None = None,
               https_port: int | None = None, ca_bundle: str | None = None) -> HttpClient:
    """A client whose every request is routed to `site` (the same routing the mirror uses)."""
    route = MirrorRoute(("127.0.0.1", site.port), ("127.0.0.1", https_port or site.port), ca_bundle)
    return HttpClient(policy, HostLimiter(politeness or Politeness.lifted()), route)


@pytest.fixture
def client(site):
    return client_for(site)


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path / "raw")
