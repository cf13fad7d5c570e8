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
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims._support.records import slotted_constructor
from medclaims.codes import describe_claim_status, describe_group, describe_plb_reason
from medclaims.errors import Issue
from medclaims.x12.delimiters import Delimiters
from medclaims.x12.envelope import GroupHeader, InterchangeHeader

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

_T = TypeVar("_T")
_new = object.__new__
_set = object.__setattr__


class _NoAmounts(Mapping[str, Decimal]):
    """The empty, immutable mapping of absent AMT/QTY data; pickles as :data:`NO_AMOUNTS`."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Decimal:
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return False  # Mapping's own would raise and catch a KeyError

    def get(self, key: str, default: Any = None) -> Any:
        """``default``: nothing is here (Mapping's own would raise and catch a KeyError)."""
        return default

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        # Equal to any empty mapping, as Mapping's own (which copies both into dicts).
        if other is self:
            return True
        if not isinstance(other, Mapping):
            return NotImplemented
        return len(other) == 0

    __hash__ = None  # type: ignore[assignment]  # unhashable, as Mapping is

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_AMOUNTS"  # a reference to the module's singleton


NO_AMOUNTS: Mapping[str, Decimal] = _NoAmounts()
"""The shared empty mapping used for absent AMT/QTY data."""


def build_record(cls: type[_T], fields: dict[str, Any]) -> _T:
    """Create a record from a complete ``{field name: value}`` dict, skipping ``__init__``.

    ``fields`` must hold every field of ``cls`` with a value of its documented
    type, and must not be used afterwards (it may become the instance's dict).
    The parser's fast path; :func:`record_template` gives a dict to start from.
    A slotted record is left out of the cyclic garbage collector (``acyclic``
    in :mod:`medclaims._support.records`): the parser builds it from values it made.
    """
    if not cls.__dictoffset__:
        return slotted_constructor(cls, acyclic=True)(**fields)
    obj = _new(cls)
    _set(obj, "__dict__", fields)
    return obj


def record_template(cls: type) -> dict[str, Any]:
    """``{field name: default}`` for every field of an attrs record (``None`` if no default)."""
    out: dict[str, Any] = {}
    for field in attrs.fields(cls):
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = NO_AMOUNTS if default.factory is dict else default.factory()
        elif default is attrs.NOTHING:
            default = None
        out[field.name] = default
    return out


class SourceSegments(Sequence[str]):
    """A transaction's text as read, seen as its list of segments (split on first use).

    Each item is one segment without its terminator and without the line breaks
    or indentation around it, elements joined with the interchange's separator.
    """

    def __init__(self, text: str, terminator: str) -> None:
        self.text = text
        self.terminator = terminator
        self._items: list[str] | None = None

    def _split(self) -> list[str]:
        items = self._items
        if items is None:
            term = self.terminator
            wrapped = term not in "\r\n"
            items = []
            for piece in self.text.split(term):
                piece = piece.lstrip()
                if wrapped and ("\n" in piece or "\r" in piece):
                    piece = piece.replace("\r", "").replace("\n", "").rstrip()
                if piece:
                    items.append(piece)
            self._items = items
        return items

    def __len__(self) -> int:
        return len(self._split())

    def __getitem__(self, index: Any) -> Any:
        return self._split()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._split())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} segments>"


