"""Code sets used by 837P and 835, and our own category tables.

The tables are read once from package data (``medclaims/codes/data/*.tsv``);
lookups normalise case and surrounding spaces and never raise on unknown codes.
CARC and RARC ship as codes only: X12 owns their description texts, which users
who hold a licence can load with :func:`load_code_descriptions`.
"""

from __future__ import annotations

from medclaims.codes._denials import DenialCategory, carc_category
from medclaims.codes._descriptions import CodeDescriptions, load_code_descriptions
from medclaims.codes._errors import CodeFileError
from medclaims.codes._tables import (
    CARC_CODES,
    CAS_GROUPS,
    CLAIM_STATUSES,
    PLACE_OF_SERVICE,
    PLB_REASONS,
    RARC_CODES,
    STATES,
    US_STATES,
    describe_claim_status,
    describe_group,
    describe_place_of_service,
    describe_plb_reason,
)

__all__ = [
    "CARC_CODES",
    "CAS_GROUPS",
    "CLAIM_STATUSES",
    "PLACE_OF_SERVICE",
    "PLB_REASONS",
    "RARC_CODES",
    "STATES",
    "US_STATES",
    "CodeDescriptions",
    "CodeFileError",
    "DenialCategory",
    "carc_category",
    "describe_claim_status",
    "describe_group",
    "describe_place_of_service",
    "describe_plb_reason",
    "load_code_descriptions",
]
