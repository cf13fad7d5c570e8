"""cattrs structure hooks that read strings, integers and booleans only from their own JSON types.

cattrs' own hooks convert: ``1`` becomes ``"1"``, ``"false"`` becomes ``True``
(``bool("false")``), ``true`` becomes ``1``. Every medclaims JSON reader
(encounters, remittances, reports) refuses those instead, with its own error
class; messages name the expected type, never the value.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import cast

import cattrs

__all__ = ["register_strict_scalars"]


def register_strict_scalars(converter: cattrs.Converter,
                            error: Callable[[str], Exception]) -> None:
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
