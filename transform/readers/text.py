"""Plain text and markdown (from converters and OCR) → Document.

Text exports put one table cell per line; PDF/OCR converters emit pipe tables whose cells may
have shifted, so markdown rows are kept as rows but never treated as a true grid
(`positional=False`). Everything else becomes a loose line; the table mappers reassemble rows.
"""

from __future__ import annotations

import re

from transform.layout import Cell, Document, Row

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HEADING = re.compile(r"^#{1,6}\s*")


def read_text(text: str) -> Document:
    doc = Document(form="text")
    grid = -1
    in_table = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("|") and line.count("|") >= 2:
            if _SEPARATOR.match(line):
                continue
            if not in_table:
                grid += 1
                in_table = True
            inner = line[1:-1] if line.endswith("|") else line[1:]
            doc.rows.append(Row([Cell(c.strip()) for c in inner.split("|")], grid=grid))
            continue
        in_table = False
        doc.add_line(_HEADING.sub("", line))
    if doc.rows:
        first = doc.rows[0].texts[0] if doc.rows[0].cells else ""
        doc.title_hints.append(first)
    return doc
