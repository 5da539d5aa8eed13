"""Read a report's detail page: where its body is, what its metadata says, what it attaches.

Bodies sit in `div.TRS_Editor` / `.trs_editor_view` (TRS), `#zoom` (Hanweb) or inside the
`window._CONFIG.DETAIL` JSON (gkmlpt). Metadata is printed as label/value text in many
layouts (bullets, tables, one line), so it is read from the page text with labels whose
characters may be spaced out (`索 引 号`). Attachments hide in plain links, iframes, embeds,
`onclick`/`window.open` handlers and pdf.js `viewer?file=` URLs; all of them are collected,
because each attachment is a report candidate too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from extract.filetypes import DOCUMENT_EXTENSIONS, is_document_url
from extract.urls import resolve

BODY_SELECTORS = (
    "div.TRS_Editor",
    ".trs_editor_view",
    "div.Custom_UnionStyle",
    "#zoom",
    "#Zoom",
    "td#td_DocContent",
    "#content",
    ".article-content",
    "article",
)
_LABEL_GAP = r"[\s\u3000]*"
_FIELDS = {
    "index_no": ("索引号",),
    "publisher": ("发布机构", "来源", "信息来源"),
    "doc_no": ("文号", "备注/文号", "发文字号"),
    "generated_date": ("公文生成日期", "生成日期", "成文日期", "成文时间", "发文日期"),
    "published_date": ("发布日期", "发布时间", "公开日期", "信息提供日期", "时间", "日期"),
}
_DATE = r"(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)"
_DOC_URL_IN_TEXT = re.compile(
    r"""["'(=]\s*([^"'()\s<>]+?\.(?:""" + "|".join(DOCUMENT_EXTENSIONS) + r"""))(?=["')\s&#?]|$)""",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_URL_KEYS = {"url", "link", "href", "path", "file", "src", "filename", "download"}
_CONFIG_JSON = re.compile(r"(?:_CONFIG\.DETAIL|DETAIL)\s*[=:]\s*(\{)", re.DOTALL)


@dataclass
class Attachment:
    url: str
    text: str = ""
    how: str = "link"  # link / iframe / embed / object / script / viewer / json


@dataclass
class Detail:
    title: str = ""
    body_selector: str = ""
    body_chars: int = 0
    fields: dict[str, str] = field(default_factory=dict)
    meta_tags: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)

    def to_meta(self) -> dict:
        """The capture `meta` the nightly flow reads (title, dates, 索引号, 发布机构, 文号, …)."""
        return {
            "title": self.title,
            **self.fields,
            "meta_tags": self.meta_tags,
            "body_selector": self.body_selector,
            "body_chars": self.body_chars,
            "attachments": [{"url": a.url, "text": a.text, "how": a.how} for a in self.attachments],
        }


def _label_pattern(label: str) -> str:
    return _LABEL_GAP.join(re.escape(ch) for ch in label)


def read_fields(text: str) -> dict[str, str]:
    """Label → value pairs found in the page text (first occurrence of each field wins)."""
    found: dict[str, str] = {}
    for name, labels in _FIELDS.items():
        for label in labels:
            head = r"(?<![\u4e00-\u9fff])" + _label_pattern(label) + r"\s*[:：]?\s*"
            value = _DATE if name.endswith("_date") else r"([^\s:：|•]{2,60})"
            match = re.search(head + value, text)
            if match:
                found[name] = match.group(1).strip()
                break
    return found


def _embedded_json(html: str) -> dict | None:
    """The gkmlpt `window._CONFIG.DETAIL = {...}` object, if the page has one."""
    match = _CONFIG_JSON.search(html)
    if not match:
        return None
    try:
        obj, _ = json.JSONDecoder().raw_decode(html[match.start(1) :])
    except json.JSONDecodeError:
        return None
    return obj if isinstance(obj, dict) else None


