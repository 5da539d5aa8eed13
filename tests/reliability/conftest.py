"""Fixtures of the reliability suite: the misbehaving server, a client routed to it, the ledger."""

from __future__ import annotations

import os

import pytest

from .hostile_server import HostileServer
from .ledger import ENV, Ledger
from .netkit import routed_client


@pytest.fixture
def server():
    hostile = HostileServer()
    yield hostile
    hostile.stop()


@pytest.fixture
def client(server):
    return routed_client(server)


@pytest.fixture
def ledger(request) -> Ledger:
    return Ledger(os.environ.get(ENV), request.node.nodeid)
