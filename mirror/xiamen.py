"""The six Xiamen district sites: sources from xiamen.toml, reports for 2019–2025, hazards.

Which years exist, every generated doc id, date and markup style follow from the seed; the
report URLs SITES.md §1.3 lists are served exactly as listed. Doc ids come from one counter
shared by all districts (SITES.md §1.1), allocated in publish-date order. Specific hazards are
pinned to specific (source, year) slots so tests can find them by name in the manifest.
"""

from __future__ import annotations

import random
import tomllib
from dataclasses import dataclass
from typing import Any

from core.resources import package_dir

from . import documents, numbers, report_text, trs
from .model import Article, Attachment, Report, Source, VirtualHost
from .site import MirrorSite

CONFIG = package_dir("mirror", "xiamen.toml")
# First doc id of each publish year on the shared counter (SITES.md §1.1 observations).
ID_BASE = {
    2020: 700001,
    2021: 766000,
    2022: 828300,
    2023: 893900,
    2024: 1033000,
    2025: 1086800,
    2026: 1134000,
}

# Hazards pinned to (source key, year): the manifest lists each with its URL.
PINNED: dict[tuple[str, int], str] = {
    ("xmta/sjj", 2023): "waf_412",
    ("xiangan/XM06110", 2022): "waf_521",
    ("jimei/XM03105", 2023): "gbk_wrong_header",
    ("haicang/qxfj", 2023): "attachment_only",
    ("xmta/mzj", 2022): "doc_as_page",
    ("jimei/XM03116", 2024): "broken_pdf_attachment",
    ("jimei/XM03108", 2020): "url_date_differs",
    ("huli/wjj", 2024): "pdf_attachment",
    ("siming/fgj", 2021): "pdf_attachment",
    ("xiangan/XM06103", 2024): "pdf_attachment",
    ("haicang/jyjnb", 2020): "pdf_attachment",
    ("siming/mzj", 2023): "label_typo",
    ("haicang/wjjnb", 2022): "label_typo",
}
_EXTRA_DEPTS = (
    "统计局",
    "医疗保障局",
    "市场监督管理局",
    "农业农村局",
    "水利局",
    "退役军人事务局",
    "住房和建设局",
    "交通运输局",
    "生态环境局",
    "档案馆",
    "科学技术协会",
    "人民防空办公室",
)
BUSY = {"district": 6, "department": 1, "street": 2}


def load_config() -> list[dict[str, Any]]:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)["district"]


@dataclass
class Slot:
    """One (column, year) report to be published, before its doc id is known."""

    d: dict[str, Any]
    col: dict[str, Any]
    src: Source
    year: int
    published: str
    clock: str
    known: str | None  # "YYYYMM/tYYYYMMDD_<id>" when SITES.md lists the URL
    doc_id: int = 0


def _columns(d: dict[str, Any], scale: int) -> list[dict[str, Any]]:
    cols = list(d["columns"])
    for n in range(12 * (scale - 1) if "dept_pattern" in d else 0):
        code = f"{d['org_prefix']}{60 + n}" if d["key"] in ("jimei", "xiangan") else f"bm{n:02d}"
        name = _EXTRA_DEPTS[n % len(_EXTRA_DEPTS)] + ("" if n < len(_EXTRA_DEPTS) else f"第{n}分局")
        cols.append(
            {
                "code": code,
                "level": "department",
                "path": d["dept_pattern"].format(code=code),
                "agency": f"厦门市{d['name']}{name}",
            }
        )
    return cols


def _years(
    seed: int, key: str, known: dict[str, str], span: tuple[int, int] = (2019, 2025)
) -> tuple[list[int], list[int]]:
    rng = random.Random(f"{seed}:years:{key}")
    pinned = {y for (k, y) in PINNED if k == key}
    present, missing = [], []
    for y in range(span[0], span[1] + 1):
        if str(y) in known or y in pinned or rng.random() > 0.13:
            present.append(y)
        else:
            missing.append(y)
    return sorted(present + [int(y) for y in known if int(y) < 2019]), missing


def _slot_dates(seed: int, key: str, year: int, known: str | None) -> tuple[str, str]:
    rng = random.Random(f"{seed}:date:{key}:{year}")
    clock = f"{rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}"
    if known:
        ymd = known.split("/t", 1)[1][:8]
        return f"{ymd[:4]}-{ymd[4:6]}-{ymd[6:8]}", clock
    if PINNED.get((key, year)) == "url_date_differs":
        return f"{year + 1}-07-12", clock
    month = 2 if rng.random() < 0.15 else 1
    return f"{year + 1}-{month:02d}-{rng.randint(4, 27):02d}", clock


def _allocate_ids(seed: int, slots: list[Slot]) -> None:
    """Doc ids from the shared counter; a site with `id_offset` (another city) counts apart."""
    taken = {int(s.known.rsplit("_", 1)[1]) for s in slots if s.known}
    rng = random.Random(f"{seed}:ids")
    counter: dict[tuple[int, int], int] = {}
    for s in sorted((s for s in slots if not s.known), key=lambda s: (s.published, s.src.key)):
        pub_year, offset = int(s.published[:4]), s.d.get("id_offset", 0)
        base = ID_BASE[pub_year] + offset
        nxt = counter.get((offset, pub_year), base) + rng.randint(3, 60)
        while nxt in taken:
            nxt += 1
        taken.add(nxt)
        counter[(offset, pub_year)] = nxt
        s.doc_id = nxt


