"""837 Professional (005010X222A1): the encounter model, its JSON form and its rules.

Build claims with :func:`build_837p` from :class:`Encounter` records, loaded
from JSON with :func:`load_encounters`.
"""

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
    Address,
    BillingProvider,
    Contact,
    Encounter,
    ExtraSegment,
    Patient,
    Payer,
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
    "Address",
    "BillingProvider",
    "CobAdjustment",
    "Contact",
    "Encounter",
    "ExtraSegment",
    "LineAdjudication",
    "OtherPayer",
    "OtherSubscriber",
    "OutpatientRemarks",
    "Patient",
    "Payer",
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
