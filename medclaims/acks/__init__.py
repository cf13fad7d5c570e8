"""Acknowledgements: TA1, 999/997 and 277CA/277 in; a 999 out for a received 837P.

A submitter of 837P claims hears back three times before any payment: the
TA1 (was the interchange accepted?), the 999 (was each transaction set
accepted, and what is wrong?) and the 277CA (was each claim accepted into
adjudication?). :func:`parse_ta1`, :func:`parse_999` and :func:`parse_277ca`
read them into typed records; :func:`correlate` ties them back to the claims
sent; :func:`acknowledge_837p` writes the 999 a receiver of an 837P answers with.
"""

from medclaims.acks._errors import AcknowledgementError
from medclaims.acks.acknowledge import acknowledge_837p, build_999
from medclaims.acks.correlation import (
    AckCorrelation,
    AckState,
    ClaimAckStatus,
    SentClaim,
    correlate,
    sent_claims,
)
from medclaims.acks.parser import AckFile, parse_277ca, parse_999, parse_ta1, read_acks
from medclaims.acks.records import (
    ClaimAcknowledgement,
    ClaimStatus,
    Context,
    DateRef,
    ElementError,
    ImplementationAck,
    InterchangeAck,
    LineStatus,
    Party,
    Quantity,
    Reference,
    SegmentError,
    StatusCode,
    StatusInfo,
    StatusLevel,
    TransactionSetAck,
)
from medclaims.acks.writer import write_277, write_999, write_ta1

__all__ = [
    "AckCorrelation",
    "AckFile",
    "AckState",
    "AcknowledgementError",
    "ClaimAckStatus",
    "ClaimAcknowledgement",
    "ClaimStatus",
    "Context",
    "DateRef",
    "ElementError",
    "ImplementationAck",
    "InterchangeAck",
    "LineStatus",
    "Party",
    "Quantity",
    "Reference",
    "SegmentError",
    "SentClaim",
    "StatusCode",
    "StatusInfo",
    "StatusLevel",
    "TransactionSetAck",
    "acknowledge_837p",
    "build_999",
    "correlate",
    "parse_277ca",
    "parse_999",
    "parse_ta1",
    "read_acks",
    "sent_claims",
    "write_277",
    "write_999",
    "write_ta1",
]
