"""What each reliability test injected and what it measured, for `bench/reliability_report.py`.

A test calls `ledger.record(fault, category, outcome=..., lost=..., corrupted=...)` AFTER its
assertions passed, with the numbers it measured (never constants: `lost` counts stored
objects, captures or loaded facts that went missing, `corrupted` those that changed; both
stay None where the test puts no stored data at risk, e.g. a refused redirect). With
`OGI_RELIABILITY_LEDGER=path` set, each record is appended to that file as one JSON line
(O_APPEND, one write per line, so pytest-xdist workers can share it); otherwise recording is
a no-op and the tests are ordinary tests.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass

ENV = "OGI_RELIABILITY_LEDGER"


@dataclass(frozen=True)
class Entry:
    fault: str  # what was injected, as the table names it
    category: str  # network / redirect / document / process / concurrency / input / security
    injected: int  # how many times it was injected in this test
    outcome: str  # what the system did, in a few words
    lost: int | None = None  # stored reports/objects/facts that went missing
    corrupted: int | None = None  # stored reports/objects/facts whose content changed
    test: str = ""


class Ledger:
    def __init__(self, path: str | None, test: str):
        self.path = path
        self.test = test

    def record(
        self,
        fault: str,
        category: str,
        *,
        outcome: str,
        injected: int = 1,
        lost: int | None = None,
        corrupted: int | None = None,
    ) -> None:
        if not self.path:
            return
        line = (
            json.dumps(
                asdict(Entry(fault, category, injected, outcome, lost, corrupted, self.test)),
                ensure_ascii=False,
            )
            + "\n"
        )
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)


def read(path: str) -> list[Entry]:
    with open(path, encoding="utf-8") as fh:
        return [Entry(**json.loads(line)) for line in fh if line.strip()]
