"""Table 3's applicant columns are found by their headers, matched as fuzzily as row labels.

Where a grid has a column the template lacks (a remarks column at the right), only the headers
say which columns hold the seven applicants; a converter that lost the last character of most
wrapped header cells ('科研机' for 科研机构) must not hide them.
"""

from __future__ import annotations

import re

import pytest

from tests.parser.forms import render, report
from transform.parse import parse_bytes

CLIPPED_HEADERS = {
    "商业企业": "商业企",
    "科研机构": "科研机",
    "社会公益组织": "社会公益组",
    "法律服务机构": "法律服务机",
}


def _with_remarks_column_and_clipped_headers(page: str) -> str:
    start = page.index("自然人")
    table_start = page.rfind("<table", 0, start)
    table_end = page.index("</table>", start)
    table = page[table_start:table_end]
    table = re.sub(r"</tr>", "<td></td></tr>", table)
    table = table.replace("<td></td></tr>", "<td>备注</td></tr>", 1)
    for header, clipped in CLIPPED_HEADERS.items():
        table = table.replace(f">{header}<", f">{clipped}<")
    return page[:table_start] + table + page[table_end:]


@pytest.mark.parametrize("seed", range(6))
def test_applicant_columns_are_read_under_clipped_headers(seed):
    title, truth, blocks = report(seed)
    page = render("html_clean", title, blocks, seed).decode()
    changed = _with_remarks_column_and_clipped_headers(page)
    assert all(clipped in changed for clipped in CLIPPED_HEADERS.values())
    result = parse_bytes(changed.encode(), f"remarks-{seed}").to_contract()
    wrong = [
        f"{row}.{col}: expected {value}, got {result['applications'].get(row, {}).get(col, 'missing')}"
        for row, cols in truth["applications"].items()
        for col, value in cols.items()
        if result["applications"].get(row, {}).get(col, "missing") != value
    ]
    assert not wrong, "\n".join(wrong[:10])
