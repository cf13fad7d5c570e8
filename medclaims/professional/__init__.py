"""837 Professional (005010X222A1): the encounter model, its JSON form and its rules.

Build claims with :func:`build_837p` from :class:`Encounter` records, loaded
from JSON with :func:`load_encounters`.
"""

from typing import Any

from medclaims.professional import model as _model
from medclaims.professional.builder import build_837p
from medclaims.professional.cob import (
    CobAdjustment,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    OutpatientRemarks,
)
from medclaims.professional.convert import (
    converter,
    load_encounters,
    structure_encounter,
    structure_encounters,
    unstructure_encounter,
    unstructure_encounters,
)
from medclaims.professional.model import (
    Accident,
    BillingProvider,
    ClaimAddress,
    ClaimContact,
    ClaimPayer,
    Encounter,
    ExtraSegment,
    Patient,
    Provider,
    Receiver,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
from medclaims.professional.validate import check_encounter, check_encounters

__all__ = [
    "Accident",
    "BillingProvider",
    "ClaimAddress",
    "ClaimContact",
    "ClaimPayer",
    "CobAdjustment",
    "Encounter",
    "ExtraSegment",
    "LineAdjudication",
    "OtherPayer",
    "OtherSubscriber",
    "OutpatientRemarks",
    "Patient",
    "Provider",
    "Receiver",
    "ServiceFacility",
    "ServiceLine",
    "Submitter",
    "Subscriber",
    "build_837p",
    "check_encounter",
    "check_encounters",
    "converter",
    "load_encounters",
    "structure_encounter",
    "structure_encounters",
    "unstructure_encounter",
    "unstructure_encounters",
]


def __getattr__(name: str) -> Any:
    """``Address``, ``Contact`` and ``Payer``: the 0.1 names, deprecated (see ``model``)."""
    return _model._renamed_record(name, __name__)
