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

import bisect
from dataclasses import dataclass

from transform.layout import Cell, Document, Extraction, Row
from transform.normalize import read_number
from transform.readers.pages import Box, Page
from transform.readers.positional_bands import NUMBERED_LABEL
from transform.readers.positional_columns import TextTable, find_text_tables
from transform.readers.positional_grid import find_grids
from transform.readers.positional_lines import Line, make_lines

TITLE_HINT_ROWS = 6
# Lines in this share of the page height at its top or bottom are running headers and footers.
MARGIN = 0.08
# Column edges of two table parts this close (points) are the same columns.
SAME_EDGE = 3.0


@dataclass
class _Part:
    """A table's rows on one page, with its column edges when ruled (to recognise a row the
    producer split over a page break)."""

    top: float
    rows: list[list[Cell]]
    edges: list[float] | None = None
    text_columns: list[tuple[float, float]] | None = None  # a borderless table's value columns


def layout_pages(pages: list[Page], form: str, extraction: str = "text") -> Document:
    """Rows of every page in reading order: grids (`positional=True`, one `grid` id per table
    part) and one-cell text lines. `extraction="ocr"` marks every cell as recognised text,
    with the lowest confidence of its boxes."""
    doc = Document(form=form, extraction=extraction)
    cell_extraction: Extraction | None = "ocr" if extraction == "ocr" else None
    grid_id = 0
    last_part: _Part | None = None  # the table part the previous page ended with
    for number, page in enumerate(pages, 1):
        carried = last_part.text_columns if last_part is not None else None
        placed = _page_items(page, cell_extraction, doc.warnings, number, carried)
        body = [item for item in placed if not _in_margin(item, page)]
        if last_part is not None and body and isinstance(body[0][2], _Part):
            _join_split_row(last_part, body[0][2])
        last_part = body[-1][2] if body and isinstance(body[-1][2], _Part) else None
        for _, _, payload in placed:
            if isinstance(payload, Line):
                text = payload.text.strip()
                if text:
                    confidence = payload.confidence if cell_extraction else None
                    doc.rows.append(Row([Cell(text, extraction=cell_extraction, confidence=confidence)]))
            elif payload.rows:
                doc.rows.extend(Row(cells, grid=grid_id, positional=True) for cells in payload.rows)
                grid_id += 1
    doc.title_hints.extend(t for t in (r.texts[0] for r in doc.rows[:TITLE_HINT_ROWS] if r.cells) if t)
    return doc


def _page_items(
    page: Page,
    cell_extraction: Extraction | None,
    warnings: list[str],
    number: int,
    carried: list[tuple[float, float]] | None = None,
) -> list[tuple[float, int, _Part | Line]]:
    """A page's table parts and text lines, top to bottom (the borderless tables' doubts
    added to `warnings`; `carried`: the columns of the borderless table the page before
    ended with)."""
    placed: list[tuple[float, int, _Part | Line]] = []
    grids = find_grids(page.rulings)
    loose: list[Box] = []
    inside: list[list[Box]] = [[] for _ in grids]
    for box in page.boxes:
        for k, grid in enumerate(grids):
            if grid.holds(box):
                inside[k].append(box)
                break
        else:
            loose.append(box)
    for grid, boxes in zip(grids, inside, strict=True):
        rows = grid.rows(boxes, cell_extraction)
        if rows:
            placed.append((grid.top, 0, _Part(grid.top, rows, grid.xs)))
    tables, lines = find_text_tables(make_lines(loose), carried)
    for table in tables:
        warnings.extend(f"page {number}: {warning}" for warning in table.warnings)
        rows = _text_table_rows(table, cell_extraction)
        placed.append((table.top, 0, _Part(table.top, rows, text_columns=table.value_columns)))
    placed.extend((line.top, 1, line) for line in lines)
    placed.sort(key=lambda item: (item[0], item[1]))
    return placed


def _in_margin(item: tuple[float, int, _Part | Line], page: Page) -> bool:
    """A text line in the top or bottom margin: a running header, footer or page number."""
    line = item[2]
    return isinstance(line, Line) and (
        line.bottom < MARGIN * page.height or line.top > (1 - MARGIN) * page.height
    )


def _join_split_row(before: _Part, after: _Part) -> None:
    """Join the first row of `after` into the last row of `before` when it is the rest of a
    row the producer split over the page break (LibreOffice and Chrome do): a ruled table
    ending at the same right edge, text (merged cells' copies included) only under cells of
    the row above that hold text, none of it a number or a new numbered label. Columns are
    matched by position: the part on the new page may lack a column the row spans above (a
    merged cell that ended before the break)."""
    if before.edges is None or after.edges is None or not before.rows or not after.rows:
        return
    if abs(before.edges[-1] - after.edges[-1]) > SAME_EDGE:
        return  # (the left edges may differ: a merged cell open over the break lacks a side)
    upper, lower = before.rows[-1], after.rows[0]
    joins: list[tuple[int, str]] = []
    for c, rest in enumerate(lower):
        if not rest.text:
            continue
        centre = (after.edges[c] + after.edges[c + 1]) / 2
        k = max(0, min(bisect.bisect_right(before.edges, centre) - 1, len(upper) - 1))
        while k > 0 and upper[k].span_copy and upper[k - 1].text == upper[k].text:
            k -= 1  # the merged cell's origin
        top = upper[k].text
        if (
            not top
            or read_number(top).kind != "text"
            or read_number(rest.text).kind != "text"
            or NUMBERED_LABEL.match(rest.text)
        ):
            return
        if not rest.span_copy:
            joins.append((k, rest.text))
    if not joins:
        return
    for k, text in joins:
        old, joined = upper[k].text, upper[k].text + text
        upper[k].text = joined
        for cell in upper[k + 1 :]:  # its copies to the right in the same row
            if not (cell.span_copy and cell.text == old):
                break
            cell.text = joined
    del after.rows[0]


def _text_table_rows(table: TextTable, cell_extraction: Extraction | None) -> list[list[Cell]]:
    return [
        [
            Cell(
                text,
                span_copy=copy,
                extraction=cell_extraction if text else None,
                confidence=confidence if cell_extraction and text else None,
            )
            for text, copy, confidence in row
        ]
        for row in table.rows
    ]
