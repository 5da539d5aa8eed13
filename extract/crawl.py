"""Crawl registry sources into the archive and say exactly what was found and what was not.

`crawl_source` walks one source's column with its family's adapter, fetches every item
(detail page or file) and every attachment of a report page, and returns a `SourceResult`;
the nightly flow calls it once per source as a Prefect task. `crawl` does the same for many
sources on a thread pool (hosts interleaved, each host held to its politeness gate), first
reading each district's own column pages to reconcile declared and discovered columns.

Two hooks serve whoever runs the crawl: `CrawlHooks.on_fetch` / `on_report` see every fetch
and every report as it happens (the progress display counts pages, reports, 304s and errors
per host), and `should_stop` is asked before every fetch — when it says yes the crawl fetches
nothing more, each source in flight ends at its next request with `stopped` set, sources not
yet started are not started, and the summary says the crawl was stopped.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from core.titles import looks_like_report, report_year
from extract.archive import Archive
from extract.detail import read_detail
from extract.fetcher import FRESH, NOT_MODIFIED, UNCHANGED, ArchivingFetcher, Page
from extract.filetypes import document_problem, is_document_url, sniff
from extract.http import HttpClient
from extract.platforms import Link, ListContext, Listing, walker_for
from extract.platforms.base import anchors, first_page_candidates
from extract.politeness import Politeness
from extract.registry import District, Source, discovered_source
from extract.summary import CrawlSummary, ReportRef, SourceResult
from extract.urls import AllowList, host_of

log = logging.getLogger(__name__)
FetchHook = Callable[[str, str, str, str], None]  # (source key, url, outcome, change)
USABLE = (FRESH, UNCHANGED, NOT_MODIFIED)
# A report page whose body is shorter than this and links a file only wraps that file.
WRAPPER_MAX_CHARS = 200


class _Stopped(BaseException):
    """Raised at the next fetch once `should_stop` says yes. A BaseException, so the adapters'
    `except Exception` guards (one broken page must not lose a source) let it through."""


@dataclass(frozen=True)
class CrawlHooks:
    """What the caller wants to see or decide while the crawl runs (all optional)."""

    should_stop: Callable[[], bool] | None = None
    on_fetch: FetchHook | None = None
    on_report: Callable[[str, ReportRef], None] | None = None
    on_start: Callable[[int], None] | None = None
    on_result: Callable[[SourceResult], None] | None = None

    def stopping(self) -> bool:
        return bool(self.should_stop and self.should_stop())


NO_HOOKS = CrawlHooks()


@dataclass
class _SourceCrawl:
    """The state of one source's crawl: its fetch wrapper, result, seen-URL set and hooks."""

    source: Source
    fetcher: ArchivingFetcher
    result: SourceResult
    hooks: CrawlHooks = NO_HOOKS

    def fetch(self, url: str, role: str, parent: str | None = None, **kwargs: Any) -> Page:
        """Fetch and log one URL; its capture names the column (label and URL as the crawl
        knows them), so a discovered column's reports can be attributed to its agency."""
        if self.hooks.stopping():
            raise _Stopped
        url = self.source.hosts.rewrite(url)
        kwargs["meta"] = {
            **kwargs.get("meta", {}),
            "column": {"agency": self.source.agency, "url": self.source.column_url},
        }
        page = self.fetcher.get(
            url,
            role=role,
            allow=self.source.allow,
            source=self.source.key,
            parent_url=parent,
            verify_tls=self.source.verify_tls,
            **kwargs,
        )
        self.result.count(page.outcome, page.change)
        if page.outcome not in USABLE:
            self.result.problem(url, page.outcome, page.reason, role)
        if self.hooks.on_fetch:
            self.hooks.on_fetch(self.source.key, url, page.outcome, page.change)
        return page

    def add_report(self, ref: ReportRef) -> None:
        self.result.reports.append(ref)
        if self.hooks.on_report:
            self.hooks.on_report(self.source.key, ref)

    def list_context(self) -> ListContext:
        return ListContext(fetch=lambda url: self.fetch(url, "list"))


def _not_a_document(page: Page) -> str | None:
    return document_problem(page.body or b"")


def file_meta(link_text: str, parent: str | None, parent_title: str) -> dict[str, Any]:
    """What a linked document is known as before its bytes are read: it inherits what its
    page says it is, the title and the year it covers."""
    year = report_year(link_text) or report_year(parent_title)
    return {"link_text": link_text, "attachment_of": parent, "title": link_text or parent_title, "year": year}


