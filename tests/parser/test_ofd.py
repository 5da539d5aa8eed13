"""OFD (GB/T 33190) reports: generated reports laid out as OFD packages parse to their numbers.

No OFD converter exists here, so `write_ofd` lays a mirror report out itself, following the
standard's structure as producers write it: `OFD.xml` → `Doc_0/Document.xml` (page area,
public resources, the page list) → `Doc_0/Pages/Page_N/Content.xml` with one `TextObject`
per line of text (`Boundary` in mm, a `TextCode` with `X`, `Y` and `DeltaX`, in both the
plain and the `g N D` abbreviated form) and table borders as `PathObject`s (each cell framed
by a closed path, or each border drawn as its own line). Tables break across pages, merged
cells included, as Word-to-OFD converters do.
"""

from __future__ import annotations

import io
import random
import zipfile
from xml.sax.saxutils import escape

import pytest

from tests.parser.forms import report
from transform.detect import OFD, detect_form
from transform.errors import UnreadableReport
from transform.parse import parse_bytes
from transform.readers.ofd import ofd_pages

NS = "http://www.ofdspec.org/2016"
PAGE_MM = (210.0, 297.0)
MARGIN_MM = 25.0
BODY_MM, TITLE_MM, CELL_MM = 3.7, 5.6, 2.8  # 10.5 pt body, 16 pt title, 8 pt cells
LEADING = 1.5
CELL_PAD_MM = 1.2


def _width(char: str, size: float) -> float:
    return size if ord(char) >= 0x2E80 else size * 0.55


def _wrap(text: str, size: float, room: float) -> list[str]:
    lines, line, used = [], "", 0.0
    for char in text:
        if used + _width(char, size) > room and line:
            lines.append(line)
            line, used = "", 0.0
        line += char
        used += _width(char, size)
    return [*lines, line] if line else lines or [""]


