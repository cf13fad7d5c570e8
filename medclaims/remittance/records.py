"""Typed records of an 835 remittance advice (005010X221A1 and 004010X091A1).

Every record is a frozen attrs class. Field names say the business
meaning; each field docstring names the X12 element it comes from. Money is
:class:`~decimal.Decimal` (negative values are normal: reversals, WO, bundling),
dates are :class:`datetime.date`; an element that is absent is ``None`` (or an
empty tuple/mapping), never a made-up default.

Every field checks its documented type in ``__init__`` (money must be a finite
``Decimal``; see :mod:`medclaims._support.fields`), so a record built by hand or read back
from JSON is well-typed. The parser checks values as it reads and creates
records without running the attrs ``__init__``: most get a prepared
attribute dict installed in one call (:func:`build_record`); the ones it makes
by the hundred thousand are slotted, one object each rather than an object and
a dict (every allocation counts towards the garbage collector's next run).
:class:`Adjustment` and :class:`Entity` are filled by generated constructors,
:class:`ClaimPayment` and :class:`ServicePayment` by builders generated per
shape of the parser's dict (the fields a claim or line has; the others get
their defaults) — see :mod:`medclaims._support.records`.

PHI (NM1 names and ids, N3/N4 addresses, REF values, PER contacts, BPR bank
accounts, kept raw segments) is hidden from every ``repr``.

Segments that map to no field stay, in the order read, in ``extra_segments``
of the loop where they appeared; :attr:`Remittance.source_segments` keeps the
transaction as read so :func:`~medclaims.remittance.write_835` reproduces it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims.codes import describe_claim_status, describe_plb_reason
from medclaims.errors import Issue
from medclaims.remittance._parts import (
    NO_AMOUNTS,
    Address,
    Adjustment,
    Contact,
    Entity,
    ExtraSegment,
    InpatientAdjudication,
    OutpatientAdjudication,
    Payee,
    Payer,
    Payment,
    Procedure,
    Reference,
    SourceSegments,
    build_record,
    record_template,
)
from medclaims.x12.delimiters import Delimiters
from medclaims.x12.envelope import GroupHeader, InterchangeHeader

STRAY_GAPS: Mapping[str, int] = MappingProxyType({"SE": 0, "GE": 1, "IEA": 2, "ISA": 3, "GS": 4})
"""Where a segment outside any ST..SE was read, named by the envelope segment read
last before it: ``SE`` *0* ``GE`` *1* ``IEA`` *2* ``ISA`` *3* ``GS`` *4* ``ST``
(:attr:`Remittance.stray_gaps`)."""

__all__ = [
    "NO_AMOUNTS",
    "STRAY_GAPS",
    "Address",
    "Adjustment",
    "ClaimPayment",
    "Contact",
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
    "SourceSegments",
    "build_record",
    "record_template",
]


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class ServicePayment:
    """Loop 2110: payment of one service line (SVC and what follows it)."""

    procedure: Procedure
    """Adjudicated procedure (SVC01 composite)."""
    charge_amount: Decimal | None
    """Line item charge amount (SVC02)."""
    paid_amount: Decimal | None
    """Line item provider payment amount (SVC03)."""
    revenue_code: str = ""
    """National uniform billing committee revenue code (SVC04)."""
    units: Decimal | None = None
    """Units of service paid (SVC05)."""
    original_procedure: Procedure | None = None
    """Submitted procedure when it differs from the adjudicated one, e.g. bundling (SVC06)."""
    original_units: Decimal | None = None
    """Original units of service submitted (SVC07)."""
    service_date: dt.date | None = None
    """Service date (DTM*472) or start of the service period (DTM*150) (DTM02)."""
    service_date_end: dt.date | None = None
    """End of the service period (DTM*151) (DTM02)."""
    adjustments: tuple[Adjustment, ...] = ()
    """Line adjustments (CAS), one per triple."""
    line_control_number: str | None = attrs.field(default=None, repr=_masked)
    """Line item control number echoed from the 837 (REF*6R, REF02)."""
    allowed_amount: Decimal | None = None
    """Allowed amount (AMT*B6, AMT02)."""
    amounts: Mapping[str, Decimal] = attrs.field(default=NO_AMOUNTS)
    """Other line amounts by qualifier (AMT01 → AMT02): ``KH`` late filing
    reduction, ``T``/``T2`` tax, ``ZK``..``ZO`` ... (``B6`` is :attr:`allowed_amount`)."""
    quantities: Mapping[str, Decimal] = attrs.field(default=NO_AMOUNTS)
    """Line quantities by qualifier (QTY01 → QTY02)."""
    remark_codes: tuple[str, ...] = ()
    """Remittance advice remark codes, RARC (LQ*HE, LQ02)."""
    references: tuple[Reference, ...] = ()
    """Other line ids (REF other than 6R): ``1S``, ``APC``, ``BB``, ``E9``, ``G1``,
    ``G3``, ``LU``, ``RB``, ``0K``, rendering provider ids ``HPI``, ``SY``, ``TJ``, ..."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field (e.g. ``LQ*RX``), in order."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class ClaimPayment:
    """Loop 2100: payment of one claim (CLP and what follows it)."""

    patient_control_number: str = attrs.field(repr=_masked)
    """Patient control number, the 837's CLM01 (CLP01)."""
    status_code: str
    """Claim status code: ``1``/``2``/``3`` processed as primary/secondary/tertiary,
    ``4`` denied, ``22`` reversal, ... (CLP02)."""
    charge_amount: Decimal | None
    """Total claim charge amount (CLP03)."""
    paid_amount: Decimal | None
    """Claim payment amount (CLP04)."""
    patient_responsibility: Decimal | None = None
    """Patient responsibility amount (CLP05)."""
    filing_indicator: str = ""
    """Claim filing indicator code, e.g. ``MB``, ``MC``, ``CI`` (CLP06)."""
    payer_claim_control_number: str = ""
    """Payer claim control number, ICN/DCN (CLP07)."""
    facility_type_code: str = ""
    """Facility type or place of service code (CLP08)."""
    frequency_code: str = ""
    """Claim frequency type code (CLP09)."""
    drg_code: str = ""
    """Diagnosis related group code (CLP11)."""
    drg_weight: Decimal | None = None
    """DRG weight (CLP12)."""
    discharge_fraction: Decimal | None = None
    """Discharge fraction, a percentage (CLP13)."""
    adjustments: tuple[Adjustment, ...] = ()
    """Claim-level adjustments (CAS), one per triple."""
    patient: Entity | None = None
    """Patient (NM1*QC)."""
    insured: Entity | None = None
    """Insured or subscriber (NM1*IL)."""
    corrected_patient: Entity | None = None
    """Corrected patient or insured name (NM1*74)."""
    rendering_provider: Entity | None = None
    """Service (rendering) provider (NM1*82)."""
    crossover_carrier: Entity | None = None
    """Crossover carrier (NM1*TT)."""
    corrected_priority_payer: Entity | None = None
    """Corrected priority payer (NM1*PR)."""
    other_subscriber: Entity | None = None
    """Other subscriber (NM1*GB)."""
    inpatient: InpatientAdjudication | None = None
    """Inpatient adjudication (MIA)."""
    outpatient: OutpatientAdjudication | None = None
    """Outpatient adjudication (MOA)."""
    statement_period_start: dt.date | None = None
    """Claim statement period start (DTM*232, DTM02)."""
    statement_period_end: dt.date | None = None
    """Claim statement period end (DTM*233, DTM02)."""
    coverage_expiration_date: dt.date | None = None
    """Coverage expiration date (DTM*036, DTM02)."""
    received_date: dt.date | None = None
    """Claim received date (DTM*050, DTM02)."""
    amounts: Mapping[str, Decimal] = attrs.field(default=NO_AMOUNTS)
    """Claim supplemental amounts by qualifier (AMT01 → AMT02): ``AU`` coverage
    amount, ``I`` interest, ``D8`` discount, ``DY`` per day limit, ``F5`` patient
    amount paid, ``T``/``T2`` tax, ``ZK``..``ZZ`` ..."""
    quantities: Mapping[str, Decimal] = attrs.field(default=NO_AMOUNTS)
    """Claim supplemental quantities by qualifier (QTY01 → QTY02): ``CA`` covered
    actual, ``CD`` co-insured, ``LA`` life-time reserve, ``OU`` outlier days, ..."""
    references: tuple[Reference, ...] = ()
    """Other claim ids and rendering provider ids (REF): ``1L`` group number,
    ``EA`` medical record, ``F8`` original reference, ``G1`` prior authorization, ..."""
    contacts: tuple[Contact, ...] = ()
    """Claim contact information (PER*CX)."""
    service_lines: tuple[ServicePayment, ...] = ()
    """Service line payments (loop 2110)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""
    header_number: str = ""
    """Header number of the LX loop (2000) that holds this claim (LX01)."""

    @property
    def status(self) -> str | None:
        """Short description of :attr:`status_code`, ``None`` if unknown."""
        return describe_claim_status(self.status_code)

    @property
    def is_reversal(self) -> bool:
        """True for a reversal of a previous payment (CLP02 ``22``)."""
        return self.status_code == "22"

    @property
    def is_denied(self) -> bool:
        """True when the payer denied the claim (CLP02 ``4``)."""
        return self.status_code == "4"


@attrs.frozen(slots=False, field_transformer=typed_fields)
class ProviderAdjustment:
    """One adjustment pair of a PLB segment (up to six per segment)."""

    provider_id: str
    """Provider identifier, usually the NPI (PLB01)."""
    fiscal_period_date: dt.date | None
    """Last day of the provider's fiscal year (PLB02)."""
    reason_code: str
    """Adjustment reason: ``WO`` overpayment recovery, ``FB`` forwarding balance,
    ``L6`` interest, ``72`` authorized return, ``CS``, ``J1``, ... (PLB03-1, 05-1, ...)."""
    reference_id: str
    """Reference id, e.g. the recovered claim's control number (PLB03-2, 05-2, ...)."""
    amount: Decimal | None
    """Adjustment amount; positive reduces the payment (PLB04, 06, 08, 10, 12, 14)."""

    @property
    def reason(self) -> str | None:
        """Short description of :attr:`reason_code`, ``None`` if unknown."""
        return describe_plb_reason(self.reason_code)


