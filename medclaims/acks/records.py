"""Typed records of the three acknowledgements: TA1, 999 (and 997), 277CA (and 277).

Every record is a frozen attrs class whose fields check their annotated type
(:func:`medclaims._support.fields.typed_fields`). Field names say the business
meaning; each docstring names the X12 element. Money is
:class:`~decimal.Decimal`, dates are :class:`datetime.date`; an absent element
is ``""``, ``None`` or an empty tuple, never a made-up default.

PHI is masked in every ``repr``: patient control numbers (TRN02 of a claim,
CTX01-2 of a business unit context such as ``CLM01``), bad values copied into
IK404/AK404, names and ids of NM1 segments, and kept raw segments.

Segments that map to no field stay, in the order read, in ``extra_segments`` of
the loop where they were read; the writers put them back there.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims.codes import (
    describe_ack_code,
    describe_claim_status_category,
    describe_ta1_note,
)
from medclaims.errors import Issue
from medclaims.x12.delimiters import Delimiters
from medclaims.x12.envelope import GroupHeader, InterchangeHeader

__all__ = [
    "ACCEPTED_CATEGORIES",
    "ACCEPTED_IK5",
    "REJECTED_CATEGORIES",
    "REJECTED_IK5",
    "ClaimAcknowledgement",
    "ClaimStatus",
    "Context",
    "DateRef",
    "ElementError",
    "ExtraSegment",
    "ImplementationAck",
    "InterchangeAck",
    "LineStatus",
    "Party",
    "Quantity",
    "Reference",
    "SegmentError",
    "StatusCode",
    "StatusInfo",
    "StatusLevel",
    "TransactionSetAck",
]

ExtraSegment = tuple[str, ...]
"""A segment kept as read: ``(id, element1, element2, ...)``, composites joined."""

ACCEPTED_IK5 = frozenset({"A", "E"})
"""IK501/AK501 (and AK901) codes meaning the transaction set was accepted: ``A``
accepted, ``E`` accepted with errors noted."""
REJECTED_IK5 = frozenset({"M", "R", "W", "X"})
"""IK501/AK501 codes meaning the transaction set was rejected."""
ACCEPTED_CATEGORIES = frozenset({"A2"})
"""Claim status categories (STC01-1) meaning accepted into adjudication."""
REJECTED_CATEGORIES = frozenset({"A3", "A4", "A6", "A7", "A8"})
"""Claim status categories (STC01-1) meaning the claim was rejected or returned
unprocessed: it will not be adjudicated and must be corrected and sent again.
An STC03 action code ``U`` (reject) says the same whatever the category."""


# ---------------------------------------------------------------- TA1


@attrs.frozen(field_transformer=typed_fields)
class InterchangeAck:
    """A TA1 interchange acknowledgement: was the interchange ISA13 accepted?"""

    control_number: str
    """Interchange control number acknowledged, the sent ISA13 (TA101)."""
    date: dt.date | None
    """Interchange date of the acknowledged ISA, YYMMDD read as a date (TA102)."""
    time: str
    """Interchange time HHMM of the acknowledged ISA (TA103)."""
    ack_code: str
    """``A`` accepted, ``E`` accepted with errors, ``R`` rejected (TA104)."""
    note_code: str
    """Interchange note code, ``000`` no error, ``001``..``031`` the error (TA105)."""
    interchange: InterchangeHeader = attrs.field(factory=InterchangeHeader)
    """The interchange (ISA) that carried this TA1."""
    raw_date: str = attrs.field(default="", repr=_masked)
    """TA102 as read when it is not a valid YYMMDD date, else ``""``."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """Elements after TA105, kept as read (none in a valid TA1)."""
    issues: tuple[Issue, ...] = ()
    """Problems found while reading (PHI-free)."""

    @property
    def accepted(self) -> bool:
        """True for TA104 ``A`` or ``E``."""
        return self.ack_code in ("A", "E")

    @property
    def rejected(self) -> bool:
        """True for TA104 ``R``."""
        return self.ack_code == "R"

    @property
    def note(self) -> str | None:
        """Our short description of :attr:`note_code`, ``None`` if unknown."""
        return describe_ta1_note(self.note_code)


# ---------------------------------------------------------------- 999 / 997


@attrs.frozen(field_transformer=typed_fields)
class Context:
    """A CTX segment: the context of an error (999 only).

    A *business unit* context names the claim at fault (``CLM01`` and the
    patient control number); a *segment* context (``SITUATIONAL TRIGGER``)
    names the segment whose presence made the faulty one required or not.
    """

    name: str
    """Context name, e.g. ``CLM01`` or ``SITUATIONAL TRIGGER`` (CTX01-1)."""
    reference: str = attrs.field(default="", repr=_masked)
    """Context reference, e.g. the patient control number (CTX01-2); masked in repr."""
    segment_id: str = ""
    """Segment id of the trigger (CTX02)."""
    segment_position: int | None = None
    """Position of that segment in the transaction set, ST = 1 (CTX03)."""
    loop_id: str = ""
    """Loop identifier (CTX04)."""
    element_position: tuple[str, ...] = ()
    """Position in segment: element, component, repetition (CTX05 composite)."""
    element_reference: tuple[str, ...] = ()
    """Reference in segment: data element reference numbers (CTX06 composite)."""

    @property
    def is_business_unit(self) -> bool:
        """True unless this is a segment context (``SITUATIONAL TRIGGER``)."""
        return self.name.upper() != "SITUATIONAL TRIGGER"


@attrs.frozen(field_transformer=typed_fields)
class ElementError:
    """Loop 2110 (IK4, 997: AK4): an element in error."""

    position: int | None
    """Element position in the segment (IK401-1)."""
    component: int | None = None
    """Component position inside a composite (IK401-2)."""
    repetition: int | None = None
    """Repeating data element position (IK401-3)."""
    reference_number: str = ""
    """Data element reference number, e.g. ``1028`` (IK402)."""
    error_code: str = ""
    """Element syntax error code, ``1`` required element missing ... ``I12`` (IK403)."""
    bad_value: str = attrs.field(default="", repr=_masked)
    """Copy of the bad element as sent (IK404): may be PHI, masked in repr."""
    contexts: tuple[Context, ...] = ()
    """Element contexts (CTX after the IK4)."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """IK405 onward as read (none in a valid 999)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""

    @property
    def error(self) -> str | None:
        """Our short description of :attr:`error_code`."""
        from medclaims.codes import describe_element_error

        return describe_element_error(self.error_code)