def describe_detail(page: Page, link_text: str, list_url: str | None, allow: AllowList) -> dict[str, Any]:
    """A detail page's capture `meta`: its metadata, attachments, and whether it is a report
    (its own title or the list's link text names one) or only wraps an attached file."""
    detail = read_detail(page.final_url or page.url, page.text)
    title = detail.title if looks_like_report(detail.title) else (link_text or detail.title)
    wrapper = bool(detail.attachments) and detail.body_chars < WRAPPER_MAX_CHARS
    elsewhere = [
        a.url
        for a in anchors(page.final_url or page.url, page.text)
        if looks_like_report(a.text) and allow.check(a.url)
    ]
    return {
        **detail.to_meta(),
        "list_text": link_text,
        "list_url": list_url,
        "offsite_report_links": elsewhere,
        "is_report": not wrapper and (looks_like_report(title) or looks_like_report(link_text)),
        "attachment_only": wrapper,
        "year": report_year(title) or report_year(link_text),
    }


def _crawl_file(run: _SourceCrawl, link: Link, parent: str | None, parent_title: str, role: str) -> None:
    """Fetch a linked document; it is a report candidate if its bytes are a real document."""
    meta = file_meta(link.text, parent, parent_title)
    page = run.fetch(
        link.url,
        role,
        parent,
        meta=meta,
        validate=_not_a_document,
        describe=lambda p: {"kind": sniff(p.body or b"")},
    )
    if page.outcome in USABLE:
        run.add_report(
            ReportRef(
                link.url,
                meta["year"],
                meta["title"],
                sniff(page.body or b"") or "file",
                page.outcome,
                page.change,
                parent,
            )
        )


def _crawl_item(run: _SourceCrawl, link: Link, list_url: str | None, seen: set[str]) -> None:
    if is_document_url(link.url):
        _crawl_file(run, link, None, "", "attachment")
        return

    def describe(page: Page) -> dict[str, Any]:
        return describe_detail(page, link.text, list_url, run.source.allow)

    # What the list says about the page, kept even when the page itself cannot be read (a
    # wall): the coverage report places a blocked report by its year.
    listed = {"list_text": link.text, "list_year": report_year(link.text)}
    page = run.fetch(link.url, "detail", list_url, meta=listed, describe=describe)
    if page.outcome not in USABLE or page.capture is None:
        return
    meta = page.capture.meta
    title = meta.get("title") or link.text
    if meta.get("is_report"):
        run.add_report(ReportRef(link.url, meta.get("year"), title, "html", page.outcome, page.change))
    elif not meta.get("attachment_only"):
        run.result.notes.append(f"item {link.url} is not a report ({meta.get('title')!r})")
        return
    for offsite in meta.get("offsite_report_links", []):
        run.fetch(offsite, "detail", link.url)  # logged as refused, never requested
    for attachment in meta.get("attachments", []):
        key = run.source.hosts.key(attachment["url"])
        if key in seen:
            continue
        seen.add(key)
        _crawl_file(run, Link(attachment["url"], attachment.get("text", "")), link.url, title, "attachment")


def _walk(run: _SourceCrawl) -> Listing:
    """Walk the source's column; a 404 column with a declared replacement walks the new one.

    The old column's 404s are then expected, so they move from problems to notes.
    """
    source, ctx = run.source, run.list_context()
    listing = walker_for(source.family)(source.column_url, ctx)
    first = listing.first_page
    if source.moved_to and (first is None or first.outcome == "not_found"):
        old = run.result.forget_problems(role="list")
        run.result.notes.append(
            f"column {source.column_url} is gone ({len(old)} URLs answered "
            f"404); crawled its declared replacement {source.moved_to}"
        )
        listing = walker_for(source.family)(source.moved_to, ctx)
    return listing


def crawl_source(
    source: Source,
    archive: Archive,
    client: HttpClient,
    fetcher: ArchivingFetcher | None = None,
    hooks: CrawlHooks = NO_HOOKS,
) -> SourceResult:
    """Crawl one source into `archive`; never raises for site trouble, reports it instead.
    Stopped (`hooks.should_stop`), it returns what it had with `stopped` set."""
    fetcher = fetcher or ArchivingFetcher(client, archive)
    result = SourceResult(source.key, source.agency, source.column_url, source.declared, source.years)
    run = _SourceCrawl(source, fetcher, result, hooks)
    try:
        _crawl_listing(run)
    except _Stopped:
        result.stopped = True
    return result


def _crawl_listing(run: _SourceCrawl) -> None:
    source, result = run.source, run.result
    listing = _walk(run)
    result.notes.extend(listing.problems)
    seen: set[str] = set()
    for link in listing.items:
        key = source.hosts.key(link.url)
        if key in seen:
            continue
        seen.add(key)
        try:
            _crawl_item(
                run,
                Link(source.hosts.rewrite(link.url), link.text),
                listing.first_page.url if listing.first_page else None,
                seen,
            )
        except Exception as exc:  # one broken page must not lose the rest of the source
            log.exception("crawling %s of %s failed", link.url, source.key)
            result.problem(link.url, "error", f"{type(exc).__name__}: {exc}", "detail")
    if not result.reports:
        first = listing.first_page
        why = "" if first is None or first.usable else f" (column: {first.outcome} {first.reason})"
        result.errors.append(
            f"declared source yielded zero reports{why}"
            if source.declared
            else f"source yielded zero reports{why}"
        )


