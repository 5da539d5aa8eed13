"""Every report the local mirror serves parses to the numbers the mirror generated.

Hundreds of reports across six districts and other site families, both templates and their
hybrids, clean and Word-export markup, PDF attachments, pre-2019 narratives with their traps,
the GBK page, the attachment-only wrapper, the traditional-script copy (parsed as bytes here,
though the crawler never fetches it).
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlsplit

import pytest

from mirror.families import build_site

TABLES = ("applications", "review_litigation", "proactive")


@cache
def _site():
    return build_site(0, 1)


def _reports():
    return [
        r.to_manifest() for r in _site().reports if r.to_manifest().get("expected_outcome") in (None, "ok")
    ]


def _body(url: str) -> bytes:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return _site().lookup(parts.hostname).static[path].body()


@pytest.mark.parametrize("report", _reports(), ids=lambda r: r["url"].split("//", 1)[1])
def test_mirror_report(report):
    from transform.parse import parse_bytes

    got = parse_bytes(_body(report["url"]), report["url"]).to_contract()
    assert got["year"] == report["year"]
    assert got["template"] == report["template"]
    wrong = []
    for table in TABLES:
        for row, cols in ((report.get("values") or {}).get(table) or {}).items():
            for col, value in cols.items():
                actual = got.get(table, {}).get(row, {}).get(col, "missing")
                if (
                    actual == "missing"
                    or (value is None) != (actual is None)
                    or (value is not None and abs(actual - value) > 0.005)
                ):
                    wrong.append(f"{table}.{row}.{col}: expected {value}, got {actual}")
    assert not wrong, "\n".join(wrong[:10])
    if report.get("narrative"):
        assert got.get("narrative") == report["narrative"]
