"""The schema: CONTRACT.md §4 names, a complete data dictionary, dimensions from the codes,
and migrations that upgrade an existing warehouse in place."""

from __future__ import annotations

import shutil

import duckdb
import pytest
import warehouse_kit as kit

from transform import codes
from transform.codes import Code
from warehouse.store.db import MEMORY_LIMIT, connect_reader, connect_writer
from warehouse.store.load import load_report
from warehouse.store.runs import start_run
from warehouse.store.schema import MIGRATIONS_DIR, SchemaError, migrate

CONTRACT_COLUMNS = {
    "dim_agency": [
        "agency_id",
        "name",
        "region_code",
        "province",
        "city",
        "district",
        "level",
        "parent_agency_id",
        "site_url",
    ],
    "dim_disposition": ["code", "label_zh", "label_en", "parent_code", "sort_order", "templates"],
    "dim_applicant": ["code", "label_zh", "label_en", "sort_order"],
    "report": [
        "report_id",
        "agency_id",
        "year",
        "template",
        "title",
        "source_url",
        "published_date",
        "fetched_at",
        "content_sha256",
        "parser_version",
        "is_current",
    ],
    "fact_application": ["report_id", "agency_id", "year", "disposition", "applicant", "value", "is_blank"],
    "fact_review_litigation": [
        "report_id",
        "agency_id",
        "year",
        "proceeding",
        "outcome",
        "value",
        "is_blank",
    ],
    "fact_proactive": ["report_id", "agency_id", "year", "item", "measure", "value", "unit", "raw_text"],
    "check_result": ["report_id", "rule", "subject", "status", "expected", "actual", "message"],
}


def columns(con, table):
    return [
        r[0]
        for r in kit.rows(
            con,
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        )
    ]


@pytest.mark.parametrize("table", sorted(CONTRACT_COLUMNS))
def test_contract_tables_start_with_the_contract_columns_in_order(writer, table):
    assert columns(writer, table)[: len(CONTRACT_COLUMNS[table])] == CONTRACT_COLUMNS[table]


# Beyond the contract, a fact row carries only how its value was obtained (migration 0004).
PROVENANCE = {
    "fact_application": ["raw_text", "extraction", "confidence"],
    "fact_review_litigation": ["raw_text", "extraction", "confidence"],
    "fact_proactive": ["extraction", "confidence"],
    "check_result": [],
}


def test_fact_and_check_tables_have_the_contract_columns_and_their_provenance_only(writer):
    for table, extra in PROVENANCE.items():
        assert columns(writer, table) == CONTRACT_COLUMNS[table] + extra


def test_every_table_view_and_column_is_described(writer):
    undocumented_tables = kit.rows(
        writer,
        """
        SELECT table_name FROM duckdb_tables() WHERE comment IS NULL OR comment = ''
        UNION ALL
        SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'
               AND (comment IS NULL OR comment = '')""",
    )
    undocumented_columns = kit.rows(
        writer,
        """
        SELECT table_name, column_name FROM duckdb_columns()
        WHERE table_name IN (SELECT table_name FROM duckdb_tables())
          AND (comment IS NULL OR comment = '')""",
    )
    assert undocumented_tables == []
    assert undocumented_columns == []
    assert kit.count(writer, "v_data_dictionary") > 150


def test_dimensions_hold_every_code_with_labels_parents_order_and_templates(writer):
    stored = kit.rows(
        writer,
        "SELECT code, label_zh, label_en, parent_code, templates "
        "FROM dim_disposition WHERE NOT is_group ORDER BY sort_order",
    )
    assert stored == [
        (c.code, c.label_zh, c.label_en, c.parent, list(c.templates)) for c in codes.DISPOSITIONS
    ]
    groups = {r[0] for r in kit.rows(writer, "SELECT code FROM dim_disposition WHERE is_group")}
    assert groups == {g.code for g in codes.DISPOSITION_GROUPS}
    for table, source in (
        ("dim_applicant", codes.APPLICANTS),
        ("dim_proceeding", codes.PROCEEDINGS),
        ("dim_outcome", codes.OUTCOMES),
    ):
        assert kit.rows(writer, f"SELECT code, label_zh, label_en FROM {table} ORDER BY sort_order") == [
            (c.code, c.label_zh, c.label_en) for c in source
        ]
    money = {r[0] for r in kit.rows(writer, "SELECT code FROM dim_proactive_measure WHERE is_money")}
    assert money == codes.MONEY_MEASURES


