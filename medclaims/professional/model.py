"""The encounter model: what a practice knows about a visit, ready for an 837P.

Strategy: every record is a frozen ``attrs`` class whose validators check
*types* on construction (``str``, ``Decimal``, ``date``, tuples of records), so
a record in memory is always well-typed. Business rules (NPI check digits,
code shapes, diagnosis pointers in range, ZIP+4 for the billing provider,
REF*F8 for replacements...) are checked all at once by
:func:`medclaims.professional.validate.check_encounters`, which reports *every*
problem with its path instead of stopping at the first.

Field names say the business meaning; each docstring names the 837P loop,
segment and element (005010X222A1). Fields holding identity data (names,
member ids, birth dates, addresses, reference numbers: NM1, N3, N4, DMG, REF,
PER) are left out of ``repr`` so records can be logged safely.

The party records here (:class:`ClaimAddress`, :class:`ClaimContact`,
:class:`ClaimPayer`) are not the 835's ``medclaims.remittance`` ``Address``,
``Contact`` and ``Payer``, on purpose: these say what a claim must carry
(required fields, two address lines, one phone or e-mail, the payer the claim
is billed to in 2010BB) and are checked before anything is written; the 835's
keep whatever a payer sent, losslessly (any number of address lines, country
and subdivision, every PER number with its qualifier, REFs and unknown
segments), with every field optional. Until 0.2.0 both sets were called
``Address``, ``Contact`` and ``Payer``; the old names here still work, with a
``DeprecationWarning``, until 0.3.0.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
from attrs import validators as v

from medclaims._support.fields import instance_of
from medclaims.professional import cob
from medclaims.professional._base import (
    _BOOL,
    _DATE,
    _DECIMAL,
    _OPT_DATE,
    _OPT_STR,
    _STR,
    ClaimAddress,
    _extras_field,
    _ints,
    _phi_opt_str,
    _phi_str,
    _strs,
    _tuple,
    _tuple_of,
)
from medclaims.professional.extras import ExtraSegment

__all__ = [
    "Accident",
    "BillingProvider",
    "ClaimAddress",
    "ClaimContact",
    "ClaimPayer",
    "Encounter",
    "ExtraSegment",
    "Patient",
    "Provider",
    "Receiver",
    "ServiceFacility",
    "ServiceLine",
    "Submitter",
    "Subscriber",
]


def _lines(value: Iterable[ServiceLine]) -> tuple[ServiceLine, ...]:
    return tuple(value)


def _other_payers(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A tuple of :class:`~medclaims.professional.cob.OtherPayer`."""
    _OTHER_PAYERS(inst, attribute, value)


_OTHER_PAYERS = _tuple_of(cob.OtherPayer)


