"""Word files → Document: DOCX read directly, legacy .doc through a converter if one exists.

DOCX merges are explicit in the XML (`w:gridSpan`, `w:vMerge`), so spans are rebuilt from
them and expanded by the same grid code as HTML. Legacy OLE `.doc` needs LibreOffice or
antiword; without either the report gets a clear "unsupported" warning instead of a guess.

python-docx inflates whole package parts into memory and lxml builds a tree of them, so a
1 MB zip that declares a 1 GB `document.xml` would exhaust memory: parts are checked against
the sizes the zip declares (which `zipfile` enforces while inflating) before anything opens.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml.etree import _Element

from transform.errors import UnreadableReport
from transform.grid import expand
from transform.layout import Cell, Document, Row

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONVERT_TIMEOUT_S = 60
MAX_PART_BYTES = 64 * 1024 * 1024  # a report's document.xml is well under 5 MB
MAX_PACKAGE_BYTES = 256 * 1024 * 1024


def read_docx(data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import LxmlError

    refuse_bombs(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, LxmlError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        # python-docx's ways of saying the package is not a Word document it can open
        raise UnreadableReport(f"not a readable Word document ({type(exc).__name__}: {exc})") from exc
    doc = Document(form="docx")
    grid = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            doc.add_line(_text(child))
        elif child.tag == f"{W}tbl":
            doc.rows.extend(Row(cells, grid=grid, positional=True) for cells in _table(child))
            grid += 1
    doc.title_hints.extend(r.texts[0] for r in doc.rows[:4] if r.cells)
    return doc


def refuse_bombs(data: bytes) -> None:
    """Raise UnreadableReport when a part, or the whole package, would inflate beyond the limits."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableReport(f"a damaged zip package ({exc})") from exc
    for part in parts:
        if part.file_size > MAX_PART_BYTES:
            raise UnreadableReport(
                f"{part.filename} would expand to {part.file_size:,} bytes (more "
                f"than {MAX_PART_BYTES >> 20} MB): a zip bomb, not a report"
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_PACKAGE_BYTES:
        raise UnreadableReport(
            f"the package would expand to {total:,} bytes (more than "
            f"{MAX_PACKAGE_BYTES >> 20} MB): a zip bomb, not a report"
        )


def _text(element: _Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{W}t"))


def _table(tbl: _Element) -> list[list[Cell]]:
    """Rebuild (text, rowspan, colspan) rows from gridSpan/vMerge, then expand."""
    rows: list[list[list]] = []  # per row: [text, rowspan, colspan, grid_col, continues]
    for tr in tbl.iter(f"{W}tr"):
        col = 0
        row = []
        for tc in tr.iterchildren(f"{W}tc"):
            props = tc.find(f"{W}tcPr")
            span = 1
            continues = False
            if props is not None:
                gs = props.find(f"{W}gridSpan")
                if gs is not None and (gs.get(f"{W}val") or "1").isdigit():
                    span = int(gs.get(f"{W}val") or 1)
                vm = props.find(f"{W}vMerge")
                continues = vm is not None and vm.get(f"{W}val") in (None, "continue")
            row.append([_text(tc), 1, span, col, continues])
            col += span
        rows.append(row)
    for r, row in enumerate(rows):
        for cell in row:
            if cell[4]:
                continue
            below = r + 1
            while below < len(rows) and any(c[3] == cell[3] and c[4] for c in rows[below]):
                below += 1
            cell[1] = below - r
    return expand([[(t, rs, cs) for t, rs, cs, _, cont in row if not cont] for row in rows])


def convert_doc(data: bytes) -> tuple[bytes, str] | None:
    """Convert legacy .doc bytes to DOCX (LibreOffice) or text (antiword); None if neither."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    with tempfile.TemporaryDirectory(prefix="ogi-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        src.write_bytes(data)
        if office:
            subprocess.run(
                [office, "--headless", "--convert-to", "docx", "--outdir", tmp, str(src)],
                capture_output=True,
                timeout=CONVERT_TIMEOUT_S,
                check=False,
            )
            out = Path(tmp) / "report.docx"
            if out.exists():
                return out.read_bytes(), "docx"
        antiword = shutil.which("antiword")
        if antiword:
            proc = subprocess.run(
                [antiword, "-w", "0", str(src)], capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False
            )
            if proc.returncode == 0:
                return proc.stdout, "text"
    return None
