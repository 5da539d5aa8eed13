"""Times and dates as the warehouse stores them: naive UTC to the second, and printed dates.

TIMESTAMP (not TIMESTAMPTZ) columns keep exports and CSVs identical whatever the reader's time
zone; every writer takes its time from here so the convention lives in one place. A report's
publish date is printed in many ways; `parse_date` is the one reading of them.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


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


def parse_date(text: str | date | None) -> date | None:
    """A publish date as printed (2024-01-15, 2024/1/15, 2024年1月15日, ISO time) or None."""
    if text is None or isinstance(text, date):
        return text if not isinstance(text, datetime) else text.date()
    match = _DATE.search(unicodedata.normalize("NFKC", str(text)))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
