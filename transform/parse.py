"""Parse one report's bytes into a `ParseResult`: read → assemble rows → map tables → check.

A report that cannot be read is data, not a crash: a reader raises `UnreadableReport` and the
result carries an `error` naming the problem (or `warnings`), which the caller records. Any
other exception is a bug in the parser: `parse_bytes` lets it through (the fuzz suite and the
tests see it), while `parse_contained` — what batch callers use — confines it to that one file.
Nothing here touches the network or the data directory.
"""

from __future__ import annotations

import codecs
import logging
import traceback
from datetime import date
from operator import attrgetter

from transform import detect
from transform.checks import count_cell_checks, table3_checks, table4_checks
from transform.errors import UnreadableReport
from transform.layout import Document, head_and_tail
from transform.metadata import (
    MAX_TITLE,
    covered_year_from_body,
    find_title,
    published_date,
    title_candidates,
)
from transform.model import ParseResult
from transform.narrative import narrative_numbers
from transform.rows import assemble
from transform.sections import locate
from transform.table2 import map_table2
from transform.table3 import T3_VOCAB, map_table3
from transform.table4 import map_table4

_HEAD_LINES, _TAIL_LINES = 60, 20  # where titles, dates and signatures are
# The page's date line sits under the title, which text pulled from a saved page puts below
# up to a hundred lines of site navigation (the mirror's chrome and the real pages it copies).
_DATE_LINES = 160
_REFUSED = {
    detect.EMPTY: "empty file",
    detect.BINARY: "not a report: binary data of no known document format",
    detect.XLSX: "unsupported: spreadsheet (xlsx) files carry no report text",
}


log = logging.getLogger(__name__)
MAX_ERROR = 500  # characters of an error message kept (a reason, not a dump)


def parse_bytes(data: bytes, source: str) -> ParseResult:
    """Parse one report; bad input becomes `result.error`, a bug in the parser raises."""
    form = detect.detect_form(data)
    result = ParseResult(source=source, form=form)
    if form in _REFUSED:
        result.error = _REFUSED[form]
        return result
    try:
        doc = _read(form, data, result)
    except UnreadableReport as exc:
        result.error = f"unreadable {form} file: {exc}"[:MAX_ERROR]
        return result
    if doc is not None:
        _fill(result, doc)
    return result


def parse_contained(data: bytes, source: str) -> ParseResult:
    """`parse_bytes` for batches: a bug in the parser costs this one file, never the batch.

    The file gets an error that says it is a parser bug (with the exception), and the
    traceback goes to the log, so it can be fixed and the file re-parsed later.
    """
    try:
        return parse_bytes(data, source)
    except Exception as exc:
        log.error("parser bug on %s:\n%s", source, traceback.format_exc())
        result = ParseResult(source=source, form=detect.detect_form(data))
        result.error = (
            f"internal parser error (a bug, not a problem with the file): {type(exc).__name__}: {exc}"
        )[:MAX_ERROR]
        return result


def _read(form: str, data: bytes, result: ParseResult) -> Document | None:
    if form == detect.DOC:
        from transform.readers.word import convert_doc

        converted = convert_doc(data)
        if converted is None:
            result.warnings.append(
                "unsupported: legacy Word file (.doc); install LibreOffice or antiword to read it"
            )
            return None
        data, form = converted
        if form == "text":
            data = data.decode("utf-8", errors="replace").encode("utf-8")
    if form in (detect.PDF, detect.IMAGE, detect.OFD):
        from transform.sandbox import run  # native code on untrusted bytes: limits, own process

        return run(read_fixed_layout, form, data)
    if form == detect.DOCX:
        from transform.readers.word import read_docx

        return read_docx(data)
    text, encoding = detect.decode(data)
    if encoding not in ("utf-8", "utf-8-sig"):
        result.warnings.append(f"decoded as {encoding}")
    if form == detect.HTML:
        from transform.readers.html import read_html

        return read_html(text, utf8=data if _exact_utf8(data, text, encoding) else None)
    from transform.readers.text import read_text

    return read_text(text)


