"""Render an HTML report into the forms third-party archives hold it in, with the truth to check.

Public crawls of government sites keep one folder per page: the saved `page.html` (often with
the archiver's own header block at the top of the body), a `page.txt` that some tool extracted
from it, and an archiver's header (标题/发布时间/发布机构/原始链接…). The text tools have
habits, imitated here from what they do to real report markup:

- BeautifulSoup `get_text("\\n")`, selectolax `.text(separator="\\n")`, a regex tag-stripper on
  pretty-printed markup: every HTML text node on its own line. Word-export markup splits a cell
  into revision runs, so header cells come apart ('科研' / '机构'), numbering leaves its label
  ('一' / '、本年新收…'), and now and then a number's digits ('1' / '60').
- `get_text(" ")`: the same runs joined by spaces, the whole body one line.
- `get_text()` or a tag-stripper on minified markup: runs glued with no separator at all,
  except where the page's source had a line break between tags (Word wraps its HTML source
  near 76 columns) and `&nbsp;` blanks.
- `lynx -dump`: a table row per line, cells apart by spaces; html2text: pipe rows with no
  outer pipes; `w3m -dump`: ruled box tables, long cells wrapped inside their column.

Each form comes with the values a reader must recover; two forms change the report first: a
printed total that does not add up, and a row the identities cannot decide between two
readings. `python -m tests.parser.archive_forms` scores the parser on them (see `main`).
"""

from __future__ import annotations

import copy
import random
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

TEXT_FORMS = ("runs", "oneline", "glued", "lynx", "markdown", "w3m")
MUTATED_FORMS = ("nonadding_runs", "nonadding_glued", "ambiguous_glued")
FORMS = ("page_html", *TEXT_FORMS, *MUTATED_FORMS)

# How often Word's revision runs split things, per cell. Chosen to make every habit occur in
# a few dozen reports while most cells stay whole, as in the Word-export pages seen so far.
SPLIT_NUMBER = 0.08  # a multi-digit value's digits over two runs ('1' / '60')
SPLIT_HEADER = 0.5  # a header word over two runs ('科研' / '机构')
SPLIT_LABEL = 0.35  # a row label: numbering apart from its text, or the text in two
SPLIT_PROSE = 0.15  # a paragraph of prose at a random point
SOURCE_BREAK = 0.07  # a line break between two tags in the page source (glued text)
_DROP = ("script", "style", "noscript", "template")
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "tr",
        "table",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "br",
        "section",
        "article",
        "ul",
        "ol",
        "title",
        "center",
        "form",
        "dd",
        "dt",
    }
)
_NUMBER = re.compile(r"\d+")
_DECIMAL = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Run:
    """One HTML text node: its text, the table cell and row it sits in, and the block before it."""

    text: str
    cell: int | None = None
    row: int | None = None
    table: int | None = None
    new_block: bool = False


@dataclass
class Source:
    """A report page and what it holds: values, agency (or names), year, URL, dates."""

    name: str
    html: str
    truth: dict[str, Any]
    title: str = ""
    url: str | None = None
    published: str | None = None
    publisher: str = ""
    header: dict[str, str] = field(default_factory=dict)  # an archiver block the page has


# ---------------------------------------------------------------- reading the page


def page_runs(html: str) -> list[Run]:
    """The page's text nodes in document order, whitespace-only nodes included (as '\\n')."""
    tree = LexborHTMLParser(html)
    for tag in _DROP:
        for node in tree.css(tag):
            node.decompose()
    cells: dict[int, tuple[int, int, int]] = {}  # td mem_id -> (cell, row, table)
    counters = {"table": -1, "row": -1, "cell": -1}
    runs: list[Run] = []
    pending_block = False
    for node in tree.root.traverse(include_text=True):
        tag = node.tag
        if tag == "table":
            counters["table"] += 1
        elif tag == "tr":
            counters["row"] += 1
        elif tag in ("td", "th"):
            counters["cell"] += 1
            cells[node.mem_id] = (counters["cell"], counters["row"], counters["table"])
            runs.append(Run("", *cells[node.mem_id], new_block=True))  # an empty cell shows too
        if tag in _BLOCKS or tag in ("td", "th"):
            pending_block = True
        if tag != "-text":
            continue
        text = node.text_content or ""
        where = _enclosing_cell(node, cells)
        if not text.strip() and "\xa0" not in text:
            runs.append(Run("\n", *where, new_block=pending_block))
            continue
        runs.append(Run(text, *where, new_block=pending_block))
        pending_block = False
    return runs


