"""JSON text that any UTF-8 file or stream can hold, whatever bytes the input had."""

from __future__ import annotations

import json

__all__ = ["dumps"]


def dumps(data: object, *, indent: int | None = None) -> str:
    """``json.dumps`` of ``data`` with non-ASCII text kept as is and lone surrogates escaped.

    Input bytes that are not UTF-8 are read with ``surrogateescape``, so a name
    or id may hold lone surrogates (``'\\udcff'`` for the byte 0xFF), which UTF-8
    cannot encode. Written as the JSON escape ``\\udcff`` they are valid JSON
    and read back as the same string.
    """
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    if not text.isascii():
        # Only lone surrogates are unencodable; backslashreplace writes each one as
        # \udcXX, which is exactly its JSON escape (they occur only inside strings).
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
