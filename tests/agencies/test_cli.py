"""`ogi agencies`: an operator finds an unresolved name, adds an alias, applies it."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from core.paths import DataPaths
from ogi.cli import app
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.db import connect_writer
from warehouse.store.load import load_report
from warehouse.store.runs import start_run

from .kit import append, capture, report

runner = CliRunner()
TYPO = "厦门市思明区市政和园林局"


def agencies(*args: str):
    return runner.invoke(app, ["agencies", *args])


def records(output: str, kind: str) -> list[dict]:
    return [r for r in map(json.loads, output.splitlines()) if r["record"] == kind]


def loaded(tmp_path) -> DataPaths:
    """A data directory with a misprinted and a well-printed report, snapshot published."""
    paths = DataPaths.resolve(tmp_path / "data")
    con = connect_writer(paths.warehouse)
    run = start_run(con, "test")
    load_report(con, report(TYPO, 2020), capture("typo"), run)
    load_report(con, report("思明区市政园林局", 2021), capture("ok"), run)
    publish_snapshot(paths, con)
    con.close()
    return paths


def test_check_validates_the_shipped_data():
    result = agencies("--check")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("agency data OK: 63 registry")


def test_a_broken_data_file_is_named_with_its_entry(agency_data):
    append(agency_data / "jiangsu.toml", '[[agency]]\nname = "某局"\nregion = "320800"\nlevel = "bureau"\n')
    result = agencies("--check")
    assert result.exit_code == 1
    assert "jiangsu.toml [[agency]] #6 (某局): level 'bureau' is not one of" in result.output


def test_from_unresolved_name_to_alias_to_synced_warehouse(tmp_path, agency_data):
    paths = loaded(tmp_path)
    data = ["--data-dir", str(paths.root)]
    listed = agencies("--unresolved", "-f", "json", *data)
    assert listed.exit_code == 0, listed.output
    (unresolved,) = records(listed.stdout, "unresolved")
    assert (unresolved["printed_names"], unresolved["years"], unresolved["resolves_now_to"]) == (
        TYPO,
        "2020",
        None,
    )
    assert unresolved["closest_known"].startswith("厦门市思明区市政园林局 (")

    append(agency_data / "xiamen.toml", f'[[alias]]\nname = "{TYPO}"\nagency = "厦门市思明区市政园林局"\n')
    pending = agencies("--unresolved", "-f", "json", *data)
    assert records(pending.stdout, "unresolved")[0]["resolves_now_to"] == "厦门市思明区市政园林局"
    assert "agencies --sync" in pending.stderr  # the note says how to apply it

    synced = agencies("--sync", *data)
    assert synced.exit_code == 0, synced.output
    assert "1 report re-attributed" in synced.output
    after = agencies("-f", "json", *data)
    assert records(after.stdout, "unresolved") == []
    (bureau,) = [r for r in records(after.stdout, "agencies") if r["name"] == "厦门市思明区市政园林局"]
    assert (bureau["years"], bureau["reports"]) == ("2020-2021", 2)
    assert TYPO in bureau["other_names"]
    assert "nothing to do" in agencies("--sync", *data).output


def test_links_list_renames_with_their_verdict(tmp_path):
    listed = agencies("--links", "-f", "csv", "--data-dir", str(tmp_path))
    assert listed.exit_code == 0, listed.output
    lines = listed.stdout.splitlines()
    assert lines[0] == "predecessor,successor,year,kind,continues_series,contradiction"
    assert "厦门市湖里区卫生和计划生育局,厦门市湖里区卫生健康局,2019,rename,," in lines


def test_sync_without_a_warehouse_and_a_bad_format_fail_with_a_reason(tmp_path):
    missing = agencies("--sync", "--data-dir", str(tmp_path))
    assert missing.exit_code == 1 and "no warehouse at" in missing.output
    bad = agencies("-f", "xml")
    assert bad.exit_code == 1 and "unknown format 'xml'" in bad.output
