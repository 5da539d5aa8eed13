"""The crawler's HTTP client: polite, bounded, allow-listed, and honest about what happened.

One `HttpClient.fetch` call turns a URL into a `FetchResult` with an `outcome` the crawl can
act on: `ok`, `not_modified`, `blocked`, `not_found`, `refused`, `error`. It never raises for a
network or server problem. Redirects are followed by hand so that every hop is checked
against the allow-list *before* it is requested (hijack mirrors that copy gov paths are
refused), and every request waits for its host's politeness gate. Retries happen only where a
retry can help: timeouts, connections broken mid-body, 5xx and 429 (after the server's
`Retry-After`, when it asks for a bearable wait); never on walls, other 4xx, an oversized or
undecodable body, or a response that already spent the whole time a fetch may take.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin

import requests
import urllib3
from requests.adapters import HTTPAdapter

from extract.politeness import HostLimiter, Politeness
from extract.routing import MirrorAdapter, MirrorRoute
from extract.urls import AllowList, host_of
from extract.walls import wall_reason

log = logging.getLogger(__name__)

USER_AGENT = (
    "OGI-Warehouse/0.1 (research crawler for annual open-government-information "
    "reports; honours robots.txt; one request per host at a time)"
)
KEPT_HEADERS = (
    "content-type",
    "content-length",
    "etag",
    "last-modified",
    "location",
    "content-disposition",
    "server",
    "date",
    "set-cookie",
    "retry-after",
)
# Cookie values are session tokens (anti-bot clearances among them): the archive, the
# warehouse lineage and the exports keep only their names.
REDACTED_HEADERS = ("set-cookie",)
RETRYABLE_STATUS = (429,)  # plus every 5xx


@dataclass(frozen=True)
class HttpPolicy:
    """Limits on one fetch. Defaults suit a nightly crawl of slow government servers."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0  # seconds; doubled per attempt
    max_body_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5
    max_seconds: float = 600.0  # one response, headers to last byte: a trickle is a fault
    max_retry_after: float = 120.0  # a longer Retry-After is not waited out in this run


@dataclass
class FetchResult:
    """What one fetch produced. `body` is None when nothing was received (or it was cut off)."""

    url: str
    outcome: str
    status: int | None = None
    final_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    reason: str = ""
    redirects: list[str] = field(default_factory=list)
    attempts: int = 0

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def describe_failure(exc: BaseException) -> str:
    """A one-line reason for a transport failure (requests nests urllib3's three deep)."""
    text = str(exc)
    if "NameResolutionError" in text or "Name or service not known" in text:
        return "DNS: host does not resolve"
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS: {text[-200:]}"
    if isinstance(exc, requests.Timeout | urllib3.exceptions.ReadTimeoutError):
        return "timeout"
    if isinstance(exc, requests.exceptions.ContentDecodingError | urllib3.exceptions.DecodeError):
        return f"cannot decode the body ({text[-120:]})"
    if "IncompleteRead" in text:
        return "body shorter than announced (the connection closed early)"
    for marker, reason in (
        ("RemoteDisconnected", "connection closed without a response"),
        ("Connection reset", "connection reset"),
        ("Connection refused", "connection refused"),
        ("Connection aborted", "connection aborted"),
    ):
        if marker in text:
            return reason
    return f"{type(exc).__name__}: {text[:200]}"


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks for (delta-seconds or an HTTP date); None if absent
    or unreadable, 0 for a date already past."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when is not None else None


def _kept_headers(response: requests.Response) -> dict[str, str]:
    return kept_headers(
        (name, value) for name in response.raw.headers for value in response.raw.headers.getlist(name)
    )


