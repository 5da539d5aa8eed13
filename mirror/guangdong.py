"""Guangzhou's two publishing platforms on one host, and a hijack copy of it (SITES.md §1.2–3.5).

gkmlpt: the SPA `/gkmlpt/index` holds only `window._CONFIG` (TREE of categories and `SID`); its
items come as JSON from `/gkmlpt/api/all/<catid>?page=N&sid=<SID>`; articles sit at
`/gkmlpt/content/<id//10^6>/<id//10^3>/post_<id>.html` with `window._CONFIG.DETAIL` and
`a.nfw-cms-attachment` links. The 集约化 column site pages `index.html`, `index_2.html`, …
with 首页/上一页/下一页/尾页 anchors and articles at `content/post_<id>.html`. The hijack host
serves the column site's paths converted to traditional script with its own domain swapped in.
"""

from __future__ import annotations

import json
import random
from functools import partial
from html import escape

from . import chrome, documents, hazards
from .model import (
    Article,
    Attachment,
    Endpoint,
    Reply,
    Report,
    Resource,
    Source,
    VirtualHost,
    report_of,
)
from .site import MirrorSite
from .trs import stamp
from .xiamen import new_report

HOST, HIJACK, SID, CAT = "www.gz.gov.cn", "156152.com", "gz_zwgk_0001", 2846
SITE_NAME, API_PAGE, COL_PAGE = "广州市人民政府", 10, 10
HTML = "text/html; charset=utf-8"
COL = "/zfjgzy/gzsrmzfbgt/zfxxgknb/"
# (column, code, agency, level, years, {year: post id of a known URL})
COLUMNS: tuple[tuple[str, str, str, str, tuple[int, int], dict[int, int]], ...] = (
    ("gq", "thq", "广州市天河区人民政府", "district", (2019, 2024), {2018: 5632898}),
    ("gq", "hpq", "广州市黄埔区人民政府", "district", (2019, 2024), {2017: 4437627}),
    ("gq", "yxq", "广州市越秀区人民政府", "district", (2019, 2024), {2014: 5632802}),
    ("gq", "hzq", "广州市海珠区人民政府", "district", (2019, 2024), {}),
    ("sbj", "szf", "广州市人民政府", "district", (2019, 2025), {2012: 4437612, 2014: 5632710}),
    ("bm/2023n", "bm2023n", "广州市人民政府办公厅", "department", (2023, 2023), {2023: 9469010}),
    ("bm/2024n", "bm2024n", "广州市人民政府办公厅", "department", (2024, 2024), {2024: 10095458}),
)
GKMLPT_AGENCIES = (
    ("jyj", "广州市教育局"),
    ("wjw", "广州市卫生健康委员会"),
    ("mzj", "广州市民政局"),
    ("sfj", "广州市司法局"),
    ("czj", "广州市财政局"),
)


def _page(title: str, main: str, metas: dict[str, str] | None = None) -> bytes:
    return chrome.page(
        title=title,
        metas=metas or {"SiteName": SITE_NAME},
        site_name=SITE_NAME,
        host=HOST,
        id_code="4401000001",
        main=main,
    ).encode()


def _body(art: Article) -> str:
    return documents.body_html(art.report) if art.report else "<p>详见附件。</p>"


def _post_id(rng: random.Random, year: int) -> int:
    return 5_000_000 + (year - 2015) * 600_000 + rng.randint(0, 499_999)


def _source(site: MirrorSite, key: str, agency: str, level: str, url: str) -> Source:
    src = Source(
        key=key,
        district="广州市",
        region_code="440100",
        agency=agency,
        level=level,
        parent=None if level == "district" else "gz/szf",
        family=url.split("|")[0],
        column_url=url.split("|")[1],
    )
    site.sources.append(src)
    return src


def _column_site(site: MirrorSite, vhost: VirtualHost, rng: random.Random) -> None:
    by_col: dict[str, list[Article]] = {}
    for col, code, agency, level, (y0, y1), known in COLUMNS:
        path = f"{COL}{col}/"
        src = _source(site, f"gz/{code}", agency, level, f"gdcolumn|https://{HOST}{path}")
        for year in sorted({*range(y0, y1 + 1), *known}):
            if year not in known and rng.random() < 0.12:
                src.missing_years.append(year)
                continue
            src.years.append(year)
            post = known.get(year) or _post_id(rng, year)
            published = f"{year + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
            url = f"https://{HOST}{path}content/post_{post}.html"
            report = site.add_report(new_report(site, src, year, published, url))
            by_col.setdefault(col, []).append(
                Article(f"{path}content/post_{post}.html", report.title, published, "10:00", report=report)
            )
    for col, arts in by_col.items():
        arts.sort(key=lambda a: (a.published, a.path), reverse=True)
        pages = [arts[i : i + COL_PAGE] for i in range(0, len(arts), COL_PAGE)]
        total = len(pages)
        for n, chunk in enumerate(pages, start=1):
            name = "index.html" if n == 1 else f"index_{n}.html"
            res = Resource(partial(_col_list, chunk, n, total), HTML, stamp(arts[0].published))
            vhost.static[f"{COL}{col}/{name}"] = res
            if n == 1:
                vhost.static[f"{COL}{col}/"] = res
        for art in arts:
            vhost.static[art.path] = Resource(
                partial(_col_detail, art), HTML, stamp(art.published), report_url=report_of(art).url
            )


