"""JSON for 835 records, through one cattrs converter.

Strategy: cattrs walks the attrs records; this module only teaches it the
leaf types. Money (``Decimal``) is written as a JSON *string* in positional
notation so no reader turns it into a float; reading back accepts only plain
decimal numbers (no NaN, Infinity or exponent). Dates are ISO 8601 strings.
Read-only mappings (AMT/QTY by qualifier) become JSON objects and come back
read-only. Every record field is written, including the kept source segments,
so a round trip gives equal records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import cattrs

from medclaims._support.json import dumps, money_text, read_money
from medclaims._support.json import make_converter as _base_converter
from medclaims.errors import MedclaimsError
from medclaims.export._errors import ExportError
from medclaims.remittance.denials import Denial
from medclaims.remittance.records import Remittance

__all__ = [
    "CONVERTER",
    "denials_from_json",
    "denials_to_json",
    "make_converter",
    "remittances_from_json",
    "remittances_to_json",
]


def _decimal_out(value: Decimal) -> str:
    return money_text(value, ExportError)


def _decimal_in(value: object, _: type) -> Decimal:
    return read_money(value, ExportError)


def _decimal_mapping_in(value: object, _: type) -> Mapping[str, Decimal]:
    if not isinstance(value, dict):
        raise ExportError("amounts must be a JSON object")
    return MappingProxyType({str(k): _decimal_in(v, Decimal) for k, v in value.items()})


def _segments_in(value: object, _: type) -> Sequence[Sequence[str]] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(seg, list) and all(isinstance(e, str) for e in seg) for seg in value
    ):
        raise ExportError("source segments must be a list of lists of strings")
    return tuple(tuple(seg) for seg in value)


def _is_decimal_mapping(tp: Any) -> bool:
    return bool(tp == Mapping[str, Decimal])


def _is_segments(tp: Any) -> bool:
    return bool(tp == Sequence[Sequence[str]] | None)


def make_converter() -> cattrs.Converter:
    """A new converter for every 835 and denial record (Decimal ↔ str, date ↔ ISO string)."""
    conv = _base_converter(ExportError)  # Decimal, date, str, int and bool: the shared rules
    conv.register_unstructure_hook_func(
        _is_decimal_mapping, lambda m: {k: _decimal_out(v) for k, v in m.items()}
    )
    conv.register_structure_hook_func(_is_decimal_mapping, _decimal_mapping_in)
    conv.register_unstructure_hook_func(
        _is_segments, lambda s: None if s is None else [list(seg) for seg in s]
    )
    conv.register_structure_hook_func(_is_segments, _segments_in)
    return conv


CONVERTER = make_converter()
"""The shared converter: ``CONVERTER.unstructure(record)`` gives JSON-ready data."""


def remittances_to_json(remittances: Iterable[Remittance], *, indent: int | None = None) -> str:
    """A JSON array with every field of every remittance (money as strings)."""
    data = CONVERTER.unstructure(list(remittances), list[Remittance])
    return dumps(data, indent=indent)


def denials_to_json(denials: Iterable[Denial], *, indent: int | None = None) -> str:
    """A JSON array of denial records (money as strings)."""
    data = CONVERTER.unstructure(list(denials), list[Denial])
    return dumps(data, indent=indent)


def _where(exc: BaseException) -> str:
    """Paths of the failing fields from a cattrs error, without any value."""
    paths = [m.rsplit(" @ ", 1)[-1] for m in cattrs.transform_error(exc) if " @ " in m]
    return "; ".join(dict.fromkeys(paths))[:500] or "$"


def _from_json(text: str | bytes, target: Any, what: str) -> Any:
    try:
        data: Any = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ExportError(f"not valid JSON (line {getattr(exc, 'lineno', '?')})") from None
    if not isinstance(data, list):
        raise ExportError(f"expected a JSON array of {what}")
    try:
        return CONVERTER.structure(data, target)
    except cattrs.BaseValidationError as exc:
        raise ExportError(f"JSON does not describe {what} at {_where(exc)}") from None
    except (MedclaimsError, ValueError, TypeError, KeyError, AttributeError):
        raise ExportError(f"JSON does not describe {what}") from None


def remittances_from_json(text: str | bytes) -> list[Remittance]:
    """Read back what :func:`remittances_to_json` wrote.

    Raises :class:`ExportError` naming the failing field paths (never values)
    on malformed JSON or data that does not describe remittances.
    """
    result: list[Remittance] = _from_json(text, list[Remittance], "remittances")
    return result


def denials_from_json(text: str | bytes) -> list[Denial]:
    """Read back what :func:`denials_to_json` wrote; errors as :func:`remittances_from_json`."""
    result: list[Denial] = _from_json(text, list[Denial], "denials")
    return result
