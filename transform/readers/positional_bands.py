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
import math
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
# Lines of label text alone (left of the band's values) may stand this many between two table
# lines: a 14-pt label wrapped two characters a line in a 40-pt column ('5.要求行政机关确认
# 或重新出具已获取信息', Chrome) stands over ten lines, its values centred among them, so the
# rest of one label and the top of the next put eight label lines between two value rows.
MAX_LABEL_BETWEEN = 12
# Lines above the first table line are its header if at most this far apart (line heights),
# or at most ROW_PITCH_SLACK times the band's usual gap between value rows: a header row is
# padded like the rows below it (LibreOffice pads borderless cells by 1.5 line heights and
# more, so its header stands as far above the first row as each row above the next).
HEADER_GAP = 1.5
ROW_PITCH_SLACK = 1.15
# A wrapped label's last lines below a band stand at most this many times the band's median
# line gap below the line above (a label's lines are spaced alike; 1.1 takes the 19.4-pt gap
# below a value row whose band's lines stand 19–20 pt apart, LibreOffice at 10.5 pt).
WRAP_SLACK = 1.1
# A header has at most this many lines: header cells of narrow columns, each wrapped over two
# to four lines and centred in its row, interleave up to eight lines (LibreOffice, 9–11 pt
# in the mirror's 40-pt columns); six lost the top of such headers on the tuning set.
MAX_HEADER_LINES = 10
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
    """Three pieces or more, or a label and a value (the sparse rows of mostly blank tables);
    not a numbering alone and a blank mark, which is a label's first line justified over a
    narrow cell ('4.      无' of '4.无正当理由…', Chrome at 14 pt)."""
    pieces = line.pieces
    if len(pieces) >= MIN_PIECES:
        return True
    return len(pieces) == 2 and is_value(pieces[1]) and not spread_numbering(line)


def spread_numbering(line: Line) -> bool:
    """A numbering alone and a blank mark: the first line of a label spread over its cell
    ('4.      无' of '4.无正当理由…'), not a label and its value."""
    pieces = line.pieces
    return (
        len(pieces) == 2
        and NUMBERED_LABEL.fullmatch(pieces[0].text.strip()) is not None
        and not any(ch.isdigit() for ch in pieces[1].text)
    )


def table_lines(lines: list[Line]) -> list[bool]:
    """Which of the page's lines are table lines: those `is_table_line` says, and values
    alone on their line with their label wrapped around them (`_wrapped_around`)."""
    return [is_table_line(line) or _wrapped_around(lines, k) for k, line in enumerate(lines)]


def _wrapped_around(lines: list[Line], k: int) -> bool:
    """Values alone on their line (one, or two: table 2's fee and procurement rows), right
    below or above a line of label text that ends left of them: in columns so narrow that a
    label wraps to two characters a line ('行政' / '许可'), the values centred in their row
    stand on a line of their own between the label's lines. (A page number below a
    paragraph stands under the paragraph's text, not right of it.)"""
    line = lines[k]
    if not line.pieces or not all(is_value(p) for p in line.pieces):
        return False
    return bool(labels_beside(lines, k))


def label_beside(value: Line, other: Line) -> bool:
    """Whether `other`, right above or below the line `value` (values alone), is label text
    ending left of its first value."""
    gap = max(other.top - value.bottom, value.top - other.bottom)
    x0 = value.pieces[0].x0
    return gap <= HEADER_GAP * height(value) and all(p.x1 < x0 and not is_value(p) for p in other.pieces)


def labels_beside(lines: list[Line], k: int, start: int = 0, end: int | None = None) -> list[int]:
    """Which of the lines right above and below lines[k] (values alone), among lines[start:end],
    are label text beside it (`label_beside`): the label wrapped around those values."""
    stop = len(lines) if end is None else end
    return [j for j in (k - 1, k + 1) if start <= j < stop and label_beside(lines[k], lines[j])]


def _band_left(lines: list[Line], i: int) -> float:
    """Where the labels of the band opening at lines[i] start: its first piece, or for values
    alone on their line, the label wrapped around them."""
    if is_value(lines[i].pieces[0]) and (beside := labels_beside(lines, i)):
        return min(lines[j].pieces[0].x0 for j in beside)
    return lines[i].pieces[0].x0


def find_bands(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) of every band among a page's lines, top to bottom."""
    bands: list[tuple[int, int]] = []
    table = table_lines(lines)
    i = 0
    while i < len(lines):
        band = _band(lines, table, i, bands[-1][1] if bands else 0)
        if band is None:
            i += 1
            continue
        bands.append(band)
        i = band[1]
    return bands


