"""Refuse a PDF whose pages' drawing instructions inflate past a budget, before they inflate.

A few KB of deflate can inflate to gigabytes of text operators. PDFium inflates and parses a
page's whole content stream when the page loads (a 57 KB file that draws 64 MB of operators
took it 3 s and 1 GB), and offers no way to look at a stream first. So the streams a page
draws — its content streams and the form XObjects they use — are found with pdfminer's
object parser (it decrypts what an empty password opens, and resolves object streams) and
inflated step by step, never held, counting the bytes until the budget is passed. Real
reports draw about 25 KB per page; this costs 2–10 ms a file.

pdfminer is kept here, and only here, because it exposes the raw streams; its layout engine
is not used. A file whose structure pdfminer cannot walk is measured coarsely instead: every
deflated stream in the file is counted (images included), under the same budget.
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Iterator

from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT

from transform.errors import UnreadableReport

MAX_DRAWING_BYTES = 8 * 1024 * 1024  # decoded drawing instructions of the pages read
_INFLATE_STEP = 1024 * 1024
_FORM = LIT("Form")
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def check_drawing_size(data: bytes, pages: int, budget: int = MAX_DRAWING_BYTES) -> None:
    """Raise `UnreadableReport` if the first `pages` pages draw more than `budget` bytes."""
    try:
        size = drawing_bytes(data, pages, budget)
    except (PDFEncryptionError, PDFPasswordIncorrect) as exc:
        raise UnreadableReport("encrypted: the file opens only with its password; not read") from exc
    except Exception:  # pdfminer cannot walk this file's pages: count every deflated stream
        size = all_streams_bytes(data, budget)
    if size > budget:
        raise UnreadableReport(
            f"its pages' drawing instructions expand to more than {budget >> 20} MB "
            "(a decompression bomb, not a report); not read"
        )


def drawing_bytes(data: bytes, pages: int, budget: int) -> int:
    """Decoded size of the pages' content streams and the form XObjects they draw, each
    counted once; stops counting once past `budget`."""
    document = PDFDocument(PDFParser(io.BytesIO(data)))
    total, seen = 0, set()
    for number, page in enumerate(PDFPage.create_pages(document)):
        if number >= pages:
            break
        for stream in _drawing_streams(page.attrs.get("Contents"), page.resources, depth=3):
            if id(stream) not in seen:
                seen.add(id(stream))
                total += _inflated_size(stream, budget - total)
                if total > budget:
                    return total
    return total


def all_streams_bytes(data: bytes, budget: int) -> int:
    """Inflated size of every deflate stream found in the raw bytes (up to `budget` + a step)."""
    total, view = 0, memoryview(data)
    for match in _STREAM_START.finditer(data):
        total += _inflate_counting(view[match.end() :], budget - total)
        if total > budget:
            break
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
        if stream.decipher is not None and stream.objid is not None and stream.genno is not None:
            data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
        filters = [f for f, _ in stream.get_filters()]
    except Exception:  # what cannot be deciphered PDFium cannot draw either; size what we have
        return len(data)
    if not filters or filters[0] not in LITERALS_FLATE_DECODE:
        return len(data)  # other encodings expand little
    return _inflate_counting(data, room)


def _inflate_counting(data: bytes | memoryview, room: int) -> int:
    inflater, size = zlib.decompressobj(), 0
    try:
        chunk = inflater.decompress(data, _INFLATE_STEP)
        while chunk and size <= room:
            size += len(chunk)
            chunk = inflater.decompress(inflater.unconsumed_tail, _INFLATE_STEP)
    except zlib.error:
        pass
    return size
