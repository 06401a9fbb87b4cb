"""WeasyPrint imported without running a compiler, a linker or ldconfig.

WeasyPrint opens Pango, HarfBuzz and fontconfig by trying several names per library
(``weasyprint/text/ffi.py``); for each name that does not load as given, cffi asks
``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then ``gcc`` and ``ld`` to
search for it. The name that loads on Linux (``libgobject-2.0.so.0``) comes later in every
list, so while WeasyPrint is imported the search answers "not found" at once and the dynamic
loader alone finds the libraries, as it would for any program. ``dossiergen doctor`` keeps the
real search: it is where a missing library is explained.

Every module of dossiergen that uses WeasyPrint is in this package, whose ``__init__`` imports
this module first (``tests/test_quiet_start.py`` checks both).
"""

from __future__ import annotations

import ctypes.util
import threading

_lock = threading.Lock()


def _not_searched(name: str) -> None:
    del name  # the dynamic loader looks for the next name WeasyPrint tries
    return None


with _lock:  # one thread swaps the function at a time; another thread's search is only briefly unanswered
    _search = ctypes.util.find_library
    ctypes.util.find_library = _not_searched
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = _search

__all__ = ["weasyprint"]
