"""Agency fixtures: the shipped catalog, an editable copy of the agency data, a warehouse."""

from __future__ import annotations

import pytest

from extract.registry import load_registry
from warehouse.agencies.catalog import AgencyCatalog
from warehouse.agencies.data import load_agency_data
from warehouse.agencies.resolve import use_agency_files
from warehouse.store.db import connect_writer
from warehouse.store.runs import start_run

from .kit import copy_agency_data


@pytest.fixture(scope="session")
def catalog() -> AgencyCatalog:
    """The catalog of the repository's registry and agency data files."""
    return AgencyCatalog(load_registry(), load_agency_data())


@pytest.fixture
def agency_data(tmp_path):
    """A private copy of the agency data that this process resolves with (edit it freely)."""
    data = copy_agency_data(tmp_path / "agencies")
    use_agency_files(data_dir=data)
    yield data
    use_agency_files()


@pytest.fixture
def writer(tmp_path, agency_data):
    con = connect_writer(tmp_path / "warehouse.duckdb")
    yield con
    con.close()


@pytest.fixture
def run_id(writer):
    return start_run(writer, "test")
