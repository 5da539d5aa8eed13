"""Render one report into the forms real pipelines deliver, for round-trip tests of the parser.

The report itself (numbers satisfying the identities, title, sections, the three tables as
merged-cell grids in the template layout) comes from the mirror's generator; here the same
content is written out the way converters and exports damage it: markdown with shifted cells,
labels torn from their values and page footers inside tables; one cell per line; text with
space-separated columns; DOCX with real merges. HTML and PDF use the mirror's own writers.
"""

from __future__ import annotations

import io
import random
from typing import Any

from mirror import html_tables, pdf, report_text
from mirror.numbers import generate
from mirror.tables import Grid

FORMS = (
    "html_clean",
    "html_word",
    "markdown",
    "markdown_shredded",
    "text_cells",
    "text_columns",
    "text_wrapped",
    "docx",
    "pdf",
)


def report(seed: int) -> tuple[str, dict[str, Any], list]:
    rng = random.Random(seed)
    year = rng.randint(2019, 2025)
    template = "2019" if year < 2021 else "2021"
    single_other = template == "2019" or rng.random() < 0.3
    values = generate(
        f"variant-{seed}",
        template,
        single_other=single_other,
        blank=rng.random() < 0.3,
        busy=rng.choice([1, 1, 5, 40]),
    )
    agency = rng.choice(
        [
            "厦门市思明区市政园林局",
            "厦门市湖里区人民政府",
            "厦门市海沧区教育局",
            "厦门市集美区杏滨街道办事处",
            "厦门市同安区卫生健康局",
        ]
    )
    title = report_text.title(agency, year, rng.choice(report_text.TITLE_VARIANTS))
    blocks = report_text.compose(agency, year, template, values, rng=rng, typo=rng.random() < 0.1)
    return title, {"agency": agency, "year": year, "template": template, **values}, blocks


def render(form: str, title: str, blocks: list, seed: int) -> bytes:
    rng = random.Random(seed)
    if form in ("html_clean", "html_word"):
        body = html_tables.blocks_html(blocks, form.removeprefix("html_"), rng)
        return (
            f"<html><head><meta charset='utf-8'><title>{title}_门户网站</title></head><body>"
            f"<div class='nav'>首页 | 政府信息公开</div><div class='TRS_Editor'>{body}</div>"
            "<div class='footer'>主办：人民政府办公室</div></body></html>"
        ).encode()
    if form == "pdf":
        return pdf.render(title, blocks)
    if form == "docx":
        return _docx(title, blocks)
    lines = [title]
    for kind, content in blocks:
        if kind != "table":
            lines.append(content)
        elif form == "markdown":
            lines += _markdown(content, rng, shred=False)
        elif form == "markdown_shredded":
            lines += _markdown(content, rng, shred=True)
        elif form == "text_cells":
            for row in content:
                for cell in row:
                    lines += [cell.text, ""]
        elif form == "text_columns":  # pdftotext -layout style, one row per line
            for row in content:
                lines.append("   ".join(c.text if c.text else "-" for c in row))
        else:  # text_wrapped: an unruled PDF's text, long labels wrapped around the values
            for row in content:
                lines += _wrapped(row, rng)
    return "\n".join(lines).encode(rng.choice(["utf-8", "gb18030"]))


def _origin_rows(grid: Grid) -> list[list[tuple[str, bool]]]:
    """Each row's cells in grid order; a covered position is ('', False)."""
    width = sum(c.colspan for c in grid[0]) if grid else 0
    taken: dict[tuple[int, int], bool] = {}
    rows = []
    for r, row in enumerate(grid):
        out: list[tuple[str, bool]] = []
        col = 0
        for cell in row:
            while taken.get((r, col)):
                out.append(("", False))
                col += 1
            out.append((cell.text, cell.is_value))
            out.extend(("", False) for _ in range(cell.colspan - 1))
            for dr in range(1, cell.rowspan):
                for dc in range(cell.colspan):
                    taken[(r + dr, col + dc)] = True
            col += cell.colspan
        while col < width and taken.get((r, col)):
            out.append(("", False))
            col += 1
        rows.append(out)
    return rows


def _wrapped(row: list, rng: random.Random) -> list[str]:
    label = "".join(c.text for c in row if not c.is_value)
    values = "   ".join(c.text if c.text else "-" for c in row if c.is_value)
    if not values or len(label) <= 14:
        return [f"{label}   {values}".strip()]
    if rng.random() < 0.5:
        return [f"{label[:14]}   {values}", label[14:]]
    return [label[:7], f"{label[7:14]}   {values}", label[14:]]


def _markdown(grid: Grid, rng: random.Random, *, shred: bool) -> list[str]:
    """Pipe tables as PDF converters write them; `shred` tears labels away from values."""
    lines = [""]
    header_done = False
    for row in _origin_rows(grid):
        labels = [t for t, is_value in row if t and not is_value]
        values = [t for t, is_value in row if is_value]
        if not values and not any(is_value for _, is_value in row):
            cells = [t for t, _ in row if t]
            if shred and rng.random() < 0.5:
                lines += cells  # header words come out as loose text
                continue
        elif shred and labels and rng.random() < 0.35:
            lines.append("".join(labels))  # the label lands above, the values lose it
            cells = values
        elif shred and len(labels) > 1 and rng.random() < 0.5:
            cells = [labels[0][:3], "".join(labels[1:]), *values]  # merged-cell fragment first
        else:
            cells = ["".join(labels), *values] if labels else values
        lines.append("| " + " | ".join(cells) + " |")
        if not header_done:
            lines.append("|" + "---|" * len(cells))
            header_done = True
        if shred and rng.random() < 0.05:
            lines.append(f"— {rng.randint(2, 9)} —")
    return [*lines, ""]


def _docx(title: str, blocks: list) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    for kind, content in blocks:
        if kind != "table":
            document.add_paragraph(content)
            continue
        width = sum(c.colspan for c in content[0])
        table = document.add_table(rows=len(content), cols=width)
        taken: set[tuple[int, int]] = set()
        for r, row in enumerate(content):
            col = 0
            for cell in row:
                while (r, col) in taken:
                    col += 1
                target = table.cell(r, col)
                if cell.rowspan > 1 or cell.colspan > 1:
                    target = target.merge(table.cell(r + cell.rowspan - 1, col + cell.colspan - 1))
                target.text = cell.text
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        taken.add((r + dr, col + dc))
                col += cell.colspan
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
