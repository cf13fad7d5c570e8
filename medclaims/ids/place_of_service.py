"""Place of service codes (837P CLM05-1, and SV105 when a line differs).

Two digits from the CMS place of service code set (:data:`medclaims.codes.PLACE_OF_SERVICE`).

>>> validate('11')
'11'
>>> name('11')
'Office'
>>> validate('1')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a place of service code must have exactly 2 digits
>>> validate('1A')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a place of service code must contain only digits
>>> validate('30')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidCode: not a CMS place of service code
"""

from __future__ import annotations

from medclaims.codes import PLACE_OF_SERVICE
from medclaims.ids._errors import InvalidCode, InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_digits

__all__ = ["compact", "is_valid", "name", "validate"]


def compact(value: str) -> str:
    """Strip surrounding whitespace."""
    return clean(value)


def validate(value: str) -> str:
    """Return the code, or raise InvalidFormat/InvalidLength/InvalidCode."""
    code = compact(value)
    if not is_ascii_digits(code):
        raise InvalidFormat("a place of service code must contain only digits")
    if len(code) != 2:
        raise InvalidLength("a place of service code must have exactly 2 digits")
    if code not in PLACE_OF_SERVICE:
        raise InvalidCode("not a CMS place of service code")
    return code


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)


def name(value: str) -> str:
    """The short name of a valid place of service code (raises like :func:`validate`)."""
    return PLACE_OF_SERVICE[validate(value)]
