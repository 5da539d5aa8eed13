"""The pages: each function turns query results into a template's context and writes the file.

Links between pages are relative, so the site works opened from disk, copied elsewhere or
served from any path. A report page's name is stable for its agency and year
(`reports/<agency_id>-<year>.html`), so a paper can cite it and a revision keeps the link.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from core.resources import package_dir
from warehouse.site import tables
from warehouse.site.cells import cells_of
from warehouse.site.queries import Coverage, ReportPage
from warehouse.site.statuses import STATUSES, status

TEMPLATES = package_dir("warehouse.site", "templates")
NAV = (
    ("index.html", "覆盖 Coverage"),
    ("trends.html", "趋势 Trends"),
    ("checks.html", "校验 Checks"),
    ("downloads.html", "下载 Downloads"),
)


def report_href(agency_id: str, year: int) -> str:
    return f"reports/{agency_id}-{year}.html"


def is_web_url(url: str | None) -> bool:
    return bool(url and url.startswith(("http://", "https://")))


def _number(value: Any) -> str:
    """A count as an integer with thousands separators (a SUM comes back from DuckDB as a
    Decimal or float: 0.0 is printed 0); a real fraction with two decimals; text as printed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Decimal | float):
        number = float(value)
        return f"{int(number):,}" if number.is_integer() else f"{number:,.2f}"
    return f"{value:,}"


def _within(name: str, district: str) -> str:
    """An agency's name without its city and district ('厦门市同安区卫生健康局' under 同安区 →
    '卫生健康局'), so the heatmap's name column stays narrow on a phone."""
    _, found, rest = name.partition(district)
    return rest if found and rest else name


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


@dataclass
class Site:
    """Where pages go, the shared context (snapshot facts, labels) and the template engine;
    `previous` is the site being replaced and `previous_keys` its pages' input fingerprints,
    so a page or chart whose inputs are unchanged is copied from it, not made again."""

    out: Path
    context: dict[str, Any]
    previous: Path | None = None
    previous_keys: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters.update(number=_number, percent=_percent, within=_within)
        self.env.globals.update(nav=NAV, report_href=report_href, is_web_url=is_web_url, status=status)
        self.written: list[Path] = []
        self.characters: set[str] = set()  # every character of every page, for the web font
        self.keys: dict[str, str] = {}  # file name → fingerprint of its inputs
        self.reused = 0

    def _reuse(self, name: str, key: str) -> str | None:
        """The previous site's file `name` if it was made from inputs with this fingerprint."""
        self.keys[name] = key
        if self.previous is None or self.previous_keys.get(name) != key:
            return None
        try:
            text = (self.previous / name).read_text(encoding="utf-8")
        except OSError:
            return None
        self.reused += 1
        return text

    def reusable(self, name: str, inputs: str, make: Callable[[], str]) -> str:
        """A generated file's text (a chart): the previous one when `inputs` are the same."""
        key = hashlib.sha256(inputs.encode()).hexdigest()
        text = self._reuse(name, key)
        return make() if text is None else text

    def write(self, name: str, template: str, **context: Any) -> Path:
        target = self.out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * name.count("/")
        key = hashlib.sha256(repr((template, sorted(self.context.items()), sorted(context.items()))).encode())
        html = self._reuse(name, key.hexdigest())
        if html is None:
            html = self.env.get_template(template).render(root=root, page=name, **self.context, **context)
        target.write_text(html, encoding="utf-8")
        self.written.append(target)
        self.characters.update(html)
        return target


def coverage_page(
    site: Site, coverage: Coverage, unplaced_walls: list | None = None, not_published: list | None = None
) -> Path:
    """The heatmap, its legend with counts, who has not published per year, and the walls
    that fit no cell."""
    counts: dict[str, int] = defaultdict(int)
    for cell in coverage.cells():
        counts[cell.status] += 1
    legend = [(s, counts.get(s.code, 0)) for s in STATUSES]
    legend += [(status(code), n) for code, n in counts.items() if code not in {s.code for s in STATUSES}]
    # each district's map has the years it has cells for (pre-2019 extras are few)
    years = {
        district: [y for y in coverage.years if any(y in row.cells for row in rows)]
        for district, rows in coverage.districts
    }
    return site.write(
        "index.html",
        "coverage.html",
        coverage=coverage,
        legend=legend,
        years=years,
        total=sum(counts.values()),
        walls=unplaced_walls or [],
        gaps=_by_year(not_published or []),
    )


def _by_year(rows: list[dict[str, Any]]) -> list[tuple[int, list[dict[str, Any]]]]:
    years: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        years[row["year"]].append(row)
    return sorted(years.items(), reverse=True)


