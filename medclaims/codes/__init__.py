"""Code sets used by 837P, 835 and the acknowledgements, and our own category tables.

The tables are read once from package data (``medclaims/codes/data/*.tsv``);
lookups normalise case and surrounding spaces and never raise on unknown codes.
CARC and RARC ship as codes only: X12 owns their description texts, which users
who hold a licence can load with :func:`load_code_descriptions`.
"""

from __future__ import annotations

from medclaims.codes._acks import (
    ACK_CODES,
    CLAIM_STATUS_CATEGORIES,
    CLAIM_STATUS_CATEGORY_STATES,
    CLAIM_STATUS_CODES,
    ELEMENT_ERRORS,
    ENTITY_IDENTIFIERS,
    GROUP_ERRORS,
    SEGMENT_ERRORS,
    TA1_NOTES,
    TRANSACTION_ERRORS,
    describe_ack_code,
    describe_claim_status_category,
    describe_claim_status_code,
    describe_element_error,
    describe_entity,
    describe_group_error,
    describe_segment_error,
    describe_ta1_note,
    describe_transaction_error,
)
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
    "ACK_CODES",
    "CARC_CODES",
    "CAS_GROUPS",
    "CLAIM_STATUSES",
    "CLAIM_STATUS_CATEGORIES",
    "CLAIM_STATUS_CATEGORY_STATES",
    "CLAIM_STATUS_CODES",
    "ELEMENT_ERRORS",
    "ENTITY_IDENTIFIERS",
    "GROUP_ERRORS",
    "PLACE_OF_SERVICE",
    "PLB_REASONS",
    "RARC_CODES",
    "SEGMENT_ERRORS",
    "STATES",
    "TA1_NOTES",
    "TRANSACTION_ERRORS",
    "US_STATES",
    "CodeDescriptions",
    "CodeFileError",
    "DenialCategory",
    "carc_category",
    "describe_ack_code",
    "describe_claim_status",
    "describe_claim_status_category",
    "describe_claim_status_code",
    "describe_element_error",
    "describe_entity",
    "describe_group",
    "describe_group_error",
    "describe_place_of_service",
    "describe_plb_reason",
    "describe_segment_error",
    "describe_ta1_note",
    "describe_transaction_error",
    "load_code_descriptions",
]
