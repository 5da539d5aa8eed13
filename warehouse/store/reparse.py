"""Re-deriving facts after a parser upgrade, from the archived bytes, without the network.

Every report records the `transform.PARSER_VERSION` that derived it. `reparse` finds the
reports derived by any other version, reads their raw bytes back from the archive, parses
them again and reloads them: the same document keeps its `report_id` and gets fresh facts
(`rederived`); if the new parser attributes it to another agency or year, the new report
replaces the old one. A report whose bytes are missing from the archive, or whose new parse
cannot be loaded, keeps its old facts: nothing stored is lost. So does a report the new
parser fails on (an error, or an exception) although the old one read it: that is a parser
regression to look at, not a reason to throw facts away.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import duckdb

import transform
from extract.archive import Archive, Capture
from transform.model import Parser
from warehouse.agencies.resolve import REGISTRY, AgencyFacts
from warehouse.store.load import LoadItem, LoadOutcome, load_reports

_STALE = """
SELECT r.report_id, r.parse_status, l.url, l.final_url, l.fetched_at, l.http_status, l.headers_json,
       l.content_sha256, l.size_bytes, l.source_key, l.capture_role, l.parent_url, l.meta_json,
       a.resolution, a.name, a.region_code, a.province, a.city, a.district, a.level,
       p.name AS parent_name, a.site_url,
       (SELECT list(year ORDER BY year) FROM agency_expected_year e
        WHERE e.agency_id = a.agency_id) AS expected_years
FROM report r
JOIN report_lineage l USING (report_id)
JOIN dim_agency a ON a.agency_id = r.agency_id
LEFT JOIN dim_agency p ON p.agency_id = a.parent_agency_id
WHERE r.parser_version <> ?
ORDER BY r.report_id
"""


def stale_reports(con: duckdb.DuckDBPyConnection, version: str | None = None) -> list[dict]:
    """Reports derived by a parser version other than `version` (default: the current one)."""
    result = con.execute(_STALE, [version or transform.PARSER_VERSION])
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _capture(row: dict) -> Capture:
    return Capture(
        url=row["url"],
        sha256=row["content_sha256"],
        size=row["size_bytes"] or 0,
        fetched_at=row["fetched_at"].isoformat() + "+00:00" if row["fetched_at"] else "",
        final_url=row["final_url"] or "",
        status=row["http_status"],
        headers=json.loads(row["headers_json"]) if row["headers_json"] else {},
        role=row["capture_role"] or "other",
        source=row["source_key"],
        parent_url=row["parent_url"],
        meta=json.loads(row["meta_json"]) if row["meta_json"] else {},
    )


def _facts(row: dict) -> AgencyFacts | None:
    """Registry facts survive a re-parse: they never came from the parser."""
    if row["resolution"] != REGISTRY:
        return None
    return AgencyFacts(
        name=row["name"],
        region_code=row["region_code"],
        province=row["province"],
        city=row["city"],
        district=row["district"],
        level=row["level"],
        parent_name=row["parent_name"],
        site_url=row["site_url"],
        expected_years=tuple(row["expected_years"] or ()),
    )


def reparse(
    con: duckdb.DuckDBPyConnection,
    archive: Archive,
    run_id: int,
    parse: Parser | None = None,
    batch_size: int = 200,
) -> list[LoadOutcome]:
    """Re-derive every stale report from its archived bytes; outcomes in report_id order."""
    if parse is None:
        from transform.parse import parse_contained

        parse = parse_contained
    rows = stale_reports(con)
    kept: list[LoadOutcome] = []  # appended by the loader's worker thread, read after it

    def keep(row: dict, reason: str) -> None:
        kept.append(
            LoadOutcome(
                "rejected",
                row["final_url"] or row["url"],
                reason=f"{reason}; the old facts stay",
                report_id=row["report_id"],
            )
        )

    def items() -> Iterator[LoadItem]:
        for row in rows:
            if not archive.has(row["content_sha256"]):
                keep(row, f"raw bytes {row['content_sha256']} are not in the archive {archive.root}")
                continue
            try:
                result = parse(archive.read(row["content_sha256"]), row["url"])
            except Exception as exc:  # one parser crash must not stop the re-derivation
                keep(row, f"the new parser crashed: {exc!r}")
                continue
            if result.error and row["parse_status"] != "failed":
                keep(row, f"the new parser failed where the old one did not: {result.error}")
                continue
            yield LoadItem(result, _capture(row), _facts(row), replaces=row["report_id"])

    outcomes = load_reports(con, items(), run_id, batch_size=batch_size)
    return outcomes + kept
