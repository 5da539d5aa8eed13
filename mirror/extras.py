"""Sites outside the registry: for the generic fallback, for robots.txt, and a real page.

- `www.qzfz.gov.cn` (泉州丰泽区): TRS-shaped like the Xiamen districts but configured nowhere;
  given only its root URL, a generic crawler must find its reports.
- `www.shuyang.gov.cn`: another CMS (plain `.shtml` list with 下一页 anchors, hashed article
  names) serving the real bundled page tests/fixtures/corpus/shuyang-drc-2023 at its real URL.
- `mzzjj.xm.gov.cn` (市民宗局): an official host whose robots.txt says `Disallow: /`.
"""

from __future__ import annotations

import hashlib
from functools import partial
from html import escape

from . import chrome, corpus, documents, xiamen
from .model import Report, Resource, Source, VirtualHost
from .site import MirrorSite
from .trs import stamp

HTML = "text/html; charset=utf-8"

QZFZ = {
    "key": "qzfz",
    "name": "丰泽区",
    "site_name": "泉州市丰泽区人民政府",
    "region_code": "350503",
    "org_prefix": "QZ051",
    "host": "www.qzfz.gov.cn",
    "aliases": [],
    "schemes": ["http"],
    "meta_style": "huli",
    "page_size": 5,
    "links_columns": True,
    "robots": "allow-all",
    "configured": False,
    "id_offset": 2_100_000,
    "columns": [
        {
            "code": "zfxxgkndbg",
            "level": "district",
            "agency": "泉州市丰泽区人民政府",
            "path": "/zwgk/zfxxgkzl/zfxxgkndbg/",
            "known": {"2013": "201401/t20140110_1882679"},
        },
        {
            "code": "jyj",
            "level": "department",
            "agency": "泉州市丰泽区教育局",
            "path": "/zwgk/zfxxgkzl/bmzfxxgk/jyj/zfxxgkml/",
            "span": (2021, 2025),
            "known": {"2025": "202601/t20260127_3261731"},
        },
        {
            "code": "mzj",
            "level": "department",
            "agency": "泉州市丰泽区民政局",
            "path": "/zwgk/zfxxgkzl/bmzfxxgk/mzj/zfxxgkml/",
            "span": (2020, 2025),
        },
    ],
}

MZZJJ = {
    "key": "xm",
    "name": "厦门市",
    "site_name": "厦门市民族与宗教事务局",
    "region_code": "350200",
    "org_prefix": "XM001",
    "host": "mzzjj.xm.gov.cn",
    "aliases": [],
    "schemes": ["http"],
    "meta_style": "xmta",
    "page_size": 10,
    "links_columns": False,
    "robots": "disallow-all",
    "configured": False,
    "id_offset": 1_840_000,
    "columns": [
        {
            "code": "mzzjj",
            "level": "department",
            "agency": "厦门市民族与宗教事务局",
            "path": "/zfxxgk/ndbg/",
            "span": (2023, 2025),
            "known": {"2025": "202601/t20260113_2976915"},
        }
    ],
}

SHUYANG_AGENCY, SHUYANG_LIST = "沭阳县发展和改革局", "/sygfj/gknb/"
SHUYANG_REAL = "/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml"


def _reports_of(site: MirrorSite, host: str) -> list[str]:
    return [r.url for r in site.reports if r.url.split("/")[2] == host]


