"""One local mirror and one real nightly run of a few of its sources for the archive tests.

The nightly run (Prefect, crawl, parse, load, publish) is the reference: an archive of what
it fetched, read back by `ogi ingest`, must give the same warehouse. Its scope mixes what
archives have to carry: HTML reports, a PDF attached to its page, a column only the
district's own page lists (siming/fgj), GBK bytes behind a UTF-8 header, a `.pdf` link that
answers with an error page, a site without robots.txt (jimei), and an HTTPS-only site.
"""

from __future__ import annotations

import os

import pytest
from typer.testing import CliRunner

from core.paths import DataPaths
from mirror.testing import running_mirror
from ogi.cli import app

SOURCES = ("siming/qrmzf", "siming/fgj", "jimei/XM03105", "jimei/XM03116", "huli/wjj")
runner = CliRunner()


def ogi(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(scope="session")
def mirror(tmp_path_factory):
    saved = os.environ.get("OGI_POLITENESS")
    os.environ["OGI_POLITENESS"] = "lifted"
    with running_mirror(tmp_path_factory.mktemp("archives-mirror"), set_env=True) as m:
        yield m
    if saved is None:
        os.environ.pop("OGI_POLITENESS", None)
    else:
        os.environ["OGI_POLITENESS"] = saved


@pytest.fixture(scope="session")
def crawled(tmp_path_factory, mirror) -> DataPaths:
    """A data directory after one nightly run of SOURCES against the mirror."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    from flows.runner import nightly_with_runner

    root = tmp_path_factory.mktemp("crawled")
    with prefect_test_harness(server_startup_timeout=120):
        report = nightly_with_runner()(data_dir=str(root), sources=list(SOURCES))
    assert report.status == "succeeded", report.failures()
    return DataPaths.resolve(root)
