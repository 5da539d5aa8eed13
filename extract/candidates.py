"""Which archived captures are reports still waiting to be parsed.

A report is a detail page the crawler recognised as one (`meta.is_report`) or a file attached
to one, or a file a user ingested. Its current bytes are those of the latest capture of its
URL that stored a body; a 304 names the body it confirmed. Nightly runs offer only reports
whose bytes the warehouse has not yet derived with the current parser, so an unchanged page
is never parsed twice, and a run that died after fetching picks up where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from extract.archive import Archive, Capture

REPORT_ROLES = ("detail", "attachment", "file")
BODY_OUTCOMES = ("ok", "unchanged")


def is_report(capture: Capture) -> bool:
    if capture.role == "detail":
        return bool(capture.meta.get("is_report")) and not capture.meta.get("attachment_only")
    return capture.role in ("attachment", "file")


def current_reports(archive: Archive, sources: Iterable[str] | None = None) -> list[Capture]:
    """The latest body-bearing capture of every report URL (optionally of some sources)."""
    return latest_reports(archive.captures(), sources)


def latest_reports(captures: Iterable[Capture], sources: Iterable[str] | None = None) -> list[Capture]:
    """`current_reports` over these captures only (e.g. the ones one import logged)."""
    wanted = set(sources) if sources is not None else None
    latest: dict[str, Capture] = {}
    for capture in captures:
        if capture.role not in REPORT_ROLES or capture.outcome not in BODY_OUTCOMES:
            continue
        if wanted is not None and capture.source not in wanted:
            continue
        latest[capture.url] = capture
    return [c for c in latest.values() if is_report(c) and c.sha256]


def pending(captures: Iterable[Capture], already_derived: Callable[[str], bool]) -> list[Capture]:
    """Captures whose bytes are not yet derived (one per distinct body), in archive order."""
    out: list[Capture] = []
    seen: set[str] = set()
    for capture in captures:
        if capture.sha256 in seen or already_derived(capture.sha256):
            continue
        seen.add(capture.sha256)
        out.append(capture)
    return out
