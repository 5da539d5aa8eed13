"""`ogi ingest`: local files and other people's archives go through the same archive and loader
as crawled reports.

Three kinds of input, told apart by what they are:
- report files (a researcher's PDFs, saved pages): archived unedited with a `file` capture
  whose URL is the absolute path, parsed, loaded one report per transaction; agency and
  year come from the parser. A file the parser cannot read is rejected with the parser's
  own reason (the one `ogi parse` prints), one that names no agency or year with that;
- folder archives, one folder per saved page (`extract.archive_tree`);
- web archives, `.warc` / `.warc.gz` (`extract.warc_import`): restored, replayed through the
  registry crawl, or described by the crawl's rules.
Pages and records from archives are captures like a crawl's, so which of them are reports,
and how they load (registry facts, a failed parse kept as such), is decided exactly as for
the nightly run's. After loading, the cross-report checks run and the run is closed: as
failed when nothing was found or every input was rejected, and only then is the read-only
snapshot left as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from core.paths import DataPaths
from extract.archive import Archive, Capture
from extract.archive_tree import PAGE_FILES, is_page_folder, read_page_folder, tree_captures
from extract.candidates import latest_reports, pending
from extract.warc import is_warc
from extract.warc_import import Quiet, Stages, WarcImport, import_warcs
from transform.model import Parser, ParseResult
from warehouse.publish.snapshot import publish_snapshot
from warehouse.store.crosschecks import CrossCheckSummary, run_cross_checks
from warehouse.store.db import connect_writer
from warehouse.store.load import LoadItem, LoadOutcome, load_report, load_reports, record_rejection
from warehouse.store.runs import RunSummary, finish_run, start_run

if TYPE_CHECKING:
    import duckdb

    from extract.registry import Registry

# Suffixes taken from a folder; a file named explicitly is tried whatever its suffix.
REPORT_SUFFIXES = frozenset(
    {".html", ".htm", ".shtml", ".xhtml", ".pdf", ".docx", ".doc", ".txt", ".md", ".markdown"}
)
# Archived reports are parsed and loaded this many per transaction (the nightly run's batch).
LOAD_BATCH = 40


@dataclass(frozen=True)
class IngestItem:
    """One input's fate, with what its own parse said: failing checks and any error."""

    outcome: LoadOutcome
    failed_checks: tuple[str, ...] = ()
    parse_error: str | None = None


@dataclass(frozen=True)
class Inputs:
    files: list[Path] = field(default_factory=list)
    page_folders: list[Path] = field(default_factory=list)
    warcs: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class IngestResult:
    items: list[IngestItem]
    run: RunSummary
    checks: CrossCheckSummary
    snapshot: Path | None
    inputs: Inputs
    warc: WarcImport | None = None

    @property
    def outcomes(self) -> list[LoadOutcome]:
        return [item.outcome for item in self.items]

    @property
    def rejected(self) -> list[LoadOutcome]:
        return [o for o in self.outcomes if o.status == "rejected"]


def _skipped(relative: Path) -> bool:
    """Hidden entries, and the `<page>_files/` folders where browsers save a page's assets."""
    folders = relative.parts[:-1]
    return any(part.startswith(".") for part in relative.parts) or any(
        part.endswith("_files") for part in folders
    )


def gather(paths: Iterable[Path]) -> Inputs:
    """Report files, page folders and web archives named, or found under folders named."""
    inputs = Inputs()
    for path in paths:
        if not path.is_dir():
            if is_warc(path):
                inputs.warcs.append(path)
            elif path.name in PAGE_FILES and is_page_folder(path.parent):
                inputs.page_folders.append(path.parent)
            else:
                inputs.files.append(path)
            continue
        found = sorted(p for p in path.rglob("*") if not _skipped(p.relative_to(path)))
        pages = [p for p in [path, *found] if p.is_dir() and is_page_folder(p)]
        inputs.page_folders.extend(pages)
        in_pages = set(pages)  # a page folder's files are the page's, not reports of their own
        for file in found:
            if not file.is_file() or any(parent in in_pages for parent in file.parents):
                continue
            if is_warc(file):
                inputs.warcs.append(file)
            elif file.suffix.lower() in REPORT_SUFFIXES:
                inputs.files.append(file)
    return inputs


