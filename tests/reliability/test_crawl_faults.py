"""Every network fault injected into a real crawl → parse → load of a district site whose
earlier reports are already archived and loaded.

For each fault the crawl completes, the faulted URL's capture and the source's problems say
what happened, the server saw retries only where they could help, and the damage to what was
stored before — archived objects, the capture log, every loaded report's row and facts — is
measured and must be zero. A fault that recovers within its retries delivers the revision it
was hiding; one that does not leaves the previous version current.
"""

from __future__ import annotations

import re

import pytest

from .faults import NETWORK_FAULTS, NetworkFault
from .govsite import COLUMN, HOST, DataDir, GovSite, attachment_url, report_url
from .hostile_server import HostileServer, ResetMidBody, page, redirect, unavailable
from .netkit import routed_client

REVISED_YEAR, NEW_YEAR = 2020, 2023


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> DataDir:
    """A data directory after a clean crawl and load of the site (copied by each test)."""
    server = HostileServer()
    try:
        GovSite(server)
        data = DataDir(tmp_path_factory.mktemp("faults") / "baseline")
        data.crawl(routed_client(server))
        data.load()
    finally:
        server.stop()
    return data


@pytest.fixture
def world(baseline, tmp_path, server):
    return baseline.copy_to(tmp_path / "data"), GovSite(server)


def _last_capture(data: DataDir, url: str):
    return [c for c in data.archive.captures() if c.url == url][-1]


def _agency_id(state) -> str:
    return next(iter(state.current))[0]


def _crawl_and_load(data: DataDir, server: HostileServer):
    before = data.state()
    result = data.crawl(routed_client(server))
    data.load()
    after = data.state()
    return before, result, after


@pytest.mark.parametrize("fault", NETWORK_FAULTS, ids=lambda f: f.name)
def test_a_fault_on_a_revised_report_page(world, server, ledger, fault: NetworkFault):
    data, site = world
    site.revision[REVISED_YEAR] = 1
    site.publish(REVISED_YEAR, page_behaviours=fault.behaviours(site.page_bytes(REVISED_YEAR)))
    site.publish(NEW_YEAR)
    before, result, after = _crawl_and_load(data, server)

    url = report_url(REVISED_YEAR)
    capture = _last_capture(data, url)
    assert capture.outcome == fault.outcome, capture.reason
    assert len(server.hits_for(HOST, url.removeprefix(f"http://{HOST}"))) == fault.requests
    agency = _agency_id(before)
    if fault.recovers:
        assert after.current[(agency, REVISED_YEAR)] not in before.reports  # the revision
    else:
        assert re.search(fault.reason, capture.reason), capture.reason
        assert any(p.url == url and p.reason == capture.reason for p in result.problems)
        assert after.current[(agency, REVISED_YEAR)] == before.current[(agency, REVISED_YEAR)]
    assert (agency, NEW_YEAR) in after.current  # the rest of the run went on
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        fault.name,
        "network",
        injected=fault.faulty_answers,
        outcome=f"{capture.outcome}: {capture.reason}"
        if not fault.recovers
        else f"recovered in {fault.requests} requests; the revision it delayed was loaded",
        lost=lost,
        corrupted=corrupted,
    )


ATTACHMENT_FAULTS = [
    f
    for f in NETWORK_FAULTS
    if f.name
    in (
        "503 burst outlasting the retries",
        "connection reset mid-body, once",
        "body shorter than its Content-Length, always",
        "huge body, no Content-Length",
    )
]


@pytest.mark.parametrize("fault", ATTACHMENT_FAULTS, ids=lambda f: f.name)
def test_a_fault_on_a_new_pdf_attachment(world, server, ledger, fault: NetworkFault):
    data, site = world
    site.pdf_years.add(NEW_YEAR)
    site.revision[NEW_YEAR] = 0
    site.publish(NEW_YEAR, pdf_behaviours=fault.behaviours(site.pdf_bytes(NEW_YEAR)))
    before, result, after = _crawl_and_load(data, server)

    url = attachment_url(NEW_YEAR)
    capture = _last_capture(data, url)
    assert capture.outcome == fault.outcome and capture.role == "attachment"
    assert len(server.hits_for(HOST, url.removeprefix(f"http://{HOST}"))) == fault.requests
    if not fault.recovers:
        assert re.search(fault.reason, capture.reason), capture.reason
        assert any(p.url == url and p.outcome == "error" for p in result.problems)
    assert (_agency_id(before), NEW_YEAR) in after.current  # its page still delivered the year
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        f"{fault.name} (PDF attachment)",
        "network",
        injected=fault.faulty_answers,
        outcome=f"{capture.outcome}: {capture.reason}"
        if not fault.recovers
        else f"recovered in {fault.requests} requests; attachment archived and parsed",
        lost=lost,
        corrupted=corrupted,
    )


