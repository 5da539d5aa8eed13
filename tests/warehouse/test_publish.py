"""The published snapshot: readable while another process writes, replaced atomically."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import duckdb
import pytest
import warehouse_kit as kit

from core.paths import DataPaths
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.db import WarehouseBusy, connect_reader, connect_writer
from warehouse.store.load import load_report
from warehouse.store.runs import start_run

HOLD_WRITER = textwrap.dedent("""
    import sys
    from warehouse.store.db import connect_writer
    con = connect_writer(sys.argv[1])
    con.execute("CREATE TABLE IF NOT EXISTS scratch (i INTEGER)")
    con.execute("INSERT INTO scratch VALUES (1)")
    print("writing", flush=True)
    sys.stdin.read()   # hold the write lock until the test closes our stdin
""")


@pytest.fixture
def data(tmp_path):
    paths = DataPaths.resolve(tmp_path / "data")
    con = connect_writer(paths.warehouse)
    load_report(con, kit.result(year=2022), kit.capture("a"), start_run(con, "test"))
    publish_snapshot(paths, con)
    con.close()
    return paths


@pytest.fixture
def other_writer(data):
    """Another process holding the live warehouse open for writing, as a nightly run does."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_WRITER, str(data.warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "writing"
    yield process
    process.stdin.close()
    process.wait(timeout=30)


def test_analysts_read_the_snapshot_while_another_process_writes(data, other_writer):
    with pytest.raises(WarehouseBusy):
        connect_reader(data.warehouse)
    snapshot = connect_reader(data.published)
    assert kit.rows(snapshot, "SELECT year FROM v_report") == [(2022,)]
    snapshot.close()


def test_publishing_needs_the_writer_and_never_harms_the_old_snapshot(data, other_writer):
    before = data.published.read_bytes()
    with pytest.raises(WarehouseBusy, match="another process"):
        publish_snapshot(data)
    assert data.published.read_bytes() == before


def test_a_new_snapshot_replaces_the_old_one_atomically(data):
    old_reader = duckdb.connect(str(data.published), read_only=True)
    inode = data.published.stat().st_ino
    con = connect_writer(data.warehouse)
    load_report(con, kit.result(year=2023), kit.capture("b"), start_run(con, "test"))
    publish_snapshot(data, con)
    con.close()
    assert data.published.stat().st_ino != inode
    assert not data.published.with_name("warehouse.duckdb.tmp").exists()
    assert kit.count(old_reader, "report") == 1  # the old file, still whole
    old_reader.close()
    new_reader = connect_reader(data.published)
    assert kit.count(new_reader, "report") == 2
    new_reader.close()


def test_publishing_without_a_connection_checkpoints_and_copies(data):
    con = connect_writer(data.warehouse)
    load_report(con, kit.result(year=2024), kit.capture("c"), start_run(con, "test"))
    con.close()
    publish_snapshot(data)
    reader = connect_reader(data.published)
    assert kit.rows(reader, "SELECT year FROM report ORDER BY 1") == [(2022,), (2024,)]
    reader.close()


def test_a_run_that_changed_no_data_does_not_copy_the_snapshot(data, caplog):
    from warehouse.publish.snapshot import publish

    before = data.published.stat()
    con = connect_writer(data.warehouse)
    run = start_run(con, "nightly")  # a run records itself, but loads the same capture again
    assert load_report(con, kit.result(year=2022), kit.capture("a"), run).status == "unchanged"
    with caplog.at_level("INFO", logger="warehouse.publish.snapshot"):
        unchanged = publish(data, con)
    assert not unchanged.copied
    assert "snapshot unchanged" in caplog.text
    assert data.published.stat().st_ino == before.st_ino  # the very same file

    load_report(con, kit.result(year=2023), kit.capture("b"), run)
    changed = publish(data, con)
    con.close()
    assert changed.copied and changed.fingerprint != unchanged.fingerprint
    assert data.published.stat().st_ino != before.st_ino
    snapshot = connect_reader(data.published)
    assert kit.rows(snapshot, "SELECT year FROM v_report ORDER BY 1") == [(2022,), (2023,)]
    snapshot.close()


def test_a_snapshot_replaced_by_other_means_is_published_again(data):
    from warehouse.publish.snapshot import publish

    data.published.write_bytes(data.published.read_bytes())  # same bytes, another file
    assert publish(data).copied
