"""Run hostile-input work (PDF rendering, image decoding, OCR) in a worker process with limits.

PDFium, image decoders and the OCR runtime are native code working on bytes off the internet:
a decompression bomb inside an object stream, a page that draws a small form ten thousand
times, an image declaring 10¹⁰ pixels or a plain engine hang would take the whole run down if
they ran in the parser's own process. Here they run in a worker whose address space is capped
(`RLIMIT_AS`) and whose every step is timed, so such a file costs itself one clear
`UnreadableReport` and the batch goes on.

The worker is long-lived: started on first use, reused across files (numpy, PDFium and the OCR
models are loaded once, not per file), and replaced only after it failed or was killed. It
dies with its parent (`PR_SET_PDEATHSIG`), so an interrupted run leaves nothing behind. Set
`OGI_SANDBOX=off` to run the same work in-process, for a debugger or a profiler.

Protocol: length-prefixed pickles over the worker's stdin/stdout (which it moves aside at
start, so a library printing to stdout cannot corrupt a reply). A request is a module-level
function and its arguments; replies are `("beat",)` (a step done: the step timer restarts),
then one of `("ok", value)`, `("raise", exception)` or `("memory",)`.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import IO, Any, BinaryIO

from transform.errors import UnreadableReport

# Address space of a worker. Measured: the worker peaks at 1.2 GB of address space (0.65 GB
# resident) recognising an A4 page at 150 dpi with the OCR models loaded, and under 0.5 GB
# reading a text-layer PDF; 2 GB leaves room for a large real page, and two workers (one per
# core) stay far inside a 24 GB machine even with the parser's own process.
MEMORY_LIMIT_BYTES = 2 * 1024**3
# Longest a step may run: one page (recognition of a dense A4 page takes 2–6 s on one core),
# or a whole file for readers that do not report pages. A page that has not finished in
# 120 s is a hang or a bomb, not a report; the limit is generous for a loaded machine.
STEP_TIME_LIMIT_S = 120
# Longest a whole file may run, however many steps it reports: 40 scanned pages (the OCR
# reader's page cap) at 10 s each with room to spare.
FILE_TIME_LIMIT_S = 600
# How long a fresh worker may take to answer its first request beyond the step limit: Python
# start-up and imports (about 1 s, several on a cold disk).
STARTUP_ALLOWANCE_S = 30
SANDBOX_ENV = "OGI_SANDBOX"  # "off" runs the work in-process
_PARENT_ENV = "OGI_SANDBOX_PARENT"  # the pid the worker must outlive no longer than
_PR_SET_PDEATHSIG = 1
_HEADER = struct.Struct("!Q")

_local = threading.local()  # one worker per thread: parse batches may run in threads
_worker_channel: BinaryIO | None = None  # set inside a worker: where heartbeats go


def run(function: Callable[..., Any], *args: Any) -> Any:
    """`function(*args)` in the sandbox worker; its result, or its exception re-raised here.

    `function` must be a module-level function (it travels by name). A worker that runs out of
    memory, crashes or overruns a time limit is killed and replaced, and the call raises
    `UnreadableReport` saying which limit was hit.
    """
    if os.environ.get(SANDBOX_ENV, "").lower() in ("off", "0", "no", "false"):
        return function(*args)
    worker = getattr(_local, "worker", None)
    if worker is None or not worker.alive():
        worker = _local.worker = Worker()
    try:
        return worker.call(function, args)
    except BaseException:
        if not worker.alive():
            _local.worker = None
        raise


def heartbeat() -> None:
    """Called by a reader after each page: restarts the step timer (no-op outside a worker)."""
    if _worker_channel is not None:
        _send(_worker_channel, ("beat",))


class Worker:
    """One worker process and the parent's end of its pipes."""

    def __init__(self) -> None:
        env = {
            **os.environ,
            _PARENT_ENV: str(os.getpid()),
            # one thread per worker for the numeric libraries, like the OCR runtime
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "transform.sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            close_fds=True,
        )
        # Popen types its pipes as Optional; both exist, since both were asked for as PIPE.
        assert self.process.stdin is not None and self.process.stdout is not None
        self.requests: IO[bytes] = self.process.stdin
        self.replies: IO[bytes] = self.process.stdout
        self.fresh = True

    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, function: Callable[..., Any], args: tuple) -> Any:
        request = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.requests.write(_HEADER.pack(len(request)) + request)
            self.requests.flush()
        except (BrokenPipeError, OSError) as exc:
            raise self._crashed() from exc
        started = time.monotonic()
        step_limit = STEP_TIME_LIMIT_S + (STARTUP_ALLOWANCE_S if self.fresh else 0)
        self.fresh = False
        step_deadline = started + step_limit
        while True:
            deadline = min(step_deadline, started + FILE_TIME_LIMIT_S)
            try:
                reply = self._receive(deadline)
            except TimeoutError:
                self.kill()
                overall = time.monotonic() - started >= FILE_TIME_LIMIT_S
                raise UnreadableReport(
                    f"reading it took longer than {FILE_TIME_LIMIT_S} s in all; not read"
                    if overall
                    else f"reading it took longer than {STEP_TIME_LIMIT_S} s (for one page, or "
                    "the whole file); not read — a hang or a bomb, not a report"
                ) from None
            except EOFError:
                raise self._crashed() from None
            if reply[0] == "beat":
                step_deadline = time.monotonic() + STEP_TIME_LIMIT_S
            elif reply[0] == "ok":
                return reply[1]
            elif reply[0] == "raise":
                raise reply[1]
            else:  # "memory": the worker's state is suspect after a MemoryError
                self.kill()
                raise UnreadableReport(_memory_message())

    def _receive(self, deadline: float) -> tuple:
        header = self._read_exactly(_HEADER.size, deadline)
        return pickle.loads(self._read_exactly(_HEADER.unpack(header)[0], deadline))

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        chunks, remaining = [], size
        while remaining:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self.replies], [], [], wait)[0]:
                raise TimeoutError
            chunk = os.read(self.replies.fileno(), min(remaining, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _crashed(self) -> UnreadableReport:
        code = self.process.wait()
        reason = (
            f"signal {signal.Signals(-code).name}"
            if code < 0 and -code in signal.valid_signals()
            else f"exit status {code}"
        )
        return UnreadableReport(
            f"its reader crashed ({reason}), most likely on exhausting the "
            f"{MEMORY_LIMIT_BYTES / 1024**3:g} GB memory limit; not read"
        )

    def kill(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        for pipe in (self.requests, self.replies):
            pipe.close()


def _memory_message() -> str:
    return f"reading it exceeded the {MEMORY_LIMIT_BYTES / 1024**3:g} GB memory limit; not read"


def _send(channel: BinaryIO, message: tuple) -> None:
    try:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an unpicklable exception or result: say what it was
        data = pickle.dumps(("raise", RuntimeError(f"{type(exc).__name__}: {exc}: {message!r}"[:500])))
    channel.write(_HEADER.pack(len(data)) + data)
    channel.flush()


# ---------------------------------------------------------------- inside the worker


def _serve() -> None:
    """The worker's loop: limits first, then requests until the parent goes away."""
    global _worker_channel
    _die_with_parent()
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    requests = os.fdopen(os.dup(0), "rb")
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # anything a library prints goes to stderr, never into a reply
    _worker_channel = replies
    while header := requests.read(_HEADER.size):
        try:
            function, args = pickle.loads(requests.read(_HEADER.unpack(header)[0]))
            reply: tuple = ("ok", function(*args))
        except MemoryError:
            reply = ("memory",)
        except Exception as exc:
            reply = ("memory",) if _is_allocation_failure(exc) else ("raise", exc)
        _send(replies, reply)


def _is_allocation_failure(exc: Exception) -> bool:
    """Native libraries report a failed allocation as their own error (onnxruntime: bad_alloc)."""
    text = str(exc).lower()
    return "bad_alloc" in text or "bad allocation" in text or "failed to allocate" in text


def _die_with_parent() -> None:
    parent = int(os.environ.get(_PARENT_ENV, "0"))
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent and os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(0)


if __name__ == "__main__":
    # Run the loop in the importable module, not in this `__main__` copy: readers reach
    # `transform.sandbox.heartbeat`, whose channel must be the one set here.
    from transform.sandbox import _serve as serve

    serve()