@attrs.frozen(kw_only=True, cache_hash=True)
class ClaimContact:
    """A contact person and number on a claim (PER*IC). Hidden from repr."""

    name: str = _phi_str()
    """Contact name (PER02)."""
    phone: str | None = _phi_opt_str()
    """Telephone, 10 digits, punctuation allowed (PER03=TE, PER04)."""
    email: str | None = _phi_opt_str()
    """E-mail address (PER05=EM, PER06, or PER03/04 when there is no phone)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class BillingProvider:
    """The billing provider (loop 2010AA).

    An organization gives ``organization_name``; an individual gives
    ``last_name`` and ``first_name`` (NM102 = 2 or 1).
    """

    npi: str = _phi_str()
    """Billing provider NPI (2010AA NM109, NM108=XX)."""
    tax_id: str | None = _phi_opt_str()
    """Employer identification number or SSN, 9 digits (2010AA REF02). Required to build;
    ``None`` only when read from a file that lacks it (with an issue)."""
    address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimAddress)), repr=False
    )
    """Billing provider street address, ZIP+4 required, no PO box (2010AA N3/N4). Required
    to build; ``None`` only when read from a file that lacks it (with an issue)."""
    tax_id_type: str = attrs.field(default="EIN", validator=_STR)
    """``EIN`` (REF01=EI) or ``SSN`` (REF01=SY) (2010AA REF01)."""
    organization_name: str | None = _phi_opt_str()
    """Organization name (2010AA NM103 with NM102=2)."""
    last_name: str | None = _phi_opt_str()
    """Individual's last name (2010AA NM103 with NM102=1)."""
    first_name: str | None = _phi_opt_str()
    """Individual's first name (2010AA NM104)."""
    taxonomy_code: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Provider taxonomy code, 10 characters (2000A PRV03, PRV01=BI, PRV02=PXC)."""
    contact: ClaimContact | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimContact)), repr=False
    )
    """Billing provider contact (2010AA PER*IC)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Provider:
    """An individual provider: rendering (2310B / 2420A) or referring (2310A)."""

    npi: str = _phi_str()
    """Provider NPI (NM109, NM108=XX)."""
    last_name: str = _phi_str()
    """Last name (NM103, NM102=1)."""
    first_name: str | None = _phi_opt_str()
    """First name (NM104)."""
    middle_name: str | None = _phi_opt_str()
    """Middle name or initial (NM105)."""
    taxonomy_code: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Taxonomy code (2310B/2420A PRV03 with PRV01=PE; not sent for referring providers)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class ServiceFacility:
    """Where the service was rendered when it is not the billing provider's address (2310C)."""

    name: str = _phi_str()
    """Facility name (2310C NM103, NM101=77)."""
    address: ClaimAddress = attrs.field(validator=instance_of(ClaimAddress), repr=False)
    """Facility address, ZIP+4 required (2310C N3/N4)."""
    npi: str | None = _phi_opt_str()
    """Facility NPI (2310C NM109, NM108=XX)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Subscriber:
    """The insured person (loop 2010BA)."""

    member_id: str = _phi_str()
    """Member identification number (2010BA NM109, NM108=MI)."""
    last_name: str = _phi_str()
    """Last name (2010BA NM103)."""
    first_name: str | None = _phi_opt_str()
    """First name (2010BA NM104)."""
    middle_name: str | None = _phi_opt_str()
    """Middle name or initial (2010BA NM105)."""
    birth_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE, repr=False)
    """Date of birth (2010BA DMG02, DMG01=D8); required when the subscriber is the patient."""
    sex: str | None = attrs.field(default=None, validator=_OPT_STR, repr=False)
    """``F``, ``M`` or ``U`` (2010BA DMG03); required when the subscriber is the patient."""
    address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimAddress)), repr=False
    )
    """Subscriber address (2010BA N3/N4); required when the subscriber is the patient."""
    group_number: str | None = _phi_opt_str()
    """Insurance group or policy number (2000B SBR03)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Patient:
    """The patient when not the subscriber (loops 2000C / 2010CA)."""

    last_name: str = _phi_str()
    """Last name (2010CA NM103)."""
    birth_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE, repr=False)
    """Date of birth (2010CA DMG02). Required to build; ``None`` only when read from a file
    that lacks a readable one (with an issue)."""
    sex: str = attrs.field(validator=_STR, repr=False)
    """``F``, ``M`` or ``U`` (2010CA DMG03)."""
    address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimAddress)), repr=False
    )
    """Patient address (2010CA N3/N4). Required to build; ``None`` only when read from a
    file that lacks it (with an issue)."""
    relationship_code: str = attrs.field(validator=_STR)
    """Relationship to the subscriber: 01 spouse, 19 child, 20 employee, 21 unknown,
    39/40 donor, 53 life partner, G8 other (2000C PAT01)."""
    first_name: str | None = _phi_opt_str()
    """First name (2010CA NM104)."""
    middle_name: str | None = _phi_opt_str()
    """Middle name or initial (2010CA NM105)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class ClaimPayer:
    """The payer the claim is billed to, the destination payer (loop 2010BB)."""

    name: str = _phi_str()
    """Payer name (2010BB NM103)."""
    payer_id: str = _phi_str()
    """Payer identifier (2010BB NM109, NM108=PI)."""
    address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimAddress)), repr=False
    )
    """Payer address (2010BB N3/N4)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Accident:
    """What the condition is related to (2300 CLM11 and DTP*439)."""

    related_causes: tuple[str, ...] = attrs.field(converter=_strs, validator=_tuple_of(str))
    """1 or 2 of ``AA`` auto accident, ``EM`` employment, ``OA`` other accident (CLM11-1/-2)."""
    state: str | None = attrs.field(default=None, validator=_OPT_STR)
    """State of an auto accident (CLM11-4); required with ``AA``."""
    date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE, repr=False)
    """Accident date (2300 DTP03, DTP01=439); required with ``AA`` or ``OA``."""