class _Writer:
    """Pages of XML objects, filled top to bottom."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.pages: list[list[str]] = [[]]
        self.y = MARGIN_MM
        self.next_id = 3  # unit IDs are unique in the document; 3 is the font
        self.cell_frames = rng.random() < 0.5  # closed path per cell, else one line per border
        self.abbreviate = rng.random() < 0.5  # DeltaX as "g N D"

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

    def need(self, height: float) -> None:
        if self.y + height > PAGE_MM[1] - MARGIN_MM:
            self.pages.append([])
            self.y = MARGIN_MM

    def text(self, page: int, text: str, x: float, y: float, size: float) -> None:
        if not text:
            return
        advances = [_width(c, size) for c in text]
        if self.abbreviate and len(set(advances[:-1])) == 1 and len(text) > 2:
            delta = f"g {len(text) - 1} {advances[0]:g}"
        else:
            delta = " ".join(f"{a:g}" for a in advances[:-1])
        width = sum(advances)
        spacing = f' DeltaX="{delta}"' if len(text) > 1 else ""
        self.pages[page].append(
            f'<ofd:TextObject ID="{self.new_id()}" Boundary="{x:.3f} {y:.3f} {width:.3f} {size * 1.2:.3f}" '
            f'Font="3" Size="{size:g}"><ofd:FillColor Value="0 0 0"/>'
            f'<ofd:TextCode X="0" Y="{size:.3f}"{spacing}>{escape(text)}</ofd:TextCode>'
            "</ofd:TextObject>"
        )

    def frame(self, page: int, x: float, y: float, w: float, h: float) -> None:
        if self.cell_frames:
            self.pages[page].append(
                f'<ofd:PathObject ID="{self.new_id()}" Boundary="{x:.3f} {y:.3f} {w:.3f} {h:.3f}" '
                f'LineWidth="0.25"><ofd:AbbreviatedData>M 0 0 L {w:.3f} 0 L {w:.3f} {h:.3f} '
                f"L 0 {h:.3f} C</ofd:AbbreviatedData></ofd:PathObject>"
            )
            return
        for x0, y0, x1, y1 in ((0, 0, w, 0), (0, h, w, h), (0, 0, 0, h), (w, 0, w, h)):
            self.pages[page].append(
                f'<ofd:PathObject ID="{self.new_id()}" Boundary="{x:.3f} {y:.3f} {w:.3f} {h:.3f}" '
                f'LineWidth="0.25"><ofd:AbbreviatedData>M {x0:.3f} {y0:.3f} L {x1:.3f} {y1:.3f}'
                "</ofd:AbbreviatedData></ofd:PathObject>"
            )

    def paragraph(self, text: str, size: float, indent: float = 0.0) -> None:
        room = PAGE_MM[0] - 2 * MARGIN_MM
        for i, line in enumerate(_wrap(text, size, room - indent)):
            self.need(size * LEADING)
            self.text(len(self.pages) - 1, line, MARGIN_MM + (indent if i == 0 else 0), self.y, size)
            self.y += size * LEADING

    def table(self, grid) -> None:
        cells = _origins(grid)
        n_cols = max(c + cs for _, c, _, cs, _ in cells)
        room = PAGE_MM[0] - 2 * MARGIN_MM
        widths = ([13.0, 13.0, 50.0] + [(room - 76.0) / 7] * 7) if n_cols == 10 else [room / n_cols] * n_cols
        lefts = [MARGIN_MM + sum(widths[:i]) for i in range(n_cols + 1)]
        n_rows = len(grid)
        heights = [CELL_MM * LEADING + 2 * CELL_PAD_MM] * n_rows
        wrapped = {}
        for r, c, rs, cs, cell in cells:
            lines = _wrap(cell.text, CELL_MM, lefts[c + cs] - lefts[c] - 2 * CELL_PAD_MM)
            wrapped[(r, c)] = lines
            need = len(lines) * CELL_MM * LEADING + 2 * CELL_PAD_MM
            if rs == 1:
                heights[r] = max(heights[r], need)
            elif sum(heights[r : r + rs]) < need:
                heights[r + rs - 1] += need - sum(heights[r : r + rs])
        placed = []  # (page, top) of each row
        for h in heights:
            self.need(h)
            placed.append((len(self.pages) - 1, self.y))
            self.y += h
        for r, c, rs, cs, cell in cells:
            parts: dict[int, list[float]] = {}
            for row in range(r, r + rs):
                page, top = placed[row]
                span = parts.setdefault(page, [top, top])
                span[1] = top + heights[row]
            x0, x1 = lefts[c], lefts[c + cs]
            for k, (page, (top, bottom)) in enumerate(sorted(parts.items())):
                self.frame(page, x0, top, x1 - x0, bottom - top)
                if k == 0:
                    lines = wrapped[(r, c)]
                    y = top + (bottom - top - len(lines) * CELL_MM * LEADING) / 2
                    for line in lines:
                        used = sum(_width(ch, CELL_MM) for ch in line)
                        x = x0 + (x1 - x0 - used) / 2 if cell.is_value else x0 + CELL_PAD_MM
                        self.text(page, line, x, y + (LEADING - 1) * CELL_MM / 2, CELL_MM)
                        y += CELL_MM * LEADING
        self.y += BODY_MM


def _origins(grid) -> list[tuple]:
    """(row, col, rowspan, colspan, cell) of each cell, columns resolved past rowspans."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell.rowspan, cell.colspan, cell))
            taken.update((r + dr, c + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            c += cell.colspan
    return out


def write_ofd(title: str, blocks: list, seed: int) -> bytes:
    """The report as an OFD package (zip of XML), structured as GB/T 33190 lays it out."""
    writer = _Writer(random.Random(seed))
    writer.paragraph(title, TITLE_MM)
    for kind, content in blocks:
        if kind == "table":
            writer.table(content)
        else:
            writer.paragraph(content, BODY_MM, indent=0 if kind == "h" else 2 * BODY_MM)
    layer_ids = [writer.new_id() for _ in writer.pages]
    head = '<?xml version="1.0" encoding="UTF-8"?>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(
            "OFD.xml",
            (
                f'{head}<ofd:OFD xmlns:ofd="{NS}" Version="1.1" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
                f"<ofd:DocID>{seed:032x}</ofd:DocID><ofd:Title>{escape(title)}</ofd:Title>"
                "<ofd:Author>办公室</ofd:Author><ofd:CreationDate>2024-01-20</ofd:CreationDate>"
                "<ofd:Creator>report writer</ofd:Creator></ofd:DocInfo>"
                "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
            ),
        )
        page_list = "".join(
            f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(writer.pages))
        )
        package.writestr(
            "Doc_0/Document.xml",
            (
                f'{head}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
                f"<ofd:MaxUnitID>{writer.next_id}</ofd:MaxUnitID><ofd:PageArea>"
                f"<ofd:PhysicalBox>0 0 {PAGE_MM[0]:g} {PAGE_MM[1]:g}</ofd:PhysicalBox></ofd:PageArea>"
                "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                f"<ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
            ),
        )
        package.writestr(
            "Doc_0/PublicRes.xml",
            (
                f'{head}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>'
                '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>'
            ),
        )
        for i, objects in enumerate(writer.pages):
            package.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                (
                    f'{head}<ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                    f'<ofd:Layer ID="{layer_ids[i]}" Type="Body">'
                    + "".join(objects)
                    + "</ofd:Layer></ofd:Content></ofd:Page>"
                ),
            )
    return out.getvalue()


