"""Encounters to and from JSON-ready dicts, through one ``cattrs`` converter.

Strategy: :data:`converter` knows how to turn plain data into the records of
:mod:`medclaims.professional.model` and back. Its scalar hooks are strict
(a string field takes only a string, money takes ``"125.00"`` strings, ints
and Decimals but never floats, NaN, Infinity or exponents; dates take
``date``, ISO strings and common US forms). It runs with cattrs' detailed
validation, so one pass reports every malformed field; :func:`structure_encounters`
turns those reports into :class:`~medclaims.errors.Issue` records with paths
such as ``encounters[3].service_lines[1].charge`` and PHI-free messages, then
applies the business rules of :mod:`medclaims.professional.validate`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from typing import IO, Any, get_args, get_origin

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from dateutil import parser as date_parser

from medclaims._support.json import register_strict_scalars
from medclaims.errors import EncounterValidationError, Issue, MedclaimsError, Severity
from medclaims.professional.model import Encounter
from medclaims.professional.validate import check_encounter, check_encounters
from medclaims.x12.reader import check_source

__all__ = [
    "FieldError",
    "converter",
    "load_encounters",
    "plain_decimal",
    "structure_encounter",
    "structure_encounters",
    "unstructure_encounter",
    "unstructure_encounters",
]


class FieldError(MedclaimsError, ValueError):
    """A single input value has the wrong type or shape (message names the rule, not the value)."""


_DECIMAL_TEXT = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?", re.ASCII)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_COMPACT_DATE = re.compile(r"[0-9]{8}", re.ASCII)
_US_DATE = re.compile(r"([0-9]{1,2})([/-])([0-9]{1,2})\2([0-9]{4})", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_TIME = re.compile(r"[0-9]T[0-9]|[0-9]:[0-9]", re.ASCII)
_TWO_DIGIT_YEAR = (
    "must have a four-digit year: two-digit years are not completed (write 1968-04-12)"
)
_DATE_TIME = "must be a date without a time of day (write 2024-03-04)"
# Two far-apart defaults: a field dateutil filled in from the default differs between them.
_DEFAULT_A = dt.datetime(2001, 1, 1)
_DEFAULT_B = dt.datetime(2002, 2, 2)


def parse_decimal(value: Any) -> Decimal:
    """A plain decimal number from an int, a Decimal or a string like ``"125.00"``.

    Floats are refused (they cannot hold cents exactly), and so are NaN,
    Infinity and exponent notation.
    """
    if isinstance(value, bool):
        raise FieldError("must be a number written as a string or an integer")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise FieldError('must not be a float: write amounts as strings such as "125.00"')
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise FieldError("must be a finite number")
        return value
    if isinstance(value, str):
        text = value.strip()
        if not _DECIMAL_TEXT.fullmatch(text):
            raise FieldError('must be a plain decimal number such as "125.00"')
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid text
            raise FieldError("must be a plain decimal number") from None
    raise FieldError("must be a number written as a string or an integer")


def plain_decimal(value: Decimal) -> str:
    """A Decimal as plain text, never in exponent notation (``Decimal("1E+2")`` → ``"100"``),
    so that JSON written from any encounter reads back through :func:`parse_decimal`."""
    return format(value, "f")


def _structure_decimal(value: Any, _: type) -> Decimal:
    return parse_decimal(value)


def parse_date(value: Any) -> dt.date:
    """A calendar date from a ``date``, ``YYYY-MM-DD``, ``YYYYMMDD`` or a US form.

    US forms (``01/31/2024``, ``Jan 31, 2024``) go through ``python-dateutil``
    month-first; a text missing the day, month or year is refused rather than
    completed from today's date, and so are two-digit years (``04/12/68``: 1968
    or 2068?) and date-times (``2024-03-04T10:00``), each with a message that
    says so. A ``datetime`` object (not text) gives its date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise FieldError("must be a date string")
    text = value.strip()
    if _TIME.search(text):
        raise FieldError(_DATE_TIME)
    if not _YEAR.search(text) and any(c.isdigit() for c in text):
        raise FieldError(_TWO_DIGIT_YEAR)
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        if _COMPACT_DATE.fullmatch(text):
            return dt.datetime.strptime(text, "%Y%m%d").date()
        us = _US_DATE.fullmatch(text)
        if us:  # always month first: dateutil would silently swap 13/01/2024
            return dt.date(int(us.group(4)), int(us.group(1)), int(us.group(3)))
        first = date_parser.parse(text, default=_DEFAULT_A, dayfirst=False)
        second = date_parser.parse(text, default=_DEFAULT_B, dayfirst=False)
    except (ValueError, OverflowError):
        raise FieldError("must be a date such as 2024-01-31 or 01/31/2024") from None
    if first != second or first.time() != dt.time(0):
        raise FieldError("must be a complete date (year, month and day)")
    return first.date()


def _structure_date(value: Any, _: type) -> dt.date:
    return parse_date(value)


def _is_homogeneous_tuple(t: Any) -> bool:
    args = get_args(t)
    return get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(t: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    inner = get_args(t)[0]
    structure_item = converter.get_structure_hook(inner)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list | tuple):
            raise FieldError("must be a list")
        items: list[Any] = []
        errors: list[Exception] = []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, inner))
            except Exception as exc:
                exc.__notes__ = [
                    *getattr(exc, "__notes__", []),
                    IterableValidationNote(f"@ index {index}", index, inner),
                ]
                errors.append(exc)
        if errors:
            raise IterableValidationError("while structuring a list", errors, t)
        return tuple(items)

    return structure


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    register_strict_scalars(conv, FieldError)  # str, int, bool
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(Decimal, plain_decimal)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    return conv


