"""Every way users found to get a traceback or a wrong exit status now gets one line and the
documented status (`ogi/commands/inputs.py`): 2 bad input, 1 work that failed."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ogi.cli import app


def ogi(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def one_line_error(result) -> str:
    """The error output: exactly one line, no traceback."""
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output, result.output
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def a_file(tmp_path) -> Path:
    path = tmp_path / "not-a-dir"
    path.write_text("x")
    return path


@pytest.mark.parametrize(
    "command", [["run"], ["crawl", "--source", "siming/qrmzf"], ["sql", "SELECT 1"], ["export"], ["report"]]
)
def test_a_data_dir_that_is_a_file_is_one_line(a_file, command):
    result = ogi(*command, "--data-dir", str(a_file))
    assert result.exit_code == 2
    assert one_line_error(result) == (
        f"ogi {command[0]}: --data-dir {a_file}: {a_file} is a file, not a directory"
    )


def test_run_with_an_unknown_source_stops_before_prefect(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "ogi", "run", "--source", "nope/nope", "--data-dir", str(tmp_path / "d")],
        capture_output=True,
        text=True,
        env={**os.environ, "OGI_MIRROR": ""},
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "ogi run: no source 'nope/nope' in the registry (keys look like 'siming/qrmzf'; "
        "see `ogi crawl --list`)"
    ]
    assert not (tmp_path / "d" / "prefect").exists()  # Prefect was never started


def test_run_with_an_unknown_district_is_one_line(tmp_path):
    result = ogi("run", "--district", "nope", "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert one_line_error(result).startswith("ogi run: no district 'nope' in the registry (known: ")


@pytest.mark.parametrize("command", ["crawl", "run"])
def test_an_ip_address_url_needs_unofficial(tmp_path, command):
    result = ogi(command, "--url", "http://59.57.1.2/xxgk/", "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert one_line_error(result) == (
        f"ogi {command}: --url 'http://59.57.1.2/xxgk/': 59.57.1.2 is an IP address, not an "
        "official government host name; add --unofficial to crawl it anyway"
    )


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_crawl_where_every_fetch_fails_exits_1_and_says_why(tmp_path):
    url = f"http://127.0.0.1:{_closed_port()}/xxgk/"
    result = ogi("crawl", "--url", url, "--data-dir", str(tmp_path), env={"OGI_MIRROR": ""})
    assert result.exit_code == 1, result.output
    last = result.output.strip().splitlines()[-1]
    assert last.startswith("ogi crawl: ") and "the first: url/127.0.0.1: " in last
    assert "connection refused" in last
    assert "declared" not in result.output  # a --url source is not the registry's
    assert "(discovered)" not in result.output


def test_an_unknown_query_name_points_to_the_list(tmp_path):
    result = ogi("sql", "no_such_query", "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert one_line_error(result) == "ogi sql: no such query 'no_such_query'; see `ogi sql --list`"


def test_parse_of_a_folder_says_it_is_a_folder(tmp_path):
    result = ogi("parse", str(tmp_path))
    assert result.exit_code == 2
    assert (
        one_line_error(result)
        == f"ogi parse: {tmp_path} is a folder; give report files (e.g. {tmp_path}/*.pdf)"
    )


def test_version():
    result = ogi("--version")
    assert result.exit_code == 0 and result.output.startswith("ogi-warehouse 0.1.0 (parser ")
