"""JSON rules shared by every medclaims JSON reader and writer.

``register_strict_scalars``: cattrs structure hooks that read strings, integers and
booleans only from their own JSON types.
cattrs' own hooks convert: ``1`` becomes ``"1"``, ``"false"`` becomes ``True``
(``bool("false")``), ``true`` becomes ``1``. Every medclaims JSON reader
(encounters, remittances, reports) refuses those instead, with its own error
class; messages name the expected type, never the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from enum import Enum
from typing import cast

import cattrs

__all__ = ["dumps", "register_strict_scalars"]


def register_strict_scalars(converter: cattrs.Converter, error: Callable[[str], Exception]) -> None:
    """Register hooks for ``str`` (StrEnum fields too: one of their values), ``int``
    (not a boolean) and ``bool`` on ``converter``; each refusal raises ``error(message)``."""

    def structure_str(value: object, kind: type) -> str:
        if not isinstance(value, str):
            raise error("must be a string")
        if kind is not str and issubclass(kind, Enum):
            try:
                return cast(str, kind(value))
            except ValueError:
                raise error("must be one of the allowed codes") from None
        return value

    def structure_int(value: object, _: type) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise error("must be an integer")
        return value

    def structure_bool(value: object, _: type) -> bool:
        if not isinstance(value, bool):
            raise error("must be true or false")
        return value

    converter.register_structure_hook(str, structure_str)
    converter.register_structure_hook(int, structure_int)
    converter.register_structure_hook(bool, structure_bool)


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
