"""`ogi crawl` end to end against the mirror: summary, exit codes, archive on disk."""

from __future__ import annotations

from typer.testing import CliRunner

from extract.archive import Archive
from ogi.cli import app


def run(mirror, *args):
    return CliRunner().invoke(app, ["crawl", *args], env=mirror.env())


def test_crawl_one_source_into_the_data_dir(mirror, tmp_path):
    result = run(mirror, "--source", "siming/szylj", "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "siming/szylj" in result.output and "report(s) from 1 source(s)" in result.output
    captures = list(Archive(tmp_path / "raw").captures())
    details = [c for c in captures if c.role == "detail" and c.outcome == "ok"]
    expected = [r for r in mirror.manifest["reports"] if r["source"] == "siming/szylj"]
    assert len(details) == len(expected)
    assert all(Archive(tmp_path / "raw").has(c.sha256) for c in details)


def test_strict_fails_on_walls_and_missing_years_but_plain_run_succeeds(mirror, tmp_path):
    walled = next(r["source"] for r in mirror.manifest["reports"] if r["expected_outcome"] == "blocked")
    plain = run(mirror, "--source", walled, "--data-dir", str(tmp_path))
    assert plain.exit_code == 0 and "blocked" in plain.output
    strict = run(mirror, "--source", walled, "--data-dir", str(tmp_path), "--strict")
    assert strict.exit_code == 1


def test_a_column_only_the_district_pages_list_can_be_crawled_by_key(mirror, tmp_path):
    result = run(mirror, "--source", "siming/ydjd", "--data-dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "siming/ydjd (discovered)" in result.output


def test_bad_arguments_are_one_line_errors(mirror, tmp_path):
    for args, message in (
        (["--source", "nowhere/x"], "no district 'nowhere'"),
        (["--url", "http://156152.com/a"], "not an official government host"),
        (["--source", "a/b", "--url", "http://x.gov.cn/"], "at most one"),
    ):
        result = run(mirror, *args, "--data-dir", str(tmp_path))
        assert result.exit_code == 2 and message in result.output


def test_list_prints_the_registry(mirror):
    result = run(mirror, "--list")
    assert result.exit_code == 0
    keys = [line.split("\t")[0] for line in result.output.splitlines()]
    assert "jimei/XM03100" in keys and len(keys) == len(set(keys)) > 50
