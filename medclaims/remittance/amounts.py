"""Strict X12 decimal (``R``) and number parsing for the 835.

X12 decimals have an optional leading minus, digits and an optional decimal
point: ``100``, ``-12.50``, ``.5``. Everything Python's :class:`~decimal.Decimal`
accepts beyond that (``NaN``, ``Infinity``, exponents, ``+``, ``_`` grouping,
spaces) is rejected here. :func:`parse_amount` returns ``None`` for a bad value
so that lenient parsing can record an issue with the segment position and go
on; :func:`amount` raises :class:`~medclaims.errors.X12SyntaxError` instead.

The hot path is a dictionary lookup: amounts repeat a lot in real remittances
(``0``, ``0.00``, common fees), so parsed values are cached by their text.
"""

from __future__ import annotations

from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation

from medclaims.errors import Location, X12SyntaxError
from medclaims.remittance._cache import remember

__all__ = ["amount", "format_amount", "parse_amount"]

_CACHE_LIMIT = 1 << 16
_cache: dict[str, Decimal] = {}
_R_CHARACTERS = "0123456789.-"
# Our own context, so that a caller's decimal settings (precision, traps) never
# change what is read: exact at any length, and a malformed number raises.
_exact = Context(
    prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation]
).create_decimal


def parse_amount(text: str) -> Decimal | None:
    """The decimal value of an X12 ``R`` element, or ``None`` when it is not one.

    >>> parse_amount("-12.50")
    Decimal('-12.50')
    >>> parse_amount("1E3") is None, parse_amount("NaN") is None, parse_amount("") is None
    (True, True, True)
    """
    value = _cache.get(text)
    if value is not None:
        return value
    # -?(digits[.digits*] | .digits): with only ASCII digits, "." and "-" in the text,
    # what Decimal accepts is exactly that (no exponent, sign, space or other
    # script's digits can get through); one C-level strip checks the characters.
    if text.strip(_R_CHARACTERS):
        return None
    try:
        value = _exact(text)
    except InvalidOperation:  # "", ".", "-", "1-2", "1.2.3": not a number at all
        return None
    return remember(_cache, text, value, _CACHE_LIMIT)


def amount(text: str, location: Location | None = None) -> Decimal:
    """Like :func:`parse_amount` but raises :class:`X12SyntaxError` naming the position."""
    value = parse_amount(text)
    if value is None:
        raise X12SyntaxError("element is not an X12 decimal number", location)
    return value


def format_amount(value: Decimal) -> str:
    """An amount as X12 text: fixed point, no exponent, as many decimals as it has.

    >>> format_amount(Decimal("1E+2")), format_amount(Decimal("-0.50"))
    ('100', '-0.50')
    """
    if not value.is_finite():
        raise ValueError("amount must be finite")
    text = format(value, "f")
    return text
