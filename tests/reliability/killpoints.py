"""Run `ogi` in this process and SIGKILL it at a precise moment of the nightly run (test-only).

    OGI_KILL_AT=load.insert:3 python -m tests.reliability.killpoints run --data-dir D ...

Polling from outside cannot hit a load transaction or a snapshot copy that lasts a few
milliseconds, so the kill tests start the real `ogi run` through this launcher, which wraps
one function of the product before handing over to `ogi.cli.main`. Nothing in the product
reads `OGI_KILL_AT`; without it this is plain `ogi`. Each kill point dies the way a SIGKILL
(or the OOM killer) would leave things — no `finally`, no rollback, no close:

| point             | dies                                                                   |
|-------------------|------------------------------------------------------------------------|
| `fetch.object:N`  | writing the Nth archived body: half of it is in the object's temp file  |
| `fetch.log:N`     | appending the Nth capture with Chinese text: torn inside a character    |
| `parse.report:N`  | before parsing the Nth report                                           |
| `load.insert:N`   | inside the first load transaction, after its Nth INSERT, before COMMIT |
| `publish.copy`    | halfway through copying the warehouse to `published/*.tmp`              |
| `export.write:N`  | after the Nth parquet COPY into the export's staging directory          |
| `export.swap`     | between moving the old export aside and moving the new one in           |
"""

from __future__ import annotations

import os
import signal
import sys
import tempfile
import time
from pathlib import Path

ENV = "OGI_KILL_AT"
# With OGI_KILL_ACTION=stall the point does not kill: it prints `STALLED <pid>` on stderr and
# waits until the file OGI_STALL_RELEASE names exists (a run held open mid-way, lock held).
# With OGI_KILL_ACTION=SIGINT or SIGTERM it sends itself that signal and carries on, as an
# operator's Ctrl-C or `kill` would arrive at that moment (tests/reliability/test_signals.py).
ACTION_ENV, RELEASE_ENV = "OGI_KILL_ACTION", "OGI_STALL_RELEASE"
SIGNAL_ACTIONS = ("SIGINT", "SIGTERM")


def die() -> None:
    """SIGKILL this process, or (stall action) hold it here until the test releases it."""
    sys.stdout.flush()
    if os.environ.get(ACTION_ENV) in SIGNAL_ACTIONS:
        os.kill(os.getpid(), getattr(signal, os.environ[ACTION_ENV]))
        time.sleep(0.05)  # the handler runs in the main thread: let it see the signal first
        return
    if os.environ.get(ACTION_ENV) == "stall":
        release = Path(os.environ[RELEASE_ENV])
        print(f"STALLED {os.getpid()}", file=sys.stderr, flush=True)
        while not release.exists():
            time.sleep(0.05)
        return
    os.kill(os.getpid(), signal.SIGKILL)


def _after(n: int):
    """A counter that says True exactly on its nth call."""
    calls = [0]

    def nth() -> bool:
        calls[0] += 1
        return calls[0] == n

    return nth


def _fetch_object(n: int) -> None:
    from extract.archive import Archive, sha256_hex

    real, nth = Archive.put, _after(n)

    def put(self, data: bytes) -> str:
        if nth():
            target = self.path_for(sha256_hex(data))
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, _ = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            os.write(fd, data[: len(data) // 2])
            die()
        return real(self, data)

    Archive.put = put


def _fetch_log(n: int) -> None:
    from extract.archive import Archive

    real, nth = Archive.record, _after(n)

    def record(self, capture):
        line = (capture.to_json() + "\n").encode("utf-8")
        if not line.isascii() and nth():
            cut = len(line) // 2
            while cut < len(line) and line[cut] & 0xC0 != 0x80:  # inside a character
                cut += 1
            with open(self.log_path, "ab") as fh:
                fh.write(line[:cut])
            die()
        return real(self, capture)

    Archive.record = record


def _parse_report(n: int) -> None:
    import transform.parse as parse

    real, nth = parse.parse_contained, _after(n)

    def parse_contained(data, *args, **kwargs):
        if nth():
            die()
        return real(data, *args, **kwargs)

    parse.parse_contained = parse_contained


def _load_insert(n: int) -> None:
    import warehouse.store.load as load

    real, nth = load._insert_reports, _after(n)

    class DiesMidTransaction:
        def __init__(self, con):
            self.con = con

        def execute(self, sql, *args):
            result = self.con.execute(sql, *args)
            if sql.lstrip().upper().startswith("INSERT") and nth():
                die()
            return result

        def __getattr__(self, name):
            return getattr(self.con, name)

    def insert(con, plan, staged, register):
        return real(DiesMidTransaction(con), plan, staged, register)

    load._insert_reports = insert


def _publish_copy(_n: int) -> None:
    import warehouse.publish.snapshot as publish

    real = publish._copy_durably

    def copy(source: Path, target: Path) -> None:
        data = Path(source).read_bytes()
        with open(target, "wb") as fh:
            fh.write(data[: len(data) // 2])
        die()
        real(source, target)  # stalled, then released: finish the copy for real

    publish._copy_durably = copy


def _export_write(n: int) -> None:
    import warehouse.publish.export as export

    real, nth = export._copy, _after(n)

    def copy(con, query, target, options):
        real(con, query, target, options)
        if nth():
            die()

    export._copy = copy


def _export_swap(_n: int) -> None:
    real = Path.rename

    def rename(self, target):
        moved = real(self, target)
        if Path(target).name.endswith(".previous"):
            die()
        return moved

    Path.rename = rename


POINTS = {
    "fetch.object": _fetch_object,
    "fetch.log": _fetch_log,
    "parse.report": _parse_report,
    "load.insert": _load_insert,
    "publish.copy": _publish_copy,
    "export.write": _export_write,
    "export.swap": _export_swap,
}


def install(spec: str) -> None:
    point, _, n = spec.partition(":")
    if point not in POINTS:
        raise SystemExit(f"{ENV}={spec!r}: unknown kill point (known: {', '.join(POINTS)})")
    POINTS[point](int(n or 1))


def main() -> None:
    if os.environ.get(ENV):
        install(os.environ[ENV])
    from ogi.cli import main as ogi_main

    sys.argv = ["ogi", *sys.argv[1:]]
    ogi_main()


if __name__ == "__main__":
    main()
