"""Loading parse results into the warehouse: idempotent, revision-aware, never partial.

Interface for the flows (the flows hold no SQL):

    outcome = load_report(con, result, capture, run_id, agency=facts)   # one transaction
    outcomes = load_reports(con, items, run_id)                          # batches of reports

Every report is written whole or not at all: its report row, lineage, facts, checks and
narrative go in through staging tables (`warehouse.store.staging`) in one transaction, never
row by row. `load_reports` puts a batch of reports in one transaction for throughput (a crash
loses the batch, never part of a report); if the batch fails, its reports are retried one by
one so a single bad report is rejected alone.

What happens to a report (`LoadOutcome.status`):
- `new`: first report for its agency and year;
- `revision`: a different report for an agency and year already loaded; both stay, and
  `warehouse.store.current` decides which is current;
- `unchanged`: the same capture (URL and bytes: the `report_id`), agency, year and parser
  version are loaded already, or the bytes differ but the content is that of the current
  report (page chrome changed);
- `rederived`: the same capture loaded by an older parser version (or attributed to another
  agency or year): it keeps its `report_id`, and its rows are replaced;
- `rejected`: no agency, no year, invalid values; the reason names the problem.
Every outcome is recorded in `load_event` in the same transaction as the writes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Literal

import duckdb
import pyarrow as pa

import transform
from extract.archive import Capture
from transform.model import ParseResult
from warehouse.agencies.resolve import AgencyFacts, resolve_agencies
from warehouse.store import table3, tally
from warehouse.store.agency_sync import sync_agencies
from warehouse.store.current import recompute_current
from warehouse.store.prepare import LoadItem, PreparedReport, Refused, prepare, source_of
from warehouse.store.staging import Prepared, StagedBatch, stage
from warehouse.store.tables import EVENT_SCHEMA, LINEAGE_SCHEMA, REPORT_SCHEMA, REPORT_TABLES
from warehouse.store.transaction import Register, transaction

Status = Literal["new", "revision", "unchanged", "rederived", "rejected"]
DEFAULT_BATCH = 1000
# DuckDB threads while loading: the prepare thread holds the GIL on one core, DuckDB's appends
# take the other. A second DuckDB thread only competes with the prepare thread: appending
# staged batches of 2,000 synthetic reports cost 0.237 ms CPU per report with one thread and
# 0.279 ms with two, and took less wall time too (bench/warehouse_stages.py, 2 shared cores).
LOAD_THREADS = 1

__all__ = ["LoadItem", "LoadOutcome", "load_report", "load_reports", "record_rejection"]


@dataclass(frozen=True)
class LoadOutcome:
    status: Status
    source: str
    reason: str = ""
    report_id: int | None = None
    agency_id: str | None = None
    year: int | None = None
    fact_rows: int = 0


@dataclass
class _Known:
    parser_version: str
    fingerprint: str
    is_current: bool


@dataclass
class _Plan:
    """What one batch will write, decided before the transaction starts."""

    writes: list[PreparedReport] = field(default_factory=list)
    deletes: set[int] = field(default_factory=set)
    touched: set[tuple[str, int]] = field(default_factory=set)
    outcomes: list[LoadOutcome] = field(default_factory=list)
    capture_sha: list[str] = field(default_factory=list)
    located: dict[int, tuple[str, int]] = field(default_factory=dict)  # report → its agency-year


def load_report(
    con: duckdb.DuckDBPyConnection,
    result: ParseResult,
    capture: Capture,
    run_id: int,
    agency: AgencyFacts | None = None,
) -> LoadOutcome:
    """Load one report in its own transaction (see the module docstring for outcomes)."""
    return load_reports(con, [LoadItem(result, capture, agency)], run_id, batch_size=1)[0]


def load_reports(
    con: duckdb.DuckDBPyConnection, items: Iterable[LoadItem], run_id: int, batch_size: int = DEFAULT_BATCH
) -> list[LoadOutcome]:
    """Load reports `batch_size` per transaction; outcomes in input order.

    While DuckDB writes one batch (it releases the GIL), a worker thread takes the next batch
    from `items` and prepares it (validation, flattening, fingerprints: pure Python), so the
    two halves of the work overlap. `items` may be a lazy generator (e.g. parsing archived
    bytes); only the worker thread advances it. Stored reports are first brought in line
    with the agency data if it changed (`warehouse.store.agency_sync`).
    """
    sync_agencies(con)
    version = transform.PARSER_VERSION
    batches = _batches(items, batch_size)

    def prepare_next() -> tuple[list[LoadItem], list[PreparedReport | LoadOutcome]] | None:
        batch = next(batches, None)
        return None if batch is None else (batch, [_prepared(i, version, run_id) for i in batch])

    outcomes: list[LoadOutcome] = []
    with _threads(con, LOAD_THREADS), ThreadPoolExecutor(1, thread_name_prefix="ogi-prepare") as worker:
        upcoming = worker.submit(prepare_next)
        while (ready := upcoming.result()) is not None:
            upcoming = worker.submit(prepare_next)
            outcomes += _load_batch(con, *ready, run_id)
    return outcomes


@contextmanager
def _threads(con: duckdb.DuckDBPyConnection, threads: int) -> Iterator[None]:
    """DuckDB's thread count set for a block and restored after it."""
    before = con.execute("SELECT current_setting('threads')").fetchall()[0][0]
    con.execute(f"SET threads = {int(threads)}")
    try:
        yield
    finally:
        con.execute(f"SET threads = {int(before)}")


