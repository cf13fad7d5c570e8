"""X12 element values: decimals (``R``), ``CCYYMMDD`` dates, and the bounded
text-keyed caches the parsers (835, acknowledgements) read them through.

X12 decimals have an optional leading minus, digits and an optional decimal
point: ``100``, ``-12.50``, ``.5``. Everything Python's :class:`~decimal.Decimal`
accepts beyond that (``NaN``, ``Infinity``, exponents, ``+``, ``_`` grouping,
spaces) is rejected here. :func:`parse_amount` and :func:`parse_date` return
``None`` for a bad value so that lenient parsing can record an issue with the
segment position and go on; :func:`amount` raises
:class:`~medclaims.errors.X12SyntaxError` instead. The writer formats with
:func:`format_amount` and :func:`format_date`.

The hot path is a dictionary lookup: amounts and dates repeat a lot in real
remittances (``0``, ``0.00``, common fees), so parsed values are cached by
their text (:func:`remember` bounds every cache of the parser).
"""

from __future__ import annotations

import datetime as dt
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, InvalidOperation
from typing import TypeVar

from medclaims.errors import Location, X12SyntaxError

__all__ = [
    "KEY_LIMIT",
    "amount",
    "amount_cache",
    "date_cache",
    "format_amount",
    "format_date",
    "parse_amount",
    "parse_date",
    "remember",
]

V = TypeVar("V")

KEY_LIMIT = 256
"""Longest key a cache keeps. Real keys (an amount, a CAS or NM1 segment's text) are
far shorter; a crafted megabyte-long one must not stay in memory after its segment
is gone (``iter_835`` promises bounded memory, and the amount cache outlives a parse)."""


def remember(cache: dict[str, V], key: str, value: V, size: int) -> V:
    """Put ``value`` in ``cache`` under ``key`` and return it.

    The cache holds at most ``size`` entries (it is emptied when full: the
    values that matter come back within a few thousand segments) and no key
    longer than :data:`KEY_LIMIT`.
    """
    if len(key) <= KEY_LIMIT:
        if len(cache) >= size:
            cache.clear()
        cache[key] = value
    return value


# -- X12 decimals (R) ---------------------------------------------------------

_AMOUNT_CACHE_LIMIT = 1 << 16
amount_cache: dict[str, Decimal] = {}
"""Amounts read so far, by their text (shared by every parse: values are immutable)."""
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
    value = amount_cache.get(text)
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
    return remember(amount_cache, text, value, _AMOUNT_CACHE_LIMIT)


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


# -- CCYYMMDD dates (DTM02, BPR16, PLB02) ---------------------------------------

_DATE_CACHE_LIMIT = 1 << 14
date_cache: dict[str, dt.date] = {}
"""Dates read so far, by their text."""
_date = dt.date


def parse_date(text: str) -> dt.date | None:
    """The date of a ``CCYYMMDD`` element, or ``None`` when it is not a valid date.

    >>> parse_date("20240229"), parse_date("20230229"), parse_date("2024-02-01")
    (datetime.date(2024, 2, 29), None, None)
    """
    value = date_cache.get(text)
    if value is not None:
        return value
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        value = _date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None
    remember(date_cache, text, value, _DATE_CACHE_LIMIT)
    return value


def format_date(value: dt.date) -> str:
    """A date as ``CCYYMMDD``."""
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"
