"""An archiver's header block (标题：… 发布时间：… 原始链接：…) read as the page's metadata.

Public crawls save each page with a block of `key：value` lines in front of its text (or as a
`<div>` at the top of the saved page's body): the title, dates, the publishing agency, the
original URL. Read as text, that block leaks into the title (an agency '标题:三明市') and the
report's real provenance is lost. Here it is recognised wherever it opens the text — full- or
half-width colons, spaced-out keys (标 题), English keys, a key and its value on lines of their
own (a tag-stripper's `<strong>标题：</strong>…`), several pairs on one line, a separator line
under it — and turned into fields. A value decides what an ambiguous key means: 来源 with a
URL is the original link, with a name the publisher; a capture time is never the publication
date. Saved-page comments (`<!-- saved from url=… -->`, HTTrack's 'Mirrored from', SingleFile's
`url:`) give the original URL of an HTML page.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from transform.layout import Document

# Canonical field -> the keys archivers and CMS metadata blocks print for it (compared without
# spaces, lower-cased, after NFKC). Collected from the archive blocks and page metadata blocks
# in ../shared/SITES.md §2.1 and the corpus page shuyang-drc-2023, plus common English ones.
KEYS: dict[str, tuple[str, ...]] = {
    "title": (
        "标题",
        "题目",
        "文章标题",
        "页面标题",
        "网页标题",
        "名称",
        "title",
        "pagetitle",
        "subject",
        "headline",
    ),
    "published": (
        "发布时间",
        "发布日期",
        "发文日期",
        "成文日期",
        "公开日期",
        "生成日期",
        "公文生成日期",
        "印发日期",
        "日期",
        "时间",
        "date",
        "published",
        "publishdate",
        "publisheddate",
        "publicationdate",
        "pubdate",
        "releasedate",
        "datepublished",
    ),
    "captured": (
        "采集时间",
        "采集日期",
        "抓取时间",
        "抓取日期",
        "爬取时间",
        "保存时间",
        "保存日期",
        "存档时间",
        "归档时间",
        "下载时间",
        "获取时间",
        "captured",
        "capturedat",
        "capturedate",
        "crawled",
        "crawledat",
        "crawldate",
        "fetched",
        "fetchedat",
        "saved",
        "savedat",
        "saveddate",
        "archived",
        "archivedat",
        "retrieved",
        "retrievedat",
        "accessed",
        "timestamp",
    ),
    "publisher": (
        "发布机构",
        "发布单位",
        "发文机关",
        "发文单位",
        "发文机构",
        "主办单位",
        "单位",
        "机构",
        "来源",
        "信息来源",
        "来源单位",
        "publisher",
        "agency",
        "organization",
        "organisation",
        "author",
        "source",
        "sitename",
    ),
    "doc_number": (
        "文号",
        "发文字号",
        "文件编号",
        "发文文号",
        "备注/文号",
        "documentnumber",
        "docno",
        "documentno",
    ),
    "index_number": ("索引号", "indexnumber", "indexno", "index"),
    "column": (
        "栏目",
        "所属栏目",
        "栏目名称",
        "分类",
        "主题分类",
        "信息分类",
        "column",
        "category",
        "section",
        "channel",
    ),
    "url": (
        "原始链接",
        "原文链接",
        "原始网址",
        "原文网址",
        "原文地址",
        "原始地址",
        "原始url",
        "链接",
        "网址",
        "页面地址",
        "网页地址",
        "来源链接",
        "来源网址",
        "url",
        "sourceurl",
        "originalurl",
        "pageurl",
        "link",
        "href",
        "uri",
        "location",
        "permalink",
    ),
}
_FIELD_OF = {key: name for name, keys in KEYS.items() for key in keys}
META_NAMES = {
    "title": "ArchiveTitle",
    "published": "PubDate",
    "publisher": "ContentSource",
    "url": "SourceURL",
    "doc_number": "DocumentNumber",
    "index_number": "IndexNumber",
    "column": "ColumnName",
    "captured": "CapturedAt",
}
MIN_KNOWN_KEYS = 2  # one 'key：value' line is prose as often as not; two known keys are a block
MAX_LEAD_LINES = 2  # lines (the page title, a site name) allowed above the block
MAX_BLOCK_LINES = 40
MAX_KEY = 12  # characters; longer text before a colon is a sentence, not a key
MAX_UNKNOWN_KEYS = 4  # other short keys inside a block (关键词, 有效性 …), read and ignored

_COLON = r"\s*[:：]\s*"
_PAIR = re.compile(
    rf"^[•·\-*\s]*(?:[【\[](?P<bracketed>[^】\]:：]{{1,{MAX_KEY}}})[】\]]\s*[:：]?\s*"
    rf"|(?P<key>[^:：\s【\[][^:：]{{0,{MAX_KEY * 2}}}?){_COLON})\**(?P<value>.*)$"
)
_SEPARATOR = re.compile(r"^\s*(?:[-=—–_*#~·.─━]{3,}|正文\s*[:：]?)\s*$")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_SAVED_FROM = (
    re.compile(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I),
    re.compile(r"<!--\s*Mirrored from (\S+) by HTTrack", re.I),
    re.compile(r"<!--[^>]*?Page saved with SingleFile\s+url:\s*(\S+)", re.I),
)


@dataclass
class Header:
    """The fields a block gave (canonical names), and where in the lines it sat."""

    fields: dict[str, str] = field(default_factory=dict)
    start: int = 0
    end: int = 0  # first line after the block (its separator included)


def key_field(key: str) -> str | None:
    """The canonical field a printed key names ('标 题' and 'Source URL' included), if known."""
    norm = "".join(unicodedata.normalize("NFKC", key).split()).lower().strip("【】[]<>()（）")
    return _FIELD_OF.get(norm)


def read_header(lines: list[str]) -> Header | None:
    """The archiver's block opening these lines (within the first few), if there is one."""
    seen = 0
    for start, line in enumerate(lines):
        if not line.strip():
            continue
        header = _block_at(lines, start)
        if header is not None:
            return header
        seen += 1
        if seen > MAX_LEAD_LINES:
            return None
    return None


