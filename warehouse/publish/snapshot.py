"""Publishing the read-only snapshot analysts query while the next run writes.

DuckDB lets one writing process lock out every other process, readers included, so analysts
never open the live file. After a successful run the writer checkpoints (the file then holds
everything; the write-ahead log is empty), the file is copied to
`published/warehouse.duckdb.tmp`, the copy is opened read-only to prove it is sound, and
`os.replace` swaps it in. Readers that already have the old snapshot open keep reading their
inode; new readers get the new one; nobody ever sees a half-written file.

A run that changed no data (`warehouse.publish.fingerprint`) does not copy at all: the
snapshot's fingerprint is kept beside it (`warehouse.duckdb.fingerprint`, with the file's size,
mtime and inode, so a snapshot replaced by other means is never mistaken for it), and
`publish` reports `copied=False` and logs that the snapshot is unchanged. The copy is in-kernel
(`shutil.copyfile` uses sendfile/copy_file_range on Linux): a hard link or a reflink cannot
serve, the writer keeps changing its file in place, and ext4 has no reflinks.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from core.paths import DataPaths
from warehouse.publish.fingerprint import data_fingerprint
from warehouse.store.db import WarehouseMissing, connect_writer
from warehouse.store.results import scalar

log = logging.getLogger(__name__)


class PublishError(RuntimeError):
    """The snapshot could not be published; the previous one is untouched."""


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _copy_durably(source: Path, target: Path) -> None:
    shutil.copyfile(source, target)
    with open(target, "rb+") as copied:
        os.fsync(copied.fileno())


@dataclass(frozen=True)
class Publication:
    path: Path
    copied: bool  # False: the published snapshot already held this data
    fingerprint: str


def _sidecar(target: Path) -> Path:
    return target.with_name(target.name + ".fingerprint")


def _stat_key(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, stat.st_ino]


def published_fingerprint(target: Path) -> str | None:
    """The fingerprint of the snapshot at `target`, if it was published with one and is still it."""
    try:
        recorded = json.loads(_sidecar(target).read_text(encoding="utf-8"))
        return recorded["fingerprint"] if recorded["file"] == _stat_key(target) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def publish_snapshot(paths: DataPaths, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """Publish `paths.warehouse` as `paths.published` (see `publish`); returns the snapshot path."""
    return publish(paths, con).path


def publish(paths: DataPaths, con: duckdb.DuckDBPyConnection | None = None) -> Publication:
    """Publish `paths.warehouse` as `paths.published`, unless it already holds the same data.

    Pass the writer connection when the caller still holds it (no other statement may run on
    it meanwhile); without one, the warehouse is opened, checkpointed and closed here, which
    fails with `WarehouseBusy` if another process is writing.
    """
    if not paths.warehouse.exists():
        raise WarehouseMissing(f"no warehouse at {paths.warehouse} to publish")
    if con is not None:
        con.execute("CHECKPOINT")
        fingerprint = data_fingerprint(con)
    else:
        writer = connect_writer(paths.warehouse)
        try:
            writer.execute("CHECKPOINT")
            fingerprint = data_fingerprint(writer)
        finally:
            writer.close()
    target = paths.published
    if target.exists() and published_fingerprint(target) == fingerprint:
        log.info("snapshot unchanged: %s already holds this data; not copied", target)
        return Publication(target, False, fingerprint)
    wal = paths.warehouse.with_name(paths.warehouse.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise PublishError(
            f"{wal} still holds unwritten changes after CHECKPOINT "
            "(is another statement running on the writer?); not publishing"
        )
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
        _sidecar(target).unlink(missing_ok=True)  # a crash from here on means "copy next time"
        os.replace(tmp, target)
    except (OSError, duckdb.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise PublishError(f"could not publish {paths.warehouse} to {target}: {exc}") from exc
    _fsync_directory(target.parent)
    _sidecar(target).write_text(
        json.dumps({"fingerprint": fingerprint, "file": _stat_key(target)}) + "\n", encoding="utf-8"
    )
    return Publication(target, True, fingerprint)
