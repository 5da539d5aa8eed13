"""Captures for archived responses no registry crawl walks to, by the crawl's own rules.

A web archive of a site the registry does not know, or pages of a known site no column walk
reaches, still holds reports. Each such response becomes one capture, described the way the
crawler describes what it fetches: an HTML page is a report when its title names one and it
does not merely wrap an attached file (`extract.crawl.describe_detail`); a document, known by
its bytes (`extract.filetypes`), is an attachment of the archived report page that links it
and inherits that page's title and year (`extract.crawl.file_meta`), or stands alone when no
archived page links it; anything else (list pages, images, style sheets) is archived as
`other` and never parsed. No registry source is known here, so a report's agency is the one
it prints.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from core.sniff import sniff
from extract.archive import Archive, Capture
from extract.crawl import describe_detail, file_meta
from extract.fetcher import FRESH, REJECTED, Page
from extract.filetypes import document_problem, is_document_url
from extract.http import kept_headers
from extract.urls import AllowList
from extract.walls import wall_reason

DOCUMENT_KINDS = ("pdf", "ole", "zip")


@dataclass(frozen=True)
class Body:
    """One archived response to describe: where it came from and what it said."""

    url: str
    fetched_at: str
    status: int | None
    headers: tuple[tuple[str, str], ...]
    sha256: str
    size: int


def outcome_of(status: int | None, body: bytes) -> tuple[str, str]:
    """The capture outcome a crawl would have given this response, and why."""
    if status is None:
        return "error", "no HTTP status recorded"
    if status == 304:
        return "not_modified", ""
    if (wall := wall_reason(status, body)) is not None:
        return "blocked", wall
    if status in (404, 410):
        return "not_found", f"HTTP {status}"
    if 200 <= status < 300:
        return FRESH, ""
    return "error", f"HTTP {status}"


def _content_type(body: Body) -> str:
    return next((v for k, v in body.headers if k.lower() == "content-type"), "")


def _is_page(body: Body, data: bytes) -> bool:
    return sniff(data) == "html" or "html" in _content_type(body).lower()


def describe_bodies(
    bodies: Iterable[Body], archive: Archive, on_each: Callable[[], None] | None = None
) -> list[Capture]:
    """One capture per body, in the order given (see the module docstring for the rules)."""
    bodies = list(bodies)
    pages: dict[str, dict] = {}  # url -> meta of report pages (and wrappers) among them
    described: list[tuple[Body, bytes, str, str, dict]] = []
    for body in bodies:
        data = archive.read(body.sha256) if body.sha256 else b""
        outcome, reason = outcome_of(body.status, data)
        meta: dict = {}
        if outcome == FRESH and _is_page(body, data):
            page = Page(body.url, FRESH, body=data, content_type=_content_type(body), final_url=body.url)
            meta = describe_detail(page, "", None, AllowList.for_url(body.url))
            if meta["is_report"] or meta["attachment_only"]:
                pages[body.url] = meta
        described.append((body, data, outcome, reason, meta))
        if on_each:
            on_each()
    parents = {
        attachment["url"]: (url, meta)
        for url, meta in pages.items()
        for attachment in meta.get("attachments", [])
    }
    return [
        _capture(body, data, outcome, reason, meta, pages, parents)
        for body, data, outcome, reason, meta in described
    ]


def _capture(
    body: Body,
    data: bytes,
    outcome: str,
    reason: str,
    meta: dict,
    pages: dict[str, dict],
    parents: dict[str, tuple[str, dict]],
) -> Capture:
    role, parent_url = "other", None
    if body.url in pages:
        role = "detail"
    elif outcome == FRESH and (is_document_url(body.url) or sniff(data) in DOCUMENT_KINDS):
        role = "attachment"
        parent_url, parent = parents.get(body.url, (None, {}))
        link_text = next(
            (a.get("text", "") for a in parent.get("attachments", []) if a["url"] == body.url), ""
        )
        meta = {**file_meta(link_text, parent_url, parent.get("title", "")), "kind": sniff(data)}
        if problem := document_problem(data):
            outcome, reason = REJECTED, problem
    elif meta and not meta["is_report"]:
        meta = {}  # a page that is no report is kept as `other`, undescribed
    return Capture(
        url=body.url,
        sha256=body.sha256,
        size=body.size,
        fetched_at=body.fetched_at,
        final_url=body.url,
        status=body.status,
        headers=kept_headers(body.headers),
        outcome=outcome,
        reason=reason,
        role=role,
        parent_url=parent_url,
        meta=meta,
    )
