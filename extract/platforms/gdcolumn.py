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
    follow_next,
    pager_link,
)
from extract.platforms.trs import open_first_page

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
    for number in range(2, min(last_page, ctx.max_pages) + 1):
        url = f"{directory}index_{number}.{ext}"
        nxt = ctx.fetch(url)
        listing.pages += 1
        if not nxt.usable:
            listing.problems.append(f"list page {url}: {nxt.outcome} {nxt.reason}".strip())
            continue
        listing.add(column_items(nxt, directory))
    return listing
