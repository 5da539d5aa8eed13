"""Guangdong / Shenzhen "集约化" column sites: `index.html`, `index_2.html`, … with 尾页.

Items are `…/<column>/content/post_<id>.html`. The last page number comes from the 尾页
anchor's `index_(\\d+)`; when a site has no 尾页, its 下一页 anchors are followed instead.
"""

from __future__ import annotations

import re

from extract.platforms.base import (
    LAST_TEXT,
    ListContext,
    Listing,
    column_items,
    directory_of,
    fetch_list_pages,
    follow_next,
    open_first_page,
    pager_link,
)

FAMILY = "gdcolumn"
LAST_INDEX = re.compile(r"index_(\d+)\.(s?html?)$")


def walk(column_url: str, ctx: ListContext) -> Listing:
    listing = Listing()
    start = column_url + "index.html" if column_url.endswith("/") else column_url
    page = open_first_page(start, ctx, listing)
    if page is None:
        return listing
    directory = directory_of(page.final_url or page.url)
    listing.add(column_items(page, directory))
    last = pager_link(page.final_url or page.url, page.text, LAST_TEXT)
    match = LAST_INDEX.search(last or "")
    if match is None:
        follow_next(ctx, listing, page, lambda p: column_items(p, directory))
        return listing
    last_page, ext = int(match.group(1)), match.group(2)
    fetch_list_pages(
        ctx,
        listing,
        [f"{directory}index_{n}.{ext}" for n in range(2, last_page + 1)],
        lambda p: column_items(p, directory),
    )
    return listing
