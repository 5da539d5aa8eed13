"""Page images → `Page`s of recognised text boxes and table borders (PP-OCR via RapidOCR).

A scanned report (a stamped printout fed through a scanner, published as a PDF of page images
or as image files) has no text layer. Its pages are rendered with PDFium, deskewed, their
table borders found in the pixels (`raster_rulings`), and their text recognised by the PP-OCRv4
models that ship inside the `rapidocr-onnxruntime` wheel — nothing is downloaded, ever. The
recognised boxes (text, position, confidence) and the borders fill the same `Page` model a
PDF text layer fills, so one positional table finder serves both.

Recognition works per table cell where it can: a detected text line that crosses a border (the
detector often joins two neighbouring cells' digits into one line, and the border then reads
as a "1") is cut at the border and each piece is recognised on its own. What the recogniser
reads is kept as read: a misread digit is never corrected, it shows up as a failing check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy as np

from transform.errors import UnreadableReport
from transform.layout import Document
from transform.readers.pages import Box, Page, Ruling
from transform.readers.positional import layout_pages
from transform.readers.raster_rulings import MIN_RULING_INCHES, binarise, deskew, find_rulings
from transform.sandbox import heartbeat

# Pages are rendered (and image files resampled) to this resolution before recognition. Text
# printed at 9–12 pt is 19–25 px high at 150 dpi, inside the 32–48 px the recogniser is trained
# on once resized; more resolution costs detection time (quadratically) and reads no better
# (bench/ocr_throughput.py).
OCR_DPI = 150
# A page larger than this (pixels at OCR_DPI) is rendered smaller: A3 at 150 dpi is 4.4 Mpx; a
# page declaring 5 m × 5 m would otherwise ask for gigabytes before anything is read.
MAX_PAGE_PIXELS = 12_000_000
# Scanned reports are 5–30 pages and their tables come within the first twenty; past this the
# rest is left unread (with a warning) so a 300-page scan cannot hold a run for a quarter hour.
MAX_OCR_PAGES = 40
# A PDF page with fewer text-layer characters than this is a scan (a page number or a
# scanner's watermark is all such pages carry; a page of report text has hundreds).
MIN_LAYER_CHARACTERS = 20
# The title is looked for in the type on this many first pages (a printed web page puts it on
# the second or third, after the site's navigation), set at least this many times as high as
# the body text (titles are 16–22 pt over 10.5–12 pt body text), and its lines are those
# within this share of the largest type's height.
TITLE_PAGES = 3
TITLE_TYPE_RATIO = 1.3
TITLE_SIZE_SPREAD = 0.75
# One inference thread: the parser runs one worker per core (see transform.sandbox), and a
# second thread on a shared 2-core machine bought 25% at best while slowing the neighbour.
INFERENCE_THREADS = 1
# Recognitions scored below this are dropped as noise (stamp edges, specks, bleed-through);
# RapidOCR's own default. Genuine digits in the scans read at 0.93–1.0.
MIN_TEXT_SCORE = 0.5
# A piece of a detected line narrower or lower than this (inches) after cutting it at borders
# is a sliver of the border itself, not text.
MIN_PIECE_INCHES = 0.04
# A glyph's stroke may stick out of its detected line by a pixel or two (inches).
STROKE_MARGIN_INCHES = 0.03
# A border cuts a text line only when it runs along at least this share of the line's height
# (or width, for a horizontal border): a border merely touching the line's corner does not.
CUT_OVERLAP = 0.6
# Crops are recognised in batches of this many (RapidOCR's default); each crop of a batch is
# padded to the widest, and larger batches measured slower (bench/ocr_throughput.py).
REC_BATCH = 6
# Longest crop recognised in one piece, in multiples of its height. The recogniser's attention
# makes a crop's cost grow with the square of its width: a 40-character line (ratio 38) took
# five times as long whole as in chunks of ratio 12, and read the same.
MAX_CHUNK_RATIO = 12


@dataclass(frozen=True, slots=True)
class _Region:
    """An axis-aligned rectangle of the (deskewed) page image, in pixels."""

    x0: int
    top: int
    x1: int
    bottom: int


@cache
def _engine():
    """RapidOCR's detector and recogniser, loaded once per process (about 0.5 s)."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=INFERENCE_THREADS, inter_op_num_threads=INFERENCE_THREADS)
    engine.text_rec.rec_batch_num = REC_BATCH
    return engine


def recognise(grey: np.ndarray, dpi: float) -> Page:
    """One greyscale page image (uint8, H × W) at `dpi` → a `Page` in points."""
    image = deskew(grey).image
    lines = _detect(image)
    rulings = _outside_text(find_rulings(image, dpi), lines, dpi)
    to_points = 72.0 / dpi
    regions = list(_cut_at_rulings(lines, rulings, dpi))
    boxes = [
        Box(
            text,
            r.x0 * to_points,
            r.top * to_points,
            r.x1 * to_points,
            r.bottom * to_points,
            confidence=round(score, 4),
        )
        for r, (text, score) in zip(regions, _read(image, regions), strict=True)
        if text.strip() and score >= MIN_TEXT_SCORE
    ]
    height, width = image.shape
    return Page(width * to_points, height * to_points, boxes, rulings)