def _enclosing_cell(node, cells: dict[int, tuple[int, int, int]]) -> tuple[Any, Any, Any]:
    parent = node.parent
    while parent is not None:
        found = cells.get(parent.mem_id)
        if found is not None:
            return found
        parent = parent.parent
    return None, None, None


def word_runs(runs: list[Run], rng: random.Random) -> list[Run]:
    """Split runs the way Word's revision runs do (see the module docstring)."""
    out: list[Run] = []
    for run in runs:
        text = run.text
        pieces = [text]
        stripped = text.strip()
        if run.cell is not None and stripped:
            if _DECIMAL.fullmatch(stripped) and len(stripped) > 1 and rng.random() < SPLIT_NUMBER:
                cut = rng.randint(1, len(stripped) - 1)
                pieces = [stripped[:cut], stripped[cut:]]
            elif not _DECIMAL.fullmatch(stripped) and len(stripped) >= 4:
                # as Word splits them: '一' / '、本年…', '1.' / '属于…', '（三）' / '不予公开'
                numbering = re.match(
                    r"^(?:[一二三四五六七八九十]+(?=、)|\d[.．]|（[一二三四五六七八九十]）)", stripped
                )
                if numbering and rng.random() < SPLIT_LABEL:
                    pieces = [stripped[: numbering.end()], stripped[numbering.end() :]]
                elif len(stripped) <= 8 and rng.random() < SPLIT_HEADER:
                    cut = len(stripped) // 2
                    pieces = [stripped[:cut], stripped[cut:]]
                elif rng.random() < SPLIT_LABEL / 2:
                    cut = rng.randint(1, len(stripped) - 1)
                    pieces = [stripped[:cut], stripped[cut:]]
        elif run.cell is None and len(stripped) > 12 and rng.random() < SPLIT_PROSE:
            cut = rng.randint(1, len(stripped) - 1)
            pieces = [stripped[:cut], stripped[cut:]]
        for i, piece in enumerate(pieces):
            out.append(Run(piece, run.cell, run.row, run.table, run.new_block and i == 0))
    return out


# ---------------------------------------------------------------- archiver header blocks

HEADER_STYLES = ("cn_publish", "cn_capture", "english", "cn_full", "split_lines")
_SEPARATORS = ("-" * 40, "=" * 60, "—" * 20, "*" * 30, "", "正文：")


def header_block(source: Source, rng: random.Random, style: str | None = None) -> tuple[str, dict]:
    """An archiver's header for the page, and the metadata it gives away (url, date)."""
    style = style or rng.choice(HEADER_STYLES)
    colon = rng.choice(["：", ":", "： "])
    captured = f"2025-12-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+08:00"
    title = source.header.get("title") or source.title
    publisher = source.header.get("publisher") or source.publisher
    date = source.published
    clock = f" {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}" if rng.random() < 0.5 else ""
    if style == "cn_publish":
        pairs = [
            ("标题", title),
            ("发布时间", f"{date}{clock}" if date else None),
            ("发布机构", publisher),
            ("原始链接", source.url),
        ]
    elif style == "cn_capture":  # the block saved pages carry (title, unit, source URL, time)
        pairs = [("标题", title), ("单位", publisher), ("来源", source.url), ("采集时间", captured)]
        date = None
    elif style == "english":
        pairs = [
            ("Title", title),
            ("URL", source.url),
            ("Published", date),
            ("Source", publisher),
            ("Crawled", captured),
        ]
        colon = ": "
    elif style == "cn_full":
        pairs = [
            (
                "索引号",
                f"XM{rng.randint(10000, 99999)}-0{rng.randint(100, 999)}-2024-0000{rng.randint(1, 9)}",
            ),
            ("文号", rng.choice(["", f"厦府办〔{rng.randint(2019, 2025)}〕{rng.randint(1, 99)}号"])),
            ("发布机构", publisher),
            ("发布日期", date),
            ("栏目", "政府信息公开年报"),
            ("标 题", title),
            ("原文链接", source.url),
        ]
    else:  # keys and values on lines of their own, as a tag-stripper leaves <strong>标题：</strong>…
        pairs = [("标题", title), ("发布日期", date), ("单位", publisher), ("来源", source.url)]
    pairs = [(key, value) for key, value in pairs if value]
    lines = []
    for key, value in pairs:
        lines += [f"{key}{colon.strip()}", value] if style == "split_lines" else [f"{key}{colon}{value}"]
    lines.append(rng.choice(_SEPARATORS))
    return "\n".join(lines) + "\n", {"url": source.url, "published": date, "pairs": pairs}


