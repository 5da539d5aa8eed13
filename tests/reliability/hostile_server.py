"""A misbehaving web server on 127.0.0.1, written on raw sockets so it can misbehave properly.

`http.server` always answers well-formed HTTP; the faults a nightly crawl meets are below
that: a connection reset halfway through a body, fewer bytes than `Content-Length` promised,
a response that trickles in a byte at a time, a server that accepts and never answers.
Each route is a list of behaviours: request N to a route gets behaviour N (the last one
repeats), so "two 503s, then the page" is `[unavailable(), unavailable(), page(body)]`.

Every request is logged server-side (`hits`), so a test can tell what the client really
sent: how many attempts, and that a refused redirect target was never contacted at all.
Routing is by the `Host` header, as on a real virtual-hosting server; crawler clients reach
it through `extract.routing.MirrorRoute`, the same routing the local mirror uses.
"""

from __future__ import annotations

import gzip
import socket
import ssl
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field

CRLF = b"\r\n"


@dataclass(frozen=True)
class Request:
    method: str
    host: str
    path: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Hit:
    host: str
    path: str
    behaviour: str
    at: float
    headers: dict[str, str] = field(default_factory=dict)


class Behaviour:
    """How the server answers one request; `name` shows up in the hit log."""

    name = "behaviour"

    def serve(self, conn: socket.socket, request: Request, stop: threading.Event) -> None:
        raise NotImplementedError


def _head(status: int, headers: dict[str, str]) -> bytes:
    """Status line and headers; every answer closes its connection, so no test depends on
    which pooled connection the client happens to reuse."""
    lines = [f"HTTP/1.1 {status} X".encode()]
    lines += [f"{k}: {v}".encode() for k, v in {"Connection": "close", **headers}.items()]
    return CRLF.join(lines) + CRLF + CRLF


class Respond(Behaviour):
    """A well-formed response (any status, any headers)."""

    def __init__(
        self,
        status: int = 200,
        body: bytes = b"",
        headers: dict[str, str] | None = None,
        content_type: str | None = "text/html; charset=utf-8",
        name: str = "",
    ):
        self.status, self.body = status, body
        self.headers = {
            **({"Content-Type": content_type} if content_type else {}),
            "Content-Length": str(len(body)),
            **(headers or {}),
        }
        self.name = name or f"respond {status}"

    def serve(self, conn, request, stop):
        conn.sendall(_head(self.status, self.headers) + self.body)


class Hang(Behaviour):
    """Accept, read the request, answer nothing until the test ends (or `seconds` pass)."""

    name = "hang"

    def __init__(self, seconds: float = 60.0):
        self.seconds = seconds

    def serve(self, conn, request, stop):
        stop.wait(self.seconds)


class ResetMidBody(Behaviour):
    """Headers promising the whole body, `sent` bytes of it, then a TCP reset (RST)."""

    name = "reset mid-body"

    def __init__(self, body: bytes, sent: int):
        self.body, self.sent = body, sent

    def serve(self, conn, request, stop):
        conn.sendall(
            _head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(self.body))})
            + self.body[: self.sent]
        )
        time.sleep(0.05)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class ShortBody(Behaviour):
    """A `Content-Length` larger than the body sent, then an orderly close (FIN)."""

    name = "body shorter than Content-Length"

    def __init__(self, body: bytes, declared: int):
        self.body, self.declared = body, declared

    def serve(self, conn, request, stop):
        conn.sendall(
            _head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(self.declared)})
            + self.body
        )


class ChunkedCut(Behaviour):
    """`Transfer-Encoding: chunked`, the body in 1 KB chunks, and no final zero-length chunk."""

    name = "chunked body without its last chunk"

    def __init__(self, body: bytes):
        self.body = body

    def serve(self, conn, request, stop):
        conn.sendall(_head(200, {"Content-Type": "text/html; charset=utf-8", "Transfer-Encoding": "chunked"}))
        for start in range(0, len(self.body), 1024):
            part = self.body[start : start + 1024]
            conn.sendall(b"%x\r\n" % len(part) + part + CRLF)


class Trickle(Behaviour):
    """A whole, valid response sent `chunk` bytes every `interval` seconds: each read is
    quick enough for a read timeout, the whole takes `len(body) / chunk * interval`."""

    name = "trickle"

    def __init__(self, body: bytes, chunk: int = 64, interval: float = 0.2):
        self.body, self.chunk, self.interval = body, chunk, interval

    def serve(self, conn, request, stop):
        conn.sendall(
            _head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(self.body))})
        )
        for start in range(0, len(self.body), self.chunk):
            if stop.wait(self.interval):
                return
            conn.sendall(self.body[start : start + self.chunk])


