"""TRS WCM static columns (all six Xiamen districts, most of Fujian, Beijing, Wuhan).

A column is a directory; its first list page is the directory itself or, where the server
has no directory index, `index.htm` (or `.html`/`.shtml`). An inline
`createPageHTML(total, current, "index", "htm")` call names how many pages follow:
`index_1.htm` … `index_<total-1>.htm`. Items are the links that live below the column
directory (`YYYYMM/tYYYYMMDD_N.htm`, `P0….pdf`), not the pager's own pages.
"""

from __future__ import annotations

import re

from extract.fetcher import Page
from extract.platforms.base import (
    ListContext,
    Listing,
    column_items,
    directory_of,
    fetch_list_pages,
    follow_next,
    open_first_page,
)

FAMILY = "trs"
CREATE_PAGE = re.compile(
    r"""createPageHTML\s*\(\s*['"]?(\d+)['"]?\s*,\s*['"]?(\d+)['"]?\s*,\s*['"]([\w-]+)['"]\s*,"""
    r"""\s*['"](\w+)['"]"""
)


def pager_pages(page: Page, directory: str) -> list[str] | None:
    """URLs of pages 2..N named by `createPageHTML`, or None when the page has no such call."""
    match = CREATE_PAGE.search(page.text)
    if match is None:
        return None
    total, base, ext = int(match.group(1)), match.group(3), match.group(4)
    return [f"{directory}{base}_{k}.{ext}" for k in range(1, total)]


def walk(column_url: str, ctx: ListContext) -> Listing:
    listing = Listing()
    page = open_first_page(column_url, ctx, listing)
    if page is None:
        return listing
    directory = directory_of(page.final_url or page.url)
    listing.add(column_items(page, directory))
    more = pager_pages(page, directory)
    if more is None:
        follow_next(ctx, listing, page, lambda p: column_items(p, directory))
        return listing
    fetch_list_pages(ctx, listing, more, lambda p: column_items(p, directory))
    return listing
