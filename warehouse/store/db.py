"""Opening the warehouse: one writer process, any number of readers of the published snapshot.

DuckDB lets exactly one process open a file for writing, and while it does, every other
process is locked out, readers included. So the writer is whoever loads (the nightly run or
`ogi ingest`), and analysts read `published/warehouse.duckdb`, a copy replaced atomically
after each successful run (`warehouse.publish.snapshot`). Lock conflicts become a clear error.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.store.schema import migrate

# How much write-ahead log the writer lets build up before it checkpoints into the file.
# DuckDB's default (16 MB) checkpoints every ~4,500 reports (a batch writes ~3.5 KB of log per
# report): each checkpoint recompresses the partly filled row groups it finds, which cost
# ~0.07 ms of CPU per report and left ~0.3 KB per report of free blocks in the file (measured,
# /tmp builds of 40,000–80,000 synthetic reports). 512 MB is ~150,000 reports between
# checkpoints, and bounds the final CHECKPOINT of a publish to a few seconds.
CHECKPOINT_THRESHOLD = "512MB"

# Memory DuckDB may hold per connection (buffer pool: cached table blocks, not-yet-checkpointed
# rows, indexes, operators' state); beyond it DuckDB evicts cached blocks and spills to a temp
# file. Its default is 80% of RAM, and a process that loaded 1,000,000 reports reached 11.1 GB
# resident although a writer needs far less: loading, DuckDB's own accounting
# (`duckdb_memory()`) grows ~6 KB per report, nearly all of it cached blocks and rows waiting
# for the next checkpoint, with the indexes ~1 KB per report (80,000 synthetic reports,
# /work builds). 4 GB holds the 1,000,000-report indexes (~1 GB) and a checkpoint interval's
# rows (~0.8 GB at CHECKPOINT_THRESHOLD) with room to spare, and keeps the process, with
# Python's share, under the 8 GB target.
MEMORY_LIMIT = "4GB"


class WarehouseError(RuntimeError):
    """The warehouse file cannot be opened (not a DuckDB file, a newer format, ...)."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse file."""


class WarehouseMissing(FileNotFoundError):
    """There is no warehouse (or no published snapshot) to read yet."""


def connect_writer(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the warehouse for writing and migrate it to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(
                f"{path} is open in another process (a run or ingest is writing); "
                "try again when it has finished"
            ) from exc
        raise WarehouseError(f"cannot open the warehouse {path}: {exc}") from exc
    try:
        con.execute(f"SET checkpoint_threshold = '{CHECKPOINT_THRESHOLD}'")
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        migrate(con)
    except BaseException:
        con.close()
        raise
    return con


def connect_reader(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open a warehouse file read-only (normally the published snapshot)."""
    path = Path(path)
    if not path.exists():
        raise WarehouseMissing(
            f"no warehouse at {path}; load some reports first (ogi ingest PATH... or ogi run)"
        )
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise WarehouseBusy(f"{path} is open for writing by another process") from exc
        raise WarehouseError(f"cannot open {path}: {exc}") from exc
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")  # the export runs in the flow's process
    return con
