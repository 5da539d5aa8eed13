"""Where the development corpus of real reports is, when this machine has it.

Real reports with hand-checked values are third parties' material: they live in
`../shared/corpus` on development machines and in CI, never in the repository (the one case that
is ours, `siming-office-2019`, ships in `tests/fixtures/corpus`). The mirror serves a real report
at its real URL where the corpus has it, and its own generated report in that slot where it does
not; tests that need a real report skip, with this reason, where it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OURS = REPO / "tests" / "fixtures" / "corpus"
SHARED_ENV = "OGI_SHARED_CORPUS"
ABSENT = (
    "the development corpus of real reports (../shared/corpus, or $OGI_SHARED_CORPUS) is not on this machine"
)


def shared_corpus() -> Path | None:
    """The third-party corpus directory: `$OGI_SHARED_CORPUS`, else `../shared/corpus` beside
    the checkout; None when neither exists."""
    chosen = os.environ.get(SHARED_ENV)
    path = Path(chosen) if chosen else REPO.parent / "shared" / "corpus"
    return path if path.is_dir() else None


def case_dirs() -> list[Path]:
    """Every corpus case available here (ours first, then the shared ones), by name."""
    found = {p.parent.name: p.parent for p in OURS.glob("*/expected.json")}
    shared = shared_corpus()
    if shared is not None:
        for p in sorted(shared.glob("*/expected.json")):
            found.setdefault(p.parent.name, p.parent)
    return [found[name] for name in sorted(found)]


def case_dir(name: str) -> Path | None:
    """One case's directory, or None when it is not on this machine."""
    return next((d for d in case_dirs() if d.name == name), None)


def case_file(name: str, filename: str) -> Path | None:
    """A file of one case (e.g. its `source.pdf`), or None when it is not on this machine."""
    folder = case_dir(name)
    path = folder / filename if folder is not None else None
    return path if path is not None and path.is_file() else None


def source_of(folder: Path) -> Path:
    """A case's one `source.*` file."""
    return next(folder.glob("source.*"))


def sources_with_suffix(suffix: str) -> list[Path]:
    """The available cases' source files of one kind (e.g. ".pdf")."""
    return [source_of(folder) for folder in case_dirs() if source_of(folder).suffix == suffix]
