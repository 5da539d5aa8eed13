"""`ogi ingest`: local report files go through the same archive and loader as crawled ones.

A researcher's PDFs or a folder of saved pages are archived unedited (content-addressed,
with a `file` capture whose URL is the absolute path), parsed, and loaded one report per
transaction, exactly like a crawl; agency and year come from the parser. A file that cannot
be read, or whose agency or year cannot be determined, is rejected with a message naming it,
and the rest of the batch is unaffected. After loading, the cross-report checks run, the run
is closed and the read-only snapshot is published for `ogi sql`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from core.paths import DataPaths
from extract.archive import Archive, Capture
from transform.model import ParseResult
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.crosschecks import CrossCheckSummary, run_cross_checks
from warehouse.store.db import connect_writer
from warehouse.store.load import LoadOutcome, load_report, record_rejection
from warehouse.store.runs import RunSummary, finish_run, start_run

# Suffixes taken from a folder; a file named explicitly is tried whatever its suffix.
REPORT_SUFFIXES = frozenset(
    {".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx", ".doc", ".txt", ".md", ".markdown"}
)

Parser = Callable[[bytes, str], ParseResult]


@dataclass(frozen=True)
class IngestResult:
    outcomes: list[LoadOutcome]
    run: RunSummary
    checks: CrossCheckSummary
    snapshot: Path

    @property
    def rejected(self) -> list[LoadOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


def _skipped(relative: Path) -> bool:
    """Hidden entries, and the `<page>_files/` folders where browsers save a page's assets."""
    folders = relative.parts[:-1]
    return any(part.startswith(".") for part in relative.parts) or any(
        part.endswith("_files") for part in folders
    )


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named, and report-like files under folders named (sorted)."""
    for path in paths:
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if (
                    found.is_file()
                    and found.suffix.lower() in REPORT_SUFFIXES
                    and not _skipped(found.relative_to(path))
                ):
                    yield found
        else:
            yield path


def _ingest_one(con, archive: Archive, path: Path, parse: Parser, run_id: int) -> LoadOutcome:
    where = str(path.absolute())
    try:
        data = path.read_bytes()
    except OSError as exc:
        return record_rejection(con, where, f"cannot read the file: {exc.strerror or exc}", run_id)
    digest = archive.put(data)
    capture = archive.record(
        Capture(url=where, sha256=digest, size=len(data), role="file", meta={"path": str(path)})
    )
    try:
        result = parse(data, str(path))
    except Exception as exc:  # a parser bug must not sink the rest of the batch
        result = ParseResult(source=str(path), error=f"parser failed: {exc!r}")
    return load_report(con, result, capture, run_id)


def ingest(
    paths: Iterable[Path],
    data: DataPaths,
    parse: Parser | None = None,
    on_outcome: Callable[[LoadOutcome], None] | None = None,
) -> IngestResult:
    """Archive, parse and load the given files and folders, then check and publish."""
    if parse is None:
        from transform.parse import parse_contained as parse
    archive = Archive(data.raw)
    con = connect_writer(data.warehouse)
    outcomes: list[LoadOutcome] = []
    try:
        run_id = start_run(con, "ingest")
        try:
            for path in report_files(paths):
                outcome = _ingest_one(con, archive, path, parse, run_id)
                outcomes.append(outcome)
                if on_outcome:
                    on_outcome(outcome)
            checks = run_cross_checks(con)
        except BaseException as exc:
            finish_run(con, run_id, "failed", message=f"{type(exc).__name__}: {exc}")
            raise
        run = finish_run(con, run_id)
        snapshot = publish_snapshot(data, con)
    finally:
        con.close()
    return IngestResult(outcomes, run, checks, snapshot)
