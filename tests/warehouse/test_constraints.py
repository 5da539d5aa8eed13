"""The database itself refuses what breaks an invariant, whatever code (or analyst) writes to it,
and report_id identifies a capture: it survives re-attribution and re-keys old warehouses once."""

from __future__ import annotations

import hashlib
import shutil

import duckdb
import pytest
import warehouse_kit as kit

from warehouse.store.load import load_report
from warehouse.store.prepare import report_id_for
from warehouse.store.runs import start_run
from warehouse.store.schema import MIGRATIONS_DIR, migrate


@pytest.fixture
def loaded(writer, run_id):
    """One current report, as the loader wrote it."""
    outcome = load_report(writer, kit.result(), kit.capture("report A"), run_id)
    assert outcome.status == "new"
    return outcome


def test_a_second_current_report_for_an_agency_year_is_refused(writer, run_id, loaded):
    other = load_report(
        writer,
        kit.result(facts=kit.table3(new=12), published="2024-01-01"),
        kit.capture("older", url="https://x.gov.cn/b"),
        run_id,
    )
    assert other.status == "revision"
    assert kit.rows(writer, "SELECT report_id FROM current_report") == [(other.report_id,)]  # dated
    with pytest.raises(duckdb.ConstraintException, match="primary key"):
        writer.execute(
            "INSERT INTO current_report VALUES (?, ?, ?)", [loaded.agency_id, loaded.year, loaded.report_id]
        )


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE report SET parse_status = 'mostly_parsed'",
        "UPDATE report SET template = '2025'",
        "UPDATE report SET form = 'papyrus'",
        "UPDATE check_result SET status = 'maybe'",
        "UPDATE check_result SET rule = 't9.made_up'",
        "UPDATE load_event SET outcome = 'skipped'",
        "UPDATE load_run SET status = 'paused'",
        "UPDATE dim_agency SET level = 'village'",
        "UPDATE report_lineage SET origin = 'carrier_pigeon'",
    ],
)
def test_a_value_outside_a_closed_set_is_refused(writer, loaded, sql):
    with pytest.raises(duckdb.ConversionException, match="Could not convert string"):
        writer.execute(sql)


@pytest.mark.parametrize(
    "table, row",
    [
        ("fact_application", "(?, 'ag_x', 2023, 'granted', 'total', 1, false, NULL, NULL, NULL)"),
        (
            "fact_review_litigation",
            "(?, 'ag_x', 2023, 'reconsideration', 'total', 1, false, NULL, NULL, NULL)",
        ),
        ("fact_proactive", "(?, 'ag_x', 2023, 'regulation', 'issued', 1, NULL, NULL, NULL, NULL)"),
        ("check_result", "(?, 't3.balance', 'total', 'pass', 1, 1, NULL)"),
        ("report_narrative", "(?, 'pages', 3)"),
        ("current_report", "('ag_x', 2023, ?)"),
    ],
)
def test_a_row_of_a_missing_report_is_refused(writer, loaded, table, row):
    missing = loaded.report_id + 1
    with pytest.raises(duckdb.ConstraintException, match="foreign key"):
        writer.execute(f"INSERT INTO {table} VALUES {row}", [missing])


def test_other_invariants_are_the_databases(writer, loaded):
    for sql, error in [
        ("UPDATE report_lineage SET headers_json = '{not json'", duckdb.ConversionException),
        ("UPDATE fact_application SET is_blank = true, value = 3", duckdb.ConstraintException),
        ("UPDATE report SET agency_id = 'ag_nobody'", duckdb.ConstraintException),
        ("UPDATE report SET year = 1899", duckdb.ConstraintException),
        ("UPDATE load_run SET finished_at = NULL, status = 'succeeded'", duckdb.ConstraintException),
    ]:
        with pytest.raises(error):
            writer.execute(sql)


def test_report_id_comes_from_the_capture_alone(writer, run_id, loaded):
    capture = kit.capture("report A")
    assert loaded.report_id == report_id_for(capture.url, capture.sha256)
    elsewhere = load_report(
        writer,
        kit.result(agency="厦门市另一区人民政府"),
        kit.capture("report A", url="file:///a.htm"),
        run_id,
    )
    assert elsewhere.report_id == report_id_for("file:///a.htm", capture.sha256) != loaded.report_id


def test_a_re_attribution_by_a_new_parse_keeps_the_id(writer, run_id, loaded):
    writer.execute("UPDATE report SET parser_version = 'old'")  # as if an older parser had read it
    again = load_report(writer, kit.result(year=2022), kit.capture("report A"), run_id)
    assert (again.status, again.report_id, again.year) == ("rederived", loaded.report_id, 2022)
    assert kit.rows(writer, "SELECT report_id, year, is_current FROM report") == [
        (loaded.report_id, 2022, True)
    ]
    assert kit.rows(writer, "SELECT year, report_id FROM current_report") == [(2022, loaded.report_id)]
    assert kit.rows(writer, "SELECT DISTINCT year FROM fact_application") == [(2022,)]


