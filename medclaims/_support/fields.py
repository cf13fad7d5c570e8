"""Type checks for records whose messages never quote the value (it may be PHI).

attrs' own ``instance_of`` puts the offending value in its message: a birth
date passed as a string would land in a log. :func:`instance_of` is its
PHI-free twin, for records that declare their validators field by field.

The 835 records go further: each class is declared with ``field_transformer=typed_fields``.
For each field without a validator of its own, :func:`typed_fields` reads the
annotation (a string, under ``from __future__ import annotations``) and attaches
the matching check: ``str``, ``int`` (not ``bool``), ``bool`` (only ``True`` or
``False``), ``Decimal`` (finite: no NaN or Infinity), ``dt.date`` (not a datetime), ``dt.datetime``,
a class or type alias by name (looked up in the record's module on first use, so
a record may name a class defined after it; an enum is a class), ``X | None``,
``tuple[X, ...]``, ``tuple[X, Y]``, ``list[X]``, ``Mapping[K, V]``, and
``Sequence[str]`` and ``dict[K, V]``, of which only the container is checked (a
lazy sequence stays lazy, and a table of many dict rows is not walked cell by
cell). An annotation it does not know raises at import: no field goes unchecked.

The checks run in ``__init__`` only: records made by hand or read back from
JSON. The 835 parser builds its records without ``__init__`` from values it
has checked itself, so parsing pays nothing. Messages name the field and the
expected type, never the value (it may be PHI).

:func:`masked_repr` is the one ``repr`` of a PHI-bearing field, for
``attrs.field(repr=masked_repr)``: it shows the field's shape, never its value.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

__all__ = [
    "date_only",
    "frozen_mapping",
    "frozen_tuple",
    "instance_of",
    "masked_repr",
    "typed_fields",
]

Check = Callable[[Any], bool]

_GENERIC = re.compile(r"([\w.]+)\[(.*)\]")


def instance_of(*kinds: type) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    """Like ``attrs.validators.instance_of``; the TypeError names the field and the type only."""
    label = " or ".join(kind.__name__ for kind in kinds)

    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, kinds):
            raise TypeError(f"{attribute.name} must be {label}")

    return validate


def masked_repr(value: object) -> str:
    """``repr`` of a PHI-bearing field: its shape, never its value.

    ``None`` and the empty string show as themselves (that a field is absent tells
    nothing about a patient, and it is what a reader debugging a parse needs to
    see); a tuple or list shows its length only (``<2 masked>``); anything else
    shows as ``'***'``.

    >>> masked_repr("DOE"), masked_repr(""), masked_repr(None), masked_repr(("a", "b"))
    ("'***'", "''", 'None', '<2 masked>')
    """
    if value is None or value == "":
        return repr(value)
    if isinstance(value, tuple | list):
        return f"<{len(value)} masked>"
    return "'***'"


def frozen_mapping(value: Any) -> Any:
    """attrs converter: a read-only copy of a mapping. Anything else is left as it is,
    for the field's own type check to refuse with a message naming the field."""
    return MappingProxyType(dict(value)) if isinstance(value, Mapping) else value


def frozen_tuple(value: Any) -> Any:
    """attrs converter: an iterable as a tuple; anything else is left to the field's check."""
    return tuple(value) if isinstance(value, Iterable) else value


