"""The mirror's HTTP and HTTPS listeners: one socket each, virtual hosts chosen by `Host`.

A real client reaches the mirror through `OGI_MIRROR` routing, so requests arrive with the
real host name in `Host` (and in TLS SNI). Unknown or dead hosts get their connection closed
with no answer, as an unreachable host would; http-only hosts refuse the TLS handshake.
Every request is logged server-side (timing, conditional headers, cookies, bytes sent) and the
number in flight per Host is tracked, so tests can measure politeness and "no body twice"
from the server's point of view, not the crawler's.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn
from typing import TYPE_CHECKING
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from . import hazards
from .model import Reply, Resource, VirtualHost
from .site import MirrorSite

if TYPE_CHECKING:
    import trustme


@dataclass(frozen=True)
class RequestRecord:
    t_start: float
    t_end: float
    method: str
    scheme: str
    host: str
    path: str
    query: str
    status: int  # 0 = connection closed without an answer
    bytes_sent: int
    if_none_match: str | None
    if_modified_since: str | None
    user_agent: str | None
    cookies_sent: bool


class RequestLog:
    """Thread-safe request records plus current and peak in-flight counts per Host."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self.records: list[RequestRecord] = []
        self._in_flight: dict[str, int] = {}
        self.peak: dict[str, int] = {}

    def enter(self, host: str) -> None:
        with self._lock:
            n = self._in_flight.get(host, 0) + 1
            self._in_flight[host] = n
            self.peak[host] = max(self.peak.get(host, 0), n)

    def leave(self, host: str, record: RequestRecord) -> None:
        with self._lock:
            self._in_flight[host] -= 1
            self.records.append(record)
            self._lock.notify_all()

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self.records.append(record)

    def settled(self, timeout: float = 2.0) -> list[RequestRecord]:
        """The records once no request is mid-answer: a client may read the last byte of a
        response a moment before the server thread logs it."""
        with self._lock:
            self._lock.wait_for(lambda: not any(self._in_flight.values()), timeout)
            return list(self.records)

    def reset(self) -> None:
        with self._lock:
            self.records = []
            self.peak = {h: n for h, n in self._in_flight.items() if n}


def http_date(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _not_modified(res: Resource, etag: str, inm: str | None, ims: str | None) -> bool:
    if inm is not None:
        tags = {t.strip() for t in inm.split(",")}
        return "*" in tags or etag in tags or f"W/{etag}" in tags
    if ims:
        try:
            return res.modified.replace(microsecond=0) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 20
    server: MirrorHTTPServer

    def version_string(self) -> str:
        return "nginx"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        self._handle("GET")

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        t0 = time.time()
        host = (self.headers.get("Host") or "").split(":", 1)[0].strip().lower()
        parts = urlsplit(self.path)
        site: MirrorSite = self.server.site
        vhost = site.lookup(host)
        self.server.log.enter(host)
        status, sent = 0, 0
        try:
            reply = self._route(vhost, method, parts) if vhost else None
            if reply is None:
                self.close_connection = True  # unreachable: no answer at all
            else:
                status, sent = reply.status, self._send(reply, method)
        finally:
            self.server.log.leave(
                host,
                RequestRecord(
                    t0,
                    time.time(),
                    method,
                    self.server.scheme,
                    host,
                    unquote(parts.path),
                    parts.query,
                    status,
                    sent,
                    self.headers.get("If-None-Match"),
                    self.headers.get("If-Modified-Since"),
                    self.headers.get("User-Agent"),
                    bool(self.headers.get("Cookie")),
                ),
            )

    def _route(self, vhost: VirtualHost, method: str, parts: SplitResult) -> Reply | None:
        scheme = self.server.scheme
        if scheme == "http" and vhost.http == "drop":
            return None
        if scheme == "http" and vhost.http == "redirect":
            target = f"https://{vhost.name}{self.path}"
            return Reply(301, b"", "text/html", {"Location": target})
        path = unquote(parts.path) or "/"
        if path == "/robots.txt":
            text = hazards.robots_txt(vhost.robots)
            if text is None:
                return Reply(404, hazards.NOT_FOUND.encode(), "text/html; charset=utf-8")
            return Reply(200, text, "text/plain")
        res = vhost.static.get(path)
        if res is not None and method in ("GET", "HEAD"):
            return self._static(res)
        endpoint = vhost.dynamic.get(path)
        if endpoint is not None:
            params = parse_qs(parts.query)
            if method == "POST":
                length = int(self.headers.get("Content-Length") or 0)
                form = self.rfile.read(length).decode("utf-8", "replace") if length else ""
                for k, v in parse_qs(form).items():
                    params.setdefault(k, []).extend(v)
            return endpoint(method, params)
        return Reply(404, hazards.NOT_FOUND.encode(), "text/html; charset=utf-8")

    def _static(self, res: Resource) -> Reply:
        body = res.body()
        headers = dict(res.headers)
        if not res.conditional:
            headers["Cache-Control"] = "no-cache, no-store"
            return Reply(res.status, body, res.content_type, headers)
        etag = res.etag()
        headers["ETag"] = etag
        headers["Last-Modified"] = http_date(res.modified)
        if _not_modified(res, etag, self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")):
            return Reply(304, b"", res.content_type, headers)
        return Reply(res.status, body, res.content_type, headers)

    def _send(self, reply: Reply, method: str) -> int:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for k, v in reply.headers.items():
            self.send_header(k, v)
        with_body = method != "HEAD" and reply.status != 304
        self.send_header(
            "Content-Length", str(len(reply.body) if with_body else 0) if reply.status != 304 else "0"
        )
        self.end_headers()
        if with_body and reply.body:
            self.wfile.write(reply.body)
            return len(reply.body)
        return 0


class MirrorHTTPServer(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, port: int, site: MirrorSite, log: RequestLog, tls: ssl.SSLContext | None = None):
        self.site, self.log, self.tls = site, log, tls
        self.scheme = "https" if tls else "http"
        super().__init__(("127.0.0.1", port), Handler)

    def finish_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:  # type: ignore[override]
        if self.tls is not None:
            try:
                request = self.tls.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                self._close(request)
                return
        super().finish_request(request, client_address)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.close()


def tls_context(site: MirrorSite, cert: trustme.LeafCert, log: RequestLog) -> ssl.SSLContext:
    """A server context that completes the handshake only for hosts served over https."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(ctx)

    def choose(sslobj: ssl.SSLObject, server_name: str | None, _ctx: ssl.SSLContext) -> int | None:
        vhost = site.lookup(server_name or "")
        if vhost is None or vhost.https != "serve":
            now = time.time()
            log.add(
                RequestRecord(
                    now,
                    now,
                    "TLS",
                    "https",
                    (server_name or "").lower(),
                    "",
                    "",
                    0,
                    0,
                    None,
                    None,
                    None,
                    False,
                )
            )
            return ssl.ALERT_DESCRIPTION_UNRECOGNIZED_NAME
        return None

    ctx.sni_callback = choose
    return ctx


def https_names(site: MirrorSite) -> list[str]:
    names = []
    for v in site.hosts.values():
        if v.https == "serve":
            names += [v.name, *v.aliases]
    return names
