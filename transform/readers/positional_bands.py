"""Where a borderless table stands among a page's lines: runs of lines whose values line up.

Where a table's borders are hidden (common in Word and WPS exports) or were never drawn, its
rows still stand on lines cut into several pieces by wide gaps, and its value rows hold
numbers. A run of such lines is a table band; the band reaches up over its header lines
(close above, reaching over the value columns) and down over the last label's wrapped lines.
A section heading ('四、…') ends a band however close the next table stands.
`positional_columns` then cuts a band into rows and columns.
"""

from __future__ import annotations

import itertools
import re

from transform.normalize import read_number
from transform.readers.positional_lines import Line, Piece

# A table line has at least this many pieces (a label and two values), or a label and one
# value (a sparse row of a table, whose other cells are blank).
MIN_PIECES = 3
# Lines of a band follow each other at most this many line heights apart (a wrapped label's
# lines, cell padding); at most MAX_BETWEEN non-table lines stand between two table lines
# (a label wrapped over six lines in the narrowest columns reports print).
BAND_GAP = 4.0
MAX_BETWEEN = 6
# Lines above the first table line are its header if at most this far apart (line heights),
# or at most ROW_PITCH_SLACK times the band's usual gap between value rows: a header row is
# padded like the rows below it (LibreOffice pads borderless cells by 1.5 line heights and
# more, so its header stands as far above the first row as each row above the next).
HEADER_GAP = 1.5
ROW_PITCH_SLACK = 1.15
MAX_HEADER_LINES = 6
# A piece starting within this many points of the band's left edge stands in its label
# column (a number there is a label, not a value); the same slack aligns a section heading.
HEADING_ALIGN = 3.0

NUMBERED_LABEL = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．])"
)
# A section heading opens with a Chinese numeral and '、' ('四、政府信息公开行政复议…').
SECTION_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")


def is_value(piece: Piece) -> bool:
    """A number or a blank mark ('-', '/', '无'): what a value cell prints."""
    return read_number(piece.text).kind != "text"


def is_table_line(line: Line) -> bool:
    """Three pieces or more, or a label and a value (the sparse rows of mostly blank tables)."""
    pieces = line.pieces
    if len(pieces) >= MIN_PIECES:
        return True
    return len(pieces) == 2 and is_value(pieces[1])


def find_bands(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) of every band among a page's lines, top to bottom."""
    bands: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        band = _band(lines, i, bands[-1][1] if bands else 0)
        if band is None:
            i += 1
            continue
        bands.append(band)
        i = band[1]
    return bands


def _band(lines: list[Line], i: int, floor: int) -> tuple[int, int] | None:
    """The band whose first table line is lines[i], header lines included (none above
    `floor`, the end of the band before); None when lines[i] is not a table line."""
    if not is_table_line(lines[i]):
        return None
    last = i
    j = i + 1
    left = lines[i].pieces[0].x0
    value_left = _value_left(lines[i], left)
    starts = [left]  # where the band's labels start
    while j < len(lines):
        if lines[j].top - lines[j - 1].bottom > BAND_GAP * height(lines[j - 1]):
            break
        if (
            _is_heading(lines[j], left, value_left, starts)
            or (_numbered_heading(lines[j]) and not _opens_row(lines, j))
        ) and not (j + 1 < len(lines) and lines[j].bottom > lines[j + 1].top):
            break  # (a label's top line overlaps its centred values; a heading stands alone)
        if is_table_line(lines[j]):
            last = j
            value_left = min(value_left, _value_left(lines[j], left))
            starts.append(lines[j].pieces[0].x0)
        elif j - last > MAX_BETWEEN:
            break
        j += 1
    end = last + 1
    while end < len(lines) and _continues(lines[end - 1], lines[end], lines[i:end], value_left):
        end += 1  # a wrapped label's last lines, or blank rows, below the last value row
    x_min = min(p.x0 for line in lines[i:end] for p in line.pieces)
    label_edge = min(line.pieces[1].x0 for line in lines[i:end] if len(line.pieces) > 1)
    gap = _header_gap(lines[i:end])
    return _header_start(lines, i, floor, x_min, label_edge, value_left, starts, gap), end