def record_rejection(
    con: duckdb.DuckDBPyConnection, source: str, reason: str, run_id: int, content_sha256: str = ""
) -> LoadOutcome:
    """Record an input refused before it reached the loader (e.g. an unreadable file)."""
    refused = LoadOutcome("rejected", source, reason=reason)
    _write(con, _Plan(outcomes=[refused], capture_sha=[content_sha256]), run_id)
    return refused


def _batches(items: Iterable[LoadItem], size: int) -> Iterator[list[LoadItem]]:
    iterator = iter(items)
    while batch := list(islice(iterator, max(1, size))):
        yield batch


def _prepared(item: LoadItem, version: str, run_id: int) -> PreparedReport | LoadOutcome:
    try:
        return prepare(item, version, run_id)
    except Refused as exc:
        return LoadOutcome("rejected", source_of(item.capture), reason=str(exc))


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    items: Sequence[LoadItem],
    ready: Sequence[PreparedReport | LoadOutcome],
    run_id: int,
) -> list[LoadOutcome]:
    plan = _plan(con, items, ready)
    try:
        _write(con, plan, run_id)
    except duckdb.Error as exc:
        if len(items) > 1:  # find the culprit: every other report still loads
            return [
                outcome
                for item, entry in zip(items, ready, strict=True)
                for outcome in _load_batch(con, [item], [entry], run_id)
            ]
        return [
            record_rejection(
                con,
                source_of(items[0].capture),
                f"the warehouse refused it: {exc}",
                run_id,
                items[0].capture.sha256,
            )
        ]
    return plan.outcomes


def _plan(
    con: duckdb.DuckDBPyConnection, items: Sequence[LoadItem], ready: Sequence[PreparedReport | LoadOutcome]
) -> _Plan:
    version = transform.PARSER_VERSION
    plan = _Plan()
    known = _known_reports(con, [p for p in ready if isinstance(p, PreparedReport)])
    plan.located = {rid: pair for pair, reports in known.items() for rid in reports}
    for entry, item in zip(ready, items, strict=True):
        plan.capture_sha.append(item.capture.sha256)
        if isinstance(entry, LoadOutcome):
            plan.outcomes.append(entry)
            continue
        plan.outcomes.append(_decide(entry, known, plan, version))
    return plan


def _decide(
    p: PreparedReport, known: dict[tuple[str, int], dict[int, _Known]], plan: _Plan, version: str
) -> LoadOutcome:
    pair = (p.agency_id, p.year)
    replaced = p.item.replaces
    if replaced and replaced != p.report_id:
        _forget(known, replaced, plan)
        plan.deletes.add(replaced)
    source = source_of(p.item.capture)

    def outcome(status: Status, reason: str = "", rows: int = 0) -> LoadOutcome:
        return LoadOutcome(status, source, reason, p.report_id, p.agency_id, p.year, rows)

    reports = known.setdefault(pair, {})
    existing = reports.get(p.report_id)
    if existing is not None and existing.parser_version == version:
        return outcome("unchanged", "already loaded: same capture, agency, year and parser version")
    if existing is None:  # the same capture, stored under another agency or year?
        existing = _forget(known, p.report_id, plan)
    rows = p.columns.fact_rows
    if existing is not None:
        plan.deletes.add(p.report_id)
        status: Status = "rederived"
        reason = f"re-derived by parser {version} (was {existing.parser_version})"
    else:
        current = next((rid for rid, k in reports.items() if k.is_current), None)
        if current and not replaced and reports[current].fingerprint == p.columns.fingerprint:
            return outcome("unchanged", f"same content as current report {current}; only the bytes differ")
        status = "revision" if reports else "new"
        reason = f"another report for this agency and year exists ({current})" if current else ""
    plan.touched.add(pair)  # its current report is decided (and recorded) again
    for other in reports.values():
        other.is_current = False
    reports[p.report_id] = _Known(version, p.columns.fingerprint, True)
    plan.located[p.report_id] = pair
    plan.writes.append(p)
    return outcome(status, reason, rows)


