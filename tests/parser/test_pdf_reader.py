"""The PDFium reader: reports re-published as PDF by a browser and an office suite (with and
without table borders) parse to the numbers the mirror generated; bad PDFs are refused with
a reason; producers' compatibility characters read as the characters they stand for."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from tests.parser import forms
from transform.errors import UnreadableReport
from transform.normalize import label_key, simplify
from transform.parse import parse_bytes
from transform.readers.pdf import read_pdf
from transform.readers.pdf_guard import all_streams_bytes, check_drawing_size

TABLES = ("applications", "review_litigation", "proactive")
HIDE_BORDERS = "<style>table,tr,td,th{border:none !important}</style>"


def _mirror_html(seed: int, borderless: bool) -> tuple[bytes, dict]:
    title, expected, blocks = forms.report(seed)
    html = forms.render("html_clean", title, blocks, seed)
    if borderless:
        html = html.replace(b"</head>", HIDE_BORDERS.encode() + b"</head>", 1)
        html = html.replace(b'border="1"', b'border="0"')
    return html, expected


def _chrome_pdf(html: bytes, tmp_path: Path) -> bytes:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (Debian package chromium)")
    page, out = tmp_path / "report.html", tmp_path / "report.pdf"
    page.write_bytes(html)
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    if not out.exists():
        pytest.skip("chromium could not print to PDF here")
    return out.read_bytes()


def _office_pdf(html: bytes, tmp_path: Path) -> bytes:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (Debian package libreoffice-writer)")
    (tmp_path / "report.html").write_bytes(html)
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf:writer_web_pdf_Export",
            "report.html",
        ],
        cwd=tmp_path,
        capture_output=True,
        timeout=180,
    )
    out = tmp_path / "report.pdf"
    if not out.exists():
        pytest.skip("LibreOffice could not export PDF here")
    return out.read_bytes()


def _wrong_cells(pdf: bytes, expected: dict) -> list[str]:
    got = parse_bytes(pdf, "report.pdf").to_contract()
    wrong = [f"year {got['year']} != {expected['year']}"] if got["year"] != expected["year"] else []
    for table in TABLES:
        for row, cols in (expected.get(table) or {}).items():
            for col, value in cols.items():
                actual = (got.get(table) or {}).get(row, {}).get(col, "missing")
                if (
                    actual == "missing"
                    or (value is None) != (actual is None)
                    or (value is not None and abs(actual - value) > 0.005)
                ):
                    wrong.append(f"{table}.{row}.{col}: expected {value}, got {actual}")
    return wrong


@pytest.mark.parametrize(("seed", "borderless"), [(11, False), (12, True)], ids=["ruled", "borderless"])
def test_a_browser_printed_report_parses_to_its_numbers(tmp_path, seed, borderless):
    html, expected = _mirror_html(seed, borderless)
    wrong = _wrong_cells(_chrome_pdf(html, tmp_path), expected)
    assert not wrong, "\n".join(wrong[:10])


def test_an_office_suite_pdf_parses_to_its_numbers(tmp_path):
    """LibreOffice's own PDF export (its CJK fonts were read as one repeated character by
    pdfminer, so no table 3 was found), merged cells and rows split over page breaks."""
    html, expected = _mirror_html(13, borderless=False)
    wrong = _wrong_cells(_office_pdf(html, tmp_path), expected)
    assert not wrong, "\n".join(wrong[:10])


def _reportlab_pdf(draw) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.setFont("STSong-Light", 12)
    draw(page)
    page.save()
    return buf.getvalue()


def test_the_title_property_follows_the_first_lines_as_title_hints():
    def draw(page):
        page.setTitle("厦门市某区2023年政府信息公开工作年度报告")
        page.drawString(72, 760, "第一行")
        page.drawString(72, 740, "第二行")

    doc = read_pdf(_reportlab_pdf(draw))
    assert doc.title_hints == ["第一行", "第二行", "厦门市某区2023年政府信息公开工作年度报告"]


def test_a_rotated_page_reads_top_to_bottom_as_displayed():
    def draw(page):
        page.setPageRotation(90)
        # drawn sideways in the unrotated page so that it reads upright once rotated
        page.rotate(90)
        page.drawString(72, -100, "上面的一行")
        page.drawString(72, -130, "下面的一行")

    doc = read_pdf(_reportlab_pdf(draw))
    assert [r.texts[0] for r in doc.rows] == ["上面的一行", "下面的一行"]


def test_borders_drawn_inside_a_placed_form_are_rulings_where_the_form_puts_them():
    # page objects are walked as addresses, a form's own objects through the form's handle;
    # text objects beside the paths (one per character in WPS and Word exports) are skipped
    from reportlab.lib.units import inch

    from transform.readers.pdf import _Frame, _rulings

    def draw(page):
        page.drawString(72, 800, "表格外的文字")
        page.beginForm("grid")
        page.drawString(5, 5, "格内")
        page.line(0, 0, 2 * inch, 0)  # horizontal, 144 pt long
        page.line(0, 0, 0, inch)  # vertical, 72 pt long
        page.endForm()
        page.translate(100, 500)
        page.doForm("grid")

    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(_reportlab_pdf(draw))
    page = pdf[0]
    height = page.get_height()
    found = sorted((r.x0, r.top, r.x1, r.bottom) for r in _rulings(page, _Frame(page)))
    page.close()
    pdf.close()
    base = height - 500  # the form's origin, from the page's top
    # (bounds include the 1 pt line width: within a point of the drawn line)
    assert found == [
        pytest.approx((100, base - 72, 100, base), abs=1),
        pytest.approx((100, base, 244, base), abs=1),
    ]


def test_an_encrypted_pdf_is_refused_as_encrypted():
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
    from hostile_documents import encrypted_pdf

    result = parse_bytes(encrypted_pdf(), "locked.pdf")
    assert result.error and result.error.startswith("unreadable pdf file: encrypted")


def test_a_damaged_pdf_is_an_unreadable_report():
    with pytest.raises(UnreadableReport):
        read_pdf(b"%PDF-1.7\n" + b"\x00garbage" * 100)


def _one_page_pdf(content: bytes) -> bytes:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
    from hostile_documents import pdf_with_content

    return pdf_with_content(content)


def test_drawing_past_the_budget_is_refused_before_pdfium_parses_it():
    drawing = b"BT /F1 9 Tf 72 720 Td (A) Tj ET\n" * 40_000  # 1.3 MB of operators
    pdf = _one_page_pdf(drawing)
    check_drawing_size(pdf, pages=1, budget=2 * len(drawing))  # within budget: nothing raised
    with pytest.raises(UnreadableReport, match="decompression bomb"):
        check_drawing_size(pdf, pages=1, budget=len(drawing) // 2)


def test_the_coarse_measure_counts_every_deflated_stream():
    drawing = b"0 0 m 100 0 l S\n" * 10_000
    pdf = _one_page_pdf(drawing)
    assert all_streams_bytes(pdf, budget=10 * len(drawing)) == len(drawing)
    assert all_streams_bytes(
        pdf + b"stream\n" + zlib.compress(drawing) + b"\nendstream", budget=10 * len(drawing)
    ) == 2 * len(drawing)


def test_radical_and_compatibility_forms_read_as_their_characters():
    # Kangxi radicals (NFKC), CJK Radicals Supplement (mapped here), compatibility
    # ideographs and full-width digits, as PDF producers' ToUnicode maps emit them
    assert simplify("⼀⼆⼈⼯") == "一二人工"
    assert simplify("⻓⻔⻛⻢") == "长门风马"
    assert simplify("１２豈") == "12岂"
    assert label_key("（⼀）本年新收政府信息公开申请数量") == label_key("（一）本年新收政府信息公开申请数量")
    assert label_key("⼆、上年结转政府信息公开申请数量") == label_key("二、上年结转政府信息公开申请数量")
