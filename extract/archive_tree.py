"""Folder archives: one folder per page, as public crawls of government sites are saved.

An archiver that saves a page writes a folder: the page as fetched (`page.html`), its text
(`page.txt`, usually opening with a header block `标题：… 发布时间：… 原始链接：…`), a list of
its links (`links.txt` / `links.json`), sometimes a metadata file (`meta.json`) and the files
it attached, saved beside it. A folder holding a `page.*` file is read as one page:

- the page is `page.html` when there is one, else `page.txt` (the text is the lesser copy);
- its original URL and fetch time come from the metadata file, else from the header block;
  without either, the page is cited by its path and its fetch time is the file's mtime;
- each attached file is matched to its URL through the links list, then the page's own
  links, by file name (as saved) or by link text;
- which of them are reports follows the crawl's rules (`extract.crawl.describe_detail`,
  `file_meta`, `extract.filetypes`): the archiver's title stands in for the list's link text.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from core.decode import decode_html
from core.sniff import sniff
from core.titles import looks_like_report, report_year
from extract.archive import Archive, Capture
from extract.crawl import describe_detail, file_meta
from extract.detail import read_detail
from extract.fetcher import FRESH, REJECTED, Page
from extract.filetypes import DOCUMENT_EXTENSIONS, document_problem
from extract.urls import AllowList
from extract.warc import warc_time

PAGE_FILES = ("page.html", "page.htm", "page.txt")
META_FILES = ("meta.json", "metadata.json", "page.json", "info.json")
LINK_FILES = ("links.txt", "links.json", "links.tsv", "links.csv", "links.md")
URL_FILE = "url.txt"
# Header-block and metadata keys, compared case-folded with spaces and underscores removed.
URL_KEYS = (
    "原始链接",
    "原文链接",
    "原文地址",
    "链接",
    "网址",
    "来源链接",
    "url",
    "sourceurl",
    "originalurl",
    "link",
)
FETCHED_KEYS = (
    "抓取时间",
    "采集时间",
    "fetchedat",
    "fetched",
    "crawledat",
    "crawltime",
    "fetchtime",
    "capturedat",
)
TITLE_KEYS = ("标题", "title")
PUBLISHED_KEYS = ("发布时间", "发布日期", "日期", "published", "publishdate", "publisheddate", "date")
# A header block sits within the first lines; a field is `key：value`, half or full width.
HEADER_LINES = 20
_FIELD = re.compile(r"^\s*([^：:\s][^：:]{0,24}?)\s*[：:]\s*(.+?)\s*$")
_SEPARATOR = re.compile(r"^\s*[-=_*—─]{3,}\s*$")
_URL = re.compile(r"https?://[^\s\"'<>)\]]+")
_SKIPPED = (*PAGE_FILES, *META_FILES, *LINK_FILES, URL_FILE)


def _fold(key: str) -> str:
    return re.sub(r"[\s_\-]", "", key).casefold()


@dataclass(frozen=True)
class TreeFile:
    path: Path
    url: str | None = None
    link_text: str = ""


@dataclass
class TreePage:
    """One saved page: which file holds it, what the archiver recorded, what it attached."""

    folder: Path
    page: Path
    url: str | None = None
    fetched_at: str = ""
    title: str = ""
    published: str = ""
    files: list[TreeFile] = field(default_factory=list)


def is_page_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in PAGE_FILES)


def header_block(text: str) -> dict[str, str]:
    """The archiver's `key：value` lines before the body (folded keys → values)."""
    found: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines()[:HEADER_LINES]:
        if not line.strip():
            if found:
                break
            continue
        if _SEPARATOR.match(line):
            break
        match = _FIELD.match(line)
        if match is None:
            break
        found.setdefault(_fold(match.group(1)), match.group(2))
    return found


def _pick(fields: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = fields.get(_fold(key))
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return ""


def _metadata(folder: Path) -> dict[str, Any]:
    for name in META_FILES:
        path = folder / name
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError):
                continue
            if isinstance(loaded, dict):
                return {_fold(str(k)): v for k, v in loaded.items()}
    url_file = folder / URL_FILE
    if url_file.is_file():
        match = _URL.search(url_file.read_text(encoding="utf-8", errors="replace"))
        if match:
            return {"url": match.group(0)}
    return {}


def _links(folder: Path) -> list[tuple[str, str]]:
    """(url, text) pairs from the links list, whatever its layout (one link a line with the
    text before or after the URL, Markdown, or JSON objects, pairs or strings)."""
    for name in LINK_FILES:
        path = folder / name
        if not path.is_file():
            continue
        raw = path.read_text(encoding="utf-8-sig", errors="replace")
        if name.endswith(".json"):
            try:
                return _json_links(json.loads(raw))
            except ValueError:
                return []
        pairs = []
        for line in raw.splitlines():
            match = _URL.search(line)
            if match:
                text = (line[: match.start()] + " " + line[match.end() :]).strip(" \t,|[]()-:：")
                pairs.append((match.group(0), text))
        return pairs
    return []


