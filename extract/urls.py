"""URL hygiene for the crawler: repair, resolve, canonicalise, and decide what may be fetched.

Government pages link sloppily (`http:///edu.xm.gov.cn/…`, `./P0….pdf`, `javascript:` hrefs),
one site answers on several hosts (`siming.gov.cn` / `www.siming.gov.cn`, http and https),
and hijack mirrors copy government paths under foreign domains. Every URL the crawler may
request passes through `AllowList.check`, so a link or redirect to a host that is not the
agency's own is refused before any byte leaves the machine.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

_SCHEME_SLASHES = re.compile(r"^(https?):/{3,}", re.IGNORECASE)
_NON_FETCHABLE = ("javascript:", "mailto:", "tel:", "#", "data:")


def repair(href: str) -> str:
    """Fix the link damage seen on real sites: whitespace, triple slashes, backslashes."""
    href = href.strip().replace("\\", "/")
    href = "".join(href.split())  # line breaks inside long hrefs
    return _SCHEME_SLASHES.sub(r"\1://", href)


def resolve(base: str, href: str) -> str | None:
    """Absolute http(s) URL for a link on page `base`, or None for script/mail/fragment links."""
    if not href:
        return None
    href = repair(href)
    if href.lower().startswith(_NON_FETCHABLE):
        return None
    absolute = urljoin(base, href)
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def is_ip_literal_private(host: str) -> bool:
    """True for loopback, private, link-local and unspecified IP literals and `localhost`."""
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_unspecified


def is_official_host(host: str) -> bool:
    """`*.gov.cn`, or a public IP literal (some agencies serve from a bare IP and port).

    Hijack mirrors copy government paths under commercial domains (SITES.md §3.5), so an
    ad-hoc crawl of a host outside `gov.cn` is refused unless the caller insists.
    """
    host = host.lower().rstrip(".")
    if host == "gov.cn" or host.endswith(".gov.cn"):
        return True
    try:
        addr = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return addr.is_global


@dataclass(frozen=True)
class HostMap:
    """A district's host aliases: which hostname is canonical, and which dead ones to rewrite.

    `aliases` maps a live alternative host to its canonical host (same site, fetch as linked,
    deduplicate as one); `rewrites` maps a dead host to its replacement (fetch the replacement).
    """

    aliases: dict[str, str] = field(default_factory=dict)
    rewrites: dict[str, str] = field(default_factory=dict)

    def rewrite(self, url: str) -> str:
        """The URL to actually request: dead hosts replaced by their live successor, same path."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host in self.rewrites:
            netloc = self.rewrites[host] + (f":{parts.port}" if parts.port else "")
            return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        return url

    def key(self, url: str) -> str:
        """Deduplication key: scheme dropped, host folded to canonical, fragment dropped."""
        parts = urlsplit(self.rewrite(url))
        host = (parts.hostname or "").lower()
        host = self.aliases.get(host, host)
        port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
        query = f"?{parts.query}" if parts.query else ""
        return f"{host}{port}{parts.path or '/'}{query}"


@dataclass(frozen=True)
class AllowList:
    """The official hosts a crawl may touch; anything else is refused, never requested."""

    hosts: frozenset[str]
    allow_local: bool = False

    @classmethod
    def of(cls, hosts: Iterable[str], allow_local: bool = False) -> AllowList:
        return cls(frozenset(h.lower() for h in hosts), allow_local)

    @classmethod
    def for_url(cls, url: str) -> AllowList:
        """`ogi crawl --url`: only that URL's own host (a local address is then explicit)."""
        host = host_of(url)
        return cls(frozenset({host}), allow_local=is_ip_literal_private(host))

    def check(self, url: str) -> str | None:
        """None when `url` may be fetched, else the reason it is refused."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return f"scheme {parts.scheme!r} is not http(s)"
        host = (parts.hostname or "").lower()
        if not host:
            return "no host"
        if parts.username is not None or parts.password is not None:
            # requests would send them as Basic auth, and the URL (password included) would
            # be archived and exported; a public report never needs them.
            return "URL carries credentials (user:password@host)"
        if is_ip_literal_private(host) and not self.allow_local:
            return f"host {host} is a local/private address"
        if host not in self.hosts:
            return f"host {host} is not on the allow-list"
        return None
