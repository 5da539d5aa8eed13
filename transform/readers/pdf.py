"""PDF reports (machine-generated, with a text layer) → Document, via pdfplumber.

pdfplumber's `lines` strategy returns a merged cell's text at its origin and None in the cells
it covers — exactly the span-copy distinction the grid needs. Text outside the tables is read
as lines and interleaved with table rows by vertical position, so headings stay in order; a
table continuing on the next page simply continues in the row stream.

Before any layout, the pages' drawing instructions are measured as they inflate (never held):
a few KB of deflate can inflate to gigabytes of text operators, and pdfminer spends about a
hundred microseconds and a few hundred bytes on every character drawn, so such a file would
hold a parse for hours and exhaust memory. Real reports draw about 25 KB per page.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfplumber.utils.exceptions import PdfminerException

from transform.errors import UnreadableReport
from transform.layout import Cell, Document, Row
from transform.normalize import squash

MAX_PAGES = 300
MAX_DRAWING_BYTES = 8 * 1024 * 1024  # decoded drawing instructions of the pages read
_INFLATE_STEP = 1024 * 1024
_FORM = LIT("Form")


def read_pdf(data: bytes) -> Document:
    try:
        return _read_pdf(data)
    except UnreadableReport:
        raise
    except Exception as exc:  # pdfminer's many ways of failing on a damaged file
        raise UnreadableReport(f"the PDF engine could not read it ({type(exc).__name__}: {exc})") from exc


def _read_pdf(data: bytes) -> Document:
    doc = Document(form="pdf")
    grid_index = 0
    with _open(data) as pdf:
        info_title = str((pdf.metadata or {}).get("Title") or "").strip()
        pages = pdf.pages
        if len(pages) > MAX_PAGES:
            doc.warnings.append(f"PDF has {len(pages)} pages; read the first {MAX_PAGES}")
        if drawing_bytes(pages[:MAX_PAGES], MAX_DRAWING_BYTES) > MAX_DRAWING_BYTES:
            raise UnreadableReport(
                f"its pages' drawing instructions expand to more than "
                f"{MAX_DRAWING_BYTES >> 20} MB (a decompression bomb, not a "
                "report); not read"
            )
        for page in pages[:MAX_PAGES]:
            items: list[tuple[float, int, object]] = []
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            for t in tables:
                items.append((t.bbox[1], 0, t.extract()))
            outside = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes)) if boxes else page
            for line in outside.extract_text_lines(strip=True):
                items.append((line["top"], 1, line["text"]))
            items.sort(key=lambda item: (item[0], item[1]))
            for _, kind, payload in items:
                if kind == 1:
                    doc.add_line(payload)
                    continue
                for raw_row in payload:
                    doc.rows.append(
                        Row(
                            [Cell("", span_copy=True) if c is None else Cell(squash(c)) for c in raw_row],
                            grid=grid_index,
                            positional=True,
                        )
                    )
                grid_index += 1
            page.close()
    doc.title_hints.extend(t for t in (r.texts[0] for r in doc.rows[:6] if r.cells) if t)
    if info_title:  # the document properties' title, after what the first page prints
        doc.title_hints.append(info_title)
    return doc


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    if "x0" not in obj or "top" not in obj:
        return False
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _open(data: bytes) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:  # its message is empty for an encrypted file
        if any(isinstance(a, PDFEncryptionError) for a in exc.args):
            raise UnreadableReport("encrypted: the file opens only with its password; not read") from exc
        raise


def drawing_bytes(pages: list, budget: int) -> int:
    """Decoded size of the pages' content streams and the form XObjects they draw, each
    counted once; stops counting once past `budget`."""
    total, seen = 0, set()
    for page in pages:
        obj = page.page_obj
        for stream in _drawing_streams(obj.attrs.get("Contents"), obj.resources, depth=3):
            if id(stream) not in seen:
                seen.add(id(stream))
                total += _inflated_size(stream, budget - total)
                if total > budget:
                    return total
    return total


def _drawing_streams(contents: object, resources: object, depth: int) -> Iterator[PDFStream]:
    contents = resolve1(contents)
    for item in contents if isinstance(contents, list) else [contents]:
        if isinstance(stream := resolve1(item), PDFStream):
            yield stream
    resources = resolve1(resources)
    xobjects = resolve1(resources.get("XObject")) if isinstance(resources, dict) else None
    if depth and isinstance(xobjects, dict):
        for ref in xobjects.values():
            form = resolve1(ref)
            if isinstance(form, PDFStream) and resolve1(form.get("Subtype")) is _FORM:
                yield from _drawing_streams(form, form.get("Resources"), depth - 1)


def _inflated_size(stream: PDFStream, room: int) -> int:
    """Bytes the stream decodes to (deflate measured step by step, up to `room` + a step)."""
    if stream.data is not None:
        return len(stream.data)
    data = stream.rawdata or b""
    try:
        if stream.decipher is not None and stream.objid is not None:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        filters = [f for f, _ in stream.get_filters()]
    except Exception:  # pdfminer will report what it cannot decode; size what we have
        return len(data)
    if not filters or filters[0] not in LITERALS_FLATE_DECODE:
        return len(data)  # other encodings expand little
    inflater, size = zlib.decompressobj(), 0
    try:
        chunk = inflater.decompress(data, _INFLATE_STEP)
        while chunk and size <= room:
            size += len(chunk)
            chunk = inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)
    except zlib.error:
        pass
    return size