class Stream(Behaviour):
    """`size` bytes of filler, with or without a `Content-Length`, until the client hangs up."""

    def __init__(self, size: int, declare_length: bool = True):
        self.size, self.declare_length = size, declare_length
        self.name = f"stream {size} bytes" + ("" if declare_length else " (no length)")

    def serve(self, conn, request, stop):
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if self.declare_length:
            headers["Content-Length"] = str(self.size)
        conn.sendall(_head(200, headers))
        block = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        while sent < self.size and not stop.is_set():
            piece = block[: self.size - sent]
            conn.sendall(piece)
            sent += len(piece)


class GzipBomb(Behaviour):
    """`Content-Encoding: gzip` whose body inflates to `expanded` bytes (about 1000:1)."""

    name = "gzip bomb"

    def __init__(self, expanded: int):
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"\0" * (1 << 20)
        parts = [compressor.compress(block) for _ in range(expanded >> 20)]
        self.body = b"".join(parts) + compressor.flush()

    def serve(self, conn, request, stop):
        conn.sendall(
            _head(
                200,
                {
                    "Content-Type": "text/html",
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(self.body)),
                },
            )
            + self.body
        )


class BadGzip(Behaviour):
    """`Content-Encoding: gzip` over bytes that are not gzip after the first few."""

    name = "corrupt gzip"

    def __init__(self, body: bytes):
        packed = gzip.compress(body)
        self.body = packed[:20] + bytes(b ^ 0x5A for b in packed[20:])

    def serve(self, conn, request, stop):
        conn.sendall(
            _head(
                200,
                {
                    "Content-Type": "text/html",
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(self.body)),
                },
            )
            + self.body
        )


def page(
    body: bytes | str, content_type: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None
) -> Respond:
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Respond(200, data, headers, content_type, name="200")


def unavailable(status: int = 503, retry_after: str | None = None) -> Respond:
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    return Respond(
        status,
        b"<html>busy</html>",
        headers,
        name=f"{status}" + (f" Retry-After {retry_after}" if retry_after else ""),
    )


def redirect(location: str, status: int = 302) -> Respond:
    return Respond(status, b"", {"Location": location}, None, name=f"{status} -> {location}")


class HostileServer:
    """The server: `route(host, path, *behaviours)`, `hits`, `stop()`."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.tls = tls
        self.routes: dict[tuple[str, str], list[Behaviour]] = {}
        self._served: dict[tuple[str, str], int] = {}
        self._hits: list[Hit] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self._listener.getsockname()[1]
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def route(self, host: str, path: str, *behaviours: Behaviour) -> None:
        with self._lock:
            self.routes[(host, path)] = list(behaviours)
            self._served[(host, path)] = 0

    @property
    def hits(self) -> list[Hit]:
        with self._lock:
            return list(self._hits)

    def hits_for(self, host: str, path: str | None = None) -> list[Hit]:
        return [h for h in self.hits if h.host == host and (path is None or h.path == path)]

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            try:
                if self.tls is not None:
                    conn = self.tls.wrap_socket(conn, server_side=True)
                request = _read_request(conn)
                if request is None:
                    return
                behaviour = self._next(request)
                if behaviour is None:
                    Respond(404, b"<html>404 not found</html>").serve(conn, request, self._stop)
                else:
                    behaviour.serve(conn, request, self._stop)
            except OSError:  # the client hung up (or refused our certificate): its right
                return

    def _next(self, request: Request) -> Behaviour | None:
        key = (request.host, request.path)
        with self._lock:
            behaviours = self.routes.get(key)
            if not behaviours:
                self._hits.append(Hit(request.host, request.path, "404", time.monotonic(), request.headers))
                return None
            n = self._served[key]
            self._served[key] = n + 1
            chosen = behaviours[min(n, len(behaviours) - 1)]
            self._hits.append(Hit(request.host, request.path, chosen.name, time.monotonic(), request.headers))
            return chosen


def _read_request(conn: socket.socket) -> Request | None:
    conn.settimeout(10)
    data = b""
    while CRLF + CRLF not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > 64 * 1024:
            return None
    head = data.split(CRLF + CRLF, 1)[0].decode("latin-1")
    request_line, *lines = head.split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Request(method, _host(headers.get("host", "")), target, headers)


def _host(value: str) -> str:
    """The Host header without its port (`[::1]:80` → `[::1]`)."""
    if value.startswith("["):
        return value.split("]")[0].lower() + "]"
    return value.rsplit(":", 1)[0].lower()
