"""Patient relationship to the subscriber (837P 2000C PAT01).

When the patient is not the subscriber, loop 2000C carries PAT01 with one of
the codes in :data:`CODES`. ``18`` (self) is *not* among them: when the patient
is the subscriber, 2000C is omitted and SBR02 is ``18`` (:data:`SELF`).

>>> validate('19')
'19'
>>> validate('g8')
'G8'
>>> CODES['53']
'life partner'
>>> validate(SELF)
Traceback (most recent call last):
    ...
medclaims.ids.InvalidCode: 18 (self) is not a PAT01 code: omit loop 2000C and send SBR02=18
>>> validate('99')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidCode: not a 5010 837P patient relationship code (PAT01)
>>> validate('1')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a patient relationship code must have exactly 2 characters
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from medclaims.ids._errors import InvalidCode, InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_alnum

__all__ = ["CODES", "SELF", "compact", "is_valid", "validate"]

SELF = "18"
"""Individual relationship code for self: goes in SBR02, never in PAT01."""

CODES: Mapping[str, str] = MappingProxyType(
    {
        "01": "spouse",
        "19": "child",
        "20": "employee",
        "21": "unknown",
        "39": "organ donor",
        "40": "cadaver donor",
        "53": "life partner",
        "G8": "other relationship",
    }
)
"""PAT01 codes allowed by 005010X222A1 for a patient who is not the subscriber."""


def compact(value: str) -> str:
    """Strip surrounding whitespace and upper-case the code."""
    return clean(value).upper()


def validate(value: str) -> str:
    """Return the code, or raise InvalidFormat/InvalidLength/InvalidCode."""
    code = compact(value)
    if not is_ascii_alnum(code):
        raise InvalidFormat("a patient relationship code must contain only letters and digits")
    if len(code) != 2:
        raise InvalidLength("a patient relationship code must have exactly 2 characters")
    if code == SELF:
        # 2000C is used only when the patient is not the subscriber (TR3 2000C note).
        raise InvalidCode("18 (self) is not a PAT01 code: omit loop 2000C and send SBR02=18")
    if code not in CODES:
        raise InvalidCode("not a 5010 837P patient relationship code (PAT01)")
    return code


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)