def _style(seed: int, key: str, year: int, hazard: str | None, level: str) -> dict[str, Any]:
    rng = random.Random(f"{seed}:style:{key}:{year}")
    template = "2019" if year <= 2020 else "2021"
    style: dict[str, Any] = {
        "seed_key": f"{seed}:{key}:{year}",
        "kind": "narrative" if year < 2019 else "table",
        "template": template if year >= 2019 else None,
        "single_other": template == "2019" or rng.random() < 0.3,
        "markup": "word" if rng.random() < 0.35 else "clean",
        "title_variant": rng.choice(report_text.TITLE_VARIANTS)
        if year >= 2019
        else rng.choice(("standard", "niandu", "no_gongzuo")),
        "typo": hazard == "label_typo",
        "gbk": hazard == "gbk_wrong_header",
        "busy": BUSY[level],
    }
    style["blank"] = rng.random() < (0.45 if style["markup"] == "word" else 0.12)
    style["continues"] = rng.random() < 0.93
    style["blank_html"] = rng.choice(["&nbsp;", ""])
    return style


def _report_tags(style: dict[str, Any], year: int, url_differs: bool) -> list[str]:
    tags = []
    if style["kind"] == "narrative":
        tags.append("pre2019_narrative")
    if url_differs:
        tags.append("url_date_differs")
    if style["kind"] == "table":
        if style["template"] == "2021" and style["single_other"]:
            tags.append("hybrid_template")
        if style["markup"] == "word":
            tags.append("word_markup")
        if style["blank"]:
            tags.append("blank_cells")
        if style["typo"]:
            tags.append("label_typo")
        tags.append(f"title_{style['title_variant']}")
    return tags


def new_report(
    site: MirrorSite, src: Source, year: int, published: str, url: str, hazard: str | None = None
) -> Report:
    """A generated report (table or narrative) with seeded style, title and values."""
    style = _style(site.seed, src.key, year, hazard, src.level)
    title = report_text.title(src.agency, year, style["title_variant"])
    differs = not published.startswith(str(year + 1)) or hazard == "url_date_differs"
    report = Report(
        url=url,
        source=src.key,
        agency=src.agency,
        year=year,
        published=published,
        template=style["template"],
        title=title,
        style=style,
        hazards=_report_tags(style, year, differs),
    )
    if style["title_variant"] == "wenhao":
        style["doc_number"] = report_text.doc_number(src.agency, year, random.Random(url))
    if style["kind"] == "table":
        # Most agencies' series are consistent year to year; a few break (as real ones do).
        last = site.last_values.get(src.key)
        previous = last[1] if last and last[0] == year - 1 and style["continues"] else None
        report.values = numbers.generate(
            style["seed_key"],
            style["template"],
            single_other=style["single_other"],
            blank=style["blank"],
            busy=style["busy"],
            previous=previous,
        )
        site.last_values[src.key] = (year, report.values)
    else:
        report.narrative = documents.narrative_truth(report)
    return report


def _attachment_name(slot: Slot, ext: str) -> str:
    rng = random.Random(f"{slot.src.key}:{slot.year}:{ext}")
    return f"P0{slot.published.replace('-', '')}{rng.randint(10**11, 10**12 - 1)}.{ext}"