def page_html(source: Source, rng: random.Random) -> tuple[str, dict]:
    """The saved page: the archiver's block as a <div> at the top of the body (as on the corpus
    page shuyang-drc-2023), or a 'saved from' comment browsers write above the markup."""
    if source.header:  # the page already carries its archiver's block
        return source.html, {"url": source.url, "published": None}
    choice = rng.random()
    if choice < 0.5:
        _, given = header_block(source, rng, rng.choice(("cn_publish", "cn_capture")))
        divs = "".join(f"<div><strong>{key}：</strong>{value}</div>" for key, value in given["pairs"])
        html = re.sub(
            r"(<body[^>]*>)", lambda m: m.group(1) + f'<div class="meta">{divs}</div>', source.html, count=1
        )
        return html, given
    url = source.url or ""
    if choice < 0.75:
        return f"<!-- saved from url=({len(url):04d}){url} -->\n{source.html}", {"url": source.url}
    bare = url.split("//", 1)[-1]  # HTTrack drops the scheme; a reader can only assume http
    return (
        f"<!-- Mirrored from {bare} by HTTrack Website Copier/3.x "
        f"[XR&CO'2014], Tue, 02 Dec 2025 07:18:00 GMT -->\n{source.html}"
    ), {"url": f"http://{bare}" if url else None}


# ---------------------------------------------------------------- the text forms


def runs_text(runs: list[Run], *, strip: bool) -> str:
    """get_text('\\n', strip=...): every run a line."""
    if strip:
        return "\n".join(r.text.strip() for r in runs if r.text.strip())
    return "\n".join(r.text for r in runs)


def one_line(runs: list[Run]) -> str:
    """get_text(' ', strip=True): the runs on one line, a space apart."""
    return " ".join(r.text.strip() for r in runs if r.text.strip())


def glued(runs: list[Run], rng: random.Random) -> str:
    """get_text() on minified markup: runs glued, a rare source line break between tags."""
    out: list[str] = []
    for run in runs:
        if run.text == "\n":
            continue
        if out and rng.random() < SOURCE_BREAK:
            out.append(rng.choice(["\n", " ", "\r\n"]))
        out.append(run.text.replace("\n", ""))
    return "".join(out)


def _grid_rows(runs: list[Run]) -> tuple[list[str], dict[int, list[list[str]]]]:
    """Loose lines outside tables and, per table, its rows of cell texts (runs joined)."""
    tables: dict[int, dict[int, dict[int, list[str]]]] = {}
    lines: list[str] = []
    for run in runs:
        if run.table is None:
            text = run.text.strip()
            if text:
                lines.append(text)
            continue
        if run.table not in tables:
            lines.append(f"\x00{run.table}")
        tables.setdefault(run.table, {}).setdefault(run.row, {}).setdefault(run.cell, []).append(
            run.text.strip()
        )
    grids = {t: [["".join(c) for c in row.values()] for row in rows.values()] for t, rows in tables.items()}
    return lines, grids


