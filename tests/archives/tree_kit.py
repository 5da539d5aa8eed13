"""Folder archives written from a crawl's reports, the way archivers of public crawls save them.

One folder per page: `page.html` as fetched, `page.txt` as a tag-stripping archiver writes it
(a header block `标题：… 发布时间：… 原始链接：…`, a rule, then one text run per line), the
page's links, and its attachments saved under their own file names. The folders vary the
habits: a `meta.json` with the URL and the fetch time (and no URL in the header), the URL and
time only in the header block with a JSON links list, and a page kept only as text with a
Markdown links list. A list page is saved too: it is no report and must not load.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from core.decode import decode_html
from extract.archive import Archive, Capture


@dataclass
class Tree:
    root: Path
    pages: dict[str, str] = field(default_factory=dict)  # original URL -> habit
    fetched: dict[str, str] = field(default_factory=dict)  # original URL -> fetch time written
    list_page: str = ""


def _text(html: bytes, content_type: str) -> str:
    tree = LexborHTMLParser(decode_html(html, content_type)[0])
    return tree.body.text(separator="\n") if tree.body else ""


def _header(capture: Capture, with_url: bool) -> str:
    lines = [f"标题：{capture.meta.get('title', '')}", f"发布时间：{capture.meta.get('published_date', '')}"]
    if capture.meta.get("publisher"):
        lines.append(f"发布机构：{capture.meta['publisher']}")
    if with_url:
        lines += [f"原始链接：{capture.url}", f"抓取时间：{capture.fetched_at}"]
    return "\n".join(lines) + "\n" + "-" * 40 + "\n"


def _name(url: str) -> str:
    return unquote(urlsplit(url).path.rsplit("/", 1)[-1])


def write_tree(archive: Archive, root: Path, sources: tuple[str, ...]) -> Tree:
    captures = [c for c in archive.captures() if c.source in sources and c.sha256]
    pages = [
        c
        for c in captures
        if c.role == "detail" and (c.meta.get("is_report") or c.meta.get("attachment_only"))
    ]
    files = [c for c in captures if c.role == "attachment" and c.outcome == "ok"]
    tree = Tree(root)
    for n, page in enumerate(pages):
        folder = root / urlsplit(page.url).hostname / f"{n:03d}"
        folder.mkdir(parents=True)
        habit = ("meta.json", "header", "text only")[n % 3]
        html = archive.read(page.sha256)
        text = _header(page, with_url=habit != "meta.json") + _text(
            html, page.headers.get("content-type", "")
        )
        folder.joinpath("page.txt").write_text(text, encoding="utf-8")
        if habit != "text only":
            folder.joinpath("page.html").write_bytes(html)
        attached = [f for f in files if f.parent_url == page.url]
        links = [(f.meta.get("link_text", ""), f.url) for f in attached]
        if habit == "meta.json":
            meta = {"url": page.url, "title": page.meta.get("title"), "crawled_at": page.fetched_at}
            folder.joinpath("meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
            folder.joinpath("links.txt").write_text(
                "".join(f"{t}\t{u}\n" for t, u in links), encoding="utf-8"
            )
        elif habit == "header":
            rows = [{"text": t, "href": u} for t, u in links]
            folder.joinpath("links.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        else:
            folder.joinpath("links.md").write_text(
                "".join(f"- [{t}]({u})\n" for t, u in links), encoding="utf-8"
            )
        for f in attached:
            folder.joinpath(_name(f.url)).write_bytes(archive.read(f.sha256))
            tree.pages[f.url], tree.fetched[f.url] = f"attachment ({habit})", page.fetched_at
        tree.pages[page.url], tree.fetched[page.url] = habit, page.fetched_at
    listing = next(c for c in captures if c.role == "list" and c.outcome == "ok")
    folder = root / "list"
    folder.mkdir()
    folder.joinpath("page.html").write_bytes(archive.read(listing.sha256))
    folder.joinpath("page.txt").write_text(
        f"标题：年度报告\n原始链接：{listing.url}\n----\n" + _text(archive.read(listing.sha256), ""),
        encoding="utf-8",
    )
    tree.list_page = listing.url
    return tree
