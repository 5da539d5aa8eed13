"""Property-based fuzzing of the parser: generated markup, mutated real reports, text, PDFs.

Whatever the bytes, `parse_bytes` returns (never raises, never hangs: hypothesis's deadline
fails any example slower than a few seconds), the result keeps the contract
(`invariants.broken`), and parsing is deterministic. Coverage-guided fuzzing with atheris
runs the same oracle (`fuzz_parser`); a short session runs here, a long one in the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import corpus
from tests.reliability.generated import mirror_pages, mirror_pdfs
from transform.parse import parse_bytes

from .invariants import broken
from .ledger import ENV, Ledger

REPO = Path(__file__).resolve().parents[2]
# The same examples every time in the test suite (no flaky CI); fresh ones when the report
# script reruns the suite with its ledger (more ground covered with every rerun).
FUZZ = settings(
    deadline=timedelta(seconds=5),
    derandomize=ENV not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
EXAMPLES: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def count_examples():
    """After the module: how many inputs each fuzzer tried, for the report's table."""
    yield
    ledger = Ledger(os.environ.get(ENV), __name__)
    for kind, count in sorted(EXAMPLES.items()):
        ledger.record(
            f"hypothesis: {kind}",
            "input",
            injected=count,
            outcome="no crash, no hang, contract kept, deterministic",
        )


WORDS = (
    "一、本年新收政府信息公开申请数量",
    "二、上年结转",
    "（一）予以公开",
    "（二）部分公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "（七）总计",
    "四、结转下年度继续办理",
    "自然人",
    "商业企业",
    "法律服务机构",
    "总计",
    "行政复议",
    "行政诉讼",
    "结果维持",
    "尚未审结",
    "本年制发件数",
    "现行有效件数",
    "万元",
    "厦门市思明区人民政府",
    "2023年",
    "年度报告",
    "政府信息公开工作年度报告",
    "0",
    "1",
    "12",
    "-",
    "—",
    "/",
    "无",
    "&nbsp;",
    "　",
    "１２",
    "3.5",
    "1,234",
    "99999999999999999999",
    "-7",
    "NaN",
    "∞",
    "<o:p></o:p>",
)
TAGS = (
    "table",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "div",
    "p",
    "span",
    "font",
    "b",
    "h1",
    "h2",
    "title",
    "script",
    "style",
    "center",
    "o:p",
    "li",
    "caption",
)
ATTRS = (
    "",
    ' rowspan="2"',
    ' colspan="3"',
    ' rowspan="0"',
    ' colspan="-4"',
    ' rowspan="99999999"',
    ' colspan="2x"',
    " rowspan=' 7 '",
    ' style="display:none"',
    " charset='gb2312'",
    ' colspan="1e9"',
)

text = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=6).map(" ".join)


def _element(parts: tuple[str, str, list[str], bool]) -> str:
    tag, attrs, children, closed = parts
    return f"<{tag}{attrs}>{''.join(children)}" + (f"</{tag}>" if closed else "")


markup = st.recursive(
    text,
    lambda inner: st.tuples(
        st.sampled_from(TAGS), st.sampled_from(ATTRS), st.lists(inner, max_size=6), st.booleans()
    ).map(_element),
    max_leaves=120,
)


def check(data: bytes, kind: str) -> None:
    EXAMPLES[kind] = EXAMPLES.get(kind, 0) + 1
    result = parse_bytes(data, f"fuzz.{kind}")
    assert broken(result) == [], broken(result)
    again = parse_bytes(data, f"fuzz.{kind}")
    assert again.to_contract() == result.to_contract()


@settings(FUZZ, max_examples=150)
@given(title=text, body=markup, encoding=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_generated_markup(title, body, encoding):
    page = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    check(page.encode(encoding, errors="replace"), "html")


def _mutate(data: bytes, edits: list[tuple[int, float, bytes]]) -> bytes:
    out = bytearray(data)
    for op, where, payload in edits:
        at = int(where * len(out))
        if op == 0:
            del out[at : at + len(payload) * 50]
        elif op == 1:
            out[at:at] = payload
        elif op == 2:
            out[at : at + len(payload)] = payload
        else:
            del out[at:]
    return bytes(out)


edits = st.lists(
    st.tuples(
        st.integers(0, 3), st.floats(0, 1), st.binary(min_size=1, max_size=40) | markup.map(str.encode)
    ),
    min_size=1,
    max_size=6,
)
# Real reports where this machine has them, and always ours: the mirror's generated pages.
REPORTS = {p.parent.name: p.read_bytes() for p in corpus.sources() if p.suffix != ".pdf"} | {
    f"mirror {url}": body for url, body in mirror_pages(4)
}


@settings(FUZZ, max_examples=120)
@given(name=st.sampled_from(sorted(REPORTS)), edits=edits)
def test_mutated_real_reports(name, edits):
    check(_mutate(REPORTS[name], edits), "mutated report")


lines = st.lists(
    st.one_of(
        st.lists(st.sampled_from(WORDS), max_size=9).map(lambda c: "| " + " | ".join(c) + " |"),
        st.lists(st.sampled_from(WORDS), max_size=9).map(" ".join),
        st.sampled_from(["|---|---|", "# 标题", "", "\f", "第 1 页 共 3 页"]),
        st.text(max_size=40),
    ),
    max_size=80,
)


@settings(FUZZ, max_examples=150)
@given(lines=lines, newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_generated_text_and_markdown(lines, newline):
    check(newline.join(lines).encode("utf-8", errors="replace"), "text")


MAGIC = (b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"<html>", b"\x00")


@settings(FUZZ, max_examples=200)
@given(prefix=st.sampled_from(MAGIC), data=st.binary(max_size=4096))
def test_arbitrary_bytes(prefix, data):
    check(prefix + data, "bytes")


PDFS = [p.read_bytes() for p in corpus.sources() if p.suffix == ".pdf"] + mirror_pdfs(2)


@settings(FUZZ, max_examples=12, deadline=timedelta(seconds=30))
@given(
    index=st.integers(0, len(PDFS) - 1),
    edits=st.lists(
        st.tuples(st.integers(0, 3), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_pdfs(index, edits):
    check(_mutate(PDFS[index], edits), "mutated PDF")


def test_a_short_coverage_guided_session_finds_nothing(tmp_path, ledger):
    runs = 400
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.fuzz_parser",
            f"-runs={runs}",
            "-max_len=65536",
            "-timeout=20",
            "-seed=1",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"Done {runs} runs" in done.stderr and not list(tmp_path.glob("crash-*"))
    ledger.record(
        "atheris (libFuzzer) mutations of the corpus reports",
        "input",
        injected=runs,
        outcome="no crash, no timeout, contract kept",
    )
