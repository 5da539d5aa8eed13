"""Coverage-guided fuzzing of `transform.parse.parse_bytes` with atheris (libFuzzer).

    uv run python -m tests.reliability.fuzz_parser [libFuzzer flags] [CORPUS_DIR ...]
    e.g. -max_total_time=600 -max_len=65536 -timeout=30   (corpus: ./fuzz-corpus, seeded)

libFuzzer mutates the seed reports (the development corpus, by default) guided by which
branches of the parser each input reaches. An input "crashes" when `parse_bytes` raises, or
returns a result that breaks the contract (`invariants.broken`); libFuzzer then stops and
writes the input to `crash-<sha1>` in the working directory. Legacy Word bytes are left out
(each would start LibreOffice: a second process, not our parser).
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["transform", "core.decode", "extract.filetypes"]):
    from transform.parse import parse_bytes

from tests import corpus
from tests.reliability.generated import mirror_pages, mirror_pdfs
from tests.reliability.invariants import broken

OLE = b"\xd0\xcf\x11\xe0"


def one_input(data: bytes) -> None:
    if data.startswith(OLE):
        return
    problems = broken(parse_bytes(data, "fuzz"))
    if problems:
        raise AssertionError("; ".join(problems))


def seed_corpus(directory: Path) -> Path:
    """A working corpus (libFuzzer writes new inputs into it) seeded with the real reports
    available here and the mirror's generated pages and PDFs."""
    directory.mkdir(parents=True, exist_ok=True)
    for source in corpus.sources():
        (directory / f"{source.parent.name}{source.suffix}").write_bytes(source.read_bytes())
    for i, (_, body) in enumerate(mirror_pages(4)):
        (directory / f"mirror-{i}.html").write_bytes(body)
    for i, body in enumerate(mirror_pdfs(2)):
        (directory / f"mirror-{i}.pdf").write_bytes(body)
    return directory


def main() -> None:
    argv = list(sys.argv)
    if all(a.startswith("-") for a in argv[1:]):  # no corpus directory named: ./fuzz-corpus
        argv.append(str(seed_corpus(Path("fuzz-corpus"))))
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