def _exact_utf8(data: bytes, text: str, encoding: str) -> bool:
    """Whether `text` is `data` decoded as UTF-8 with nothing stripped or replaced (a decode
    that had to replace bytes leaves U+FFFD; a byte-order mark is stripped when decoded)."""
    return encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and "\ufffd" not in text


def read_fixed_layout(form: str, data: bytes) -> Document:
    """PDF (text layer, else OCR), image and OFD files → Document; runs in the sandbox."""
    if form == detect.IMAGE:
        from transform.readers.image import read_image

        return read_image(data)
    if form == detect.OFD:
        from transform.readers.ofd import read_ofd

        return read_ofd(data)
    from transform.readers.ocr import MIN_LAYER_CHARACTERS, is_scanned, read_scanned_pdf
    from transform.readers.pdf import read_pdf

    doc = read_pdf(data)  # first: its guard refuses drawing bombs before a page is parsed
    if len("".join(doc.lines())) < MIN_LAYER_CHARACTERS and is_scanned(data):
        return read_scanned_pdf(data)
    return doc


def _fill(result: ParseResult, doc: Document) -> None:
    result.warnings.extend(doc.warnings)
    all_lines = doc.lines()  # made once; the metadata reads the head and tail of it
    lines = head_and_tail(all_lines, _HEAD_LINES, _TAIL_LINES)
    result.title, result.agency, result.year = find_title(title_candidates(doc.title_hints, lines))
    if result.agency is None:
        # The page title named no agency; the report's own heading may sit far below the site
        # chrome: look through every short line (a same-year title naming one wins).
        title, agency, year = find_title(
            [*doc.title_hints, *(ln for ln in all_lines if len(ln) <= MAX_TITLE)]
        )
        if agency and result.year in (None, year):
            result.title, result.agency, result.year = title, agency, year
    if result.agency is None and doc.meta.get("ContentSource"):
        result.agency = doc.meta["ContentSource"]
        result.warnings.append("agency taken from the page's ContentSource metadata")
    if result.year is None:
        result.year = covered_year_from_body(head_and_tail(all_lines, 300))
        result.warnings.append(
            "title names no year"
            + (
                f"; covered year {result.year} taken from the body"
                if result.year
                else "; covered year unknown"
            )
        )
    elif not 2000 <= result.year <= date.today().year + 1:
        result.warnings.append(f"implausible covered year {result.year}")
    if result.agency is None:
        result.warnings.append("agency not found in the title, the body or the page metadata")
    result.published_date = published_date(
        head_and_tail(all_lines, _DATE_LINES, _TAIL_LINES), doc.meta, head=_DATE_LINES
    )
    result.source_url = doc.meta.get("SourceURL")

    items = assemble(doc)
    sections = locate(items, T3_VOCAB)
    t3_template = None
    if sections.t3:
        t3 = map_table3(items, *sections.t3, all_items=items)
        result.facts.extend(t3.facts)
        result.warnings.extend(t3.warnings)
        t3_template = t3.template
    else:
        result.warnings.append("table 3 not found")
    t2_facts, t2_template, t2_warnings = map_table2(items, *sections.t2, template_hint=t3_template)
    result.facts.extend(t2_facts)
    result.warnings.extend(t2_warnings)
    if sections.t4:
        t4_facts, t4_warnings = map_table4(items, *sections.t4)
        result.facts.extend(t4_facts)
        result.warnings.extend(t4_warnings)
    elif sections.t3:
        result.warnings.append("table 4 not found")

    if "2021" in (t2_template, t3_template):
        result.template = "2021"
    elif t2_template or t3_template:
        result.template = "2019"
    result.extraction = doc.extraction
    if doc.extraction == "text" and "segmented" in map(attrgetter("extraction"), result.facts):
        result.extraction = "segmented"
    tables = result.checked_tables()
    result.checks = [
        *table3_checks(tables.get("applications", {})),
        *table4_checks(tables.get("review_litigation", {})),
        *count_cell_checks(result.facts),
    ]
    if result.template is None:
        result.narrative, notes = narrative_numbers(doc.prose_lines(), result.year)
        result.warnings.extend(notes)
