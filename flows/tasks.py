"""Prefect tasks: thin wrappers around what extract, transform and warehouse already do.

Network tasks retry (a dropped connection, a server restarting); a parse error is data and
is recorded, never retried. Crawls fan out one task per district, so each host's politeness
limits live in one process even when a Dask cluster runs the tasks; parses fan out one task
per report. Loading is a single writer and runs in the flow's own process.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from prefect import task

from extract.archive import Archive, Capture
from extract.summary import CrawlSummary
from transform.model import ParseResult

if TYPE_CHECKING:
    from extract.http import HttpClient
    from extract.registry import Registry

log = logging.getLogger("flows")


@dataclass(frozen=True)
class Scope:
    """What one run covers: registry sources (narrowed) or one ad-hoc URL."""

    sources: tuple[str, ...] = ()
    district: str | None = None
    since_year: int | None = None
    url: str | None = None
    sources_file: str | None = None  # a district file outside the registry (onboarding)
    unofficial: bool = False  # `url` may be outside *.gov.cn (`--unofficial`)

    def keep_year(self, year: int | None) -> bool:
        return self.since_year is None or year is None or year >= self.since_year


def _client() -> HttpClient:
    """One HTTP client per process and routing: per-host limits and connection pools are
    shared by every task in it; `OGI_MIRROR` routes it to the local mirror."""
    return _client_for(os.environ.get("OGI_MIRROR"), os.environ.get("OGI_CA_BUNDLE"))


@cache
def _client_for(mirror: str | None, ca_bundle: str | None) -> HttpClient:
    from extract.http import HttpClient

    return HttpClient.from_env()


@cache
def registry(sources_file: str | None = None) -> Registry:
    """The source registry, plus (or overriding) the district in `sources_file`."""
    from extract.registry import Registry, load_district, load_registry

    main = load_registry()
    if not sources_file:
        return main
    extra = load_district(Path(sources_file))
    return Registry((*(d for d in main.districts if d.key != extra.key), extra))


def plan_crawls(scope: Scope) -> list[tuple[str, tuple[str, ...] | None]]:
    """(district key, only these source keys or None for all) per crawl task."""
    if scope.url:
        return [(f"url:{scope.url}", None)]
    reg = registry(scope.sources_file)
    if scope.sources_file:
        return [(reg.districts[-1].key, None)]  # the file's district (see `registry`)
    if scope.sources:
        by_district: dict[str, list[str]] = {}
        for key in scope.sources:
            by_district.setdefault(key.split("/", 1)[0], []).append(key)
        for district in by_district:
            reg.district(district)  # a bad name fails here, with the known districts
        return [(d, tuple(keys)) for d, keys in sorted(by_district.items())]
    districts = [reg.district(scope.district)] if scope.district else reg.districts
    return [(d.key, None) for d in districts]


@task(name="crawl-district", retries=2, retry_delay_seconds=[10, 60], log_prints=True)
def crawl_district(
    district_key: str,
    only: tuple[str, ...] | None,
    raw_root: str,
    workers: int = 4,
    sources_file: str | None = None,
    unofficial: bool = False,
) -> CrawlSummary:
    """Discover (declared + discovered columns) and fetch one district, or one ad-hoc URL."""
    from extract.crawl import CrawlHooks, crawl
    from extract.registry import adhoc_source
    from flows import stop
    from flows.progress import reporter

    archive = Archive(raw_root)
    shown = reporter()
    hooks = CrawlHooks(should_stop=stop.requested, on_fetch=shown.fetched, on_report=shown.report)
    if district_key.startswith("url:"):
        source = adhoc_source(district_key[4:], unofficial=unofficial)
        return crawl([source], archive, _client(), workers=workers, hooks=hooks)
    district = registry(sources_file).district(district_key)
    return crawl(
        [],
        archive,
        _client(),
        districts=[district],
        workers=workers,
        only=set(only) if only else None,
        hooks=hooks,
    )


@task(name="parse-reports", retries=0)
def parse_reports(captures: list[Capture], raw_root: str) -> list[ParseResult]:
    """Parse a batch of archived reports (a task per report would cost more in orchestration
    than in parsing); a failure becomes that result's `error`, never an exception."""
    from flows import stop
    from transform.parse import parse_contained

    archive = Archive(raw_root)
    results = []
    for capture in captures:
        if stop.requested():  # the flow sees the shorter list and stops before loading
            break
        if not archive.has(capture.sha256):
            results.append(
                ParseResult(source=capture.url, error=f"raw bytes {capture.sha256} missing from {raw_root}")
            )
            continue
        try:
            results.append(parse_contained(archive.read(capture.sha256), capture.url))
        except Exception as exc:  # the parser's own guard failed: still one report's problem
            results.append(ParseResult(source=capture.url, error=f"parser crashed: {exc!r}"[:500]))
    return results
