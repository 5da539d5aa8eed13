"""`build_site`: the static report site (`ogi report`, and the nightly flow after export).

    index.html        coverage heatmap: agency × year by district, each cell → its report page
    reports/<agency_id>-<year>.html   table 3 (and 4) as printed, beside the checks
    trends.html       requests received and the disposition mix per district; 本机关不掌握 ranking
    checks.html       every failing identity, grouped by rule, with the cells involved
    downloads.html    the parquet export, codebook and manifest of the latest run
    charts/*.svg  assets/site.css  assets/fonts/ (the page font, subset to the site's text)

It reads the published snapshot (read-only, so it runs beside a loading writer) and the
exports directory; anti-bot walls come from the warehouse too (`crawl_wall` behind
v_coverage's `blocked`). It writes into a staging directory and swaps it in whole
(`warehouse.publish.replace_dir`). Incremental: `.inputs.json` keeps the fingerprint of the
build's inputs (query results, manifest, the site's code) and of each page and chart; a build
with the same inputs does nothing, and one with new data renders only what changed. It also
keeps the snapshot file's identity (`snapshot_key`): a run that changed nothing leaves the
snapshot file as it was, so the check then reads no query at all.
Modules: `queries` (SQL over the analyst views), `cells` (which cells a check adds up),
`tables` (tables as printed), `trends`, `trend_call` and `charts` (series, the rising/falling
call and SVGs), `statuses`, `fonts`, `pages` (context → templates/*.html).
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING

from core.paths import DataPaths
from core.progress import Tick

if TYPE_CHECKING:
    import duckdb

    from warehouse.site.pages import Site

log = logging.getLogger(__name__)

TOP_NOT_HELD = 15
MIN_HANDLED = 10
WEB_FONT = "ogi-sans-sc.woff2"
INPUTS_FILE = ".inputs.json"  # the build's fingerprint and each page's, for the next build


def _snapshot_facts(con: duckdb.DuckDBPyConnection, manifest: dict | None) -> dict:
    """What the footer says about the data. No run id or clock time: a no-change run must
    leave every page as it was (the dataset version changes only with the data)."""
    from warehouse.store.schema import schema_version

    return {
        "version": (manifest or {}).get("version"),
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


def _code_version() -> str:
    """A hash of this package's code, templates and assets: a new site version rebuilds."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".html", ".css"):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _read(con: duckdb.DuckDBPyConnection, manifest: dict | None) -> dict:
    """Every query result the pages are made from (the site's whole input, with the manifest)."""
    from warehouse.site import queries

    return {
        "labels": queries.labels(con),
        "coverage": queries.coverage(con),
        "report_pages": queries.report_pages(con),
        "failing": queries.failing_checks(con),
        "summary": queries.check_summary(con),
        "received": queries.received_by_district(con),
        "mix": queries.mix_by_district(con),
        "not_held": queries.top_not_held(con, TOP_NOT_HELD, MIN_HANDLED),
        "series": queries.not_held_series(con, MIN_HANDLED),
        "not_published": queries.not_published(con),
        "walls": queries.unplaced_walls(con),
        "snapshot": _snapshot_facts(con, manifest),
    }