def kept_headers(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The response headers a capture keeps: lower-cased names, a repeated header's values
    joined with ", " (as `requests` joins them), cookie values withheld (names kept)."""
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if name.lower() in KEPT_HEADERS:
            values.setdefault(name.lower(), []).append(value)
    kept = {name: ", ".join(found) for name, found in values.items()}
    for name in REDACTED_HEADERS:
        if name in values:
            kept[name] = "(values withheld) " + ", ".join(
                sorted({cookie.split("=", 1)[0].strip() for cookie in values[name]})
            )
    return kept


class _Retryable(Exception):
    """A transient failure worth another attempt; `result` is the response, if one came."""

    def __init__(self, reason: str, result: FetchResult | None = None, retry_after: float | None = None):
        super().__init__(reason)
        self.result = result
        self.retry_after = retry_after


class _TooSlow(Exception):
    """The response took longer than the policy's `max_seconds`."""


class HttpClient:
    """Thread-safe: one client serves the whole crawl so host limits are shared."""

    def __init__(
        self,
        policy: HttpPolicy | None = None,
        limiter: HostLimiter | None = None,
        mirror: MirrorRoute | None = None,
        transport: Callable[[], HTTPAdapter] | None = None,
    ):
        """`transport` makes each thread's adapter instead of the network's (or the
        mirror's): `extract.replay` answers from a web archive through it."""
        self.policy = policy or HttpPolicy()
        self.limiter = limiter or HostLimiter()
        self.mirror = mirror
        self.transport = transport
        self._local = threading.local()
        self._insecure_logged: set[str] = set()
        self._lock = threading.Lock()

    @classmethod
    def from_env(
        cls,
        policy: HttpPolicy | None = None,
        default: Politeness | None = None,
        env: dict[str, str] | None = None,
    ) -> HttpClient:
        """A client that routes to the local mirror when `OGI_MIRROR` is set."""
        return cls(policy, HostLimiter(default), MirrorRoute.from_env(env))

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            session.headers.update(
                {
                    "User-Agent": self.policy.user_agent,
                    "Accept-Language": "zh-CN,zh;q=0.9",
                    "Accept-Encoding": "gzip, deflate",
                }
            )
            size = 16
            if self.transport is not None:
                adapter: HTTPAdapter = self.transport()
            elif self.mirror is not None:
                adapter = MirrorAdapter(self.mirror, pool_connections=size, pool_maxsize=size)
            else:
                adapter = HTTPAdapter(pool_connections=size, pool_maxsize=size)
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _verify(self, verify_tls: bool, source: str | None) -> bool | str:
        if not verify_tls:
            with self._lock:
                if source not in self._insecure_logged:
                    self._insecure_logged.add(source or "")
                    log.warning("TLS verification OFF for source %s (registry opt-out)", source)
            return False
        if self.mirror is not None and self.mirror.ca_bundle:
            return self.mirror.ca_bundle
        return True

    def fetch(
        self,
        url: str,
        allow: AllowList,
        *,
        headers: dict[str, str] | None = None,
        verify_tls: bool = True,
        source: str | None = None,
    ) -> FetchResult:
        """GET `url`, following allowed redirects; conditional headers go in `headers`."""
        refusal = allow.check(url)
        if refusal:
            return FetchResult(url, "refused", reason=refusal)
        verify = self._verify(verify_tls, source)
        current, hops = url, list[str]()
        for _ in range(self.policy.max_redirects + 1):
            result = self._fetch_one(current, headers or {}, verify)
            result.url, result.redirects = url, hops
            location = result.headers.get("location", "")
            if result.status not in (301, 302, 303, 307, 308) or not location:
                return result
            target = urljoin(current, location)
            refusal = allow.check(target)
            if refusal:
                return FetchResult(
                    url,
                    "refused",
                    status=result.status,
                    final_url=target,
                    headers=result.headers,
                    redirects=[*hops, target],
                    reason=f"redirect to {target} refused: {refusal}",
                )
            hops.append(target)
            current = target
        loop = " (a loop)" if len(set(hops)) < len(hops) or url in hops else ""
        return FetchResult(
            url,
            "error",
            final_url=current,
            redirects=hops,
            reason=f"more than {self.policy.max_redirects} redirects{loop}: "
            + " -> ".join([url, *hops[:4], "..."][:6]),
        )

    def _fetch_one(self, url: str, headers: dict[str, str], verify: bool | str) -> FetchResult:
        """One URL, no redirects followed, with retries on transient failures."""
        failure = _Retryable("no attempt made")
        for attempt in range(1, self.policy.retries + 2):
            try:
                result = self._attempt(url, headers, verify)
                result.attempts = attempt
                return result
            except _Retryable as exc:
                failure = exc
                wait = exc.retry_after
                if wait is not None and wait > self.policy.max_retry_after:
                    return self._give_up(
                        url,
                        exc,
                        attempt,
                        f"; the server asked for "
                        f"Retry-After {wait:.0f} s, more than "
                        f"{self.policy.max_retry_after:.0f} s, not waited out",
                    )
                if attempt <= self.policy.retries:
                    pause = max(self.policy.backoff * (2 ** (attempt - 1)), wait or 0.0)
                    log.info("retrying %s in %.1fs after: %s", url, pause, exc)
                    time.sleep(pause)
        return self._give_up(url, failure, self.policy.retries + 1)

    @staticmethod
    def _give_up(url: str, failure: _Retryable, attempts: int, why: str = "") -> FetchResult:
        result = failure.result or FetchResult(url, "error", final_url=url)
        result.attempts = attempts
        result.outcome = "error"
        result.reason = f"{failure} (after {attempts} attempt{'s' * (attempts > 1)}){why}"
        return result

    def _attempt(self, url: str, headers: dict[str, str], verify: bool | str) -> FetchResult:
        timeout = (self.policy.connect_timeout, self.policy.read_timeout)
        started = time.monotonic()
        with self.limiter.slot(host_of(url)) as turn:
            try:
                response = self._session().get(
                    url, headers=headers, timeout=timeout, stream=True, allow_redirects=False, verify=verify
                )
                turn.answered()  # headers are in: the next request to this host may be timed
            except (requests.Timeout, requests.ConnectionError) as exc:
                reason = describe_failure(exc)
                if reason.startswith(("TLS", "DNS")):  # retrying cannot fix either
                    return FetchResult(url, "error", final_url=url, reason=reason)
                raise _Retryable(reason) from exc
            except (requests.RequestException, ValueError) as exc:
                return FetchResult(url, "error", final_url=url, reason=describe_failure(exc))
            kept = _kept_headers(response)
            try:
                body, cut = self._read_capped(response, started)
            except (
                urllib3.exceptions.ProtocolError,
                urllib3.exceptions.ReadTimeoutError,
                requests.Timeout,
                requests.ConnectionError,
            ) as exc:
                raise _Retryable(f"reading body: {describe_failure(exc)}") from exc
            except (urllib3.exceptions.HTTPError, requests.RequestException) as exc:
                return FetchResult(
                    url,
                    "error",
                    status=response.status_code,
                    final_url=url,
                    headers=kept,
                    reason=f"reading body: {describe_failure(exc)}",
                )
            except _TooSlow as exc:
                return FetchResult(
                    url, "error", status=response.status_code, final_url=url, headers=kept, reason=str(exc)
                )
            finally:
                response.close()
        result = FetchResult(url, "ok", status=response.status_code, final_url=url, headers=kept, body=body)
        return self._classify(result, cut)

    def _read_capped(self, response: requests.Response, started: float) -> tuple[bytes, bool]:
        """The body, or (b"", True) past the size cap; `_TooSlow` past the time limit.

        `read1` returns whatever one receive brought (decoded, at most 64 KB even from a
        gzip bomb), so the clock is checked between receives: a server that trickles a byte
        per second cannot hold a crawl thread for longer than `max_seconds`.
        """
        cap = self.policy.max_body_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            return b"", True
        chunks, total = [], 0
        while chunk := response.raw.read1(64 * 1024, decode_content=True):
            total += len(chunk)
            if total > cap:
                return b"", True
            chunks.append(chunk)
            if time.monotonic() - started > self.policy.max_seconds:
                raise _TooSlow(
                    f"response took longer than {self.policy.max_seconds:g} s "
                    f"({total} bytes received); not retried"
                )
        return b"".join(chunks), False

    def _classify(self, result: FetchResult, cut: bool) -> FetchResult:
        status, body = result.status or 0, result.body or b""
        if cut:
            result.outcome, result.body = "error", None
            result.reason = f"body larger than {self.policy.max_body_bytes} bytes"
        elif status == 304:
            result.outcome, result.body = "not_modified", None
        elif (wall := wall_reason(status, body)) is not None:
            result.outcome, result.reason = "blocked", wall
        elif status in (404, 410):
            result.outcome, result.reason = "not_found", f"HTTP {status}"
        elif status >= 500 or status in RETRYABLE_STATUS:
            raise _Retryable(f"HTTP {status}", result, retry_after_seconds(result.headers.get("retry-after")))
        elif status >= 400:
            result.outcome, result.reason = "error", f"HTTP {status}"
        return result