def _old_report_id(sha: str, agency_id: str, year: int) -> int:
    """The scheme before migration 0005: sha256(bytes | agency | year)."""
    key = f"{sha}|{agency_id}|{year}"
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") >> 11


def _old_warehouse(tmp_path) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """A warehouse at migration 0004 holding two reports keyed the old way (SQL, as the loader of
    that time wrote them: no constraints, so nothing stops it)."""
    old_migrations = tmp_path / "migrations"
    old_migrations.mkdir()
    for path in sorted(MIGRATIONS_DIR.glob("000[1-4]_*.sql")):
        shutil.copy(path, old_migrations)
    old_views = tmp_path / "views"  # today's views may need today's schema
    old_views.mkdir()
    (old_views / "v_none.sql").write_text("CREATE OR REPLACE VIEW v_none AS SELECT 1 AS one;")
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    migrate(con, old_migrations, old_views)
    con.execute(
        "INSERT INTO dim_agency (agency_id, name, resolution) VALUES ('ag_a', '甲区人民政府', 'catalog')"
    )
    con.execute(
        "INSERT INTO load_run (run_id, kind, started_at, finished_at, status, parser_version) "
        "VALUES (1, 'nightly', '2024-02-01', '2024-02-01', 'succeeded', 'p1')"
    )
    reports = {}
    for n, (year, url, current) in enumerate(
        [(2022, "http://a/1.htm", True), (2023, "http://a/2.htm", True)]
    ):
        sha = hashlib.sha256(url.encode()).hexdigest()
        old = _old_report_id(sha, "ag_a", year)
        reports[old] = (url, sha, year)
        con.execute(
            "INSERT INTO report (report_id, agency_id, year, template, content_sha256, parser_version, "
            "is_current, parse_status, warnings, content_fingerprint, loaded_run_id, form) "
            "VALUES (?, 'ag_a', ?, '2021', ?, 'p1', ?, 'parsed', [], 'fp', 1, 'html')",
            [old, year, sha, current],
        )
        con.execute(
            "INSERT INTO report_lineage (report_id, origin, url, content_sha256, headers_json) "
            "VALUES (?, 'crawl', ?, ?, '{\"etag\": \"x\"}')",
            [old, url, sha],
        )
        con.execute(
            "INSERT INTO fact_application (report_id, agency_id, year, disposition, applicant, value, "
            "is_blank) VALUES (?, 'ag_a', ?, 'granted', 'total', ?, false)",
            [old, year, 10 + n],
        )
        con.execute("INSERT INTO check_result VALUES (?, 't3.balance', 'total', 'pass', 1, 1, NULL)", [old])
        con.execute(
            "INSERT INTO load_event (run_id, seq, outcome, report_id, fact_rows) VALUES (1, ?, 'new', ?, 1)",
            [n + 1, old],
        )
    con.execute("INSERT INTO agency_sync VALUES (1, 'f', '2024-02-01', 1, 0, 0)")
    con.execute(
        "INSERT INTO agency_rekey VALUES (1, 42, ?, 'ag_gone', 'ag_a', 2022, 'moved')", [min(reports)]
    )
    return con, reports


def test_the_migration_rekeys_an_old_warehouse_once(tmp_path):
    con, reports = _old_warehouse(tmp_path)
    migrate(con)
    expected = {old: report_id_for(url, sha) for old, (url, sha, _) in reports.items()}

    assert sorted(kit.rows(con, "SELECT report_id FROM report")) == sorted(
        (new,) for new in expected.values()
    )
    for table in ("report_lineage", "fact_application", "check_result", "load_event", "report_key"):
        assert sorted(r for (r,) in kit.rows(con, f"SELECT report_id FROM {table}")) == sorted(
            expected.values()
        )
    assert dict(kit.rows(con, "SELECT old_report_id, new_report_id FROM report_id_map")) == {
        **expected,
        42: expected[min(reports)],  # an id an agency sync had replaced, followed to the end
    }
    assert kit.rows(con, "SELECT count(*) FROM current_report") == [(2,)]
    assert kit.rows(con, "SELECT json_extract_string(headers_json, '$.etag') FROM report_lineage") == [
        ("x",),
        ("x",),
    ]
    comment = kit.rows(
        con,
        "SELECT comment FROM duckdb_columns() "
        "WHERE table_name = 'fact_application' AND column_name = 'value'",
    )
    assert comment == [("Number as printed; NULL when the cell is blank.",)]  # carried over the rebuild
    before = kit.rows(con, "SELECT * FROM report ORDER BY report_id")
    assert migrate(con) == []  # once
    assert kit.rows(con, "SELECT * FROM report ORDER BY report_id") == before

    run = start_run(con, "nightly")
    url, _, year = reports[min(reports)]
    again = load_report(con, kit.result(agency="甲区人民政府", year=year), kit.capture(url, url=url), run)
    assert again.report_id == expected[min(reports)]  # the new loader agrees with the migration
    con.close()
