"""Route requests for real government hostnames to the local mirror, TLS checks intact.

With `OGI_MIRROR=http=127.0.0.1:P,https=127.0.0.1:Q` every request connects to P (http) or Q
(https) while the URL, the `Host` header, the TLS SNI and the certificate hostname check stay
those of the real host, verified against `OGI_CA_BUNDLE`. Doing it in a transport adapter
(not by patching sockets or DNS) keeps everything above it — redirects, allow-list, cookies,
logging — exactly as it is against the real sites.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from requests import PreparedRequest
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool


@dataclass(frozen=True)
class MirrorRoute:
    """Where the mirror listens: (address, port) per scheme."""

    http: tuple[str, int]
    https: tuple[str, int]
    ca_bundle: str | None = None

    @classmethod
    def parse(cls, spec: str, ca_bundle: str | None = None) -> MirrorRoute:
        """Parse `http=127.0.0.1:P,https=127.0.0.1:Q`; raise ValueError naming the bad part."""
        targets: dict[str, tuple[str, int]] = {}
        for part in filter(None, (p.strip() for p in spec.split(","))):
            scheme, _, addr = part.partition("=")
            host, _, port = addr.rpartition(":")
            if scheme not in ("http", "https") or not host or not port.isdigit():
                raise ValueError(f"OGI_MIRROR: cannot read {part!r} (want http=HOST:PORT,https=HOST:PORT)")
            targets[scheme] = (host, int(port))
        if set(targets) != {"http", "https"}:
            raise ValueError(f"OGI_MIRROR: {spec!r} must name both http= and https=")
        return cls(targets["http"], targets["https"], ca_bundle)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> MirrorRoute | None:
        env = dict(os.environ) if env is None else env
        spec = env.get("OGI_MIRROR", "").strip()
        return cls.parse(spec, env.get("OGI_CA_BUNDLE") or None) if spec else None


class MirrorAdapter(HTTPAdapter):
    """An adapter whose connection pools dial the mirror but speak as the real host."""

    def __init__(self, route: MirrorRoute, **kwargs: Any) -> None:
        self.route = route
        super().__init__(**kwargs)

    def get_connection_with_tls_context(
        self,
        request: PreparedRequest,
        verify: bool | str | None,
        proxies: dict[str, str] | None = None,
        cert: str | tuple[str, str] | None = None,
    ) -> HTTPConnectionPool:
        parts = urlsplit(request.url or "")
        real_host = (parts.hostname or "").lower()
        address, port = self.route.https if parts.scheme == "https" else self.route.http
        pool_kwargs: dict = {}
        if parts.scheme == "https":
            pool_kwargs["server_hostname"] = real_host
            pool_kwargs["assert_hostname"] = real_host
            if verify is False:
                pool_kwargs["cert_reqs"] = ssl.CERT_NONE
            else:
                pool_kwargs["cert_reqs"] = ssl.CERT_REQUIRED
                bundle = verify if isinstance(verify, str) else self.route.ca_bundle
                if bundle:
                    pool_kwargs["ca_certs"] = bundle
        return self.poolmanager.connection_from_host(
            address, port=port, scheme=parts.scheme, pool_kwargs=pool_kwargs
        )

    def add_headers(self, request: PreparedRequest, **kwargs: Any) -> None:
        """Keep the real `Host` (with its port, if the URL had a non-default one)."""
        parts = urlsplit(request.url or "")
        default = 443 if parts.scheme == "https" else 80
        host = parts.hostname or ""
        request.headers["Host"] = host if parts.port in (None, default) else f"{host}:{parts.port}"
