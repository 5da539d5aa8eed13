"""The mirror's data model: virtual hosts, their resources, sources and reports.

Everything the server answers comes from a `VirtualHost`: a static URL maps to a `Resource`
whose bytes are rendered on first request (start-up stays fast) and then kept, so the same seed
always yields the same bytes, ETag and Last-Modified. Dynamic endpoints (the Hanweb and gkmlpt
paging APIs) are functions of the query. `Source` and `Report` are what the manifest publishes.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class Reply:
    """A complete HTTP answer produced by a dynamic endpoint or a fixed hazard."""

    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Resource:
    """One static URL. `conditional` resources carry ETag/Last-Modified and answer 304s."""

    render: Callable[[], bytes]
    content_type: str
    modified: datetime
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = True
    report_url: str | None = None  # the report this renders, so change_report can find it
    _body: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def body(self) -> bytes:
        if self._body is None:
            with self._lock:
                if self._body is None:
                    self._body = self.render()
        return self._body

    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body()).hexdigest()[:20] + '"'

    def invalidate(self) -> None:
        with self._lock:
            self._body = None


Endpoint = Callable[[str, dict[str, list[str]]], Reply]  # (method, params) -> Reply


@dataclass
class VirtualHost:
    """A government (or hijack) host. `http`/`https` say how each scheme answers:
    serve, redirect (301 to https), drop (close without answering) or refuse (no TLS)."""

    name: str
    family: str
    official: bool = True
    aliases: tuple[str, ...] = ()
    http: str = "serve"  # serve | redirect | drop
    https: str = "refuse"  # serve | refuse
    robots: str = "allow-all"  # allow-all | disallow-all | disallow-path | missing
    static: dict[str, Resource] = field(default_factory=dict)
    dynamic: dict[str, Endpoint] = field(default_factory=dict)

    @property
    def schemes(self) -> list[str]:
        out = []
        if self.http in ("serve", "redirect"):
            out.append("http")
        if self.https == "serve":
            out.append("https")
        return out

    def base_url(self) -> str:
        """The scheme a link to this host uses in the manifest: https when it is served."""
        return f"{'https' if self.https == 'serve' else 'http'}://{self.name}"


@dataclass
class Source:
    """One agency's report column: the unit the crawler's registry configures."""

    key: str
    district: str
    region_code: str
    agency: str
    level: str
    parent: str | None
    family: str
    column_url: str
    configured: bool = True
    years: list[int] = field(default_factory=list)
    missing_years: list[int] = field(default_factory=list)

    def to_manifest(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "district": self.district,
            "region_code": self.region_code,
            "agency": self.agency,
            "level": self.level,
            "parent": self.parent,
            "family": self.family,
            "column_url": self.column_url,
            "configured": self.configured,
            "years": sorted(self.years),
            "missing_years": sorted(self.missing_years),
        }


@dataclass
class Report:
    """One served document holding a report (a page, or a file attached to a page)."""

    url: str
    source: str
    agency: str
    year: int
    published: str  # YYYY-MM-DD, the CMS publish date (URL date)
    template: str | None
    form: str = "html"  # html | pdf | doc | docx
    title: str = ""
    hazards: list[str] = field(default_factory=list)
    expected_outcome: str = "ok"  # ok | blocked | not_found | refused | unsupported
    attachment_of: str | None = None
    values: dict[str, Any] | None = None
    narrative: dict[str, int] | None = None
    fixture: str | None = None  # tests/fixtures/corpus/<name> for real bundled reports
    style: dict[str, Any] = field(default_factory=dict)
    revision: int = 0

    def to_manifest(self) -> dict[str, Any]:
        out = {
            "url": self.url,
            "source": self.source,
            "agency": self.agency,
            "year": self.year,
            "template": self.template,
            "form": self.form,
            "title": self.title,
            "attachment_of": self.attachment_of,
            "published": self.published,
            "hazards": list(self.hazards),
            "expected_outcome": self.expected_outcome,
            "values": self.values,
            "revision": self.revision,
        }
        if self.narrative is not None:
            out["narrative"] = self.narrative
        if self.fixture:
            out["fixture"] = self.fixture
        return out


@dataclass
class Attachment:
    """A file linked from an article: a report (pdf/doc) or a broken link (tiny error page)."""

    filename: str
    label: str
    kind: str  # pdf | doc | broken
    report: Report | None = None


@dataclass
class Article:
    """One list entry of a column and the page (or file) it links to."""

    path: str  # absolute path on the host
    title: str
    published: str  # YYYY-MM-DD
    clock: str  # HH:MM
    report: Report | None = None  # set when the page itself holds the report
    attachments: list[Attachment] = field(default_factory=list)
    kind: str = "page"  # page | file | waf_412 | waf_521 | gbk
    meta: dict[str, str] = field(default_factory=dict)


def report_of(item: Article | Attachment) -> Report:
    """The report a file article, a report page or a pdf/doc attachment renders. The builders
    always give those one, so a missing report is a bug in a builder, not a case to serve."""
    if item.report is None:
        raise ValueError(f"{item.path if isinstance(item, Article) else item.filename} has no report")
    return item.report
