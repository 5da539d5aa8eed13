"""The nightly flow: discover → fetch → parse → load → cross-report checks → publish → export.

Built from the functions extract, transform and warehouse already have; this module decides
only order, fan-out and what to tell the operator. Incremental by default: pages the sites
did not change are not downloaded again (conditional GETs), and only bytes the warehouse has
not yet derived with this parser are parsed and loaded. A run never leaves the warehouse
half-written for analysts: they read the published snapshot, which is replaced only after a
run's loads and checks have committed. Ctrl-C or SIGTERM stops a run at the next safe point
(`flows.stop`): its `load_run` row says `cancelled` and the flow run ends Cancelled.

    uv run python -m flows.nightly --help      (or `ogi run`)
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from prefect import State, flow, get_run_logger
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.states import Cancelled
from prefect.task_runners import ThreadPoolTaskRunner

from core.lock import RunLock
from core.paths import DataPaths
from extract.archive import Archive, Capture
from extract.candidates import current_reports, pending
from flows import stop
from flows.progress import reporter, ticks
from flows.report import RunReport
from flows.tasks import Scope, crawl_district, parse_reports, plan_crawls, registry
from transform.model import ParseResult

if TYPE_CHECKING:
    import duckdb

PARSE_BATCH = 40
THREADS = 8  # crawl tasks are one per district and mostly wait on the network


class RunFailed(RuntimeError):
    """The run finished but something needs attention; `report` says what."""

    def __init__(self, report: RunReport):
        super().__init__("; ".join(report.failures()[:3]) or "blocked, refused or missing items (--strict)")
        self.report = report


@dataclass(frozen=True)
class Options:
    data_dir: str | None = None
    scope: Scope = field(default_factory=Scope)
    reparse: bool = False
    strict: bool = False
    crawl_workers: int = 4


def _batches(items: list[Capture], size: int) -> list[list[Capture]]:
    it = iter(items)
    return list(iter(lambda: list(islice(it, size)), []))


@contextmanager
def _timed(report: RunReport, stage: str) -> Iterator[None]:
    started = time.monotonic()
    try:
        yield
    finally:
        report.stage_seconds[stage] = report.stage_seconds.get(stage, 0.0) + (time.monotonic() - started)


def _crawl(options: Options, paths: DataPaths, report: RunReport) -> None:
    plans = plan_crawls(options.scope)
    progress = reporter()
    progress.stage("crawl", len(plans))
    futures = [
        (
            district,
            crawl_district.submit(
                district,
                only,
                str(paths.raw),
                options.crawl_workers,
                options.scope.sources_file,
                options.scope.unofficial,
            ),
        )
        for district, only in plans
    ]
    for district, future in futures:
        future.wait()
        state = future.state
        if state.is_completed():
            report.add_crawl(future.result())
        else:  # one district's crash is that district's failure, not the run's end
            report.crashed_districts.append(f"{district}: {state.message}")
        progress.advance("crawl")
    stop.check("crawl")


def _parse(captures: list[Capture], paths: DataPaths) -> list[tuple[ParseResult, Capture]]:
    progress = reporter()
    progress.stage("parse", len(captures))
    batches = _batches(captures, PARSE_BATCH)
    futures = [parse_reports.submit(batch, str(paths.raw)) for batch in batches]
    parsed: list[tuple[ParseResult, Capture]] = []
    for batch, future in zip(batches, futures, strict=True):
        results = future.result()
        stop.check("parse")  # a batch cut short by a stop returns fewer results
        parsed.extend(zip(results, batch, strict=True))
        progress.advance("parse", len(batch))
    return parsed


T = TypeVar("T")


def _until_stopped(items: Iterable[T], where: str) -> Iterator[T]:
    """`items`, asking before each whether to stop: the loader takes them lazily, one
    transaction per batch, so a stop ends the load between two committed batches."""
    for item in items:
        stop.check(where)
        yield item


def _record_walls(con: duckdb.DuckDBPyConnection, paths: DataPaths) -> None:
    from warehouse.store.walls import record_walls, walls_in_archive

    record_walls(con, walls_in_archive(paths.raw))


def _load(options: Options, paths: DataPaths, report: RunReport) -> None:
    from warehouse.agencies.resolve import facts_for_capture
    from warehouse.publish.snapshot import publish_snapshot
    from warehouse.store.crosschecks import run_cross_checks
    from warehouse.store.db import connect_writer
    from warehouse.store.load import LoadItem, load_reports
    from warehouse.store.reparse import reparse
    from warehouse.store.runs import derived_content, finish_run, start_run

    archive = Archive(paths.raw)
    con = connect_writer(paths.warehouse)
    run_id = None
    try:
        run_id = report.run_id = start_run(con, "reparse" if options.reparse else "nightly")
        if options.reparse:
            outcomes = reparse(con, archive, run_id)
        else:
            derived = derived_content(con)
            keys = {s.key for s in report.sources}
            captures = [
                c
                for c in pending(current_reports(archive, keys), derived.__contains__)
                if options.scope.keep_year(c.meta.get("year"))
            ]
            with _timed(report, "parse"):
                parsed = _parse(captures, paths)
            report.add_parse([r for r, _ in parsed])
            report.report_checks_failed = sum(c.status == "fail" for r, _ in parsed for c in r.checks)
            reporter().stage("load", len(parsed))
            with _timed(report, "load"):
                items = (
                    LoadItem(r, c, facts_for_capture(c, registry(options.scope.sources_file)))
                    for r, c in parsed
                )
                outcomes = load_reports(con, _until_stopped(items, "load"), run_id)
                _record_walls(con, paths)
            reporter().advance("load", len(parsed))
        stop.check("load")
        for outcome in outcomes:
            report.loads[outcome.status] += 1
            if outcome.status == "rejected":
                report.load_rejections.append(f"{outcome.source}: {outcome.reason}")
        with _timed(report, "checks"):
            report.cross_checks_failed = run_cross_checks(con).failed
        stop.check("checks")
        finish_run(con, run_id, "succeeded")
        with _timed(report, "publish"):
            report.snapshot = str(publish_snapshot(paths, con))
    except stop.StopRequested as exc:
        if run_id is not None:
            finish_run(con, run_id, "cancelled", message=str(exc))
            exc.recorded = True
        raise
    except BaseException as exc:
        if run_id is not None:
            finish_run(con, run_id, "failed", message=f"{type(exc).__name__}: {exc}"[:500])
        raise
    finally:
        con.close()


def _record_cancelled(options: Options, paths: DataPaths, report: RunReport, exc: stop.StopRequested) -> None:
    """Mark the run `cancelled` in `load_run`: one stopped before it opened the warehouse gets
    its row now; one stopped after its loads and snapshot (during export or site) says which
    stage it did not finish (the loads stand: each committed whole)."""
    from warehouse.store.db import connect_writer
    from warehouse.store.runs import finish_run, start_run

    con = connect_writer(paths.warehouse)
    try:
        if report.run_id is None:
            report.run_id = start_run(con, "reparse" if options.reparse else "nightly")
        finish_run(
            con,
            report.run_id,
            "cancelled",
            message=f"{exc}; loads and snapshot complete" if report.snapshot else str(exc),
        )
    finally:
        con.close()


def _publish(paths: DataPaths, report: RunReport) -> None:
    """Parquet for researchers, then the static site (built from the snapshot and exports)."""
    from warehouse.publish.export import export
    from warehouse.site import build_site

    stop.check("publish")
    with _timed(report, "export"):
        exported = export(paths, run_id=report.run_id, skip_unchanged=True, on_file=ticks("export"))
        report.export_dir = str(exported.out_dir)
    stop.check("export")
    with _timed(report, "site"):
        report.site_index = str(build_site(paths, on_page=ticks("site")))


def run_pipeline(options: Options) -> RunReport:
    """The whole run under the data directory's lock (a second run exits at once)."""
    paths = DataPaths.resolve(options.data_dir)
    report = RunReport(started=time.time())
    with RunLock(paths.lock, "nightly run"):
        Archive(paths.raw).sweep_temp_files()  # a killed run's half-written bodies
        try:
            if not options.reparse:
                with _timed(report, "crawl"):
                    _crawl(options, paths, report)
            _load(options, paths, report)
            _publish(paths, report)
        except stop.StopRequested as exc:
            if not exc.recorded:
                _record_cancelled(options, paths, report, exc)
            report.cancelled = str(exc)
    report.seconds = time.time() - report.started
    if report.cancelled:
        report.status = "cancelled"
    else:
        report.status = "failed" if report.failed(options.strict) else "succeeded"
    return report