def report_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The plain report files among `paths` (sorted within each folder)."""
    yield from gather(paths).files


def _failing(result: ParseResult) -> tuple[str, ...]:
    return tuple(c.rule for c in result.checks if c.status == "fail")


def _parsed(parse: Parser, data: bytes, source: str) -> ParseResult:
    try:
        return parse(data, source)
    except Exception as exc:  # a parser bug must not sink the rest of the batch
        return ParseResult(source=source, error=f"parser failed: {exc!r}")


def _ingest_file(
    con: duckdb.DuckDBPyConnection, archive: Archive, path: Path, parse: Parser, run_id: int
) -> IngestItem:
    where = str(path.absolute())
    try:
        data = path.read_bytes()
    except OSError as exc:
        reason = f"cannot read the file: {exc.strerror or exc}"
        return IngestItem(record_rejection(con, where, reason, run_id))
    digest = archive.put(data)
    capture = archive.record(
        Capture(url=where, sha256=digest, size=len(data), role="file", meta={"path": str(path)})
    )
    result = _parsed(parse, data, str(path))
    if result.error:  # a file has nothing but its bytes to go on: the parser's reason stands
        return IngestItem(record_rejection(con, where, result.error, run_id, digest), (), result.error)
    return IngestItem(load_report(con, result, capture, run_id), _failing(result))


def _batches(items: Sequence[Capture], size: int) -> Iterator[list[Capture]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _load_captures(
    con: duckdb.DuckDBPyConnection,
    archive: Archive,
    captures: list[Capture],
    parse: Parser,
    run_id: int,
    registry: Registry | None,
    progress: Stages,
) -> Iterator[IngestItem]:
    """Load the reports among archive captures as the nightly run loads a crawl's."""
    from warehouse.agencies.resolve import facts_for_capture

    reports = pending(latest_reports(captures), lambda _: False)
    progress.stage("load", len(reports))
    for batch in _batches(reports, LOAD_BATCH):
        parsed = [_parsed(parse, archive.read(c.sha256), c.url) for c in batch]
        items = [LoadItem(r, c, facts_for_capture(c, registry)) for r, c in zip(parsed, batch, strict=True)]
        for result, outcome in zip(parsed, load_reports(con, items, run_id), strict=True):
            yield IngestItem(outcome, _failing(result), result.error)
        progress.advance("load", len(batch))


def _run_status(items: list[IngestItem]) -> tuple[str, str | None]:
    if not items:
        return "failed", "no reports found in the given paths"
    if all(item.outcome.status == "rejected" for item in items):
        return "failed", f"every one of the {len(items)} report(s) found was rejected"
    return "succeeded", None


def ingest(
    paths: Iterable[Path],
    data: DataPaths,
    parse: Parser | None = None,
    on_outcome: Callable[[IngestItem], None] | None = None,
    progress: Stages | None = None,
) -> IngestResult:
    """Archive, parse and load the given files, folders and web archives; check; publish."""
    if parse is None:
        from transform.parse import parse_contained

        parse = parse_contained
    progress = progress or Quiet()
    inputs = gather(paths)
    archive = Archive(data.raw)
    con = connect_writer(data.warehouse)
    items: list[IngestItem] = []
    warc = None

    def keep(item: IngestItem) -> None:
        items.append(item)
        if on_outcome:
            on_outcome(item)

    try:
        run_id = start_run(con, "ingest")
        try:
            if inputs.files:
                progress.stage("files", len(inputs.files))
            for path in inputs.files:
                keep(_ingest_file(con, archive, path, parse, run_id))
                progress.advance("files")
            captures = [
                c for folder in inputs.page_folders for c in tree_captures(read_page_folder(folder), archive)
            ]
            registry = None
            if inputs.warcs:
                from extract.registry import load_registry

                registry = load_registry()
                warc = import_warcs(inputs.warcs, archive, registry, progress)
                captures += warc.captures
            for item in _load_captures(con, archive, captures, parse, run_id, registry, progress):
                keep(item)
            checks = run_cross_checks(con)
        except BaseException as exc:
            finish_run(con, run_id, "failed", message=f"{type(exc).__name__}: {exc}"[:500])
            raise
        status, message = _run_status(items)
        run = finish_run(con, run_id, status, message)
        snapshot = publish_snapshot(data, con) if status == "succeeded" else None
    finally:
        con.close()
    return IngestResult(items, run, checks, snapshot, inputs, warc)