def tabular(runs: list[Run], style: str, rng: random.Random) -> str:
    """lynx -dump (rows a line each, cells a space apart), html2text (pipe rows without outer
    pipes, a '---|---' line under the first) or w3m -dump (ruled boxes, cells wrapped)."""
    lines, grids = _grid_rows(runs)
    out: list[str] = []
    for line in lines:
        if not line.startswith("\x00"):
            out.append(("   " if style == "lynx" else "") + line)
            continue
        rows = [row for row in grids[int(line[1:])] if any(row)]
        if style == "lynx":
            out += ["   " + " ".join(c for c in r if c) for r in rows]
        elif style == "markdown":
            for i, r in enumerate(rows):
                out.append(" | ".join(r) + "  ")
                if i == 0:
                    out.append("---|" * (len(r) - 1) + "---  ")
            out.append("  ")  # html2text ends a table with a blank line
        else:
            out += _boxes(rows, rng)
    return "\n".join(out)


def _boxes(rows: list[list[str]], rng: random.Random) -> list[str]:
    """w3m's ruled table: each row a band of lines, each cell wrapped to its column width."""
    width = max(len(r) for r in rows)
    widths = [rng.choice([2, 3, 4, 6]) for _ in range(width)]
    widths[0] = rng.choice([10, 16, 22])
    out = ["┌" + "┬".join("─" * w for w in widths) + "┐"]
    for n, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        wrapped = [
            [c[i : i + w] for i in range(0, len(c), w)] or [""] for c, w in zip(cells, widths, strict=True)
        ]
        for k in range(max(len(w) for w in wrapped)):
            out.append(
                "│"
                + "│".join((w[k] if k < len(w) else "").ljust(widths[i]) for i, w in enumerate(wrapped))
                + "│"
            )
        out.append(("├" if n < len(rows) - 1 else "└") + "┼".join("─" * w for w in widths) + "┤")
    return out


# ---------------------------------------------------------------- changed reports

T3_ROWS = {
    "new_received": "本年新收",
    "carried_over": "上年结转",
    "granted": "予以公开",
    "total_processed": "总计",
    "carried_forward": "结转下年度",
}


def _t3_value_rows(runs: list[Run], width: int = 7) -> dict[int, list[int]]:
    """Table 3's rows (by row id) with the ids of their (last `width`) printed value cells."""
    texts: dict[int, str] = {}
    for run in runs:
        if run.cell is not None:
            texts[run.cell] = texts.get(run.cell, "") + run.text.strip()
    table3 = next((r.table for r in runs if r.cell is not None and "本年新收" in texts[r.cell]), None)
    by_row: dict[int, dict[int, str]] = {}
    for run in runs:
        if run.table == table3 and run.table is not None:
            by_row.setdefault(run.row, {})[run.cell] = texts[run.cell]
    rows: dict[int, list[int]] = {}
    for row, cells in by_row.items():
        values = [c for c, text in cells.items() if _NUMBER.fullmatch(text)]
        if len(values) >= width and len(cells) > len(values):
            rows[row] = values[-width:]
    return rows


def _set_cells(runs: list[Run], cells: dict[int, str]) -> list[Run]:
    out, done = [], set()
    for run in runs:
        if run.cell in cells:
            if run.cell not in done:
                out.append(Run(cells[run.cell], run.cell, run.row, run.table, run.new_block))
                done.add(run.cell)
            continue
        out.append(run)
    return out


def _row_label(runs: list[Run], row: int, value_cells: list[int]) -> str:
    return "".join(r.text.strip() for r in runs if r.row == row and r.cell not in value_cells)


def nonadding(runs: list[Run], truth: dict) -> tuple[list[Run], dict, str]:
    """The 本年新收 row's printed total one more than its six columns (a report's own error)."""
    rows = _t3_value_rows(runs, width=1)
    row = next(r for r, cells in rows.items() if "本年新收" in _row_label(runs, r, cells))
    printed = dict(truth["applications"]["new_received"])
    printed["total"] = (printed["total"] or 0) + 1
    truth = copy.deepcopy(truth)
    truth["applications"]["new_received"] = printed
    return _set_cells(runs, {rows[row][-1]: str(printed["total"])}), truth, "new_received"


AMBIGUOUS_ROW = (1, 12, 0, 0, 0, 0, 13)  # glued '112000013': also 11|2|0|0|0|0|13


