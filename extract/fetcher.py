"""Fetch through the archive: robots, conditional GET, store every body, log every capture.

This is the only way the crawler touches the network, so three promises hold everywhere:
every response body is in the content-addressed archive before its capture is logged; a page
that has not changed (304, or 200 with the sha256 already recorded for that URL) is logged as
`not_modified` / `unchanged` and so is never re-parsed; and the links on such a page are
still followed, read back from the archive (parsing reads only from the archive).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from core.decode import decode_html
from extract.archive import Archive, Capture, sha256_hex
from extract.http import FetchResult, HttpClient
from extract.robots import RobotsBook
from extract.urls import AllowList

# Outcomes logged in `Capture.outcome` by the crawler (the flow parses only `ok`).
FRESH = "ok"  # a body new for this URL, or changed since the last capture
UNCHANGED = "unchanged"  # 200, same sha256 as the last capture of this URL
NOT_MODIFIED = "not_modified"  # 304 to a conditional GET
REFUSED = "refused"  # off the allow-list, or robots.txt forbids it; never requested
REJECTED = "rejected"  # a body arrived but fails the caller's check (e.g. not a document)
_HAS_VALIDATORS = (FRESH, UNCHANGED, REJECTED)


_BOOKKEEPING = ("change", "previous_sha256", "redirects")


@dataclass(frozen=True)
class Known:
    """What the archive already holds for a URL: its last body, validators and description.

    Keeping the description (`meta`) means an unchanged page is not even re-described: its
    metadata and attachment links are carried over from the capture that first read it.
    """

    sha256: str
    etag: str = ""
    last_modified: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def carried_meta(self) -> dict[str, Any]:
        return {k: v for k, v in self.meta.items() if k not in _BOOKKEEPING}


@dataclass
class Page:
    """A fetched (or replayed) page. `body` comes from the archive when the page is unchanged."""

    url: str
    outcome: str
    change: str = ""  # new / changed / unchanged / not_modified ("" when no body)
    status: int | None = None
    final_url: str = ""
    sha256: str = ""
    body: bytes | None = None
    content_type: str = ""
    reason: str = ""
    capture: Capture | None = None
    _text: str | None = field(default=None, repr=False)

    @property
    def usable(self) -> bool:
        """A body is available to read links from (fresh, unchanged or not modified)."""
        return self.body is not None and self.outcome in (FRESH, UNCHANGED, NOT_MODIFIED)

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = decode_html(self.body or b"", self.content_type)[0]
        return self._text


Describe = Callable[[Page], dict[str, Any]]
Validate = Callable[[Page], str | None]


def known_from_archive(archive: Archive) -> dict[str, Known]:
    """Validators per URL from the capture log, for conditional GETs (`Archive.fold`: the
    crawl tasks of one run share one pass over the log)."""
    return archive.fold("known", _know)


def _know(known: dict[str, Known], cap: Capture) -> None:
    if cap.sha256 and cap.outcome in _HAS_VALIDATORS:
        known[cap.url] = Known(
            cap.sha256, cap.headers.get("etag", ""), cap.headers.get("last-modified", ""), cap.meta
        )
    elif cap.outcome == NOT_MODIFIED and cap.url in known:
        previous = known[cap.url]
        known[cap.url] = replace(previous, meta={**previous.meta, **cap.meta})


class ArchivingFetcher:
    """Shared by all crawl threads; `get` is thread-safe."""

    def __init__(
        self,
        client: HttpClient,
        archive: Archive,
        known: dict[str, Known] | None = None,
        obey_robots: bool = True,
    ):
        self.client = client
        self.archive = archive
        self.known = known_from_archive(archive) if known is None else known
        self._lock = threading.Lock()
        self.robots = RobotsBook(self._fetch_robots, client.policy.user_agent) if obey_robots else None

    def _fetch_robots(self, url: str) -> Page:
        """robots.txt is archived and conditionally re-fetched like any page."""
        return self._conditional(
            url,
            AllowList.for_url(url),
            role="robots",
            source=None,
            parent_url=None,
            verify_tls=True,
            describe=None,
            validate=None,
            meta={},
        )

    def get(
        self,
        url: str,
        *,
        role: str,
        allow: AllowList,
        source: str | None = None,
        parent_url: str | None = None,
        verify_tls: bool = True,
        describe: Describe | None = None,
        validate: Validate | None = None,
        meta: dict[str, Any] | None = None,
    ) -> Page:
        """Fetch `url` (conditionally), archive it, log one capture, return the page.

        `validate` may reject a received body (outcome `rejected`, body still archived);
        `describe` adds to the capture's `meta` from the body before the capture is logged.
        """
        meta = dict(meta or {})
        refusal = allow.check(url)
        if refusal:
            page = Page(url, REFUSED, reason=refusal)
            page.capture = self._log(
                Capture(
                    url=url,
                    outcome=REFUSED,
                    reason=refusal,
                    role=role,
                    source=source,
                    parent_url=parent_url,
                    meta=meta,
                )
            )
            return page
        if self.robots is not None:
            verdict = self.robots.verdict(url)
            if not verdict.allowed:
                page = Page(url, REFUSED, reason=verdict.reason)
                page.capture = self._log(
                    Capture(
                        url=url,
                        outcome=REFUSED,
                        reason=verdict.reason,
                        role=role,
                        source=source,
                        parent_url=parent_url,
                        meta=meta,
                    )
                )
                return page
        return self._conditional(
            url,
            allow,
            role=role,
            source=source,
            parent_url=parent_url,
            verify_tls=verify_tls,
            describe=describe,
            validate=validate,
            meta=meta,
        )

    def _conditional(
        self,
        url: str,
        allow: AllowList,
        *,
        role: str,
        source: str | None,
        parent_url: str | None,
        verify_tls: bool,
        describe: Describe | None,
        validate: Validate | None,
        meta: dict[str, Any],
    ) -> Page:
        with self._lock:
            previous = self.known.get(url)
        headers = {}
        if previous is not None and self.archive.has(previous.sha256):
            if previous.etag:
                headers["If-None-Match"] = previous.etag
            if previous.last_modified:
                headers["If-Modified-Since"] = previous.last_modified
        else:
            previous = None
        result = self.client.fetch(url, allow, headers=headers, verify_tls=verify_tls, source=source)
        page = self._page(result, previous)
        if validate is not None and page.usable and (problem := validate(page)):
            page.outcome, page.reason = REJECTED, problem
        same_bytes = page.outcome in (NOT_MODIFIED, UNCHANGED)
        if same_bytes and previous is not None and previous.meta:
            meta = {**previous.carried_meta(), **meta}
        elif describe is not None and page.body is not None and (page.usable or page.outcome == REJECTED):
            meta.update(describe(page))
        page.capture = self._record(
            url,
            result,
            role=role,
            source=source,
            parent_url=parent_url,
            meta=meta,
            page=page,
            previous=previous,
        )
        return page

    def _page(self, result: FetchResult, previous: Known | None) -> Page:
        page = Page(
            result.url,
            result.outcome,
            status=result.status,
            final_url=result.final_url or result.url,
            body=result.body,
            content_type=result.content_type,
            reason=result.reason,
        )
        if result.outcome == "not_modified" and previous is not None:
            page.outcome, page.change = NOT_MODIFIED, "not_modified"
            page.sha256, page.body = previous.sha256, self.archive.read(previous.sha256)
        elif result.outcome == "ok" and result.body is not None:
            page.sha256 = sha256_hex(result.body)
            if previous is None:
                page.change = "new"
            elif previous.sha256 == page.sha256:
                page.outcome, page.change = UNCHANGED, "unchanged"
            else:
                page.change = "changed"
        elif result.outcome == "not_modified":
            page.outcome, page.reason = "error", "304 without a prior body in the archive"
        return page

    def _record(
        self,
        url: str,
        result: FetchResult,
        *,
        role: str,
        source: str | None,
        parent_url: str | None,
        meta: dict[str, Any],
        page: Page | None = None,
        previous: Known | None = None,
    ) -> Capture:
        sha, size = "", 0
        if result.body is not None and result.outcome != "not_modified":
            sha, size = self.archive.put(result.body), len(result.body)
        outcome = page.outcome if page is not None else result.outcome
        if page is not None and page.change:
            meta = {**meta, "change": page.change}
        if outcome == NOT_MODIFIED and previous is not None:
            meta = {**meta, "previous_sha256": previous.sha256}
        if result.redirects:
            meta = {**meta, "redirects": result.redirects}
        capture = Capture(
            url=url,
            sha256=sha,
            size=size,
            final_url=result.final_url,
            status=result.status,
            headers=result.headers,
            outcome=outcome,
            reason=page.reason if page is not None else result.reason,
            role=role,
            source=source,
            parent_url=parent_url,
            meta=meta,
        )
        if sha and outcome in _HAS_VALIDATORS:
            with self._lock:
                self.known[url] = Known(
                    sha, result.headers.get("etag", ""), result.headers.get("last-modified", ""), meta
                )
        return self._log(capture)

    def _log(self, capture: Capture) -> Capture:
        return self.archive.record(capture)
