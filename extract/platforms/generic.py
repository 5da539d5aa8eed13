"""The generic fallback: find report pages on a site nobody has configured.

Given only a site root or a column URL, walk the site best-first: links whose text or path
speaks of annual reports (年报, 年度报告, ndbg, …) first, then 信息公开 sections, then pagers
(下一页, `createPageHTML`, Hanweb datastores). A link is an item when its text reads like a
report title, or when it has a detail-page URL shape on a page that is itself a report column.
The walk stays on the start URL's host and stops at a page budget, so an unknown site can
never turn into an unbounded crawl.
"""

from __future__ import annotations

import heapq
import re
from itertools import count
from urllib.parse import urlsplit

from core.titles import looks_like_report
from extract.fetcher import Page
from extract.platforms import hanweb, trs
from extract.platforms.base import (
    NEXT_TEXT,
    Link,
    ListContext,
    Listing,
    anchors,
    directory_of,
    is_list_page_url,
)
from extract.urls import host_of

FAMILY = "generic"
MAX_DEPTH = 5
GENERIC_PAGE_BUDGET = 150
DETAIL_SHAPE = re.compile(
    r"(/t\d{8}_\d+\.s?html?$|/content/post_\d+\.html$|/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"
    r"|/info/\d+/\d+\.htm$|/\d{4}-\d{2}-\d{2}/\d+\.html$|/content_\d+\.html$|/post_\d+\.html$"
    r"|\.(?:pdf|docx?|xlsx?)$)",
    re.IGNORECASE,
)
REPORT_WORDS = ("年报", "年度报告", "工作报告")
REPORT_PATH = re.compile(r"(ndbg|gknb|ndxxgkbg|/nb/|annualreport)", re.IGNORECASE)
SECTION_WORDS = ("信息公开", "政务公开", "公开目录", "部门", "街道", "镇", "机构", "更多", "more")
SECTION_PATH = re.compile(r"(zfxxgk|xxgk|zwgk|gkml|bmxx|/col/)", re.IGNORECASE)


def is_report_column(page: Page) -> bool:
    path = urlsplit(page.final_url or page.url).path
    head = page.text[:4096]
    return bool(REPORT_PATH.search(path)) or any(w in head for w in REPORT_WORDS)


def priority(link: Link) -> int | None:
    """Lower is sooner; None means "not worth following"."""
    path = urlsplit(link.url).path
    if any(w in link.text for w in REPORT_WORDS) or REPORT_PATH.search(path):
        return 0
    if link.text.strip() in NEXT_TEXT:
        return 1
    if any(w in link.text for w in SECTION_WORDS) or SECTION_PATH.search(path):
        return 2
    return None


def page_links(page: Page, ctx: ListContext, listing: Listing) -> list[Link]:
    """All links on a page, including Hanweb datastore records and their later pages."""
    url = page.final_url or page.url
    links = anchors(url, page.text) + hanweb.records(url, page.text)
    if hanweb.RECORD.search(page.text):
        extra = Listing(pages=listing.pages)
        hanweb.follow_proxy(page, ctx, extra)
        listing.pages = extra.pages
        links += extra.items
    return links


def walk(start_url: str, ctx: ListContext) -> Listing:
    listing = Listing()
    home = host_of(start_url)
    budget = min(ctx.max_pages, GENERIC_PAGE_BUDGET)
    order = count()
    queue: list[tuple[int, int, int, str]] = [(0, 0, next(order), start_url)]
    queued = {start_url}
    while queue and listing.pages < budget:
        _, depth, _, url = heapq.heappop(queue)
        page = ctx.fetch(url)
        listing.pages += 1
        if listing.first_page is None:
            listing.first_page = page
        if not page.usable:
            if url == start_url:
                listing.problems.append(f"start page {url}: {page.outcome} {page.reason}".strip())
            continue
        in_column = is_report_column(page)
        follow: list[tuple[int, str]] = []
        for link in page_links(page, ctx, listing):
            reportish = looks_like_report(link.text)
            if (reportish and not is_list_page_url(link.url)) or (
                in_column and DETAIL_SHAPE.search(link.url)
            ):
                listing.add([link])
            elif host_of(link.url) == home and (rank := priority(link)) is not None:
                follow.append((0 if reportish else rank, link.url))
        more = trs.pager_pages(page, directory_of(page.final_url or page.url)) or []
        follow.extend((1, extra) for extra in more)
        if depth >= MAX_DEPTH:
            continue
        for rank, target in follow:
            if target not in queued and not DETAIL_SHAPE.search(target):
                queued.add(target)
                heapq.heappush(queue, (rank, depth + 1, next(order), target))
    return listing
