"""The intermediate model every reader produces: a document as rows in reading order.

A row is either a row of a true grid (HTML/DOCX/PDF tables: `positional`, so a column index
means the same column in every row of that grid) or something looser: a markdown row whose
cells may have shifted, or one line of text. The table mappers work on this one model, so a
new source form needs only a reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

Extraction = Literal["ocr", "segmented"]


@dataclass(slots=True)
class Cell:
    """A cell's text as printed (whitespace collapsed); `span_copy` marks a merged-cell copy.

    `extraction` says how the text was obtained when it was not simply read off a text layer
    or markup: `"ocr"` (recognised from a page image; `confidence` is the recogniser's score,
    0–1) or `"segmented"` (a digit run split into cells by the table's identities). Both
    travel with the value to the JSON output and the warehouse, so analysts can filter them.

    Cells are values: nothing changes one once made (a reader that joins two makes a new
    one), so one cell can stand wherever its text is printed (`plain_cells`). Not frozen:
    a frozen dataclass's __init__ sets each field through object.__setattr__, which cost
    4 % more instructions over the whole parse.
    """

    text: str
    span_copy: bool = False
    extraction: Extraction | None = None
    confidence: float | None = None


# Cells read off markup are made once per text: the same few hundred texts ('0', the template's
# labels) fill page after page, and a lookup in C is far cheaper than a Python __init__ call
# (~430 cells a page; −0.2 M of 19.7 M instructions a page, bench/parse_instructions.py).
# Bounded as the label memos are (65,536 texts).
_plain_cell = lru_cache(maxsize=65_536)(Cell)


def plain_cells(texts: Iterable[str]) -> list[Cell]:
    """`[Cell(t) for t in texts]`, each cell looked up by its text (in C) or made once."""
    return list(map(_plain_cell, texts))


def provenance(cell: Cell | None) -> tuple[Extraction | None, float | None]:
    """(extraction, confidence) of a cell, for the fact it becomes (None, None) for a blank."""
    return (None, None) if cell is None else (cell.extraction, cell.confidence)


@dataclass(slots=True)
class Row:
    cells: list[Cell]
    grid: int | None = None
    positional: bool = False

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Document:
    form: str
    rows: list[Row] = field(default_factory=list)
    # "text" for a text layer or markup; "ocr" when the reader recognised page images.
    extraction: str = "text"
    title_hints: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Block-aware prose lines, where a reader's rows split sentences (see readers.html).
    prose: Callable[[], list[str]] | None = None

    def add_line(self, text: str) -> None:
        text = text.strip()
        if text:
            self.rows.append(Row([_plain_cell(text)]))

    def prose_lines(self) -> list[str]:
        return self.prose() if self.prose is not None else self.lines()

    def lines(self) -> list[str]:
        """Plain text lines in reading order (grid rows joined by spaces)."""
        # most rows are one line of text (the site's chrome, the headings): one cell
        return [
            cells[0].text if len(cells := r.cells) == 1 else " ".join([c.text for c in cells if c.text])
            for r in self.rows
        ]


def head_and_tail(lines: list[str], head: int, tail: int = 0) -> list[str]:
    """The first `head` and last `tail` of a document's lines, which is all the metadata needs
    (the lines are made once per report and sliced for each question)."""
    if head + tail < len(lines):
        return lines[:head] + (lines[len(lines) - tail :] if tail else [])
    return lines
