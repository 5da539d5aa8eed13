"""OCR seconds per page on one core, by stage: render, detect, recognise, the rest (deskew,
borders, regions).

    uv run python bench/ocr_throughput.py [SCAN.pdf ...] [--pages N] [--det-side PX]

Without files it scans two of the mirror's own reports (tests/fixtures/scan/variants.py) at
150 dpi. Times are CPU seconds of this process (`time.process_time`): the OCR runtime runs one
thread, so CPU time is what a page costs a core, and it does not move when other jobs share
the machine (wall time does; it is printed too). `--det-side` tries a detector input limit
(longest side, pixels) instead of the full page, to see what detection costs against what it
finds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium

from transform.readers import ocr

STAGES = ("render", "detect", "recognise", "rest")  # rest: deskew, borders, regions


def _scans(paths: list[str]) -> list[tuple[str, bytes]]:
    if paths:
        return [(p, Path(p).read_bytes()) for p in paths]
    from tests.fixtures.scan.variants import Damage, mirror_pdf, page_images, scan_pdf

    out = []
    for seed in (1, 2):
        pdf, _truth = mirror_pdf(seed)
        out.append((f"mirror-{seed}", scan_pdf(page_images(pdf, Damage(), seed), Damage())))
    return out


def _timed(name: str, function, spent: dict[str, float]):
    def wrapper(*args):
        t = time.process_time()
        try:
            return function(*args)
        finally:
            spent[name] += time.process_time() - t

    return wrapper


def _page(page) -> tuple[dict[str, float], int]:
    """CPU seconds of each stage for one page, and the number of text boxes read. The page is
    recognised by `ocr.recognise` itself, with its detector and recogniser calls timed."""
    spent = dict.fromkeys(STAGES, 0.0)
    t = time.process_time()
    image, dpi = ocr.render_pdf_page(page)
    spent["render"] = time.process_time() - t
    detect, read = ocr.detect, ocr.read
    ocr.detect, ocr.read = _timed("detect", detect, spent), _timed("recognise", read, spent)
    try:
        t = time.process_time()
        found = len(ocr.recognise(image, dpi).boxes)
        total = time.process_time() - t
    finally:
        ocr.detect, ocr.read = detect, read
    spent["rest"] = total - spent["detect"] - spent["recognise"]
    return spent, found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--pages", type=int, default=20, help="pages measured at most")
    ap.add_argument("--det-side", type=int, default=0, help="detector input limit (longest side)")
    args = ap.parse_args()
    engine = ocr._engine()  # model loading is paid once per worker, not per page
    if args.det_side:
        engine.text_det.limit_type, engine.text_det.limit_side_len = "max", args.det_side
    per_page: list[dict[str, float]] = []
    boxes = 0
    wall = time.perf_counter()
    for name, data in _scans(args.files):
        pdf = pdfium.PdfDocument(data)
        for index in range(len(pdf)):
            if len(per_page) >= args.pages:
                break
            spent, found = _page(pdf[index])
            per_page.append(spent)
            boxes += found
            print(
                f"{name} p{index + 1}: "
                + " ".join(f"{s} {spent[s]:.2f}" for s in STAGES)
                + f"  total {sum(spent.values()):.2f} s, {found} boxes"
            )
        pdf.close()
    wall = time.perf_counter() - wall
    totals = [sum(p.values()) for p in per_page]
    print(
        f"\n{len(per_page)} pages, {boxes} text boxes; CPU s/page: median {statistics.median(totals):.2f}, "
        f"mean {statistics.mean(totals):.2f}, max {max(totals):.2f}; wall {wall / len(per_page):.2f} s/page"
    )
    for stage in STAGES:
        print(f"  {stage:10s} median {statistics.median(p[stage] for p in per_page):.2f} s")


if __name__ == "__main__":
    main()