def _outside_text(rulings: list[Ruling], lines: list[_Region], dpi: float) -> list[Ruling]:
    """The rulings that are not strokes of large characters.

    The stem of a 22 pt bold title glyph is as long as a short border; it lies inside the
    detected line it belongs to. Only lines of large type can hold a stroke that long (text of
    12 pt and less, all a table holds, is shorter than the shortest ruling), so a border
    passing through a table's text is never mistaken for a stroke.
    """
    to_pixels = dpi / 72.0
    margin = STROKE_MARGIN_INCHES * dpi
    large = [line for line in lines if line.bottom - line.top >= MIN_RULING_INCHES * dpi]
    kept = []
    for r in rulings:
        x0, top, x1, bottom = (v * to_pixels for v in (r.x0, r.top, r.x1, r.bottom))
        if not any(
            line.x0 - margin <= x0
            and x1 <= line.x1 + margin
            and line.top - margin <= top
            and bottom <= line.bottom + margin
            for line in large
        ):
            kept.append(r)
    return kept


def _detect(image: np.ndarray) -> list[_Region]:
    """Text line regions found by the PP-OCR detector (as upright rectangles: deskewed)."""
    quads, _elapsed = _engine().text_det(np.stack([image] * 3, axis=-1))
    if quads is None:
        return []
    regions = []
    for quad in quads:
        xs, ys = quad[:, 0], quad[:, 1]
        regions.append(_Region(int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())))
    return regions


def _cut_at_rulings(regions: Iterable[_Region], rulings: list[Ruling], dpi: float) -> Iterator[_Region]:
    """Each region, cut into pieces wherever a table border runs through it."""
    to_pixels = dpi / 72.0
    borders = [
        _Region(
            round(r.x0 * to_pixels),
            round(r.top * to_pixels),
            round(r.x1 * to_pixels),
            round(r.bottom * to_pixels),
        )
        for r in rulings
    ]
    verticals = [b for b in borders if (b.bottom - b.top) > (b.x1 - b.x0)]
    horizontals = [b for b in borders if (b.bottom - b.top) <= (b.x1 - b.x0)]
    smallest = max(2, round(MIN_PIECE_INCHES * dpi))
    for region in regions:
        for piece in _cut(region, verticals, vertical=True):
            for part in _cut(piece, horizontals, vertical=False):
                if part.x1 - part.x0 >= smallest and part.bottom - part.top >= smallest:
                    yield part


def _cut(region: _Region, borders: list[_Region], vertical: bool) -> list[_Region]:
    if vertical:
        lo, hi, across_lo, across_hi = region.x0, region.x1, region.top, region.bottom
    else:
        lo, hi, across_lo, across_hi = region.top, region.bottom, region.x0, region.x1
    cuts = []
    for b in borders:
        b_lo, b_hi, b_across_lo, b_across_hi = (
            (b.x0, b.x1, b.top, b.bottom) if vertical else (b.top, b.bottom, b.x0, b.x1)
        )
        overlap = min(across_hi, b_across_hi) - max(across_lo, b_across_lo)
        if b_hi > lo and b_lo < hi and overlap >= CUT_OVERLAP * (across_hi - across_lo):
            cuts.append((b_lo, b_hi))
    if not cuts:
        return [region]
    pieces, start = [], lo
    for b_lo, b_hi in sorted(cuts):
        if b_lo > start:
            pieces.append((start, b_lo))
        start = max(start, b_hi)
    if hi > start:
        pieces.append((start, hi))
    if vertical:
        return [_Region(a, region.top, b, region.bottom) for a, b in pieces]
    return [_Region(region.x0, a, region.x1, b) for a, b in pieces]


def _read(image: np.ndarray, regions: list[_Region]) -> list[tuple[str, float]]:
    """(text, score) for each region; a region with no ink reads as ("", 0).

    The recogniser's cost grows with the square of a crop's width (its attention spans the
    whole line) and every crop of a batch is padded to the widest, so a long line is read as
    chunks cut in the blank gaps between characters, and the texts are joined again.
    """
    ink = binarise(image)
    crops, owner = [], []
    for i, r in enumerate(regions):
        mask = ink[r.top : r.bottom, r.x0 : r.x1]
        if not mask.any():
            continue
        for start, end in _chunks(mask):
            crops.append(np.stack([image[r.top : r.bottom, r.x0 + start : r.x0 + end]] * 3, axis=-1))
            owner.append(i)
    texts: dict[int, list[str]] = {}
    scores: dict[int, list[float]] = {}
    if crops:
        read, _elapsed = _engine().text_rec(crops)
        for i, (text, score, *_rest) in zip(owner, read, strict=True):
            texts.setdefault(i, []).append(text)
            scores.setdefault(i, []).append(float(score))
    return [("".join(texts[i]), min(scores[i])) if i in texts else ("", 0.0) for i in range(len(regions))]


