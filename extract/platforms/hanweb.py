"""Hanweb 大汉 jcms columns (Zhejiang, Jiangsu): `/col/col<ID>/index.html` + jpage AJAX paging.

The first page's items are not in the HTML tree: they sit as CDATA records inside a
`<script type="text/xml"><datastore>…` block, so an HTML parser never sees them and they are
unwrapped here. Later pages come from `/module/web/jpage/dataproxy.jsp?page=N&…` (older sites:
`/module/jpage/dataproxy.jsp`), whose `<datastore>` XML has the same records and a
`<totalpage>`. The column ids (`columnid`, `unitid`, `webid`, …) are read from the page.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from extract.fetcher import Page
from extract.platforms.base import Link, ListContext, Listing, anchors, open_first_page

FAMILY = "hanweb"
RECORD = re.compile(r"<record>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</record>", re.DOTALL)
TOTAL_PAGE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>", re.IGNORECASE)
TOTAL_RECORD = re.compile(r"""(?:<totalrecord>|totalRecord\s*[:=]\s*['"]?)\s*(\d+)""", re.IGNORECASE)
PER_PAGE = re.compile(r"""perPage\s*[:=]\s*['"]?(\d+)""", re.IGNORECASE)
PROXY = re.compile(r"""(/module/(?:web/)?jpage/dataproxy\.jsp[^"'<>\s\]]*)""")
PARAM = re.compile(
    r"""\b(appid|webid|columnid|unitid|path|permissiontype|webname|col)\s*[:=]\s*['"]?([^'",}&\s]+)""",
    re.IGNORECASE,
)


def records(page_url: str, text: str) -> list[Link]:
    """The item links inside a `<datastore>` (inline script or dataproxy XML)."""
    links: list[Link] = []
    for fragment in RECORD.findall(text):
        links.extend(anchors(page_url, html_lib.unescape(fragment) if "&lt;" in fragment else fragment))
    return links


def proxy_url(page: Page) -> str | None:
    """The dataproxy URL for this column with its query, minus the page number."""
    text = html_lib.unescape(page.text)
    match = PROXY.search(text)
    if match is None:
        return None
    base = urljoin(page.final_url or page.url, match.group(1))
    parts = urlsplit(base)
    query = dict(parse_qsl(parts.query))
    for name, value in PARAM.findall(text):
        query.setdefault(name.lower(), value)
    query.pop("page", None)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def page_count(text: str) -> int | None:
    if (match := TOTAL_PAGE.search(text)) is not None:
        return int(match.group(1))
    total, per = TOTAL_RECORD.search(text), PER_PAGE.search(text)
    if total and per and int(per.group(1)) > 0:
        return -(-int(total.group(1)) // int(per.group(1)))
    return None


def follow_proxy(page: Page, ctx: ListContext, listing: Listing) -> None:
    """Fetch the dataproxy pages after `page` and add their records to `listing`."""
    proxy = proxy_url(page)
    if proxy is None:
        return
    total = page_count(page.text)
    number = 1
    while listing.pages < ctx.max_pages:
        number += 1
        if total is not None and number > total:
            break
        url = f"{proxy}&page={number}" if "?" in proxy else f"{proxy}?page={number}"
        nxt = ctx.fetch(url)
        listing.pages += 1
        if not nxt.usable:
            listing.problems.append(f"dataproxy page {number}: {nxt.outcome} {nxt.reason}".strip())
            break
        total = page_count(nxt.text) or total
        if listing.add(records(nxt.final_url or nxt.url, nxt.text)) == 0:
            break


def walk(column_url: str, ctx: ListContext) -> Listing:
    listing = Listing()
    start = column_url + "index.html" if column_url.endswith("/") else column_url
    page = open_first_page(start, ctx, listing)
    if page is None:
        return listing
    listing.add(records(page.final_url or page.url, page.text))
    follow_proxy(page, ctx, listing)
    return listing
