"""Code tables of the acknowledgements (TA1, 999/997, 277CA/277), and lookups.

Code values are facts (sources in ``data/PROVENANCE.tsv``); every description
is our own short wording. X12 owns the official texts of the claim status
category and claim status code lists; users who hold them can load them with
:func:`~medclaims.codes.load_code_descriptions` (sets ``CSCC`` and ``CSC``).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from medclaims.codes._load import read_mapping, read_rows

__all__ = [
    "ACK_CODES",
    "CLAIM_STATUS_CATEGORIES",
    "CLAIM_STATUS_CATEGORY_STATES",
    "CLAIM_STATUS_CODES",
    "ELEMENT_ERRORS",
    "ENTITY_IDENTIFIERS",
    "GROUP_ERRORS",
    "SEGMENT_ERRORS",
    "TA1_NOTES",
    "TRANSACTION_ERRORS",
    "describe_ack_code",
    "describe_claim_status_category",
    "describe_claim_status_code",
    "describe_element_error",
    "describe_entity",
    "describe_group_error",
    "describe_segment_error",
    "describe_ta1_note",
    "describe_transaction_error",
]

TA1_NOTES: Mapping[str, str] = read_mapping("ta1_notes.tsv")
"""Interchange note code (TA105) → our short description, ``000`` to ``031``."""
ACK_CODES: Mapping[str, str] = read_mapping("ack_codes.tsv")
"""Acknowledgement code (TA104, IK501/AK501, AK901) → our short description."""
SEGMENT_ERRORS: Mapping[str, str] = read_mapping("segment_errors.tsv")
"""Segment syntax error code (IK304, 997 AK304) → our short description."""
ELEMENT_ERRORS: Mapping[str, str] = read_mapping("element_errors.tsv")
"""Element syntax error code (IK403, 997 AK403) → our short description."""
TRANSACTION_ERRORS: Mapping[str, str] = read_mapping("transaction_errors.tsv")
"""Transaction set syntax error code (IK502..IK506) → our short description."""
GROUP_ERRORS: Mapping[str, str] = read_mapping("group_errors.tsv")
"""Functional group syntax error code (AK905..AK909) → our short description."""
CLAIM_STATUS_CATEGORIES: Mapping[str, str] = read_mapping("claim_status_categories.tsv")
"""Claim status category code (STC01-1) → our short description."""
CLAIM_STATUS_CATEGORY_STATES: Mapping[str, str] = MappingProxyType(
    {row[0]: row[2] for row in read_rows("claim_status_categories.tsv")}
)
"""Claim status category code → our state: ``received``, ``accepted``, ``rejected``,
``pending``, ``finalized``, ``request`` or ``other``."""
CLAIM_STATUS_CODES: Mapping[str, str] = read_mapping("claim_status_codes.tsv")
"""Claim status code (STC01-2): a partial list of common codes → our short description."""
ENTITY_IDENTIFIERS: Mapping[str, str] = read_mapping("entity_identifiers.tsv")
"""Entity identifier code (NM101, STC01-3) → our short description (``""`` for the
codes we have not described)."""


def _lookup(table: Mapping[str, str], code: object) -> str | None:
    if not isinstance(code, str):
        return None
    return table.get(code.strip().upper()) or None


def describe_ta1_note(code: str) -> str | None:
    """Short description of a TA105 note code, or ``None`` if unknown."""
    return _lookup(TA1_NOTES, code)


def describe_ack_code(code: str) -> str | None:
    """Short description of a TA104, IK501/AK501 or AK901 code, or ``None`` if unknown."""
    return _lookup(ACK_CODES, code)


def describe_segment_error(code: str) -> str | None:
    """Short description of an IK304 (AK304) code, or ``None`` if unknown."""
    return _lookup(SEGMENT_ERRORS, code)


def describe_element_error(code: str) -> str | None:
    """Short description of an IK403 (AK403) code, or ``None`` if unknown."""
    return _lookup(ELEMENT_ERRORS, code)


def describe_transaction_error(code: str) -> str | None:
    """Short description of an IK502..IK506 code, or ``None`` if unknown."""
    return _lookup(TRANSACTION_ERRORS, code)


def describe_group_error(code: str) -> str | None:
    """Short description of an AK905..AK909 code, or ``None`` if unknown."""
    return _lookup(GROUP_ERRORS, code)


def describe_claim_status_category(code: str) -> str | None:
    """Short description of a claim status category (STC01-1), or ``None`` if unknown."""
    return _lookup(CLAIM_STATUS_CATEGORIES, code)


def describe_claim_status_code(code: str) -> str | None:
    """Short description of a claim status code (STC01-2), ``None`` if not in our list."""
    return _lookup(CLAIM_STATUS_CODES, code)


def describe_entity(code: str) -> str | None:
    """Short description of an entity identifier code (NM101, STC01-3), or ``None``."""
    return _lookup(ENTITY_IDENTIFIERS, code)
