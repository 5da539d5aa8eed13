"""Identify attachments by their bytes, never by extension or Content-Type.

Servers send OLE `.doc` files as `text/html`, name PDFs `.htm`, and answer a missing file with
a 200 error page of a few hundred bytes; public crawlers drop any "document" under 1000 bytes
(SITES.md §2.5). So an attachment counts only if its magic bytes say PDF, OLE (doc/xls) or
ZIP (docx/xlsx) and it is at least `MIN_DOCUMENT_BYTES` long.
"""

from __future__ import annotations

import re

from core.sniff import sniff

MIN_DOCUMENT_BYTES = 1024
DOCUMENT_EXTENSIONS = ("pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd")
DOCUMENT_URL = re.compile(r"\.(?:" + "|".join(DOCUMENT_EXTENSIONS) + r")(?:$|[?#])", re.IGNORECASE)


def document_problem(data: bytes) -> str | None:
    """Why these bytes are not a usable attachment, or None when they are one."""
    kind = sniff(data)
    if kind not in ("pdf", "ole", "zip"):
        return f"not a document (starts {data[:8]!r})"
    if len(data) < MIN_DOCUMENT_BYTES:
        return f"{kind} of {len(data)} bytes is an error page, not a report"
    return None


def is_document_url(url: str) -> bool:
    return bool(DOCUMENT_URL.search(url))
