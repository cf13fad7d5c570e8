"""Procedure modifiers (837P SV101-3 to SV101-6).

A modifier is 2 letters or digits (``25``, ``LT``, ``GT``, ``Q6``). A service
line carries at most 4. Only the shape is checked.

>>> validate('lt')
'LT'
>>> validate_all(['25', ' 59 '])
('25', '59')
>>> validate('5')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a procedure modifier must have exactly 2 characters
>>> validate('2-')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a procedure modifier must contain only letters and digits
>>> validate_all(['25', '59', 'LT', 'RT', 'XS'])
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a service line takes at most 4 procedure modifiers (SV101-3..6)
"""

from __future__ import annotations

from collections.abc import Iterable

from medclaims.ids._errors import InvalidFormat, InvalidIdentifier, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_alnum

__all__ = ["MAX_MODIFIERS", "compact", "is_valid", "validate", "validate_all"]

MAX_MODIFIERS = 4
"""How many modifiers one 837P service line can carry (SV101-3 to SV101-6)."""


def compact(value: str) -> str:
    """Strip surrounding whitespace and upper-case the modifier."""
    return clean(value).upper()


def validate(value: str) -> str:
    """Return the upper-case modifier, or raise InvalidFormat/InvalidLength."""
    code = compact(value)
    if not is_ascii_alnum(code):
        raise InvalidFormat("a procedure modifier must contain only letters and digits")
    if len(code) != 2:
        raise InvalidLength("a procedure modifier must have exactly 2 characters")
    return code


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)


def validate_all(values: Iterable[str]) -> tuple[str, ...]:
    """Validate 0 to 4 modifiers in order and return them as a tuple.

    Raises InvalidLength for more than 4, and the first modifier's error
    (its message prefixed with its 1-based position) otherwise.
    """
    if isinstance(values, str):
        raise InvalidFormat("modifiers must be given as a list, not a single string")
    items = list(values)
    if len(items) > MAX_MODIFIERS:
        raise InvalidLength(
            f"a service line takes at most {MAX_MODIFIERS} procedure modifiers (SV101-3..6)"
        )
    result: list[str] = []
    for position, item in enumerate(items, start=1):
        try:
            result.append(validate(item))
        except InvalidIdentifier as exc:
            raise type(exc)(f"modifier {position}: {exc}") from None
    return tuple(result)