def _shuyang(site: MirrorSite) -> None:
    vhost = site.add_host(VirtualHost(name="www.shuyang.gov.cn", family="other"))
    base = "http://www.shuyang.gov.cn"
    src = Source(
        key="shuyang/sygfj",
        district="沭阳县",
        region_code="321322",
        agency=SHUYANG_AGENCY,
        level="department",
        parent=None,
        family="other",
        column_url=base + SHUYANG_LIST + "index.shtml",
        configured=False,
    )
    site.sources.append(src)
    items: list[tuple[str, str, str]] = []
    for year in range(2019, 2026):
        src.years.append(year)
        published = f"{year + 1}-01-{10 + year % 17:02d}"
        if year == 2023 and corpus.case_file("shuyang-drc-2023", "source.html") is not None:
            real = site.add_report(
                Report(
                    url=base + SHUYANG_REAL,
                    source=src.key,
                    agency=SHUYANG_AGENCY,
                    year=2023,
                    published="2024-01-18",
                    template="2021",
                    form="html",
                    title="沭阳县发展和改革局2023年政府信息公开年度报告",
                    fixture="shuyang-drc-2023",
                    hazards=["real_report", "word_markup", "blank_cells"],
                )
            )
            vhost.static[SHUYANG_REAL] = Resource(
                lambda: documents.fixture_bytes("shuyang-drc-2023", "source.html"),
                HTML,
                stamp("2024-01-18"),
                report_url=real.url,
            )
            site.hazard("real_report", url=real.url, fixture="shuyang-drc-2023")
            items.append((SHUYANG_REAL, real.title, real.published))
            continue
        digest = hashlib.md5(f"{site.seed}:shuyang:{year}".encode()).hexdigest()
        path = f"{SHUYANG_LIST}{published[:7].replace('-', '')}/{digest}.shtml"
        report = site.add_report(xiamen.new_report(site, src, year, published, base + path))
        vhost.static[path] = Resource(
            partial(_shuyang_page, report), HTML, stamp(published), report_url=report.url
        )
        items.append((path, report.title, published))
    items.sort(key=lambda t: t[2], reverse=True)
    pages = [items[i : i + 4] for i in range(0, len(items), 4)]
    for n, chunk in enumerate(pages):
        name = "index.shtml" if n == 0 else f"index_{n + 1}.shtml"
        nxt = f'<a href="index_{n + 2}.shtml">下一页</a>' if n + 1 < len(pages) else ""
        lis = "".join(f'<li><a href="{p}">{escape(t)}</a><span>{d}</span></li>' for p, t, d in chunk)
        main = f'<ul class="list">{lis}</ul><div class="pages">{nxt}</div>'
        vhost.static[SHUYANG_LIST + name] = Resource(
            partial(_shuyang_chrome, "政府信息公开年报", main), HTML, stamp(items[0][2])
        )
    vhost.static["/"] = Resource(
        lambda: _shuyang_chrome(
            "沭阳县人民政府", f'<a href="{SHUYANG_LIST}index.shtml">发改局政府信息公开年报</a>'
        ),
        HTML,
        stamp("2026-01-01"),
    )
    site.unconfigured.append(
        {"root_url": base + "/", "family": "other", "reports": _reports_of(site, "www.shuyang.gov.cn")}
    )


def _shuyang_chrome(title: str, main: str) -> bytes:
    return chrome.page(
        title=title,
        metas={"SiteName": "沭阳县人民政府"},
        site_name="沭阳县人民政府",
        host="www.shuyang.gov.cn",
        id_code="3213220037",
        main=main,
    ).encode()


def _shuyang_page(report: Report) -> bytes:
    main = (
        f'<div class="article"><h1>{escape(report.title)}</h1><div class="info">发布时间：'
        f'{report.published} 来源：沭阳县发改局</div><div class="article-content">'
        f"{documents.body_html(report)}</div></div>"
    )
    return _shuyang_chrome(report.title, main)


def build(site: MirrorSite) -> None:
    xiamen.build(site, [QZFZ, MZZJJ])
    for r in site.reports:
        if r.url.startswith("http://mzzjj.xm.gov.cn/"):
            r.expected_outcome = "refused"
            r.hazards.append("robots_disallow")
    site.hazard("robots_disallow", host=MZZJJ["host"], url=f"http://{MZZJJ['host']}/robots.txt")
    site.hazard("robots_missing", host="www.jimei.gov.cn")
    site.unconfigured.append(
        {
            "root_url": "http://www.qzfz.gov.cn/",
            "family": "trs",
            "reports": _reports_of(site, "www.qzfz.gov.cn"),
        }
    )
    _shuyang(site)
