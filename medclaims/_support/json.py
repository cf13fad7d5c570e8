"""JSON rules shared by every medclaims JSON reader and writer.

``make_converter``: the one cattrs converter factory. Every medclaims converter
(encounters, 835 records, reconciliation reports) starts from it, so the leaf
rules are written once, here:

- money (``Decimal``) is written as a JSON string in positional notation
  (``"1234.50"``, never an exponent, so no reader turns it into a float);
  non-finite amounts cannot be written. It is read from a string of a plain
  decimal number (optional sign, digits, optional fraction; surrounding blanks
  ignored), an integer or a finite ``Decimal``; floats, booleans, NaN,
  Infinity and exponents are refused (:func:`read_money`);
- dates are written as ISO strings (``YYYY-MM-DD``) and read from exactly that
  form (``dates="iso"``); ``dates="common"`` also takes ``date`` objects,
  ``YYYYMMDD`` and US forms, for hand-written input such as encounters
  (:func:`read_date`);
- strings, integers and booleans are read only from their own JSON types
  (``register_strict_scalars``).

``register_strict_scalars``: cattrs structure hooks that read strings, integers and
booleans only from their own JSON types.
cattrs' own hooks convert: ``1`` becomes ``"1"``, ``"false"`` becomes ``True``
(``bool("false")``), ``true`` becomes ``1``. Every medclaims JSON reader
(encounters, remittances, reports) refuses those instead, with its own error
class; messages name the expected type, never the value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Literal, cast

import cattrs
from dateutil import parser as date_parser

__all__ = [
    "dumps",
    "make_converter",
    "money_text",
    "read_date",
    "read_money",
    "register_strict_scalars",
]

ErrorFactory = Callable[[str], Exception]
"""Builds the caller's own exception from a PHI-free message."""

_MONEY_TEXT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_COMPACT_DATE = re.compile(r"[0-9]{8}", re.ASCII)
_US_DATE = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_TIME = re.compile(r"[0-9]T[0-9]|[0-9]:[0-9]", re.ASCII)
_TWO_DIGIT_YEAR = (
    "must have a four-digit year: two-digit years are not completed (write 1968-04-12)"
)
_DATE_TIME = "must be a date without a time of day (write 2024-03-04)"
# Two far-apart defaults: a field dateutil filled in from the default differs between them.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def money_text(value: Decimal, error: ErrorFactory = ValueError) -> str:
    """An amount as JSON text: positional notation (``Decimal("1E+2")`` gives ``"100"``).

    Raises ``error(message)`` for NaN or Infinity.
    """
    if not value.is_finite():
        raise error("money must be a finite number")
    return format(value, "f")


def read_money(value: object, error: ErrorFactory = ValueError) -> Decimal:
    """An amount from a plain decimal string (``"125.00"``, ``" -7.5 "``), an int or a Decimal.

    Floats are refused (they cannot hold cents exactly), and so are booleans,
    NaN, Infinity and exponent notation; each refusal raises ``error(message)``,
    the message naming the rule, never the value.
    """
    if isinstance(value, bool):
        raise error("must be a number written as a string or an integer")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise error('must not be a float: write amounts as strings such as "125.00"')
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise error("must be a finite number")
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _MONEY_TEXT.fullmatch(text):
            raise error('must be a plain decimal number such as "125.00"')
        return Decimal(text)
    raise error("must be a number written as a string or an integer")


def read_date(
    value: object, error: ErrorFactory = ValueError, *, forms: Literal["iso", "common"] = "iso"
) -> dt.date:
    """A calendar date. ``forms="iso"``: only a ``YYYY-MM-DD`` string (what medclaims writes).

    ``forms="common"`` (hand-written input): also a ``date`` (a ``datetime`` gives
    its date), ``YYYYMMDD`` and US forms (``01/31/2024``, ``Jan 31, 2024``, through
    ``python-dateutil``, always month first); a text missing the day, month or year
    is refused rather than completed from today's date, and so are two-digit years
    (``04/12/68``: 1968 or 2068?) and date-times (``2024-03-04T10:00``), each with a
    message that says so.
    """
    if forms == "common":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
    if not isinstance(value, str):
        raise error("must be a date string")
    text = value.strip() if forms == "common" else value
    if forms == "iso" and not _ISO_DATE.fullmatch(text):
        raise error("must be an ISO 8601 date (YYYY-MM-DD)")
    if _TIME.search(text):
        raise error(_DATE_TIME)
    if not _YEAR.search(text) and any(c.isdigit() for c in text):
        raise error(_TWO_DIGIT_YEAR)
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _COMPACT_DATE.fullmatch(text):
            return dt.datetime.strptime(text, "%Y%m%d").date()
        us = _US_DATE.fullmatch(text)
        if us:  # always month first: dateutil would silently swap 13/01/2024
            return dt.date(int(us.group(4)), int(us.group(1)), int(us.group(3)))
        first = date_parser.parse(text, default=_DEFAULT_A, dayfirst=False)
        second = date_parser.parse(text, default=_DEFAULT_B, dayfirst=False)
    except (ValueError, OverflowError):
        raise error("must be a date such as 2024-01-31 or 01/31/2024") from None
    if first != second or first.time() != dt.time(0):
        raise error("must be a complete date (year, month and day)")
    return first.date()


def make_converter(
    error: ErrorFactory,
    *,
    dates: Literal["iso", "common"] = "iso",
    forbid_extra_keys: bool = False,
) -> cattrs.Converter:
    """A new cattrs converter (detailed validation) with medclaims' leaf rules (module docstring).

    Every refusal raises ``error(message)``; callers register their own hooks on top
    for the types only they have (read-only mappings, kept segments, tuples).
    """
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=forbid_extra_keys)
    register_strict_scalars(conv, error)  # str (StrEnum fields too), int, bool

    def unstructure_money(value: Decimal) -> str:
        return money_text(value, error)

    def structure_money(value: object, _: type) -> Decimal:
        return read_money(value, error)

    def structure_date(value: object, _: type) -> dt.date:
        return read_date(value, error, forms=dates)

    conv.register_unstructure_hook(Decimal, unstructure_money)
    conv.register_structure_hook(Decimal, structure_money)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(dt.date, structure_date)
    return conv


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
