"""PDF, image and OCR work in the sandbox worker: a bomb or a hang costs its file, never the run.

Each hostile file ends in a clear error for that file, within the worker's limits (its
address space is capped, every step is timed), and the files after it in the same batch still
parse. Time limits are lowered here (the parent enforces them, so patching the constant in
this process is enough) to keep the suite fast; memory is the real 2 GB limit.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.parser.test_image import png_declaring
from tests.reliability.generated import mirror_pdfs
from transform import sandbox
from transform.errors import UnreadableReport
from transform.parse import parse_bytes

REPO = Path(__file__).resolve().parents[2]
GB = 1024**3


def _good_pdf() -> bytes:
    return mirror_pdfs(1)[0]


def _pdf(objects: list[bytes], trailer_root: int = 1) -> bytes:
    """A PDF of numbered objects (1, 2, …) with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_root,
        xref,
    )
    return bytes(out)


def _stream(attributes: bytes, data: bytes) -> bytes:
    return b"<< " + attributes + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


@functools.cache
def object_stream_bomb(expanded: int) -> bytes:
    """A PDF whose page object lives in an object stream that inflates to `expanded` bytes
    (the page dictionary, then blanks): opening the page makes the engine inflate it whole."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>"
    header = b"3 0 "
    deflate = zlib.compressobj(9)
    packed = [deflate.compress(header + page)]
    blanks = b" " * (16 * 1024 * 1024)
    for _ in range(expanded // len(blanks)):
        packed.append(deflate.compress(blanks))
    packed.append(deflate.flush())
    content = b"BT /F1 12 Tf 72 720 Td (report) Tj ET"
    body = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        None,  # object 3 is compressed, inside object 5
        _stream(b"", content),
        _stream(b"/Type /ObjStm /N 1 /First %d /Filter /FlateDecode" % len(header), b"".join(packed)),
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    rows = [b"\x00" + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big")]
    for number, obj in enumerate(body, start=1):
        if obj is None:
            rows.append(b"\x02" + (5).to_bytes(4, "big") + (0).to_bytes(2, "big"))
            continue
        rows.append(b"\x01" + len(out).to_bytes(4, "big") + (0).to_bytes(2, "big"))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref_at = len(out)
    rows.append(b"\x01" + xref_at.to_bytes(4, "big") + (0).to_bytes(2, "big"))
    table = b"".join(rows)
    out += b"6 0 obj\n" + _stream(b"/Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R", table) + b"\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def repeated_form_pdf(repeats: int, glyphs: int) -> bytes:
    """A small page whose content draws one form XObject (`glyphs` characters) `repeats`
    times: a few KB that make a text layer of repeats × glyphs characters."""
    form = b"BT /F1 6 Tf 20 800 Td (" + b"0" * glyphs + b") Tj ET"
    content = b"q /Fm1 Do Q\n" * repeats
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /XObject << /Fm1 5 0 R >> /Font << /F1 6 0 R >> >> >>",
            _stream(b"/Filter /FlateDecode", zlib.compress(content)),
            _stream(
                b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 6 0 R >> >>",
                form,
            ),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


@pytest.fixture
def short_steps(monkeypatch):
    """A step limit of seconds instead of minutes (enforced by this, the parent, process)."""
    monkeypatch.setattr(sandbox, "STEP_TIME_LIMIT_S", 8)
    monkeypatch.setattr(sandbox, "STARTUP_ALLOWANCE_S", 30)


def test_a_hang_costs_its_file_and_the_next_call_gets_a_fresh_worker(short_steps):
    first = sandbox.run(os.getpid)
    started = time.monotonic()
    with pytest.raises(UnreadableReport, match=r"took longer than 8 s"):
        sandbox.run(time.sleep, 600)
    assert time.monotonic() - started < 60
    assert sandbox.run(os.getpid) != first  # the hung worker was killed and replaced
    assert sandbox.run(sum, [1, 2, 3]) == 6


def test_a_worker_that_runs_out_of_memory_says_so_and_the_parent_is_untouched():
    with pytest.raises(UnreadableReport, match=r"exceeded the 2 GB memory limit"):
        sandbox.run(bytearray, 3 * GB)
    assert sandbox.run(len, b"still here") == 10


def test_a_crashed_worker_is_one_file_s_error():
    with pytest.raises(UnreadableReport, match=r"crashed \(signal SIGABRT\)"):
        sandbox.run(os.abort)
    assert sandbox.run(max, [3, 9]) == 9


def test_a_reader_s_own_error_comes_back_as_itself():
    with pytest.raises(ValueError, match="invalid literal"):
        sandbox.run(int, "一")


def test_in_process_mode_runs_the_work_here(monkeypatch):
    monkeypatch.setenv(sandbox.SANDBOX_ENV, "off")
    assert sandbox.run(os.getpid) == os.getpid()


def test_the_worker_dies_with_its_parent():
    script = (
        "import os, sys\nfrom transform import sandbox\n"
        "print(sandbox.run(os.getpid), flush=True)\nos.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_an_object_stream_bomb_is_one_file_s_clear_error():
    result = parse_bytes(object_stream_bomb(3 * GB), "objstm-bomb.pdf")
    assert result.error and result.error.startswith("unreadable pdf file"), result.error
    assert re.search(r"memory limit|decompression bomb|damaged|cannot", result.error), result.error
    assert sandbox.run(len, b"ok") == 2


def test_a_page_drawing_a_form_ten_thousand_times_is_one_file_s_clear_error(short_steps):
    result = parse_bytes(repeated_form_pdf(10_000, 400), "repeated-form.pdf")
    assert result.error, "4 million characters from one small page must not be laid out"
    assert re.search(r"took longer than 8 s|memory limit", result.error), result.error


def test_the_rest_of_a_batch_still_parses(tmp_path):
    """`ogi parse good.pdf bomb.png objstm-bomb.pdf good.pdf`: one line per file, in order;
    the bombs say what they are, the good files around them are read."""
    files = {
        "a.pdf": _good_pdf(),
        "bomb.png": png_declaring(100_000, 100_000),
        "objstm.pdf": object_stream_bomb(3 * GB),
        "b.pdf": _good_pdf(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    done = subprocess.run(
        [sys.executable, "-m", "ogi", "parse", *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["source"] for r in results] == list(files)
    good = [r for r in results if r["source"].endswith(("a.pdf", "b.pdf"))]
    assert all(r.get("applications") and not r.get("error") for r in good)
    assert "decompression bomb" in results[1]["error"]
    assert results[2]["error"].startswith("unreadable pdf file")
    assert good[0]["applications"] == good[1]["applications"]


def test_an_interrupted_run_leaves_no_worker_behind(tmp_path):
    """SIGINT to `ogi parse` mid-file: the parent exits and its worker goes with it."""
    (tmp_path / "bomb.pdf").write_bytes(repeated_form_pdf(10_000, 400))
    process = subprocess.Popen(
        [sys.executable, "-m", "ogi", "parse", "bomb.pdf"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and not workers:
        workers = _children(process.pid)
        time.sleep(0.2)
    assert workers, "the parse never started a worker"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    end = time.monotonic() + 10
    while time.monotonic() < end and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{pid}$", text, re.M):
            found.append(int(status.parent.name))
    return found
