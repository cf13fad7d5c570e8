"""US ZIP codes (837P N403).

A ZIP code is 5 digits, or 9 digits for ZIP+4 (written ``12345-6789``); the
837P sends the digits without the dash. The TR3 requires all 9 digits for the
billing provider (2010AA N403) and the service facility (2310C); pass
``require_nine=True`` there.

>>> validate('12345-6789')
'123456789'
>>> validate('12345')
'12345'
>>> format('123456789')
'12345-6789'
>>> validate('12345', require_nine=True)
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a 9-digit ZIP+4 code is required here
>>> validate('1234')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a ZIP code must have 5 or 9 digits
>>> validate('1234-56789')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a ZIP+4 code is written NNNNN-NNNN (dash after the fifth digit)
>>> validate('1234A')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a ZIP code must contain only digits
"""

from __future__ import annotations

from medclaims.ids._errors import InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_digits

__all__ = ["compact", "format", "is_valid", "validate"]


def compact(value: str) -> str:
    """Remove surrounding whitespace and the ZIP+4 dash."""
    return clean(value, " -")


def validate(value: str, *, require_nine: bool = False) -> str:
    """Return the 5 or 9 digits, or raise InvalidFormat/InvalidLength."""
    number = compact(value)
    if not is_ascii_digits(number):
        raise InvalidFormat("a ZIP code must contain only digits")
    if len(number) not in (5, 9):
        raise InvalidLength("a ZIP code must have 5 or 9 digits")
    written = clean(value)
    if "-" in written and (len(written) != 10 or written[5] != "-"):
        raise InvalidFormat("a ZIP+4 code is written NNNNN-NNNN (dash after the fifth digit)")
    if require_nine and len(number) != 9:
        raise InvalidLength("a 9-digit ZIP+4 code is required here")
    return number


def is_valid(value: str, *, require_nine: bool = False) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value, require_nine=require_nine)


def format(value: str) -> str:
    """Return a valid ZIP code for people: ``12345`` or ``12345-6789``."""
    number = validate(value)
    return number if len(number) == 5 else f"{number[:5]}-{number[5:]}"
