"""The raw archive under a torn write, concurrent writers and hostile names.

A killed run can leave half a line at the end of `captures.jsonl`; the next run appends to
the same file. Crawl tasks run on threads, one per district, each with its own `Archive`
object on the same directory, so appends race.
"""

from __future__ import annotations

import threading

import pytest

from extract.archive import Archive, Capture


def _capture(archive: Archive, n: int, meta_kb: int = 0) -> Capture:
    sha = archive.put(f"body {n}".encode())
    return Capture(
        url=f"http://www.x.gov.cn/{n}.htm",
        sha256=sha,
        size=len(f"body {n}"),
        role="detail",
        meta={"title": "报告" * (meta_kb * 512), "n": n},
    )


@pytest.mark.parametrize("cut", ["mid-line", "mid-character"])
def test_a_capture_appended_after_a_torn_line_is_kept(tmp_path, ledger, cut):
    archive = Archive(tmp_path / "raw")
    archive.record(_capture(archive, 1))
    torn = _capture(archive, 2, meta_kb=1).to_json().encode("utf-8")
    at = len(torn) // 2
    while (torn[at] & 0xC0 == 0x80) != (cut == "mid-character"):  # inside 报 or not
        at += 1
    with open(archive.log_path, "ab") as fh:
        fh.write(torn[:at])  # the run died mid-append
    later = Archive(tmp_path / "raw")  # the next run
    later.record(_capture(later, 3))
    later.record(_capture(later, 4))
    read = [c.meta["n"] for c in later.captures()]
    assert read == [1, 3, 4]
    ledger.record(
        f"capture log torn {cut}, then appended to",
        "process",
        outcome="torn line skipped, every other capture readable",
        lost=3 - len(read),
    )


@pytest.mark.parametrize("meta_kb", [0, 64])  # 64 KB lines are written in several syscalls
def test_threads_with_their_own_archive_objects_never_interleave_lines(tmp_path, ledger, meta_kb):
    writers, per_writer = 8, 40
    barrier = threading.Barrier(writers)

    def write(w: int) -> None:
        archive = Archive(tmp_path / "raw")  # as each district's crawl task does
        barrier.wait()
        for i in range(per_writer):
            archive.record(_capture(archive, w * 1000 + i, meta_kb))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lines = (tmp_path / "raw" / "captures.jsonl").read_text(encoding="utf-8").splitlines()
    read = sorted(c.meta["n"] for c in Archive(tmp_path / "raw").captures())
    expected = sorted(w * 1000 + i for w in range(writers) for i in range(per_writer))
    lost = len(expected) - len(read)
    assert read == expected and len(lines) == len(expected)
    ledger.record(
        f"{writers} threads appending {meta_kb or 'small'}{' KB' if meta_kb else ''} captures at once",
        "concurrency",
        injected=len(expected),
        outcome="every line whole and readable",
        lost=lost,
        corrupted=len(lines) - len(read),
    )


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "aa/../../x", "0" * 63 + "/", "A" * 64, "", "0" * 64 + "\x00"]
)
def test_archive_paths_come_only_from_a_sha256(tmp_path, name):
    archive = Archive(tmp_path / "raw")
    with pytest.raises(ValueError, match="not a sha256"):
        archive.path_for(name)
