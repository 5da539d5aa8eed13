"""Report pages an anti-bot wall kept from the crawler, for the coverage map.

A wall (瑞数 412, 加速乐 521, …) leaves nothing to parse or load, so the warehouse only sees
the agency-year as missing. The crawl's capture log in the raw archive (append-only, safe to
read while a run writes) is the one record of it: a report URL whose latest capture is
`blocked`. The year is read the way the crawler reads it, from the link text on the list page
that led there (the archived list body, `extract.titles.report_year`); a wall with no readable
year is still listed, just not placed on a cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extract.archive import Archive, Capture
from warehouse.site.queries import Coverage, CoverageCell

REPORT_ROLES = ("detail", "attachment")


@dataclass(frozen=True)
class BlockedPage:
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

    sha = page and (page.sha256 or page.meta.get("previous_sha256"))
    if not sha or not archive.has(sha):
        return {}
    text, _ = decode_html(archive.read(sha), (page.headers or {}).get("content-type"))
    return {link.url: link.text for link in anchors(page.final_url or page.url, text)}


def blocked_pages(raw: Path) -> list[BlockedPage]:
    """Report URLs whose most recent capture was a wall, oldest first."""
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
            BlockedPage(
                capture.url,
                capture.source,
                column.get("agency"),
                capture.meta.get("year") or capture.meta.get("list_year") or report_year(text),
                capture.reason,
                capture.fetched_at,
            )
        )
    return out


def place_blocked(
    coverage: Coverage, pages: list[BlockedPage], agency_by_source: dict[str, str]
) -> list[BlockedPage]:
    """Turn missing cells with a wall behind them into `blocked`; returns the pages that could
    not be placed (unknown year, or an agency with no row), for the list under the map."""
    rows = {row.agency_id: row for _, group in coverage.districts for row in group}
    unplaced = []
    for page in pages:
        row = rows.get(agency_by_source.get(page.source or ""))
        cell = row.cells.get(page.year) if row and page.year else None
        if cell is None:
            unplaced.append(page)
        elif cell.status == "missing":
            row.cells[page.year] = CoverageCell(
                cell.agency_id, cell.year, "blocked", None, cell.reports, 0, None, page.reason
            )
    return unplaced
