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
import re
from dataclasses import dataclass, replace

from core.titles import REPORT_PHRASE
from transform.layout import Cell, Document, Extraction, Row
from transform.normalize import read_number
from transform.readers.pages import Box, Page
from transform.readers.positional_bands import MAX_HEADER_LINES, NUMBERED_LABEL, SECTION_HEADING, is_value
from transform.readers.positional_columns import TextTable, find_text_tables
from transform.readers.positional_grid import find_grids
from transform.readers.positional_lines import Line, make_lines

TITLE_HINT_ROWS = 6
# Lines in this share of the page height at its top or bottom are running headers and footers.
MARGIN = 0.08
# Column edges of two table parts this close (points) are the same columns.
SAME_EDGE = 3.0
# A page's last lines that may be the header of a borderless table whose rows start the next
# page: a header as long as a band takes (positional_bands.MAX_HEADER_LINES) and its caption.
# Set again above the next page's first line, this many line heights above it (inside the
# header gap a band allows, positional_bands.HEADER_GAP 1.5; at 0.5 the header's last line
# stood closer to a label's top line than that stands to its values, so the label went into
# the header: 1.0 mended one tuning case, 1.25 and 1.5 two, none lost a cell).
CARRIED_HEADER_LINES = MAX_HEADER_LINES + 1
CARRIED_HEADER_GAP = 1.25
# A page opening with values on one of its first this many lines, in no table, may hold the
# one row of a table whose header the page before ended with (a label wrapped around them).
VALUES_OPEN_LINES = 3
# A line in the bottom margin this many line heights below the text above it is a footer.
FOOTER_GAP = 4.0
# A title line that names its year but stops before the report phrase wraps onto the next line
# ('…街道办事处2019 年度政府信息公开工作年度' / '报告': LibreOffice breaks a centred heading so).
_YEAR_AHEAD = re.compile(r"(?:19|20)\d{2}\s*年")
_REPORT = re.compile(REPORT_PHRASE)
PAGE_NUMBER = re.compile(r"[-—–]?\d{1,4}[-—–]?|第\d{1,4}页(?:共\d{1,4}页)?|\d{1,4}/\d{1,4}")


@dataclass
class _Part:
    """A table's rows on one page, with its column edges when ruled (to recognise a row the
    producer split over a page break)."""

    top: float
    rows: list[list[Cell]]
    edges: list[float] | None = None
    text_columns: list[tuple[float, float]] | None = None  # a borderless table's value columns
    columns: list[tuple[float, float]] | None = None  # and all its columns, labels' first


def layout_pages(pages: list[Page], form: str, extraction: str = "text") -> Document:
    """Rows of every page in reading order: grids (`positional=True`, one `grid` id per table
    part) and one-cell text lines. `extraction="ocr"` marks every cell as recognised text,
    with the lowest confidence of its boxes."""
    doc = Document(form=form, extraction=extraction)
    cell_extraction: Extraction | None = "ocr" if extraction == "ocr" else None
    grid_id = 0
    last_part: _Part | None = None  # the table part the previous page ended with
    before: list[tuple[float, int, _Part | Line]] = []  # the previous page's items, not yet laid out
    for number, page in enumerate(pages, 1):
        carried = last_part.text_columns if last_part is not None else None
        warnings: list[str] = []
        placed = _page_items(page, cell_extraction, warnings, number, carried)
        body = _body(placed, page)
        if last_part is None and body and before and placed[0] is body[0]:
            placed, body = _header_carried_over(
                before, pages[number - 2], page, placed, body, cell_extraction, number, warnings
            )
        doc.warnings.extend(warnings)
        if last_part is not None and body and isinstance(body[0][2], _Part) and not _heading_first(placed):
            _join_split_row(last_part, body[0][2])
        last_part = body[-1][2] if body and isinstance(body[-1][2], _Part) else None
        grid_id = _lay_out(doc, before, cell_extraction, grid_id)
        before = placed
    _lay_out(doc, before, cell_extraction, grid_id)
    doc.title_hints.extend(_title_hints([r.texts[0] for r in doc.rows[:TITLE_HINT_ROWS] if r.cells]))
    return doc