def _chunks(mask: np.ndarray) -> list[tuple[int, int]]:
    """Column ranges of a line crop no wider than MAX_CHUNK_RATIO × its height, cut where a
    column holds no ink (between characters); a line with no such gap is cut at the limit."""
    height, width = mask.shape
    limit = max(height, round(MAX_CHUNK_RATIO * height))
    if width <= limit:
        return [(0, width)]
    blank = ~mask.any(axis=0)
    pieces, start = [], 0
    while width - start > limit:
        window = blank[start + limit // 2 : start + limit]
        gaps = np.flatnonzero(window)
        cut = start + limit // 2 + int(gaps[-1]) if gaps.size else start + limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, width))
    return pieces


# ---------------------------------------------------------------- PDF pages


def render_pdf_page(page, dpi: float = OCR_DPI) -> tuple[np.ndarray, float]:
    """A pypdfium2 page rendered greyscale → (uint8 H × W image, the dpi actually used)."""
    width, height = page.get_size()
    pixels = width * height * (dpi / 72.0) ** 2
    if pixels > MAX_PAGE_PIXELS:
        dpi *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    image = bitmap.to_numpy()
    if image.ndim == 3:
        image = image[..., 0]
    return np.ascontiguousarray(image), dpi


def ocr_pdf(data: bytes, warnings: list[str]) -> list[Page]:
    """Every page of a PDF of page images, recognised (up to MAX_OCR_PAGES)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise UnreadableReport(f"not a readable PDF: {exc}") from exc
    try:
        count = len(pdf)
        if count > MAX_OCR_PAGES:
            warnings.append(f"scanned PDF has {count} pages; recognised the first {MAX_OCR_PAGES}")
        pages = []
        for index in range(min(count, MAX_OCR_PAGES)):
            page = pdf[index]
            image, dpi = render_pdf_page(page)
            page.close()
            pages.append(recognise(image, dpi))
            heartbeat()
        return pages
    finally:
        pdf.close()


def is_scanned(data: bytes) -> bool:
    """True when the PDF's pages are images without a text layer worth the name.

    A scanner's PDF may still carry a few characters (a page number, a watermark, the
    producer's stamp), so a page counts as scanned below `MIN_LAYER_CHARACTERS`.
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False  # the text reader reports what is wrong with it
    try:
        for index in range(min(len(pdf), MAX_OCR_PAGES)):
            page = pdf[index]
            textpage = page.get_textpage()
            characters = textpage.count_chars()
            textpage.close()
            page.close()
            if characters >= MIN_LAYER_CHARACTERS:
                return False
        return len(pdf) > 0
    finally:
        pdf.close()


def read_scanned_pdf(data: bytes) -> Document:
    """A PDF of page images → Document, through OCR and the positional table finder."""
    warnings: list[str] = []
    return pages_to_document(ocr_pdf(data, warnings), "pdf", warnings)


def pages_to_document(pages: list[Page], form: str, warnings: list[str]) -> Document:
    """Recognised pages → Document (every cell marked as OCR), the printed title first."""
    doc = layout_pages(pages, form=form, extraction="ocr")
    doc.warnings.extend(warnings)
    title = large_type_title(pages)
    if title:
        doc.title_hints.insert(0, title)
    return doc


def large_type_title(pages: list[Page]) -> str | None:
    """The lines set in the largest type on the first pages, joined: the report's title.

    A title wraps ("…政府信息公开工作" / "年度报告") and a printed web page puts it below the
    site's navigation, out of reach of the opening lines; its type size gives it away.
    """
    boxes = [b for page in pages[:TITLE_PAGES] for b in page.boxes]
    if not boxes:
        return None
    heights = sorted(b.bottom - b.top for b in boxes)
    body = heights[len(heights) // 2]
    large = [
        (i, b)
        for i, page in enumerate(pages[:TITLE_PAGES])
        for b in page.boxes
        if b.bottom - b.top >= TITLE_TYPE_RATIO * body
    ]
    if not large:
        return None
    biggest = max(b.bottom - b.top for _, b in large)
    title = [(i, b) for i, b in large if b.bottom - b.top >= TITLE_SIZE_SPREAD * biggest]
    first_page = min(i for i, _ in title)
    lines = sorted((b for i, b in title if i == first_page), key=lambda b: (b.top, b.x0))
    kept = [lines[0]]
    for box in lines[1:]:  # the title's own lines follow each other closely
        if box.top - kept[-1].bottom > biggest:
            break
        kept.append(box)
    return "".join(b.text for b in kept)
