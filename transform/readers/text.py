"""Plain text and markdown (from converters, OCR and web archivers) → Document.

Text exports put one table cell per line; PDF/OCR converters emit pipe tables whose cells may
have shifted, so markdown rows are kept as rows but never treated as a true grid
(`positional=False`). Everything else becomes a loose line; the table mappers reassemble rows.

Archived pages come as the text some tool pulled out of the HTML, each with its habits:
- an archiver's `key：value` header block on top (`archive_header`), which is metadata;
- every HTML text run its own line (BeautifulSoup `get_text('\\n')`): numbering torn from its
  label ('一' / '、本年新收…', '（' / '三' / '）') is joined back;
- the whole body one line, runs a space apart (`get_text(' ')`): split back into its runs;
- runs glued with no separator (`get_text()` on minified markup, tag-stripping): labels and
  digit runs are cut apart, and each digit run is marked `extraction="segmented"`, so the
  table mappers split it into cells by the table's identities (`transform.segment`);
- html2text pipe rows without outer pipes, and w3m/elinks ruled box tables whose cells wrap
  over several lines (a band between two rules is one row; each column's lines are joined).
"""

from __future__ import annotations

import re

from transform.layout import Cell, Document, Row
from transform.readers.archive_header import apply, read_header
from transform.segment import BLANK_MARK

_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_BARE_SEPARATOR = re.compile(r"^:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_HEADING = re.compile(r"^#{1,6}\s*")
HEADER_SCAN = 60  # lines searched for an archiver's block: a dozen keys plus page chrome

# One-line bodies: a line holding this many whitespace-separated numbers is a flattened
# table (a table row printed as a line has at most 15, table 4's), so it is split into runs.
FLAT_NUMBERS = 20
# Glued text: this many digit runs sit between two label characters with no space (a printed
# report shows a handful at most, '12345热线'; glued table 3 alone shows over twenty).
GLUED_MIN = 8
_CJK = "\u4e00-\u9fff"
_GLUE = re.compile(rf"[{_CJK}”）]\d[\d\s]*(?:\.\d+)?(?=[{_CJK}（]|\d[.．、][{_CJK}])")
# A digit run followed by one of these is a quantity or date in prose, not a table cell.
_UNIT_AFTER = frozenset("条件项个次人家元万亿年月日号名位份篇期批余多岁届点时分秒倍类页章节款版%‰")
_NOT_BEFORE = frozenset("〔[［(（【<《-/:：.#第_")
_NOT_AFTER = frozenset("〕]］)）】>》-/:：%_")
# Glued text keeps no block boundaries: a new block starts at numbering ('四、', '（一）', not
# '第（一）项') and at an article heading ('第二十条第（一）项'); a numbered part heading ends at
# its 情况/事项 ('四、…行政诉讼情况行政复议…'). A page-source break may sit inside any of them.
_BLOCK_START = re.compile(
    r"(?<![第一二三四五六七八九十])(?=[一二三四五六七八九十]{1,2}\s*、)"
    r"|(?<!第)(?=[（(]\s*[一二三四五六七八九十]{1,2}\s*[）)])"
    r"|(?=第[一二三四五六七八九十]{1,3}条)"
)
_PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,2}\s*、[^。；，]{2,40}?(?:情\s*况|事\s*项)")
# Digits, and what may sit between two of a run's cells: spaces (a blank's &nbsp; among them)
# or a minus sign (本年增/减); one way to match each, so a long gap costs linear time.
_RUN = re.compile(r"\d+(?:\.\d+)?(?:(?:[ \t\xa0\u3000]+-?|-)\d+(?:\.\d+)?)*")
# A glued run's pieces: digits between separators, and each &nbsp; (a blank cell's mark).
_RUN_PIECE = re.compile(r"-?\d+(?:\.\d+)?|\xa0")
_NUMBERING_AFTER = re.compile(r"\s*[.．、](?!\d)")
# An opening bracket alone on its line, a word ending in a slash ('本年增/' '减'), and a run
# that starts with the rest of a numbering ('、本年新收…' after '一', '.属于国家秘密' after
# '1', '）' after '（三') or with a slash ('本年增' '/减', '/' '减').
_JOIN_NEXT = re.compile(r"^(?:[（(]|.*[\u4e00-\u9fff][/／])$")
_JOINS_PREVIOUS = re.compile(r"^(?:[、.．](?!\d)|[）)])")
_CJK_END = re.compile(rf"[{_CJK}]\s*$")
_FRACTION = re.compile(r"^[.．]\d+$")
_CJK_PUNCT = rf"{_CJK}（）、，。：；“”《》"
_CJK_GAP = re.compile(rf"(?<=[{_CJK_PUNCT}])[ \t\r\n]+(?=[{_CJK_PUNCT}])")
_BOX_RULE = re.compile(r"^[\s┌┐└┘├┤┬┴┼─━═╪╞╡╤╧╔╗╚╝╠╣╦╩╬+|│-]+$")
_BOX_CHARS = frozenset("┌┐└┘├┤┬┴┼─━═")
_PART_RULE = re.compile(r"[├┼┬┴]?[─━═]{3,}")


