"""Security review, as tests: cookies and credentials, TLS, SQL construction, hostile names.

The allow-list and archive paths have their own modules (`test_allow_list`,
`test_archive_faults`). Here: what a server sets in cookies never reaches the archive, the
warehouse, the export or the logs; TLS is verified unless a district file opts out, and the
opt-out is logged; every SQL statement the product builds from strings interpolates only
reviewed identifiers (values travel as parameters); hostile text and paths go through
loading and export verbatim.
"""

from __future__ import annotations

import ast
import logging
import re
import ssl
from pathlib import Path

import duckdb
import pytest
import trustme

from core.paths import DataPaths
from flows.ingest import ingest
from tests.reliability.generated import mirror_pages
from warehouse.publish.export import export
from warehouse.publish.snapshot import publish_snapshot

from .govsite import COLUMN, DISTRICT, HOST, DataDir, GovSite, report_url
from .hostile_server import HostileServer, page
from .netkit import routed_client

REPO = Path(__file__).resolve().parents[2]
SECRET = "S3cr3t-Cl34rance-T0ken"


def _everything_written(data: DataDir) -> str:
    """The capture log, every warehouse text column and every exported file, as one text."""
    texts = [data.archive.log_path.read_text(encoding="utf-8")]
    con = duckdb.connect(str(data.paths.published), read_only=True)
    try:
        for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE data_type = 'VARCHAR' AND NOT internal"
        ).fetchall():
            texts += [str(v) for (v,) in con.execute(f'SELECT "{column}" FROM "{table}"').fetchall()]
        for path in data.paths.exports.rglob("*.parquet"):
            texts.append(repr(con.execute("SELECT * FROM read_parquet(?)", [path.as_posix()]).fetchall()))
    finally:
        con.close()
    texts += [p.read_text(encoding="utf-8") for p in data.paths.exports.rglob("*.json")]
    return "\n".join(texts)


def test_cookie_values_reach_neither_archive_nor_warehouse_nor_export_nor_log(
    server, tmp_path, caplog, ledger
):
    site = GovSite(server, years=(2021,))
    cookies = {"Set-Cookie": f"__jsl_clearance={SECRET}; path=/; HttpOnly"}
    site.publish(2021, page_behaviours=[page(site.page_bytes(2021), headers=cookies)])
    data = DataDir(tmp_path / "data")
    with caplog.at_level(logging.DEBUG):
        data.crawl(routed_client(server))
        data.load()
        publish_snapshot(data.paths)
        export(data.paths)
    written = _everything_written(data)
    assert "__jsl_clearance" in written  # the cookie's name is evidence of a wall
    assert SECRET not in written and SECRET not in caplog.text
    ledger.record(
        "Set-Cookie with a clearance token on a report page",
        "security",
        outcome="name kept, value in none of log, archive, warehouse, export",
    )


@pytest.fixture(scope="module")
def tls_server():
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(context)
    server = HostileServer(tls=context)
    GovSite(server, years=(2021,), pdf_years=())
    yield server
    server.stop()


def _https_district(verify: bool) -> str:
    text = DISTRICT.replace(f'column = "{COLUMN}"', f'column = "{COLUMN.replace("http:", "https:")}"')
    return text if verify else text.replace('family = "trs"', 'family = "trs"\nverify_tls = false')


def test_tls_is_verified_unless_the_district_opts_out_and_the_opt_out_is_logged(
    tls_server, tmp_path, caplog, ledger
):
    verified = DataDir(tmp_path / "verified", _https_district(verify=True))
    with caplog.at_level(logging.WARNING, logger="extract.http"):
        refused = verified.crawl(routed_client(tls_server))
    column = next(c for c in verified.archive.captures() if c.role == "list")
    assert column.outcome == "error" and column.reason.startswith("TLS")
    assert refused.reports == [] and tls_server.hits == [] and "OFF" not in caplog.text

    opted = DataDir(tmp_path / "opted-out", _https_district(verify=False))
    with caplog.at_level(logging.WARNING, logger="extract.http"):
        crawled = opted.crawl(routed_client(tls_server))
    assert [r.url for r in crawled.reports] == [report_url(2021).replace("http:", "https:")]
    warnings = [r.getMessage() for r in caplog.records if "TLS verification OFF" in r.getMessage()]
    assert warnings == ["TLS verification OFF for source faultlab/dag (registry opt-out)"]
    ledger.record(
        "certificate not trusted (no opt-out)",
        "security",
        outcome=f"error, never retried: {column.reason[:60]}…",
    )


