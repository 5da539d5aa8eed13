"""Guangdong 信息公开目录平台 (gkmlpt): an SPA whose items come from a JSON API.

`…/gkmlpt/index#<catid>` renders nothing server-side; the page embeds `SID: '…'`, and the
items come from `…/gkmlpt/api/all/<catid>?page=N&sid=<SID>` as
`{"total": …, "articles": [{"id", "title", "url", …}]}`. Some sites return everything on
page 1 and 404 for later pages; some escape titles as `%uXXXX`.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlsplit

from extract.platforms.base import Link, ListContext, Listing
from extract.urls import resolve

FAMILY = "gkmlpt"
SID = re.compile(r"""\bSID\s*[:=]\s*['"]([^'"]+)['"]""")
PERCENT_U = re.compile(r"%u([0-9a-fA-F]{4})")


def unescape_title(title: str) -> str:
    return PERCENT_U.sub(lambda m: chr(int(m.group(1), 16)), title)


def api_url(index_url: str, catid: str, sid: str, page: int) -> str:
    base = index_url.split("/gkmlpt/")[0] + "/gkmlpt/"
    return urljoin(base, f"api/all/{catid}?page={page}&sid={sid}")


def walk(column_url: str, ctx: ListContext) -> Listing:
    listing = Listing()
    parts = urlsplit(column_url)
    catid = parts.fragment.strip("/")
    index_url = column_url.split("#")[0]
    page = ctx.fetch(index_url)
    listing.pages += 1
    listing.first_page = page
    if not page.usable:
        listing.problems.append(f"column {index_url}: {page.outcome} {page.reason}".strip())
        return listing
    sid = SID.search(page.text)
    if not catid or sid is None:
        listing.problems.append(f"column {column_url}: no category id or SID on the page")
        return listing
    number, pages = 0, 1
    while number < pages and listing.pages < ctx.max_pages:
        number += 1
        url = api_url(index_url, catid, sid.group(1), number)
        response = ctx.fetch(url)
        listing.pages += 1
        if response.outcome == "not_found" and number > 1:
            break  # sites that return everything on page 1 answer 404 for page 2
        if not response.usable:
            listing.problems.append(f"api page {number}: {response.outcome} {response.reason}")
            break
        try:
            data = json.loads(response.text)
        except json.JSONDecodeError:
            listing.problems.append(f"api page {number} of {column_url} is not JSON")
            break
        articles = data.get("articles") or []
        links = [
            Link(resolve(url, str(a.get("url") or "")) or "", unescape_title(str(a.get("title") or "")))
            for a in articles
        ]
        if listing.add([link for link in links if link.url]) == 0:
            break
        if number == 1 and articles:
            pages = -(-int(data.get("total") or len(articles)) // len(articles))
    return listing