def date_only(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator of a date field: a ``datetime.date`` that is not a ``datetime``.

    A datetime is a date to ``isinstance``, but it would not compare equal to the date
    read back from X12 or JSON, and its JSON form does not read back as a date.
    """
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"{attribute.name} must be a date (not a datetime)")


def typed_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """attrs ``field_transformer``: give every field a validator checking its annotated type."""
    namespace = vars(sys.modules[cls.__module__])
    out = []
    for field in fields:
        if field.validator is None:
            if not isinstance(field.type, str):
                raise TypeError(f"{cls.__name__}.{field.name}: annotation must be a string")
            check = _check(field.type, namespace)
            field = field.evolve(validator=_validator(check, field.type))
        out.append(field)
    return out


def _validator(check: Check, annotation: str) -> Callable[[Any, attrs.Attribute[Any], Any], None]:
    def validate(_inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not check(value):
            raise TypeError(f"{attribute.name} must be {annotation}")

    return validate


def _finite_decimal(value: Any) -> bool:
    return isinstance(value, Decimal) and value.is_finite()


def _plain_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_SIMPLE: dict[str, Check] = {
    "str": lambda value: isinstance(value, str),
    "int": _plain_int,
    "bool": lambda value: value is True or value is False,
    "Decimal": _finite_decimal,
    # Not a datetime: see date_only.
    "dt.date": lambda value: isinstance(value, dt.date) and not isinstance(value, dt.datetime),
    "dt.datetime": lambda value: isinstance(value, dt.datetime),
    "None": lambda value: value is None,
}
# A type alias is checked through its repr, which spells these by module name.
_SIMPLE.update(
    {
        "decimal.Decimal": _SIMPLE["Decimal"],
        "datetime.date": _SIMPLE["dt.date"],
        "datetime.datetime": _SIMPLE["dt.datetime"],
    }
)


def _top_level(text: str, separator: str) -> list[str]:
    """``text`` split on ``separator`` outside brackets, each part stripped."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "[") - (ch == "]")
        if ch == separator and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _check(annotation: str, namespace: Mapping[str, Any]) -> Check:
    """The predicate of ``annotation``; raises TypeError for one it does not know."""
    annotation = annotation.strip()
    union = _top_level(annotation, "|")
    if len(union) > 1:
        return _union(
            [_check(part, namespace) for part in union if part != "None"], "None" in union
        )
    simple = _SIMPLE.get(annotation)
    if simple is not None:
        return simple
    generic = _GENERIC.fullmatch(annotation)
    if generic is not None:
        return _generic(generic[1], _top_level(generic[2], ","), namespace)
    if annotation.isidentifier():
        return _named(annotation, namespace)
    raise TypeError(f"no check for the annotation {annotation!r}")


def _union(options: list[Check], optional: bool) -> Check:
    """Any of ``options``, or None when ``optional`` (tested first: the common ``X | None``)."""
    if len(options) == 1:
        [only] = options
        return (lambda value: value is None or only(value)) if optional else only
    if optional:
        return lambda value: value is None or any(check(value) for check in options)
    return lambda value: any(check(value) for check in options)


def _generic(origin: str, args: list[str], namespace: Mapping[str, Any]) -> Check:
    if origin == "tuple" and len(args) == 2 and args[1] == "...":
        item = _check(args[0], namespace)
        return lambda value: isinstance(value, tuple) and all(item(x) for x in value)
    if origin == "tuple":
        items = [_check(arg, namespace) for arg in args]
        return lambda value: (
            isinstance(value, tuple)
            and len(value) == len(items)
            and all(check(x) for check, x in zip(items, value, strict=True))
        )
    if origin == "list" and len(args) == 1:
        item = _check(args[0], namespace)
        return lambda value: isinstance(value, list) and all(item(x) for x in value)
    if origin == "dict" and len(args) == 2:
        _check(args[0], namespace), _check(args[1], namespace)  # known annotations, not walked
        return lambda value: isinstance(value, dict)
    if origin == "Mapping" and len(args) == 2:
        key, item = _check(args[0], namespace), _check(args[1], namespace)
        return lambda value: (
            isinstance(value, Mapping) and all(key(k) and item(x) for k, x in value.items())
        )
    if origin == "Sequence" and args == ["str"]:
        return lambda value: isinstance(value, Sequence) and not isinstance(value, str)
    raise TypeError(f"no check for the annotation {origin}[{', '.join(args)}]")


def _named(name: str, namespace: Mapping[str, Any]) -> Check:
    """The check of the class or type alias ``name``, looked up on first use."""
    resolved: Check | None = None

    def check(value: Any) -> bool:
        nonlocal resolved
        if resolved is None:
            target = namespace.get(name)
            if isinstance(target, type):
                resolved = lambda v: isinstance(v, target)  # noqa: E731
            elif target is not None:  # a type alias such as ExtraSegment = tuple[str, ...]
                resolved = _check(repr(target), namespace)
            else:
                raise TypeError(f"no class or alias named {name!r} for a record field")
        return resolved(value)

    return check
