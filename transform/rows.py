"""Reassemble a document's rows into labelled value rows and text lines.

Whatever the source form, a table row ends up as *label cells followed by value cells*. True
grids already are rows; markdown rows may carry their label in loose text above them; text
exports put one cell per line, so a run of number lines after some text lines is one row.
Each value row keeps the loose text that preceded it (`context`) so the mappers can use it
as the label (one-cell-per-line text) or as a hint (shredded converter output).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transform.layout import Cell, Document
from transform.normalize import read_number
from transform.segment import is_blank_mark, is_run

_PAGE_FOOTER = re.compile(
    r"^(?:[—\-–－]+\s*\d{1,3}\s*[—\-–－]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d+\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3})$"
)
_TOKEN_SPLIT = re.compile(r"[\s\u3000]+")
# A line can hold a value only if it ends like one: a digit, a blank mark or a unit word.
_VALUE_TAIL = frozenset(r"0123456789０１２３４５６７８９-—–－/／无空\元件条项个次宗份篇起人家页")


@dataclass(slots=True)
class Item:
    """A text line (`values is None`) or a value row: label cells then value cells."""

    label: str
    values: list[Cell] | None = None
    context: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)  # text lines right below, before the next row
    stream: bool = False  # values gathered from one-cell-per-line text
    positional: bool = False  # values come from a true grid (blank cells kept in place)
    grid: int | None = None
    cells: list[Cell] | None = None  # the whole source row, for header-to-column mapping

    @property
    def is_values(self) -> bool:
        return self.values is not None

    @property
    def loose(self) -> bool:
        """Values read off lines of text (one per line, or space-separated), not a grid's or a
        pipe table's cells: a separator between two of them may fall inside a cell."""
        return self.stream or (self.grid is None and not self.positional)

    def printed(self) -> list[Cell]:
        """The values the row printed: a merged cell's span copies are not values again."""
        return [c for c in self.values or () if not c.span_copy]

    def numbers(self) -> int:
        return sum(_is_number(c) for c in self.printed())


def assemble(doc: Document) -> list[Item]:
    items: list[Item] = []
    context: list[str] = []
    stream: Item | None = None
    last: Item | None = None  # the latest value row, collecting the text lines below it

    def text_line(text: str) -> None:
        context.append(text)
        if last is not None and len(last.after) < 3:
            last.after.append(text)

    for row in doc.rows:
        cells = row.cells
        real = cells if len(cells) == 1 and not cells[0].span_copy else [c for c in cells if not c.span_copy]
        if len(real) <= 1:
            text = real[0].text.strip() if real else ""
            if not text:
                if stream is not None and real and is_blank_mark(real[0]):
                    assert stream.values is not None  # a stream item is made with its list of values
                    stream.values.append(real[0])  # a blank cell's &nbsp;, kept in its place
                continue
            if text[-1] not in _VALUE_TAIL:  # the common case: a line of prose or a heading
                stream = None
                context.append(text)  # text_line(text), without the call
                if last is not None and len(last.after) < 3:
                    last.after.append(text)
                items.append(Item(text))
                continue
            if _PAGE_FOOTER.match(text):
                continue
            split = _split_trailing_numbers(text)
            if split and not split[0]:  # a line of numbers only: cells of one row
                stream = None
                last = Item("", [_piece(real[0], v) for v in split[1]], context)
                items.append(last)
                context = []
                continue
            if _is_number(real[0]) or read_number(text).kind != "text":
                if stream is None:
                    stream = last = Item("", [], context, stream=True)
                    items.append(stream)
                    context = []
                assert stream.values is not None  # as above
                stream.values.append(_piece(real[0], text))
                continue
            stream = None
            if split:
                label, values = split
                last = Item(label, [_piece(real[0], v) for v in values], context)
                items.append(last)
                context = []
                continue
            text_line(text)
            items.append(Item(text))
            continue
        stream = None
        item = _row_item(row.cells, row.positional, row.grid, context)
        items.append(item)
        if item.is_values:
            context = []
            last = item
        elif item.label:
            text_line(item.label)
    return items


def _row_item(cells: list[Cell], positional: bool, grid: int | None, context: list[str]) -> Item:
    # One pass: where the label cells end, and how many printed values follow them.
    last_text, numbers, real_values = -1, 0, 0
    for i, cell in enumerate(cells):
        if cell.span_copy:
            continue
        if cell.extraction == "segmented" and is_run(cell):
            kind = "number"
        else:
            kind = read_number(cell.text).kind if cell.text else "blank"
        if kind == "text":
            last_text, numbers, real_values = i, 0, 0
        else:
            real_values += 1
            numbers += kind == "number"
    label = " ".join([c.text for c in cells[: last_text + 1] if c.text and not c.span_copy])
    values = cells[last_text + 1 :]
    is_values = numbers > 0 or (positional and label and real_values >= 2)
    if not is_values:
        return Item(
            " ".join([c.text for c in cells if c.text and not c.span_copy]),
            grid=grid,
            cells=cells,
            positional=positional,
        )
    return Item(label, values, context, positional=positional, grid=grid, cells=cells)


def _piece(cell: Cell, text: str) -> Cell:
    """A part of a line's cell, keeping how the cell was obtained (OCR, a glued digit run)."""
    return Cell(text, extraction=cell.extraction, confidence=cell.confidence)


def _is_number(cell: Cell) -> bool:
    """A printed number, or a digit run whose cells the table mappers will cut apart."""
    return is_run(cell) or read_number(cell.text).kind == "number"


def _split_trailing_numbers(text: str) -> tuple[str, list[str]] | None:
    """'行政许可 97' → ('行政许可', ['97']); '2 0 1' → ('', ['2', '0', '1'])."""
    if not (text[-1].isdigit() or text[-1] in "-—–/无"):
        return None
    tokens = _TOKEN_SPLIT.split(text)
    if len(tokens) < 2:
        return None
    k = len(tokens)
    while k > 0 and read_number(tokens[k - 1]).kind != "text":
        k -= 1
    if k == len(tokens):
        return None
    tail = tokens[k:]
    if not any(read_number(t).kind == "number" for t in tail):
        return None
    return " ".join(tokens[:k]), tail