def finish(report: RunReport, strict: bool) -> RunReport | State[Any]:
    """Tell the operator (artifacts, log) and make the flow's state say how it ended: the
    report (Completed), `RunFailed` (Failed) or, for a stopped run, a Cancelled state."""
    logger = get_run_logger()
    create_markdown_artifact(
        key="nightly-summary", markdown=report.markdown(), description="What the nightly run did"
    )
    if report.sources:
        create_table_artifact(
            key="nightly-sources", table=report.source_rows(), description="Per-source crawl counts"
        )
    logger.info(
        "run %s %s in %.1f s: %d failures, %d listed items",
        report.run_id,
        report.status,
        report.seconds,
        len(report.failures()),
        len(report.listed()),
    )
    if report.cancelled:
        return Cancelled(message=report.cancelled, data=report)
    if report.failed(strict):
        raise RunFailed(report)
    return report


# Prefect annotates `task_runner` as TaskRunner[PrefectFuture[Any]], invariant in the future type,
# which none of its own runners match (Prefect casts internally): a gap in its types, hence the ignore.
@flow(name="ogi-nightly", task_runner=ThreadPoolTaskRunner(max_workers=THREADS))  # type: ignore[arg-type]
def nightly(
    data_dir: str | None = None,
    sources: list[str] | None = None,
    district: str | None = None,
    since_year: int | None = None,
    url: str | None = None,
    reparse: bool = False,
    strict: bool = False,
    crawl_workers: int = 4,
    unofficial: bool = False,
) -> RunReport | State[Any]:
    """Crawl the registry (or part of it), parse what is new, load, check, publish, export."""
    scope = Scope(tuple(sources or ()), district, since_year, url, unofficial=unofficial)
    options = Options(data_dir, scope, reparse, strict, crawl_workers)
    with stop.graceful_stop():
        return finish(run_pipeline(options), strict)
