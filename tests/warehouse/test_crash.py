"""A process killed in the middle of loading leaves whole reports or none, never part of one."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import warehouse_kit as kit

from warehouse.store.db import connect_writer
from warehouse.store.load import load_report
from warehouse.store.runs import start_run

SCRIPT = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {kit_dir!r})
    import warehouse_kit as kit
    import warehouse.store.load as load
    from warehouse.store.db import connect_writer
    from warehouse.store.runs import start_run

    real_insert = load._insert_reports
    crash_after = {crash_after}

    class DiesAfterInserts:
        '''The writer connection, killing the process after N inserts of the 2nd report.'''
        def __init__(self, con):
            self.con, self.inserts = con, 0
        def execute(self, sql, *args):
            result = self.con.execute(sql, *args)
            self.inserts += sql.lstrip().startswith("INSERT")
            if self.inserts == crash_after:
                os._exit(17)   # no rollback, no close: as if the machine lost power
            return result
        def __getattr__(self, name):
            return getattr(self.con, name)

    def insert(con, plan, staged, register):
        if any(p.report_row["year"] == 2024 for p in plan.writes):
            con = DiesAfterInserts(con)
        return real_insert(con, plan, staged, register)

    load._insert_reports = insert
    con = connect_writer({path!r})
    run = start_run(con, "crash")
    load.load_report(con, kit.result(year=2023), kit.capture("first"), run)
    load.load_report(con, kit.result(year=2024), kit.capture("second"), run)
    print("not reached")
""")


@pytest.mark.parametrize("crash_after", [1, 2, 4])  # 4 = every insert done, no COMMIT
def test_a_crash_inside_the_second_report_leaves_only_the_first(tmp_path, crash_after):
    path = tmp_path / "warehouse.duckdb"
    script = SCRIPT.format(kit_dir=str(Path(kit.__file__).parent), crash_after=crash_after, path=str(path))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 17, done.stderr
    con = connect_writer(path)
    try:
        assert kit.rows(con, "SELECT year FROM report") == [(2023,)]
        for table in ("fact_application", "check_result", "report_lineage", "load_event"):
            orphans = kit.rows(
                con, f"SELECT count(*) FROM {table} WHERE report_id NOT IN (SELECT report_id FROM report)"
            )
            assert orphans == [(0,)], table
        assert kit.count(con, "fact_application") == 49
        assert kit.rows(con, "SELECT status, finished_at FROM load_run") == [("running", None)]
        again = load_report(con, kit.result(year=2024), kit.capture("second"), start_run(con, "retry"))
        assert again.status == "new"
        assert kit.count(con, "fact_application") == 98
    finally:
        con.close()
