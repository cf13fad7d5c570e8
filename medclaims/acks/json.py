"""A canonical JSON form of acknowledgements that loses nothing, through cattrs.

Every record field is written (issues and kept segments included), so
``ack_file_from_json(ack_file_to_json(x)) == x``. Money is a JSON string in
positional notation (never a float), dates are ISO 8601 strings; reading back
accepts only plain decimal numbers and real dates, and a malformed document
raises :class:`AckJsonError` (a :class:`~medclaims.errors.MedclaimsError`)
whose message names the rule, never the value.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import cattrs

from medclaims._support.json import dumps, register_strict_scalars
from medclaims.acks.parser import AckFile
from medclaims.errors import MedclaimsError

__all__ = ["AckJsonError", "ack_file_from_json", "ack_file_to_json", "make_converter"]

_PLAIN_DECIMAL = re.compile(r"-?(?:\d+(?:\.\d*)?|\.\d+)")


class AckJsonError(MedclaimsError):
    """A JSON document is not the JSON form of acknowledgements."""


def _decimal_in(value: object, _: type) -> Decimal:
    if not isinstance(value, str) or not _PLAIN_DECIMAL.fullmatch(value):
        raise AckJsonError("money must be a string of a plain decimal number")
    return Decimal(value)


def _date_in(value: object, _: type) -> dt.date:
    if not isinstance(value, str):
        raise AckJsonError("a date must be an ISO 8601 string")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AckJsonError("a date must be an ISO 8601 date") from None


def make_converter() -> cattrs.Converter:
    """The cattrs converter of the acknowledgement records."""
    conv = cattrs.Converter()
    register_strict_scalars(conv, AckJsonError)
    conv.register_unstructure_hook(Decimal, lambda v: format(v, "f"))
    conv.register_structure_hook(Decimal, _decimal_in)
    conv.register_unstructure_hook(dt.date, lambda v: v.isoformat())
    conv.register_structure_hook(dt.date, _date_in)
    return conv


CONVERTER = make_converter()


def ack_file_to_json(found: AckFile, *, indent: int | None = None) -> str:
    """``found`` (what :func:`~medclaims.acks.read_acks` returned) as JSON text."""
    return dumps(CONVERTER.unstructure(found), indent=indent)


def ack_file_from_json(text: str | bytes) -> AckFile:
    """The :class:`~medclaims.acks.AckFile` of a JSON text written by :func:`ack_file_to_json`."""
    try:
        data: Any = json.loads(text)
    except ValueError:
        raise AckJsonError("the text is not JSON") from None
    try:
        return CONVERTER.structure(data, AckFile)
    except AckJsonError:
        raise
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as exc:
        raise AckJsonError(
            f"the JSON is not an acknowledgement file ({type(exc).__name__})"
        ) from None
