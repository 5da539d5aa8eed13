"""HTML pages (whole saved pages, site chrome included, Word exports) → Document.

Block-level tags become line breaks before parsing, so a label split over ten inline `<span>`s
reads as one line while paragraphs stay apart. Leaf tables (tables holding no other table) are
the data tables — outer tables are page layout — and are expanded into true grids in place, so
rows keep their reading order relative to the headings around them.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from transform.grid import expand
from transform.layout import Cell, Document, Row
from transform.normalize import squash

_WS = re.compile(r"[ \t\r\n\f]+")
_BLOCK = re.compile(
    r"<(?:/?(?:p|div|tr|td|th|li|ul|ol|h[1-6]|table|tbody|thead|tfoot|section|article|header"
    r"|footer|dd|dt|dl|blockquote|pre|center|form|nav|aside|caption|title)\b[^>]*|br\b[^>]*)>",
    re.I,
)
_MARK = "\ue000"  # a private-use character no page contains
_TITLE_SELECTORS = ('meta[name="ArticleTitle"]', 'meta[name="articletitle"]', "h1", "h2", "title")
_META_NAMES = ("ArticleTitle", "PubDate", "ContentSource", "SiteName", "ColumnName")


def read_html(text: str) -> Document:
    doc = Document(form="html")
    text = _BLOCK.sub("\n\\g<0>", _WS.sub(" ", text))
    tree = LexborHTMLParser(text)
    for name in _META_NAMES:
        node = tree.css_first(f'meta[name="{name}"]')
        if node is not None and node.attributes.get("content"):
            doc.meta[name] = node.attributes["content"].strip()
    for selector in _TITLE_SELECTORS:
        for node in tree.css(selector)[:3]:
            hint = node.attributes.get("content") if node.tag == "meta" else node.text()
            if hint and hint.strip():
                doc.title_hints.append(hint.strip())
    tree.strip_tags(["script", "style", "noscript", "template", "head"])
    grids: list[list[list[Cell]]] = []
    for table in tree.css("table"):
        if len(table.css("table")) > 1:  # css() matches the node itself too
            continue  # a layout table: its text flows as lines, its inner tables are read alone
        grids.append(_grid(table))
        table.replace_with(f"\n{_MARK}{len(grids) - 1}{_MARK}\n")
    root = tree.body or tree.root
    body = root.text(separator="") if root is not None else ""
    for line in body.split("\n"):
        line = line.strip()
        if line.startswith(_MARK) and line.endswith(_MARK) and line[1:-1].isdigit():
            index = int(line[1:-1])
            doc.rows.extend(Row(cells, grid=index, positional=True) for cells in grids[index])
        else:
            doc.add_line(line)
    return doc


def _grid(table) -> list[list[Cell]]:
    source_rows = []
    for tr in table.css("tr"):
        cells = []
        for td in tr.iter():
            if td.tag not in ("td", "th"):
                continue
            attrs = td.attributes
            cells.append((squash(td.text(separator="")), _span(attrs.get("rowspan")),
                          _span(attrs.get("colspan"))))
        if cells:
            source_rows.append(cells)
    return expand(source_rows)


def _span(value: str | None) -> int:
    if not value:
        return 1
    digits = "".join(ch for ch in value.strip()[:6] if ch.isdigit())
    return int(digits) if digits else 1
