"""How the command writes text: bytes it read come back out as they were.

Input that is not UTF-8 is read with ``surrogateescape`` (see
:mod:`medclaims.x12.reader`), so a payer name with a Latin-1 ``é`` holds a
lone surrogate. Written with the same error handler, that byte comes back
unchanged in CSV, tables and HTML, where strict UTF-8 would raise. JSON text
escapes such characters itself (``medclaims._support.json``).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TextIO

__all__ = ["ERRORS", "open_output", "use_for_stdout", "write_output"]

ERRORS = "surrogateescape"


def open_output(path: Path) -> TextIO:
    """``path`` opened for writing UTF-8 text (CSV-ready: no newline translation)."""
    return path.open("w", encoding="utf-8", errors=ERRORS, newline="")


def write_output(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, input bytes kept as read."""
    path.write_text(text, encoding="utf-8", errors=ERRORS)


def use_for_stdout() -> None:
    """Make standard output write input bytes as read too (when it is a text stream)."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors=ERRORS)
