"""Replay the registry crawl against a web archive: the crawler asks, the archive answers.

A capture is more than a body: which column listed the page and with what link text, which
page an attachment hangs from, whether a page is a report or only wraps an attached file, and
the registry source whose agency published it. Only the crawler knows how to read that from
the pages, so an archive is not read record by record where the registry knows the site:
every registry district whose hosts the archive holds is crawled as it would be on the live
sites, through a transport adapter that answers each request from the archive (the seam the
local mirror uses). Redirects, walls, robots.txt, the allow-list and every description then
happen exactly as on a live crawl, and each capture carries the archive's own fetch time. A
URL the archive lacks fails as not archived; a robots.txt it lacks answers 404 (the archiver
crawled the pages it holds, so nothing is taken to forbid them).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from urllib.parse import urlsplit, urlunsplit

import requests
import urllib3
from requests.adapters import HTTPAdapter
from requests.utils import requote_uri

from extract.archive import Archive, Capture
from extract.crawl import CrawlHooks, crawl
from extract.fetcher import ArchivingFetcher, Known
from extract.http import HttpClient, HttpPolicy
from extract.politeness import HostLimiter, Politeness
from extract.registry import District, Registry
from extract.summary import CrawlSummary, SourceResult
from extract.warc import ArchivedResponse

# Transfer framing the archive's reader already removed from the stored body.
_DECODED_HEADERS = ("content-encoding", "transfer-encoding")
# A replay has no network to wait for: no retries (a recorded 503 stays a 503), no pauses.
REPLAY_POLICY = HttpPolicy(retries=0, backoff=0.0)


def url_key(url: str) -> str:
    """How a request and an archived record are matched: scheme and host folded to lower
    case, the default port and the fragment dropped, the path percent-encoded once."""
    parts = urlsplit(url.strip())
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    default = {"http": 80, "https": 443}.get(scheme)
    netloc = host if parts.port in (None, default) else f"{host}:{parts.port}"
    return urlunsplit((scheme, netloc, requote_uri(parts.path or "/"), requote_uri(parts.query), ""))


class NotArchived(requests.ConnectionError):
    """The archive holds no response for this URL."""


@dataclass
class ArchiveIndex:
    """The response to serve per URL: the newest with a body (a 304 only confirms one)."""

    by_key: dict[str, ArchivedResponse] = field(default_factory=dict)

    @classmethod
    def of(cls, responses: Iterable[ArchivedResponse]) -> ArchiveIndex:
        index = cls()
        for response in sorted(responses, key=lambda r: (r.fetched_at, r.offset)):
            key = url_key(response.url)
            held = index.by_key.get(key)
            if held is None or response.sha256 or not held.sha256:
                index.by_key[key] = response
        return index

    def get(self, url: str) -> ArchivedResponse | None:
        return self.by_key.get(url_key(url))

    def urls(self) -> list[str]:
        return [r.url for r in self.by_key.values()]


class ReplayAdapter(HTTPAdapter):
    """Answers a request with the archived response for its URL, as urllib3 would have read
    it off the wire; remembers which responses it served."""

    def __init__(self, index: ArchiveIndex, archive: Archive):
        super().__init__()
        self.index = index
        self.archive = archive
        self.served: set[str] = set()
        self._lock = threading.Lock()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: str | tuple[str, str] | None = None,
        proxies: dict[str, str] | None = None,
    ) -> requests.Response:
        """`HTTPAdapter.send`'s signature; the transport's options (stream, timeout, TLS,
        proxies) have no meaning for an answer read from the archive."""
        found = self.index.get(request.url or "")
        if found is None or (found.status is None and not found.sha256):
            if urlsplit(request.url).path == "/robots.txt":
                return self.build_response(request, _raw(404, (), b""))
            raise NotArchived(f"{request.url} is not in the web archive", request=request)
        with self._lock:
            self.served.add(url_key(found.url))
        headers = [(k, v) for k, v in found.headers if k.lower() not in _DECODED_HEADERS]
        if found.status == 200 and _not_modified(found, request.headers):
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            return self.build_response(request, _raw(304, [*headers, ("Content-Length", "0")], b""))
        body = self.archive.read(found.sha256) if found.sha256 else b""
        return self.build_response(request, _raw(found.status or 200, headers, body))


def _not_modified(found: ArchivedResponse, request_headers: Mapping[str, str | bytes]) -> bool:
    """Would the server have answered this conditional GET with 304 (RFC 9110 §13.1)? The
    crawler asks conditionally for a URL it already holds, as a live crawl does."""
    archived = {k.lower(): v for k, v in found.headers}
    if_none_match = _header(request_headers, "If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or archived.get("etag", "").removeprefix("W/") in tags
    since, modified = _header(request_headers, "If-Modified-Since"), archived.get("last-modified")
    if not since or not modified:
        return False
    try:
        return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


def _header(headers: Mapping[str, str | bytes], name: str) -> str | None:
    """A request header as text: requests allows bytes values, which HTTP reads as ISO-8859-1."""
    value = headers.get(name)
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _raw(status: int, headers: Iterable[tuple[str, str]], body: bytes) -> urllib3.HTTPResponse:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return urllib3.HTTPResponse(
        body=io.BytesIO(body),
        headers=urllib3.HTTPHeaderDict(list(headers)),
        status=status,
        reason=reason,
        preload_content=False,
        decode_content=False,
        enforce_content_length=False,
    )


class ReplayFetcher(ArchivingFetcher):
    """The crawl's fetcher, except that a capture's time is the archived response's, and the
    captures this replay logs are kept for the caller."""

    def __init__(
        self, client: HttpClient, archive: Archive, index: ArchiveIndex, known: dict[str, Known] | None
    ):
        super().__init__(client, archive, known)
        self.index = index
        self.logged: list[Capture] = []
        self._logged_lock = threading.Lock()

    def _log(self, capture: Capture) -> Capture:
        answered = self.index.get(capture.final_url or capture.url) if capture.status is not None else None
        if answered is not None and answered.fetched_at:
            capture = replace(capture, fetched_at=answered.fetched_at)
        logged = super()._log(capture)
        with self._logged_lock:
            self.logged.append(logged)
        return logged


@dataclass
class Replay:
    """What replaying the registry crawl logged, and which archived responses it used."""

    districts: list[str]
    summary: CrawlSummary | None
    captures: list[Capture]
    served: set[str]


def _present(district: District, keys: set[str], url: str | None) -> bool:
    if not url:
        return False
    prefix = district.hosts.key(url)
    return any(key.startswith(prefix) for key in keys)


def plan_replay(index: ArchiveIndex, registry: Registry) -> list[tuple[District, set[str]]]:
    """The districts whose columns the archive holds, each with the source keys to walk:
    declared columns it holds, and columns the district's own pages would list (read from
    the archived URLs with the district's column pattern)."""
    urls = index.urls()
    plan = []
    for district in registry.districts:
        mine = [u for u in urls if district.allow.check(u) is None]
        keys = {district.hosts.key(u) for u in mine}
        only = {
            s.key
            for s in district.sources
            if _present(district, keys, s.column_url) or _present(district, keys, s.moved_to)
        }
        if district.discovery is not None:
            only |= {f"{district.key}/{code}" for u in mine if (code := district.discovery.column_code(u))}
        if only:
            plan.append((district, only))
    return plan


def replay_registry(
    index: ArchiveIndex,
    archive: Archive,
    registry: Registry,
    *,
    workers: int = 4,
    on_start: Callable[[int], None] | None = None,
    on_source: Callable[[SourceResult], None] | None = None,
    known: dict[str, Known] | None = None,
) -> Replay:
    """Crawl, against the archive, every registry district it holds (see the module doc).

    `known` is what the crawl may ask conditionally about (default: the archive's log now);
    an import passes the log as it was before it logged anything, so that its own older
    records do not turn the archive's 200s into 304s."""
    plan = plan_replay(index, registry)
    adapter = ReplayAdapter(index, archive)
    client = HttpClient(REPLAY_POLICY, HostLimiter(Politeness.lifted()), transport=lambda: adapter)
    fetcher = ReplayFetcher(client, archive, index, known)
    summary = None
    if plan:
        summary = crawl(
            [],
            archive,
            client,
            districts=[district for district, _ in plan],
            workers=workers,
            registry_politeness=False,
            only=set().union(*(keys for _, keys in plan)),
            hooks=CrawlHooks(on_start=on_start, on_result=on_source),
            fetcher=fetcher,
        )
    return Replay([district.key for district, _ in plan], summary, fetcher.logged, adapter.served)
