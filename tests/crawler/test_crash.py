"""A crawl killed mid-way loses nothing already written, and the next crawl resumes cheaply."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

from extract.archive import Archive
from extract.crawl import crawl

from .test_mirror_crawl import mirror_client


def test_sigkill_mid_crawl_leaves_a_consistent_archive_and_a_cheap_resume(mirror, registry, tmp_path):
    env = {**os.environ, **mirror.env()}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from ogi.cli import main; main()",
            "crawl",
            "--district",
            "haicang",
            "--data-dir",
            str(tmp_path),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    log = tmp_path / "raw" / "captures.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if log.exists() and log.read_bytes().count(b"\n") >= 12:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    archive = Archive(tmp_path / "raw")
    before = list(archive.captures())
    assert len(before) >= 12
    for cap in before:
        if cap.sha256:
            data = archive.read(cap.sha256)
            assert len(data) == cap.size and hashlib.sha256(data).hexdigest() == cap.sha256

    mirror.reset_log()
    summary = crawl(
        [],
        archive,
        mirror_client(mirror),
        districts=[registry.district("haicang")],
        registry_politeness=False,
    )
    expected = {
        r["url"]
        for r in mirror.manifest["reports"]
        if r["source"].startswith("haicang/") and r["expected_outcome"] == "ok"
    }
    assert expected <= {r.url for r in summary.reports}
    stored = {c.url for c in before if c.sha256 and c.outcome == "ok"}
    refetched = [
        r
        for r in mirror.requests
        if r.status == 200
        and r.bytes_sent
        and f"https://{r.host}{r.path}" in stored
        and r.path != "/robots.txt"
    ]  # served without validators: fetched per crawl
    assert refetched == [], [(r.path, r.if_none_match) for r in refetched]
