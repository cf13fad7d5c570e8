"""The transaction-agnostic X12 layer: delimiters, reader, writer, envelopes.

Nothing here knows about claims; the 837P and 835 layers build on it.
"""

from medclaims.x12.delimiters import (
    DEFAULT_DELIMITERS,
    ISA_LENGTH,
    Delimiters,
    parse_isa_delimiters,
)
from medclaims.x12.envelope import (
    ENVELOPE_IDS,
    EnvelopeTracker,
    GroupHeader,
    InterchangeHeader,
    Transaction,
    TransactionHeader,
    build_envelopes,
    check_envelopes,
    iter_transactions,
)
from medclaims.x12.reader import Source, read_segments
from medclaims.x12.segment import Segment
from medclaims.x12.writer import (
    Composite,
    Element,
    SegmentData,
    format_segment,
    format_segments,
    isa_elements,
    segment_data,
)

__all__ = [
    "DEFAULT_DELIMITERS",
    "ENVELOPE_IDS",
    "ISA_LENGTH",
    "Composite",
    "Delimiters",
    "Element",
    "EnvelopeTracker",
    "GroupHeader",
    "InterchangeHeader",
    "Segment",
    "SegmentData",
    "Source",
    "Transaction",
    "TransactionHeader",
    "build_envelopes",
    "check_envelopes",
    "format_segment",
    "format_segments",
    "isa_elements",
    "iter_transactions",
    "parse_isa_delimiters",
    "read_segments",
    "segment_data",
]
