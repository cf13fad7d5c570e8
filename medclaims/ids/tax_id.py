"""US taxpayer identification number: EIN or SSN (837P REF*EI / REF*SY).

Both are 9 digits. An EIN is usually written ``12-3456789`` and an SSN
``123-45-6789``; :func:`validate` accepts those two layouts or 9 bare digits and
returns the 9 digits, which is how the 837P sends them. There is no check digit.

>>> validate('12-3456789')
'123456789'
>>> validate('123-45-6789')
'123456789'
>>> format_ein('123456789')
'12-3456789'
>>> validate('1234-56789')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a tax id is written NN-NNNNNNN (EIN) or NNN-NN-NNNN (SSN)
>>> validate('12-34567')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a tax id must have exactly 9 digits
>>> validate('12-345678X')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a tax id must contain only digits
"""

from __future__ import annotations

import re

from medclaims.ids._errors import InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_digits

__all__ = ["compact", "format_ein", "format_ssn", "is_valid", "validate"]

# 9 bare digits, EIN layout NN-NNNNNNN, or SSN layout NNN-NN-NNNN.
_LAYOUT = re.compile(r"[0-9]{9}|[0-9]{2}-[0-9]{7}|[0-9]{3}-[0-9]{2}-[0-9]{4}", re.ASCII)


def compact(value: str) -> str:
    """Remove surrounding whitespace and every dash and space."""
    return clean(value, " -")


def validate(value: str) -> str:
    """Return the 9 digits, or raise InvalidFormat/InvalidLength."""
    number = compact(value)
    if not is_ascii_digits(number):
        raise InvalidFormat("a tax id must contain only digits")
    if len(number) != 9:
        raise InvalidLength("a tax id must have exactly 9 digits")
    if not _LAYOUT.fullmatch(clean(value, " ")):
        raise InvalidFormat("a tax id is written NN-NNNNNNN (EIN) or NNN-NN-NNNN (SSN)")
    return number


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)


def format_ein(value: str) -> str:
    """Write a valid tax id in the EIN layout ``NN-NNNNNNN``."""
    number = validate(value)
    return f"{number[:2]}-{number[2:]}"


def format_ssn(value: str) -> str:
    """Write a valid tax id in the SSN layout ``NNN-NN-NNNN``."""
    number = validate(value)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"
