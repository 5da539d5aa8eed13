"""PDF reports with a text layer → Document, via PDFium (pypdfium2).

PDFium reads every producer's fonts right, where pdfminer decoded LibreOffice's CJK fonts as
one repeated character, and it is fast: characters and their boxes come from its text page,
ruling lines and cell rectangles from the page's path objects. Both are filled into the shared
page model (`transform.readers.pages`) and laid out into rows by the one positional table
finder (`transform.readers.positional`), the same finder OCR and OFD pages go through.

Before PDFium touches a page its drawing instructions are measured as they inflate
(`transform.readers.pdf_guard`): PDFium parses a page's whole content stream at once, so a
57 KB file that inflates to 64 MB of text operators would take a gigabyte of memory.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from transform.errors import UnreadableReport
from transform.layout import Document
from transform.readers import pdfium_calls as calls
from transform.readers.pages import Box, Page, Ruling
from transform.readers.pdf_guard import check_drawing_size
from transform.readers.positional import layout_pages

MAX_PAGES = 300
# A filled rectangle this thin (points) is drawn as a line: Chrome draws every cell border so.
# Real borders are 0.5–1.5 pt; a shaded cell or heading bar is at least a text line high.
THIN_FILL = 2.5
# Path objects nested in form XObjects deeper than this are not looked at (real reports: ≤ 2).
MAX_FORM_DEPTH = 4
# A path with more segments than this is a drawing (a logo, a seal), not a table border; its
# segments are not walked (Chrome's table borders are single rectangles, Word's single lines).
MAX_PATH_SEGMENTS = 64
# A path smaller than this (points) both ways is a bullet, a glyph or a tick, not a table
# drawn as one path; its segments are not walked (Chrome draws list bullets as 49-segment paths).
MIN_TABLE = 20.0
# A stroke or fill whose red, green and blue are all at least this (of 255) does not show on
# a white page: 'hidden' borders drawn white (#fff) or near-white (#f4f4f4 measured in WPS-like
# exports); the lightest cell shading in reports (#d9d9d9, 217) stays visible.
INVISIBLE_LIGHTNESS = 240
_AXIS_TOLERANCE = 0.5  # points off the axis a segment may be and still count as a ruling
_SURROGATE = re.compile("[\ud800-\udfff]")

# A PDFium handle (a page, a text page, a page object): a ctypes pointer; pypdfium2.raw ships no types.
Handle = Any


def read_pdf(data: bytes) -> Document:
    pdf = _open(data)
    try:
        count = len(pdf)
        check_drawing_size(data, min(count, MAX_PAGES))
        pages = [_read_page(pdf, i) for i in range(min(count, MAX_PAGES))]
        info_title = " ".join((pdf.get_metadata_value("Title") or "").split())
    except pdfium.PdfiumError as exc:
        raise UnreadableReport(f"damaged: PDFium cannot read it ({exc})") from exc
    finally:
        pdf.close()
    doc = layout_pages(pages, form="pdf")
    if count > MAX_PAGES:
        doc.warnings.append(f"PDF has {count} pages; read the first {MAX_PAGES}")
    if info_title:  # the document properties' title, after what the first page prints
        doc.title_hints.append(info_title)
    return doc


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == raw.FPDF_ERR_PASSWORD:
            raise UnreadableReport("encrypted: the file opens only with its password; not read") from exc
        raise UnreadableReport(f"damaged: PDFium cannot open it ({exc})") from exc


class _Frame:
    """Page space (PDF user space, y up, any origin, maybe /Rotate'd) → the page model's space
    (points from the displayed page's top-left corner, y down)."""

    def __init__(self, page: pdfium.PdfPage):
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        self.rotation = page.get_rotation() % 360
        width, height = self.right - self.left, self.top - self.bottom
        self.size = (height, width) if self.rotation in (90, 270) else (width, height)

    def point(self, x: float, y: float) -> tuple[float, float]:
        u, v = x - self.left, self.top - y
        if self.rotation == 90:
            return self.top - self.bottom - v, u
        if self.rotation == 180:
            return self.right - self.left - u, self.top - self.bottom - v
        if self.rotation == 270:
            return v, self.right - self.left - u
        return u, v

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        x0, y0 = self.point(left, top)
        x1, y1 = self.point(right, bottom)
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    try:
        frame = _Frame(page)
        result = Page(*frame.size)
        textpage = page.get_textpage()
        try:
            result.boxes = _characters(textpage, frame)
        finally:
            textpage.close()
        result.rulings = _rulings(page, frame)
        return result
    finally:
        page.close()


def _characters(textpage: pdfium.PdfTextPage, frame: _Frame) -> list[Box]:
    """Every printed character with its loose box (the font's full height, so that characters
    of one line share top and bottom whatever their glyphs' shapes)."""
    handle, rect = textpage.raw, raw.FS_RECTF()
    loose_box, rect_address = calls.loose_char_box, ctypes.addressof(rect)
    text_address = calls.address(handle)
    upright = frame.rotation == 0
    left, top_edge = frame.left, frame.top
    boxes = []
    for i, char in enumerate(_page_text(handle)):
        # spaces and line breaks (PDFium's generated ones too) carry nothing positions don't
        if char <= " " or not char.isprintable() or not loose_box(text_address, i, rect_address):
            continue
        if upright:
            x0, top, x1, bottom = (
                rect.left - left,
                top_edge - rect.top,
                rect.right - left,
                top_edge - rect.bottom,
            )
        else:
            x0, top, x1, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
        if x1 > x0 and bottom > top:
            boxes.append(Box(char, x0, top, x1, bottom))
    return boxes


def _page_text(handle: Handle) -> str | list[str]:
    """The text page's characters, one per character index: the whole page in one call (a
    call per character cost a third of reading the characters), unless a character lies
    outside the BMP — its two UTF-16 units would shift every index after it — then one by one.
    (The two agree character for character on the 386 pages of the corpus and form PDFs.)"""
    count = raw.FPDFText_CountChars(handle)
    units = (ctypes.c_ushort * (2 * count + 1))()  # room for every character as a surrogate pair
    written = raw.FPDFText_GetText(handle, 0, count, units) - 1  # less the terminating NUL
    text = bytes(units)[: 2 * max(written, 0)].decode("utf-16-le", "surrogatepass")
    if written == count and not _SURROGATE.search(text):
        return text
    codes = (raw.FPDFText_GetUnicode(handle, i) for i in range(count))
    return [chr(code) if code < 0x110000 else " " for code in codes]  # (" ": not a character)


def _rulings(page: pdfium.PdfPage, frame: _Frame) -> list[Ruling]:
    rulings: list[Ruling] = []
    count = raw.FPDFPage_CountObjects(page.raw)
    _collect(calls.address(page.raw), count, calls.page_object, None, frame, rulings, 0)
    return rulings


def _collect(
    owner: int,
    count: int,
    get: Callable[[int, int], int],
    matrix: Matrix | None,
    frame: _Frame,
    out: list[Ruling],
    depth: int,
) -> None:
    """Rulings of the path objects of a page or form XObject (`matrix`: the form's placement).
    Objects are walked as addresses (`pdfium_calls`): most are text, looked at only for
    their type; a path or form becomes a typed handle for the calls that read it."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    colour = _Colour()
    object_type, handle = calls.object_type, raw.FPDF_PAGEOBJECT
    for i in range(count):
        address = get(owner, i)
        kind = object_type(address)
        if kind == raw.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
            obj = ctypes.cast(address, handle)
            inner = _matrix(obj)
            _collect(
                address,
                raw.FPDFFormObj_CountObjects(obj),
                calls.form_object,
                inner if matrix is None else _compose(inner, matrix),
                frame,
                out,
                depth + 1,
            )
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH:
            continue
        obj = ctypes.cast(address, handle)
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        if not (fill.value or stroke.value):
            continue  # a clip or a placeholder: nothing on paper
        segments = raw.FPDFPath_CountSegments(obj)
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        x0, y0, x1, y1 = _place(matrix, left.value, bottom.value, right.value, top.value)
        # Colours are asked last, and only where they decide (a stroked path's fill, a
        # shading's or a drawing's colour change nothing): a line drawn white is no border.
        if segments <= 5:
            # a line (move + line) or a rectangle (move + 3 lines + close): its bounds say it all
            box = frame.box(x0, y0, x1, y1)
            stroked = bool(stroke.value) and colour.visible(obj, raw.FPDFPageObj_GetStrokeColor)
            if stroked or (_thin_or_open(box, segments) and colour.visible_fill(obj, fill.value)):
                _from_rectangle(box, segments > 2, stroked, out)
        elif (
            stroke.value
            and segments <= MAX_PATH_SEGMENTS
            and max(x1 - x0, y1 - y0) >= MIN_TABLE
            and colour.visible(obj, raw.FPDFPageObj_GetStrokeColor)
        ):
            _from_segments(obj, segments, matrix, frame, out)


class _Colour:
    """Whether a path's stroke or fill shows on a white page, asked through buffers made once."""

    def __init__(self) -> None:
        self.r, self.g, self.b, self.a = (ctypes.c_uint() for _ in range(4))

    def visible(self, obj: Handle, get_colour: Callable[..., int]) -> bool:
        """Not fully transparent, not white or all but white (a border 'hidden' by drawing it
        white); a colour PDFium cannot express as RGB (a pattern, a spot colour) shows."""
        if not get_colour(obj, self.r, self.g, self.b, self.a):
            return True
        return self.a.value > 0 and min(self.r.value, self.g.value, self.b.value) < INVISIBLE_LIGHTNESS

    def visible_fill(self, obj: Handle, filled: int) -> bool:
        return bool(filled) and self.visible(obj, raw.FPDFPageObj_GetFillColor)


def _thin_or_open(box: tuple[float, ...], segments: int) -> bool:
    """A line, or a rectangle thin as one: drawn by a fill as well as by a stroke."""
    return segments <= 2 or _thin(box)


def _thin(box: tuple[float, ...]) -> bool:
    x0, top, x1, bottom = box
    return x1 - x0 <= THIN_FILL or bottom - top <= THIN_FILL


def _from_rectangle(box: tuple[float, ...], closed: bool, stroked: bool, out: list[Ruling]) -> None:
    x0, top, x1, bottom = box
    if not closed or _thin(box):
        out.append(Ruling(x0, top, x1, bottom))  # a line, or a rectangle thin as one
        return
    if not stroked:
        return  # cell shading: a shaded band is no border (its unshaded neighbours have none)
    # a framed cell: its edges are borders
    out.extend(
        (
            Ruling(x0, top, x1, top),
            Ruling(x0, bottom, x1, bottom),
            Ruling(x0, top, x0, bottom),
            Ruling(x1, top, x1, bottom),
        )
    )


def _from_segments(
    obj: Handle, segments: int, matrix: Matrix | None, frame: _Frame, out: list[Ruling]
) -> None:
    """The straight, axis-aligned pieces of a stroked polyline (a table drawn as one path)."""
    own = _matrix(obj)
    place = own if matrix is None else _compose(own, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    previous = start = None
    for i in range(segments):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        if not raw.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        point = frame.point(*_apply(place, x.value, y.value))
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            previous = start = point
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and previous is not None:
            _add_straight(previous, point, out)
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_straight(point, start, out)
        previous = point


def _add_straight(a: tuple[float, float], b: tuple[float, float], out: list[Ruling]) -> None:
    if abs(a[0] - b[0]) <= _AXIS_TOLERANCE or abs(a[1] - b[1]) <= _AXIS_TOLERANCE:
        out.append(Ruling(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))


Matrix = tuple[float, float, float, float, float, float]


def _matrix(obj: Handle) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: Matrix | None, x: float, y: float) -> tuple[float, float]:
    if matrix is None:
        return x, y
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _place(
    matrix: Matrix | None, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    """Bounds of an object inside a form XObject, in page space."""
    if matrix is None:
        return left, bottom, right, top
    corners = [_apply(matrix, x, y) for x in (left, right) for y in (bottom, top)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    return min(xs), min(ys), max(xs), max(ys)
