"""Hanweb (大汉 jcms) sites, as used across Jiangsu and Zhejiang (SITES.md §1.2, §2.4).

A column `/col/col<ID>/index.html` carries only its first page of items, inside
`<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…]]>` (an HTML parser does
not see them); later pages come from `/module/web/jpage/dataproxy.jsp`, by `page=N` or by a
`startrecord/endrecord/perpage` window, GET or POSTed as a form. Articles live at
`/art/YYYY/M/D/art_<colid>_<artid>.html` with the body in `#zoom`. Real bundled PDFs from the
test corpus are served as attachments of their agencies' articles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import partial
from html import escape

from . import chrome, corpus, documents
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

HTML = "text/html; charset=utf-8"
PER_PAGE = 15


@dataclass
class HanwebSite:
    key: str
    host: str
    site_name: str
    district: str
    region_code: str
    col_id: int
    web_id: int
    agencies: list[tuple[str, str, str]]  # (code, agency, level)
    fixtures: dict[tuple[str, int], str] = field(default_factory=dict)  # (code, year) → corpus
    span: tuple[int, int] = (2019, 2025)


SITES = (
    HanwebSite(
        "hongze",
        "www.hongze.gov.cn",
        "淮安市洪泽区人民政府",
        "洪泽区",
        "320813",
        1229574,
        27,
        [
            ("qzf", "淮安市洪泽区人民政府", "district"),
            ("zfb", "淮安市洪泽区人民政府办公室", "department"),
            ("fgw", "淮安市洪泽区发展和改革委员会", "department"),
            ("jtj", "淮安市洪泽区教育体育局", "department"),
            ("wjw", "淮安市洪泽区卫生健康委员会", "department"),
            ("gljjd", "淮安市洪泽区高良涧街道办事处", "street"),
        ],
        {("qzf", 2023): "hongze-district-2023", ("qzf", 2024): "hongze-district-2024"},
    ),
    HanwebSite(
        "huaian",
        "www.huaian.gov.cn",
        "淮安市人民政府",
        "淮安市",
        "320800",
        1228391,
        3,
        [("szf", "淮安市人民政府", "district")],
        {("szf", 2024): "huaian-city-2024"},
    ),
)


def _record(art: Article) -> str:
    return (
        f'<li><a href="{art.path}" target="_blank" title="{escape(art.title)}">'
        f"{escape(art.title)}</a><span>{art.published}</span></li>"
    )


def _datastore(records: list[Article], total: int | None = None) -> str:
    recs = "".join(f"<record><![CDATA[{_record(a)}]]></record>" for a in records)
    head = ""
    if total is not None:
        head = f"<totalrecord>{total}</totalrecord><totalpage>{-(-total // PER_PAGE)}</totalpage>"
    return f"<datastore>{head}<recordset>{recs}</recordset></datastore>"


def _column_page(hs: HanwebSite, arts: list[Article]) -> bytes:
    first = arts[:PER_PAGE]
    main = (
        f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>'
        f'<div id="{hs.col_id}" class="list"><script type="text/xml">'
        f'{_datastore(first)}</script></div>\n<script type="text/javascript">\n'
        f"$('#{hs.col_id}').jpage({{ dataStore: dataStore, perPage: {PER_PAGE}, "
        f"totalRecord: {len(arts)}, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        f"appid: 1, webid: {hs.web_id}, columnid: {hs.col_id}, unitid: 4{hs.col_id % 1000}, "
        f"path: '/', groupSize: 3 }});\n</script>"
    )
    return chrome.page(
        title=f"政府信息公开年报_{hs.site_name}",
        site_name=hs.site_name,
        host=hs.host,
        id_code=f"{hs.region_code}0002",
        main=main,
        metas={"SiteName": hs.site_name, "ColumnName": "政府信息公开年报"},
    ).encode()


def _proxy(hs: HanwebSite, arts: list[Article]) -> Endpoint:
    def endpoint(method: str, params: dict[str, list[str]]) -> Reply:
        one = lambda k, default: (params.get(k) or [default])[0]  # noqa: E731
        if one("columnid", str(hs.col_id)) != str(hs.col_id):
            return Reply(200, _xml(_datastore([], 0)), "text/xml; charset=utf-8")
        try:
            if "startrecord" in params:
                start, end = int(one("startrecord", "1")), int(one("endrecord", "45"))
            else:
                page = int(one("page", "1"))
                start, end = (page - 1) * PER_PAGE + 1, page * PER_PAGE
        except ValueError:
            return Reply(400, b"bad paging parameters", "text/plain")
        chunk = arts[max(start, 1) - 1 : max(end, 0)]
        return Reply(200, _xml(_datastore(chunk, len(arts))), "text/xml; charset=utf-8")

    return endpoint


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>' + body).encode("utf-8")


def _home_page(hs: HanwebSite, main: str) -> bytes:
    return chrome.page(
        title=hs.site_name,
        metas={"SiteName": hs.site_name},
        site_name=hs.site_name,
        host=hs.host,
        id_code=f"{hs.region_code}0002",
        main=main,
    ).encode()


def _detail(hs: HanwebSite, art: Article) -> bytes:
    body = (
        documents.body_html(art.report)
        if art.report
        else "<p>本机关政府信息公开工作年度报告全文详见附件。</p>"
    )
    links = "".join(
        f'<p><a href="/picture/0/{a.filename}">{escape(a.label)}</a></p>' for a in art.attachments
    )
    main = (
        f'<table class="xxgk_table"><tr><td>索 引 号</td><td>{hs.region_code}/{art.published[:4]}-'
        f"{int(art.path.rsplit('_', 1)[1].split('.')[0]) % 100000:05d}</td><td>发布机构</td>"
        f"<td>{escape(hs.site_name)}</td></tr><tr><td>发文日期</td><td>{art.published}</td>"
        f"<td>有 效 性</td><td>有效</td></tr></table><h1>{escape(art.title)}</h1>"
        f'<div class="info">发布日期：{art.published} 浏览次数：</div>'
        f'<div id="zoom">{body}{links}</div>'
    )
    metas = {
        "SiteName": hs.site_name,
        "SiteDomain": hs.host,
        "ColumnName": "政府信息公开年报",
        "ArticleTitle": art.title,
        "PubDate": f"{art.published} {art.clock}",
        "ContentSource": hs.site_name,
    }
    return chrome.page(
        title=art.title,
        metas=metas,
        site_name=hs.site_name,
        host=hs.host,
        id_code=f"{hs.region_code}0002",
        main=main,
    ).encode()


def build(site: MirrorSite) -> None:
    for hs in SITES:
        vhost = site.add_host(VirtualHost(name=hs.host, family="hanweb", http="serve", https="serve"))
        base = vhost.base_url()
        column = f"/col/col{hs.col_id}/index.html"
        rng = random.Random(f"{site.seed}:hanweb:{hs.host}")
        arts: list[Article] = []
        for code, agency, level in hs.agencies:
            src = Source(
                key=f"{hs.key}/{code}",
                district=hs.district,
                region_code=hs.region_code,
                agency=agency,
                level=level,
                parent=None if level == "district" else f"{hs.key}/{hs.agencies[0][0]}",
                family="hanweb",
                column_url=base + column,
            )
            site.sources.append(src)
            for year in range(hs.span[0], hs.span[1] + 1):
                if (code, year) not in hs.fixtures and rng.random() < 0.15:
                    src.missing_years.append(year)
                    continue
                src.years.append(year)
                arts.append(_article(site, hs, src, year, rng, base))
        arts.sort(key=lambda a: (a.published, a.path), reverse=True)
        vhost.static[column] = Resource(partial(_column_page, hs, arts), HTML, stamp(arts[0].published))
        vhost.dynamic["/module/web/jpage/dataproxy.jsp"] = _proxy(hs, arts)
        for art in arts:
            vhost.static[art.path] = Resource(
                partial(_detail, hs, art),
                HTML,
                stamp(art.published, art.clock),
                report_url=art.report.url if art.report else None,
            )
            for att in art.attachments:
                report = report_of(att)
                vhost.static[f"/picture/0/{att.filename}"] = Resource(
                    partial(documents.pdf_bytes, report),
                    "application/pdf",
                    stamp(art.published),
                    report_url=report.url,
                )
        root = f'<div class="home"><a href="{column}">政府信息公开年报</a></div>'
        vhost.static["/"] = Resource(partial(_home_page, hs, root), HTML, stamp("2026-01-01"))


def _article(
    site: MirrorSite, hs: HanwebSite, src: Source, year: int, rng: random.Random, base: str
) -> Article:
    month, day = (1, rng.randint(5, 28)) if rng.random() < 0.85 else (2, rng.randint(1, 20))
    published = f"{year + 1}-{month:02d}-{day:02d}"
    art_id = 4_000_000 + rng.randint(1000, 999_999)
    path = f"/art/{year + 1}/{month}/{day}/art_{hs.col_id}_{art_id}.html"
    fixture = hs.fixtures.get((src.key.split("/")[1], year))
    if fixture is not None and corpus.case_file(fixture, "source.pdf") is None:
        fixture = None  # the real report is not on this machine: a generated one takes its slot
    clock = f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    if fixture is None:
        report = site.add_report(new_report(site, src, year, published, base + path))
        return Article(path, report.title, published, clock, report=report)
    title = f"{src.agency}{year}年政府信息公开工作年度报告"
    name = f"{published.replace('-', '')[2:]}{rng.randint(100000, 999999)}.pdf"
    pdf = site.add_report(
        Report(
            url=f"{base}/picture/0/{name}",
            source=src.key,
            agency=src.agency,
            year=year,
            published=published,
            template="2021",
            form="pdf",
            title=title,
            attachment_of=base + path,
            fixture=fixture,
            hazards=["real_report", "attachment_only"],
        )
    )
    site.hazard("real_report", url=pdf.url, fixture=fixture, page=base + path)
    return Article(path, title, published, clock, attachments=[Attachment(name, f"{title}.pdf", "pdf", pdf)])
