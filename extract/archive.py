"""The raw archive: every body stored unedited, content-addressed, written atomically.

Objects live at `raw/objects/<aa>/<bb>/<sha256>`; paths come from the hash alone, never from a
URL, so nothing a server sends can steer a write outside the archive. Each fetch or ingest
appends one JSON line to `raw/captures.jsonl` *after* its object is safely on disk, so a
crash leaves at worst an unreferenced object, never a reference to a missing or partial one.
Parsing reads only from here, which makes every run replayable offline.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

# One lock per capture log for the whole process: crawl tasks each open their own `Archive`
# on the same directory, and their appends (and the torn-line repair) must not interleave.
_LOG_LOCKS: dict[Path, threading.Lock] = {}
_LOG_LOCKS_GUARD = threading.Lock()


def _log_lock(path: Path) -> threading.Lock:
    with _LOG_LOCKS_GUARD:
        return _LOG_LOCKS.setdefault(path.resolve(), threading.Lock())


# Folds of a capture log kept for the life of the process (`Archive.fold`), by (log, fold name).
_FOLDS: dict[tuple[Path, str], _Folded] = {}
_FOLD_LOCKS: dict[tuple[Path, str], threading.Lock] = {}
TAIL_BYTES = 256  # compared on resume: a log replaced by another that reuses the inode shows here
V = TypeVar("V")


@dataclass
class _Folded:
    """A fold's state and how far into the log it got. The log is append-only, so folding the
    lines appended since equals folding the whole file again: a nightly run's six crawl tasks
    each fold the log for their conditional GETs, then the walls fold it again; read whole each
    time, a no-change night's CPU grew with every night the archive had logged (~1,200 lines a
    night on the demo mirror: at 15,000 lines, 5 of a run's 10 CPU seconds). A log that is not
    the one folded (another inode, shorter, or other bytes before the offset) starts afresh."""

    offset: int = 0
    inode: int = -1
    tail: bytes = b""
    state: dict = field(default_factory=dict)

    def _tail_of(self, fh: BinaryIO) -> bytes:
        start = max(0, self.offset - TAIL_BYTES)
        fh.seek(start)
        return fh.read(self.offset - start)

    def continues(self, log: Path) -> bool:
        try:
            with open(log, "rb") as fh:
                stat = os.fstat(fh.fileno())
                same_file = stat.st_ino == self.inode and stat.st_size >= self.offset
                return same_file and self._tail_of(fh) == self.tail
        except FileNotFoundError:
            return False

    def remember_tail(self, log: Path) -> None:
        try:
            with open(log, "rb") as fh:
                self.inode = os.fstat(fh.fileno()).st_ino
                self.tail = self._tail_of(fh)
        except FileNotFoundError:
            self.offset, self.inode, self.tail, self.state = 0, -1, b"", {}


def _keep_latest(latest: dict[str, Capture], capture: Capture) -> None:
    latest[capture.url] = capture


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Capture:
    """One archived response or local file, with everything needed to cite it.

    `outcome` says what happened (`ok`, `not_modified`, `blocked`, `not_found`, `error`, ...);
    `sha256` is empty when no body was stored (a 304, a refused redirect, a timeout).
    """

    url: str
    sha256: str = ""
    size: int = 0
    fetched_at: str = field(default_factory=utc_now)
    final_url: str = ""
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    outcome: str = "ok"
    reason: str = ""
    role: str = "other"
    source: str | None = None
    parent_url: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, line: str) -> Capture:
        return cls(**json.loads(line))


class Archive:
    """A content-addressed store plus an append-only capture log; safe across threads, and
    across several `Archive` objects on the same directory in one process."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.log_path = self.root / "captures.jsonl"
        self._lock = _log_lock(self.log_path)
        self._tail_checked = False

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.objects / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        """Store bytes (idempotent) and return their sha256; the file appears whole or not at all."""
        digest = sha256_hex(data)
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return digest

    def has(self, sha256: str) -> bool:
        return bool(sha256) and self.path_for(sha256).exists()

    def read(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def record(self, capture: Capture) -> Capture:
        """Append a capture to the log; its object (if any) must already be stored."""
        if capture.sha256 and not self.has(capture.sha256):
            raise ValueError(f"capture of {capture.url} names object {capture.sha256} not in archive")
        line = (capture.to_json() + "\n").encode("utf-8")
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "ab") as fh:
                if not self._tail_checked:
                    self._end_torn_line(fh)
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        return capture

    def _end_torn_line(self, fh: BinaryIO) -> None:
        """A writer killed mid-append leaves half a line with no newline; appending to it
        would glue the next capture onto it and lose both. End it, so `captures` skips only
        the torn one."""
        size = fh.seek(0, os.SEEK_END)
        if size:
            with open(self.log_path, "rb") as tail:
                tail.seek(size - 1)
                if tail.read(1) != b"\n":
                    fh.write(b"\n")
        self._tail_checked = True

    def captures(self) -> Iterator[Capture]:
        """Every logged capture, oldest first; a torn line (crash mid-append) is skipped."""
        for _, capture in self.captures_after(0):
            yield capture

    def captures_after(self, offset: int) -> Iterator[tuple[int, Capture]]:
        """The captures logged from byte `offset` on, each with the offset just past its line.
        A line torn inside a multi-byte character must not make the whole log unreadable."""
        if not self.log_path.exists():
            return
        with open(self.log_path, "rb") as fh:
            fh.seek(offset)
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                offset += len(line)
                try:
                    yield offset, Capture.from_json(line.decode("utf-8", errors="replace"))
                except (json.JSONDecodeError, TypeError):
                    continue

    def fold(self, name: str, step: Callable[[dict[str, V], Capture], None]) -> dict[str, V]:
        """`step` folded over every logged capture, oldest first, into a dict (a copy is
        returned); `name` tells the folds apart. Within one process a fold carries on from
        where it stopped, reading only the lines appended since (`_Folded`)."""
        key = (self.log_path.resolve(), name)
        with _LOG_LOCKS_GUARD:
            lock = _FOLD_LOCKS.setdefault(key, threading.Lock())
        with lock:
            folded = _FOLDS.get(key)
            if folded is None or not folded.continues(self.log_path):
                folded = _Folded()
            for offset, capture in self.captures_after(folded.offset):
                step(folded.state, capture)
                folded.offset = offset
            folded.remember_tail(self.log_path)
            _FOLDS[key] = folded
            return dict(folded.state)

    def latest_by_url(self) -> dict[str, Capture]:
        """The most recent capture per URL, e.g. for conditional GETs and change detection."""
        return self.fold("latest_by_url", _keep_latest)

    def sweep_temp_files(self) -> int:
        """Remove temp files a killed writer left behind; returns how many.

        Only for a caller that holds the data directory's run lock (`core.lock.RunLock`):
        another live writer's temp file looks exactly like a dead one's.
        """
        removed = 0
        if self.objects.exists():
            for tmp in self.objects.rglob(".tmp-*"):
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed
