"""Start, inspect, change and stop a running mirror (the interface the crawler codes against)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

from . import documents, server
from .families import build_site
from .model import Report
from .site import MirrorSite


def _bump(values: dict[str, Any]) -> dict[str, Any]:
    """New numbers for a revision: one more request received and granted, identities kept."""
    out = json.loads(json.dumps(values))
    apps = out["applications"]
    for row in ("new_received", "granted", "total_processed"):
        apps[row]["natural_person"] += 1
        apps[row]["total"] += 1
    return out


class MirrorHandle:
    """A running mirror: ports, CA bundle, manifest, server-side request log."""

    def __init__(self, site: MirrorSite, state_dir: Path, http_port: int, https_port: int):
        import trustme

        self.site = site
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self._log = server.RequestLog()
        ca = trustme.CA(organization_name="OGI mirror CA")
        cert = ca.issue_cert(*server.https_names(site))
        self.ca_bundle = self.state_dir / "ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_bundle))
        self._servers = [
            server.MirrorHTTPServer(http_port, site, self._log),
            server.MirrorHTTPServer(https_port, site, self._log, server.tls_context(site, cert, self._log)),
        ]
        self.http_port = self._servers[0].server_address[1]
        self.https_port = self._servers[1].server_address[1]
        self._threads = [
            threading.Thread(
                target=s.serve_forever, kwargs={"poll_interval": 0.2}, name=f"mirror-{s.scheme}", daemon=True
            )
            for s in self._servers
        ]
        for t in self._threads:
            t.start()
        self._write_manifest()

    # -- what the crawler's tests read -------------------------------------------------
    def env(self) -> dict[str, str]:
        return {
            "OGI_MIRROR": f"http=127.0.0.1:{self.http_port},https=127.0.0.1:{self.https_port}",
            "OGI_CA_BUNDLE": str(self.ca_bundle),
        }

    @property
    def manifest(self) -> dict[str, Any]:
        return self.site.manifest()

    @property
    def requests(self) -> list[server.RequestRecord]:
        return self._log.settled()

    def max_in_flight(self, host: str) -> int:
        """Peak concurrent requests carrying this Host header since start or reset_log()."""
        self._log.settled()
        return self._log.peak.get(host.lower(), 0)

    def reset_log(self) -> None:
        self._log.settled()
        self._log.reset()

    # -- changing content ----------------------------------------------------------------
    def change_report(self, url: str) -> None:
        """Publish a revision of one report: new numbers, new bytes, new ETag/Last-Modified."""
        report: Report = self.site.report_by_url(url)
        if report.fixture:
            raise ValueError(f"{url}: a real bundled report cannot be changed by the mirror")
        if report.style.get("kind") not in ("table", "narrative"):
            raise ValueError(f"{url}: this report has no generated content to change")
        report.style = dict(report.style)
        report.revision += 1
        if report.values is not None:
            report.values = _bump(report.values)
        if report.narrative is not None:
            report.narrative = documents.narrative_truth(report)
        found = False
        for vhost in self.site.hosts.values():
            for res in vhost.static.values():
                if res.report_url == url:
                    res.invalidate()
                    res.modified += timedelta(days=report.revision)
                    found = True
        if not found:
            raise KeyError(f"{url}: no served resource renders this report")
        self._write_manifest()

    def _write_manifest(self) -> None:
        path = self.state_dir / "manifest.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    # -- lifecycle -------------------------------------------------------------------------
    def stop(self) -> None:
        for s in self._servers:
            s.shutdown()
            s.server_close()
        for t in self._threads:
            t.join(timeout=5)

    def __enter__(self) -> MirrorHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_mirror(
    state_dir: Path, *, seed: int = 0, scale: int = 1, http_port: int = 0, https_port: int = 0
) -> MirrorHandle:
    """Build the mirror for (seed, scale) and serve it on 127.0.0.1 in background threads."""
    return MirrorHandle(build_site(seed, scale), Path(state_dir), http_port, https_port)
