"""The paging endpoints of the other families, and the unconfigured sites' reachability."""

from __future__ import annotations

import json
import re

from mirror import hanweb


def _records(xml: str) -> list[str]:
    return re.findall(r'<record><!\[CDATA\[<li><a href="([^"]+)"', xml)


def test_hanweb_first_page_inline_then_dataproxy(manifest, fetch):
    site = hanweb.SITES[0]
    base = f"https://{site.host}"
    expected = {r["attachment_of"] or r["url"] for r in manifest["reports"] if r["url"].startswith(base)}
    column = fetch(f"{base}/col/col{site.col_id}/index.html").data.decode()
    inline = _records(column.split('<script type="text/xml">', 1)[1].split("</script>", 1)[0])
    assert len(inline) == hanweb.PER_PAGE
    found, page = set(inline), 2
    while True:
        xml = fetch(
            f"{base}/module/web/jpage/dataproxy.jsp?page={page}&appid=1&webid="
            f"{site.web_id}&path=/&columnid={site.col_id}&permissiontype=0"
        ).data.decode()
        assert f"<totalrecord>{len(expected)}</totalrecord>" in xml
        batch = _records(xml)
        if not batch:
            break
        found |= set(batch)
        page += 1
    assert {base + p for p in found} == expected
    posted = fetch(
        f"{base}/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        method="POST",
        fields={
            "col": "1",
            "appid": "1",
            "webid": str(site.web_id),
            "columnid": str(site.col_id),
            "unitid": "1",
            "webname": site.site_name,
        },
    )
    assert len(_records(posted.data.decode())) == min(45, len(expected))
    detail = fetch(base + inline[0]).data.decode()
    assert 'id="zoom"' in detail and 'name="ArticleTitle"' in detail


def test_gkmlpt_spa_config_and_json_api(manifest, fetch):
    base = "https://www.gz.gov.cn"
    index = fetch(base + "/gkmlpt/index").data.decode()
    sid = re.search(r"SID: '([^']+)'", index).group(1)
    cat = json.loads(re.search(r"TREE: (\[.*\])\};", index).group(1))[0]["id"]
    assert "<li>" not in index.split('<div id="app">', 1)[1].split("</script>", 1)[0]
    expected = {r["url"] for r in manifest["reports"] if "/gkmlpt/content/" in r["url"]}
    found, page = set(), 1
    while True:
        data = json.loads(fetch(f"{base}/gkmlpt/api/all/{cat}?page={page}&sid={sid}").data)
        assert data["total"] == len(expected)
        if not data["articles"]:
            break
        found |= {a["url"] for a in data["articles"]}
        page += 1
    assert found == expected
    assert fetch(f"{base}/gkmlpt/api/all/{cat}?page=1&sid=wrong").status == 403
    with_pdf = next(r for r in manifest["reports"] if r["attachment_of"] in expected)
    detail = fetch(with_pdf["attachment_of"]).data.decode()
    assert "window._CONFIG.DETAIL" in detail and 'class="nfw-cms-attachment"' in detail
    post = re.search(r"post_(\d+)\.html", with_pdf["attachment_of"]).group(1)
    assert (
        f"/gkmlpt/content/{int(post) // 10**6}/{int(post) // 10**3}/post_{post}" in detail
        or f"post_{post}" in with_pdf["attachment_of"]
    )


def test_guangdong_column_site_pages_to_the_last_page(manifest, fetch):
    col = "https://www.gz.gov.cn/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/"
    first = fetch(col + "index.html").data.decode()
    last = int(re.search(r'href="index_(\d+)\.html">尾页', first).group(1))
    found = set()
    for n in range(1, last + 1):
        page = first if n == 1 else fetch(col + f"index_{n}.html").data.decode()
        assert "首页" in page and "下一页" in page
        found |= {col + h[2:] for h in re.findall(r'href="(\./content/post_\d+\.html)"', page)}
    expected = {r["url"] for r in manifest["reports"] if r["url"].startswith(col)}
    assert found == expected and len(expected) > 20


def test_unconfigured_sites_are_reachable_from_their_root(manifest, fetch):
    """Breadth-first over same-host links from the root finds every listed report."""
    assert {u["family"] for u in manifest["unconfigured_sites"]} >= {"trs", "other"}
    configured = {s["key"] for s in manifest["sources"] if s["configured"]}
    for site in manifest["unconfigured_sites"]:
        root = site["root_url"]
        origin = root.rstrip("/")
        seen, queue = set(), [root]
        while queue and len(seen) < 200:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            resp = fetch(url)
            if resp.status != 200 or b"<html" not in resp.data[:2000].lower():
                continue
            html = resp.data.decode("utf-8", "replace")
            paged = re.search(r'createPageHTML\((\d+),\s*\d+,\s*"(\w+)",\s*"(\w+)"\)', html)
            if paged:  # TRS writes its page links from script: the crawler must read the call
                total, stem, ext = int(paged.group(1)), paged.group(2), paged.group(3)
                queue += [url.rsplit("/", 1)[0] + f"/{stem}_{k}.{ext}" for k in range(1, total)]
            for href in re.findall(r'href="([^"#]+)"', html):
                if href.startswith(("javascript:", "http")):
                    continue
                nxt = (
                    origin + href
                    if href.startswith("/")
                    else url.rsplit("/", 1)[0] + "/" + href.removeprefix("./")
                )
                queue.append(nxt)
        assert set(site["reports"]) <= seen, root
        assert not any(r["source"] in configured for r in manifest["reports"] if r["url"] in site["reports"])
