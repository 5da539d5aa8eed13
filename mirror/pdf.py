"""Render a composed report to PDF the way agencies' attachments look.

Text uses the CID font STSong-Light (no font file needed) and tables are ruled with a full
grid, so pdfplumber's `lines` strategy finds every cell. The layout pushes table 3 across a
page break, as in real attachments. `invariant=True` keeps the bytes identical across runs
(no timestamp or random document id), which conditional GETs rely on.
"""

from __future__ import annotations

import io
from html import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .report_text import Block
from .tables import Grid, width

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
_BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=18, firstLineIndent=22)
_HEAD = ParagraphStyle("head", fontName=FONT, fontSize=12, leading=20, spaceBefore=6)
_TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=24, alignment=1)
_CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=9.5)


# A reportlab SPAN command: ("SPAN", (first column, first row), (last column, last row)).
Span = tuple[str, tuple[int, int], tuple[int, int]]


def _matrix(grid: Grid) -> tuple[list[list[Paragraph | str]], list[Span]]:
    """Expand rowspan/colspan cells into a full matrix plus reportlab SPAN commands."""
    cols = width(grid)
    taken: set[tuple[int, int]] = set()
    matrix: list[list[Paragraph | str]] = [["" for _ in range(cols)] for _ in grid]
    spans: list[Span] = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            matrix[r][c] = Paragraph(escape(cell.text), _CELL) if cell.text else ""
            if cell.rowspan > 1 or cell.colspan > 1:
                spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    return matrix, spans


def _table(grid: Grid) -> Table:
    matrix, spans = _matrix(grid)
    cols = width(grid)
    avail = A4[0] - 100
    widths = [38, 38, 150] + [(avail - 226) / 7] * 7 if cols == 10 else [avail / cols] * cols
    t = Table(matrix, colWidths=widths, repeatRows=0)
    t.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                *spans,
            ]
        )
    )
    return t


def render(title: str, blocks: list[Block]) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=50,
        rightMargin=50,
        topMargin=50,
        bottomMargin=50,
        invariant=True,
        title=title,
    )
    story: list = [Paragraph(escape(title), _TITLE), Spacer(1, 12)]
    for kind, content in blocks:
        if kind == "table":
            story += [_table(content), Spacer(1, 8)]
        else:
            story.append(Paragraph(escape(content), _HEAD if kind == "h" else _BODY))
    doc.build(story)
    return buf.getvalue()