def discover_columns(district: District, fetcher: ArchivingFetcher) -> dict[str, Source]:
    """Columns linked from the district's own pages, by code, as (undeclared) sources."""
    found: dict[str, Source] = {}
    if district.discovery is None:
        return found
    for page_url in district.discovery.pages:
        for candidate in first_page_candidates(page_url):
            page = fetcher.get(
                candidate, role="list", allow=district.allow, source=f"{district.key}/discover"
            )
            if page.usable or page.outcome != "not_found":
                break
        if not page.usable:
            log.warning("discovery page %s of %s: %s", page_url, district.key, page.outcome)
            continue
        for link in anchors(page.final_url or page.url, page.text):
            url = district.hosts.rewrite(link.url)
            code = district.discovery.column_code(url)
            if code and district.allow.check(url) is None and code not in found:
                found[code] = discovered_source(district, url, code, link.text)
    return found


def reconcile(
    districts: Iterable[District], fetcher: ArchivingFetcher, summary: CrawlSummary
) -> list[Source]:
    """Declared sources plus discovered-only ones; mismatches are recorded on `summary`."""
    sources: list[Source] = []
    for district in districts:
        sources.extend(district.sources)
        if district.discovery is None:
            continue
        discovered = discover_columns(district, fetcher)
        declared = {s.key.split("/", 1)[1]: s for s in district.sources}
        for code, source in sorted(discovered.items()):
            if code not in declared:
                summary.discovered_not_declared.append(source.key)
                sources.append(source)
        summary.declared_not_discovered.extend(
            s.key for code, s in declared.items() if code not in discovered and s.level != "district"
        )
    return sources


def interleave_by_host(sources: list[Source]) -> list[Source]:
    """Round-robin across hosts so parallel workers do not all queue on one host's gate."""
    by_host: dict[str, list[Source]] = {}
    for source in sources:
        by_host.setdefault(host_of(source.column_url), []).append(source)
    rows = zip_longest(*by_host.values())
    return [s for row in rows for s in row if s is not None]


def configure_politeness(client: HttpClient, sources: Iterable[Source]) -> None:
    """Each host gets its source's politeness; `OGI_POLITENESS=lifted` lifts the limits, for a
    local mirror or a benchmark only (a real government site always gets the registry's)."""
    lifted = os.environ.get("OGI_POLITENESS") == "lifted"
    if lifted:
        log.warning("OGI_POLITENESS=lifted: per-host rate and concurrency limits are off")
    for source in sources:
        for host in source.allow.hosts:
            client.limiter.configure(host, Politeness.lifted() if lifted else source.politeness)


def crawl(
    sources: Iterable[Source],
    archive: Archive,
    client: HttpClient,
    *,
    districts: Iterable[District] = (),
    workers: int = 8,
    registry_politeness: bool = True,
    only: set[str] | None = None,
    hooks: CrawlHooks = NO_HOOKS,
    fetcher: ArchivingFetcher | None = None,
) -> CrawlSummary:
    """Crawl `sources` (plus what `districts` discovery adds) with one shared fetcher.

    `only` keeps just those source keys after discovery (one discovered column, say);
    `fetcher` replaces the default one (a replay from a web archive brings its own).
    """
    started = time.monotonic()
    summary = CrawlSummary()
    fetcher = fetcher or ArchivingFetcher(client, archive)
    districts = list(districts)
    all_sources = list(sources)
    if registry_politeness:
        configure_politeness(client, all_sources + [s for d in districts for s in d.sources])
    if districts:
        all_sources = reconcile(districts, fetcher, summary) + [
            s for s in all_sources if s.district not in {d.key for d in districts}
        ]
    if only is not None:
        all_sources = [s for s in all_sources if s.key in only]
        summary.discovered_not_declared = [k for k in summary.discovered_not_declared if k in only]
        summary.declared_not_discovered = [k for k in summary.declared_not_discovered if k in only]
    ordered = interleave_by_host(all_sources)
    if hooks.on_start:
        hooks.on_start(len(ordered))
    with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="crawl") as pool:
        futures = {pool.submit(crawl_source, s, archive, client, fetcher, hooks): s for s in ordered}
        for future in as_completed(futures):
            if future.cancelled():
                continue
            result = future.result()
            summary.results.append(result)
            if hooks.on_result:
                hooks.on_result(result)
            if hooks.stopping():
                for pending in futures:  # sources not started yet are not started
                    pending.cancel()
    summary.stopped = hooks.stopping() or any(r.stopped for r in summary.results)
    summary.results = [r for r in summary.results if not (r.stopped and r.counts["pages"] == 0)]
    summary.results.sort(key=lambda r: r.key)
    summary.elapsed = time.monotonic() - started
    return summary
