"""The intermediate model every reader produces: a document as rows in reading order.

A row is either a row of a true grid (HTML/DOCX/PDF tables: `positional`, so a column index
means the same column in every row of that grid) or something looser: a markdown row whose
cells may have shifted, or one line of text. The table mappers work on this one model, so a
new source form needs only a reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    """A cell's text as printed (whitespace collapsed); `span_copy` marks a merged-cell copy."""

    text: str
    span_copy: bool = False


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
    title_hints: list[str] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Block-aware prose lines, where a reader's rows split sentences (see readers.html).
    prose: Callable[[], list[str]] | None = None

    def add_line(self, text: str) -> None:
        text = text.strip()
        if text:
            self.rows.append(Row([Cell(text)]))

    def prose_lines(self) -> list[str]:
        return self.prose() if self.prose is not None else self.lines()

    def lines(self, head: int | None = None, tail: int = 0) -> list[str]:
        """Plain text lines in reading order (grid rows joined by spaces); with `head`, only
        the first `head` and last `tail` rows, which is all the metadata needs."""
        rows = self.rows
        if head is not None and head + tail < len(rows):
            rows = rows[:head] + (rows[len(rows) - tail:] if tail else [])
        return [" ".join(c.text for c in r.cells if c.text) for r in rows]
