"""Procedure codes: CPT (HCPCS Level I) and HCPCS Level II (837P SV101-2).

* CPT Category I: 5 digits (``99213``).
* CPT Category II (performance measures): 4 digits and ``F`` (``3008F``).
* CPT Category III (emerging technology): 4 digits and ``T`` (``0042T``).
* HCPCS Level II: a letter and 4 digits (``J3490``, ``G0439``).

Only the shape is checked, not whether the code is active this year (the code
sets are licensed: CPT by the AMA). :func:`kind` tells the families apart; both
are sent with qualifier SV101-1 = ``HC``.

>>> validate(' 99213 ')
'99213'
>>> validate('3008f')
'3008F'
>>> kind('J3490')
'HCPCS'
>>> kind('0042T')
'CPT'
>>> validate('9921')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidLength: a procedure code must have exactly 5 characters
>>> validate('99-213')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a procedure code must contain only letters and digits
>>> validate('9921X')
Traceback (most recent call last):
    ...
medclaims.ids.InvalidFormat: a procedure code must be NNNNN, NNNNF, NNNNT (CPT) or ANNNN (HCPCS)
"""

from __future__ import annotations

import re
from typing import Literal

from medclaims.ids._errors import InvalidFormat, InvalidLength
from medclaims.ids._util import accepts, clean, is_ascii_alnum

__all__ = ["compact", "is_valid", "kind", "validate"]

_CPT = re.compile(r"[0-9]{4}[0-9FT]", re.ASCII)
_HCPCS = re.compile(r"[A-Z][0-9]{4}", re.ASCII)


def compact(value: str) -> str:
    """Strip surrounding whitespace and upper-case the code."""
    return clean(value).upper()


def validate(value: str) -> str:
    """Return the upper-case code, or raise InvalidFormat/InvalidLength."""
    code = compact(value)
    if not is_ascii_alnum(code):
        raise InvalidFormat("a procedure code must contain only letters and digits")
    if len(code) != 5:
        raise InvalidLength("a procedure code must have exactly 5 characters")
    if not (_CPT.fullmatch(code) or _HCPCS.fullmatch(code)):
        raise InvalidFormat("a procedure code must be NNNNN, NNNNF, NNNNT (CPT) or ANNNN (HCPCS)")
    return code


def is_valid(value: str) -> bool:
    """True when :func:`validate` would accept ``value``."""
    return accepts(validate, value)


def kind(value: str) -> Literal["CPT", "HCPCS"]:
    """Return ``"CPT"`` or ``"HCPCS"`` for a valid code (raises like :func:`validate`)."""
    code = validate(value)
    return "CPT" if _CPT.fullmatch(code) else "HCPCS"
