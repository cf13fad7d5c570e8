"""Small 835 records (names, addresses, payment, adjustments...) and the record builder.

Part of :mod:`medclaims.remittance.records`, which re-exports every name here;
see that module for the conventions (types, ``None`` for absent values, PHI
masked in reprs, dict-backed frozen records built by :func:`build_record`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from medclaims._support.fields import masked_repr as _masked
from medclaims._support.fields import typed_fields
from medclaims._support.records import slotted_constructor
from medclaims.codes import describe_group

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
