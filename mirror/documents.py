"""Turn a catalogued `Report` into its content: composed blocks, an HTML body, a PDF or a .doc.

The catalog decides what each report is (template, markup style, hazards, values); this module
only renders, deterministically from the report's own seed key, so a page rendered twice — or
by two mirrors started with the same seed — is byte-identical.
"""

from __future__ import annotations

import random
from html import escape

from . import corpus, html_tables, narrative, ole, pdf, report_text
from .model import Report


def rng_for(report: Report, purpose: str) -> random.Random:
    return random.Random(f"{report.style['seed_key']}:{report.revision}:{purpose}")


def blocks(report: Report) -> list[report_text.Block]:
    """The report's content, section by section (title excluded)."""
    st = report.style
    if st["kind"] == "narrative":
        composed, _truth = narrative.compose(report.agency, report.year, rng_for(report, "text"))
        return composed
    return report_text.compose(
        report.agency,
        report.year,
        report.template or "2021",
        report.values or {},
        rng=rng_for(report, "text"),
        typo=st.get("typo", False),
        contact_rare=st.get("gbk", False),
    )


def narrative_truth(report: Report) -> dict[str, int]:
    return narrative.compose(report.agency, report.year, rng_for(report, "text"))[1]


def body_html(report: Report) -> str:
    """The inner HTML of the article body, including the 文号 line when the title has one."""
    st = report.style
    rng = rng_for(report, "markup")
    html = html_tables.blocks_html(
        blocks(report), st.get("markup", "clean"), rng, blank=st.get("blank_html", "&nbsp;")
    )
    if st.get("doc_number"):
        html = (
            f'<p style="text-align: center;">{escape(st["doc_number"])}</p>\n'
            f'<p style="text-align: center;"><strong>{escape(report.title)}</strong></p>\n' + html
        )
    return html


def pdf_bytes(report: Report) -> bytes:
    if report.fixture:
        return fixture_bytes(report.fixture, "source.pdf")
    return pdf.render(report.title, blocks(report))


def doc_bytes(report: Report) -> bytes:
    text = report.title + "\n" + "\n".join(c for kind, c in blocks(report) if kind in ("h", "p"))
    return ole.compound_file(text)


def fixture_bytes(name: str, filename: str) -> bytes:
    """A real report, read from the development corpus at run time (never copied); the site
    only serves one where `corpus.case_file` found it."""
    path = corpus.case_file(name, filename)
    if path is None:
        raise FileNotFoundError(f"{name}/{filename}: {corpus.ABSENT}")
    return path.read_bytes()