# Every f-string the product builds SQL from, and where each interpolated piece comes from.
# A new one fails the audit below until someone reviews it and adds it here.
REVIEWED_SQL = {
    "warehouse/store/crosschecks.py": {
        "CARRYOVER": "rule-name constant (warehouse.store.rules)",
        "IN_FORCE_STOCK": "rule-name constant (warehouse.store.rules)",
        "sql": "one of the module's own SQL constants",
    },
    "warehouse/store/agency_sync.py": {
        "name": "REPORT_TABLES / fixed table names",
        "agency": "constant column clause",
        "stage": "name of a registered staging relation",
        "known": "name of a registered staging relation",
        "table": "fixed table names",
    },
    "warehouse/agencies/resolve.py": {"updates": "AGENCY_COLUMNS constant", "only_if": "constant clause"},
    "warehouse/publish/codebook.py": {"table": "CODE_LISTS constant", "order": "CODE_LISTS constant"},
    "warehouse/publish/export.py": {
        "query": "built here from PARTITIONED/SINGLE_FILE constants",
        "options": "constant COPY options",
        "table": "EXPORTED_TABLES",
        "order": "PARTITIONED/SINGLE_FILE constants",
        "t": "EXPORTED_TABLES",
        "list(EXPORTED_TABLES)": "constant list literal",
        "replace": "built from duckdb_columns() names of a constant table",
    },
    "warehouse/store/schema.py": {
        "type_name": "CODE_TYPES constant",
        "target": "table and column names read from duckdb_columns()",
        "text": "a comment the database held, quotes doubled",
    },
    "warehouse/publish/fingerprint.py": {"name": "table names read from duckdb_tables()"},
    "warehouse/store/dimensions.py": {
        "', '.join(columns)": "columns of transform.codes rows",
        "table": "dimension_rows() table names",
        "key": "first column",
    },
    "warehouse/store/load.py": {"table": "REPORT_TABLES constant", "name": "registered stage name"},
    "warehouse/site/queries.py": {"MIX_SEGMENT_SQL": "constant CASE expression"},
    "warehouse/store/walls.py": {"name": "registered stage name"},
    "warehouse/store/table3.py": {
        "TABLE": "the module's table-name constant",
        "pivot": "built from dim_disposition codes checked against _CODE_SHAPE",
        "in_withheld": "built from dim_disposition codes checked against _CODE_SHAPE",
        "reports": "registered stage name",
        "cells": "registered stage name",
        "checks": "registered stage name",
    },
    "warehouse/store/tally.py": {
        "TABLE": "the module's table-name constant",
        "checks": "registered stage name",
    },
    "ogi/commands/demo.py": {
        "ogi": "the command prefix printed for the user to run (text on stdout, never executed)",
        "data": "the --data-dir option printed with it",
    },
    "warehouse/query/frames.py": {
        "where": "constant clauses from _agency_filter/_facts; values go as parameters",
        "view": "one of the v_application/v_review_litigation/v_proactive literals",
        "order": "constant column lists of the table methods",
    },
}
SQL_WORDS = re.compile(r"\b(SELECT|INSERT|DELETE|UPDATE|COPY|CREATE|DROP|ALTER)\b")
EXEMPT = {"warehouse/query/shell.py"}  # `ogi sql`: the analyst's own SQL, by design


def _dynamic_sql() -> list[tuple[str, str, bool]]:
    """(file, interpolated expression, inside quotes) for every SQL-looking f-string."""
    found = []
    for package in ("extract", "transform", "warehouse", "flows", "ogi"):
        for path in sorted((REPO / package).rglob("*.py")):
            name = path.relative_to(REPO).as_posix()
            if name in EXEMPT or name.startswith("mirror/"):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                if not SQL_WORDS.search(literal):
                    continue
                text = ""
                for part in node.values:
                    if isinstance(part, ast.Constant):
                        text += part.value
                    else:
                        found.append((name, ast.unparse(part.value), text.count("'") % 2 == 1))
                        text += "?"
    return found


def test_sql_is_built_only_from_reviewed_identifiers():
    unreviewed = [(f, e) for f, e, _ in _dynamic_sql() if e not in REVIEWED_SQL.get(f, {})]
    assert unreviewed == [], "review these SQL interpolations, then list them in REVIEWED_SQL"


def test_no_value_is_spliced_into_a_sql_string_literal():
    quoted = [(f, e) for f, e, inside in _dynamic_sql() if inside]
    assert quoted == [
        ("warehouse/store/crosschecks.py", "CARRYOVER"),
        ("warehouse/store/crosschecks.py", "IN_FORCE_STOCK"),
    ]  # rule-name constants


def test_hostile_names_and_paths_are_stored_and_exported_verbatim(tmp_path, ledger):
    hostile_dir = tmp_path / "o'brien; DROP TABLE report; --"
    hostile_dir.mkdir()
    report = hostile_dir / "x'); DELETE FROM report; --.html"
    report.write_bytes(mirror_pages(1)[0][1])
    paths = DataPaths.resolve(tmp_path / "data's dir")
    result = ingest([report], paths)
    assert [o.status for o in result.outcomes] == ["new"]
    out = export(paths).out_dir
    con = duckdb.connect()
    try:
        urls = con.execute(
            "SELECT url FROM read_parquet(?)", [(out / "report_lineage.parquet").as_posix()]
        ).fetchall()
    finally:
        con.close()
    assert urls == [(str(report),)]
    ledger.record(
        "SQL metacharacters in file names and the data directory's path",
        "security",
        outcome="loaded and exported verbatim (parameters, never spliced)",
    )
