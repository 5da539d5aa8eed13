"""What every CMS adapter shares: the list-walking context, links, and pager anchors.

An adapter's job is narrow: given a column URL, fetch that column's list pages (always
through `ListContext.fetch`, so they are archived and polite) and return the links to its
items. Deciding whether an item is a report, fetching details and attachments, and counting
happen once, in `extract.crawl`, for every family alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from extract.fetcher import Page
from extract.urls import resolve

MAX_LIST_PAGES = 200  # per column: a runaway pager is a bug, not a big column
NEXT_TEXT = ("下一页", "下页", "后一页", "Next", "next")
LAST_TEXT = ("尾页", "末页", "最后一页")
FIRST_PAGE_NAMES = ("", "index.htm", "index.html", "index.shtml")  # a bare directory's index


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""


@dataclass
class Listing:
    """The result of walking one column: its item links and what went wrong on the way."""

    items: list[Link] = field(default_factory=list)
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    first_page: Page | None = None

    def add(self, links: list[Link]) -> int:
        """Append links not yet listed; returns how many were new."""
        seen = {link.url for link in self.items}
        fresh = [link for link in links if link.url not in seen]
        unique = list({link.url: link for link in fresh}.values())
        self.items.extend(unique)
        return len(unique)


@dataclass
class ListContext:
    """How an adapter fetches a list page: archived, allow-listed, polite."""

    fetch: Callable[[str], Page]
    max_pages: int = MAX_LIST_PAGES


def anchors(page_url: str, html: str) -> list[Link]:
    """Every fetchable `<a href>` with its text (or `title` attribute when longer)."""
    tree = LexborHTMLParser(html)
    links = []
    for a in tree.css("a[href]"):
        url = resolve(page_url, a.attributes.get("href") or "")
        if url is None:
            continue
        text = a.text(strip=True)
        title = (a.attributes.get("title") or "").strip()
        links.append(Link(url, title if len(title) > len(text) else text))
    return links


def pager_link(page_url: str, html: str, words: tuple[str, ...]) -> str | None:
    """The target of the first anchor whose text is one of `words` (下一页, 尾页, …)."""
    for link in anchors(page_url, html):
        if link.text.strip() in words and link.url.split("#")[0] != page_url.split("#")[0]:
            return link.url
    return None


def directory_of(url: str) -> str:
    """`http://h/a/b/index.htm` → `http://h/a/b/`; a URL ending in `/` is its own directory."""
    return url if url.endswith("/") else url.rsplit("/", 1)[0] + "/"


def is_inside(url: str, directory: str) -> bool:
    """Whether `url` lives below `directory` on the same host (scheme ignored)."""
    a, b = urlsplit(url), urlsplit(directory)
    return a.hostname == b.hostname and a.path.startswith(b.path) and a.path != b.path


_INDEX_NAME = re.compile(r"/(?:index|list|default)(?:_\d+)?\.s?html?$", re.IGNORECASE)


def is_list_page_url(url: str) -> bool:
    return bool(_INDEX_NAME.search(urlsplit(url).path)) or urlsplit(url).path.endswith("/")


def column_items(page: Page, directory: str) -> list[Link]:
    """A static column's items: links below its directory that are not its own list pages."""
    return [
        link
        for link in anchors(page.final_url or page.url, page.text)
        if is_inside(link.url, directory) and not is_list_page_url(link.url)
    ]


def first_page_candidates(column_url: str) -> list[str]:
    """A directory URL may have no index of its own on the server: try the usual names too."""
    if not column_url.endswith("/"):
        return [column_url]
    return [column_url + name for name in FIRST_PAGE_NAMES]


def open_first_page(column_url: str, ctx: ListContext, listing: Listing) -> Page | None:
    """Fetch the column's first list page, trying the usual index names for a bare directory."""
    last = None
    for candidate in first_page_candidates(column_url):
        page = ctx.fetch(candidate)
        listing.pages += 1
        if page.usable:
            listing.first_page = page
            return page
        last = page
        if page.outcome != "not_found":
            break
    if last is not None:
        listing.first_page = last
        listing.problems.append(f"column {column_url}: {last.outcome} {last.reason}".strip())
    return None


def fetch_list_pages(
    ctx: ListContext, listing: Listing, urls: list[str], items_of: Callable[[Page], list[Link]]
) -> None:
    """Fetch numbered list pages up to the page cap; a page that fails is noted, not fatal."""
    for url in urls[: max(0, ctx.max_pages - listing.pages)]:
        _take_list_page(ctx, listing, url, items_of)


def follow_next(
    ctx: ListContext, listing: Listing, page: Page, items_of: Callable[[Page], list[Link]]
) -> None:
    """Walk 下一页 anchors from `page` until they stop, loop, or hit the page cap."""
    seen = {page.url}
    current = page
    while listing.pages < ctx.max_pages:
        nxt = pager_link(current.final_url or current.url, current.text, NEXT_TEXT)
        if nxt is None or nxt in seen:
            return
        seen.add(nxt)
        fetched = _take_list_page(ctx, listing, nxt, items_of)
        if fetched is None:
            return
        current = fetched


def _take_list_page(
    ctx: ListContext, listing: Listing, url: str, items_of: Callable[[Page], list[Link]]
) -> Page | None:
    """Fetch one list page and add its items; a page that failed is noted and gives None."""
    page = ctx.fetch(url)
    listing.pages += 1
    if not page.usable:
        listing.problems.append(f"list page {url}: {page.outcome} {page.reason}".strip())
        return None
    listing.add(items_of(page))
    return page
