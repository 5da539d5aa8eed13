"""Positioned text boxes → lines (top to bottom) cut into pieces (left to right).

Whatever the boxes are — PDF characters, OCR words or lines, OFD text objects — a table cell's
line of text is a run of boxes with no wide gap, and a table row's cells stand on one line
with wide gaps between them. The finders (`positional_grid`, `positional_columns`) work on
these pieces.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from transform.readers.pages import Box

# Two boxes are on one line when their vertical extents overlap by at least this share of the
# smaller height: a value printed half-way between a wrapped label's two lines (overlap about
# a third) stays a line of its own, superscripts and mixed font sizes join their line.
LINE_OVERLAP = 0.5
# A horizontal gap wider than this many line heights separates two pieces of a line (table
# cells); CJK text runs with no gap, Latin word spaces are about a quarter of a height, cells
# of the narrowest report columns stand at least two thirds of a height apart.
PIECE_GAP = 0.6
# A gap wider than this many line heights inside a piece is printed as a space.
SPACE_GAP = 0.2
# Two digits this many line heights apart are two numbers (the values of neighbouring narrow
# columns, as Word prints them, stand about half a height apart; the digits of one number
# abut, and a thousands space is not printed in these reports).
DIGIT_GAP = 0.2


@dataclass(slots=True)
class Piece:
    """A run of boxes on one line with no wide gap: a cell's line, a word, a heading."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None
    boxes: list[Box] = field(default_factory=list)  # its characters, left to right


@dataclass(slots=True)
class Line:
    """Boxes sharing a line, left to right, cut into pieces at wide gaps."""

    top: float
    bottom: float
    pieces: list[Piece] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)

    @property
    def confidence(self) -> float | None:
        return lowest(p.confidence for p in self.pieces)


def make_lines(boxes: list[Box]) -> list[Line]:
    """Group boxes into lines (top to bottom) and each line into pieces (left to right)."""
    return [_line(top, bottom, members) for top, bottom, members in _rows_of(boxes)]


def joined_text(boxes: list[Box]) -> tuple[str, float | None]:
    """The boxes' text in reading order with no separators (a table cell's text, whose
    whitespace is squashed anyway), and their lowest confidence."""
    parts: list[str] = []
    for _, _, members in _rows_of(boxes):
        members.sort(key=_left)
        parts.extend(b.text for b in members)
    return "".join(parts), lowest(b.confidence for b in boxes)


def _rows_of(boxes: list[Box]) -> list[tuple[float, float, list[Box]]]:
    """Boxes (by vertical centre) joined into lines while each overlaps its line enough.
    Runs once per page and once per table cell, over every character: the line's extent is
    kept in locals and compared with `if`, not min()/max() calls (a third of its time)."""
    lines: list[tuple[float, float, list[Box]]] = []
    top = bottom = 0.0
    members: list[Box] = []
    for box in sorted(boxes, key=_centre):
        box_top, box_bottom = box.top, box.bottom
        if members:
            low = bottom if bottom < box_bottom else box_bottom
            high = top if top > box_top else box_top
            height, box_height = bottom - top, box_bottom - box_top
            if low - high >= LINE_OVERLAP * (height if height < box_height else box_height):
                members.append(box)
                if box_top < top:
                    top = box_top
                if box_bottom > bottom:
                    bottom = box_bottom
                continue
            lines.append((top, bottom, members))
        top, bottom, members = box_top, box_bottom, [box]
    if members:
        lines.append((top, bottom, members))
    return lines


def _centre(box: Box) -> float:
    return box.top + box.bottom


def _left(box: Box) -> float:
    return box.x0


def _line(top: float, bottom: float, members: list[Box]) -> Line:
    members.sort(key=_left)
    heights = sorted(b.bottom - b.top for b in members)
    height = heights[len(heights) // 2]
    line = Line(top, bottom)
    gap, digit_gap = PIECE_GAP * height, DIGIT_GAP * height
    start = 0
    for i in range(1, len(members)):
        space = members[i].x0 - members[i - 1].x1
        if space > gap or (
            space > digit_gap and members[i - 1].text[-1:].isdigit() and members[i].text[:1].isdigit()
        ):
            line.pieces.append(_piece(members[start:i], height))
            start = i
    line.pieces.append(_piece(members[start:], height))
    return line


def _piece(run: list[Box], height: float) -> Piece:
    space = SPACE_GAP * height
    parts = [run[0].text]
    top, bottom, right = run[0].top, run[0].bottom, run[0].x1
    for before, box in itertools.pairwise(run):
        if box.x0 - before.x1 > space:
            parts.append(" ")
        parts.append(box.text)
        # (`if`, not min()/max(): this runs for every character of a page)
        if box.top < top:
            top = box.top
        if box.bottom > bottom:
            bottom = box.bottom
        if box.x1 > right:
            right = box.x1
    return Piece("".join(parts), run[0].x0, top, right, bottom, lowest(b.confidence for b in run), run)


def piece_of(run: list[Box], height: float) -> Piece:
    """A piece made of some of a line's boxes (left to right), as a finder re-cuts one."""
    return _piece(run, height)


def lowest(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return min(known) if known else None