def read_text(text: str) -> Document:
    doc = Document(form="text")
    lines = text.splitlines()
    header = read_header(lines[:HEADER_SCAN])
    if header is not None:
        apply(header, doc)
        del lines[header.start : header.end]
    lines = _join_fragments(_unflatten(lines))
    # counted over the whole text: a page-source line break may fall inside any run
    flat = " ".join(lines)
    glued = sum(flat[m.end()] not in _UNIT_AFTER for m in _GLUE.finditer(flat)) >= GLUED_MIN
    if glued:  # its line breaks are the page source's, between any two tags: whitespace
        flat = " ".join(line.strip(" \t\r\n") for line in lines)
        lines = [_CJK_GAP.sub("", flat)]  # '万 元', '情 况': a break between two runs of a word
    grid = -1
    in_table = bare_table = False
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if not line and BLANK_MARK in lines[i - 1] and not glued:
            # get_text('\n') without strip: a blank cell's &nbsp; on its own line marks the
            # cell; the row assembler keeps it where it stands in a run of values
            doc.rows.append(Row([Cell(BLANK_MARK, extraction="segmented")]))
            continue
        if line[:1] in _BOX_CHARS or (line.startswith("+-") and _BOX_RULE.match(line)):
            grid += 1
            end = _box_end(lines, i - 1)
            doc.rows.extend(Row(cells, grid=grid) for cells in _box_rows(lines[i - 1 : end]))
            i = end
            in_table = bare_table = False
            continue
        if line.startswith("|") and line.count("|") >= 2:
            if _SEPARATOR.match(line):
                continue
            if not in_table:
                grid += 1
                in_table = True
            inner = line[1:-1] if line.endswith("|") else line[1:]
            doc.rows.append(Row([Cell(c.strip()) for c in inner.split("|")], grid=grid))
            continue
        in_table = False
        if (
            _BARE_SEPARATOR.match(line)
            and doc.rows
            and (" | " in doc.rows[-1].cells[0].text or (i < len(lines) and " | " in lines[i]))
        ):
            # html2text: 'a | b | c' rows under a '---|---' rule (a '---' one under a table whose
            # first row is one merged cell), the line above its first row, a blank line after.
            grid += 1
            bare_table = True
            first_row = doc.rows.pop()
            doc.rows.append(Row(_bare_cells(first_row.cells[0].text), grid=grid))
            continue
        if bare_table and line:
            doc.rows.append(Row(_bare_cells(line), grid=grid))
            continue
        bare_table = False
        if glued:
            _add_glued(doc, line)
        else:
            doc.add_line(_HEADING.sub("", line))
    if doc.rows:
        first = doc.rows[0].texts[0] if doc.rows[0].cells else ""
        doc.title_hints.append(first)
    return doc