def _title_hints(texts: list[str]) -> list[str]:
    """The first rows' texts, a row cut off between its year and the report phrase followed by
    itself joined with the next row (a title broken over two lines: else the body sentence
    that repeats the title, cut off at its start, may be read as the title)."""
    texts = [t for t in texts if t]
    hints: list[str] = []
    for k, text in enumerate(texts):
        year = _YEAR_AHEAD.search(text)
        if year and k + 1 < len(texts) and not _REPORT.search(text, year.end()):
            hints.append(text + texts[k + 1])
        hints.append(text)
    return hints


def _lay_out(
    doc: Document,
    placed: list[tuple[float, int, _Part | Line]],
    cell_extraction: Extraction | None,
    grid_id: int,
) -> int:
    """A page's items appended to the document as rows; the next grid id."""
    for _, _, payload in placed:
        if isinstance(payload, Line):
            text = payload.text.strip()
            if text:
                confidence = payload.confidence if cell_extraction else None
                doc.rows.append(Row([Cell(text, extraction=cell_extraction, confidence=confidence)]))
        elif payload.rows:
            doc.rows.extend(Row(cells, grid=grid_id, positional=True) for cells in payload.rows)
            grid_id += 1
    return grid_id


def _header_carried_over(
    before: list[tuple[float, int, _Part | Line]],
    last_page: Page,
    page: Page,
    placed: list[tuple[float, int, _Part | Line]],
    body: list[tuple[float, int, _Part | Line]],
    cell_extraction: Extraction | None,
    number: int,
    warnings: list[str],
) -> tuple[list[tuple[float, int, _Part | Line]], list[tuple[float, int, _Part | Line]]]:
    """A borderless table whose header stands at the foot of the page before and whose rows
    start this page (Word and LibreOffice break a table after any row, the header's too):
    the previous page's last lines are set again right above this page's first line, and
    the ones the table's band takes as its header move here (out of `before`); also where
    the page opens with values in no table (one row: no table without its header). Returns
    this page's items and body, changed or not."""
    first = body[0][2]
    if isinstance(first, _Part) and first.text_columns is None:
        return placed, body
    if isinstance(first, Line) and not _values_open(body):
        return placed, body
    tail: list[Line] = []
    for item in reversed(before):
        if not isinstance(item[2], Line) or len(tail) == CARRIED_HEADER_LINES:
            break
        tail.insert(0, item[2])
    while tail and _is_footer(tail, last_page):
        tail.pop()
    if not tail:
        return placed, body
    spacing = max(line.height for line in tail) * CARRIED_HEADER_GAP
    shift = first.top - spacing - max(line.bottom for line in tail)
    moved = [
        Box(b.text, b.x0, b.top + shift, b.x1, b.bottom + shift, b.confidence)
        for line in tail
        for piece in line.pieces
        for b in piece.boxes
    ]
    retried: list[str] = []
    again = _page_items(
        Page(page.width, page.height, moved + page.boxes, page.rulings), cell_extraction, retried, number
    )
    parts = [item for item in again if isinstance(item[2], _Part)]
    if not parts or parts[0][0] >= first.top - spacing:
        return placed, body  # the band took none of them: no header of this table
    taken_lines = [line for line in tail if line.top + shift >= parts[0][0] - SAME_EDGE]
    columns = parts[0][2].text_columns if isinstance(parts[0][2], _Part) else None
    if not columns or not any(p.x1 > columns[0][0] for line in taken_lines for p in line.pieces):
        return placed, body  # label text only (a label's wrapped end), no header over the values
    taken = {id(line) for line in taken_lines}
    before[:] = [item for item in before if id(item[2]) not in taken]
    again = [item for item in again if not (isinstance(item[2], Line) and item[0] < parts[0][0])]
    warnings[:] = retried  # (the lines it left above stay on the page before)
    return again, _body(again, page)


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
        part = _Part(table.top, rows, text_columns=table.value_columns, columns=table.columns)
        placed.append((table.top, 0, part))
    placed.extend((line.top, 1, line) for line in lines)
    placed.sort(key=lambda item: (item[0], item[1]))
    return placed


def _values_open(body: list[tuple[float, int, _Part | Line]]) -> bool:
    """Whether values stand on the page's first lines, no table found around them: a table's
    one row, whose header stands at the foot of the page before ('政 府 集' / '4  50.87')."""
    lines = [item[2] for item in body[:VALUES_OPEN_LINES] if isinstance(item[2], Line)]
    return any(is_value(p) for line in lines for p in line.pieces)


