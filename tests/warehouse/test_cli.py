"""`ogi sql` and `ogi export` from the command line, on the demo data."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from ogi.cli import app

runner = CliRunner()


def sql(demo_data, *args, stdin=None):
    return runner.invoke(app, ["sql", "--data-dir", str(demo_data.root), *args], input=stdin)


def scalar(demo_data, query):
    con = duckdb.connect(str(demo_data.published), read_only=True)
    try:
        return con.execute(query).fetchall()
    finally:
        con.close()


def test_table_output_aligns_chinese_text(demo_data):
    result = sql(demo_data, "SELECT agency_name, year FROM v_report ORDER BY year, agency_name LIMIT 3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["agency_name", "year"]
    column = cell_len(lines[0][: lines[0].index("year")])  # where the year column starts, in cells
    for line in lines[2:-1]:
        name, year = line.rsplit(maxsplit=1)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in name) and year.isdigit()
        assert cell_len(line[: line.rindex(year)]) == column + len("year") - len(year)
    assert lines[-1] == "(3 rows)"


def test_csv_and_json_formats(demo_data):
    query = "SELECT year, count(*) AS reports FROM v_report GROUP BY year ORDER BY year"
    expected = scalar(demo_data, query)
    as_csv = list(csv.reader(io.StringIO(sql(demo_data, "-f", "csv", query).output)))
    assert as_csv[0] == ["year", "reports"] and as_csv[1:] == [[str(y), str(n)] for y, n in expected]
    as_json = [json.loads(line) for line in sql(demo_data, "--format", "json", query).output.splitlines()]
    assert as_json == [{"year": y, "reports": n} for y, n in expected]


def test_long_inline_sql_is_not_mistaken_for_a_file_name(demo_data):
    query = (
        "SELECT a.agency_name, a.value AS not_held FROM v_application a "
        "JOIN v_report r USING (report_id) WHERE a.disposition = 'unavailable.not_held' "
        "AND a.applicant = 'total' AND r.source_url IS NOT NULL "
        "AND r.content_sha256 IS NOT NULL ORDER BY a.value DESC, a.agency_name LIMIT 1"
    )
    assert len(query) > 255
    result = sql(demo_data, "-f", "csv", query)
    assert result.exit_code == 0, result.output
    ((name, not_held),) = scalar(demo_data, query)
    assert result.output == f"agency_name,not_held\n{name},{not_held}\n"


def test_a_sql_file_and_a_named_query(demo_data, tmp_path):
    script = tmp_path / "mine.sql"
    script.write_text(
        "-- two statements; the last one prints\nSET threads = 1;\nSELECT count(*) AS n FROM v_report;\n",
        encoding="utf-8",
    )
    reports = scalar(demo_data, "SELECT count(*) FROM v_report")[0][0]
    assert sql(demo_data, "-f", "csv", str(script)).output == f"n\n{reports}\n"
    named = sql(demo_data, "-f", "csv", "requests_by_year")
    assert named.exit_code == 0 and named.output.startswith("year,agencies_reporting")


def test_the_shell_reads_statements_and_dot_commands(demo_data):
    stdin = (
        ".format csv\nSELECT count(*) AS n\n  FROM v_report;\n.queries\n"
        "SELECT nonsense FROM nowhere;\nSELECT 1 AS after_an_error;\n.quit\n"
    )
    result = sql(demo_data, stdin=stdin)
    assert result.exit_code == 0
    assert f"n\n{scalar(demo_data, 'SELECT count(*) FROM v_report')[0][0]}\n" in result.output
    assert "not_held_by_agency" in result.output
    assert "error: Catalog Error" in result.output
    assert "after_an_error\n1\n" in result.output


def test_errors_are_one_line_and_exit_non_zero(demo_data, tmp_path):
    bad = sql(demo_data, "SELECT * FROM no_such_table")
    assert bad.exit_code == 1 and bad.output.startswith("ogi sql: Catalog Error")
    missing = runner.invoke(app, ["sql", "--data-dir", str(tmp_path), "SELECT 1"])
    assert missing.exit_code == 1 and "ogi ingest" in missing.output
    assert sql(demo_data, "-f", "xml", "SELECT 1").exit_code == 2
    assert sql(demo_data, "nothing_here.sql").output.startswith("ogi sql: no such query file")


def test_list_shows_the_analyst_questions(demo_data):
    result = sql(demo_data, "--list")
    assert result.exit_code == 0
    assert "not_held_trend" in result.output and "?" in result.output


@pytest.mark.parametrize("with_csv", [False, True])
def test_export_command(demo_data, tmp_path, with_csv):
    out = tmp_path / "out"
    args = ["export", "--data-dir", str(demo_data.root), "--out", str(out)]
    result = runner.invoke(app, args + (["--csv"] if with_csv else []))
    assert result.exit_code == 0, result.output
    assert "fact_application" in result.output
    assert (out / "manifest.json").exists()
    assert (out / "csv").exists() == with_csv


def test_export_without_data_fails_clearly(tmp_path):
    result = runner.invoke(app, ["export", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1 and result.output.startswith("ogi export: no warehouse")


def test_a_file_that_is_not_a_warehouse_is_named_in_a_clear_error(tmp_path):
    bogus = tmp_path / "data" / "warehouse.duckdb"
    bogus.parent.mkdir()
    bogus.write_bytes(b"this is not a database" * 100)
    report = tmp_path / "report.txt"
    report.write_text("厦门市思明区人民政府2019年政府信息公开工作年度报告\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--data-dir", str(tmp_path / "data"), str(report)])
    assert result.exit_code == 1
    assert result.output.startswith(f"ogi ingest: cannot open the warehouse {bogus}")
    assert bogus.read_bytes() == b"this is not a database" * 100
    queried = runner.invoke(app, ["sql", "--db", str(bogus), "SELECT 1"])
    assert queried.exit_code == 1 and f"cannot open {bogus}" in queried.output
