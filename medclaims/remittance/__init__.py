"""835 remittance advice: typed records, parser, streaming reader, writer, balancing, denials."""

from medclaims.remittance.balancing import check_balancing

# ``denials()`` itself stays in its module: re-exporting it here would hide the
# module ``medclaims.remittance.denials`` behind the function of the same name.
from medclaims.remittance.denials import Denial, DenialLevel, claim_denials
from medclaims.remittance.parser import iter_835, parse_835
from medclaims.remittance.records import (
    Address,
    Adjustment,
    ClaimPayment,
    Contact,
    Entity,
    HeaderNumber,
    InpatientAdjudication,
    OutpatientAdjudication,
    Payee,
    Payer,
    Payment,
    Procedure,
    ProviderAdjustment,
    Reference,
    Remittance,
    RemittanceClaim,
    RemittanceHeader,
    ServicePayment,
)
from medclaims.remittance.writer import remittance_segments, write_835

__all__ = [
    "Address",
    "Adjustment",
    "ClaimPayment",
    "Contact",
    "Denial",
    "DenialLevel",
    "Entity",
    "HeaderNumber",
    "InpatientAdjudication",
    "OutpatientAdjudication",
    "Payee",
    "Payer",
    "Payment",
    "Procedure",
    "ProviderAdjustment",
    "Reference",
    "Remittance",
    "RemittanceClaim",
    "RemittanceHeader",
    "ServicePayment",
    "check_balancing",
    "claim_denials",
    "iter_835",
    "parse_835",
    "remittance_segments",
    "write_835",
]
