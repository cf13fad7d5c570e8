"""Loading the optional C helpers only on a CPython they were built and tested for.

``medclaims/x12/_speedups.c`` and ``medclaims/_support/_acyclic.c`` lean on
CPython internals (how tuples are tracked by the garbage collector, the layout
of a type's deallocator), which change between versions without notice. So
:func:`load_extension` hands back a helper only when all three hold:

- the interpreter is CPython, of a version listed in :data:`TESTED_CPYTHON`
  (the versions CI builds the helpers on and runs the whole suite with);
- the helper imports (it is optional: setup.py goes on without a compiler);
- its ``BUILT_FOR`` constant (``PY_VERSION_HEX`` when it was compiled) names
  the running major and minor version.

Otherwise it returns ``None`` and medclaims runs as pure Python, with the
same results: no error, no warning. Adding a version: build the helpers on it,
run the whole suite (``tests/test_x12_speedups.py`` and ``tests/test_acyclic.py``
compare both ways), then add it here and to the README.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

__all__ = ["TESTED_CPYTHON", "load_extension"]

TESTED_CPYTHON: tuple[tuple[int, int], ...] = ((3, 11),)
"""The CPython (major, minor) versions the C helpers are built and tested on."""


def load_extension(name: str) -> ModuleType | None:
    """The C helper module ``name``, or ``None`` where it must not be used (module docstring)."""
    running = (sys.version_info[0], sys.version_info[1])
    if sys.implementation.name != "cpython" or running not in TESTED_CPYTHON:
        return None
    try:
        module = importlib.import_module(name)
    except ImportError:  # a pure-Python install
        return None
    built_for = getattr(module, "BUILT_FOR", None)
    if not isinstance(built_for, int) or (built_for >> 24, (built_for >> 16) & 0xFF) != running:
        return None
    return module
