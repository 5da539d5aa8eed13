"""robots.txt, fetched once per origin per crawl and honoured for every request.

Rules follow RFC 9309: a missing file (4xx) allows everything; a server error (5xx)
disallows everything until the next crawl. A walled robots.txt is treated as missing, and so
is a host that gives no HTTP answer at all: the wall or the dead host is then recorded
honestly on the pages themselves instead of hiding behind a robots refusal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from protego import Protego

from extract.urls import origin_of

log = logging.getLogger(__name__)


class Answer(Protocol):
    """What fetching robots.txt produced (an archived `Page`)."""

    outcome: str
    status: int | None
    body: bytes | None
    reason: str


@dataclass(frozen=True)
class RobotsVerdict:
    allowed: bool
    reason: str = ""


class RobotsBook:
    """Per-origin robots rules; `fetch_robots(url)` is called at most once per origin."""

    def __init__(self, fetch_robots: Callable[[str], Answer], user_agent: str):
        self._fetch = fetch_robots
        self._agent = user_agent
        self._rules: dict[str, Protego | RobotsVerdict] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _rules_for(self, origin: str) -> Protego | RobotsVerdict:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:
            if origin not in self._rules:
                self._rules[origin] = self._load(origin)
            return self._rules[origin]

    def _load(self, origin: str) -> Protego | RobotsVerdict:
        result = self._fetch(f"{origin}/robots.txt")
        if result.outcome in ("ok", "unchanged", "not_modified") and result.body is not None:
            return Protego.parse(result.body.decode("utf-8", "replace"))
        if (
            result.outcome in ("not_found", "blocked", "refused")
            or result.status is None
            or (400 <= result.status < 500)
        ):
            return RobotsVerdict(True, "no robots.txt")
        log.warning("robots.txt of %s unreachable (%s): not crawling that origin", origin, result.reason)
        return RobotsVerdict(False, f"robots.txt unreachable, so nothing is allowed: {result.reason}")

    def verdict(self, url: str) -> RobotsVerdict:
        rules = self._rules_for(origin_of(url))
        if isinstance(rules, RobotsVerdict):
            return rules
        if rules.can_fetch(url, self._agent):
            return RobotsVerdict(True)
        return RobotsVerdict(False, "robots.txt disallows it")