@attrs.frozen(slots=False, field_transformer=typed_fields)
class HeaderNumber:
    """Loop 2000: an LX header number grouping claims, with its provider summaries."""

    number: str
    """Assigned header number (LX01)."""
    first_claim: int
    """Index in :attr:`Remittance.claims` of the first claim of this group."""
    claim_count: int
    """Number of claims in this group."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Provider summary (TS3) and supplemental summary (TS2) segments, kept as read."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class RemittanceHeader:
    """Everything of one 835 before its claims: envelopes, payment, payer, payee."""

    control_number: str
    """Transaction set control number (ST02)."""
    implementation_reference: str
    """Implementation convention reference, e.g. ``005010X221A1`` (ST03; empty in 4010)."""
    interchange: InterchangeHeader
    """The enclosing interchange (ISA): sender, receiver, control number ISA13."""
    group: GroupHeader | None
    """The enclosing functional group (GS): version GS08, control number GS06."""
    payment: Payment | None
    """Financial information and trace (BPR, TRN)."""
    payer: Payer | None
    """Payer identification (loop 1000A)."""
    payee: Payee | None
    """Payee identification (loop 1000B)."""
    production_date: dt.date | None = None
    """Production date (DTM*405, DTM02)."""
    receiver_id: str = attrs.field(default="", repr=_masked)
    """Receiver identification (REF*EV, REF02)."""
    version_id: str = attrs.field(default="", repr=_masked)
    """Version identification (REF*F2, REF02)."""
    currency: str = ""
    """Currency code (CUR02) when a CUR segment is present."""
    references: tuple[Reference, ...] = ()
    """Header references (REF*EV, REF*F2 and any other)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Header segments that map to no field (e.g. CUR), in order."""

    @property
    def version(self) -> str:
        """``005010X221A1``, ``004010X091A1``, ...: ST03, else GS08."""
        return self.implementation_reference or (self.group.version if self.group else "")


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Remittance:
    """One 835 transaction set (ST..SE): one payment with its claims.

    The header fields are reached through properties (``remittance.payment``,
    ``remittance.payer``, ``remittance.control_number``...) that read
    :attr:`header`, the same object :func:`~medclaims.remittance.iter_835`
    attaches to each streamed claim.
    """

    header: RemittanceHeader
    """Envelopes, payment, payer, payee and header references."""
    claims: tuple[ClaimPayment, ...] = ()
    """Claim payments (loop 2100) in order, across all LX groups."""
    provider_adjustments: tuple[ProviderAdjustment, ...] = ()
    """Provider-level adjustments (PLB), one per reason/amount pair."""
    header_numbers: tuple[HeaderNumber, ...] = ()
    """LX groups (loop 2000) and which claims they hold."""
    issues: tuple[Issue, ...] = ()
    """Problems found while parsing and balancing (PHI-free)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments outside any loop that map to no field (e.g. out of place), in order."""
    delimiters: Delimiters = attrs.field(factory=Delimiters, eq=False)
    """Delimiters of the interchange the transaction was read from."""
    source_segments: Sequence[str] | None = attrs.field(default=None, eq=False, repr=_masked)
    """The transaction's segments (ST..SE) as read, without terminators, for a lossless
    write back (the parser stores a :class:`SourceSegments` that splits lazily)."""
    source_trailers: tuple[tuple[str, int], ...] = attrs.field(default=(), eq=False, repr=False)
    """GE/IEA segments as read right after this transaction (when it was the last of its
    group/interchange), each with the number of 835s/groups read in that envelope; the
    writer reuses them when it writes the same envelope, so odd trailers survive."""
    segments_before: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments read outside any transaction set, after the previous SE (or from the
    start of the input) and before this ST, in order: strays between envelopes. The
    writer puts them right before this ST."""
    segments_after: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments read outside any transaction set after this SE when no transaction
    follows in the input, in order. The writer puts them right after this SE."""
    stray_gaps: tuple[tuple[int, ...], tuple[int, ...]] = attrs.field(
        default=((), ()), eq=False, repr=False
    )
    """Where each of :attr:`segments_before` and of :attr:`segments_after` was read
    among the envelope segments around it (:data:`STRAY_GAPS`), so that the writer
    puts a stray read after a GE, an IEA or an ISA back there. Ignored when its
    lengths do not match theirs: strays then go right before the ST / after the SE."""

    @property
    def control_number(self) -> str:
        """Transaction set control number (ST02)."""
        return self.header.control_number

    @property
    def has_transaction(self) -> bool:
        """Whether this remittance carries anything an ST..SE would: ``False`` only for
        the one :func:`~medclaims.remittance.parse_835` returns for input without an
        835 transaction, which holds that input's issues and strays alone (no ST02,
        no header data, no records). It is no payment, and is written without ST..SE.
        """
        h = self.header
        blank = RemittanceHeader("", "", h.interchange, h.group, None, None, None)
        return h != blank or bool(self.claims or self.provider_adjustments or self.header_numbers)

    @property
    def interchange(self) -> InterchangeHeader:
        """Enclosing interchange header (ISA)."""
        return self.header.interchange

    @property
    def group(self) -> GroupHeader | None:
        """Enclosing functional group header (GS)."""
        return self.header.group

    @property
    def payment(self) -> Payment | None:
        """Financial information and trace (BPR, TRN)."""
        return self.header.payment

    @property
    def payer(self) -> Payer | None:
        """Payer identification (loop 1000A)."""
        return self.header.payer

    @property
    def payee(self) -> Payee | None:
        """Payee identification (loop 1000B)."""
        return self.header.payee

    @property
    def production_date(self) -> dt.date | None:
        """Production date (DTM*405)."""
        return self.header.production_date

    @property
    def references(self) -> tuple[Reference, ...]:
        """Header references (REF*EV, REF*F2, ...)."""
        return self.header.references

    @property
    def version(self) -> str:
        """Implementation version, ST03 else GS08."""
        return self.header.version

    def service_lines(self) -> list[ServicePayment]:
        """Every service line of every claim, in order."""
        return [line for claim in self.claims for line in claim.service_lines]


@attrs.frozen(slots=False, field_transformer=typed_fields)
class RemittanceClaim:
    """A claim payment streamed by :func:`~medclaims.remittance.iter_835`, with its header."""

    header: RemittanceHeader
    """The remittance the claim belongs to (shared by every claim of the transaction)."""
    claim: ClaimPayment
    """The claim payment."""
    index: int
    """0-based position of the claim in its transaction."""

    def __getattr__(self, name: str) -> Any:
        # Reads fall through to the claim: streamed.paid_amount, streamed.service_lines...
        if name.startswith("__") or name in ("header", "claim", "index"):
            raise AttributeError(name)
        return getattr(self.claim, name)