@attrs.frozen(field_transformer=typed_fields)
class SegmentError:
    """Loop 2100 (IK3, 997: AK3): a segment in error."""

    segment_id: str
    """Segment id in error, e.g. ``NM1`` (IK301)."""
    position: int | None
    """Segment position in the transaction set, ST = 1 (IK302)."""
    loop_id: str = ""
    """Loop identifier, at most four characters, e.g. ``2010`` (IK303)."""
    error_code: str = ""
    """Segment syntax error code, ``1`` unrecognized ... ``I9`` (IK304)."""
    contexts: tuple[Context, ...] = ()
    """Business unit and segment contexts (CTX after the IK3), in order."""
    raw_position: str = attrs.field(default="", repr=_masked)
    """IK302 as read when it is not a whole number, else ``""``."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """IK305 onward as read (none in a valid 999)."""
    element_errors: tuple[ElementError, ...] = ()
    """Elements in error (loop 2110)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""

    @property
    def error(self) -> str | None:
        """Our short description of :attr:`error_code`."""
        from medclaims.codes import describe_segment_error

        return describe_segment_error(self.error_code)

    @property
    def business_unit(self) -> Context | None:
        """The business unit context (e.g. ``CLM01``), if any."""
        return next((c for c in self.contexts if c.is_business_unit), None)


@attrs.frozen(field_transformer=typed_fields)
class TransactionSetAck:
    """Loop 2000 (AK2..IK5, 997: AK2..AK5): one acknowledged transaction set."""

    transaction_set_id: str
    """Transaction set identifier acknowledged, e.g. ``837`` (AK201)."""
    control_number: str
    """Transaction set control number acknowledged, the sent ST02 (AK202)."""
    implementation_reference: str = ""
    """Implementation convention reference, the sent ST03 (AK203)."""
    ack_code: str = ""
    """``A`` accepted, ``E`` accepted with errors, ``M``/``R``/``W``/``X`` rejected (IK501)."""
    syntax_error_codes: tuple[str, ...] = ()
    """Transaction set syntax error codes, e.g. ``4`` SE01 wrong (IK502..IK506)."""
    segment_errors: tuple[SegmentError, ...] = ()
    """Segments in error (loop 2100)."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """AK204 onward as read (none in a valid 999)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""

    @property
    def accepted(self) -> bool:
        """True for IK501 ``A`` or ``E``."""
        return self.ack_code in ACCEPTED_IK5

    @property
    def rejected(self) -> bool:
        """True for IK501 ``M``, ``R``, ``W`` or ``X``."""
        return self.ack_code in REJECTED_IK5

    @property
    def status(self) -> str | None:
        """Our short description of :attr:`ack_code`."""
        return describe_ack_code(self.ack_code)


