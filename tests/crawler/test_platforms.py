"""CMS adapter variants the mirror does not serve, against a real local server."""

from __future__ import annotations

import json

from extract.fetcher import ArchivingFetcher
from extract.platforms import ListContext, walker_for
from extract.urls import AllowList

from .kit import trs_list


def context(client, archive, host: str) -> ListContext:
    fetcher = ArchivingFetcher(client, archive)
    allow = AllowList.of({host})
    return ListContext(fetch=lambda url: fetcher.get(url, role="list", allow=allow))


def test_trs_list_variant_with_other_base_name_and_shtml(site, client, archive):
    host, col = "www.qiaokou.gov.cn", "/xxgk/zfxxgknb/"
    for k in range(3):
        name = "list.shtml" if k == 0 else f"list_{k}.shtml"
        page = trs_list(
            [(f"./2025{k:02d}/t2025010{k}_{k}.shtml", f"硚口区{2022 + k}年政府信息公开工作年度报告")],
            total=3,
            current=k,
        )
        site.page(host, col + name, page.replace('"index", "htm"', '"list", "shtml"'))
    listing = walker_for("trs")(f"http://{host}{col}list.shtml", context(client, archive, host))
    assert [link.url.rsplit("/", 1)[1] for link in listing.items] == [
        "t20250100_0.shtml",
        "t20250101_1.shtml",
        "t20250102_2.shtml",
    ]
    assert listing.pages == 3 and not listing.problems


def test_hanweb_older_proxy_path_and_record_count_paging(site, client, archive):
    host = "www.lucheng.gov.cn"

    def record(i: int) -> str:
        return (
            f"<record><![CDATA[<li><a href='/art/2017/6/15/art_1229247422_{i}.html'>"
            f"鹿城区发改局{2000 + i}年政府信息公开年度报告</a></li>]]></record>"
        )

    first = (
        "<html><body><div id='4075431'><script type='text/xml'><datastore><recordset>"
        + "".join(record(i) for i in range(3))
        + "</recordset></datastore></script></div>"
        "<script>$('#4075431').jpage({totalRecord:'7', perPage:'3', "
        "proxyUrl:'/module/jpage/dataproxy.jsp', columnid:'1229247422', unitid:'4075431', "
        "webid:'3'});</script></body></html>"
    )
    site.page(host, "/col/col1229247422/index.html", first)
    for page, ids in ((2, range(3, 6)), (3, range(6, 7))):
        xml = (
            "<datastore><totalrecord>7</totalrecord><recordset>"
            + "".join(record(i) for i in ids)
            + "</recordset></datastore>"
        )
        path = f"/module/jpage/dataproxy.jsp?columnid=1229247422&unitid=4075431&webid=3&page={page}"
        site.page(host, path, xml, content_type="text/xml")
    listing = walker_for("hanweb")(
        f"http://{host}/col/col1229247422/index.html", context(client, archive, host)
    )
    assert len(listing.items) == 7 and not listing.problems
    assert listing.items[6].text == "鹿城区发改局2006年政府信息公开年度报告"


def test_gkmlpt_everything_on_page_one_and_escaped_titles(site, client, archive):
    host = "www.zhaoqing.gov.cn"
    site.page(host, "/gkmlpt/index", "<script>window._CONFIG = {SID: 'zq_0001'};</script>")
    articles = [
        {
            "id": 4000 + i,
            "title": "%u8087%u5e86" + f"市{2020 + i}年政府信息公开工作年度报告",
            "url": f"/gkmlpt/content/0/4/post_{4000 + i}.html",
        }
        for i in range(4)
    ]
    site.page(
        host,
        "/gkmlpt/api/all/88?page=1&sid=zq_0001",
        json.dumps({"total": 8, "articles": articles}),
        content_type="application/json",
    )
    listing = walker_for("gkmlpt")(f"http://{host}/gkmlpt/index#88", context(client, archive, host))
    assert len(listing.items) == 4 and listing.items[0].text.startswith("肇庆市2020年")
    assert not listing.problems  # the 404 on page 2 is the platform's "no more", not an error


def test_guangdong_column_without_last_page_anchor_follows_next(site, client, archive):
    host, col = "www.szpsq.gov.cn", "/zwgk/zfxxgknb/"
    for n in (1, 2):
        name = "index.html" if n == 1 else "index_2.html"
        nxt = '<a href="index_2.html">下一页</a>' if n == 1 else ""
        site.page(
            host,
            col + name,
            f'<a href="./content/post_{n}.html">坪山区{2018 + n}年政府信息公开工作年度报告</a>'
            f'<a href="/other/content/post_9.html">别的栏目</a>{nxt}',
        )
    listing = walker_for("gdcolumn")(f"http://{host}{col}", context(client, archive, host))
    assert [link.url for link in listing.items] == [
        f"http://{host}{col}content/post_1.html",
        f"http://{host}{col}content/post_2.html",
    ]
