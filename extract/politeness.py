"""Per-host politeness shared by every crawler thread: a concurrency cap and a rate limit.

A government site sees one crawler, not N threads: all requests to a host go through one
`HostGate` that admits at most `concurrency` requests at a time and spaces request starts at
least `1 / rate` seconds apart, as the server sees them (no bursts that a server-side
one-second window could catch above the configured rate).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Politeness:
    """How hard one host may be hit. `rate=None` and a large `concurrency` lift the limits."""

    rate: float | None = 2.0  # request starts per second
    concurrency: int = 2  # requests in flight at once
    delay: float = 0.0  # extra minimum gap between request starts, seconds

    @property
    def interval(self) -> float:
        by_rate = 1.0 / self.rate if self.rate else 0.0
        return max(by_rate, self.delay)

    @classmethod
    def lifted(cls) -> Politeness:
        return cls(rate=None, concurrency=64, delay=0.0)


class Turn:
    """A granted request slot; call `answered()` once the response headers have arrived."""

    def __init__(self, gate: HostGate):
        self._gate = gate
        self._open = True

    def answered(self) -> None:
        if self._open:
            self._open = False
            self._gate._answered()


class HostGate:
    """One host's semaphore plus the rule for when the next request may start.

    With a rate limit, a request starts only once every earlier request to the host has been
    answered and `interval` seconds have passed since the last answer. Spacing starts on the
    client's clock alone is not enough: a busy server dequeues delayed requests in bursts, and
    the server side is where politeness is judged. Because a request cannot be answered before
    the server has started it, this rule keeps the server-side gap between starts at least
    `interval` whatever the network or the server does. Bodies may still stream concurrently,
    up to `concurrency`.
    """

    def __init__(self, politeness: Politeness):
        self.politeness = politeness
        self._slots = threading.BoundedSemaphore(max(1, politeness.concurrency))
        self._ready = threading.Condition()
        self._unanswered = 0
        self._last_answer = float("-inf")

    def _wait_for_turn(self) -> None:
        interval = self.politeness.interval
        if interval <= 0:
            return
        with self._ready:
            while True:
                wait = self._last_answer + interval - time.monotonic()
                if self._unanswered == 0 and wait <= 0:
                    self._unanswered += 1
                    return
                self._ready.wait(timeout=wait if self._unanswered == 0 else None)

    def _answered(self) -> None:
        if self.politeness.interval <= 0:
            return
        with self._ready:
            self._unanswered -= 1
            self._last_answer = time.monotonic()
            self._ready.notify_all()

    @contextmanager
    def slot(self) -> Iterator[Turn]:
        with self._slots:
            self._wait_for_turn()
            turn = Turn(self)
            try:
                yield turn
            finally:
                turn.answered()


class HostLimiter:
    """Gates by hostname; limits can be set per host (from the registry) or by default."""

    def __init__(self, default: Politeness | None = None):
        self.default = default or Politeness()
        self._overrides: dict[str, Politeness] = {}
        self._gates: dict[str, HostGate] = {}
        self._lock = threading.Lock()

    def configure(self, host: str, politeness: Politeness) -> None:
        """Set a host's limits; takes effect for gates not yet created (call before crawling)."""
        with self._lock:
            self._overrides[host.lower()] = politeness
            self._gates.pop(host.lower(), None)

    def gate(self, host: str) -> HostGate:
        host = host.lower()
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = HostGate(self._overrides.get(host, self.default))
                self._gates[host] = gate
            return gate

    @contextmanager
    def slot(self, host: str) -> Iterator[Turn]:
        with self.gate(host).slot() as turn:
            yield turn