ExtraSegment = tuple[str, ...]
"""A segment kept as read: ``(id, element1, element2, ...)``, composites joined."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Address:
    """A postal address (N3/N4). Every field is PHI for people and masked in repr."""

    lines: tuple[str, ...] = attrs.field(default=(), repr=_masked)
    """Address lines (N301, N302)."""
    city: str = attrs.field(default="", repr=_masked)
    """City name (N401)."""
    state: str = attrs.field(default="", repr=_masked)
    """State or province code (N402)."""
    postal_code: str = attrs.field(default="", repr=_masked)
    """Postal code (N403)."""
    country: str = attrs.field(default="", repr=_masked)
    """Country code (N404)."""
    subdivision: str = attrs.field(default="", repr=_masked)
    """Country subdivision code (N407)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Contact:
    """A contact (PER): function, name and communication numbers (masked in repr)."""

    function_code: str
    """Contact function code: ``CX`` claims, ``BL`` technical, ``IC`` web site (PER01)."""
    name: str = attrs.field(default="", repr=_masked)
    """Contact name (PER02)."""
    numbers: tuple[tuple[str, str], ...] = attrs.field(default=(), repr=_masked)
    """(qualifier, number) pairs: ``TE`` phone, ``EM`` e-mail, ``UR`` URL, ``EX``
    extension, ``FX`` fax (PER03/04, PER05/06, PER07/08)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Reference:
    """An additional identifier (REF); the value is masked in repr."""

    qualifier: str
    """Reference identification qualifier, e.g. ``6R``, ``F8``, ``EV`` (REF01)."""
    value: str = attrs.field(default="", repr=_masked)
    """Reference identification (REF02)."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class Entity:
    """A person or organization named in a claim loop (NM1); PHI masked in repr."""

    entity_code: str
    """Entity identifier code: ``QC`` patient, ``IL`` insured, ``74`` corrected
    patient, ``82`` rendering provider, ``TT`` crossover carrier, ``PR``
    corrected priority payer, ``GB`` other subscriber (NM101)."""
    entity_type: str = ""
    """``1`` person, ``2`` non-person (NM102)."""
    last_name: str = attrs.field(default="", repr=_masked)
    """Last name or organization name (NM103)."""
    first_name: str = attrs.field(default="", repr=_masked)
    """First name (NM104)."""
    middle_name: str = attrs.field(default="", repr=_masked)
    """Middle name or initial (NM105)."""
    prefix: str = attrs.field(default="", repr=_masked)
    """Name prefix (NM106)."""
    suffix: str = attrs.field(default="", repr=_masked)
    """Name suffix (NM107)."""
    id_qualifier: str = ""
    """Identification code qualifier: ``MI`` member id, ``XX`` NPI, ``34`` SSN,
    ``FI`` tax id, ``PI``/``XV`` payer id (NM108)."""
    identifier: str = attrs.field(default="", repr=_masked)
    """Identification code (NM109)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Payment:
    """Financial information (BPR) and reassociation trace (TRN) of one 835."""

    handling_code: str
    """Transaction handling code: ``C`` payment with remittance, ``H`` notification
    only, ``I`` remittance information only, ``P`` prenotification, ... (BPR01)."""
    amount: Decimal | None
    """Total actual provider payment amount (BPR02)."""
    credit_debit: str
    """``C`` credit or ``D`` debit (BPR03)."""
    method: str
    """Payment method: ``ACH``, ``CHK``, ``NON``, ``BOP``, ``FWT`` (BPR04)."""
    format: str = ""
    """Payment format: ``CCP`` or ``CTX`` (BPR05)."""
    sender_dfi_qualifier: str = ""
    """Originating bank id qualifier, ``01`` ABA or ``04`` (BPR06)."""
    sender_dfi_id: str = attrs.field(default="", repr=_masked)
    """Originating bank routing number (BPR07)."""
    sender_account_qualifier: str = ""
    """Originating account number qualifier, ``DA`` (BPR08)."""
    sender_account: str = attrs.field(default="", repr=_masked)
    """Originating (payer) account number (BPR09)."""
    payer_identifier: str = ""
    """Originating company identifier (BPR10)."""
    payer_supplemental_code: str = ""
    """Originating company supplemental code (BPR11)."""
    receiver_dfi_qualifier: str = ""
    """Receiving bank id qualifier (BPR12)."""
    receiver_dfi_id: str = attrs.field(default="", repr=_masked)
    """Receiving bank routing number (BPR13)."""
    receiver_account_qualifier: str = ""
    """Receiving account qualifier, ``DA`` or ``SG`` (BPR14)."""
    receiver_account: str = attrs.field(default="", repr=_masked)
    """Receiving (provider) account number (BPR15)."""
    date: dt.date | None = None
    """Check issue or EFT effective date (BPR16)."""
    trace_type: str = ""
    """Trace type code, ``1`` current transaction trace numbers (TRN01)."""
    trace_number: str = ""
    """Check or EFT trace number, the reassociation key (TRN02)."""
    originating_company_id: str = ""
    """Payer identifier, ``1`` + tax id (TRN03)."""
    originating_company_supplemental_code: str = ""
    """Originating company supplemental code (TRN04)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Payer:
    """Loop 1000A: the payer (N1*PR and what follows it)."""

    name: str
    """Payer name (N102)."""
    id_qualifier: str = ""
    """``XV`` CMS plan id when N104 is present (N103)."""
    id: str = ""
    """Payer identifier (N104)."""
    address: Address | None = None
    """Payer address (N3/N4)."""
    contacts: tuple[Contact, ...] = ()
    """Business (``CX``), technical (``BL``) and web (``IC``) contacts (PER)."""
    references: tuple[Reference, ...] = ()
    """Additional payer ids: ``2U``, ``EO``, ``HI``, ``NF`` (REF)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field, in order."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Payee:
    """Loop 1000B: the payee (N1*PE and what follows it)."""

    name: str = attrs.field(repr=_masked)
    """Payee name (N102)."""
    id_qualifier: str = ""
    """``XX`` NPI, ``FI`` tax id, ``XV`` plan id (N103)."""
    id: str = attrs.field(default="", repr=_masked)
    """Payee identifier (N104)."""
    npi: str | None = None
    """Payee NPI: N104 when N103 is ``XX``."""
    tax_id: str | None = attrs.field(default=None, repr=_masked)
    """Payee tax id: N104 when N103 is ``FI``, else REF*TJ (REF02)."""
    address: Address | None = None
    """Payee address (N3/N4)."""
    references: tuple[Reference, ...] = ()
    """Additional payee ids: ``0B``, ``D3``, ``PQ``, ``TJ`` (REF)."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=(), repr=_masked)
    """Segments of this loop that map to no field (e.g. RDM), in order."""


