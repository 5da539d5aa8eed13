"""Every development-corpus report, checked cell by cell against its hand-checked values."""

from __future__ import annotations

import json

import pytest

from tests import corpus
from tests.corpus import CASES, requires_shared
from transform.parse import parse_bytes

TABLES = ("applications", "review_litigation", "proactive")


@pytest.fixture(scope="module")
def parsed():
    out = {}
    for case in CASES:
        source = corpus.source(case)
        out[case] = parse_bytes(source.read_bytes(), str(source)).to_contract()
    return out


def _expected(case: str) -> dict:
    return corpus.expected(case)


@requires_shared
def test_corpus_is_present():
    assert len(CASES) == 8


@pytest.mark.parametrize("case", CASES)
def test_every_cell_as_printed(parsed, case):
    """Blank cells must come back as null (not 0), printed zeros as 0, totals as printed."""
    expected, got = _expected(case), parsed[case]
    wrong = []
    for table in TABLES:
        for row, cols in expected.get(table, {}).items():
            for col, value in cols.items():
                actual = got.get(table, {}).get(row, {}).get(col, "missing")
                if actual != value and not (
                    isinstance(value, float)
                    and isinstance(actual, (int, float))
                    and abs(actual - value) < 0.005
                ):
                    wrong.append(f"{table}.{row}.{col}: expected {value!r}, got {actual!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", CASES)
def test_metadata(parsed, case):
    expected, got = _expected(case), parsed[case]
    agencies = expected["agency"] if isinstance(expected["agency"], list) else [expected["agency"]]
    assert got["agency"] in agencies
    assert got["year"] == expected["year"]
    assert got["template"] == expected["template"]


@pytest.mark.parametrize("case", CASES)
def test_no_identity_fails_unless_the_source_breaks_it(parsed, case):
    expected, got = _expected(case), parsed[case]
    failing = {f"{c['rule']} ({c['subject']})" for c in got["checks"] if c["status"] == "fail"}
    for known in expected.get("failing_checks", []):
        assert known in failing
    if "failing_checks" not in expected and "t4.total" not in expected.get("notes", ""):
        assert failing == set()


@requires_shared
def test_known_source_errors_are_reported_not_repaired(parsed):
    siming = parsed["siming-office-2019"]
    assert siming["applications"]["total_processed"]["legal_service_org"] == 2
    assert siming["applications"]["total_processed"]["total"] == 25
    hongze = parsed["hongze-district-2023"]
    failing = {c["subject"] for c in hongze["checks"] if c["rule"] == "t4.total" and c["status"] == "fail"}
    assert failing == {"reconsideration", "litigation_after_reconsideration"}
    assert hongze["review_litigation"]["reconsideration"]["total"] == 0


@requires_shared
def test_blank_columns_make_checks_not_assessable(parsed):
    checks = parsed["shuyang-drc-2023"]["checks"]
    balance = {c["subject"]: c["status"] for c in checks if c["rule"] == "t3.balance"}
    assert balance["commercial_enterprise"] == "not_assessable"
    assert balance["natural_person"] == "pass"
    assert balance["total"] == "pass"


def test_output_is_one_json_line_per_input(tmp_path):
    import subprocess
    import sys

    sources = [str(corpus.source(c)) for c in CASES[:3]] * (3 if len(CASES) < 3 else 1)
    proc = subprocess.run(
        [sys.executable, "-m", "ogi", "parse", *sources], capture_output=True, text=True, check=True
    )
    lines = proc.stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == sources
