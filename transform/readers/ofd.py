"""OFD files (GB/T 33190, China's fixed-layout format) → `Page`s of text boxes and rulings.

An OFD file is a zip of XML: `OFD.xml` names the document (`DocBody/DocRoot`), the document's
`Document.xml` lists its pages (`Pages/Page@BaseLoc`) and the default page size
(`CommonData/PageArea/PhysicalBox`), and each page's `Content.xml` holds layers of
`TextObject`s (a `Boundary="x y w h"` box, a font `Size`, and `TextCode` runs whose `X`/`Y`
place the first glyph and whose `DeltaX` spaces the rest) and `PathObject`s (drawn with
`AbbreviatedData`: `M`ove, `L`ine, `C`lose, curves) — table borders among them. Units are
millimetres, origin top-left, y downwards: like the page model, once scaled to points.

No maintained Python library reads OFD, so the XML is read directly: through defusedxml (no
entity expansion, no external references) and only after the zip's declared sizes passed the
same bomb limits as DOCX packages (`transform.readers.word.refuse_bombs`).
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeTree
from defusedxml.common import DefusedXmlException

from transform.errors import UnreadableReport
from transform.layout import Document
from transform.readers.pages import Box, Page, Ruling
from transform.readers.positional import layout_pages

MM_TO_POINTS = 72 / 25.4
# The standard's default page when a document declares none: A4, 210 × 297 mm.
DEFAULT_PAGE_MM = (0.0, 0.0, 210.0, 297.0)
MAX_PAGES = 300  # as the PDF reader
# Objects read per page: a dense report page has a few thousand (one per glyph, in some
# producers); past this a page is a drawing or a bomb, and the rest of it is skipped.
MAX_OBJECTS_PER_PAGE = 50_000
# A gap between two glyphs of one TextCode wider than this many font sizes separates cells
# (producers write a whole table row as one run with large DeltaX jumps).
RUN_BREAK_EM = 1.5
# Glyph box: the baseline lies this share of the font size above the glyph's bottom.
DESCENT_EM = 0.2
# Width of a Latin letter or digit in font sizes (ideographs are 1): 0.5–0.6 in the fonts
# reports use (SimSun, Times); the upper end keeps a number's box around its last digit.
HALF_WIDTH_EM = 0.6
CJK_START = 0x2E80  # CJK radicals onwards: full-width glyphs
# A path segment this close to an axis (mm) is a horizontal or vertical border.
AXIS_TOLERANCE_MM = 0.2
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def read_ofd(data: bytes) -> Document:
    """An OFD file → Document, through the positional table finder (its text is a text layer)."""
    warnings: list[str] = []
    pages, meta = ofd_pages(data, warnings)
    doc = layout_pages(pages, form="ofd")
    doc.warnings.extend(warnings)
    if meta.get("Title"):  # the document's own title, after what the first page prints
        doc.title_hints.append(meta["Title"])
    return doc


def ofd_pages(data: bytes, warnings: list[str]) -> tuple[list[Page], dict[str, str]]:
    """The OFD's pages in order, and its document metadata (`Title`, `Author`, …)."""
    from transform.readers.word import refuse_bombs

    try:
        refuse_bombs(data)
        package = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableReport(f"not a readable OFD package: {exc}") from exc
    with package:
        reader = _Package(package)
        root = reader.xml("OFD.xml")
        body = _child(root, "DocBody")
        doc_root = _text(_child(body, "DocRoot"))
        if not doc_root:
            raise UnreadableReport("not a readable OFD package: OFD.xml names no DocRoot")
        meta = {
            _local(e.tag): (e.text or "").strip()
            for e in _child(body, "DocInfo") or []
            if (e.text or "").strip()
        }
        doc_path = _resolve("", doc_root)
        document = reader.xml(doc_path)
        common = _child(document, "CommonData")
        default_box = _box(_text(_child(_child(common, "PageArea"), "PhysicalBox"))) or DEFAULT_PAGE_MM
        base = posixpath.dirname(doc_path)
        templates = {
            t.get("ID"): _resolve(base, t.get("BaseLoc", ""))
            for t in _children(common, "TemplatePage")
            if t.get("BaseLoc")
        }
        entries = _children(_child(document, "Pages"), "Page")
        if len(entries) > MAX_PAGES:
            warnings.append(f"OFD has {len(entries)} pages; read the first {MAX_PAGES}")
        pages: list[Page] = []
        for entry in entries[:MAX_PAGES]:
            path = _resolve(base, entry.get("BaseLoc", ""))
            content = reader.xml(path)
            box = _box(_text(_child(_child(content, "Area"), "PhysicalBox"))) or default_box
            page = Page(width=box[2] * MM_TO_POINTS, height=box[3] * MM_TO_POINTS)
            layers = [content]
            for use in _children(content, "Template"):
                if use.get("TemplateID") in templates:
                    layers.insert(0, reader.xml(templates[use.get("TemplateID")]))
            budget = [MAX_OBJECTS_PER_PAGE]
            for layer in layers:
                _collect(_child(layer, "Content"), page, budget)
            if budget[0] <= 0:
                warnings.append(
                    f"OFD page {len(pages) + 1} has over {MAX_OBJECTS_PER_PAGE:,} "
                    "objects; the rest were skipped"
                )
            pages.append(page)
    return pages, meta