def _wrong_cells(result: dict, truth: dict) -> list[str]:
    wrong = []
    for table in ("applications", "review_litigation", "proactive"):
        for row, cols in truth[table].items():
            for col, value in cols.items():
                got = result.get(table, {}).get(row, {}).get(col, "missing")
                good = got is value if value is None or got in (None, "missing") else abs(got - value) < 0.005
                if not good:
                    wrong.append(f"{table}.{row}.{col}: expected {value}, got {got}")
    return wrong


@pytest.mark.parametrize("seed", range(6))
def test_an_ofd_report_parses_to_its_numbers(seed):
    title, truth, blocks = report(seed)
    data = write_ofd(title, blocks, seed)
    assert detect_form(data) == OFD
    result = parse_bytes(data, f"report-{seed}.ofd").to_contract()
    assert result["form"] == "ofd" and result["extraction"] == "text"
    assert result["year"] == truth["year"] and result["template"] == truth["template"]
    assert result["agency"] and result["agency"] in truth["agency"]
    wrong = _wrong_cells(result, truth)
    assert not wrong, "\n".join(wrong[:20])
    assert not [c for c in result["checks"] if c["status"] == "fail"]


def test_text_objects_become_boxes_in_points_and_paths_rulings():
    title, _truth, blocks = report(1)
    pages, meta = ofd_pages(write_ofd(title, blocks, 1), [])
    assert meta["Title"] == title
    first = pages[0]
    assert first.width == pytest.approx(595.28, abs=0.1) and first.height == pytest.approx(841.89, abs=0.1)
    heading = next(b for b in first.boxes if b.text.startswith(title[:6]))
    assert heading.x0 == pytest.approx(MARGIN_MM * 72 / 25.4, abs=0.5)
    assert sum(len(p.rulings) for p in pages) > 100
    assert all(r.horizontal or r.x1 - r.x0 < 0.5 for p in pages for r in p.rulings)


def _package(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def test_an_ofd_missing_its_document_is_unreadable_not_a_crash():
    data = _package(
        {
            "OFD.xml": f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
            f"</ofd:DocRoot></ofd:DocBody></ofd:OFD>".encode()
        }
    )
    with pytest.raises(UnreadableReport, match="missing"):
        ofd_pages(data, [])
    assert "unreadable ofd file" in parse_bytes(data, "broken.ofd").error


def test_an_entity_bomb_in_ofd_xml_is_refused():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 9))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "ha">{laughs}]>'
        f'<ofd:OFD xmlns:ofd="{NS}"><ofd:DocBody><ofd:DocRoot>&l8;</ofd:DocRoot></ofd:DocBody></ofd:OFD>'
    )
    with pytest.raises(UnreadableReport):
        ofd_pages(_package({"OFD.xml": xml.encode()}), [])


def test_an_ofd_part_declaring_gigabytes_is_refused_before_inflating():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{NS}"/>')
        with package.open("Doc_0/Pages/Page_0/Content.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(128):
                part.write(block)
    with pytest.raises(UnreadableReport, match="zip bomb"):
        ofd_pages(out.getvalue(), [])
