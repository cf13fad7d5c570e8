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
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import IO, Any, get_args, get_origin

import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)

from medclaims._support.json import make_converter, read_date, read_money
from medclaims.errors import EncounterValidationError, Issue, MedclaimsError, Severity
from medclaims.professional.model import Encounter
from medclaims.professional.validate import check_encounter, check_encounters
from medclaims.x12.reader import check_source

__all__ = [
    "FieldError",
    "converter",
    "load_encounters",
    "structure_encounter",
    "structure_encounters",
    "unstructure_encounter",
    "unstructure_encounters",
]


class FieldError(MedclaimsError, ValueError):
    """A single input value has the wrong type or shape (message names the rule, not the value)."""


def parse_decimal(value: Any) -> Decimal:
    """A plain decimal number from an int, a Decimal or a string like ``"125.00"``.

    Floats are refused (they cannot hold cents exactly), and so are NaN,
    Infinity and exponent notation.
    """
    return read_money(value, FieldError)


def parse_date(value: Any) -> dt.date:
    """A calendar date from a ``date``, ``YYYY-MM-DD``, ``YYYYMMDD`` or a US form.

    US forms (``01/31/2024``, ``Jan 31, 2024``) go through ``python-dateutil``
    month-first; a text missing the day, month or year is refused rather than
    completed from today's date, and so are two-digit years (``04/12/68``: 1968
    or 2068?) and date-times (``2024-03-04T10:00``), each with a message that
    says so. A ``datetime`` object (not text) gives its date.
    """
    return read_date(value, FieldError, forms="common")


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
    # Decimal, date (US forms too), str, int and bool: the shared rules.
    conv = make_converter(FieldError, dates="common", forbid_extra_keys=True)
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
