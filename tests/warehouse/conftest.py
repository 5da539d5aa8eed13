"""Warehouse fixtures: a fresh warehouse file per test, the parsed corpus and an ingested
demo data directory shared per session (parsing the PDFs is the slow part)."""

from __future__ import annotations

import pytest
from warehouse_kit import demo_sources

from core.paths import DataPaths
from warehouse.store.db import connect_writer
from warehouse.store.runs import start_run


@pytest.fixture
def writer(tmp_path):
    con = connect_writer(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


@pytest.fixture
def run_id(writer):
    return start_run(writer, "test")


@pytest.fixture(scope="session")
def parsed_corpus(tmp_path_factory):
    """{path: ParseResult} for every report the warehouse tests load (the available corpus and
    generated mirror pages: `warehouse_kit.demo_sources`), parsed once."""
    from transform.parse import parse_bytes

    sources = demo_sources(tmp_path_factory.mktemp("demo-sources"))
    return {path: parse_bytes(path.read_bytes(), str(path)) for path in sources}


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory, parsed_corpus):
    """A data directory with the demo sources ingested and the snapshot published."""
    from flows.ingest import ingest

    paths = DataPaths.resolve(tmp_path_factory.mktemp("demo") / "data")
    ingest(
        list(parsed_corpus),
        paths,
        parse=lambda data, source: parsed_corpus[next(p for p in parsed_corpus if str(p) == source)],
    )
    return paths
