"""Recognise a report's form from its bytes and decode text correctly.

Extensions and Content-Type headers lie (a `.doc` served as a web page, a page declared
gb2312 that is really GBK), so the form comes from magic bytes (`core.sniff`, as the crawler
sniffs) and markup, and text is decoded exactly as the crawler decodes it
(`core.decode`): valid UTF-8 first, then the declarations with gb2312/gbk widened to gb18030.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

from core.decode import decode_text
from core.sniff import sniff

PDF, DOCX, DOC, HTML, TEXT, XLSX, EMPTY, BINARY = (
    "pdf",
    "docx",
    "doc",
    "html",
    "text",
    "xlsx",
    "empty",
    "binary",
)

IMAGE, OFD = "image", "ofd"  # a scanned page as PNG/JPEG/TIFF; GB/T 33190 fixed-layout zip
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")  # PNG JPEG TIFF

_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|div|p|meta|tr|td|span|br)\b", re.I)


def detect_form(data: bytes) -> str:
    if not data.strip():
        return EMPTY
    kind = sniff(data)
    if kind == "pdf":
        return PDF
    if kind == "zip":
        return _zip_form(data)
    if kind == "ole":
        return DOC
    if data.startswith(IMAGE_MAGIC):
        return IMAGE
    head = data[:2048]
    if _looks_binary(head):
        return BINARY
    return HTML if _MARKUP.search(data[:65536]) else TEXT


def _zip_form(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return BINARY
    if "word/document.xml" in names:
        return DOCX
    if "OFD.xml" in names:
        return OFD
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return BINARY


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 20)


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode text bytes the same way the crawler does; returns (text, encoding used).

    `hint` is a charset from an HTTP Content-Type header, when one is known.
    """
    return decode_text(data, hint)