def _band(lines: list[Line], table: list[bool], i: int, floor: int) -> tuple[int, int] | None:
    """The band whose first table line is lines[i], header lines included (none above
    `floor`, the end of the band before); None when lines[i] is not a table line
    (`table`: which lines are)."""
    if not table[i]:
        return None
    last = i
    j = i + 1
    left = _band_left(lines, i)
    value_left = _value_left(lines[i], left)
    starts = [left]  # where the band's labels start
    while j < len(lines):
        if lines[j].top - lines[j - 1].bottom > BAND_GAP * height(lines[j - 1]):
            break
        if (
            _is_heading(lines[j], left, value_left, starts)
            or (_numbered_heading(lines[j]) and not _opens_row(lines, table, j))
        ) and not (j + 1 < len(lines) and lines[j].bottom > lines[j + 1].top):
            break  # (a label's top line overlaps its centred values; a heading stands alone)
        if table[j]:
            last = j
            value_left = min(value_left, _value_left(lines[j], left))
            starts.append(lines[j].pieces[0].x0)
        elif j - last > (MAX_LABEL_BETWEEN if _labels_since(lines, last, j, value_left) else MAX_BETWEEN):
            break
        j += 1
    end = last + 1
    if value_left == math.inf:
        return None  # header lines of three cells and more, no value under them yet: the
        # band of the values below takes them as its header
    spacing = WRAP_SLACK * _line_spacing(lines[i:end])
    while end < len(lines) and _continues(
        lines[end - 1], lines[end], lines[i:end], left, value_left, spacing
    ):
        end += 1  # a wrapped label's last lines, or blank rows, below the last value row
    x_min = min(p.x0 for line in lines[i:end] for p in line.pieces)
    label_edge = min(
        (
            line.pieces[0 if is_value(line.pieces[0]) else 1].x0
            for line in lines[i:end]
            if len(line.pieces) > 1
        ),
        default=value_left,
    )  # (no line with a label beside its values: the labels end where the values start)
    gap = max(_header_gap(lines[i:end], table[i:end]), _wrap_spacing(lines, i))
    return _header_start(lines, i, floor, x_min, label_edge, value_left, starts, gap), end


def _labels_since(lines: list[Line], last: int, j: int, value_left: float) -> bool:
    """Whether the lines after the table line lines[last] up to lines[j] are label text
    alone: each ending left of the band's values."""
    return all(p.x1 < value_left for line in lines[last + 1 : j + 1] for p in line.pieces)


