"""Page images → `Page`s of recognised text boxes and table borders (PP-OCR via RapidOCR).

A scanned report (a stamped printout fed through a scanner, published as a PDF of page images
or as image files) has no text layer. Its pages are rendered with PDFium, deskewed, their
table borders found in the pixels (`raster_rulings`), and their text recognised by the PP-OCRv4
models that ship inside the `rapidocr-onnxruntime` wheel — nothing is downloaded, ever. The
recognised boxes (text, position, confidence) and the borders fill the same `Page` model a
PDF text layer fills, so one positional table finder serves both.

Recognition works per table cell where it can: detected lines are cut at the borders they
cross, and glyphs the detector missed are added (`ocr_regions`). What the recogniser reads is
kept as read: a misread digit is never corrected, it shows up as a failing check.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import cv2
import numpy as np

from transform.errors import UnreadableReport
from transform.layout import Document
from transform.readers.ocr_regions import Region, chunks, cut_at_rulings, lone_glyphs, outside_text
from transform.readers.pages import Box, Page
from transform.readers.positional import layout_pages
from transform.readers.raster_rulings import binarise, deskew, find_rulings
from transform.sandbox import heartbeat

if TYPE_CHECKING:
    import pypdfium2 as pdfium

# Pages are rendered (and image files resampled) to this resolution before recognition. Text
# printed at 9–12 pt is 19–25 px high at 150 dpi, inside the 32–48 px the recogniser is trained
# on once resized; more resolution costs detection time (quadratically) and reads no better
# (bench/ocr_throughput.py).
OCR_DPI = 150
# Text is read from up to this resolution when the scan has it (see `recognise`): reading
# costs the same at any resolution, and 7.5 pt table text read right at 200 dpi where 150 dpi
# misread a character in one label of eight.
MAX_READ_DPI = 200
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
# the body text (titles are 16–22 pt over 10.5–12 pt body text).
TITLE_PAGES = 3
TITLE_TYPE_RATIO = 1.3
# One inference thread: the parser runs one worker per core (see transform.sandbox), and a
# second thread on a shared 2-core machine bought 25% at best while slowing the neighbour.
INFERENCE_THREADS = 1
# A page whose median absolute Laplacian (grey levels) reaches this is grainy and is blurred
# before reading (`_denoised`): 0 on clean and mildly compressed scans, 6–17 on noisy ones.
GRAINY_LAPLACIAN = 3
# A whole number with one mark beside it that dust and JPEG ringing read as: ".", "°", "'",
# "`", "·", "," — seen on noisy scans as "0." and "0°" in cells printed "0".
SPECKLED_NUMBER = re.compile(r"[.°'`·,]?(\d+)[.°'`·,]?")
# Recognitions scored below this are dropped as noise (stamp edges, specks, bleed-through);
# RapidOCR's own default. Genuine digits in the scans read at 0.93–1.0.
MIN_TEXT_SCORE = 0.5
# Crops are recognised in batches of this many (RapidOCR's default); each crop of a batch is
# padded to the widest, and larger batches measured slower (bench/ocr_throughput.py).
REC_BATCH = 6


@cache
def _engine() -> Any:  # a RapidOCR (rapidocr_onnxruntime ships no types)
    """RapidOCR's detector and recogniser, loaded once per process (about 0.5 s)."""
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR(intra_op_num_threads=INFERENCE_THREADS, inter_op_num_threads=INFERENCE_THREADS)
    engine.text_rec.rec_batch_num = REC_BATCH
    return engine


def recognise(grey: np.ndarray, dpi: float) -> Page:
    """One greyscale page image (uint8, H × W) at `dpi` → a `Page` in points.

    Lines and borders are found at OCR_DPI (detection's cost grows with the pixel count);
    text is read from the image as given when it is finer (up to MAX_READ_DPI), since the
    recogniser scales every crop to the same height and small type reads better from more
    pixels: "处理" in 7.5 pt read as "外理" at 150 dpi and right at 200 — unless the page is
    grainy (`_grainy`).
    """
    fine = deskew(grey).image
    grainy = _grainy(fine)
    scale = dpi / OCR_DPI
    if scale > 1:
        image = cv2.resize(fine, None, fx=1 / scale, fy=1 / scale, interpolation=cv2.INTER_AREA)
    else:
        image = fine
    if grainy:  # grain reads worse from more pixels: read from the averaged-down image
        image, scale = cv2.GaussianBlur(image, (3, 3), 0), 1.0
    base = min(dpi, OCR_DPI)
    ink = binarise(image)
    lines = detect(image)
    rulings = outside_text(find_rulings(image, base), lines, base)
    regions = list(cut_at_rulings([*lines, *lone_glyphs(ink, lines, rulings, base)], rulings, base))
    if scale > 1:
        read_at = [
            Region(round(r.x0 * scale), round(r.top * scale), round(r.x1 * scale), round(r.bottom * scale))
            for r in regions
        ]
        texts = read(fine, binarise(fine), read_at)
    else:
        texts = read(image, ink, regions)
    to_points = 72.0 / base
    boxes = [
        Box(
            text,
            r.x0 * to_points,
            r.top * to_points,
            r.x1 * to_points,
            r.bottom * to_points,
            confidence=round(score, 4),
        )
        for r, (text, score) in zip(regions, texts, strict=True)
        if text.strip() and score >= MIN_TEXT_SCORE
    ]
    height, width = image.shape
    return Page(width * to_points, height * to_points, boxes, rulings)


