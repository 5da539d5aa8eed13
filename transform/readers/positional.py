"""Lay out positioned text into a Document: the one table finder for PDF, OCR and OFD pages.

A page (`transform.readers.pages.Page`) is text boxes and ruling lines at positions. Tables come
from two sources of evidence, tried in this order:

- ruled grids (`positional_grid`): where borders are drawn, the cells are the grid's cells,
  merged cells included (text at the origin, `span_copy` copies elsewhere, as for HTML);
- the text layout (`positional_columns`): where no borders are drawn (hidden borders are common
  in Word and WPS exports), runs of lines whose pieces line up in columns become a grid.

Everything else is read as lines. Tables and lines are interleaved by vertical position, so
headings stay in order; a table continued on the next page is simply the next grid (the table
mappers continue a grid printed without its header when its column count matches).
"""

from __future__ import annotations

from transform.layout import Cell, Document, Row
from transform.readers.pages import Box, Page
from transform.readers.positional_columns import TextTable, find_text_tables
from transform.readers.positional_grid import find_grids
from transform.readers.positional_lines import Line, make_lines

TITLE_HINT_ROWS = 6


def layout_pages(pages: list[Page], form: str, extraction: str = "text") -> Document:
    """Rows of every page in reading order: grids (`positional=True`, one `grid` id per table
    part) and one-cell text lines. `extraction="ocr"` marks every cell as recognised text,
    with the lowest confidence of its boxes."""
    doc = Document(form=form, extraction=extraction)
    cell_extraction = "ocr" if extraction == "ocr" else None
    grid_id = 0
    for page in pages:
        placed: list[tuple[float, int, list[list[Cell]] | Line]] = []
        grids = find_grids(page.rulings)
        loose: list[Box] = []
        inside: list[list[Box]] = [[] for _ in grids]
        for box in page.boxes:
            home = next((k for k, g in enumerate(grids) if g.holds(box)), None)
            (loose if home is None else inside[home]).append(box)
        for grid, boxes in zip(grids, inside, strict=True):
            rows = grid.rows(boxes, cell_extraction)
            if rows:
                placed.append((grid.top, 0, rows))
        tables, lines = find_text_tables(make_lines(loose))
        for table in tables:
            placed.append((table.top, 0, _text_table_rows(table, cell_extraction)))
        placed.extend((line.top, 1, line) for line in lines)
        placed.sort(key=lambda item: (item[0], item[1]))
        for _, kind, payload in placed:
            if kind == 1:
                text = payload.text.strip()
                if text:
                    confidence = payload.confidence if cell_extraction else None
                    doc.rows.append(Row([Cell(text, extraction=cell_extraction, confidence=confidence)]))
                continue
            doc.rows.extend(Row(cells, grid=grid_id, positional=True) for cells in payload)
            grid_id += 1
    doc.title_hints.extend(
        t for t in (r.texts[0] for r in doc.rows[:TITLE_HINT_ROWS] if r.cells) if t)
    return doc


def _text_table_rows(table: TextTable, cell_extraction: str | None) -> list[list[Cell]]:
    return [[Cell(text, span_copy=copy, extraction=cell_extraction if text else None,
                  confidence=confidence if cell_extraction and text else None)
             for text, copy, confidence in row] for row in table.rows]
