"""The catalogue of network faults, shared by the client-level and the crawl-level tests.

Each fault says what the server does to one URL (a list of behaviours, request by request),
what the crawler must make of it (outcome and a reason pattern), and how many requests the
server may see: a retry where retrying can help (5xx, timeouts, connections broken mid-body),
exactly one request where it cannot (an oversized body, a corrupt encoding, a deadline
already spent). `recovers` says whether the page's bytes end up archived in the same run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .hostile_server import (
    BadGzip,
    Behaviour,
    ChunkedCut,
    GzipBomb,
    Hang,
    ResetMidBody,
    ShortBody,
    Stream,
    Trickle,
    page,
    unavailable,
)
from .netkit import POLICY

ATTEMPTS = POLICY.retries + 1
MB = 1024 * 1024


@dataclass(frozen=True)
class NetworkFault:
    name: str
    behaviours: Callable[[bytes], list[Behaviour]]  # given the page's good bytes
    outcome: str  # the capture outcome: ok (recovered) or error
    reason: str  # regex over the capture's reason ("" when recovered)
    requests: int  # requests the server must see for the URL
    faulty_answers: int  # how many of those were faults (what the table counts)

    @property
    def recovers(self) -> bool:
        return self.outcome == "ok"


NETWORK_FAULTS = (
    NetworkFault(
        "two 500s, then the page", lambda b: [unavailable(500), unavailable(500), page(b)], "ok", "", 3, 2
    ),
    NetworkFault(
        "503 with Retry-After: 1, then the page", lambda b: [unavailable(503, "1"), page(b)], "ok", "", 2, 1
    ),
    NetworkFault(
        "429 with Retry-After: 1, then the page", lambda b: [unavailable(429, "1"), page(b)], "ok", "", 2, 1
    ),
    NetworkFault(
        "503 burst outlasting the retries",
        lambda b: [unavailable(503)],
        "error",
        rf"HTTP 503 \(after {ATTEMPTS} attempts\)",
        ATTEMPTS,
        ATTEMPTS,
    ),
    NetworkFault(
        "503 with Retry-After beyond the wait limit (3600 s)",
        lambda b: [unavailable(503, "3600")],
        "error",
        r"HTTP 503.*Retry-After 3600 s",
        1,
        1,
    ),
    NetworkFault("no answer at all (read timeout), once", lambda b: [Hang(30), page(b)], "ok", "", 2, 1),
    NetworkFault(
        "no answer at all (read timeout), always",
        lambda b: [Hang(30)],
        "error",
        rf"timeout \(after {ATTEMPTS} attempts\)",
        ATTEMPTS,
        ATTEMPTS,
    ),
    NetworkFault(
        "connection reset mid-body, once", lambda b: [ResetMidBody(b, len(b) // 3), page(b)], "ok", "", 2, 1
    ),
    NetworkFault(
        "connection reset mid-body, always",
        lambda b: [ResetMidBody(b, len(b) // 3)],
        "error",
        rf"connection reset.*\(after {ATTEMPTS} attempts\)",
        ATTEMPTS,
        ATTEMPTS,
    ),
    NetworkFault(
        "body shorter than its Content-Length, once",
        lambda b: [ShortBody(b[: len(b) // 2], len(b)), page(b)],
        "ok",
        "",
        2,
        1,
    ),
    NetworkFault(
        "body shorter than its Content-Length, always",
        lambda b: [ShortBody(b[: len(b) // 2], len(b))],
        "error",
        rf"shorter than announced.*\(after {ATTEMPTS} attempts\)",
        ATTEMPTS,
        ATTEMPTS,
    ),
    NetworkFault(
        "chunked body without its last chunk",
        lambda b: [ChunkedCut(b)],
        "error",
        rf"shorter than announced.*\(after {ATTEMPTS} attempts\)",
        ATTEMPTS,
        ATTEMPTS,
    ),
    NetworkFault(
        "very slow response (a trickle past the deadline)",
        lambda b: [Trickle(b, chunk=512, interval=0.25)],
        "error",
        rf"longer than {POLICY.max_seconds:g} s",
        1,
        1,
    ),
    NetworkFault(
        "huge body, declared in Content-Length", lambda b: [Stream(64 * MB)], "error", r"larger than", 1, 1
    ),
    NetworkFault(
        "huge body, no Content-Length",
        lambda b: [Stream(64 * MB, declare_length=False)],
        "error",
        r"larger than",
        1,
        1,
    ),
    NetworkFault(
        "gzip bomb (200 MB from 200 KB)", lambda b: [GzipBomb(200 * MB)], "error", r"larger than", 1, 1
    ),
    NetworkFault("corrupt gzip encoding", lambda b: [BadGzip(b)], "error", r"cannot decode", 1, 1),
)
