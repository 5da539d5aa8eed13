"""PDFium calls made once per character or per page object, with untyped prototypes.

pypdfium2's bindings declare every handle as a typed ctypes pointer: each call checks its
arguments' types and wraps the handle it returns in a new pointer object. Where a call is made
thousands of times a file — asking each page object's type (WPS and Word exports draw every
character as a text object of its own: 2,600 objects on a 5-page report), fetching each
character's box — the same functions declared with plain addresses (`c_void_p`, which takes
and gives ints) cost a third less (0.53 against 0.80 µs an object measured on the corpus).
The functions are the library's own, found through pypdfium2's bindings: no second copy of
PDFium is loaded and nothing about how it was loaded is assumed.
"""

from __future__ import annotations

import ctypes
from ctypes import c_int, c_void_p
from typing import Any

import pypdfium2.raw as raw


def _untyped(function: Any, restype: Any, *argtypes: Any) -> Any:
    """`function` (a pypdfium2 binding) declared anew with plain addresses for its handles."""
    entry = ctypes.cast(function, c_void_p).value
    if not entry:
        raise ImportError(f"PDFium's {function.__name__} has no address")
    return ctypes.CFUNCTYPE(restype, *argtypes)(entry)


def address(handle: Any) -> int:
    """A pypdfium2 handle (a typed pointer) as the address the untyped calls take."""
    return ctypes.cast(handle, c_void_p).value or 0


page_object = _untyped(raw.FPDFPage_GetObject, c_void_p, c_void_p, c_int)
form_object = _untyped(raw.FPDFFormObj_GetObject, c_void_p, c_void_p, ctypes.c_ulong)
object_type = _untyped(raw.FPDFPageObj_GetType, c_int, c_void_p)
# (text page, character index, address of an FS_RECTF) → nonzero when the box was written
loose_char_box = _untyped(raw.FPDFText_GetLooseCharBox, c_int, c_void_p, c_int, c_void_p)
