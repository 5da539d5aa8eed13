"""The development corpus through the real parser and `ogi ingest` into a real warehouse."""

from __future__ import annotations

import duckdb
import warehouse_kit as kit
from typer.testing import CliRunner

from core.paths import DataPaths
from ogi.cli import app
from tests import corpus

runner = CliRunner()


def ingest(data_dir, *paths):
    return runner.invoke(app, ["ingest", "--data-dir", str(data_dir), *map(str, paths)])


def snapshot(data_dir):
    return duckdb.connect(str(DataPaths.resolve(data_dir).published), read_only=True)


def test_ingesting_the_corpus_twice_gives_identical_rows(tmp_path):
    folder = kit.corpus_folder(tmp_path / "corpus")
    first = ingest(tmp_path, folder)
    assert first.exit_code == 0, first.output
    con = snapshot(tmp_path)
    counts = kit.table_counts(con)
    facts = kit.rows(con, "SELECT * FROM fact_application ORDER BY ALL")
    con.close()
    assert counts["report"] == len(kit.corpus_files())
    second = ingest(tmp_path, folder)
    assert second.exit_code == 0, second.output
    statuses = [line.split()[0] for line in second.output.splitlines()[:-1]]
    assert statuses == ["unchanged"] * len(kit.corpus_files())
    con = snapshot(tmp_path)
    assert kit.table_counts(con) == counts
    assert kit.rows(con, "SELECT * FROM fact_application ORDER BY ALL") == facts
    con.close()  # the snapshot was not copied again (same data); the runs are in the warehouse
    live = duckdb.connect(str(DataPaths.resolve(tmp_path).warehouse), read_only=True)
    assert kit.rows(live, "SELECT run_id, reports_new, reports_unchanged FROM load_run ORDER BY run_id") == [
        (1, len(kit.corpus_files()), 0),
        (2, 0, len(kit.corpus_files())),
    ]
    live.close()


def test_every_parsed_cell_lands_exactly_as_parsed(demo_data, parsed_corpus):
    con = snapshot(demo_data.root)
    stored = {}
    for url, table, row, col, value, blank in kit.rows(
        con,
        """
            SELECT l.url, 'applications', disposition::VARCHAR, applicant::VARCHAR, value,
                   is_blank
            FROM fact_application JOIN report_lineage l USING (report_id)
            UNION ALL
            SELECT l.url, 'review_litigation', proceeding::VARCHAR, outcome::VARCHAR, value,
                   is_blank
            FROM fact_review_litigation JOIN report_lineage l USING (report_id)
            UNION ALL
            SELECT l.url, 'proactive', item::VARCHAR, measure::VARCHAR, value, value IS NULL
            FROM fact_proactive JOIN report_lineage l USING (report_id)""",
    ):
        stored[(url, table, row, col)] = (value, blank)
    expected = {}
    for path, result in parsed_corpus.items():
        for f in result.facts:
            expected[(str(path.absolute()), f.table, f.row, f.col)] = (f.value, f.value is None)
    assert stored == expected
    con.close()


def test_a_revised_report_is_a_second_version_and_only_its_agency_year_changes(tmp_path):
    folder = kit.corpus_folder(tmp_path / "reports")
    assert ingest(tmp_path / "data", folder).exit_code == 0
    con = snapshot(tmp_path / "data")
    before = {r[1:4]: r for r in kit.rows(con, "SELECT * FROM v_table3_wide")}
    con.close()
    siming = folder / "siming-office-2019" / "source.txt"
    text = siming.read_text(encoding="utf-8")
    corrected = text.replace("日期:2020-01-23", "日期:2020-02-23", 1).replace(
        "规范性文件\n\n7\n\n7", "规范性文件\n\n8\n\n8", 1
    )
    assert corrected.count("2020-02-23") == 1 and "规范性文件\n\n8\n\n8" in corrected
    revised = tmp_path / "siming-corrected.txt"
    revised.write_text(corrected, encoding="utf-8")
    result = ingest(tmp_path / "data", revised)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("revision")
    con = snapshot(tmp_path / "data")
    versions = kit.rows(
        con,
        "SELECT year, is_current, published_date::VARCHAR FROM report "
        "WHERE agency_name_printed = '厦门市思明区人民政府办公室' ORDER BY 3",
    )
    assert versions == [(2019, False, "2020-01-23"), (2019, True, "2020-02-23")]
    after = {r[1:4]: r for r in kit.rows(con, "SELECT * FROM v_table3_wide")}
    assert after.keys() == before.keys()
    changed = [key for key in before if before[key] != after[key]]
    assert [key[1:] for key in changed] == [("厦门市思明区人民政府办公室", 2019)]
    assert kit.rows(
        con,
        "SELECT value FROM v_proactive WHERE agency_name = "
        "'厦门市思明区人民政府办公室' AND item = 'normative_document' "
        "AND measure = 'new_made'",
    ) == [(8.0,)]
    con.close()


def test_a_file_without_agency_or_year_is_rejected_by_name_and_the_rest_loads(tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("会议纪要：讨论了下周的安排。", encoding="utf-8")
    report = corpus.source("shuyang-drc-2023")
    result = ingest(tmp_path / "data", stray, report)
    assert result.exit_code == 1
    assert f"rejected  {stray}" in result.output
    assert "could not be determined" in result.output
    con = snapshot(tmp_path / "data")
    assert kit.rows(con, "SELECT year FROM report") == [(2023,)]
    assert kit.rows(con, "SELECT outcome, source_url FROM load_event ORDER BY seq") == [
        ("rejected", str(stray)),
        ("new", str(report)),
    ]
    con.close()
    raw = DataPaths.resolve(tmp_path / "data").raw
    assert len(list((raw / "objects").rglob("*"))) >= 2  # both files archived unedited


def test_a_folder_of_saved_pages_skips_assets_and_hidden_files(tmp_path):
    from flows.ingest import report_files

    folder = tmp_path / "saved"
    (folder / "report_files").mkdir(parents=True)
    (folder / ".cache").mkdir()
    for name in (
        "report.html",
        "report_files/frame.htm",
        "report_files/style.css",
        ".cache/old.html",
        "scan.PDF",
        "notes.xlsx",
    ):
        (folder / name).write_bytes(b"x")
    assert [p.relative_to(folder).as_posix() for p in report_files([folder])] == ["report.html", "scan.PDF"]
