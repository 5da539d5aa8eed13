"""Fixtures for crawler tests: small real servers (unit tests) and the local mirror (integration)."""

from __future__ import annotations

import pytest

from extract.archive import Archive

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
