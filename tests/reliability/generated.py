"""Reports the mirror generates (ours), as bytes, for tests that must run without the real corpus."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

from mirror import documents
from mirror.families import build_site


@cache
def _site():
    return build_site(0, 1)


def mirror_pages(count: int) -> list[tuple[str, bytes]]:
    """The first `count` generated HTML report pages (with site chrome): (url, bytes)."""
    site = _site()
    out = []
    for report in site.reports:
        if report.form == "html" and report.values and report.expected_outcome == "ok":
            parts = urlsplit(report.url)
            out.append((report.url, site.lookup(parts.hostname).static[parts.path].body()))
            if len(out) == count:
                break
    return out


def mirror_pdfs(count: int) -> list[bytes]:
    """The first `count` generated report PDFs (ruled tables, CJK fonts)."""
    reports = [r for r in _site().reports if r.form == "pdf" and r.values and not r.fixture]
    return [documents.pdf_bytes(r) for r in reports[:count]]
