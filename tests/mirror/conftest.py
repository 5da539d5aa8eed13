"""One mirror per test session, plus a client that reaches it the way the crawler does:
connect to 127.0.0.1 but send the real Host header and TLS SNI, verifying the mirror's CA."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
import urllib3

from mirror.handle import MirrorHandle
from mirror.testing import running_mirror


@pytest.fixture(scope="session")
def mirror(tmp_path_factory) -> MirrorHandle:
    with running_mirror(tmp_path_factory.mktemp("mirror")) as m:
        yield m


def fetcher(m: MirrorHandle) -> Callable[..., urllib3.BaseHTTPResponse]:
    def fetch(
        url: str,
        headers: dict[str, str] | None = None,
        method: str = "GET",
        fields: dict[str, str] | None = None,
    ) -> urllib3.BaseHTTPResponse:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme == "https":
            pool = urllib3.HTTPSConnectionPool(
                "127.0.0.1",
                m.https_port,
                server_hostname=host,
                assert_hostname=host,
                ca_certs=str(m.ca_bundle),
                cert_reqs="CERT_REQUIRED",
                retries=False,
                timeout=10,
            )
        else:
            pool = urllib3.HTTPConnectionPool("127.0.0.1", m.http_port, retries=False, timeout=10)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        hdrs = {"Host": host, "User-Agent": "ogi-mirror-tests", **(headers or {})}
        if fields is not None:
            return pool.request_encode_body(
                method, target, fields=fields, headers=hdrs, encode_multipart=False, redirect=False
            )
        return pool.request(method, target, headers=hdrs, redirect=False)

    return fetch


@pytest.fixture(scope="session")
def fetch(mirror):
    return fetcher(mirror)


@pytest.fixture(scope="session")
def manifest(mirror) -> dict:
    return mirror.manifest