def test_code_columns_sort_in_template_order(writer):
    members = kit.rows(writer, "SELECT enum_range(NULL::disposition_code)")[0][0]
    assert members == [c.code for c in codes.DISPOSITIONS]


def test_the_wide_view_has_one_column_per_disposition_code(writer, run_id):
    load_report(writer, kit.result(), kit.capture("wide"), run_id)
    result = writer.execute("SELECT * FROM v_table3_wide")
    columns = [d[0] for d in result.description]
    row = dict(zip(columns, result.fetchall()[0], strict=True))
    codes_in_order = [c.code.replace(".", "_") for c in codes.DISPOSITIONS]
    assert columns == ["report_id", "agency_id", "agency_name", "year", "template", *codes_in_order]
    assert (row["new_received"], row["granted"], row["unavailable_not_held"]) == (10, 6, 3)


def test_writer_and_reader_connections_cap_duckdb_memory(tmp_path):
    """DuckDB's default (80% of RAM) let a 1,000,000-report load hold 11 GB; both connections
    the flow's process opens (the writer, the export's reader) carry the warehouse's cap."""
    plain = duckdb.connect()
    default = plain.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    plain.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    capped = plain.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    plain.close()
    assert capped != default
    path = tmp_path / "w.duckdb"
    for connect in (connect_writer, connect_reader):
        con = connect(path)
        assert con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0] == capped
        con.close()


def test_migrate_twice_changes_nothing(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect_writer(path)
    con.close()
    con = duckdb.connect(str(path))
    assert migrate(con) == []
    assert kit.count(con, "schema_migration") == len(list(MIGRATIONS_DIR.glob("*.sql")))
    con.close()


def test_an_existing_warehouse_upgrades_in_place_keeping_its_data(tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    load_report(con, kit.result(), kit.capture("v1"), start_run(con, "test"))
    before = kit.rows(con, "SELECT * FROM fact_application ORDER BY ALL")
    (migrations / "0099_add_note.sql").write_text(
        "ALTER TABLE report ADD COLUMN analyst_note VARCHAR;\n"
        "COMMENT ON COLUMN report.analyst_note IS 'A note.';\n",
        encoding="utf-8",
    )
    assert migrate(con, migrations) == ["0099_add_note.sql"]
    assert "analyst_note" in columns(con, "report")
    assert kit.rows(con, "SELECT * FROM fact_application ORDER BY ALL") == before
    con.close()


def test_an_applied_migration_that_was_edited_is_refused(tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    first = sorted(migrations.glob("*.sql"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="changed after it was applied"):
        migrate(con, migrations)
    con.close()


def test_a_failing_migration_leaves_the_warehouse_as_it_was(tmp_path):
    migrations = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, migrations)
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrate(con, migrations)
    (migrations / "0050_broken.sql").write_text(
        "ALTER TABLE report ADD COLUMN half_done VARCHAR;\nSELECT * FROM no_such_table;\n", encoding="utf-8"
    )
    with pytest.raises(SchemaError, match=r"0050_broken\.sql"):
        migrate(con, migrations)
    assert "half_done" not in columns(con, "report")
    assert 50 not in [r[0] for r in kit.rows(con, "SELECT version FROM schema_migration")]
    con.close()


def test_a_new_code_without_a_migration_stops_migrate(tmp_path, monkeypatch):
    path = tmp_path / "w.duckdb"
    connect_writer(path).close()
    monkeypatch.setattr(codes, "APPLICANTS", (*codes.APPLICANTS, Code("robot", "机器人", "Robot")))
    with pytest.raises(SchemaError, match="applicant_code"):
        connect_writer(path)
