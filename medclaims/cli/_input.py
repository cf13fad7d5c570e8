"""How the command reads its input files: ``-`` is standard input, and every problem a
user can cause becomes one line naming the file (:class:`InputError`), never a traceback.

Strategy: each command reads each file on its own through :func:`open_input` or
:func:`read_input` and turns a failure into an :class:`InputError` with
:func:`explain`; the command prints ``medclaims: FILE: problem`` and goes on with
the next file (exit status 1 at the end). Messages name the file and the rule,
never the file's content (it may hold patient data).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from medclaims.errors import MedclaimsError

__all__ = ["STDIN", "InputError", "explain", "label", "open_input", "read_input", "sniff"]

STDIN = "-"
"""The file name that means standard input."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"


class InputError(MedclaimsError):
    """An input file cannot be read or is not what the command expects; names the file."""


def label(path: Path | str) -> str:
    """How messages name a file: its path as given, ``<stdin>`` for ``-``."""
    return "<stdin>" if str(path) == STDIN else str(path)


@contextmanager
def open_input(path: Path | str) -> Iterator[IO[bytes]]:
    """``path`` opened for binary reading (``-``: standard input), OS errors as InputError."""
    if str(path) == STDIN:
        yield sys.stdin.buffer
        return
    try:
        fh = Path(path).open("rb")  # noqa: SIM115 (closed by the with below)
    except OSError as exc:
        raise InputError(f"{label(path)}: {exc.strerror or 'cannot be read'}") from None
    with fh:
        yield fh


def read_input(path: Path | str) -> bytes:
    """The whole content of ``path`` (``-``: standard input)."""
    with open_input(path) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise InputError(f"{label(path)}: {exc.strerror or 'cannot be read'}") from None


def sniff(data: bytes, expected: str) -> str | None:
    """Why ``data`` is not the text file ``expected`` (a spreadsheet, a binary), or None."""
    if data.startswith(_ZIP):
        return (
            f"this is a spreadsheet or other zip file (.xlsx?), not {expected}; "
            "save it as CSV UTF-8 (File > Save As) and give that file"
            if expected.startswith("CSV")
            else f"this is a zip file (a spreadsheet?), not {expected}"
        )
    if data.startswith(_OLE):
        return f"this is an old Office file (.xls?), not {expected}; save it as CSV UTF-8"
    return None


def explain(path: Path | str, exc: BaseException) -> InputError:
    """One line for a failure while reading ``path``: the file, then the problem."""
    name = label(path)
    if isinstance(exc, InputError):
        return exc
    if isinstance(exc, RecursionError):
        return InputError(f"{name}: nested too deeply to read (more levels than any real file)")
    if isinstance(exc, UnicodeDecodeError):
        return InputError(
            f"{name}: not UTF-8 text (byte {exc.start}); save the file as UTF-8 and try again"
        )
    if isinstance(exc, MedclaimsError):
        return InputError(f"{name}: {exc}")
    if isinstance(exc, OSError):
        return InputError(f"{name}: {exc.strerror or 'cannot be read'}")
    return InputError(f"{name}: {type(exc).__name__}")
