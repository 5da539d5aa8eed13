"""Timestamps as the warehouse stores them: naive UTC, second precision.

TIMESTAMP (not TIMESTAMPTZ) columns keep exports and CSVs identical whatever the reader's time
zone; every writer takes its time from here so the convention lives in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def parse_utc(text: str | None) -> datetime | None:
    """An ISO-8601 time (as `Capture.fetched_at` records it) as naive UTC; None if absent/invalid."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
