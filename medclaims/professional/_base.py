"""The field rules every 837P record shares, and the postal address they all use.

Private: the records are public in :mod:`medclaims.professional.model` and
:mod:`medclaims.professional.cob`; both build their fields from these helpers,
so neither imports the other for them.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from attrs import validators as v

from medclaims._support.fields import date_only, instance_of
from medclaims.professional.extras import ExtraSegment

__all__ = ["ClaimAddress"]


def _finite_decimal(_inst: Any, attribute: attrs.Attribute[Any], value: Decimal) -> None:
    """A Decimal that is a plain finite number (no NaN/Infinity)."""
    if not value.is_finite():
        raise ValueError(f"{attribute.name} must be a finite number")


_STR = instance_of(str)
_OPT_STR = v.optional(instance_of(str))
_DATE = date_only
_OPT_DATE = v.optional(date_only)
_DECIMAL = v.and_(instance_of(Decimal), _finite_decimal)
_BOOL = instance_of(bool)


def _strs(value: Iterable[str]) -> tuple[str, ...]:
    """Lists become tuples; a bare string is left as is for the validator to refuse."""
    return value if isinstance(value, str) else tuple(value)  # type: ignore[return-value]


def _ints(value: Iterable[int]) -> tuple[int, ...]:
    return tuple(value)


def _extras(value: Iterable[ExtraSegment]) -> tuple[ExtraSegment, ...]:
    return tuple(value)


def _extras_field() -> Any:
    """Segments read beyond the model (see :mod:`.extras`); never written by the builder."""
    return attrs.field(default=(), converter=_extras, validator=_tuple_of(ExtraSegment))


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _tuple_of(kind: type) -> Any:
    return v.deep_iterable(instance_of(kind), instance_of(tuple))


def _phi_str() -> Any:
    """A required identity string (NM1/N3/N4/DMG/REF/PER), hidden from repr."""
    return attrs.field(validator=_STR, repr=False)


def _phi_opt_str() -> Any:
    """An optional identity string, hidden from repr."""
    return attrs.field(default=None, validator=_OPT_STR, repr=False)


@attrs.frozen(kw_only=True, cache_hash=True)
class ClaimAddress:
    """A postal address as a claim carries it (N3/N4). Every field is identity data and
    hidden from repr."""

    line1: str = _phi_str()
    """First address line (N301)."""
    city: str = _phi_str()
    """City (N401)."""
    state: str = _phi_str()
    """Two-letter state or province code (N402)."""
    postal_code: str = _phi_str()
    """ZIP code, 5 or 9 digits, dash allowed (N403; 9 digits required in 2010AA and 2310C)."""
    line2: str | None = _phi_opt_str()
    """Second address line (N302)."""
