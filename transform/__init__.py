"""Parse annual reports into canonical facts (readers → layout → tables → checks).

`PARSER_VERSION` changes whenever any parser source file changes, so the warehouse knows
exactly which reports to re-derive from the raw archive after an upgrade.
"""

import hashlib
from pathlib import Path

_RELEASE = "1.0"


def _source_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


PARSER_VERSION = f"{_RELEASE}+{_source_digest()}"