@attrs.frozen(kw_only=True, cache_hash=True)
class ServiceLine:
    """One billed service (loop 2400)."""

    procedure_code: str = attrs.field(validator=_STR)
    """CPT or HCPCS Level II code (SV101-2, SV101-1=HC)."""
    charge: Decimal = attrs.field(validator=_DECIMAL)
    """Line charge, at most 2 decimals (SV102)."""
    service_date: dt.date = attrs.field(validator=_DATE)
    """Date of service, or first date of a range (DTP03, DTP01=472)."""
    diagnosis_pointers: tuple[int, ...] = attrs.field(
        default=(1,), converter=_ints, validator=_tuple_of(int)
    )
    """1 to 4 one-based positions in the claim's diagnosis_codes (SV107-1..4)."""
    modifiers: tuple[str, ...] = attrs.field(default=(), converter=_strs, validator=_tuple_of(str))
    """0 to 4 procedure modifiers (SV101-3..6)."""
    units: Decimal = attrs.field(default=Decimal(1), validator=_DECIMAL)
    """Service units or minutes (SV104)."""
    unit_type: str = attrs.field(default="UN", validator=_STR)
    """``UN`` units or ``MJ`` minutes (SV103)."""
    place_of_service: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Place of service when it differs from the claim's (SV105)."""
    service_date_end: dt.date | None = attrs.field(default=None, validator=_OPT_DATE)
    """Last date of a range of service dates (DTP03 as RD8)."""
    line_control_number: str | None = _phi_opt_str()
    """Line item control number, echoed in the 835 (2400 REF02, REF01=6R)."""
    ndc: str | None = attrs.field(default=None, validator=_OPT_STR)
    """National Drug Code of a drug given, 11 digits in 5-4-2 form, dashes allowed
    (2410 LIN03, LIN02=N4)."""
    ndc_quantity: Decimal | None = attrs.field(default=None, validator=v.optional(_DECIMAL))
    """Quantity of the drug; required with ``ndc`` (2410 CTP04)."""
    ndc_unit: str = attrs.field(default="UN", validator=_STR)
    """Unit of the drug quantity: ``F2`` international unit, ``GR`` gram, ``ME`` milligram,
    ``ML`` millilitre, ``UN`` unit (2410 CTP05-1)."""
    rendering_provider: Provider | None = attrs.field(
        default=None, validator=v.optional(instance_of(Provider))
    )
    """Rendering provider when it differs from the claim's (loop 2420A)."""
    notes: str | None = attrs.field(default=None, validator=_OPT_STR, repr=False)
    """Line note (2400 NTE02, NTE01=ADD)."""
    extra_segments: tuple[ExtraSegment, ...] = _extras_field()
    """Segments of loops 2400-2440 the model has no field for, in file order (reading only:
    the builder does not write them)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Encounter:
    """One claim: who billed, who is covered, what was diagnosed and done (loop 2300)."""

    claim_id: str = attrs.field(validator=_STR)
    """Patient control number, echoed in the 835 CLP01 (CLM01)."""
    place_of_service: str = attrs.field(validator=_STR)
    """Place of service code (CLM05-1)."""
    billing_provider: BillingProvider = attrs.field(validator=instance_of(BillingProvider))
    """The billing provider (loops 2000A/2010AA)."""
    subscriber: Subscriber = attrs.field(validator=instance_of(Subscriber))
    """The subscriber (loops 2000B/2010BA)."""
    payer: ClaimPayer = attrs.field(validator=instance_of(ClaimPayer))
    """The payer (loop 2010BB)."""
    diagnosis_codes: tuple[str, ...] = attrs.field(converter=_strs, validator=_tuple_of(str))
    """1 to 12 ICD-10-CM codes, the first principal (HI01 ABK, HI02..HI12 ABF)."""
    service_lines: tuple[ServiceLine, ...] = attrs.field(
        converter=_lines, validator=_tuple_of(ServiceLine)
    )
    """1 to 50 service lines (loop 2400)."""
    frequency_code: str = attrs.field(default="1", validator=_STR)
    """``1`` original, ``7`` replacement, ``8`` void (CLM05-3)."""
    original_claim_id: str | None = _phi_opt_str()
    """Payer claim control number of the claim replaced or voided; required for 7 and 8
    (2300 REF02, REF01=F8)."""
    claim_filing_indicator: str = attrs.field(default="CI", validator=_STR)
    """Claim filing indicator, e.g. ``CI`` commercial, ``MB`` Medicare B, ``MC`` Medicaid
    (2000B SBR09)."""
    payer_responsibility: str = attrs.field(default="P", validator=_STR)
    """Payer responsibility sequence: ``P`` primary, ``S`` secondary, ``T`` tertiary,
    ``A``..``H``, ``U`` (2000B SBR01)."""
    patient: Patient | None = attrs.field(default=None, validator=v.optional(instance_of(Patient)))
    """The patient when not the subscriber (loops 2000C/2010CA); ``None`` for self."""
    pay_to_address: ClaimAddress | None = attrs.field(
        default=None, validator=v.optional(instance_of(ClaimAddress)), repr=False
    )
    """Where payment goes when not the billing address (loop 2010AB N3/N4)."""
    rendering_provider: Provider | None = attrs.field(
        default=None, validator=v.optional(instance_of(Provider))
    )
    """Rendering provider when not the billing provider (loop 2310B)."""
    referring_provider: Provider | None = attrs.field(
        default=None, validator=v.optional(instance_of(Provider))
    )
    """Referring provider (loop 2310A, NM101=DN)."""
    service_facility: ServiceFacility | None = attrs.field(
        default=None, validator=v.optional(instance_of(ServiceFacility))
    )
    """Service facility location (loop 2310C)."""
    prior_authorization: str | None = _phi_opt_str()
    """Prior authorization number (2300 REF02, REF01=G1)."""
    referral_number: str | None = _phi_opt_str()
    """Referral number (2300 REF02, REF01=9F)."""
    onset_date: dt.date | None = attrs.field(default=None, validator=_OPT_DATE, repr=False)
    """Onset of current illness or symptom (2300 DTP03, DTP01=431)."""
    accident: Accident | None = attrs.field(
        default=None, validator=v.optional(instance_of(Accident))
    )
    """Related causes of the condition (CLM11, DTP*439)."""
    notes: str | None = attrs.field(default=None, validator=_OPT_STR, repr=False)
    """Claim note (2300 NTE02, NTE01=ADD)."""
    provider_signature: bool = attrs.field(default=True, validator=_BOOL)
    """Provider signature on file (CLM06 Y/N)."""
    assignment: str = attrs.field(default="A", validator=_STR)
    """Medicare assignment: ``A`` assigned, ``B`` lab services only, ``C`` not assigned
    (CLM07)."""
    benefits_assignment: str = attrs.field(default="Y", validator=_STR)
    """Benefits assigned to the provider: ``Y``, ``N`` or ``W`` not applicable (CLM08)."""
    release_of_information: str = attrs.field(default="Y", validator=_STR)
    """``Y`` signed release on file or ``I`` informed consent only (CLM09)."""
    other_payers: tuple[cob.OtherPayer, ...] = attrs.field(
        default=(), converter=_tuple, validator=_other_payers
    )
    """Other payers of the claim with their adjudication, in responsibility order (COB
    loops 2320, 2330A, 2330B and 2430; see :mod:`medclaims.professional.cob`)."""
    extra_segments: tuple[ExtraSegment, ...] = _extras_field()
    """Segments of this claim's loops (2300, 2310x, COB 2320/2330x) and of its enclosing
    levels (2000A-C, 2010xx) the model has no field for, in file order (reading only:
    the builder does not write them)."""

    @property
    def total_charge(self) -> Decimal:
        """Sum of the line charges: the claim charge (CLM02)."""
        return sum((line.charge for line in self.service_lines), Decimal(0))

    @property
    def patient_is_subscriber(self) -> bool:
        """True when no separate patient is given (SBR02=18, no loop 2000C)."""
        return self.patient is None


@attrs.frozen(kw_only=True, cache_hash=True)
class Submitter:
    """Who sends the file (loop 1000A and ISA06/GS02)."""

    name: str = attrs.field(validator=_STR)
    """Submitter organization name (1000A NM103, NM102=2)."""
    id: str = attrs.field(validator=_STR)
    """Electronic transmitter id (ETIN) assigned by the receiver (1000A NM109, ISA06, GS02)."""
    contact_name: str = attrs.field(validator=_STR)
    """Contact name (1000A PER02)."""
    phone: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Contact telephone (1000A PER03=TE, PER04)."""
    email: str | None = attrs.field(default=None, validator=_OPT_STR)
    """Contact e-mail (1000A PER=EM)."""
    id_qualifier: str = attrs.field(default="ZZ", validator=_STR)
    """Interchange id qualifier (ISA05)."""


