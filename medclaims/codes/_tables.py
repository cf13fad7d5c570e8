"""The code tables shipped with medclaims, and lookups that never raise.

Codes are facts and come from the sources named in ``data/PROVENANCE.tsv``;
every description here is our own wording (X12 owns the CARC/RARC texts, so
those sets ship codes only).
"""

from __future__ import annotations

from collections.abc import Mapping

from medclaims.codes._load import read_codes, read_mapping, read_rows

__all__ = [
    "CARC_CODES",
    "CAS_GROUPS",
    "CLAIM_STATUSES",
    "PLACE_OF_SERVICE",
    "PLB_REASONS",
    "RARC_CODES",
    "STATES",
    "US_STATES",
    "describe_claim_status",
    "describe_group",
    "describe_place_of_service",
    "describe_plb_reason",
]

PLACE_OF_SERVICE: Mapping[str, str] = read_mapping("place_of_service.tsv")
"""CMS place of service code (837P CLM05-1, SV105) → short name, e.g. ``'11'`` → ``'Office'``."""

STATES: frozenset[str] = read_codes("states.tsv")
"""State and province codes the 5010 maps accept in N402: US states, DC, territories,
military (AA, AE, AP) and Canadian provinces."""

US_STATES: frozenset[str] = frozenset(
    code for code, kind in read_rows("states.tsv") if kind != "province"
)
""":data:`STATES` without the Canadian provinces (US states, DC, territories, military)."""

CARC_CODES: frozenset[str] = read_codes("carc.tsv")
"""Claim Adjustment Reason Codes (CAS02, CAS05, ...), active and retired; codes only."""

RARC_CODES: frozenset[str] = read_codes("rarc.tsv")
"""Remittance Advice Remark Codes (LQ02, MOA, MIA), active and retired; codes only."""

PLB_REASONS: Mapping[str, str] = read_mapping("plb_reasons.tsv")
"""Provider-level adjustment reason (835 PLB03-1) → our short description."""

CLAIM_STATUSES: Mapping[str, str] = read_mapping("claim_statuses.tsv")
"""Claim status (835 CLP02) → our short description, e.g. ``'22'`` → reversal."""

CAS_GROUPS: Mapping[str, str] = read_mapping("cas_groups.tsv")
"""Claim adjustment group (CAS01) → our short description (``CR`` is 4010 only)."""


def _lookup(table: Mapping[str, str], code: object) -> str | None:
    if not isinstance(code, str):
        return None
    return table.get(code.strip().upper())


def describe_claim_status(code: str) -> str | None:
    """Short description of a CLP02 claim status code, or ``None`` if unknown."""
    return _lookup(CLAIM_STATUSES, code)


def describe_group(code: str) -> str | None:
    """Short description of a CAS01 group code, or ``None`` if unknown."""
    return _lookup(CAS_GROUPS, code)


def describe_plb_reason(code: str) -> str | None:
    """Short description of a PLB03-1 adjustment reason code, or ``None`` if unknown."""
    return _lookup(PLB_REASONS, code)


def describe_place_of_service(code: str) -> str | None:
    """Name of a place of service code, or ``None`` if unknown."""
    return _lookup(PLACE_OF_SERVICE, code)
