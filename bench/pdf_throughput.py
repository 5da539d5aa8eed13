"""PDF parse time per file beside `pdftotext -layout` on the same born-digital report PDFs.

One core (`os.sched_setaffinity`); our imports and a warm-up pass are excluded, and so is
pdftotext's process start-up (its time on a one-page PDF, subtracted). Times are CPU seconds
(ours: `time.process_time`; pdftotext: its children's user + system time), so neighbours on
a shared machine do not move them as they move wall time; the slowest file is named. "reader" is PDFium and
the positional table finder alone (`read_pdf` → Document); "to facts" adds everything after
it — rows, sections, table mappers, checks — as `parse_bytes` does in-process. pdftotext only
extracts text, so it is the floor a PDF reader can hope for, not a like-for-like rival.

    uv run python bench/pdf_throughput.py [--forms DIR ...] [--repeat 5] [-v]

`-v` prints every file's times and ratio, slowest beside pdftotext first.

Files: the real report PDFs of the development corpus (where this machine has it), plus
every chrome.pdf, office.pdf and docx.pdf under each --forms DIR (re-published mirror reports).
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import tempfile
from pathlib import Path

from timing import best_of, cpu_seconds, one_core

ROOT = Path(__file__).resolve().parent.parent
PRODUCERS = ("chrome.pdf", "office.pdf", "docx.pdf")


def files(forms: list[Path]) -> list[tuple[str, Path]]:
    from mirror import corpus

    out = [("corpus", p) for p in corpus.sources_with_suffix(".pdf")]
    for folder in forms:
        for name in PRODUCERS:
            out.extend((name, p) for p in sorted(folder.glob(f"*/{name}")))
    return out


def pdftotext_startup(repeat: int) -> float:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(72, 720, "x")
    page.save()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tiny:
        tiny.write(buf.getvalue())
        tiny.flush()
        return best_of(repeat, lambda: _pdftotext(Path(tiny.name)), cpu_seconds)


def _pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=Path, action="append", default=[])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("-v", "--verbose", action="store_true", help="every file's times and ratio")
    args = ap.parse_args()
    one_core()

    from transform.model import ParseResult
    from transform.parse import _fill
    from transform.readers.pdf import read_pdf

    def to_facts(data: bytes) -> None:
        _fill(ParseResult(source="bench.pdf", form="pdf"), read_pdf(data))

    startup = pdftotext_startup(args.repeat)
    rows: dict[str, list[tuple[float, float, float]]] = {}
    per_file: list[tuple[float, Path, float, float, float]] = []
    for kind, path in files(args.forms):
        data = path.read_bytes()
        to_facts(data)  # warm-up: imports, caches
        reader = best_of(args.repeat, lambda data=data: read_pdf(data), cpu_seconds)
        facts = best_of(args.repeat, lambda data=data: to_facts(data), cpu_seconds)
        text = max(best_of(args.repeat, lambda path=path: _pdftotext(path), cpu_seconds) - startup, 1e-4)
        rows.setdefault(kind, []).append((reader, facts, text))
        per_file.append((facts / text, path, reader, facts, text))
    per_file.sort(key=lambda f: f[0], reverse=True)
    if args.verbose:
        for ratio, path, reader, facts, text in per_file:
            print(
                f"{ratio:5.2f}×  reader {reader * 1000:6.1f}  facts {facts * 1000:6.1f}"
                f"  pdftotext {text * 1000:6.1f} ms  {path}"
            )
    print(f"pdftotext start-up (subtracted): {startup * 1000:.1f} ms")
    print(
        f"{'files':<12}{'n':>4}{'reader ms':>11}{'to facts ms':>13}{'pdftotext ms':>14}"
        f"{'ratio':>8}{'worst':>8}"
    )
    for kind, measured in rows.items():
        reader, facts, text = (statistics.median(m[i] for m in measured) for i in range(3))
        ratios = [m[1] / m[2] for m in measured]
        print(
            f"{kind:<12}{len(measured):>4}{reader * 1000:>11.1f}{facts * 1000:>13.1f}"
            f"{text * 1000:>14.1f}{statistics.median(ratios):>7.1f}×{max(ratios):>7.1f}×"
        )
    if per_file:
        print(f"slowest beside pdftotext: {per_file[0][1]} ({per_file[0][0]:.2f}×)")


if __name__ == "__main__":
    main()