def _article(site: MirrorSite, base: str, slot: Slot) -> Article:
    """The list entry and page for one slot, with its hazard applied."""
    src, year = slot.src, slot.year
    hazard = PINNED.get((src.key, year))
    column = trs.src_path(src)
    ym, ymd = slot.published[:7].replace("-", ""), slot.published.replace("-", "")
    path = column + (f"{slot.known}.htm" if slot.known else f"{ym}/t{ymd}_{slot.doc_id}.htm")
    url = base + path
    if hazard == "doc_as_page":
        path = f"{column}{ym}/{_attachment_name(slot, 'doc')}"
        url = base + path
    report = new_report(site, src, year, slot.published, url, hazard)
    art = Article(
        path=path,
        title=report.title,
        published=slot.published,
        clock=slot.clock,
        report=report,
        meta={"org": f"{len(src.key) % 90 + 1:02d}"},
    )
    if report.style.get("doc_number"):
        art.meta["doc_number"] = report.style["doc_number"]
    if hazard in ("waf_412", "waf_521"):
        art.kind, report.expected_outcome = hazard, "blocked"
        report.hazards.append(hazard)
        site.hazard(hazard, url=url)
    elif hazard == "doc_as_page":
        art.kind, report.form, report.expected_outcome = "file", "doc", "unsupported"
        report.hazards.append(hazard)
        site.hazard(hazard, url=url)
    elif hazard == "gbk_wrong_header":
        art.kind = "gbk"
        report.hazards.append(hazard)
        site.hazard(hazard, url=url)
    elif hazard in ("attachment_only", "pdf_attachment"):
        name = _attachment_name(slot, "pdf")
        pdf_url = url.rsplit("/", 1)[0] + "/" + name
        pdf_report = Report(
            url=pdf_url,
            source=src.key,
            agency=src.agency,
            year=year,
            published=slot.published,
            template=report.template,
            form="pdf",
            title=report.title,
            attachment_of=url,
            values=report.values,
            style=report.style,
            hazards=[*report.hazards, hazard],
        )
        art.attachments.append(Attachment(name, f"{report.title}.pdf", "pdf", pdf_report))
        if hazard == "attachment_only":
            art.report = None
            site.hazard(hazard, url=pdf_url, page=url)
            report = pdf_report
        else:
            site.add_report(pdf_report)
            site.hazard(hazard, url=pdf_url, page=url)
    elif hazard == "broken_pdf_attachment":
        name = _attachment_name(slot, "pdf")
        art.attachments.append(Attachment(name, "附件：政府信息公开工作年度报告.pdf", "broken"))
        site.hazard("tiny_error_pdf", url=url.rsplit("/", 1)[0] + "/" + name, page=url)
    elif hazard in ("url_date_differs", "label_typo"):
        site.hazard(hazard, url=url)
    if "pre2019_narrative" in report.hazards:
        site.hazard("pre2019_narrative", url=url)
        if "url_date_differs" in report.hazards:
            site.hazard("url_date_differs", url=url)
    site.add_report(report)
    return art


def build(site: MirrorSite, districts: list[dict[str, Any]] | None = None) -> None:
    """Register TRS district-shaped sites: xiamen.toml by default, or the given ones."""
    slots: list[Slot] = []
    per_district: list[tuple[dict[str, Any], VirtualHost, list[dict[str, Any]], list[Source]]] = []
    for d in districts if districts is not None else load_config():
        vhost = site.add_host(
            VirtualHost(
                name=d["host"],
                family="trs",
                aliases=tuple(d["aliases"]),
                robots=d["robots"],
                official=d.get("official", True),
                http="redirect"
                if d.get("http_redirects")
                else ("serve" if "http" in d["schemes"] else "drop"),
                https="serve" if "https" in d["schemes"] else "refuse",
            )
        )
        site.dead_hosts.update(d.get("dead_aliases", []))
        base = vhost.base_url()
        columns = _columns(d, site.scale)
        parent_key = f"{d['key']}/{columns[0]['code']}"
        sources = []
        for col in columns:
            key = f"{d['key']}/{col['code']}"
            known = col.get("known", {})
            present, missing = _years(site.seed, key, known, tuple(col.get("span", (2019, 2025))))
            src = Source(
                key=key,
                district=d["name"],
                region_code=d["region_code"],
                agency=col["agency"],
                level=col["level"],
                parent=None if key == parent_key else parent_key,
                family="trs",
                column_url=base + col["path"],
                years=present,
                missing_years=missing,
                configured=d.get("configured", True),
            )
            site.sources.append(src)
            sources.append(src)
            for year in present:
                published, clock = _slot_dates(site.seed, key, year, known.get(str(year)))
                slots.append(Slot(d, col, src, year, published, clock, known.get(str(year))))
            if col.get("moved_from"):
                site.hazard("moved_column", old=base + col["moved_from"], new=base + col["path"])
        per_district.append((d, vhost, columns, sources))
        for alias in d["aliases"]:
            site.hazard("host_alias", host=alias, canonical=d["host"])
        if d.get("http_redirects"):
            site.hazard(
                "redirect_http_to_https",
                url=f"http://{d['host']}{columns[0]['path']}",
                location=f"https://{d['host']}{columns[0]['path']}",
            )
        for dead in d.get("dead_aliases", []):
            site.hazard("dead_host", host=dead, replacement=d["host"])
    _allocate_ids(site.seed, slots)
    for d, vhost, columns, sources in per_district:
        _register_district(site, d, vhost, columns, sources, [s for s in slots if s.d is d])


def _register_district(
    site: MirrorSite,
    d: dict[str, Any],
    vhost: VirtualHost,
    columns: list[dict[str, Any]],
    sources: list[Source],
    slots: list[Slot],
) -> None:
    base = vhost.base_url()
    nav: list[tuple[str, str]] = []
    for col in columns[1:]:
        if col.get("moved_from"):
            nav.append((col["agency"].replace("科技和工信局", "科技和信息化局"), col["moved_from"]))
        nav.append((col["agency"].removeprefix("厦门市"), col["path"]))
    for src in sources:
        articles = [_article(site, base, s) for s in slots if s.src is src]
        sidebar = trs.sidebar_html(nav) if d["links_columns"] and src.parent is None else ""
        trs.register_column(vhost, d, src, articles, sidebar)
    root_links = [("政府信息公开年报", columns[0]["path"])]
    if d["links_columns"]:
        root_links += nav
    trs.register_root(vhost, d, root_links)