def _digest(data: str, manifest: dict | None) -> str:
    """sha256 of the site's code, `data` and the manifest as the pages show it. The manifest's
    run block is left out (and no page shows it): a run that changed nothing must not rebuild."""
    digest = hashlib.sha256(_code_version().encode())
    digest.update(data.encode())
    shown = {k: v for k, v in (manifest or {}).items() if k not in ("run", "run_id")}
    digest.update(json.dumps(shown, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def fingerprint(data: dict, manifest: dict | None) -> str:
    """sha256 of everything a build reads: query results, manifest, and the site's own code.
    Query results are plain dicts, dataclasses, numbers, strings and dates: their repr is
    stable from one process to the next."""
    return _digest(repr(sorted(data.items())), manifest)


def snapshot_key(snapshot: Path, manifest: dict | None) -> str:
    """The build's inputs named without reading them: the snapshot file itself (size, mtime and
    inode; publishing always swaps in a new file, and a run that changed nothing leaves the old
    one), the manifest and the site's code. The same key means the same query results, so a
    no-change night skips the site's queries too (they cost more than the rest of the check)."""
    stat = snapshot.stat()
    return _digest(f"{snapshot.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}", manifest)


def _previous_inputs(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / INPUTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_inputs(out_dir: Path, inputs: dict) -> None:
    tmp = out_dir / (INPUTS_FILE + ".tmp")
    tmp.write_text(json.dumps(inputs, sort_keys=True), encoding="utf-8")
    tmp.replace(out_dir / INPUTS_FILE)


def build_site(paths: DataPaths, out_dir: Path | None = None, on_page: Tick | None = None) -> Path:
    """Build the site from `paths.published` and `paths.exports` into `out_dir` (default
    `paths.site`); returns the path of its index.html. Nothing is rebuilt when the inputs are
    those of the site already there; otherwise pages and charts whose own inputs did not
    change are copied from it instead of being rendered again. `on_page(done, total)` is
    called as each agency's trend and each report's page is done (the operator's progress)."""
    from warehouse.publish.replace_dir import replacing
    from warehouse.store.db import connect_reader

    started = time.perf_counter()
    out_dir = Path(out_dir or paths.site).resolve()
    manifest = _manifest(paths.exports)
    previous = _previous_inputs(out_dir)
    index = out_dir / "index.html"
    snapshot = snapshot_key(paths.published, manifest) if paths.published.exists() else None
    if snapshot is not None and previous.get("snapshot") == snapshot and index.is_file():
        log.info(
            "site: snapshot, export and site code unchanged, nothing rebuilt (%.2f s) → %s",
            time.perf_counter() - started,
            out_dir,
        )
        return index
    con = connect_reader(paths.published)
    try:
        data = _read(con, manifest)
    finally:
        con.close()
    site_key = fingerprint(data, manifest)
    inputs = {"site": site_key, "snapshot": snapshot}
    if previous.get("site") == site_key and index.is_file():
        _write_inputs(out_dir, previous | inputs)  # the next check of this snapshot needs no queries
        log.info(
            "site: inputs unchanged, nothing rebuilt (%.2f s) → %s", time.perf_counter() - started, out_dir
        )
        return index
    with replacing(out_dir) as staging:
        site = _render(data, manifest, paths, staging, out_dir, previous.get("pages", {}), on_page)
        (staging / INPUTS_FILE).write_text(
            json.dumps(inputs | {"pages": site.keys}, sort_keys=True), encoding="utf-8"
        )
    log.info(
        "site: %d files, %d reused, in %.1f s → %s",
        len(site.written),
        site.reused,
        time.perf_counter() - started,
        out_dir,
    )
    return index


def _render(
    data: dict,
    manifest: dict | None,
    paths: DataPaths,
    staging: Path,
    out_dir: Path,
    keys: dict,
    on_page: Tick | None,
) -> Site:
    from warehouse.site import charts, fonts, pages, trends

    labels = data["labels"]
    site = pages.Site(staging, {"snapshot": data["snapshot"], "min_handled": MIN_HANDLED}, out_dir, keys)
    segments = trends.segments(labels["dispositions"])
    groups = trends.trend_groups(data["received"], data["mix"], segments)
    total = len(groups) + len(data["report_pages"])
    for done, group in enumerate(groups, start=1):
        trends.draw(group, segments, site.reusable)
        if on_page is not None:
            on_page(done, total)
    not_held = data["not_held"]
    not_held_svg = (
        site.reusable(
            "charts/not-held.svg",
            repr(not_held),
            lambda: charts.share_chart(
                [a["agency_name"] for a in not_held],
                [a["not_held_share"] for a in not_held],
                [f"{a['not_held']:,}/{a['handled']:,}" for a in not_held],
            ),
        )
        if not_held
        else ""
    )
    pages.coverage_page(site, data["coverage"], data["walls"], data["not_published"])
    for done, page in enumerate(data["report_pages"].values(), start=len(groups) + 1):
        pages.report_page(site, page, labels)
        if on_page is not None:
            on_page(done, total)
    pages.checks_page(site, data["failing"], data["summary"], data["report_pages"], labels)
    pages.trends_page(site, groups, segments, not_held, not_held_svg, trends.agency_trends(data["series"]))
    pages.downloads_page(site, paths.exports, manifest, None)
    assets = staging / "assets"
    shutil.copytree(fonts.ASSETS, assets, ignore=shutil.ignore_patterns("*.otf"))
    fonts.write_web_font(
        site.characters, assets / "fonts" / WEB_FONT, previous=out_dir / "assets" / "fonts" / WEB_FONT
    )
    return site
