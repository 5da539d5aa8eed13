"""A WARC written by GNU wget, not by us: `wget --warc-file` through a forward proxy.

The mirror serves real host names on 127.0.0.1 by `Host` header and TLS SNI. wget, told to
use a proxy, asks it for absolute URLs (`GET http://siming.gov.cn/… HTTP/1.1`) and tunnels
HTTPS through `CONNECT host:443`, so its WARC records the real URLs. The proxy here only
pipes bytes: plain requests to the mirror's HTTP port (which reads absolute URLs), tunnels
to its HTTPS port, where wget verifies the mirror's certificate against its CA.
"""

from __future__ import annotations

import shutil
import socket
import socketserver
import subprocess
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

WGET = shutil.which("wget")
# wget follows list page → report page → attachment: two hops from a list page.
DEPTH = 2


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


class _Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, http_port: int, https_port: int):
        self.ports = {"http": http_port, "https": https_port}
        super().__init__(("127.0.0.1", 0), _Tunnel)


class _Tunnel(socketserver.BaseRequestHandler):
    server: _Proxy

    def handle(self) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.request.recv(65536)
            if not chunk:
                return
            head += chunk
        method = head.split(b" ", 1)[0]
        port = self.server.ports["https" if method == b"CONNECT" else "http"]
        upstream = socket.create_connection(("127.0.0.1", port))
        if method == b"CONNECT":
            self.request.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        else:
            upstream.sendall(head)
        back = threading.Thread(target=_pipe, args=(upstream, self.request), daemon=True)
        back.start()
        _pipe(self.request, upstream)
        back.join(timeout=30)


@contextmanager
def forward_proxy(mirror):
    proxy = _Proxy(mirror.http_port, mirror.https_port)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_address[1]}"
    finally:
        proxy.shutdown()
        proxy.server_close()


def wget_warc(mirror, seeds: list[str], work: Path, name: str = "wget-crawl") -> Path:
    """Crawl from `seeds` with wget (recursive, below each seed), writing `work/NAME.warc.gz`."""
    work.mkdir(parents=True, exist_ok=True)
    with forward_proxy(mirror) as proxy:
        done = subprocess.run(
            [
                WGET,
                "--recursive",
                f"--level={DEPTH}",
                "--no-parent",
                "--no-verbose",
                f"--warc-file={name}",
                f"--ca-certificate={mirror.ca_bundle}",
                "--execute=robots=on",
                "--execute=use_proxy=on",
                f"--execute=http_proxy={proxy}",
                f"--execute=https_proxy={proxy}",
                "--directory-prefix=site",
                *seeds,
            ],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
        )
    # wget exits 8 when some URL answered an error (jimei has no robots.txt: a 404).
    assert done.returncode in (0, 8), done.stderr[-2000:]
    return work / f"{name}.warc.gz"
