"""Fixtures for crawler tests: small real servers (unit tests) and the local mirror (integration)."""

from __future__ import annotations

import pytest

from extract.archive import Archive
from extract.registry import load_registry
from mirror.testing import running_mirror

from .kit import Site, client_for


@pytest.fixture
def site():
    server = Site()
    yield server
    server.stop()


@pytest.fixture
def client(site):
    return client_for(site)


@pytest.fixture
def archive(tmp_path):
    return Archive(tmp_path / "raw")


@pytest.fixture(scope="session")
def mirror(tmp_path_factory):
    """One local mirror of the government sites for all crawler integration tests."""
    with running_mirror(tmp_path_factory.mktemp("crawler-mirror")) as m:
        yield m


@pytest.fixture(scope="session")
def registry():
    return load_registry()
