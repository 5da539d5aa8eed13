"""PDF reports (machine-generated, with a text layer) → Document, via pdfplumber.

pdfplumber's `lines` strategy returns a merged cell's text at its origin and None in the cells
it covers — exactly the span-copy distinction the grid needs. Text outside the tables is read
as lines and interleaved with table rows by vertical position, so headings stay in order; a
table continuing on the next page simply continues in the row stream.
"""

from __future__ import annotations

import io

import pdfplumber

from transform.layout import Cell, Document, Row
from transform.normalize import squash

MAX_PAGES = 300


def read_pdf(data: bytes) -> Document:
    doc = Document(form="pdf")
    grid_index = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        info_title = str((pdf.metadata or {}).get("Title") or "").strip()
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            doc.warnings.append(f"PDF has {len(pages)} pages; read the first {MAX_PAGES}")
        for page in pages[:MAX_PAGES]:
            items: list[tuple[float, int, object]] = []
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            for t in tables:
                items.append((t.bbox[1], 0, t.extract()))
            outside = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page
            for line in outside.extract_text_lines(strip=True):
                items.append((line["top"], 1, line["text"]))
            items.sort(key=lambda item: (item[0], item[1]))
            for _, kind, payload in items:
                if kind == 1:
                    doc.add_line(payload)
                    continue
                for raw_row in payload:
                    doc.rows.append(Row(
                        [Cell("", span_copy=True) if c is None else Cell(squash(c)) for c in raw_row],
                        grid=grid_index, positional=True))
                grid_index += 1
            page.close()
    doc.title_hints.extend(t for t in (r.texts[0] for r in doc.rows[:6] if r.cells) if t)
    if info_title:  # the document properties' title, after what the first page prints
        doc.title_hints.append(info_title)
    return doc


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)