def _script_documents(tree: LexborHTMLParser, page_url: str) -> list[Attachment]:
    """Documents opened by script: `<script>` text, `onclick` handlers, `javascript:` hrefs."""
    code = [node.text() for node in tree.css("script")]
    code += [node.attributes.get("onclick") or "" for node in tree.css("[onclick]")]
    code += [
        href
        for node in tree.css("a[href]")
        if (href := node.attributes.get("href") or "").lower().startswith("javascript:")
    ]
    found = []
    for raw in _DOC_URL_IN_TEXT.findall("\n".join(code)):
        if _CJK.search(raw):  # a file *name* in a label or JSON "name" field, not a URL
            continue
        url = resolve(page_url, raw)
        if url:
            found.append(Attachment(url, how="script"))
    return found


def _json_documents(node: Any, page_url: str) -> list[Attachment]:
    """Document URLs under url/link/path/file keys anywhere in an embedded JSON object."""
    found: list[Attachment] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str) and key.lower() in _URL_KEYS and is_document_url(value):
                url = resolve(page_url, value)
                if url:
                    label = node.get("name") or node.get("title") or ""
                    found.append(Attachment(url, str(label), "json"))
            else:
                found.extend(_json_documents(value, page_url))
    elif isinstance(node, list):
        for item in node:
            found.extend(_json_documents(item, page_url))
    return found


def _viewer_target(page_url: str, href: str) -> str | None:
    query = parse_qs(urlsplit(href).query)
    targets = query.get("file")
    return resolve(page_url, unquote(targets[0])) if targets and targets[0] else None


def find_attachments(tree: LexborHTMLParser, page_url: str, config: dict | None = None) -> list[Attachment]:
    seen: dict[str, Attachment] = {}

    def add(url: str | None, text: str, how: str) -> None:
        if url and is_document_url(url) and url not in seen:
            seen[url] = Attachment(url, text, how)

    for a in tree.css("a[href]"):
        href = a.attributes.get("href") or ""
        if "viewer" in href and "file=" in href:
            add(_viewer_target(page_url, href), a.text(strip=True), "viewer")
        else:
            add(resolve(page_url, href), a.text(strip=True), "link")
    for tag, attr in (("iframe", "src"), ("embed", "src"), ("object", "data")):
        for node in tree.css(f"{tag}[{attr}]"):
            src = node.attributes.get(attr) or ""
            target = _viewer_target(page_url, src) if "file=" in src else resolve(page_url, src)
            add(target, "", tag)
    for attachment in _json_documents(config, page_url) if config else []:
        add(attachment.url, attachment.text, attachment.how)
    for attachment in _script_documents(tree, page_url):
        if "file=" in attachment.url:
            add(_viewer_target(page_url, attachment.url), "", "viewer")
        else:
            add(attachment.url, "", attachment.how)
    return list(seen.values())


def read_detail(page_url: str, html: str) -> Detail:
    """Everything the crawl records about one detail page."""
    tree = LexborHTMLParser(html)
    detail = Detail()
    for node in tree.css("meta[name]"):
        name, content = node.attributes.get("name") or "", node.attributes.get("content") or ""
        if name and content:
            detail.meta_tags[name] = content.strip()
    title_node = tree.css_first("title")
    detail.title = detail.meta_tags.get("ArticleTitle") or (title_node.text(strip=True) if title_node else "")
    for selector in BODY_SELECTORS:
        body = tree.css_first(selector)
        if body is not None and body.text(strip=True):
            detail.body_selector, detail.body_chars = selector, len(body.text(strip=True))
            break
    config = _embedded_json(html)
    if config is not None:
        detail.title = str(config.get("title") or detail.title)
        content = str(config.get("content") or "")
        if content and not detail.body_selector:
            detail.body_selector, detail.body_chars = "_CONFIG.DETAIL", len(content)
    body_text = tree.body.text(separator="\n") if tree.body else ""
    detail.fields = read_fields(body_text)
    if "PubDate" in detail.meta_tags and "published_date" not in detail.fields:
        detail.fields["published_date"] = detail.meta_tags["PubDate"]
    detail.attachments = find_attachments(tree, page_url, config)
    return detail
