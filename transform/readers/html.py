"""HTML pages (whole saved pages, site chrome included, Word exports) → Document.

Leaf tables (tables holding no other table) are the data tables — outer tables are page
layout — and are expanded into true grids in place, so rows keep their reading order relative
to the headings around them. A cell's text joins its inline runs (a label split over ten
`<span>`s reads as one), while text outside tables comes one text node per line: enough for
headings and titles, and cheap. Prose read sentence by sentence (pre-2019 narrative reports)
needs block-aware lines; `prose_lines` rebuilds those only when asked.
"""

from __future__ import annotations

import re
from itertools import islice

import numpy as np
from selectolax.lexbor import LexborHTMLParser, LexborNode

from transform.grid import expand_spans
from transform.layout import Cell, Document, Row, plain_cells
from transform.normalize import squash
from transform.readers.archive_header import apply, read_header, saved_page_url


def _anycase(word: str) -> str:
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else c for c in word)


_BLOCK_TAGS = (
    "p",
    "div",
    "tr",
    "td",
    "th",
    "li",
    "ul",
    "ol",
    "h[1-6]",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "dl",
    "blockquote",
    "pre",
    "center",
    "form",
    "nav",
    "aside",
    "caption",
    "title",
)
# Zero-width match before a block tag, so the replacement is a plain string (re's fast path).
_BLOCK = re.compile(r"<(?=/?(?:" + "|".join(_anycase(t) for t in _BLOCK_TAGS) + r")\b|[bB][rR]\b)")
MAX_DEPTH = 512
_MANY_TAGS = 20_000  # below this many tags nesting cannot get costly; skip the check
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)[^>]*>")
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
_MARK = "\ue000"  # a private-use character no page contains
_META_NAMES = {n.lower(): n for n in ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName")}
_DROP = ["script", "style", "noscript", "template", "head"]
_CELL_TAGS = ("td", "th")
_ROW_GROUPS = ("thead", "tbody", "tfoot")
_LT = ord("<")
_HEADER_ROWS = 60  # rows searched for an archiver's block at the top of a saved page's body


def read_html(text: str, utf8: bytes | None = None) -> Document:
    """The page as rows; `utf8` is the page's own bytes when `text` is exactly their UTF-8
    decoding: lexbor parses UTF-8, so they are handed over as they are (encoding a 100 KB
    page again costs as much as decoding it)."""
    doc = Document(form="html")
    if (text.count("<") if utf8 is None else _count_lt(utf8)) > _MANY_TAGS:
        text, flattened = flatten_deep_nesting(text)
        if flattened:
            doc.warnings.append(f"markup nested deeper than {MAX_DEPTH} levels was flattened")
            utf8 = None  # the bytes no longer say what the text does
    tree = LexborHTMLParser(text if utf8 is None else utf8)
    canonical = _read_hints(tree, doc)
    tree.strip_tags(_DROP)
    spans = _spans(tree)
    grids: list[list[list[Cell]]] = []
    for table in _leaf_tables(tree):
        grids.append(_grid(table, spans))
        table.replace_with(f"\n{_MARK}{len(grids) - 1}{_MARK}\n")
    root = tree.body or tree.root
    body = root.text(separator="\n") if root is not None else ""
    rows = doc.rows
    for line in filter(None, map(str.strip, body.split("\n"))):
        if line[0] == _MARK and line[-1] == _MARK and line[1:-1].isdigit():
            index = int(line[1:-1])
            rows.extend(Row(cells, grid=index, positional=True) for cells in grids[index])
        else:
            rows.append(Row(plain_cells((line,))))
    _archive_header(doc, text, canonical)
    doc.prose = lambda: prose_lines(text)
    return doc


def _read_hints(tree: LexborHTMLParser, doc: Document) -> list[str]:
    """The page's metadata (`<meta name=…>`) and title hints (`<title>`, `<h1>`, `<h2>`) into
    `doc`; returns the canonical links' URLs. One walk by tag name per tag: lexbor finds
    elements by tag in 0.23 M instructions a page, where one CSS walk matching the five
    selectors took 0.58 M. The filters are the selectors' (`meta[name]`: the attribute is
    there, even empty; `link[rel=canonical]`: the value, ASCII case ignored, as lexbor does)."""
    for node in tree.tags("meta"):
        attrs = node.attributes  # a dict: `node.attrs.get` raises and catches a missing one
        if "name" not in attrs:
            continue
        name, content = attrs["name"] or "", (attrs.get("content") or "").strip()
        if name.lower() in _META_NAMES and content:
            doc.meta.setdefault(_META_NAMES[name.lower()], content)
    if "ArticleTitle" in doc.meta:
        doc.title_hints.append(" ".join(doc.meta["ArticleTitle"].split()))
    for tag in ("title", "h1", "h2"):
        hints = (" ".join(node.text().split()) for node in tree.tags(tag))
        doc.title_hints.extend(islice(filter(None, hints), 3))
    return [
        (attrs.get("href") or "").strip()
        for attrs in (node.attributes for node in tree.tags("link"))
        if (attrs.get("rel") or "").lower() == "canonical"
    ]


def _count_lt(data: bytes) -> int:
    """How many '<' the bytes hold: bytes.count looks at a byte at a time, numpy compares them
    in vector registers (a 100 KB page: ~50 µs against ~15 µs)."""
    return int(np.count_nonzero(np.frombuffer(data, dtype=np.uint8) == _LT))


def _archive_header(doc: Document, markup: str, canonical: list[str]) -> None:
    """A saved page's archiver block (a <div> of 标题：… lines atop the body) and the original
    URL a 'saved from' comment or the page's canonical link names: metadata, not report text."""
    header = read_header([" ".join(r.texts) for r in doc.rows[:_HEADER_ROWS]])
    if header is not None:
        del doc.rows[header.start : header.end]
        apply(header, doc)
    for url in (saved_page_url(markup), *canonical):
        if url and url.lower().startswith(("http://", "https://")):
            doc.meta.setdefault("SourceURL", url)


def flatten_deep_nesting(text: str) -> tuple[str, int]:
    """Drop tags nested deeper than MAX_DEPTH (and their end tags); returns (text, dropped).

    An HTML tree builder checks the stack of open elements for each tag, so hostile nesting
    (50,000 open <div>s) costs quadratic time. No real report nests beyond a few dozen.
    """
    stack: list[tuple[str, bool]] = []
    keep: list[str] = []
    last = dropped = 0
    for m in _TAG.finditer(text):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name in _VOID:
            continue
        if not closing:
            drop = len(stack) >= MAX_DEPTH
            stack.append((name, drop))
        else:
            drop = False
            for i in range(len(stack) - 1, max(-1, len(stack) - 64), -1):
                if stack[i][0] == name:
                    drop = stack[i][1]
                    del stack[i:]
                    break
        if drop:
            keep.append(text[last : m.start()])
            last = m.end()
            dropped += 1
    keep.append(text[last:])
    return ("".join(keep), dropped) if dropped else (text, 0)


def prose_lines(text: str) -> list[str]:
    """Block-aware text lines: inline runs joined, paragraphs and cells apart."""
    tree = LexborHTMLParser(_BLOCK.sub("\n<", " ".join(text.split())))
    tree.strip_tags(_DROP)
    root = tree.body or tree.root
    body = root.text(separator="") if root is not None else ""
    return [line.strip() for line in body.split("\n") if line.strip()]


def _leaf_tables(tree: LexborHTMLParser) -> list[LexborNode]:
    """Tables holding no other table, in document order, found in one pass over the tags: a
    table holds another exactly when the next table in document order lies inside it."""
    tables = tree.tags("table")
    return [
        table
        for i, table in enumerate(tables)
        if i + 1 == len(tables) or not _inside(tables[i + 1], table.mem_id)
    ]


def _inside(node: LexborNode, ancestor: int) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.mem_id == ancestor:
            return True
        parent = parent.parent
    return False


def _spans(tree: LexborHTMLParser) -> dict[int, dict[int, tuple[int, int]]]:
    """Every cell of the page that spans more than itself: {row node: {index in the row:
    (rowspan, colspan)}}. Reading attributes is the costly part of a cell, so only cells with
    a span attribute are asked (one attribute selector over the page; a spanning element that
    is no cell is dropped by its tag), and each is placed in its row by its siblings."""
    spans: dict[int, dict[int, tuple[int, int]]] = {}
    for node in tree.css("[rowspan],[colspan]"):
        row = node.parent  # each node property access makes a new Python object: asked once
        if node.tag not in _CELL_TAGS or row is None:
            continue
        attrs = node.attributes  # a dict: a cell has one of the two spans, `attrs.get` would raise
        span = (_span(attrs.get("rowspan")), _span(attrs.get("colspan")))
        if span == (1, 1):
            continue
        index, before = 0, node.prev
        while before is not None:  # a row's cells are its children other than text nodes
            index += not before.is_text_node
            before = before.prev
        spans.setdefault(row.mem_id, {})[index] = span
    return spans


def _grid(table: LexborNode, spans: dict[int, dict[int, tuple[int, int]]]) -> list[list[Cell]]:
    """A leaf table's cells, read once each, expanded into a true grid."""
    # An HTML parser puts every row of a table in a row group (thead, tbody, tfoot) and keeps
    # only td/th (and comments) as non-text children of a tr; an empty <tr> is still a row a
    # rowspan can cover. Most cells hold no whitespace: their text is taken as it is.
    trs = [
        tr
        for group in table.iter(include_text=False)
        if group.tag in _ROW_GROUPS
        for tr in group.iter(include_text=False)
    ]
    texts = [
        [t if (t := td.text_lexbor()).isalnum() else squash(t) for td in tr.iter(include_text=False)]
        for tr in trs
    ]
    at = {r: row_spans for r, tr in enumerate(trs) if (row_spans := spans.get(tr.mem_id))} if spans else {}
    return expand_spans(texts, at)


def _span(value: str | None) -> int:
    if not value:
        return 1
    if value.isascii() and value.isdigit() and len(value) <= 6:
        return int(value)  # the common case: a plain number
    digits = "".join(ch for ch in value.strip()[:6] if ch.isdigit())
    return int(digits) if digits else 1