@attrs.frozen(field_transformer=typed_fields)
class ImplementationAck:
    """One 999 (or 997) transaction set: the answer to one functional group (AK1..AK9)."""

    control_number: str
    """This acknowledgement's own transaction set control number (ST02)."""
    functional_id: str
    """Functional identifier of the acknowledged group, ``HC`` for 837 (AK101)."""
    group_control_number: str
    """Group control number acknowledged, the sent GS06 (AK102)."""
    version: str = ""
    """Version of the acknowledged group, the sent GS08 (AK103)."""
    transaction_sets: tuple[TransactionSetAck, ...] = ()
    """One per acknowledged transaction set (loop 2000), in order."""
    group_ack_code: str = ""
    """``A``, ``E``, ``P`` partially accepted, ``M``/``R``/``W``/``X`` rejected (AK901)."""
    included_count: int | None = None
    """Number of transaction sets included in the group (AK902)."""
    received_count: int | None = None
    """Number of transaction sets received (AK903)."""
    accepted_count: int | None = None
    """Number of transaction sets accepted (AK904)."""
    group_error_codes: tuple[str, ...] = ()
    """Functional group syntax error codes (AK905..AK909)."""
    transaction_set_id: str = "999"
    """``999`` (5010) or ``997`` (4010) (ST01)."""
    implementation_reference: str = ""
    """``005010X231A1`` for a 999 (ST03; empty in a 997)."""
    interchange: InterchangeHeader = attrs.field(factory=InterchangeHeader)
    """The interchange (ISA) that carried this acknowledgement."""
    group: GroupHeader | None = None
    """The functional group (GS, ``FA``) that carried it."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments outside any loop that map to no field, in order."""
    issues: tuple[Issue, ...] = ()
    """Problems found while reading (PHI-free)."""
    delimiters: Delimiters = attrs.field(factory=Delimiters, eq=False)
    """Delimiters of the interchange it was read from."""

    @property
    def accepted(self) -> tuple[TransactionSetAck, ...]:
        """The transaction sets accepted (IK501 ``A`` or ``E``)."""
        return tuple(t for t in self.transaction_sets if t.accepted)

    @property
    def rejected(self) -> tuple[TransactionSetAck, ...]:
        """The transaction sets rejected (IK501 ``M``, ``R``, ``W``, ``X``)."""
        return tuple(t for t in self.transaction_sets if t.rejected)

    @property
    def group_status(self) -> str | None:
        """Our short description of :attr:`group_ack_code`."""
        return describe_ack_code(self.group_ack_code)


