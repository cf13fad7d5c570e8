"""NPI (National Provider Identifier, the HIPAA provider id).

An NPI is 10 digits: 9 assigned digits and a Luhn check digit. The check digit
is computed as if the number carried the prefix ``80840`` (the ISO 7812 card
issuer prefix for US health applications), so a plain Luhn check of the 10
digits is not enough. 837P sends it in NM109 with NM108 = ``XX``.

>>> validate('1234567893')
'1234567893'
>>> validate(' 1234-567-893 ')
'1234567893'
>>> calc_check_digit('123456789')
'3'
>>> is_valid('1245319599')
True
>>> validate('1234567890')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidChecksum: the NPI check digit (Luhn with prefix 80840) does not match
>>> validate('123456789')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: an NPI must have exactly 10 digits
>>> validate('12345678A3')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: an NPI must contain only digits
"""

from __future__ import annotations

from medclaims.ids._errors import InvalidChecksum, InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_digits

__all__ = ["calc_check_digit", "compact", "is_valid", "validate"]

_PREFIX = "80840"


def compact(value: str) -> str:
    """Remove surrounding whitespace and inner spaces and dashes."""
    return clean(value, " -")


def _luhn_sum(digits: str) -> int:
    """Luhn sum of ``digits`` where the rightmost digit is not doubled."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total


def calc_check_digit(number: str) -> str:
    """Return the check digit for the first 9 digits of an NPI."""
    number = compact(number)
    if not is_ascii_digits(number):
        raise InvalidFormat("an NPI must contain only digits")
    if len(number) != 9:
        raise InvalidLength("the NPI check digit is computed over exactly 9 digits")
    return str((10 - _luhn_sum(_PREFIX + number + "0")) % 10)


def validate(value: str) -> str:
    """Return the compact NPI, or raise InvalidFormat/InvalidLength/InvalidChecksum."""
    number = compact(value)
    if not is_ascii_digits(number):
        raise InvalidFormat("an NPI must contain only digits")
    if len(number) != 10:
        raise InvalidLength("an NPI must have exactly 10 digits")
    if _luhn_sum(_PREFIX + number) % 10 != 0:
        raise InvalidChecksum("the NPI check digit (Luhn with prefix 80840) does not match")
    return number


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)
