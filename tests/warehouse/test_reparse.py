"""Re-deriving reports after a parser upgrade, from the archive alone."""

from __future__ import annotations

import dataclasses

import pytest
import warehouse_kit as kit

import transform
from core.paths import DataPaths
from extract.archive import Archive
from flows.ingest import ingest
from tests import corpus
from transform.parse import parse_bytes
from warehouse.store.db import connect_writer
from warehouse.store.reparse import reparse, stale_reports
from warehouse.store.runs import start_run

OTHER = corpus.source(corpus.OURS)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A report page the mirror generates (ours) for an agency no source registry declares, so
    the printed name alone decides its agency."""
    return kit.mirror_report(tmp_path_factory.mktemp("reports"), host="www.hongze.gov.cn")


@pytest.fixture(scope="module")
def parsed_corpus(report):
    return {path: parse_bytes(path.read_bytes(), str(path)) for path in (report, OTHER)}


@pytest.fixture
def old_warehouse(tmp_path, monkeypatch, parsed_corpus, report):
    """Two reports loaded by an older parser version."""
    paths = DataPaths.resolve(tmp_path / "data")
    monkeypatch.setattr(transform, "PARSER_VERSION", "0.9+old")
    ingest(
        [report, OTHER],
        paths,
        parse=lambda data, source: parsed_corpus[report if source == str(report) else OTHER],
    )
    monkeypatch.undo()
    return paths


def facts(con):
    return kit.rows(
        con, "SELECT report_id, disposition, applicant, value, is_blank FROM fact_application ORDER BY ALL"
    )


def test_stale_reports_are_rederived_from_the_archive(old_warehouse):
    con = connect_writer(old_warehouse.warehouse)
    before = facts(con)
    assert len(stale_reports(con)) == 2
    outcomes = reparse(con, Archive(old_warehouse.raw), start_run(con, "reparse"))
    assert [o.status for o in outcomes] == ["rederived", "rederived"]
    assert kit.rows(con, "SELECT DISTINCT parser_version FROM report") == [(transform.PARSER_VERSION,)]
    assert facts(con) == before  # same parser output, same facts, same report ids
    assert stale_reports(con) == []
    assert reparse(con, Archive(old_warehouse.raw), start_run(con, "again")) == []
    con.close()


def test_missing_bytes_keep_the_old_facts(old_warehouse, report):
    archive = Archive(old_warehouse.raw)
    con = connect_writer(old_warehouse.warehouse)
    before = facts(con)
    sha = kit.rows(con, "SELECT content_sha256 FROM report WHERE source_url = ?", [str(report.absolute())])[
        0
    ][0]
    archive.path_for(sha).unlink()
    outcomes = reparse(con, archive, start_run(con, "reparse"))
    statuses = sorted((o.status, o.reason[:9]) for o in outcomes)
    assert statuses == [("rederived", "re-derive"), ("rejected", "raw bytes")]
    assert facts(con) == before
    assert kit.rows(con, "SELECT count(*) FROM report WHERE parser_version = '0.9+old'") == [(1,)]
    con.close()


def test_a_report_the_new_parser_attributes_differently_moves_and_keeps_its_id(
    old_warehouse, parsed_corpus, report
):
    con = connect_writer(old_warehouse.warehouse)
    old_ids = {r[0] for r in kit.rows(con, "SELECT report_id FROM report")}

    def new_parser(data, source):
        result = parsed_corpus[report if source == str(report.absolute()) else OTHER]
        if result is parsed_corpus[report]:
            return dataclasses.replace(result, agency="沭阳县财政局")
        return result

    outcomes = reparse(con, Archive(old_warehouse.raw), start_run(con, "reparse"), parse=new_parser)
    assert sorted(o.status for o in outcomes) == ["rederived", "rederived"]
    names = kit.rows(con, "SELECT a.name FROM report r JOIN dim_agency a USING (agency_id) ORDER BY 1")
    assert names == [("厦门市思明区人民政府办公室",), ("宿迁市沭阳县财政局",)]
    assert {r[0] for r in kit.rows(con, "SELECT report_id FROM report")} == old_ids  # same captures
    assert kit.rows(
        con, "SELECT count(*) FROM fact_application WHERE report_id NOT IN (SELECT report_id FROM report)"
    ) == [(0,)]
    con.close()


def test_a_new_parser_that_fails_or_crashes_keeps_the_old_facts(old_warehouse, parsed_corpus, report):
    con = connect_writer(old_warehouse.warehouse)
    before = facts(con)

    def regressed(data, source):
        if source == str(report.absolute()):
            raise RuntimeError("table walker fell over")
        return dataclasses.replace(parsed_corpus[OTHER], facts=[], error="no text layer")

    outcomes = reparse(con, Archive(old_warehouse.raw), start_run(con, "reparse"), parse=regressed)
    reasons = sorted(o.reason for o in outcomes)
    assert [o.status for o in outcomes] == ["rejected", "rejected"]
    assert "crashed" in reasons[0] and "failed where the old one did not" in reasons[1]
    assert facts(con) == before
    con.close()