@attrs.frozen(kw_only=True, cache_hash=True)
class Receiver:
    """Who receives the file: the clearinghouse or payer (loop 1000B and ISA08/GS03)."""

    name: str = attrs.field(validator=_STR)
    """Receiver name (1000B NM103)."""
    id: str = attrs.field(validator=_STR)
    """Receiver primary identifier (1000B NM109, NM108=46, ISA08, GS03)."""
    id_qualifier: str = attrs.field(default="ZZ", validator=_STR)
    """Interchange id qualifier (ISA07)."""


_RENAMED = {"Address": "ClaimAddress", "Contact": "ClaimContact", "Payer": "ClaimPayer"}
"""Names of 0.1 (removed in 0.3.0) and the records they name now."""


def __getattr__(name: str) -> Any:
    """The 0.1 names of the party records, with a DeprecationWarning (removed in 0.3.0)."""
    return _renamed_record(name, __name__)


def _renamed_record(name: str, module: str) -> Any:
    """The record once called ``name``, with a warning pointing at the caller's line."""
    new = _RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warnings.warn(
        f"medclaims.professional.{name} is renamed {new} (the 835 has its own {name}); "
        "the old name goes in 0.3.0",
        DeprecationWarning,
        stacklevel=3,  # past this function and the module's __getattr__
    )
    return globals()[new]