def _grainy(image: np.ndarray) -> bool:
    """Is the paper grainy (sensor noise, heavy JPEG)? Its median absolute Laplacian says so:
    0 on clean paper (flat), 6 and more on grainy paper.

    Grain makes small digits read with low scores (a 7.5 pt "0" at 0.42 under noise of σ 12,
    JPEG quality 55); a 3 × 3 Gaussian on the 150 dpi image brings them back above 0.8, and
    averaging a finer scan down to 150 dpi first helps more than reading its fine grain. A
    clean page is left sharp: the blur costs clean digits a few hundredths of their score.
    """
    return float(np.median(np.abs(cv2.Laplacian(image, cv2.CV_16S)))) >= GRAINY_LAPLACIAN


def detect(image: np.ndarray) -> list[Region]:
    """Text line regions found by the PP-OCR detector (as upright rectangles: deskewed)."""
    quads, _elapsed = _engine().text_det(np.stack([image] * 3, axis=-1))
    if quads is None:
        return []
    return [
        Region(int(q[:, 0].min()), int(q[:, 1].min()), int(q[:, 0].max()), int(q[:, 1].max())) for q in quads
    ]


def read(image: np.ndarray, ink: np.ndarray, regions: list[Region]) -> list[tuple[str, float]]:
    """(text, score) for each region; a region with no ink reads as ("", 0). A long line is
    read in chunks (`ocr_regions.chunks`), its texts joined and its lowest score kept."""
    crops, owner = [], []
    for i, r in enumerate(regions):
        mask = ink[r.top : r.bottom, r.x0 : r.x1]
        if not mask.any():
            continue
        for start, end in chunks(mask):
            crops.append(np.stack([image[r.top : r.bottom, r.x0 + start : r.x0 + end]] * 3, axis=-1))
            owner.append(i)
    texts: dict[int, list[str]] = {}
    scores: dict[int, list[float]] = {}
    if crops:
        results, _elapsed = _engine().text_rec(crops)
        for i, (text, score, *_rest) in zip(owner, results, strict=True):
            if text:  # a chunk of blank paper reads as nothing, with no score to count
                texts.setdefault(i, []).append(text)
                scores.setdefault(i, []).append(float(score))
    return [
        (_without_specks("".join(texts[i])), min(scores[i])) if i in texts else ("", 0.0)
        for i in range(len(regions))
    ]


def _without_specks(text: str) -> str:
    """A number with a speck of scanner dust read beside it ("0.", "0°", "·3") is the number:
    no report prints a number so. The digits themselves are never touched."""
    match = SPECKLED_NUMBER.fullmatch(text)
    return match.group(1) if match else text


# ---------------------------------------------------------------- PDF pages


def render_pdf_page(page: pdfium.PdfPage) -> tuple[np.ndarray, float]:
    """A pypdfium2 page rendered greyscale at its scan's own resolution (between OCR_DPI and
    MAX_READ_DPI) → (uint8 H × W image, the dpi used)."""
    dpi = min(max(_scan_resolution(page) or OCR_DPI, OCR_DPI), MAX_READ_DPI)
    width, height = page.get_size()
    pixels = width * height * (dpi / 72.0) ** 2
    if pixels > MAX_PAGE_PIXELS:
        dpi *= (MAX_PAGE_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=dpi / 72.0, grayscale=True)
    image = bitmap.to_numpy()
    if image.ndim == 3:
        image = image[..., 0]
    return np.ascontiguousarray(image), dpi


def _scan_resolution(page: pdfium.PdfPage) -> float | None:
    """Dots per inch of the largest image drawn on the page (the scan), if any."""
    import pypdfium2.raw as raw

    best, dpi = 0.0, None
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=1):
        try:
            left, bottom, right, top = obj.get_bounds()
            pixels_wide, _high = obj.get_px_size()
        except Exception:  # a damaged image object: no resolution to learn from it
            continue
        area = (right - left) * (top - bottom)
        if area > best and right > left:
            best, dpi = area, pixels_wide * 72.0 / (right - left)
    return dpi


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
    doc.title_hints[:0] = large_type_titles(pages)
    return doc


def large_type_titles(pages: list[Page]) -> list[str]:
    """Runs of lines set in large type on the first pages, each joined, largest type first.

    A title wraps ("…政府信息公开工作" / "年度报告") and a printed web page puts it below the
    site's navigation, out of reach of the opening lines; its type size gives it away. Other
    large type (a site's banner, navigation) comes along as well: the title finder keeps only
    what reads as a report's title.
    """
    first = pages[:TITLE_PAGES]
    heights = sorted(b.bottom - b.top for page in first for b in page.boxes)
    if not heights:
        return []
    body = heights[len(heights) // 2]
    runs: list[tuple[int, list[Box]]] = []  # (page index, its lines)
    for index, page in enumerate(first):
        large = sorted(
            (b for b in page.boxes if b.bottom - b.top >= TITLE_TYPE_RATIO * body),
            key=lambda b: (b.top, b.x0),
        )
        for box in large:
            if runs and runs[-1][0] == index and box.top - runs[-1][1][-1].bottom <= _tallest(runs[-1][1]):
                runs[-1][1].append(box)
            else:
                runs.append((index, [box]))
    runs.sort(key=lambda run: -_tallest(run[1]))
    return ["".join(b.text for b in run) for _, run in runs]


def _tallest(boxes: list[Box]) -> float:
    return max(b.bottom - b.top for b in boxes)
