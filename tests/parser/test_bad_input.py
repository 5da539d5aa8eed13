"""Bad input gives a clear error or warning on that report — never a crash of the batch."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys

import pytest

from tests import corpus
from transform.parse import parse_bytes


def test_empty_file():
    result = parse_bytes(b"", "empty.html")
    assert result.error == "empty file"
    assert result.to_contract()["template"] is None


def test_binary_noise():
    noise = random.Random(7).randbytes(200_000)
    result = parse_bytes(noise, "noise.bin")
    assert result.error and "binary" in result.error


def test_html_page_with_no_report():
    page = "<html><head><title>首页_某区人民政府</title></head><body><p>欢迎访问</p></body></html>"
    result = parse_bytes(page.encode(), "home.html")
    assert result.error is None
    assert result.template is None and not result.facts
    assert "table 3 not found" in result.warnings


def test_truncated_pdf():
    data = corpus.source("hongze-district-2023").read_bytes()
    result = parse_bytes(data[: len(data) // 3], "truncated.pdf")
    assert result.form == "pdf"
    assert result.error is not None or "table 3 not found" in result.warnings or result.facts


def test_encrypted_pdf():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, encrypt="secret")
    pdf.drawString(72, 720, "report")
    pdf.save()
    result = parse_bytes(buf.getvalue(), "locked.pdf")
    assert result.error and result.error.startswith("unreadable pdf file")


def test_a_50_mb_page_parses():
    page = corpus.source("shuyang-drc-2023").read_bytes()
    blob = b'<img src="data:image/png;base64,' + b"iVBORw0KGgo" * (50 * 1024 * 1024 // 11) + b'">'
    result = parse_bytes(page.replace(b"<article>", b"<article>" + blob, 1), "huge.html")
    assert result.agency == "沭阳县发展和改革局"
    assert result.table("applications")["new_received"]["total"] == 26


def test_deeply_nested_markup():
    page = "<div>" * 50_000 + "<p>x</p>" + "</div>" * 50_000
    result = parse_bytes(page.encode(), "deep.html")
    assert result.error is None and "table 3 not found" in result.warnings
    assert any("flattened" in w for w in result.warnings)


def test_unreadable_path_is_a_one_line_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "ogi", "parse", str(tmp_path / "missing.pdf")], capture_output=True, text=True
    )
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "missing.pdf" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 broken")
    good = corpus.source(corpus.OURS)
    proc = subprocess.run(
        [sys.executable, "-m", "ogi", "parse", str(bad), str(good)],
        capture_output=True,
        text=True,
        check=True,
    )
    first, second = (json.loads(line) for line in proc.stdout.splitlines())
    assert first["error"] and first["source"] == str(bad)
    assert second["year"] == 2019 and "error" not in second


def test_a_bug_in_a_reader_is_not_mistaken_for_bad_input(monkeypatch):
    """Only `UnreadableReport` means "bad file"; any other exception is a parser bug: it
    escapes `parse_bytes` (so the fuzz suite fails on it) and `parse_contained` — what batch
    callers use — confines it to the one file with an error that says it is a bug."""
    from transform.parse import parse_bytes, parse_contained
    from transform.readers import html

    def broken_reader(text, utf8=None):
        raise AttributeError("'NoneType' object has no attribute 'text'")

    monkeypatch.setattr(html, "read_html", broken_reader)
    page = b"<html><body><p>2023\xe5\xb9\xb4</p></body></html>"
    with pytest.raises(AttributeError):
        parse_bytes(page, "page.html")
    contained = parse_contained(page, "page.html")
    assert contained.error.startswith("internal parser error (a bug, not a problem with the file)")
    assert "AttributeError" in contained.error and contained.facts == []
