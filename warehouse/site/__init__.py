"""`build_site`: the static report site (`ogi report`, and the nightly flow after export).

    index.html        coverage heatmap: agency × year by district, each cell → its report page
    reports/<agency_id>-<year>.html   table 3 (and 4) as printed, beside the checks
    trends.html       requests received and the disposition mix per district; 本机关不掌握 ranking
    checks.html       every failing identity, grouped by rule, with the cells involved
    downloads.html    the parquet export, codebook and manifest of the latest run
    charts/*.svg  assets/site.css  assets/fonts/ (the page font, subset to the site's text)

It reads the published snapshot (read-only, so it runs beside a loading writer), the exports
directory, and the crawl's capture log for pages an anti-bot wall kept out of the warehouse
(`blocked`); it writes into a staging directory and swaps it in whole (`warehouse.publish.replace_dir`).
Modules: `queries` (SQL over the analyst views), `blocked` (walls from the crawl log),
`cells` (which cells a check adds up),
`tables` (tables as printed), `trends` and `charts` (series and SVGs), `statuses`, `fonts`,
`pages` (context → templates/*.html), `output` (staging and swap).
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from pathlib import Path

from core.paths import DataPaths

log = logging.getLogger(__name__)

TOP_NOT_HELD = 15
MIN_HANDLED = 10
WEB_FONT = "ogi-sans-sc.woff2"


def _snapshot_facts(con) -> dict:
    from warehouse.site import queries
    from warehouse.store.schema import schema_version

    return {
        "run": queries.latest_run(con),
        "schema_version": schema_version(con),
        "parser_versions": [
            v for (v,) in con.execute("SELECT DISTINCT parser_version FROM v_report ORDER BY 1").fetchall()
        ],
    }


def _manifest(exports: Path) -> dict | None:
    path = exports / "manifest.json"
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable export manifest ({exc})") from exc


def build_site(paths: DataPaths, out_dir: Path | None = None) -> Path:
    """Build the site from `paths.published`, `paths.exports` (and the crawl log in
    `paths.raw`) into `out_dir` (default `paths.site`); returns the path of its index.html."""
    from warehouse.publish.replace_dir import replacing
    from warehouse.site import blocked, charts, fonts, pages, queries, trends
    from warehouse.store.db import connect_reader

    started = time.perf_counter()
    out_dir = Path(out_dir or paths.site).resolve()
    manifest = _manifest(paths.exports)
    con = connect_reader(paths.published)
    try:
        labels = queries.labels(con)
        coverage = queries.coverage(con)
        report_pages = queries.report_pages(con)
        failing = queries.failing_checks(con)
        summary = queries.check_summary(con)
        received = queries.received_by_district(con)
        mix = queries.mix_by_district(con)
        not_held = queries.top_not_held(con, TOP_NOT_HELD, MIN_HANDLED)
        snapshot = _snapshot_facts(con)
        sources = queries.agency_by_source(con)
    finally:
        con.close()
    unplaced = blocked.place_blocked(coverage, blocked.blocked_pages(paths.raw), sources)

    segments = trends.segments(labels["dispositions"])
    groups = trends.trend_groups(received, mix, segments)
    for group in groups:
        trends.draw(group, segments)
    not_held_svg = (
        charts.share_chart(
            [a["agency_name"] for a in not_held],
            [a["not_held_share"] for a in not_held],
            [f"{a['not_held']:,}/{a['handled']:,}" for a in not_held],
        )
        if not_held
        else ""
    )

    with replacing(out_dir) as staging:
        site = pages.Site(staging, {"snapshot": snapshot, "min_handled": MIN_HANDLED})
        index = pages.coverage_page(site, coverage, unplaced)
        for page in report_pages.values():
            pages.report_page(site, page, labels)
        pages.checks_page(site, failing, summary, report_pages, labels)
        pages.trends_page(site, groups, segments, not_held, not_held_svg)
        pages.downloads_page(site, paths.exports, manifest, snapshot["run"])
        assets = staging / "assets"
        shutil.copytree(fonts.ASSETS, assets, ignore=shutil.ignore_patterns("*.otf"))
        fonts.write_web_font(
            site.characters, assets / "fonts" / WEB_FONT, previous=out_dir / "assets" / "fonts" / WEB_FONT
        )
    log.info("site: %d pages in %.1f s → %s", len(site.written), time.perf_counter() - started, out_dir)
    return out_dir / index.relative_to(staging)
