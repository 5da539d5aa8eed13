"""Anti-bot walls into the warehouse, so "blocked" is a status SQL can see (`crawl_wall`).

A wall leaves nothing to parse or load. The crawl's capture log in the raw archive
(append-only, safe to read while a run writes) is the one record of it: a report URL whose
latest capture is `blocked`. The year is read the way the crawler reads it, from the link text
on the list page that led there (the archived list body, `core.titles.report_year`), or from
what the capture itself noted; a wall with no readable year is kept with year NULL.
`record_walls` replaces the table's rows with the walls the log shows now, in one transaction.
A wall met again keeps the time it was first met (`seen_at`: blocked since), so a night that
meets the same walls leaves the table as it was and publishes nothing new
(`warehouse.publish.fingerprint`); a wall that changed its answer or came back after the page
had loaded is a new wall.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.clock import parse_utc
from extract.archive import Archive, Capture
from warehouse.store.transaction import transaction

REPORT_ROLES = ("detail", "attachment")


@dataclass(frozen=True)
class Wall:
    url: str
    source: str | None
    agency: str | None
    year: int | None
    reason: str | None
    fetched_at: str | None


def _list_links(archive: Archive, page: Capture | None) -> dict[str, str]:
    """{link URL: link text} of an archived list page (its last stored body)."""
    from core.decode import decode_html
    from extract.platforms.base import anchors

    if page is None:
        return {}
    sha = page.sha256 or page.meta.get("previous_sha256")
    if not sha or not archive.has(sha):
        return {}
    text, _ = decode_html(archive.read(sha), (page.headers or {}).get("content-type"))
    return {link.url: link.text for link in anchors(page.final_url or page.url, text)}


def walls_in_archive(raw: Path) -> list[Wall]:
    """Report URLs whose most recent capture was a wall."""
    from core.titles import report_year

    if not (raw / "captures.jsonl").is_file():
        return []
    archive = Archive(raw)
    latest = archive.latest_by_url()
    links: dict[str, dict[str, str]] = {}
    out = []
    for capture in latest.values():
        if capture.outcome != "blocked" or capture.role not in REPORT_ROLES:
            continue
        parent = capture.parent_url
        if parent and parent not in links:
            links[parent] = _list_links(archive, latest.get(parent))
        text = links.get(parent, {}).get(capture.url, "") if parent else ""
        column = capture.meta.get("column") or {}
        out.append(
            Wall(
                capture.url,
                capture.source,
                column.get("agency"),
                capture.meta.get("year") or capture.meta.get("list_year") or report_year(text),
                capture.reason,
                capture.fetched_at,
            )
        )
    return out


def _first_met(con: duckdb.DuckDBPyConnection, walls: list[Wall]) -> dict[str, object]:
    """url → `seen_at` of the walls already recorded with the same answer (`reason`)."""
    reasons = {w.url: w.reason for w in walls}
    return {
        url: seen_at
        for url, reason, seen_at in con.execute("SELECT url, reason, seen_at FROM crawl_wall").fetchall()
        if url in reasons and reasons[url] == reason
    }


def record_walls(con: duckdb.DuckDBPyConnection, walls: list[Wall]) -> int:
    """Make `crawl_wall` hold exactly `walls`, each wall already recorded keeping the time it
    was first met; returns how many."""
    import pyarrow as pa

    rows = sorted({w.url: w for w in walls}.values(), key=lambda w: w.url)
    first_met = _first_met(con, rows)
    staged = pa.table(
        {
            "url": pa.array([w.url for w in rows], pa.string()),
            "source_key": pa.array([w.source for w in rows], pa.string()),
            "agency_name": pa.array([w.agency for w in rows], pa.string()),
            "year": pa.array([w.year for w in rows], pa.int16()),
            "reason": pa.array([w.reason for w in rows], pa.string()),
            "seen_at": pa.array(
                [first_met.get(w.url) or parse_utc(w.fetched_at) for w in rows], pa.timestamp("us")
            ),
        }
    )
    with transaction(con) as register:
        con.execute("DELETE FROM crawl_wall")
        name = register("staged_crawl_wall", staged)
        con.execute(f"INSERT INTO crawl_wall SELECT * FROM {name}")
    return len(rows)
