"""TRS WCM pages of the Xiamen district sites (SITES.md §1.1, §2.1, §2.4).

Column lists are static `index.htm`, `index_1.htm`, … carrying the inline
`createPageHTML(total, current, "index", "htm")` call; detail pages sit at
`<column>/YYYYMM/tYYYYMMDD_<docid>.htm` with the standard `<meta>` tags, each district's own
metadata block (Huli's bullet list, Jimei's table, Siming's 日期 line, …) and the body in
`div.TRS_Editor` (Tong'an: `div.trs_editor_view`). Attachments sit beside the article as
`./P0<YYYYMMDD><digits>.pdf`.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from html import escape
from typing import Any

from . import chrome, documents, hazards
from .model import Article, Resource, Source, VirtualHost, report_of

HTML = "text/html; charset=utf-8"


def stamp(date: str, clock: str = "09:00") -> datetime:
    return datetime.fromisoformat(f"{date}T{clock}:00+08:00")


def _site_name(d: dict[str, Any]) -> str:
    return d.get("site_name") or f"厦门市{d['name']}人民政府"


def _page(
    d: dict[str, Any], host: str, title: str, metas: dict[str, str], main: str, charset: str = "utf-8"
) -> str:
    return chrome.page(
        title=title,
        metas=metas,
        site_name=_site_name(d),
        host=host,
        id_code=f"{d['region_code']}0001",
        main=main,
        charset=charset,
    )


def _index_no(d: dict[str, Any], art: Article) -> str:
    serial = int(art.path.rsplit("_", 1)[-1].split(".")[0]) % 100000
    return f"{d['org_prefix']}{art.meta.get('org', '00')}-0106-{art.published[:4]}-{serial:05d}"


def _meta_block(d: dict[str, Any], src: Source, art: Article) -> tuple[str, str]:
    """(block before the title, block after it) in the district's own style (SITES.md §2.1)."""
    style, when = d["meta_style"], f"{art.published} {art.clock}"
    wenhao = art.meta.get("doc_number", "")
    if style == "huli":
        lines = [f"• 索 引 号:{_index_no(d, art)}"]
        if wenhao:
            lines.append(f"• 备注/文号:{wenhao}")
        lines += [f"• 发布机构:{src.agency.removeprefix('厦门市')}", f"• 公文生成日期:{art.published}"]
        before = '<ul class="xxgk_info">' + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>"
        return before, f'<div class="info">时间:{when}</div>'
    if style == "jimei":
        before = (
            f'<table class="xxgk_table"><tr><td>索 引 号</td><td>{_index_no(d, art)}</td>'
            f"<td>生成日期</td><td>{art.published}</td></tr><tr><td>发布机构</td>"
            f"<td>{escape(src.agency.removeprefix('厦门市'))}</td><td>文 号</td>"
            f'<td>{escape(wenhao)}</td></tr><tr><td>标 题:</td><td colspan="3">'
            f'{escape(art.title)}</td></tr><tr><td>内容概述:</td><td colspan="3">'
            f"{escape(art.title)}</td></tr></table>"
        )
        return before, f'<div class="info">发布时间:{when} 阅读人数: 字号: 分享:</div>'
    if style == "siming":
        source = f" 来源:{src.agency.removeprefix('厦门市')}" if src.level == "street" else ""
        return "", f'<div class="info">日期:{when}:00 字号:{source}</div>'
    if style == "xmta":
        return "", f'<div class="info">来源:{escape(src.agency.removeprefix("厦门市"))} 时间:{when}</div>'
    if style == "xiangan":
        return f'<div class="site">{d["name"]}</div>', f'<div class="info">时间:{when}</div>'
    return "", ""  # haicang: title and date sit outside the body, see detail_html


def detail_html(d: dict[str, Any], host: str, src: Source, art: Article, charset: str = "utf-8") -> str:
    before, after = _meta_block(d, src, art)
    if art.report is not None:
        body = documents.body_html(art.report)
    else:
        body = '<p style="text-indent: 2em;">报告全文详见附件。</p>'
    links = "".join(
        f'<p><a href="./{a.filename}" title="{escape(a.label)}">{escape(a.label)}</a></p>'
        for a in art.attachments
    )
    if links:
        body += f'\n<div class="fj"><p>附件：</p>{links}</div>'
    editor = "trs_editor_view" if d["meta_style"] == "xmta" else "TRS_Editor"
    crumbs = (
        f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; '
        f'<a href="../">{escape(src.agency.removeprefix("厦门市"))}</a></div>'
    )
    if d["meta_style"] == "haicang":
        main = (
            f'{crumbs}<div class="article"><div class="content"><div class="{editor}">{body}'
            f'</div></div><div class="art-side"><h1 class="art-title">{escape(art.title)}</h1>'
            f'<span class="art-date">{art.published}</span></div></div>'
        )
    else:
        main = (
            f'{crumbs}<div class="article">{before}<h1 class="title">{escape(art.title)}</h1>'
            f'{after}<div class="content"><div class="{editor}">{body}</div></div></div>'
        )
    metas = {
        "SiteName": _site_name(d),
        "SiteDomain": host,
        "SiteIDCode": f"{d['region_code']}0001",
        "ColumnName": "年度报告",
        "ColumnType": "政府信息公开年报",
        "ArticleTitle": art.title,
        "PubDate": f"{art.published} {art.clock}",
        "ContentSource": src.agency.removeprefix("厦门市"),
    }
    return _page(d, host, art.title, metas, main, charset)