class _Package:
    """Parts of the zip, parsed safely; a missing or malformed part is an unreadable file."""

    def __init__(self, package: zipfile.ZipFile) -> None:
        self.package = package
        self.names = {name.lstrip("/"): name for name in package.namelist()}

    def xml(self, path: str) -> Element:
        name = self.names.get(path.lstrip("/"))
        if name is None:
            raise UnreadableReport(f"not a readable OFD package: part {path!r} is missing")
        try:
            return SafeTree.fromstring(self.package.read(name))
        except (SafeTree.ParseError, DefusedXmlException, zipfile.BadZipFile, OSError) as exc:
            raise UnreadableReport(f"not a readable OFD package: {path}: {exc}") from exc


def _collect(container: Element | None, page: Page, budget: list[int]) -> None:
    """Text boxes and rulings of every object under `container` (layers, page blocks)."""
    if container is None:
        return
    for element in container.iter():
        if budget[0] <= 0:
            return
        kind = _local(element.tag)
        if kind == "TextObject":
            budget[0] -= 1
            page.boxes.extend(_text_boxes(element))
        elif kind == "PathObject":
            budget[0] -= 1
            page.rulings.extend(_path_rulings(element))


def _text_boxes(obj: Element) -> list[Box]:
    """One box per run of closely spaced glyphs of each TextCode, in points."""
    boundary = _box(obj.get("Boundary", ""))
    if boundary is None:
        return []
    size = _float(obj.get("Size"), 3.5)
    transform = _ctm(obj.get("CTM"))
    boxes = []
    x = y = 0.0
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if not text.strip():
            continue
        x = _float(code.get("X"), x)
        y = _float(code.get("Y"), y)
        advances = _deltas(code.get("DeltaX", ""), len(text) - 1)
        if not code.get("DeltaX"):  # no spacing given: glyphs follow at their own widths
            advances = [_glyph_width(ch, size) for ch in text[:-1]]
        positions = [x]
        for advance in advances:
            positions.append(positions[-1] + advance)
        start = 0
        for end in range(1, len(text) + 1):
            if end == len(text) or advances[end - 1] > RUN_BREAK_EM * size:
                right = positions[end - 1] + _glyph_width(text[end - 1], size)
                boxes.append(
                    _glyph_box(text[start:end], positions[start], right, y, size, boundary, transform)
                )
                start = end
        x = positions[-1] + _glyph_width(text[-1], size)
    return [b for b in boxes if b.text.strip()]


def _glyph_width(char: str, size: float) -> float:
    """Advance of a glyph with no DeltaX: ideographs are square, Latin and digits half width."""
    return size if ord(char) >= CJK_START else size * HALF_WIDTH_EM