def _heading_first(placed: list[tuple[float, int, _Part | Line]]) -> bool:
    """Whether a section heading ('三、收到和处理…') stands above the page's first table, in
    its top margin: no running header but the next section's, so the table is a new one,
    never the rest of a row the page before ended with (Chrome sets a heading that high)."""
    for _, _, item in placed:
        if isinstance(item, _Part):
            return False
        if SECTION_HEADING.match(item.text.strip()):
            return True
    return False


def _is_footer(lines: list[Line], page: Page) -> bool:
    """Whether the last of a page's last lines is its footer: in the bottom margin, and a
    page number or standing apart from the text above (body text may reach into the margin
    band: LibreOffice's 2 cm margin is narrower than MARGIN)."""
    line = lines[-1]
    if line.top <= (1 - MARGIN) * page.height:
        return False
    apart = len(lines) == 1 or line.top - lines[-2].bottom > FOOTER_GAP * line.height
    return apart or PAGE_NUMBER.fullmatch(line.text.replace(" ", "")) is not None


def _body(placed: list[tuple[float, int, _Part | Line]], page: Page) -> list[tuple[float, int, _Part | Line]]:
    """The page's items outside its margins, and the lines opening the page in its top margin
    that run on into the body, each less than FOOTER_GAP line heights above the next item
    (a table's row LibreOffice sets from the page's very top, '行政事' / '0  0' / '业性收费'; a
    running header stands apart)."""
    opening = 0
    while opening < len(placed) and _in_margin(placed[opening], page):
        line = placed[opening][2]
        below = placed[opening + 1] if opening + 1 < len(placed) else None
        if below is None or not isinstance(line, Line) or below[0] - line.bottom > FOOTER_GAP * line.height:
            break
        opening += 1
    if opening and (opening == len(placed) or _in_margin(placed[opening], page)):
        opening = 0  # (margin lines only: a running header of several lines)
    return placed[:opening] + [item for item in placed[opening:] if not _in_margin(item, page)]


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
    if before.columns is not None and after.columns is not None and before.rows and after.rows:
        _join_split_text_row(before, after)
        return
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
        upper[k] = replace(upper[k], text=joined)  # cells are values: the row gets a new one
        for i in range(k + 1, len(upper)):  # its copies to the right in the same row
            if not (upper[i].span_copy and upper[i].text == old):
                break
            upper[i] = replace(upper[i], text=joined)
    del after.rows[0]


def _join_split_text_row(before: _Part, after: _Part) -> None:
    """The same for borderless parts: a first row of label text alone (no value, no new
    numbered label) is the rest of the label the page before ended with ('3.危及“三' /
    '安全一稳定”'); its text joins the label cell of the row above that stands over it: the
    innermost label cell holding text that its column overlaps (the part on the new page
    may have one label column as wide as two above it, '（六）' | '2.申请人逾期…')."""
    assert before.columns is not None and after.columns is not None
    lower, upper = after.rows[0], before.rows[-1]
    texts = [(c, cell.text) for c, cell in enumerate(lower) if cell.text and not cell.span_copy]
    if not texts or any(read_number(t).kind != "text" or NUMBERED_LABEL.match(t) for _, t in texts):
        return
    starts = [x0 for x0, _ in before.columns]
    joins = []
    for c, text in texts:
        x0, x1 = after.columns[c]
        under = [  # label cells of the row above under this text's column, the innermost last
            k
            for k, (a, b) in enumerate(before.columns[: len(upper)])
            if min(b, x1) - max(a, x0) > 0 and upper[k].text and read_number(upper[k].text).kind == "text"
        ]
        k = (
            under[-1]
            if under
            else max(0, min(bisect.bisect_right(starts, (x0 + x1) / 2) - 1, len(upper) - 1))
        )
        while k > 0 and upper[k].span_copy and upper[k - 1].text == upper[k].text:
            k -= 1  # the merged cell's origin
        if not upper[k].text or read_number(upper[k].text).kind != "text":
            return
        joins.append((k, text))
    for k, text in joins:
        upper[k] = replace(upper[k], text=upper[k].text + text)
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
