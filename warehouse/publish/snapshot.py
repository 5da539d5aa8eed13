"""Publishing the read-only snapshot analysts query while the next run writes.

DuckDB lets one writing process lock out every other process, readers included, so analysts
never open the live file. After a successful run the writer checkpoints (the file then holds
everything; the write-ahead log is empty), the file is copied to
`published/warehouse.duckdb.tmp`, the copy is opened read-only to prove it is sound, and
`os.replace` swaps it in. Readers that already have the old snapshot open keep reading their
inode; new readers get the new one; nobody ever sees a half-written file.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from core.paths import DataPaths
from warehouse.store.db import WarehouseMissing, connect_writer
from warehouse.store.results import scalar


class PublishError(RuntimeError):
    """The snapshot could not be published; the previous one is untouched."""


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_durably(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst, length=16 * 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())


def publish_snapshot(paths: DataPaths, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """Publish `paths.warehouse` as `paths.published`; returns the snapshot path.

    Pass the writer connection when the caller still holds it (no other statement may run on
    it meanwhile); without one, the warehouse is opened, checkpointed and closed here, which
    fails with `WarehouseBusy` if another process is writing.
    """
    if not paths.warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {paths.warehouse} to publish")
    if con is not None:
        con.execute("CHECKPOINT")
    else:
        writer = connect_writer(paths.warehouse)
        try:
            writer.execute("CHECKPOINT")
        finally:
            writer.close()
    wal = paths.warehouse.with_name(paths.warehouse.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PublishError(
            f"{wal} still holds unwritten changes after CHECKPOINT "
            "(is another statement running on the writer?); not publishing"
        )
    target = paths.published
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        _copy_durably(paths.warehouse, tmp)
        check = duckdb.connect(str(tmp), read_only=True)
        try:
            scalar(check, "SELECT count(*) FROM report")
        finally:
            check.close()
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise PublishError(f"could not publish {paths.warehouse} to {target}: {exc}") from exc
    _fsync_directory(target.parent)
    return target
