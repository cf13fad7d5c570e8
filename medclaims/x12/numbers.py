"""Whole numbers in X12 elements (the ``N0`` type: counts, control numbers, pointers)."""

from __future__ import annotations

__all__ = ["whole_number"]


def whole_number(text: str, max_digits: int = 18) -> int | None:
    """``text`` as an ``int`` when it is 1 to ``max_digits`` ASCII digits, else ``None``.

    ``str.isdigit`` alone is not enough: it accepts digits ``int()`` refuses
    (superscripts such as ``'²'``) and other scripts' digits, and ``int()``
    refuses strings of thousands of digits. Leading zeros are allowed
    (``'0001'`` is 1) and count towards ``max_digits``.
    """
    if 0 < len(text) <= max_digits and text.isascii() and text.isdigit():
        return int(text)
    return None
