"""Warehouse fixtures: a fresh warehouse file per test, the parsed corpus and an ingested
demo data directory shared per session (parsing the PDFs is the slow part)."""

from __future__ import annotations

import pytest
from warehouse_kit import corpus_files

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
def parsed_corpus():
    """{path: ParseResult} for every corpus report, parsed once."""
    from transform.parse import parse_bytes

    return {path: parse_bytes(path.read_bytes(), str(path)) for path in corpus_files()}


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory, parsed_corpus):
    """A data directory with the development corpus ingested and the snapshot published."""
    from flows.ingest import ingest

    paths = DataPaths.resolve(tmp_path_factory.mktemp("demo") / "data")
    ingest(
        corpus_files(),
        paths,
        parse=lambda data, source: parsed_corpus[next(p for p in parsed_corpus if str(p) == source)],
    )
    return paths
