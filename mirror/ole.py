"""A minimal, valid OLE2 compound file holding a Word-like document stream.

Real sites sometimes serve a legacy `.doc` as if it were a web page (SITES.md §2.5); the
crawler must recognise it by its magic bytes (D0 CF 11 E0), not by Content-Type. LibreOffice is
not available at build time, so this writes the compound-file container itself (version 3,
512-byte sectors): header, one FAT sector, one directory sector, then the `WordDocument`
stream, padded past the 4096-byte mini-stream cutoff so no mini-FAT is needed.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _dir_entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    entry = encoded.ljust(64, b"\0")
    entry += struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, black
    entry += struct.pack("<III", NOSTREAM, NOSTREAM, child)  # left, right, child
    entry += b"\0" * 16 + b"\0" * 4 + b"\0" * 16  # clsid, state, times
    entry += struct.pack("<IQ", start, size)
    return entry


def compound_file(text: str) -> bytes:
    """An OLE2 file whose `WordDocument` stream starts with a Word FIB magic and holds text."""
    stream = struct.pack("<HH", 0xA5EC, 0x00C1) + text.encode("utf-16-le")
    stream = stream.ljust(max(4096, -(-len(stream) // SECTOR) * SECTOR), b"\0")
    n_stream = len(stream) // SECTOR
    if 2 + n_stream > SECTOR // 4:
        raise ValueError("document too long for a single-FAT-sector compound file")
    fat = [FATSECT, ENDOFCHAIN] + [3 + i for i in range(n_stream - 1)] + [ENDOFCHAIN]
    fat += [FREESECT] * (SECTOR // 4 - len(fat))
    header = MAGIC + b"\0" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREESECT) * 108  # DIFAT: FAT at 0
    directory = (
        _dir_entry("Root Entry", 5, 1, ENDOFCHAIN, 0)
        + _dir_entry("WordDocument", 2, NOSTREAM, 2, len(stream))
        + _dir_entry("", 0, NOSTREAM, 0, 0) * 2
    )
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + stream