def report_page(site: Site, page: ReportPage, labels: dict[str, list[dict]]) -> Path:
    meta = page.meta
    t3 = tables.table3_rows(page, labels["dispositions"], labels["applicants"])
    t4 = tables.table4_rows(page, labels["proceedings"], labels["outcomes"])
    t2_columns, t2 = tables.table2_rows(page, labels["items"], labels["measures"])
    printed = {row for row, _ in page.table3}
    rendered = {cell.id for row in (*t2, *t3, *t4) for cell in row.cells}
    order = {"fail": 0, "not_assessable": 1, "pass": 2}
    checks = [
        {
            **c,
            "cells": [
                tables.cell_id(cell)
                for cell in cells_of(c["rule"], c["subject"], printed)
                if tables.cell_id(cell) in rendered
            ],
        }
        for c in sorted(page.checks, key=lambda c: (order.get(c["status"], 3), c["rule"], c["subject"]))
    ]
    return site.write(
        report_href(meta["agency_id"], meta["year"]),
        "report.html",
        r=meta,
        t2=t2,
        t2_columns=t2_columns,
        t3=t3,
        t4=t4,
        checks=checks,
        versions=page.versions,
        failing=sum(c["status"] == "fail" for c in checks),
        passing=sum(c["status"] == "pass" for c in checks),
        unassessable=sum(c["status"] == "not_assessable" for c in checks),
    )


def checks_page(
    site: Site,
    failing: list[dict[str, Any]],
    summary: list[dict[str, Any]],
    pages: dict[int, ReportPage],
    labels: dict[str, list[dict]],
) -> Path:
    """Failing results grouped by rule, each with the printed cells the identity adds up."""
    names = {("t3", d["code"]): d["label_zh"] for d in labels["dispositions"]}
    names |= {("t3c", a["code"]): a["label_zh"] for a in labels["applicants"]}
    names |= {("t4", p["code"]): p["label_zh"] for p in labels["proceedings"]}
    names |= {("t4c", o["code"]): o["label_zh"] for o in labels["outcomes"]}
    names |= {("t2", i["code"]): i["label_zh"] for i in labels["items"]}
    names |= {("t2c", m["code"]): m["label_zh"] for m in labels["measures"]}
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for result in failing:
        page = pages.get(result["report_id"])
        facts = page.table3 if page else {}
        printed = {row for row, _ in facts}
        involved = []
        for table, row, column in cells_of(result["rule"], result["subject"], printed):
            if page is None:
                continue
            if table == "t2":
                value, _raw = page.table2.get((row, column), (None, None))
                blank = value is None
            else:
                values = page.table3 if table == "t3" else page.table4
                value, blank = values.get((row, column), (None, True))
            involved.append(
                {
                    "row": names.get((table, row), row),
                    "column": names.get((f"{table}c", column), column),
                    "value": value,
                    "blank": blank,
                    "id": tables.cell_id((table, row, column)),
                }
            )
        by_rule[result["rule"]].append({**result, "cells": involved})
    descriptions = {r["rule"]: r["description"] for r in labels["rules"]}
    return site.write(
        "checks.html", "checks.html", by_rule=dict(by_rule), summary=summary, descriptions=descriptions
    )


def trends_page(
    site: Site,
    groups: list,
    segments: list,
    not_held: list[dict[str, Any]],
    not_held_svg: str,
    agency_trends: list | None = None,
    charts_dir: str = "charts",
) -> Path:
    """Charts are written as files beside the page and shown with <img>, data tables below."""
    from warehouse.site.trend_call import ALPHA, MIN_YEARS

    for trend in agency_trends or []:
        target = site.out / charts_dir / f"not-held-{trend.agency_id}.svg"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(trend.svg, encoding="utf-8")
    for group in groups:
        for kind in ("received", "mix"):
            target = site.out / charts_dir / f"{kind}-{group.anchor}.svg"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(getattr(group, f"{kind}_svg"), encoding="utf-8")
    if not_held_svg:
        (site.out / charts_dir / "not-held.svg").write_text(not_held_svg, encoding="utf-8")
    return site.write(
        "trends.html",
        "trends.html",
        groups=groups,
        segments=segments,
        not_held=not_held,
        has_not_held_chart=bool(not_held_svg),
        agency_trends=agency_trends or [],
        min_years=MIN_YEARS,
        alpha=ALPHA,
        charts=charts_dir,
    )


def downloads_page(
    site: Site, exports: Path, manifest: dict[str, Any] | None, run: dict[str, Any] | None
) -> Path:
    """Links to the export files where they lie (relative to the site, so the two can move
    together); the manifest describes every file but itself, so it is added."""
    entries = list((manifest or {}).get("files", []))
    if manifest is not None:
        entries.append(
            {
                "path": "manifest.json",
                "rows": None,
                "sha256": None,
                "bytes": None,  # it names the run, which changes every night; the page does not
            }
        )
    files = [
        {
            **entry,
            "exists": (exports / entry["path"]).is_file(),
            "href": Path(os.path.relpath(exports / entry["path"], site.out)).as_posix(),
        }
        for entry in entries
    ]
    return site.write(
        "downloads.html", "downloads.html", manifest=manifest, files=files, run=run, exports=str(exports)
    )