@pytest.mark.parametrize(
    "behaviour", [unavailable(503), ResetMidBody(b"<html>" * 4000, 5000)], ids=["503", "reset"]
)
def test_a_fault_on_the_column_page_loses_nothing_and_says_so(world, server, ledger, behaviour):
    data, _site = world
    server.route(HOST, COLUMN.removeprefix(f"http://{HOST}"), behaviour)
    before, result, after = _crawl_and_load(data, server)
    assert result.reports == [] and result.failed
    assert "zero reports" in result.errors[0] and COLUMN in result.notes[0]
    assert after.current == before.current
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        f"column page: {behaviour.name}, always",
        "network",
        injected=len(server.hits_for(HOST, COLUMN.removeprefix(f"http://{HOST}"))),
        outcome=f"source failed: {result.errors[0]}",
        lost=lost,
        corrupted=corrupted,
    )


def _hop(n: int) -> str:
    return f"{COLUMN}hop/{n}.htm"


REDIRECTS = {  # name: (routes {url: behaviour} given the page's bytes, outcome, reason)
    "redirect chain of 4 hops inside the allow-list": (
        lambda b: {
            **{report_url(REVISED_YEAR) if n == 0 else _hop(n): redirect(_hop(n + 1)) for n in range(4)},
            _hop(4): page(b),
        },
        "ok",
        "",
    ),
    "redirect chain of 7 hops (limit 5)": (
        lambda b: {
            **{report_url(REVISED_YEAR) if n == 0 else _hop(n): redirect(_hop(n + 1)) for n in range(7)},
            _hop(7): page(b),
        },
        "error",
        r"more than 5 redirects",
    ),
    "redirect loop": (
        lambda b: {report_url(REVISED_YEAR): redirect(_hop(1)), _hop(1): redirect(report_url(REVISED_YEAR))},
        "error",
        r"\(a loop\)",
    ),
    "redirect to a foreign host (hijack copy)": (
        lambda b: {report_url(REVISED_YEAR): redirect("http://www.156152.com/x.htm")},
        "refused",
        r"www\.156152\.com is not on the allow-list",
    ),
    "redirect to 127.1": (
        lambda b: {report_url(REVISED_YEAR): redirect("http://127.1/x.htm")},
        "refused",
        r"127\.1",
    ),
    "redirect to 169.254.169.254 (metadata)": (
        lambda b: {report_url(REVISED_YEAR): redirect("http://169.254.169.254/latest/")},
        "refused",
        r"local/private address",
    ),
}


@pytest.mark.parametrize("name", REDIRECTS)
def test_a_redirecting_report_page(world, server, ledger, name):
    data, site = world
    routes, outcome, reason = REDIRECTS[name]
    site.revision[REVISED_YEAR] = 1
    for url, behaviour in routes(site.page_bytes(REVISED_YEAR)).items():
        server.route(HOST, url.removeprefix(f"http://{HOST}"), behaviour)
    before, result, after = _crawl_and_load(data, server)
    capture = _last_capture(data, report_url(REVISED_YEAR))
    assert capture.outcome == outcome and re.search(reason, capture.reason), capture.reason
    assert {h.host for h in server.hits} == {HOST}  # nothing else was contacted
    assert outcome == "ok" or any(p.url == report_url(REVISED_YEAR) for p in result.problems)
    agency = _agency_id(before)
    revised = after.current[(agency, REVISED_YEAR)] != before.current[(agency, REVISED_YEAR)]
    assert revised == (outcome == "ok")
    lost, corrupted = before.damage(after)
    assert (lost, corrupted) == (0, 0)
    ledger.record(
        name,
        "redirect",
        injected=len(routes(b"")),
        outcome=capture.outcome
        + (
            f": {capture.reason}"
            if capture.reason
            else f" (followed to {capture.final_url.rsplit('/', 2)[-2]}"
            f"/{capture.final_url.rsplit('/', 1)[-1]})"
        ),
        lost=lost,
        corrupted=corrupted,
    )
