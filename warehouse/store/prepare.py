"""From (parse result, capture, registry facts) to the rows the warehouse will store, or a refusal.

Everything here is decided in Python before any write: which year the report covers, who
published it, its stable `report_id` (from the capture, never from who or when), the `report`
and `report_lineage` rows. A report that cannot be attributed to an agency and a year is
refused with a reason naming its source; the loader records the refusal and moves on to the next report.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date

from core.clock import parse_date, parse_utc, utc_now
from core.titles import report_year
from extract.archive import Capture
from transform.model import ParseResult
from warehouse.agencies.resolve import AgencyClaim, AgencyFacts, UnresolvedAgency, agency_id_of
from warehouse.store.staging import InvalidReport, ReportColumns, report_columns

EARLIEST_YEAR = 2000  # the disclosure regulation dates from 2008; earlier years are misreads


@dataclass(frozen=True)
class LoadItem:
    """One report offered to the loader.

    `capture` is its provenance (the HTTP fetch or the ingested file, as archived); `agency`
    carries the source registry's facts for crawled reports; `replaces` names the report a
    re-derivation supersedes when a new parser attributes the same bytes differently.
    """

    result: ParseResult
    capture: Capture
    agency: AgencyFacts | None = None
    replaces: int | None = None


@dataclass(frozen=True)
class PreparedReport:
    item: LoadItem
    claim: AgencyClaim
    report_id: int
    agency_id: str
    year: int
    columns: ReportColumns
    report_row: dict
    lineage_row: dict


class Refused(ValueError):
    """The input cannot be loaded; the message names the input and the problem."""


def source_of(capture: Capture) -> str:
    return capture.final_url or capture.url


def report_id_for(capture_url: str, content_sha256: str) -> int:
    """53 bits of sha256(capture URL | bytes' sha256): exact in any JSON reader, and fixed by
    the capture alone. Re-parsing the same bytes (a new parser version) or attributing them to
    another agency or year (an agency-data change) keeps the id; the same URL serving other
    bytes (a correction) is another capture, so another report. The URL is the one the capture
    records as requested (`Capture.url`, kept as report_lineage.url): a crawl's URL before
    redirects, an ingested file's absolute path. Migration 0005 computes the same in SQL."""
    key = f"{capture_url}|{content_sha256}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 11


def _covered_year(result: ParseResult, capture: Capture, warnings: list[str]) -> int:
    if result.year is not None:
        year, origin = result.year, "the parser"
    elif capture.meta.get("year") is not None:
        year, origin = capture.meta["year"], "the capture metadata"
        warnings.append("covered year taken from the capture metadata (the parser found none)")
    elif (titled := report_year(result.title or capture.meta.get("title"))) is not None:
        year, origin = titled, "the title"
        warnings.append("covered year taken from the title (the parser found none)")
    else:
        raise Refused("the year the report covers could not be determined")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise Refused(f"the covered year given by {origin} is not a year: {year!r}") from None
    if not EARLIEST_YEAR <= year <= utc_now().year:
        raise Refused(f"the covered year given by {origin} is implausible: {year}")
    return year


def _published(result: ParseResult, capture: Capture, warnings: list[str]) -> date | None:
    printed = result.published_date or capture.meta.get("published_date")
    parsed = parse_date(printed)
    if printed and parsed is None:
        warnings.append(f"unreadable publish date {printed!r}")
    return parsed


def _parse_status(result: ParseResult) -> str:
    if result.error:
        return "failed"
    return "parsed" if result.template or result.facts else "no_table"


def _lineage(report_id: int, capture: Capture) -> dict:
    headers = {k.lower(): v for k, v in capture.headers.items()}
    return {
        "report_id": report_id,
        "origin": "file" if capture.role == "file" else "crawl",
        "url": capture.url,
        "final_url": capture.final_url or None,
        "fetched_at": parse_utc(capture.fetched_at),
        "http_status": capture.status,
        "content_type": headers.get("content-type"),
        "headers_json": json.dumps(capture.headers, ensure_ascii=False, sort_keys=True)
        if capture.headers
        else None,
        "content_sha256": capture.sha256,
        "size_bytes": capture.size,
        "source_key": capture.source,
        "capture_role": capture.role,
        "parent_url": capture.parent_url,
        "meta_json": json.dumps(capture.meta, ensure_ascii=False, sort_keys=True, default=str)
        if capture.meta
        else None,
    }


def prepare(item: LoadItem, parser_version: str, run_id: int) -> PreparedReport:
    """Settle identity and build the rows; raises `Refused` with the reason."""
    result, capture = item.result, item.capture
    if not capture.sha256:
        raise Refused("no archived bytes (the capture has no sha256)")
    warnings = list(result.warnings)
    year = _covered_year(result, capture, warnings)
    claim = AgencyClaim(name=result.agency, source=capture.source, facts=item.agency)
    try:
        agency_id = agency_id_of(claim)
    except UnresolvedAgency:
        raise Refused("the publishing agency could not be determined") from None
    try:
        columns = report_columns(result)
    except InvalidReport as exc:
        raise Refused(str(exc)) from None
    report_id = report_id_for(capture.url, capture.sha256)
    report_row = {
        "report_id": report_id,
        "agency_id": agency_id,
        "year": year,
        "template": result.template,
        "title": result.title or capture.meta.get("title"),
        "source_url": result.source_url or source_of(capture),  # an archive names the original
        "published_date": _published(result, capture, warnings),
        "fetched_at": parse_utc(capture.fetched_at),
        "content_sha256": capture.sha256,
        "parser_version": parser_version,
        "is_current": True,
        "parse_status": _parse_status(result),
        "parse_error": result.error,
        "form": result.form,
        "agency_name_printed": result.agency,
        "warnings": warnings,
        "content_fingerprint": columns.fingerprint,
        "extraction": result.extraction,
        "loaded_run_id": run_id,
    }
    return PreparedReport(
        item=item,
        claim=claim,
        report_id=report_id,
        agency_id=agency_id,
        year=year,
        columns=columns,
        report_row=report_row,
        lineage_row=_lineage(report_id, capture),
    )
