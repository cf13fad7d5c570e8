"""Small helpers shared by the identifier modules (not public)."""

from __future__ import annotations

from collections.abc import Callable

from medclaims.ids._errors import InvalidFormat, InvalidIdentifier


def clean(value: str, deletechars: str = "") -> str:
    """Strip surrounding whitespace and remove every character in ``deletechars``.

    Raises :class:`InvalidFormat` when ``value`` is not a string, so that the
    validators never fail with a bare ``TypeError`` or ``AttributeError``.
    """
    if not isinstance(value, str):
        raise InvalidFormat("the value must be a string")
    value = value.strip()
    if deletechars:
        value = value.translate(str.maketrans("", "", deletechars))
    return value


def is_ascii_digits(value: str) -> bool:
    """True when ``value`` is non-empty and holds only ASCII digits 0-9.

    ``str.isdigit`` alone accepts superscripts and other scripts' digits.
    """
    return value.isascii() and value.isdigit()


def is_ascii_alnum(value: str) -> bool:
    """True when ``value`` is non-empty and holds only ASCII letters and digits."""
    return value.isascii() and value.isalnum()


def accepts(validate: Callable[..., str], value: str, **options: bool) -> bool:
    """True when ``validate(value, **options)`` returns instead of raising InvalidIdentifier."""
    try:
        validate(value, **options)
    except InvalidIdentifier:
        return False
    return True
