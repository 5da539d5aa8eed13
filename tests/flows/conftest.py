"""One Prefect test server and one local mirror for all flow tests (both are slow to start)."""

from __future__ import annotations

import os

import pytest

from mirror.testing import running_mirror


@pytest.fixture(scope="session", autouse=True)
def prefect_server(tmp_path_factory):
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def mirror(tmp_path_factory):
    """The mirror, with the crawler routed to it and per-host limits lifted for speed (the
    crawler's own tests measure politeness)."""
    saved = os.environ.get("OGI_POLITENESS")
    os.environ["OGI_POLITENESS"] = "lifted"
    with running_mirror(tmp_path_factory.mktemp("flows-mirror"), set_env=True) as m:
        yield m
    if saved is None:
        os.environ.pop("OGI_POLITENESS", None)
    else:
        os.environ["OGI_POLITENESS"] = saved


XIAMEN = ("siming", "huli", "haicang", "jimei", "xmta", "xiangan")


def expected_reports(manifest: dict) -> dict[str, dict]:
    """Reports of the six registry districts the crawler must find and the loader must keep."""
    return {
        r["url"]: r
        for r in manifest["reports"]
        if r["source"].split("/", 1)[0] in XIAMEN and r["expected_outcome"] == "ok"
    }