def _glyph_box(
    text: str,
    x0: float,
    x1: float,
    baseline: float,
    size: float,
    boundary: tuple[float, float, float, float],
    ctm: tuple[float, ...],
) -> Box:
    a, b, c, d, e, f = ctm
    corners = [
        (px * a + py * c + e, px * b + py * d + f)
        for px in (x0, x1)
        for py in (baseline - size * (1 - DESCENT_EM), baseline + size * DESCENT_EM)
    ]
    xs = [boundary[0] + cx for cx, _ in corners]
    ys = [boundary[1] + cy for _, cy in corners]
    return Box(
        text.strip(),
        min(xs) * MM_TO_POINTS,
        min(ys) * MM_TO_POINTS,
        max(xs) * MM_TO_POINTS,
        max(ys) * MM_TO_POINTS,
    )


def _path_rulings(obj: Element) -> list[Ruling]:
    """The horizontal and vertical straight segments a path draws, in points."""
    boundary = _box(obj.get("Boundary", ""))
    data = _child(obj, "AbbreviatedData")
    if boundary is None or data is None or not data.text:
        return []
    a, b, c, d, e, f = _ctm(obj.get("CTM"))

    def page_point(px: float, py: float) -> tuple[float, float]:
        return boundary[0] + px * a + py * c + e, boundary[1] + px * b + py * d + f

    rulings = []
    start = current = None
    tokens = data.text.split()
    i = 0
    while i < len(tokens):
        op = tokens[i]
        arity = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}.get(op)
        if arity is None:  # a stray number or an unknown operator: skip it
            i += 1
            continue
        args = [_float(t, 0.0) for t in tokens[i + 1 : i + 1 + arity]]
        i += 1 + arity
        if op in ("M", "S"):
            start = current = page_point(*args)
        elif op == "L" and current is not None:
            point = page_point(*args)
            rulings.extend(_axis_ruling(current, point))
            current = point
        elif op == "C" and current is not None and start is not None:
            rulings.extend(_axis_ruling(current, start))
            current = start
        elif op in ("Q", "B", "A") and len(args) == arity:
            current = page_point(*args[-2:])  # curves are no borders; follow the pen
    return rulings


def _axis_ruling(p: tuple[float, float], q: tuple[float, float]) -> list[Ruling]:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) > AXIS_TOLERANCE_MM and abs(x1 - x0) > AXIS_TOLERANCE_MM:
        return []  # a diagonal (a slashed cell): no border
    if abs(x1 - x0) <= AXIS_TOLERANCE_MM and abs(y1 - y0) <= AXIS_TOLERANCE_MM:
        return []
    k = MM_TO_POINTS
    return [Ruling(min(x0, x1) * k, min(y0, y1) * k, max(x0, x1) * k, max(y0, y1) * k)]


# ---------------------------------------------------------------- small XML helpers


def _deltas(spec: str, count: int) -> list[float]:
    """DeltaX values, the `g N D` abbreviation (N repeats of D) expanded; padded to `count`."""
    values: list[float] = []
    tokens = spec.split()
    i = 0
    while i < len(tokens) and len(values) < count:
        if tokens[i] == "g" and i + 2 < len(tokens):
            values.extend([_float(tokens[i + 2], 0.0)] * min(int(_float(tokens[i + 1], 0)), count))
            i += 3
        else:
            values.append(_float(tokens[i], 0.0))
            i += 1
    fill = values[-1] if values else 0.0
    return (values + [fill] * count)[:count]


def _ctm(spec: str | None) -> tuple[float, ...]:
    values = [float(v) for v in _NUMBER.findall(spec or "")]
    return tuple(values) if len(values) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _box(spec: str) -> tuple[float, float, float, float] | None:
    values = [float(v) for v in _NUMBER.findall(spec or "")]
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


def _float(value: str | None, default: float) -> float:
    try:
        return float(value) if value is not None else default
    except ValueError:
        return default


def _resolve(base: str, location: str) -> str:
    """A part's path: absolute when it starts with '/', else relative to `base`."""
    if location.startswith("/"):
        return posixpath.normpath(location.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, location))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element | None, name: str) -> Element | None:
    if element is None:
        return None
    return next((c for c in element if _local(c.tag) == name), None)


def _children(element: Element | None, name: str) -> list[Element]:
    return [] if element is None else [c for c in element if _local(c.tag) == name]


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""