# ---------------------------------------------------------------- 277CA / 277


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class Party:
    """An NM1 name (2100A..2100E). Names and ids are masked in repr."""

    entity_code: str
    """Entity identifier: ``PR`` payer, ``41`` submitter, ``85`` billing provider,
    ``QC`` patient, ``IL`` subscriber (NM101)."""
    entity_type: str = ""
    """``1`` person, ``2`` non-person entity (NM102)."""
    last_name: str = attrs.field(default="", repr=_masked)
    """Last or organization name (NM103)."""
    first_name: str = attrs.field(default="", repr=_masked)
    """First name (NM104)."""
    middle_name: str = attrs.field(default="", repr=_masked)
    """Middle name or initial (NM105)."""
    suffix: str = attrs.field(default="", repr=_masked)
    """Name suffix (NM107)."""
    id_qualifier: str = ""
    """``XX`` NPI, ``FI`` tax id, ``MI`` member id, ``PI`` payer id ... (NM108)."""
    identifier: str = attrs.field(default="", repr=_masked)
    """Identification code (NM109)."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """NM106 and NM110 onward as read (all ``""`` when absent), for the write back."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this name loop after NM1 (e.g. ``PER`` in 2100A), in order."""


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class StatusCode:
    """One health care claim status composite (STC01, STC10 or STC11)."""

    category_code: str
    """Claim status category: ``A1`` received, ``A2`` accepted, ``A3`` returned
    unprocessable, ``A6``/``A7`` rejected, ``F0`` finalized, ``P1`` pending ... (-1)."""
    status_code: str = ""
    """Claim status code: the reason, e.g. ``21`` missing or invalid information (-2)."""
    entity_code: str = ""
    """Entity identifier of whom the status concerns, e.g. ``85`` billing provider (-3)."""
    code_list_qualifier: str = ""
    """Code list qualifier (-4), ``RX`` NCPDP reject codes (277 X212)."""

    @property
    def category(self) -> str | None:
        """Our short description of :attr:`category_code`."""
        return describe_claim_status_category(self.category_code)


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class StatusInfo:
    """An STC segment: status information with up to three status composites."""

    codes: tuple[StatusCode, ...]
    """STC01, then STC10 and STC11 when present (an empty STC10 before an STC11
    is kept as an empty :class:`StatusCode`)."""
    effective_date: dt.date | None = None
    """Status information effective date (STC02)."""
    action_code: str = ""
    """``U`` reject, ``WQ`` accept (STC03); ``"" `` on line statuses of some 277s."""
    charge_amount: Decimal | None = None
    """Total claim (or line) charge amount (STC04)."""
    paid_amount: Decimal | None = None
    """Claim payment amount (STC05, 277 X212)."""
    adjudication_date: dt.date | None = None
    """Adjudication or payment date (STC06, 277 X212)."""
    payment_method: str = ""
    """Payment method code, ``ACH``, ``CHK`` ... (STC07)."""
    check_date: dt.date | None = None
    """Check issue or EFT effective date (STC08)."""
    check_number: str = ""
    """Check or EFT trace number (STC09)."""
    message: str = attrs.field(default="", repr=_masked)
    """Free-form message text (STC12); masked in repr."""

    @property
    def category_code(self) -> str:
        """Category of the first composite (STC01-1)."""
        return self.codes[0].category_code if self.codes else ""

    @property
    def status_code(self) -> str:
        """Status code of the first composite (STC01-2)."""
        return self.codes[0].status_code if self.codes else ""

    @property
    def rejected(self) -> bool:
        """True for action code ``U`` (STC03) or a rejecting category (A3, A4, A6, A7, A8)."""
        return self.action_code == "U" or any(
            c.category_code in REJECTED_CATEGORIES for c in self.codes
        )

    @property
    def accepted(self) -> bool:
        """True when a composite says accepted into adjudication (A2) and none rejects."""
        return not self.rejected and any(c.category_code in ACCEPTED_CATEGORIES for c in self.codes)


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class Reference:
    """A REF segment."""

    qualifier: str
    """Reference id qualifier, e.g. ``1K``, ``D9``, ``FJ`` (REF01)."""
    value: str = attrs.field(default="", repr=_masked)
    """Reference id (REF02); masked in repr."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """REF03 onward as read."""


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class DateRef:
    """A DTP segment: one date or a period."""

    qualifier: str
    """Date/time qualifier: ``472`` service, ``050`` received, ``009`` processed (DTP01)."""
    start: dt.date | None
    """The date, or the start of the period (DTP03)."""
    end: dt.date | None = None
    """End of the period (DTP03 when DTP02 is ``RD8``)."""
    format: str = "D8"
    """``D8`` one date or ``RD8`` a period (DTP02)."""
    raw: str = attrs.field(default="", repr=_masked)
    """DTP03 as read when it is not a valid date or period, else ``""``."""


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class Quantity:
    """A QTY or AMT total of a 277 level (2200B, 2200C)."""

    qualifier: str
    """``90``/``QA`` accepted, ``AA``/``QC`` rejected (QTY01); ``YU``/``YY`` (AMT01)."""
    value: Decimal | None
    """The quantity (QTY02) or amount (AMT02); ``None`` when unreadable."""
    raw: str = attrs.field(default="", repr=_masked)
    """QTY02/AMT02 as read when it is not a number, else ``""``."""


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class LineStatus:
    """Loop 2220D/2220E: the status of one service line (SVC and what follows)."""

    procedure: tuple[str, ...]
    """Procedure composite, e.g. ``('HC', '99213', '25')`` (SVC01)."""
    charge_amount: Decimal | None
    """Line item charge amount (SVC02)."""
    paid_amount: Decimal | None = None
    """Line item provider payment amount (SVC03)."""
    revenue_code: str = ""
    """Revenue code (SVC04)."""
    units: Decimal | None = None
    """Units of service (SVC07)."""
    statuses: tuple[StatusInfo, ...] = ()
    """Line status information (STC)."""
    references: tuple[Reference, ...] = ()
    """References: ``FJ`` line item control number, ``XZ`` prescription number (REF)."""
    dates: tuple[DateRef, ...] = ()
    """Service date (DTP*472)."""
    extra_elements: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """SVC05, SVC06 and SVC08 onward as read (positions kept; ``""`` when absent)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""

    @property
    def line_control_number(self) -> str | None:
        """The 837's line item control number (REF*FJ)."""
        return next((r.value for r in self.references if r.qualifier == "FJ"), None)

    @property
    def service_date(self) -> dt.date | None:
        """Service date, or start of the service period (DTP*472)."""
        return next((d.start for d in self.dates if d.qualifier == "472"), None)


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class ClaimStatus:
    """Loop 2200D (2200E in a 277): the status of one claim, keyed by TRN02."""

    patient_control_number: str = attrs.field(repr=_masked)
    """Claim's patient control number, the 837's CLM01 (TRN02); masked in repr."""
    trace_type: str = "2"
    """Trace type code, ``2`` referenced transaction (TRN01)."""
    statuses: tuple[StatusInfo, ...] = ()
    """Claim-level status information (STC), in order."""
    references: tuple[Reference, ...] = ()
    """``1K`` payer claim control number, ``D9`` clearinghouse trace number,
    ``BLT`` bill type, ``EJ`` patient account ... (REF), in order."""
    dates: tuple[DateRef, ...] = ()
    """Claim service date or period (DTP*472)."""
    lines: tuple[LineStatus, ...] = ()
    """Service line statuses (loop 2220D)."""
    trace_extra: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """TRN03 onward as read."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""

    @property
    def payer_claim_control_number(self) -> str | None:
        """Payer claim control number (REF*1K)."""
        return next((r.value for r in self.references if r.qualifier == "1K"), None)

    @property
    def clearinghouse_trace_number(self) -> str | None:
        """Clearinghouse trace number (REF*D9)."""
        return next((r.value for r in self.references if r.qualifier == "D9"), None)

    @property
    def service_date(self) -> dt.date | None:
        """Claim service date, or start of the period (DTP*472)."""
        return next((d.start for d in self.dates if d.qualifier == "472"), None)

    @property
    def charge_amount(self) -> Decimal | None:
        """Total claim charge of the first status that carries one (STC04)."""
        return next((s.charge_amount for s in self.statuses if s.charge_amount is not None), None)

    @property
    def status_codes(self) -> tuple[StatusCode, ...]:
        """Every status composite of the claim-level STCs, in order."""
        return tuple(c for s in self.statuses for c in s.codes)

    @property
    def rejected(self) -> bool:
        """True when a claim-level status is a rejection (A3, A4, A6, A7, A8)."""
        return any(s.rejected for s in self.statuses)

    @property
    def accepted(self) -> bool:
        """True when accepted into adjudication (A2) and no status rejects it."""
        return not self.rejected and any(s.accepted for s in self.statuses)

    @property
    def outcome(self) -> str:
        """``rejected`` (STC03 ``U`` or category A3/A4/A6/A7/A8), ``accepted`` (A2),
        ``received`` (A0, A1, A5 or STC03 ``WQ``: taken in, not yet accepted into
        adjudication) or ``other`` (the statuses of a 277 response: pending, finalized ...)."""
        if self.rejected:
            return "rejected"
        if self.accepted:
            return "accepted"
        received = {"A0", "A1", "A5"}
        if any(
            s.action_code == "WQ" or any(c.category_code in received for c in s.codes)
            for s in self.statuses
        ):
            return "received"
        return "other"

    @property
    def effective_date(self) -> dt.date | None:
        """Effective date of the first claim-level status (STC02)."""
        return next((s.effective_date for s in self.statuses if s.effective_date), None)


@attrs.frozen(weakref_slot=False, field_transformer=typed_fields)
class StatusLevel:
    """An HL level of a 277 with its name loop, its trace loop and what it holds.

    Levels: ``20`` information source (payer or clearinghouse, 2000A), ``21``
    information receiver (submitter, 2000B), ``19`` billing provider (2000C),
    ``PT`` patient (277CA 2000D), ``22`` subscriber / ``23`` dependent (277
    2000D/2000E). Claims (TRN loops) hang off patient levels.
    """

    level_code: str
    """Hierarchical level code (HL03)."""
    party: Party | None = None
    """The name of this level (NM1 of loop 2100x)."""
    parties: tuple[Party, ...] = ()
    """Further names of this level (a repeated 2100C), in order."""
    trace_number: str = attrs.field(default="", repr=_masked)
    """Trace of the level (TRN02 of loop 2200A/B/C); ``""`` when absent."""
    trace_type: str = ""
    """Trace type code (TRN01)."""
    trace_extra: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """TRN03 onward as read."""
    statuses: tuple[StatusInfo, ...] = ()
    """Status information of the level (STC of 2200B/2200C)."""
    references: tuple[Reference, ...] = ()
    """Level references (REF of 2200C, provider secondary ids)."""
    quantities: tuple[Quantity, ...] = ()
    """Totals: QTY*90/QA accepted, QTY*AA/QC rejected claims, in order."""
    amounts: tuple[Quantity, ...] = ()
    """Totals: AMT*YU accepted, AMT*YY rejected charges, in order."""
    dates: tuple[DateRef, ...] = ()
    """Level dates: DTP*050 received, DTP*009 processed (2200A)."""
    children: tuple[StatusLevel, ...] = ()
    """Levels below this one (HL02 pointing here), in order."""
    claims: tuple[ClaimStatus, ...] = ()
    """Claims of a patient level (loop 2200D/2200E), in order."""
    hl_id: str = ""
    """Hierarchical id number (HL01) as read; the writer numbers levels without one."""
    child_code: str = ""
    """Hierarchical child code, ``1`` when levels follow below (HL04) as read;
    the writer derives it when empty."""
    hl_extra: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """HL05 onward as read."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of the level that map to no field (e.g. ``DMG``), in order; written after HL."""
    trace_extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of the trace loop that map to no field, in order."""

    def quantity(self, qualifier: str) -> Decimal | None:
        """The QTY02 of ``qualifier`` (``90``, ``AA``, ``QA``, ``QC``)."""
        return next((q.value for q in self.quantities if q.qualifier == qualifier), None)

    def amount(self, qualifier: str) -> Decimal | None:
        """The AMT02 of ``qualifier`` (``YU``, ``YY``)."""
        return next((q.value for q in self.amounts if q.qualifier == qualifier), None)

    def iter_claims(self) -> list[ClaimStatus]:
        """Every claim of this level and the levels below it, in order."""
        out = list(self.claims)
        for child in self.children:
            out.extend(child.iter_claims())
        return out


@attrs.frozen(field_transformer=typed_fields)
class ClaimAcknowledgement:
    """One 277CA (005010X214) or 277 (005010X212) transaction set."""

    control_number: str
    """Transaction set control number (ST02)."""
    implementation_reference: str = ""
    """``005010X214`` (277CA) or ``005010X212`` (277) (ST03)."""
    structure_code: str = ""
    """Hierarchical structure code, ``0085`` (BHT01)."""
    purpose_code: str = ""
    """Transaction set purpose, ``08`` status (BHT02)."""
    reference: str = ""
    """Originator application transaction id (BHT03)."""
    created_date: dt.date | None = None
    """Transaction set creation date (BHT04)."""
    created_time: str = ""
    """Transaction set creation time (BHT05)."""
    transaction_type: str = ""
    """``TH`` receipt acknowledgement (277CA), ``DG`` response (277) (BHT06)."""
    sources: tuple[StatusLevel, ...] = ()
    """Top levels (HL*20 information source), each with its levels below."""
    interchange: InterchangeHeader = attrs.field(factory=InterchangeHeader)
    """The interchange (ISA) that carried this acknowledgement."""
    group: GroupHeader | None = None
    """The functional group (GS, ``HN``) that carried it."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Header segments (before the first HL) that map to no field, in order."""
    issues: tuple[Issue, ...] = ()
    """Problems found while reading and balancing (PHI-free)."""
    delimiters: Delimiters = attrs.field(factory=Delimiters, eq=False)
    """Delimiters of the interchange it was read from."""

    @property
    def claims(self) -> list[ClaimStatus]:
        """Every acknowledged claim (TRN of loop 2200D/2200E), in file order."""
        out: list[ClaimStatus] = []
        for source in self.sources:
            out.extend(source.iter_claims())
        return out

    @property
    def is_277ca(self) -> bool:
        """True for a claim acknowledgement (ST03 ``005010X214`` or BHT06 ``TH``)."""
        return "X214" in self.implementation_reference or self.transaction_type == "TH"
