"""A tiny real HTTP(S) server for crawler unit tests: virtual hosts, a request log, in-flight.

Each test declares the pages it needs (`site.page(host, path, body, ...)`); the server answers
by `Host` header and path, honours ETag conditional GETs, and records every request on the
server side (start/end time, host, path, status, conditional headers), so politeness and
"no body twice" are measured where the site would see them.
"""

from __future__ import annotations

import hashlib
import ssl
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.routing import MirrorRoute

FAST = HttpPolicy(connect_timeout=2, read_timeout=5, retries=2, backoff=0.01)


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: bool = True
    delay: float = 0.0
    fail_times: int = 0  # answer 503 this many times first


@dataclass
class Hit:
    t_start: float
    t_end: float
    host: str
    path: str
    status: int
    if_none_match: str | None
    user_agent: str


class Site:
    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.routes: dict[tuple[str, str], Route] = {}
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = defaultdict(int)
        self._max_in_flight: dict[str, int] = defaultdict(int)
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def page(self, host: str, path: str, body: str | bytes, **kwargs) -> Route:
        data = body.encode("utf-8") if isinstance(body, str) else body
        route = Route(data, **kwargs)
        self.routes[(host, path)] = route
        return route

    @property
    def hits(self) -> list[Hit]:
        """The request log, once in-flight handlers have logged (the client may be faster)."""
        deadline = time.monotonic() + 2.0
        while any(self._in_flight.values()) and time.monotonic() < deadline:
            time.sleep(0.005)
        with self._lock:
            return list(self._hits)

    def max_in_flight(self, host: str) -> int:
        return self._max_in_flight[host]

    def hits_for(self, host: str) -> list[Hit]:
        return [h for h in self.hits if h.host == host]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_GET(self):
                start = time.monotonic()
                host = (self.headers.get("Host") or "").split(":")[0]
                path = self.path
                with site._lock:
                    site._in_flight[host] += 1
                    site._max_in_flight[host] = max(site._max_in_flight[host], site._in_flight[host])
                try:
                    status = self._answer(host, path)
                finally:
                    with site._lock:
                        site._in_flight[host] -= 1
                        site._hits.append(
                            Hit(
                                start,
                                time.monotonic(),
                                host,
                                path,
                                status,
                                self.headers.get("If-None-Match"),
                                self.headers.get("User-Agent", ""),
                            )
                        )

            def _answer(self, host: str, path: str) -> int:
                route = site.routes.get((host, path))
                if route is None:
                    return self._send(404, b"<html>404 not found</html>", "text/html", {})
                if route.delay:
                    time.sleep(route.delay)
                if route.fail_times > 0:
                    route.fail_times -= 1
                    return self._send(503, b"busy", "text/plain", {})
                headers = dict(route.headers)
                if route.etag and route.status == 200:
                    tag = '"' + hashlib.sha256(route.body).hexdigest()[:16] + '"'
                    headers["ETag"] = tag
                    if self.headers.get("If-None-Match") == tag:
                        return self._send(304, b"", route.content_type, headers)
                return self._send(route.status, route.body, route.content_type, headers)

            def _send(self, status: int, body: bytes, ctype: str, headers: dict) -> int:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if status != 304:
                    self.wfile.write(body)
                return status

        return Handler


def trs_list(items: list[tuple[str, str]], total: int = 1, current: int = 0) -> str:
    """A TRS column list page: `<li><a href=./YYYYMM/t…htm title=…>` plus createPageHTML."""
    lis = "".join(f'<li><a href="{href}" title="{title}">{title[:12]}…</a></li>' for href, title in items)
    return (
        f"<html><head><meta charset='utf-8'><title>年度报告</title></head><body>"
        f"<ul class='list'>{lis}</ul>"
        f'<script>createPageHTML({total}, {current}, "index", "htm");</script>'
        f"</body></html>"
    )


def trs_detail(title: str, body: str = "", extra: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='ArticleTitle' content='{title}'><meta name='PubDate' "
        f"content='2020-01-07 10:00'></head><body><h1>{title}</h1>"
        f"<div class='info'>索 引 号:XM01100-05-00-2020-001 发布机构:思明区厦港街道办事处 "
        f"文号:厦思港政〔2020〕1号 日期:2020-01-07 10:00:00</div>"
        f"<div class='TRS_Editor'><p>{body or '一、总体情况。本年度……' * 40}</p>{extra}</div>"
        f"</body></html>"
    )


def client_for(
    site: Site,
    policy: HttpPolicy = FAST,
    politeness: Politeness | None = None,
    https_port: int | None = None,
    ca_bundle: str | None = None,
) -> HttpClient:
    """A client whose every request is routed to `site` (the same routing the mirror uses)."""
    route = MirrorRoute(("127.0.0.1", site.port), ("127.0.0.1", https_port or site.port), ca_bundle)
    return HttpClient(policy, HostLimiter(politeness or Politeness.lifted()), route)