def ambiguous(runs: list[Run], truth: dict) -> tuple[list[Run], dict, tuple[str, ...]] | None:
    """Table 3 rewritten so that 本年新收, 予以公开 and 总计 each read 1|12 or 11|2, and the
    column identities hold either way: a table no reader can decide."""
    rows = _t3_value_rows(runs)
    if len(rows) < len(truth["applications"]):
        return None  # blank cells: the table cannot be rewritten in place
    truth = copy.deepcopy(truth)
    columns = list(next(iter(truth["applications"].values())))
    busy = ("new_received", "granted", "total_processed")
    changes: dict[int, str] = {}
    found: set[str] = set()
    for row, cells in rows.items():
        label = _row_label(runs, row, cells)
        code = next((c for c in busy if T3_ROWS[c] in label and c not in found), None)
        if code == "total_processed" and "本年新收" in label:
            code = None
        values = AMBIGUOUS_ROW if code else (0,) * 7
        if code:
            found.add(code)
        for cell, value in zip(cells, values, strict=True):
            changes[cell] = str(value)
    for code in truth["applications"]:
        values = AMBIGUOUS_ROW if code in busy else (0,) * 7
        truth["applications"][code] = dict(zip(columns, values, strict=True))
    return _set_cells(runs, changes), truth, busy


# ---------------------------------------------------------------- one form of one report


@dataclass
class Rendered:
    data: bytes
    truth: dict[str, Any]  # values, agency (str or list), year
    url: str | None  # the source_url a reader can know
    published: str | None  # the published_date a reader can know (None: unscored)
    unreadable: tuple[str, ...] = ()  # table 3 rows a reader must report, not read
    ambiguous: tuple[str, ...] = ()
    header_date: str | None = None  # the publication date the archiver's block printed


REAL_TOOLS = {  # the tools themselves, where installed (for the scorer; tests use the imitations)
    "real_lynx": ["lynx", "-dump", "-nolist", "-assume_charset=utf-8", "-display_charset=utf-8", "-stdin"],
    "real_w3m": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8"],
}