@attrs.frozen(
    weakref_slot=False, field_transformer=typed_fields
)  # see medclaims/_support/records.py
class Adjustment:
    """One adjustment triple of a CAS segment (up to six per segment)."""

    group_code: str
    """Claim adjustment group: ``CO``, ``PR``, ``OA``, ``PI`` (``CR`` in 4010);
    unknown values are kept (CAS01)."""
    reason_code: str
    """Claim adjustment reason code, CARC (CAS02, 05, 08, 11, 14, 17)."""
    amount: Decimal | None
    """Adjustment amount; positive reduces payment (CAS03, 06, 09, 12, 15, 18)."""
    quantity: Decimal | None = None
    """Adjustment quantity (CAS04, 07, 10, 13, 16, 19)."""

    @property
    def group(self) -> str | None:
        """Short description of the group code, ``None`` if unknown."""
        return describe_group(self.group_code)


@attrs.frozen(slots=False, field_transformer=typed_fields)
class Procedure:
    """An adjudicated or submitted procedure composite (SVC01 or SVC06)."""

    qualifier: str
    """Product/service id qualifier: ``HC``, ``AD``, ``ER``, ``IV``, ``N4``, ``NU``, ... (-1)."""
    code: str
    """Procedure, revenue or NDC code (-2)."""
    modifiers: tuple[str, ...] = ()
    """Procedure modifiers (-3 to -6)."""
    description: str = ""
    """Procedure description (-7)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class InpatientAdjudication:
    """Inpatient adjudication information (MIA)."""

    covered_days: Decimal | None
    """Covered days or visits count (MIA01)."""
    pps_operating_outlier_amount: Decimal | None = None
    """PPS operating outlier amount (MIA02)."""
    lifetime_psychiatric_days: Decimal | None = None
    """Lifetime psychiatric days count (MIA03)."""
    drg_amount: Decimal | None = None
    """Claim DRG amount (MIA04)."""
    remark_codes: tuple[str, ...] = ()
    """Claim payment remark codes, RARC (MIA05, MIA20-23)."""
    disproportionate_share_amount: Decimal | None = None
    """Claim disproportionate share amount (MIA06)."""
    msp_pass_through_amount: Decimal | None = None
    """Claim MSP pass-through amount (MIA07)."""
    pps_capital_amount: Decimal | None = None
    """Claim PPS capital amount (MIA08)."""
    pps_capital_fsp_drg_amount: Decimal | None = None
    """PPS-capital federal specific portion DRG amount (MIA09)."""
    pps_capital_hsp_drg_amount: Decimal | None = None
    """PPS-capital hospital specific portion DRG amount (MIA10)."""
    pps_capital_dsh_drg_amount: Decimal | None = None
    """PPS-capital disproportionate share hospital DRG amount (MIA11)."""
    old_capital_amount: Decimal | None = None
    """Old capital amount (MIA12)."""
    pps_capital_ime_amount: Decimal | None = None
    """PPS-capital indirect medical education amount (MIA13)."""
    pps_operating_hsp_drg_amount: Decimal | None = None
    """PPS-operating hospital specific DRG amount (MIA14)."""
    cost_report_day_count: Decimal | None = None
    """Cost report day count (MIA15)."""
    pps_operating_fsp_drg_amount: Decimal | None = None
    """PPS-operating federal specific DRG amount (MIA16)."""
    pps_capital_outlier_amount: Decimal | None = None
    """Claim PPS capital outlier amount (MIA17)."""
    indirect_teaching_amount: Decimal | None = None
    """Claim indirect teaching amount (MIA18)."""
    nonpayable_professional_component_amount: Decimal | None = None
    """Nonpayable professional component amount (MIA19)."""
    pps_capital_exception_amount: Decimal | None = None
    """PPS-capital exception amount (MIA24)."""


@attrs.frozen(slots=False, field_transformer=typed_fields)
class OutpatientAdjudication:
    """Outpatient (and professional) adjudication information (MOA)."""

    reimbursement_rate: Decimal | None
    """Reimbursement rate (MOA01)."""
    hcpcs_payable_amount: Decimal | None = None
    """Claim HCPCS payable amount (MOA02)."""
    remark_codes: tuple[str, ...] = ()
    """Claim payment remark codes, RARC (MOA03-07)."""
    esrd_payment_amount: Decimal | None = None
    """End-stage renal disease payment amount (MOA08)."""
    nonpayable_professional_component_amount: Decimal | None = None
    """Nonpayable professional component amount (MOA09)."""


STRAY_GAPS: Mapping[str, int] = MappingProxyType({"SE": 0, "GE": 1, "IEA": 2, "ISA": 3, "GS": 4})
"""Where a segment outside any ST..SE was read, named by the envelope segment read
last before it: ``SE`` *0* ``GE`` *1* ``IEA`` *2* ``ISA`` *3* ``GS`` *4* ``ST``
(:attr:`Remittance.stray_gaps`)."""


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
    source_interchange: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)
    """The ISA as read (its elements, padding kept) when it was not the standard 106
    characters wide; empty otherwise. The writer writes such an ISA back as read while
    :attr:`RemittanceHeader.interchange` still says what it says."""

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