def list_html(
    d: dict[str, Any], host: str, src: Source, items: list[Article], page: int, total: int, sidebar: str
) -> str:
    lis = []
    for art in items:
        rel = "./" + art.path.removeprefix(src_path(src))
        lis.append(
            f'<li><a href="{rel}" target="_blank" title="{escape(art.title)}">'
            f"{escape(art.title)}</a><span>{art.published}</span></li>"
        )
    script = (
        f'<script type="text/javascript">\nvar currentPage = {page};\nvar countPage = {total};\n'
        f'createPageHTML({total}, {page}, "index", "htm");\n</script>'
    )
    main = (
        f'<div class="crumbs">当前位置：<a href="/">首页</a> &gt; 政府信息公开 &gt; '
        f"{escape(src.agency.removeprefix('厦门市'))} &gt; 年度报告</div>{sidebar}"
        f'<div class="list"><ul>{"".join(lis)}</ul><div class="page">{script}</div></div>'
    )
    metas = {
        "SiteName": _site_name(d),
        "SiteDomain": host,
        "ColumnName": "年度报告",
        "ColumnType": "政府信息公开年报",
    }
    return _page(d, host, f"年度报告_{src.agency}", metas, main)


def src_path(src: Source) -> str:
    return "/" + src.column_url.split("://", 1)[1].split("/", 1)[1]


def register_column(
    vhost: VirtualHost, d: dict[str, Any], src: Source, articles: list[Article], sidebar: str = ""
) -> None:
    """Serve one column: its list pages, its articles and their attachments."""
    path = src_path(src)
    ordered = sorted(articles, key=lambda a: (a.published, a.path), reverse=True)
    size = d["page_size"]
    pages = [ordered[i : i + size] for i in range(0, len(ordered), size)] or [[]]
    newest = stamp(ordered[0].published) if ordered else stamp("2019-01-01")
    for i, chunk in enumerate(pages):
        name = "index.htm" if i == 0 else f"index_{i}.htm"

        def render(c: list[Article] = chunk, i: int = i) -> bytes:
            return list_html(d, vhost.name, src, c, i, len(pages), sidebar).encode("utf-8")

        vhost.static[path + name] = Resource(render, HTML, newest)
        if i == 0:
            vhost.static[path] = vhost.static[path + name]
    for art in articles:
        register_article(vhost, d, src, art)


def register_article(vhost: VirtualHost, d: dict[str, Any], src: Source, art: Article) -> None:
    when = stamp(art.published, art.clock)
    if art.kind in ("waf_412", "waf_521"):
        vhost.static[art.path] = hazards.waf_resource(art.kind, when)
        return
    if art.kind == "file":
        report = report_of(art)
        vhost.static[art.path] = Resource(
            partial(documents.doc_bytes, report), HTML, when, report_url=report.url
        )
        return

    def render() -> bytes:
        if art.kind == "gbk":
            # Really GBK, declared gb2312 in <meta>, while the HTTP header claims utf-8.
            return detail_html(d, vhost.name, src, art, charset="gb2312").encode(
                "gbk", errors="xmlcharrefreplace"
            )
        return detail_html(d, vhost.name, src, art).encode("utf-8")

    vhost.static[art.path] = Resource(render, HTML, when, report_url=art.report.url if art.report else None)
    folder = art.path.rsplit("/", 1)[0] + "/"
    for att in art.attachments:
        if att.kind == "broken":
            vhost.static[folder + att.filename] = hazards.tiny_error_resource(when)
        elif att.kind == "pdf":
            report = report_of(att)
            vhost.static[folder + att.filename] = Resource(
                partial(documents.pdf_bytes, report), "application/pdf", when, report_url=report.url
            )
        else:
            report = report_of(att)
            vhost.static[folder + att.filename] = Resource(
                partial(documents.doc_bytes, report), "application/msword", when, report_url=report.url
            )


def sidebar_html(columns: list[tuple[str, str]]) -> str:
    """A column-navigation sidebar: (label, absolute path) pairs."""
    lis = "".join(f'<li><a href="{p}">{escape(label)}</a></li>' for label, p in columns)
    return f'<div class="side"><h3>部门及街道年报</h3><ul>{lis}</ul></div>'


def register_root(vhost: VirtualHost, d: dict[str, Any], links: list[tuple[str, str]]) -> None:
    """The home page: the 政府信息公开年报 entry points a generic crawler can start from."""
    lis = "".join(f'<li><a href="{p}">{escape(label)}</a></li>' for label, p in links)
    main = (
        f'<div class="home"><div class="block"><h2>政府信息公开</h2><ul>{lis}</ul></div>'
        f'<div class="block"><h2>要闻动态</h2><ul><li><a href="javascript:void(0);">'
        f"{d['name']}召开政务公开工作推进会</a></li></ul></div></div>"
    )

    def render() -> bytes:
        return _page(d, vhost.name, _site_name(d), {"SiteName": _site_name(d)}, main).encode()

    res = Resource(render, HTML, stamp("2026-01-01"))
    vhost.static["/"] = res
    vhost.static["/index.htm"] = res
    vhost.static["/index.html"] = res
