"""The development corpus for tests: our own case always, the third parties' where present.

The real reports of `../shared/corpus` are never copied into the repository; a test that needs
one gets it from here and skips, saying why, on a machine that does not have it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mirror import corpus

CASES = [folder.name for folder in corpus.case_dirs()]
OURS = "siming-office-2019"
requires_shared = pytest.mark.skipif(corpus.shared_corpus() is None, reason=corpus.ABSENT)


def case(name: str) -> Path:
    """A case's directory, or a skip naming what is missing."""
    folder = corpus.case_dir(name)
    if folder is None:
        pytest.skip(f"corpus case {name}: {corpus.ABSENT}")
    return folder


def source(name: str) -> Path:
    return corpus.source_of(case(name))


def expected(name: str) -> dict:
    return json.loads((case(name) / "expected.json").read_text(encoding="utf-8"))


def sources() -> list[Path]:
    """Every available case's source file, in case order."""
    return [corpus.source_of(folder) for folder in corpus.case_dirs()]