def _block_at(lines: list[str], start: int) -> Header | None:
    header = Header(start=start)
    known = unknown = 0
    i = start
    while i < len(lines) and i - start < MAX_BLOCK_LINES:
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if _SEPARATOR.match(line):
            if known:
                i += 1
            break
        pairs = _pairs(line)
        if not pairs:
            break
        i += 1
        for n, (key, value) in enumerate(pairs):
            name = key_field(key)
            if not value and n == len(pairs) - 1 and i < len(lines):
                # the value on a line of its own, as a tag-stripper leaves <strong>key：</strong>
                follow = lines[i].strip()
                if follow and not _pairs(follow) and not _SEPARATOR.match(follow):
                    value, i = follow, i + 1
            if name is None:
                unknown += 1
                if unknown > MAX_UNKNOWN_KEYS:
                    return _finish(header, known, i - 1)
                continue
            known += 1
            _store(header.fields, name, value)
    return _finish(header, known, i)


def _finish(header: Header, known: int, end: int) -> Header | None:
    if known < MIN_KNOWN_KEYS:
        return None
    header.end = end
    return header


def _pairs(line: str) -> list[tuple[str, str]]:
    """A line's 'key：value' pairs (several on one line split at each further known key)."""
    m = _PAIR.match(line)
    if m is None:
        return []
    key, rest = (m.group("key") or m.group("bracketed")).strip(), m.group("value").strip(" *")
    if m.group("bracketed") and key_field(key) is None:
        return []  # '【通知】…': a bracketed word that is no known key
    if key_field(key) is None and (
        len(key) > MAX_KEY // 2 or _URL.match(line) or any(ch.isdigit() for ch in key)
    ):
        return []  # a sentence with a colon in it, or a bare URL/time ('http:', '14:56')
    pairs: list[tuple[str, str]] = []
    # Further pairs on the same line: '发布时间：2019-03-07  发布机构：三明市人民政府'.
    for later in re.finditer(rf"\s(?P<key>[^\s:：]{{1,{MAX_KEY}}}){_COLON}", rest):
        if key_field(later.group("key")) is not None and not _URL.match(rest):
            pairs.append((key, rest[: later.start()].strip()))
            return pairs + _pairs(rest[later.start() :].strip())
    return [(key, rest)]


def _store(fields: dict[str, str], name: str, value: str) -> None:
    value = value.strip()
    if not value:
        return
    if _URL.match(value) and name in ("publisher", "url", "column", "title"):
        name = "url"  # 来源：http://… is the original link, not a publisher
    elif name == "url" and not _URL.match(value):
        return  # 地址/link with no URL in it (a postal address, 'none')
    elif name == "published" and not _DATE.search(value):
        return
    fields.setdefault(name, value)


def published_iso(value: str) -> str | None:
    """'2019-03-07 14:56' / '2019年3月7日' → '2019-03-07'."""
    m = _DATE.search(value)
    if m is None:
        return None
    y, mo, d = (int(g) for g in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def saved_page_url(markup: str) -> str | None:
    """The original URL a saved page's comment names (browser 'save as', HTTrack, SingleFile)."""
    head = markup[:4096]
    for pattern in _SAVED_FROM:
        m = pattern.search(head)
        if m:
            url = m.group(1)
            return url if re.match(r"^https?://", url, re.I) else f"http://{url}"
    return None


def apply(header: Header, doc: Document) -> None:
    """Record a block's fields in the document's metadata (what the page itself says wins)."""
    for name, value in header.fields.items():
        if name == "published":
            value = published_iso(value) or value
        doc.meta.setdefault(META_NAMES[name], value)
    title = header.fields.get("title")
    if title:
        doc.title_hints.insert(0, " ".join(title.split()))