def _line_spacing(band: list[Line]) -> float:
    """The median gap between the band's neighbouring lines of label text (0 for lines that
    overlap): a wrapped label's line spacing. (Values centred between a label's lines stand
    closer to them, so the lines holding values are left out; if no two label lines stand
    next to each other, every pair counts.)"""
    pairs = list(itertools.pairwise(band))
    text = [(a, b) for a, b in pairs if not any(is_value(p) for p in (*a.pieces, *b.pieces))]
    gaps = sorted(max(b.top - a.bottom, 0.0) for a, b in (text or pairs))
    return gaps[len(gaps) // 2] if gaps else 0.0


def _header_gap(band: list[Line], table: list[bool]) -> float:
    """How far above the band's first table line a header line may stand: HEADER_GAP line
    heights, or ROW_PITCH_SLACK times the median gap between the band's neighbouring table
    lines, whichever is wider."""
    gaps = sorted(
        b.top - a.bottom
        for (a, a_table), (b, b_table) in itertools.pairwise(zip(band, table, strict=True))
        if a_table and b_table and b.top >= a.bottom
    )
    pitch = gaps[len(gaps) // 2] if gaps else 0.0
    return max(HEADER_GAP * height(band[0]), ROW_PITCH_SLACK * max(pitch, _row_padding(band, table)))


def _row_padding(band: list[Line], table: list[bool]) -> float:
    """The widest gap above a line that opens a row whose label wraps: a numbered label, or
    a label line right below a value row (a label wrapped above its values, or the rest of
    one wrapped around them, which stands closer), or a label line below the line that
    ends a label wrapped around its values (the next row's top: '行政' / 52 / '许可', then
    '其他对'). Where labels wrap, no two value rows stand next to each other to measure the
    rows' padding by; these gaps show it (at most BAND_GAP line heights: the band's lines
    stand no further apart)."""
    gaps = [
        band[k].top - band[k - 1].bottom
        for k in range(1, len(band))
        if NUMBERED_LABEL.match(band[k].pieces[0].text)
        or (table[k - 1] and not table[k])
        or (k > 1 and table[k - 2] and not table[k - 1] and not table[k])
    ]
    return min(max(gaps, default=0.0), BAND_GAP * height(band[0]))


def _wrap_spacing(lines: list[Line], i: int) -> float:
    """How far above a band opening with a value alone on its line (its label wrapped around
    it) a header line may stand: as far as the band's lines may stand apart (BAND_GAP line
    heights). One such row gives no row pitch to measure, and its padding is wide: 31 pt
    between a header and the row's label in LibreOffice's double-spaced cells, whose header
    cells wrap 19 pt apart. The same for a band of one value row standing alone (the last
    line of its page, or the lines below far apart): a table broken over a page after its
    first row, whose header LibreOffice pads 3 line heights above it. 0 for any other band."""
    if _wrapped_around(lines, i):
        return BAND_GAP * height(lines[i])
    if i + 1 == len(lines) or lines[i + 1].top - lines[i].bottom > BAND_GAP * height(lines[i]):
        return BAND_GAP * height(lines[i])
    return 0.0


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
            if start == k and (line.bottom > below.top or k < i):
                start = k - 1  # (the top line of a label whose values stand lower down, or
                # of a stub header wrapped around the header cell below it: '信息' / '内容')
            k -= 1
            continue
        if not all(p.x0 >= x_min - 2 for p in line.pieces) or i - start >= MAX_HEADER_LINES:
            break
        k -= 1
        start = k  # a header line, and the label lines between it and the band
    if k == 0 and start == i:
        start = 0  # only label lines above, from the page's top: the row's label wrapped
    return start  # above its values, in a part continued without its header


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


def _opens_row(lines: list[Line], table: list[bool], j: int) -> bool:
    """Whether lines[j] (a numbered label alone on its line, '一、本年新收政府信息公') is the
    top of a row label: values follow before any header line or other numbered label, and
    stand on a line whose label does not start afresh."""
    for k in range(j + 1, min(j + 2 + MAX_BETWEEN, len(lines))):
        line = lines[k]
        if any(is_value(p) for p in line.pieces):
            return NUMBERED_LABEL.match(line.pieces[0].text) is None
        if table[k] or NUMBERED_LABEL.match(line.text):
            return False
    return False


def _numbered_heading(line: Line) -> bool:
    return len(line.pieces) == 1 and SECTION_HEADING.match(line.pieces[0].text) is not None


def _continues(
    above: Line, line: Line, band: list[Line], left: float, value_left: float, spacing: float
) -> bool:
    """A line right below the band that wraps a label (short, not numbered), or a label of a
    blank row (left of the value columns); `left`: where the band's labels start. It stands
    at most HEADER_GAP line heights below the line above, or `spacing` (as far as the band's
    own lines usually stand apart: LibreOffice double-spaces the lines of a wrapped label)."""
    if line.top - above.bottom > max(HEADER_GAP * height(above), spacing):
        return False
    if all(is_value(p) for p in above.pieces) and label_beside(above, line):
        return not NUMBERED_LABEL.match(line.text)  # the label wrapped around values alone
    if NUMBERED_LABEL.match(line.text):
        return not SECTION_HEADING.match(line.text) and all(p.x1 <= value_left for p in line.pieces)
    width = max(p.x1 for ln in band for p in ln.pieces) - min(left, *(p.x0 for ln in band for p in ln.pieces))
    return all(p.x1 - p.x0 < width / 3 for p in line.pieces) and not _outgrows(above, line)


def _outgrows(above: Line, line: Line) -> bool:
    """Whether `line` runs further right than the label it would wrap: a label wraps where
    its cell ends, so its next line is no wider than the one above ('第二十条第（六）项'
    below '行政许可' heads the next table)."""
    first, label = line.pieces[0], above.pieces[0]
    return abs(first.x0 - label.x0) <= HEADING_ALIGN and first.x1 > label.x1 + height(above)


def height(line: Line) -> float:
    return max(line.height, 1.0)


def closer_above(lines: list[Line], k: int) -> bool:
    """Whether label line `k` stands closer to the line above it than to the one below: the
    last line of a stub header wrapped around the header cell beside it ('信息' /
    '本年处理决定数量' / '内容'), a row's padding below it. A label's top line stands a line
    spacing above the rest of its row."""
    return k > 0 and lines[k + 1].top - lines[k].bottom > lines[k].top - lines[k - 1].bottom
