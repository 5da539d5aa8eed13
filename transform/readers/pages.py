"""What a fixed-layout page holds, whatever produced it: text runs and ruling lines with positions.

PDFium's text layer, OCR of a page image and an OFD file's text objects all come down to the
same thing — pieces of text at positions on a page, and the table borders drawn there — so one
positional table finder (`transform.readers.positional`) serves them all. Coordinates are in
points, origin at the page's top-left corner, y growing downwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Box:
    """A run of text (a character, a word or an OCR line) and its bounding box.

    `confidence` is the recogniser's score (0–1) for text read by OCR, None for a text layer.
    Not frozen, though nothing changes a box once made: a frozen dataclass sets each field
    through `object.__setattr__`, 1.6 µs a box against 0.4 µs, and a PDF page is thousands of
    boxes (one per character; 2.7 ms of a 5-page corpus report's 33 ms).
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float | None = None


@dataclass(slots=True)
class Ruling:
    """A drawn line or the edge of a filled rectangle: a candidate table border (not frozen,
    as `Box` is not: Chrome draws a cell's every border, hundreds a page)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass
class Page:
    """One page: its size, its text runs and its rulings, in no particular order."""

    width: float
    height: float
    boxes: list[Box] = field(default_factory=list)
    rulings: list[Ruling] = field(default_factory=list)