def _json_links(loaded: Any) -> list[tuple[str, str]]:
    items = loaded.get("links", loaded) if isinstance(loaded, dict) else loaded
    if isinstance(items, dict):
        return [(str(v), str(k)) for k, v in items.items() if _URL.match(str(v))]
    pairs = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, str) and _URL.match(item):
            pairs.append((item, ""))
        elif isinstance(item, dict):
            folded = {_fold(str(k)): v for k, v in item.items()}
            url = _pick(folded, ("url", "href", "link"))
            if _URL.match(url):
                pairs.append((url, _pick(folded, ("text", "title", "name", "label"))))
    return pairs


def _attached(folder: Path) -> list[Path]:
    """Files saved beside the page (and in its sub-folders that are not pages themselves)."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if len(relative.parts) == 1 and path.name.lower() in _SKIPPED:
            continue
        if any(is_page_folder(folder.joinpath(*relative.parts[:i])) for i in range(1, len(relative.parts))):
            continue
        found.append(path)
    return found


def _match(path: Path, links: list[tuple[str, str]]) -> tuple[str | None, str]:
    for url, text in links:
        name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        if name and name == path.name:
            return url, text
    for url, text in links:
        if text and text in (path.name, path.stem):
            return url, text
    return None, ""


def read_page_folder(folder: Path) -> TreePage:
    """What the folder says about its page (see the module docstring)."""
    page = next(folder / name for name in PAGE_FILES if (folder / name).is_file())
    text_file = folder / "page.txt"
    header = (
        header_block(text_file.read_text(encoding="utf-8", errors="replace")) if text_file.is_file() else {}
    )
    meta = _metadata(folder)
    url = _pick(meta, URL_KEYS) or _pick(header, URL_KEYS)
    url_match = _URL.match(url)
    fetched = warc_time(_pick(meta, FETCHED_KEYS) or _pick(header, FETCHED_KEYS))
    if not fetched:
        mtime = datetime.fromtimestamp(page.stat().st_mtime, UTC)
        fetched = mtime.isoformat(timespec="seconds")
    tree = TreePage(folder, page, url_match.group(0) if url_match else None, fetched)
    tree.title = _pick(meta, TITLE_KEYS) or _pick(header, TITLE_KEYS)
    tree.published = _pick(meta, PUBLISHED_KEYS) or _pick(header, PUBLISHED_KEYS)
    links = _links(folder)
    if page.suffix != ".txt" and tree.url:
        body = decode_html(page.read_bytes(), "text/html")[0]
        links += [(a.url, a.text) for a in read_detail(tree.url, body).attachments]
    for path in _attached(folder):
        link_url, text = _match(path, links)
        tree.files.append(TreeFile(path, link_url, text))
    return tree


def _where(path: Path, url: str | None) -> str:
    return url or str(path.absolute())


def tree_captures(tree: TreePage, archive: Archive) -> list[Capture]:
    """Archive the page and its files; one capture each, described by the crawl's rules."""
    data = tree.page.read_bytes()
    where = _where(tree.page, tree.url)
    provenance = {"archive_folder": str(tree.folder.absolute()), "archive_file": tree.page.name}
    if tree.page.suffix == ".txt":
        lines = [ln.strip() for ln in data.decode("utf-8", errors="replace").splitlines() if ln.strip()]
        head = [ln for ln in lines[:HEADER_LINES] if not _FIELD.match(ln)]
        title = tree.title or (head[0] if head else "")
        meta: dict[str, Any] = {
            "title": title,
            "published_date": tree.published,
            "year": report_year(title),
            "is_report": looks_like_report(title),
            "attachment_only": False,
        }
    else:
        page = Page(where, FRESH, body=data, content_type="text/html", final_url=where)
        allow = AllowList.for_url(where) if tree.url else AllowList.of(())
        meta = describe_detail(page, tree.title, None, allow)
    captures = [
        Capture(
            url=where,
            sha256=archive.put(data),
            size=len(data),
            fetched_at=tree.fetched_at,
            role="detail",
            meta={**meta, **provenance},
        )
    ]
    for found in tree.files:
        body = found.path.read_bytes()
        kind = sniff(body)
        if (
            kind not in ("pdf", "ole", "zip")
            and found.path.suffix.lower().lstrip(".") not in DOCUMENT_EXTENSIONS
        ):
            continue  # images, style sheets: not documents
        problem = document_problem(body)
        captures.append(
            Capture(
                url=_where(found.path, found.url),
                sha256=archive.put(body),
                size=len(body),
                fetched_at=tree.fetched_at,
                outcome=REJECTED if problem else FRESH,
                reason=problem or "",
                role="attachment",
                parent_url=where,
                meta={
                    **file_meta(found.link_text, where, meta.get("title") or ""),
                    "kind": kind,
                    "archive_folder": provenance["archive_folder"],
                    "archive_file": str(found.path.relative_to(tree.folder)),
                },
            )
        )
    return [archive.record(c) for c in captures]