converter: cattrs.Converter = _make_converter()
"""The converter for every record of :mod:`medclaims.professional.model`."""


def _message(exc: BaseException) -> str:
    if isinstance(exc, FieldError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field is missing"
    if isinstance(exc, MedclaimsError):
        return str(exc)
    return "has the wrong type or shape"


def _error_issues(exc: BaseException, path: str) -> list[Issue]:
    """Every leaf of a cattrs validation error, as an Issue with its path."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return [
            Issue(
                Severity.ERROR,
                "unknown-field",
                "is not a field of this record",
                path=f"{path}.{key}",
            )
            for key in sorted(exc.extra_fields)
        ]
    if isinstance(exc, ClassValidationError):
        issues: list[Issue] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            issues.extend(_error_issues(sub, f"{path}.{note.name}"))
        for sub in without:
            issues.extend(_error_issues(sub, path))
        return issues
    if isinstance(exc, IterableValidationError):
        issues = []
        indexed, rest = exc.group_exceptions()
        for sub, inote in indexed:
            issues.extend(_error_issues(sub, f"{path}[{inote.index}]"))
        for sub in rest:
            issues.extend(_error_issues(sub, path))
        return issues
    code = "missing-field" if isinstance(exc, KeyError) else "invalid-value"
    if isinstance(exc, FieldError):
        code = "invalid-value"
    return [Issue(Severity.ERROR, code, _message(exc), path=path)]


def _structure_one(item: Any, path: str, issues: list[Issue]) -> Encounter | None:
    if not isinstance(item, dict):
        issues.append(Issue(Severity.ERROR, "invalid-value", "must be an object", path=path))
        return None
    try:
        encounter: Encounter = converter.structure(item, Encounter)
    except Exception as exc:
        issues.extend(_error_issues(exc, path))
        return None
    return encounter


def structure_encounter(data: Any, *, path: str = "encounter") -> Encounter:
    """One encounter from plain data.

    Raises :class:`EncounterValidationError` listing every problem, shape and
    business rules alike, with paths under ``path``.
    """
    issues: list[Issue] = []
    encounter = _structure_one(data, path, issues)
    if encounter is None:
        raise EncounterValidationError(issues)
    errors = [i for i in check_encounter(encounter, path) if i.severity is Severity.ERROR]
    if errors:
        raise EncounterValidationError(errors)
    return encounter


def structure_encounters(data: Any, *, path: str = "encounters") -> tuple[Encounter, ...]:
    """Encounters from a list of dicts (as parsed from JSON).

    Checks the shape of every field, then the business rules
    (:func:`~medclaims.professional.validate.check_encounters`); raises one
    :class:`EncounterValidationError` listing every problem with its path.
    """
    if not isinstance(data, list | tuple):
        raise EncounterValidationError(
            [Issue(Severity.ERROR, "invalid-value", "must be a list of encounters", path=path)]
        )
    issues: list[Issue] = []
    structured = [_structure_one(item, f"{path}[{i}]", issues) for i, item in enumerate(data)]
    if issues:
        raise EncounterValidationError(issues)
    encounters = tuple(e for e in structured if e is not None)
    errors = [i for i in check_encounters(encounters, path=path) if i.severity is Severity.ERROR]
    if errors:
        raise EncounterValidationError(errors)
    return encounters


def unstructure_encounter(encounter: Encounter) -> dict[str, Any]:
    """An encounter as JSON-ready data (Decimals and dates as strings)."""
    result: dict[str, Any] = converter.unstructure(encounter)
    return result


def unstructure_encounters(encounters: Sequence[Encounter]) -> list[dict[str, Any]]:
    """Many encounters as a JSON-ready list."""
    return [unstructure_encounter(e) for e in encounters]


def load_encounters(source: str | bytes | IO[str] | IO[bytes]) -> tuple[Encounter, ...]:
    """Read a JSON array of encounters from text, bytes or an open file.

    JSON numbers with a fraction are floats and refused for money: write
    ``"125.00"``. Raises :class:`EncounterValidationError` listing every
    invalid field with its path (``encounters[3].service_lines[1].charge``),
    and one issue ``nesting-too-deep`` for JSON nested beyond what the parser
    can follow. A path is refused with the :class:`TypeError` of every reader
    (:func:`medclaims.x12.reader.check_source`): medclaims never opens files.
    """
    check_source(source)
    if not isinstance(source, str | bytes) and not hasattr(source, "read"):
        raise TypeError(
            "source must be str, bytes or a file object opened for reading, not "
            + type(source).__name__
        )
    text: str | bytes
    text = source if isinstance(source, str | bytes) else source.read()
    try:
        data = json.loads(text)
    except RecursionError:
        raise EncounterValidationError(
            [
                Issue(
                    Severity.ERROR,
                    "nesting-too-deep",
                    "input JSON is nested too deeply to read (encounters are a few levels deep)",
                    path="encounters",
                )
            ]
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        where = (
            f" at line {exc.lineno} column {exc.colno}"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise EncounterValidationError(
            [
                Issue(
                    Severity.ERROR,
                    "invalid-json",
                    f"input is not valid JSON{where}",
                    path="encounters",
                )
            ]
        ) from None
    return structure_encounters(data)
