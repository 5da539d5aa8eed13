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
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CAPTURE_ROLES = ("list", "detail", "attachment", "file", "robots", "other")


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
    """A content-addressed store plus an append-only capture log; safe across threads."""

    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.objects = self.root / "objects"
        self.log_path = self.root / "captures.jsonl"
        self._lock = threading.Lock()

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
        line = capture.to_json() + "\n"
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(line)
                fh.flush()
                os.fsync(fh.fileno())
        return capture

    def captures(self) -> Iterator[Capture]:
        """Every logged capture, oldest first; a torn last line (crash mid-append) is skipped."""
        if not self.log_path.exists():
            return
        with open(self.log_path, encoding="utf-8") as fh:
            for line in fh:
                if not line.endswith("\n"):
                    break
                try:
                    yield Capture.from_json(line)
                except (json.JSONDecodeError, TypeError):
                    continue

    def latest_by_url(self) -> dict[str, Capture]:
        """The most recent capture per URL, e.g. for conditional GETs and change detection."""
        latest: dict[str, Capture] = {}
        for cap in self.captures():
            latest[cap.url] = cap
        return latest

    def sweep_temp_files(self) -> int:
        """Remove temp files a killed writer left behind; returns how many.

        Only for a caller that holds the data directory's run lock (`ogi.lock.RunLock`):
        another live writer's temp file looks exactly like a dead one's.
        """
        removed = 0
        if self.objects.exists():
            for tmp in self.objects.rglob(".tmp-*"):
                tmp.unlink(missing_ok=True)
                removed += 1
        return removed
