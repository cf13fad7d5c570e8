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
from medclaims.professional.model import ClaimAddress, Encounter, ServiceLine, Subscriber

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
_FILING = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "AM",
        "BL",
        "CH",
        "CI",
        "DS",
        "FI",
        "HM",
        "LM",
        "MA",
        "MB",
        "MC",
        "OF",
        "TV",
        "VA",
        "WC",
        "ZZ",
    }
)
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
    m.__name__: m
    for m in (
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
    return (
        value.is_finite()
        and _decimals(value) <= places
        and (value > 0 if positive else value >= 0)
        and value <= _MAX_AMOUNT
    )


def _trimmed_text(value: str) -> bool:
    """``_TRIMMED_TEXT.fullmatch`` with str methods (about twice as fast as the regex).

    The X12 extended character set is printable ASCII; ours excludes the
    delimiters ``* : ~ ^``; a trimmed text neither starts nor ends with a blank.
    """
    return (
        value != ""
        and value.isascii()
        and value.isprintable()
        and value[0] != " "
        and value[-1] != " "
        and "*" not in value
        and ":" not in value
        and "~" not in value
        and "^" not in value
    )


def _plain_text(value: str | None, max_len: int) -> bool:
    """True when an optional text field is absent or certainly fine (no blanks at its ends)."""
    return value is None or (len(value) <= max_len and _trimmed_text(value))


@lru_cache(maxsize=1 << 14)
def _plain_product(code: str, modifiers: tuple[str, ...]) -> bool:
    """A procedure code and modifiers every validator accepts; cached (they repeat)."""
    return (
        _FAST_PROCEDURE.fullmatch(code) is not None
        and len(modifiers) <= 4
        and all(_FAST_MODIFIER.fullmatch(mod) is not None for mod in modifiers)
    )


@lru_cache(maxsize=1 << 12)
def _plain_pointers(pointers: tuple[int, ...], n_diagnoses: int) -> bool:
    """1-4 distinct diagnosis pointers inside ``n_diagnoses``; cached (they repeat)."""
    return (
        1 <= len(pointers) <= MAX_POINTERS
        and len(set(pointers)) == len(pointers)
        and min(pointers) >= 1
        and max(pointers) <= n_diagnoses
    )


def _plain_line(line: ServiceLine, n_diagnoses: int) -> bool:
    """True when :meth:`_Checker.line` would find nothing, for lines without extras.

    The checks below only accept what the detailed checks accept; anything
    unusual falls through to them, so the issues reported never differ.
    """
    if line.ndc is not None or line.ndc_quantity is not None or line.rendering_provider:
        return False
    if not _plain_product(line.procedure_code, line.modifiers):
        return False
    if not _plain_pointers(line.diagnosis_pointers, n_diagnoses):
        return False
    end, charge = line.service_date_end, line.charge
    lcn, notes = line.line_control_number, line.notes
    return (
        line.unit_type in _UNIT_TYPES
        and (line.place_of_service is None or line.place_of_service in PLACE_OF_SERVICE)
        and line.service_date >= _MIN_DATE
        and (end is None or end >= line.service_date)
        and charge.is_finite()
        and 0 <= charge <= _MAX_AMOUNT
        and _decimals(charge) <= 2
        and _plain_amount(line.units, 3, True)
        and (lcn is None or (len(lcn) <= 50 and _trimmed_text(lcn)))
        and (notes is None or (len(notes) <= 80 and _trimmed_text(notes)))
    )


def _plain_name(value: str | None, max_len: int, min_len: int = 1) -> bool:
    """A required text that certainly passes :meth:`_Checker.text`."""
    return value is not None and min_len <= len(value) <= max_len and _trimmed_text(value)


def _all_trimmed(texts: list[str]) -> bool:
    """Every text passes :func:`_trimmed_text`, checked on one joined string.

    ``|`` is in the character set, so joining keeps the set checks exact; a
    blank next to a joint means a blank at a text's end, or a text holding
    ``"| "`` (then the detailed checks decide, as they must when in doubt).
    """
    joined = "|".join(texts)
    return (
        "" not in texts
        and joined.isascii()
        and joined.isprintable()
        and "*" not in joined
        and ":" not in joined
        and "~" not in joined
        and "^" not in joined
        and joined[:1] != " "
        and joined[-1:] != " "
        and " |" not in joined
        and "| " not in joined
        and "||" not in joined
        and joined[:1] != "|"
        and joined[-1:] != "|"
    )


def _address_texts(a: ClaimAddress, texts: list[str]) -> bool:
    """Lengths and state/ZIP of a 5- or 9-digit-ZIP address; its texts go to ``texts``."""
    line2 = a.line2
    if line2 is not None:
        if not len(line2) <= 55:
            return False
        texts.append(line2)
    texts += (a.line1, a.city)
    return (
        1 <= len(a.line1) <= 55
        and 2 <= len(a.city) <= 30
        and a.state in STATES
        and _FAST_ZIP.fullmatch(a.postal_code) is not None
    )


def _plain_address(a: ClaimAddress | None) -> bool:
    """True when :meth:`_Checker.address` (5- or 9-digit ZIP) would find nothing."""
    texts: list[str] = []
    return a is not None and _address_texts(a, texts) and _all_trimmed(texts)


def _plain_subscriber(s: Subscriber, is_patient: bool, first_service: dt.date | None) -> bool:
    """True when :meth:`_Checker.subscriber` would find nothing."""
    if not (2 <= len(s.member_id) <= 80 and 1 <= len(s.last_name) <= 60):
        return False
    texts = [s.member_id, s.last_name]
    for value, max_len in ((s.first_name, 35), (s.middle_name, 25), (s.group_number, 50)):
        if value is not None:
            if len(value) > max_len:
                return False
            texts.append(value)
    address = s.address
    if is_patient:
        birth = s.birth_date
        if not (
            birth is not None
            and birth >= _MIN_DATE
            and (first_service is None or birth <= first_service)
            and s.sex in _SEXES
            and address is not None
        ):
            return False
    elif s.birth_date is not None or s.sex is not None:
        return False
    return (address is None or _address_texts(address, texts)) and _all_trimmed(texts)


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
