"""Our own grouping of CARCs into denial categories.

``data/carc_categories.tsv`` maps a CARC to the *usual* reason a payer used it,
to sort denials and adjustments into work queues. It is a starting point, not a
ruling: the group code (CO/PR/OA/PI) and the RARCs on the same line refine it.
CARCs absent from the table map to :attr:`DenialCategory.OTHER`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from medclaims.codes._load import read_rows

__all__ = ["DenialCategory", "carc_category"]


class DenialCategory(StrEnum):
    """Why a claim or line was denied or reduced, as a work-queue category."""

    ELIGIBILITY = "eligibility"
    AUTHORIZATION = "authorization"
    CODING = "coding"
    MEDICAL_NECESSITY = "medical_necessity"
    TIMELY_FILING = "timely_filing"
    DUPLICATE = "duplicate"
    COORDINATION_OF_BENEFITS = "coordination_of_benefits"
    BUNDLING = "bundling"
    NON_COVERED = "non_covered"
    MISSING_INFORMATION = "missing_information"
    CONTRACTUAL = "contractual"
    PATIENT_RESPONSIBILITY = "patient_responsibility"
    OTHER = "other"


@cache
def _categories() -> Mapping[str, DenialCategory]:
    return MappingProxyType(
        {code: DenialCategory(category) for code, category in read_rows("carc_categories.tsv")}
    )


def carc_category(code: str) -> DenialCategory:
    """The denial category of a CARC; unknown or malformed codes give ``OTHER``.

    Never raises. Leading zeros are not significant (``'01'`` is CARC ``1``).
    """
    if not isinstance(code, str):
        return DenialCategory.OTHER
    key = code.strip().upper()
    if key.isdigit():
        key = key.lstrip("0") or "0"
    return _categories().get(key, DenialCategory.OTHER)