def _unflatten(lines: list[str]) -> list[str]:
    """A body printed as one line (runs a space apart) back into one run per line."""
    out: list[str] = []
    for line in lines:
        tokens = line.split()
        if sum(t.isdigit() for t in tokens) >= FLAT_NUMBERS:
            out.extend(tokens)
        else:
            out.append(line)
    return out


def _join_fragments(lines: list[str]) -> list[str]:
    """Fragments of one label or number split over lines by Word's revision runs, joined back:
    ('（' '三' '）'), ('一' '、本年…'), ('1' '.属于…'), ('本年增' '/' '减'), ('81' '.89')."""
    out: list[str] = []
    pending = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            if not pending:
                out.append(raw)
            continue
        if pending:
            line, pending = pending + line, ""
        elif out and _continues(out[-1].strip(), line):
            line = out.pop().strip() + line
        if _JOIN_NEXT.match(line):
            pending = line
            continue
        out.append(line)
    if pending:
        out.append(pending)
    return out


def _continues(previous: str, line: str) -> bool:
    """Whether a line is the rest of the one above: no label or value starts with 、, a closing
    bracket or a slash, and a decimal's digits never start a cell ('.89')."""
    if not previous:
        return False
    if _JOINS_PREVIOUS.match(line):
        return len(previous) <= 4  # after a numbering: '一', '1', '（三'
    if line[0] in "/／":
        return bool(_CJK_END.search(previous))
    return bool(_FRACTION.match(line)) and previous.isdigit()


def _bare_cells(line: str) -> list[Cell]:
    return [Cell(c.strip()) for c in line.strip().strip("|").split("|")]


def _add_glued(doc: Document, line: str) -> None:
    """Cut a glued line into blocks, each into label text and digit runs; a run becomes a row
    of cells (its whitespace-separated pieces) marked for the table mappers to segment."""
    for block in _BLOCK_START.split(line):
        heading = _PART_HEADING.match(block)
        if heading:
            doc.add_line(heading.group())
            block = block[heading.end() :]
        _add_runs(doc, block)


def _add_runs(doc: Document, line: str) -> None:
    start = 0
    for m in _RUN.finditer(line):
        run_start, run_end = m.start(), m.end()
        before = line[:run_start].rstrip()[-1:]
        after = line[run_end:].lstrip()[:1]
        if (
            before in _NOT_BEFORE
            or after in _NOT_AFTER
            or after in _UNIT_AFTER
            or (before.isascii() and before.isalpha())
            or (after.isascii() and after.isalpha())
        ):
            continue
        if _NUMBERING_AFTER.match(line, run_end):
            run_end -= 1  # '…00000002.其他法律…': the last digit numbers the next label
            while run_end > run_start and not line[run_end - 1].isdigit():
                run_end -= 1
        if run_end <= run_start:
            continue
        doc.add_line(line[start:run_start])
        doc.rows.append(
            Row(
                [Cell(piece, extraction="segmented") for piece in _RUN_PIECE.findall(line[run_start:run_end])]
            )
        )
        start = run_end
    doc.add_line(line[start:])


def _box_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines):
        line = lines[end].strip()
        if not line or not (line[0] in "│|" or _BOX_RULE.match(line)):
            break
        end += 1
    return end


def _box_rows(lines: list[str]) -> list[list[Cell]]:
    """A ruled table's rows: each band of lines between rules, its columns' lines joined."""
    rows: list[list[Cell]] = []
    band: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        if (_BOX_RULE.match(line) and any(ch in line for ch in "─━═-")) or _PART_RULE.search(line):
            # a rule, or a rule under some columns beside a merged cell's text ('│予公开  ├───┼'):
            # the merged cell's words are a group heading; the band above ends here
            rows.extend(_band(band))
            band = []
            continue
        band.append([c.strip() for c in re.split(r"[│|]", line)[1:-1]])
    rows.extend(_band(band))
    return rows


def _band(band: list[list[str]]) -> list[list[Cell]]:
    if not band:
        return []
    width = max(len(cells) for cells in band)
    columns = ["".join(cells[i] for cells in band if i < len(cells)) for i in range(width)]
    return [[Cell(text) for text in columns]] if any(columns) else []
