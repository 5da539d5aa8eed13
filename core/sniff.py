"""What a file is, from its magic bytes: never from its extension or Content-Type.

Servers send OLE `.doc` files as `text/html`, name PDFs `.htm`, and answer a missing file
with a 200 error page; the crawler (which attachments to keep) and the parser (which reader
to use) must call the same bytes the same thing, so both build on `sniff`.
"""

from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF-"
# Junk before a PDF header is tolerated within the first KB, as PDF readers do.
PDF_HEADER_WINDOW = 1024


def sniff(data: bytes) -> str | None:
    """`pdf`, `ole`, `zip`, `html` or None (unknown)."""
    if PDF_MAGIC in data[:PDF_HEADER_WINDOW]:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "ole"
    if data.startswith(ZIP_MAGIC):
        return "zip"
    if data[:PDF_HEADER_WINDOW].lstrip()[:1] == b"<":
        return "html"
    return None