def _col_list(arts: list[Article], n: int, total: int) -> bytes:
    lis = "".join(
        f'<li><a href="./content/{a.path.rsplit("/", 1)[1]}" title="{escape(a.title)}">'
        f"{escape(a.title)}</a><span>{a.published}</span></li>"
        for a in arts
    )
    link = lambda k: "index.html" if k <= 1 else f"index_{k}.html"  # noqa: E731
    pager = (
        f'<div class="page"><a href="{link(1)}">首页</a><a href="{link(max(n - 1, 1))}">上一页</a>'
        f'<a href="{link(min(n + 1, total))}">下一页</a><a href="{link(total)}">尾页</a></div>'
    )
    return _page("政府信息公开年报", f'<div class="news_list"><ul>{lis}</ul>{pager}</div>')


def _col_detail(art: Article) -> bytes:
    extra = ""
    if art.path.endswith("post_9469010.html"):
        extra = (
            f'<div class="related">相关链接：<a href="http://{HIJACK}{art.path}">'
            f"{escape(art.title)}（镜像）</a></div>"
        )
    main = (
        f'<h1 class="info_title">{escape(art.title)}</h1><div class="info_fbt">• 听全文 • '
        f"{art.published} • 来源:市政府办公厅 • 分享到</div>"
        f'<div class="article-content">{_body(art)}</div>{extra}'
    )
    return _page(
        art.title,
        main,
        {
            "SiteName": SITE_NAME,
            "ArticleTitle": art.title,
            "PubDate": f"{art.published} {art.clock}",
            "ColumnName": "政府信息公开年报",
            "ContentSource": "广州市人民政府办公厅",
        },
    )


def _gkmlpt(site: MirrorSite, vhost: VirtualHost, rng: random.Random) -> None:
    arts: list[tuple[int, Article]] = []
    base = f"https://{HOST}"
    for code, agency in GKMLPT_AGENCIES:
        src = _source(site, f"gz/{code}", agency, "department", f"gkmlpt|{base}/gkmlpt/index#{CAT}")
        for year in range(2021, 2026):
            if rng.random() < 0.12:
                src.missing_years.append(year)
                continue
            src.years.append(year)
            post = 9_000_000 + (year - 2021) * 500_000 + rng.randint(0, 399_999)
            path = f"/gkmlpt/content/{post // 10**6}/{post // 10**3}/post_{post}.html"
            published = f"{year + 1}-01-{rng.randint(10, 28)}"
            report = site.add_report(new_report(site, src, year, published, base + path))
            art = Article(path, report.title, published, f"{rng.randint(8, 18):02d}:30", report=report)
            if code == "jyj" and year == 2023:  # HTML body plus its PDF as an attachment
                name = f"/attachment/0/{post // 10**5}/{post // 10**3}/{post}.pdf"
                pdf = site.add_report(
                    Report(
                        url=base + name,
                        source=src.key,
                        agency=agency,
                        year=year,
                        published=published,
                        template=report.template,
                        form="pdf",
                        title=report.title,
                        attachment_of=base + path,
                        values=report.values,
                        style=report.style,
                        hazards=[*report.hazards, "pdf_attachment"],
                    )
                )
                art.attachments.append(Attachment(name, f"{report.title}.pdf", "pdf", pdf))
                vhost.static[name] = Resource(
                    partial(documents.pdf_bytes, pdf),
                    "application/pdf",
                    stamp(published),
                    report_url=pdf.url,
                )
            arts.append((post, art))
    arts.sort(key=lambda pa: (pa[1].published, pa[0]), reverse=True)
    tree = [
        {"id": CAT, "name": "政府信息公开年报", "children": []},
        {"id": CAT + 1, "name": "政策文件", "children": []},
    ]
    config = f"window._CONFIG = {{SID: '{SID}', TREE: {json.dumps(tree, ensure_ascii=False)}}};"
    vhost.static["/gkmlpt/index"] = Resource(
        lambda: _page("广州市政府信息公开目录", f'<div id="app"></div><script>{config}</script>'),
        HTML,
        stamp("2026-01-01"),
    )
    vhost.dynamic[f"/gkmlpt/api/all/{CAT}"] = _api(arts, base)
    vhost.dynamic[f"/gkmlpt/api/all/{CAT + 1}"] = _api([], base)
    for post, art in arts:
        vhost.static[art.path] = Resource(
            partial(_gk_detail, post, art), HTML, stamp(art.published), report_url=report_of(art).url
        )


