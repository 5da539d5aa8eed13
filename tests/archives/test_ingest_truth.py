"""`ogi ingest` tells the truth: each input's one line, the exit status, and the run's record."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from core.paths import DataPaths

from .conftest import ogi

REPO = Path(__file__).resolve().parents[2]
SIMING = REPO / "tests" / "fixtures" / "corpus" / "siming-office-2019" / "source.txt"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 8


def _runs(data: DataPaths) -> list[tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        return con.execute("SELECT status, message FROM load_run ORDER BY run_id").fetchall()
    finally:
        con.close()


def _lines(output: str) -> list[str]:
    return output.splitlines()


def test_a_reports_line_names_its_own_failing_checks(tmp_path):
    """The 2019 Siming report prints totals that do not add up (CONTRACT §2 keeps them)."""
    report = tmp_path / "siming.txt"
    shutil.copy(SIMING, report)
    result = ogi("ingest", "--data-dir", tmp_path / "data", report)
    assert result.exit_code == 0, result.output
    line = _lines(result.output)[0]
    assert line.startswith(f"new       {report.absolute()} → ")
    assert line.endswith("(198 cells); 3 failing checks: t3.balance, t3.row_total, t3.total_processed")


def test_unreadable_files_get_the_reason_ogi_parse_gives(tmp_path):
    empty, picture = tmp_path / "empty.pdf", tmp_path / "scan.jpg"
    empty.write_bytes(b"")
    picture.write_bytes(JPEG)
    data = DataPaths.resolve(tmp_path / "data")
    result = ogi("ingest", "--data-dir", data.root, empty, picture)
    assert result.exit_code == 1
    lines = _lines(result.output)
    assert f"rejected  {empty.absolute()}: empty file" in lines
    unreadable = "unreadable image file: not a readable image: damaged, truncated or of an unknown kind"
    assert f"rejected  {picture.absolute()}: {unreadable}" in lines
    assert lines[-1] == "ogi ingest: every report was rejected"
    # ogi parse says the same of the same bytes
    parsed = [json.loads(line) for line in ogi("parse", empty, picture).output.splitlines()]
    assert [p["error"] for p in parsed] == [
        "empty file",
        unreadable,
    ]


def test_a_run_that_rejected_everything_is_recorded_as_failed(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    data = DataPaths.resolve(tmp_path / "data")
    result = ogi("ingest", "--data-dir", data.root, empty)
    assert result.exit_code == 1
    assert "run 1 failed: 1 report(s)" in result.output and "snapshot not published" in result.output
    assert _runs(data) == [("failed", "every one of the 1 report(s) found was rejected")]
    assert not data.published.exists()


def test_a_run_that_found_nothing_is_recorded_as_failed(tmp_path):
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    (folder / "notes.csv").write_text("a,b\n", encoding="utf-8")
    data = DataPaths.resolve(tmp_path / "data")
    result = ogi("ingest", "--data-dir", data.root, folder)
    assert result.exit_code == 1
    assert _lines(result.output)[-1] == "ogi ingest: no reports found in the given paths"
    assert _runs(data) == [("failed", "no reports found in the given paths")]


def test_a_mistyped_path_is_refused_before_anything_is_created(tmp_path):
    report = tmp_path / "siming.txt"
    shutil.copy(SIMING, report)
    data = tmp_path / "data"
    result = ogi("ingest", "--data-dir", data, report, tmp_path / "sming.txt")
    assert result.exit_code == 2
    assert result.output == f"ogi ingest: no such file or folder: {tmp_path / 'sming.txt'}\n"
    assert not data.exists()


def test_a_damaged_web_archive_alone_fails_the_run(tmp_path):
    warc = tmp_path / "broken.warc.gz"
    warc.write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    data = DataPaths.resolve(tmp_path / "data")
    result = ogi("ingest", "--data-dir", data.root, warc)
    assert result.exit_code == 1
    assert "damaged: broken.warc.gz: record at offset 0: " in result.output
    assert _runs(data) == [("failed", "no reports found in the given paths")]
