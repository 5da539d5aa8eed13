"""Turn raw bytes into text without trusting any single declaration (crawler and parser alike).

Chinese government sites declare `gb2312` while serving GBK, send a UTF-8 header over GBK
bytes, or declare nothing (requests then guesses ISO-8859-1). So: collect the HTTP header's
charset and the page's `<meta>` charset, map the GB family to gb18030 (its superset). Bytes
that are valid UTF-8 are UTF-8 (GBK text practically never is); otherwise take the first
declaration that decodes the bytes strictly, then gb18030.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn"}


def _normalise(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().lower()
    if name in _GB_FAMILY:
        return "gb18030"
    if name in ("utf8", "utf-8"):
        return "utf-8"
    if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
        return None  # never a real declaration for a Chinese page; usually a default
    return name


def header_charset(content_type: str | None) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "ignore") if match else None


def decode_html(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, encoding used). Never raises: the last resort decodes with replacement."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace"), "utf-8"
    candidates: list[str] = []
    for declared in ("utf-8", meta_charset(data), header_charset(content_type), "gb18030"):
        name = _normalise(declared)
        if name and name not in candidates:
            candidates.append(name)
    for name in candidates:
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", "replace"), "utf-8"


def decode_text(data: bytes, charset_hint: str | None = None) -> tuple[str, str]:
    """Decode any text file (page, text export) as the crawler decodes pages: (text, encoding).

    A UTF-16 byte-order mark wins; `charset_hint` is a charset from an HTTP Content-Type header.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    return decode_html(data, f"text/html; charset={charset_hint}" if charset_hint else None)