def _header_gap(band: list[Line]) -> float:
    """How far above the band's first table line a header line may stand: HEADER_GAP line
    heights, or ROW_PITCH_SLACK times the median gap between the band's neighbouring table
    lines, whichever is wider."""
    gaps = sorted(
        b.top - a.bottom
        for a, b in itertools.pairwise(band)
        if is_table_line(a) and is_table_line(b) and b.top >= a.bottom
    )
    pitch = gaps[len(gaps) // 2] if gaps else 0.0
    return max(HEADER_GAP * height(band[0]), ROW_PITCH_SLACK * pitch)


def _header_start(
    lines: list[Line],
    i: int,
    floor: int,
    x_min: float,
    label_edge: float,
    value_left: float,
    starts: list[float],
    gap: float,
) -> int:
    """Where the band starts above its first table line lines[i]: over its header lines (at
    most `gap` apart), and over label lines right above it (the first row's label wrapped
    above its values) when a header line stands above those. A paragraph ends the header: a
    line from the label column across the middle of the value columns."""
    start, k = i, i
    has_values = any(is_value(p) for p in lines[i].pieces[1:])  # (else lines[i] is a header)
    while k > floor and i - k < MAX_HEADER_LINES + MAX_BETWEEN:
        line, below = lines[k - 1], lines[k]
        if below.top - line.bottom > max(gap, HEADER_GAP * height(line)) and line.bottom <= below.top:
            break
        if _is_paragraph(line, x_min, value_left):
            break
        if _is_heading(line, x_min, value_left, starts) or (
            (start < i or not has_values) and _numbered_heading(line) and line.bottom <= below.top
        ):
            break  # (above a header line, '三、…' alone on its line is the section's heading)
        if all(p.x1 <= label_edge for p in line.pieces):
            if line.bottom > below.top and start == k:
                start = k - 1  # (the top line of a label whose values stand lower down)
            k -= 1
            continue
        if not all(p.x0 >= x_min - 2 for p in line.pieces) or i - start >= MAX_HEADER_LINES:
            break
        k -= 1
        start = k  # a header line, and the label lines between it and the band
    return start


def _is_paragraph(line: Line, x_min: float, value_left: float) -> bool:
    """A line of prose above a table: one piece from the label column on into the value
    columns (a stub header stays left of the values, a merged header stands over them)."""
    if len(line.pieces) != 1:
        return False
    piece = line.pieces[0]
    return piece.x0 < x_min + HEADING_ALIGN and piece.x1 > value_left


def _value_left(line: Line, left: float) -> float:
    """Where the line's first value right of the label column starts (inf: none)."""
    return min(
        (p.x0 for p in line.pieces if p.x0 > left + HEADING_ALIGN and is_value(p)), default=float("inf")
    )


def _is_heading(line: Line, left: float, value_left: float, starts: list[float]) -> bool:
    """A section heading ('四、…') alone on its line, left of the band's left edge, reaching
    over its values or indented where no label of the band starts: the next table (or the
    text after this one) starts here, however close it stands. (A row label '一、本年新收…'
    wrapped in its cell stays left of the values, where the band's labels start.)"""
    if len(line.pieces) != 1 or SECTION_HEADING.match(line.pieces[0].text) is None:
        return False
    x0 = line.pieces[0].x0
    return (
        x0 < left - HEADING_ALIGN
        or line.pieces[0].x1 > value_left
        or (x0 > left + HEADING_ALIGN and all(abs(x0 - s) > HEADING_ALIGN for s in starts))
    )


def _opens_row(lines: list[Line], j: int) -> bool:
    """Whether lines[j] (a numbered label alone on its line, '一、本年新收政府信息公') is the
    top of a row label: values follow before any header line or other numbered label, and
    stand on a line whose label does not start afresh."""
    for line in lines[j + 1 : j + 2 + MAX_BETWEEN]:
        if any(is_value(p) for p in line.pieces):
            return NUMBERED_LABEL.match(line.pieces[0].text) is None
        if is_table_line(line) or NUMBERED_LABEL.match(line.text):
            return False
    return False


def _numbered_heading(line: Line) -> bool:
    return len(line.pieces) == 1 and SECTION_HEADING.match(line.pieces[0].text) is not None


def _continues(above: Line, line: Line, band: list[Line], value_left: float) -> bool:
    """A line right below the band that wraps a label (short, not numbered), or a label of a
    blank row (left of the value columns)."""
    if line.top - above.bottom > HEADER_GAP * height(above):
        return False
    if NUMBERED_LABEL.match(line.text):
        return not SECTION_HEADING.match(line.text) and all(p.x1 <= value_left for p in line.pieces)
    width = max(p.x1 for ln in band for p in ln.pieces) - min(p.x0 for ln in band for p in ln.pieces)
    return all(p.x1 - p.x0 < width / 3 for p in line.pieces) and not _outgrows(above, line)


def _outgrows(above: Line, line: Line) -> bool:
    """Whether `line` runs further right than the label it would wrap: a label wraps where
    its cell ends, so its next line is no wider than the one above ('第二十条第（六）项'
    below '行政许可' heads the next table)."""
    first, label = line.pieces[0], above.pieces[0]
    return abs(first.x0 - label.x0) <= HEADING_ALIGN and first.x1 > label.x1 + height(above)


def height(line: Line) -> float:
    return max(line.height, 1.0)
