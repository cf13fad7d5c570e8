"""Rule tables and fast paths for :mod:`medclaims.professional.validate` (not public).

Strategy: most encounters are fine, so each ``_plain_*`` function answers one
question quickly: "would the detailed checks find nothing here?". They accept
only what the detailed checks accept, so when one says no, the detailed checks
run and say why; the issues reported never depend on the fast paths.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from types import ModuleType

from medclaims.codes import PLACE_OF_SERVICE, STATES
from medclaims.ids import (
    InvalidIdentifier,
    icd10cm,
    modifier,
    npi,
    place_of_service,
    postal_code,
    procedure_code,
    relationship,
    state,
    tax_id,
)
from medclaims.professional.model import Address, Encounter, ServiceLine, Subscriber

MAX_DIAGNOSES = 12
"""HI01..HI12: one principal (ABK) and up to 11 other diagnoses (ABF)."""
MAX_LINES = 50
"""Loop 2400 repeats at most 50 times per claim."""
MAX_POINTERS = 4
"""SV107-1..4: up to four diagnosis pointers per line."""

# X12 5010 extended character set (pyx12's check) minus our delimiters * : ~ ^.
_TEXT = re.compile(r"[A-Za-z0-9 !\"&'()+,\-./;?=%@\[\]_{}\\|<>`#$]+", re.ASCII)
_TEXT_CHARS = r"A-Za-z0-9!\"&'()+,\-./;?=%@\[\]_{}\\|<>`#$"
_TRIMMED_TEXT = re.compile(f"[{_TEXT_CHARS}](?:[ {_TEXT_CHARS}]*[{_TEXT_CHARS}])?", re.ASCII)
_DELIMS = re.compile(r"[*:~^]")
_PHONE = re.compile(r"[0-9]{10}", re.ASCII)
_PHONE_PUNCT = str.maketrans("", "", " ()-.+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+", re.ASCII)
_TAXONOMY = re.compile(r"[0-9]{3}[0-9A-Z]{6}X", re.ASCII)
_NDC = re.compile(r"[0-9]{11}|[0-9]{5}-[0-9]{4}-[0-9]{2}", re.ASCII)
_SEXES = frozenset({"F", "M", "U"})
_FREQUENCIES = frozenset({"1", "7", "8"})
_FILING = frozenset({
    "11", "12", "13", "14", "15", "16", "17", "AM", "BL", "CH", "CI", "DS",
    "FI", "HM", "LM", "MA", "MB", "MC", "OF", "TV", "VA", "WC", "ZZ",
})
_RESPONSIBILITY = frozenset({"A", "B", "C", "D", "E", "F", "G", "H", "P", "S", "T", "U"})
_CAUSES = frozenset({"AA", "EM", "OA"})
_NDC_UNITS = frozenset({"F2", "GR", "ME", "ML", "UN"})
_UNIT_TYPES = frozenset({"UN", "MJ"})
_MIN_DATE = dt.date(1900, 1, 1)
_ASSIGNMENTS = frozenset({"A", "B", "C"})
_BENEFITS = frozenset({"Y", "N", "W"})
_RELEASES = frozenset({"I", "Y"})
_MAX_AMOUNT = Decimal("99999999.99")


_MODULES: dict[str, ModuleType] = {
    m.__name__: m for m in (icd10cm, modifier, npi, place_of_service, postal_code,
                            procedure_code, relationship, state, tax_id)
}


# Shapes that the identifier modules certainly accept, checked first because a
# regular expression is much cheaper than the module (which explains failures).
_FAST: dict[str, re.Pattern[str]] = {
    icd10cm.__name__: re.compile(r"[A-Z][0-9][A-Z0-9](?:\.?[A-Z0-9]{1,4})?", re.ASCII),
    postal_code.__name__: re.compile(r"[0-9]{5}(?:[0-9]{4})?", re.ASCII),
    procedure_code.__name__: re.compile(r"[0-9]{4}[0-9FT]|[A-Z][0-9]{4}", re.ASCII),
    modifier.__name__: re.compile(r"[A-Z0-9]{2}", re.ASCII),
}


_FAST_PROCEDURE = _FAST[procedure_code.__name__]
_FAST_MODIFIER = _FAST[modifier.__name__]
_FAST_ZIP = _FAST[postal_code.__name__]


@lru_cache(maxsize=1 << 16)
def _identifier_problem(module: str, value: str, require_nine: bool) -> tuple[str, str] | None:
    """(issue code, message) when ``value`` fails the module's rule; cached per value.

    Procedure codes, modifiers, diagnoses and places of service repeat across a
    batch, so the cache carries most of the identifier checking.
    """
    validator = _MODULES[module].validate
    try:
        if require_nine:
            validator(value, require_nine=True)
        else:
            validator(value)
    except InvalidIdentifier as exc:
        return "invalid-" + type(exc).__name__[7:].lower(), str(exc)
    return None


def _decimals(value: Decimal) -> int:
    """Digits after the point of a finite Decimal (``str`` is much cheaper than ``as_tuple``)."""
    text = str(value)
    if "E" in text:
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    dot = text.find(".")
    return 0 if dot < 0 else len(text) - dot - 1


def _plain_amount(value: Decimal, places: int, positive: bool) -> bool:
    """True when :meth:`_Checker.amount` would find nothing (the common case, quickly)."""
    return (value.is_finite() and _decimals(value) <= places
            and (value > 0 if positive else value >= 0) and value <= _MAX_AMOUNT)


def _plain_text(value: str | None, max_len: int) -> bool:
    """True when an optional text field is absent or certainly fine (no blanks at its ends)."""
    return value is None or (len(value) <= max_len and _TRIMMED_TEXT.fullmatch(value) is not None)


def _plain_line(line: ServiceLine, n_diagnoses: int) -> bool:
    """True when :meth:`_Checker.line` would find nothing, for lines without extras.

    The checks below only accept what the detailed checks accept; anything
    unusual falls through to them, so the issues reported never differ.
    """
    if line.ndc is not None or line.ndc_quantity is not None or line.rendering_provider:
        return False
    if _FAST_PROCEDURE.fullmatch(line.procedure_code) is None:
        return False
    modifiers = line.modifiers
    if len(modifiers) > 4:
        return False
    for mod in modifiers:
        if _FAST_MODIFIER.fullmatch(mod) is None:
            return False
    pointers = line.diagnosis_pointers
    if not 1 <= len(pointers) <= MAX_POINTERS or len(set(pointers)) != len(pointers):
        return False
    if min(pointers) < 1 or max(pointers) > n_diagnoses:
        return False
    end = line.service_date_end
    return (
        line.unit_type in _UNIT_TYPES
        and (line.place_of_service is None or line.place_of_service in PLACE_OF_SERVICE)
        and line.service_date >= _MIN_DATE
        and (end is None or end >= line.service_date)
        and _plain_amount(line.charge, 2, False)
        and _plain_amount(line.units, 3, True)
        and _plain_text(line.line_control_number, 50)
        and _plain_text(line.notes, 80)
    )


def _plain_name(value: str | None, max_len: int, min_len: int = 1) -> bool:
    """A required text that certainly passes :meth:`_Checker.text`."""
    return (value is not None and min_len <= len(value) <= max_len
            and _TRIMMED_TEXT.fullmatch(value) is not None)


def _plain_address(a: Address | None) -> bool:
    """True when :meth:`_Checker.address` (5- or 9-digit ZIP) would find nothing."""
    return (a is not None and _plain_name(a.line1, 55) and _plain_text(a.line2, 55)
            and _plain_name(a.city, 30, 2) and a.state in STATES
            and _FAST_ZIP.fullmatch(a.postal_code) is not None)


def _plain_subscriber(s: Subscriber, is_patient: bool, first_service: dt.date | None) -> bool:
    """True when :meth:`_Checker.subscriber` would find nothing."""
    if not (_plain_name(s.member_id, 80, 2) and _plain_name(s.last_name, 60)
            and _plain_text(s.first_name, 35) and _plain_text(s.middle_name, 25)
            and _plain_text(s.group_number, 50)):
        return False
    if is_patient:
        birth = s.birth_date
        return (birth is not None and birth >= _MIN_DATE
                and (first_service is None or birth <= first_service)
                and s.sex in _SEXES and _plain_address(s.address))
    return s.birth_date is None and s.sex is None and (s.address is None
                                                       or _plain_address(s.address))


def _plain_claim(e: Encounter) -> bool:
    """True when the claim-level scalar checks of :meth:`_Checker.encounter` find nothing."""
    if e.frequency_code == "1":
        if e.original_claim_id is not None:
            return False
    elif e.frequency_code not in _FREQUENCIES or not _plain_name(e.original_claim_id, 50):
        return False
    return (
        _plain_name(e.claim_id, 38)
        and e.place_of_service in PLACE_OF_SERVICE
        and e.claim_filing_indicator in _FILING
        and e.payer_responsibility in _RESPONSIBILITY
        and e.pay_to_address is None
        and e.accident is None
        and (e.onset_date is None or e.onset_date >= _MIN_DATE)
        and _plain_text(e.prior_authorization, 50)
        and _plain_text(e.referral_number, 50)
        and _plain_text(e.notes, 80)
        and e.assignment in _ASSIGNMENTS
        and e.benefits_assignment in _BENEFITS
        and e.release_of_information in _RELEASES
    )
