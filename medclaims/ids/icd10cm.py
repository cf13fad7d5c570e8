"""ICD-10-CM diagnosis code shape (837P HI segment, qualifiers ABK/ABF).

A code has 3 to 7 characters: a letter, a digit, a letter or digit (the
category), then up to 4 letters or digits after an optional dot. The 837P
sends codes without the dot; :func:`validate` returns that form and
:func:`format` adds the dot back for people. Only the shape is checked: whether
a code exists in this year's code set needs the CMS tables, which we do not ship.
The letter ``U`` (codes for special purposes, e.g. U07.1) is allowed.

>>> validate('e11.9')
'E119'
>>> validate('U07.1')
'U071'
>>> format('S72001A')
'S72.001A'
>>> format('I10')
'I10'
>>> validate('E1')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: an ICD-10-CM code must have 3 to 7 characters (without the dot)
>>> validate('E11.12345')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: an ICD-10-CM code must have 3 to 7 characters (without the dot)
>>> validate('1E1')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: an ICD-10-CM code must begin letter, digit, letter-or-digit
>>> validate('E1.19')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: the dot in an ICD-10-CM code may only follow the third character
"""

from __future__ import annotations

import re

from medclaims.ids._errors import InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_alnum

__all__ = ["compact", "format", "is_valid", "validate"]

_CATEGORY = re.compile(r"[A-Z][0-9][A-Z0-9]", re.ASCII)


def compact(value: str) -> str:
    """Strip whitespace, remove the dot and upper-case the code."""
    return clean(value, ".").upper()


def validate(value: str) -> str:
    """Return the dot-less upper-case code, or raise InvalidFormat/InvalidLength."""
    stripped = clean(value).upper()
    if "." in stripped and (stripped.count(".") > 1 or stripped.index(".") != 3):
        raise InvalidFormat("the dot in an ICD-10-CM code may only follow the third character")
    if stripped.endswith("."):
        raise InvalidFormat("a dot in an ICD-10-CM code must be followed by 1 to 4 characters")
    code = compact(stripped)
    if not is_ascii_alnum(code):
        raise InvalidFormat("an ICD-10-CM code must contain only letters and digits")
    if not 3 <= len(code) <= 7:
        raise InvalidLength("an ICD-10-CM code must have 3 to 7 characters (without the dot)")
    if not _CATEGORY.match(code):
        raise InvalidFormat("an ICD-10-CM code must begin letter, digit, letter-or-digit")
    return code


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)


def format(value: str) -> str:
    """Return the valid code with the dot after the third character (``E11.9``)."""
    code = validate(value)
    return code if len(code) == 3 else f"{code[:3]}.{code[3:]}"