def _api(arts: list[tuple[int, Article]], base: str) -> Endpoint:
    def endpoint(method: str, params: dict[str, list[str]]) -> Reply:
        if (params.get("sid") or [""])[0] != SID:
            return Reply(403, b'{"code":403,"msg":"sid error"}', "application/json")
        try:
            page = int((params.get("page") or ["1"])[0])
        except ValueError:
            return Reply(400, b'{"code":400,"msg":"page error"}', "application/json")
        chunk = arts[(page - 1) * API_PAGE : page * API_PAGE] if page >= 1 else []
        body = {
            "total": len(arts),
            "articles": [
                {
                    "id": p,
                    "title": a.title,
                    "url": base + a.path,
                    "created_at": f"{a.published} {a.clock}:00",
                    "publisher": report_of(a).agency,
                }
                for p, a in chunk
            ],
        }
        return Reply(200, json.dumps(body, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

    return endpoint


def _gk_detail(post: int, art: Article) -> bytes:
    agency = report_of(art).agency
    detail = {
        "id": post,
        "title": art.title,
        "publisher": agency,
        "created_at": f"{art.published} {art.clock}:00",
        "identifier": f"00695/{post}",
        "attachment": [{"name": a.label, "url": a.filename} for a in art.attachments],
    }
    links = "".join(
        f'<a class="nfw-cms-attachment" href="{a.filename}">{escape(a.label)}</a>' for a in art.attachments
    )
    main = (
        f"<script>window._CONFIG = window._CONFIG || {{}}; window._CONFIG.DETAIL = "
        f"{json.dumps(detail, ensure_ascii=False)};</script>"
        f'<table class="gkml-meta"><tr><td>索引号:</td><td>00695/{art.published[:4]}-{post % 10**5}'
        f"</td><td>分类:</td><td>年度报告</td></tr><tr><td>发布机构:</td><td>"
        f"{escape(agency)}</td><td>成文日期:</td><td>{art.published}</td></tr></table>"
        f'<h1 class="title">{escape(art.title)}</h1><div class="article-content">{_body(art)}'
        f'</div><div class="attachment">{links}</div>'
    )
    return _page(
        art.title,
        main,
        {"SiteName": SITE_NAME, "ArticleTitle": art.title, "PubDate": f"{art.published} {art.clock}"},
    )


def _hijacked(official: Resource) -> bytes:
    """The hijacker's copy of an official page, rendered when first asked for like the original."""
    return hazards.hijack(official.body(), HOST, f"www.{HIJACK}")


def build(site: MirrorSite) -> None:
    rng = random.Random(f"{site.seed}:guangdong")
    vhost = site.add_host(
        VirtualHost(name=HOST, family="gkmlpt", aliases=("gz.gov.cn",), http="redirect", https="serve")
    )
    _column_site(site, vhost, rng)
    _gkmlpt(site, vhost, rng)
    vhost.static["/"] = Resource(
        lambda: _page(
            SITE_NAME,
            (
                f'<a href="/gkmlpt/index">政府信息公开目录</a><a href="{COL}gq/">各区年报</a>'
                f'<a href="{COL}sbj/">市政府年报</a>'
            ),
        ),
        HTML,
        stamp("2026-01-01"),
    )
    fake = site.add_host(
        VirtualHost(name=HIJACK, family="gdcolumn", official=False, aliases=(f"www.{HIJACK}",), http="serve")
    )
    for path, res in list(vhost.static.items()):
        if path.startswith(COL):
            fake.static[path] = Resource(partial(_hijacked, res), HTML, res.modified)
    copy = f"http://{HIJACK}{COL}bm/2023n/content/post_9469010.html"
    site.hazard(
        "hijack_mirror",
        url=copy,
        linked_from=f"https://{HOST}{COL}bm/2023n/content/post_9469010.html",
        official=f"https://{HOST}{COL}bm/2023n/content/post_9469010.html",
    )
    site.hazard("host_alias", host="gz.gov.cn", canonical=HOST)
