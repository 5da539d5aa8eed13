"""Recognise a report's form from its bytes and decode text correctly.

Extensions and Content-Type headers lie (a `.doc` served as a web page, a page declared
gb2312 that is really GBK), so the form comes from magic bytes and markup, and text is decoded
by trying what the bytes can actually be: a BOM, valid UTF-8, then the declared charset with
gb2312/gbk widened to gb18030, then gb18030 and big5 by fewest replacement characters.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile

PDF, DOCX, DOC, HTML, TEXT, XLSX, EMPTY, BINARY = (
    "pdf", "docx", "doc", "html", "text", "xlsx", "empty", "binary")

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP = re.compile(rb"<\s*(?:!doctype\s+html|html|head|body|table|div|p|meta|tr|td|span|br)\b", re.I)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
          "cp936": "gb18030", "big5": "big5hkscs", "utf8": "utf-8"}


def detect_form(data: bytes) -> str:
    head = data[:2048]
    if not data.strip():
        return EMPTY
    if b"%PDF-" in data[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        return _zip_form(data)
    if head.startswith(OLE_MAGIC):
        return DOC
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
    if any(n.startswith("xl/") for n in names):
        return XLSX
    return BINARY


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def _looks_binary(head: bytes) -> bool:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > max(8, len(head) // 20)


def declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii").lower() if m else None


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Decode text bytes; returns (text, encoding actually used)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), enc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in (hint, declared_charset(data), "gb18030", "big5hkscs"):
        if not name:
            continue
        name = _WIDER.get(name.lower(), name.lower())
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        if name not in candidates and name != "utf-8":
            candidates.append(name)
    best_text, best_enc, best_bad = "", "utf-8", None
    for enc in [*candidates, "utf-8"]:
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if best_bad is None or bad < best_bad:
            best_text, best_enc, best_bad = text, enc, bad
        if bad == 0:
            break
    return best_text, best_enc