def render(form: str, source: Source, seed: int) -> Rendered | None:
    """One form of one report (None where the form cannot be made of this report)."""
    rng = random.Random(f"{source.name}/{form}/{seed}")
    if form in REAL_TOOLS:
        import subprocess

        body = subprocess.run(
            REAL_TOOLS[form], input=source.html.encode("utf-8"), capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
        head, given = header_block(source, rng)
        return Rendered(
            (head + "\n" + body).encode("utf-8"),
            source.truth,
            given["url"],
            given["published"] or source.published,
            header_date=given["published"],
        )
    if form == "page_html":
        html, given = page_html(source, rng)
        return Rendered(html.encode("utf-8"), source.truth, given["url"], source.published)
    runs = page_runs(source.html)
    truth, unreadable, undecided = source.truth, (), ()
    if form.startswith("nonadding"):
        runs, truth, row = nonadding(runs, truth)
        unreadable = (row,) if form.endswith("glued") else ()
    elif form.startswith("ambiguous"):
        changed = ambiguous(runs, truth)
        if changed is None:
            return None
        runs, truth, undecided = changed
    runs = word_runs(runs, rng)
    base = form.rsplit("_", 1)[-1] if form in MUTATED_FORMS else form
    if base == "runs":
        body = runs_text(runs, strip=rng.random() < 0.7)
    elif base == "oneline":
        body = one_line(runs)
    elif base == "glued":
        body = glued(runs, rng)
    else:
        body = tabular(runs, base, rng)
    head, given = header_block(source, rng)
    published = given["published"] or source.published
    data = (head + "\n" + body + "\n").encode(rng.choice(["utf-8", "utf-8", "gb18030"]))
    return Rendered(data, truth, given["url"], published, unreadable, undecided, given["published"])


# ---------------------------------------------------------------- sources of reports

CORPUS_HTML = "shuyang-drc-2023"


def mirror_sources(seed: int, per_host: int = 3) -> list[Source]:
    """HTML reports of the local mirror (our own generated material), a few per host."""
    from urllib.parse import urlsplit

    from mirror.families import build_site

    site = build_site(seed, 1)
    by_host: dict[str, list] = {}
    for report in site.reports:
        if (
            report.form != "html"
            or not report.template
            or report.fixture
            or report.expected_outcome not in (None, "ok")
            or not report.values
        ):
            continue
        by_host.setdefault(urlsplit(report.url).hostname, []).append(report)
    rng = random.Random(seed)
    sources = []
    for host, reports in sorted(by_host.items()):
        for report in rng.sample(reports, min(per_host, len(reports))):
            parts = urlsplit(report.url)
            body = site.lookup(parts.hostname).static[parts.path].body()
            html = body.decode("utf-8", errors="replace")
            truth = {
                **copy.deepcopy(report.values),
                "agency": _names(report.agency, report.title),
                "year": report.year,
            }
            sources.append(
                Source(
                    f"m{seed}-{host}-{len(sources)}",
                    html,
                    truth,
                    report.title,
                    report.url,
                    report.published,
                    _publisher(html, report.agency),
                )
            )
    return sources


def _names(agency: str, title: str) -> list[str]:
    """The agency as the mirror names it, and as the title prints it (without its city when
    the title leaves the city out: the contract's agency is the title's)."""
    names = [agency]
    for cut in range(1, len(agency) - 1):
        if agency[cut:] in title and agency not in title:
            names.append(agency[cut:])
            break
    return names


def _publisher(html: str, agency: str) -> str:
    found = re.search(r'name="ContentSource" content="([^"]+)"', html)
    return found.group(1) if found else agency


def corpus_source(corpus_dir) -> Source | None:
    """The corpus's saved HTML page, which carries an archiver's block of its own."""
    import json
    from pathlib import Path

    case = Path(corpus_dir) / CORPUS_HTML
    if not (case / "source.html").exists():
        return None
    html = (case / "source.html").read_text(encoding="utf-8")
    truth = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    header = {}
    meta = LexborHTMLParser(html).css_first("div.meta")
    if meta is not None:
        for div in meta.css("div"):
            key, _, value = div.text().partition("：")
            header[{"标题": "title", "单位": "publisher", "来源": "url"}.get(key.strip(), key)] = (
                value.strip()
            )
    return Source(
        CORPUS_HTML,
        html,
        truth,
        header.get("title", ""),
        header.get("url"),
        None,
        header.get("publisher", ""),
        header,
    )


# ---------------------------------------------------------------- scoring

TABLES = ("applications", "review_litigation", "proactive")
HEADER_KEYS = ("标题", "发布", "机构", "链接", "来源", "单位", "时间", "日期", "title", "url", ":", "：")


def has_blank_cells(truth: dict[str, Any]) -> bool:
    return any(v is None for row in truth["applications"].values() for v in row.values())


def score(rendered: Rendered, got: dict[str, Any]) -> dict[str, Any]:
    """Cells right / cells, metadata right / metadata, and what went wrong (for one file)."""
    truth = rendered.truth
    skip = set(rendered.unreadable) | set(rendered.ambiguous)
    ok = n = misread = 0
    wrong = []
    for table in TABLES:
        for row, cols in (truth.get(table) or {}).items():
            for col, value in cols.items():
                actual = (got.get(table) or {}).get(row, {}).get(col, "missing")
                if table == "applications" and row in skip:
                    # must be reported, not read: absent, or (for agreeing cells) as printed
                    good = actual == "missing" or actual == value
                else:
                    good = (
                        actual in (None, 0)
                        if value is None
                        else actual not in (None, "missing") and abs(actual - value) < 0.005
                    )
                ok += good
                n += 1
                if not good:
                    wrong.append(f"{table}.{row}.{col}: expected {value}, got {actual}")
                    misread += actual != "missing"  # a wrong value, not a cell left unread
    agencies = truth["agency"] if isinstance(truth["agency"], list) else [truth["agency"]]
    meta = {"agency": got.get("agency") in agencies, "year": got.get("year") == truth["year"]}
    if rendered.url:
        meta["source_url"] = got.get("source_url") == rendered.url
    if rendered.published:
        meta["published_date"] = got.get("published_date") == rendered.published
    leak = any(k in (got.get("agency") or "").lower() for k in HEADER_KEYS)
    return {
        "cells": (ok, n),
        "misread": misread,
        "meta": meta,
        "wrong": wrong,
        "leak": leak,
        "warnings": got.get("warnings", []),
    }


def main(argv: list[str] | None = None) -> None:
    """Score `parse_bytes` on every archive form of the mirror reports of some seeds (and the
    corpus page): `python -m tests.parser.archive_forms --seeds 1,2 --per-host 3 [-v]`."""
    import argparse
    from collections import defaultdict

    from transform.parse import parse_bytes

    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default="1,2")
    ap.add_argument("--per-host", type=int, default=3)
    ap.add_argument("--forms", default=",".join(FORMS))
    ap.add_argument("--corpus", default="/work/shared/corpus")
    ap.add_argument(
        "--no-blanks",
        action="store_true",
        help="only reports whose table 3 prints every cell (blank cells leave no trace "
        "in most text forms, so where their values sit cannot be known)",
    )
    ap.add_argument("-v", action="store_true")
    a = ap.parse_args(argv)
    sources = [s for seed in map(int, a.seeds.split(",")) for s in mirror_sources(seed, a.per_host)]
    corpus = corpus_source(a.corpus)
    if corpus is not None:
        sources.append(corpus)
    if a.no_blanks:
        sources = [s for s in sources if not has_blank_cells(s.truth)]
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    for form in a.forms.split(","):
        for source in sources:
            rendered = render(form, source, 0)
            if rendered is None:
                continue
            got = parse_bytes(rendered.data, f"{source.name}/{form}").to_contract()
            s = score(rendered, got)
            t = totals[form]
            t[0] += s["cells"][0]
            t[1] += s["cells"][1]
            t[2] += sum(s["meta"].values())
            t[3] += len(s["meta"])
            t[4] += s["leak"]
            t[5] += 1
            t[6] += s["misread"]
            if a.v and (s["wrong"] or not all(s["meta"].values()) or s["leak"]):
                bad_meta = {k: got.get(k) for k, good in s["meta"].items() if not good}
                print(
                    f"  {source.name}/{form}: {s['cells'][0]}/{s['cells'][1]} meta {bad_meta} "
                    f"{s['wrong'][:4]} warnings {s['warnings'][:3]}"
                )
    all_ok = all_n = 0
    for form, (ok, n, mo, mn, leaks, files, misread) in totals.items():
        all_ok += ok
        all_n += n
        print(
            f"{form:16} {files:3} files  cells {ok}/{n} = {100 * ok / max(n, 1):6.2f}% "
            f"(wrong value {misread}, unread {n - ok - misread})  "
            f"metadata {mo}/{mn} = {100 * mo / max(mn, 1):6.2f}%  header keys in agency: {leaks}"
        )
    print(f"{'all':16} cells {all_ok}/{all_n} = {100 * all_ok / max(all_n, 1):.2f}%")


if __name__ == "__main__":
    main()


def write_fixtures(out_dir) -> None:
    """The committed examples of tests/fixtures/archive: a few forms of held-out mirror
    reports, each with the values and metadata a reader must get (`.expected.json`)."""
    import json
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    picks = [("runs", 0), ("oneline", 2), ("glued", 4), ("ambiguous_glued", 1), ("nonadding_glued", 5)]
    # reports that print every cell of table 3: where blank cells left no trace, their columns
    # cannot be known, which the round-trip tests cover
    sources = [s for s in mirror_sources(3, per_host=1) if not has_blank_cells(s.truth)]
    for form, index in picks:
        source = sources[index]
        rendered = render(form, source, 0)
        name = f"{form}-{source.name}"
        (out / f"{name}.txt").write_bytes(rendered.data)
        expected = {
            "agency": source.truth["agency"],
            "year": source.truth["year"],
            "source_url": rendered.url,
            "published_date": rendered.header_date,
            "not_read": sorted({*rendered.unreadable, *rendered.ambiguous}),
            **{t: rendered.truth[t] for t in TABLES},
        }
        (out / f"{name}.expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=1), encoding="utf-8"
        )
