"""State, territory and province codes (N402).

Two letters from :data:`medclaims.codes.STATES`: the 50 states, DC, US
territories, military post codes (AA, AE, AP) and, unless ``us_only=True``,
Canadian provinces.

>>> validate('ny')
'NY'
>>> validate('ON')
'ON'
>>> validate('ON', us_only=True)
Traceback (most recent call last):
    ...
medclaims.ids.InvalidCode: not a US state, territory or military state code
>>> validate('XX')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidCode: not a state or province code
>>> validate('N')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a state code must have exactly 2 letters
>>> validate('N1')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a state code must contain only letters
"""

from __future__ import annotations

from medclaims.codes import STATES, US_STATES
from medclaims.ids._errors import InvalidCode, InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean

__all__ = ["compact", "is_valid", "validate"]


def compact(value: str) -> str:
    """Strip surrounding whitespace and upper-case the code."""
    return clean(value).upper()


def validate(value: str, *, us_only: bool = False) -> str:
    """Return the upper-case code, or raise InvalidFormat/InvalidLength/InvalidCode."""
    code = compact(value)
    if not (code.isascii() and code.isalpha()):
        raise InvalidFormat("a state code must contain only letters")
    if len(code) != 2:
        raise InvalidLength("a state code must have exactly 2 letters")
    if us_only:
        if code not in US_STATES:
            raise InvalidCode("not a US state, territory or military state code")
    elif code not in STATES:
        raise InvalidCode("not a state or province code")
    return code


def is_valid(value: str, *, us_only: bool = False) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value, us_only=us_only)