def _forget(known: dict[tuple[str, int], dict[int, _Known]], report_id: int, plan: _Plan) -> _Known | None:
    """Take a stored report out of whichever agency-year holds it (that one needs its current
    version decided again)."""
    pair = plan.located.pop(report_id, None)
    if pair is None:
        return None
    plan.touched.add(pair)
    return known[pair].pop(report_id)


def _known_reports(
    con: duckdb.DuckDBPyConnection, prepared: Sequence[PreparedReport]
) -> dict[tuple[str, int], dict[int, _Known]]:
    """Reports already stored for the batch's agency-years, and the batch's own captures and
    the reports it replaces wherever they are stored."""
    known: dict[tuple[str, int], dict[int, _Known]] = {}
    if not prepared:
        return known
    pairs = sorted({(p.agency_id, p.year) for p in prepared})
    rows = con.execute(
        """
        SELECT agency_id, year, report_id, parser_version, content_fingerprint, is_current
        FROM report
        WHERE (agency_id, year) IN (SELECT unnest(?::VARCHAR[]), unnest(?::SMALLINT[]))
           OR report_id IN (SELECT unnest(?::BIGINT[]))
    """,
        [
            [a for a, _ in pairs],
            [y for _, y in pairs],
            [p.report_id for p in prepared] + [p.item.replaces for p in prepared if p.item.replaces],
        ],
    ).fetchall()
    for agency_id, year, report_id, version, fingerprint, is_current in rows:
        known.setdefault((agency_id, year), {})[report_id] = _Known(version, fingerprint, is_current)
    return known


def _write(con: duckdb.DuckDBPyConnection, plan: _Plan, run_id: int) -> None:
    """Apply a plan in ONE transaction: all of it, or (after any error) none of it."""
    staged = (
        stage([Prepared(p.report_id, p.agency_id, p.year, p.columns) for p in plan.writes])
        if plan.writes
        else None
    )
    with transaction(con) as register:
        if plan.writes:
            resolve_agencies(con, [p.claim for p in plan.writes])
        if plan.deletes:
            register("stage_deletes", pa.table({"report_id": pa.array(sorted(plan.deletes), pa.int64())}))
            for table in REPORT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM stage_deletes)")
        if staged is not None:
            con.execute(
                "INSERT INTO report_key SELECT unnest(?::BIGINT[]) ON CONFLICT DO NOTHING",
                [[p.report_id for p in plan.writes]],
            )
            _insert_reports(con, plan, staged, register)
        if plan.touched:
            recompute_current(con, plan.touched, register)
        _insert_events(con, plan, run_id, register)


def _insert_reports(
    con: duckdb.DuckDBPyConnection, plan: _Plan, staged: StagedBatch, register: Register
) -> None:
    reports = pa.Table.from_pylist([p.report_row for p in plan.writes], schema=REPORT_SCHEMA)
    lineage = pa.Table.from_pylist([p.lineage_row for p in plan.writes], schema=LINEAGE_SCHEMA)
    for table, data in (("report", reports), ("report_lineage", lineage), *staged.tables.items()):
        name = register(f"stage_{table}", data)
        if len(data):
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
    table3.insert_batch(con, "stage_report", "stage_fact_application", "stage_check_result")
    tally.insert_batch(con, "stage_check_result")


def _insert_events(con: duckdb.DuckDBPyConnection, plan: _Plan, run_id: int, register: Register) -> None:
    rows = [
        {
            "run_id": run_id,
            "seq": i,
            "outcome": o.status,
            "report_id": o.report_id,
            "agency_id": o.agency_id,
            "year": o.year,
            "source_url": o.source,
            "content_sha256": sha or None,
            "fact_rows": o.fact_rows,
            "reason": o.reason or None,
        }
        for i, (o, sha) in enumerate(zip(plan.outcomes, plan.capture_sha, strict=True), start=1)
    ]
    name = register("stage_events", pa.Table.from_pylist(rows, schema=EVENT_SCHEMA))
    con.execute(
        f"""
        INSERT INTO load_event BY NAME
        SELECT * REPLACE (seq + (SELECT coalesce(max(seq), 0) FROM load_event
                                 WHERE run_id = ?) AS seq)
        FROM {name}""",
        [run_id],
    )
