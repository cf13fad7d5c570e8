"""Write encounters as an X12 5010 837 Professional (005010X222A1).

Strategy: validate everything first (:func:`check_encounters` plus the
submitter and receiver), raise one :class:`EncounterValidationError` listing
every problem, and only then write. Writing never fails: every value has
already been checked for the X12 character set and our delimiters
(``* : ~ ^``), so segments are joined directly, which keeps the builder fast.
Claims are cut into transaction sets of at most ``max_claims_per_transaction``
(5,000 by default), each with its own HL tree (:mod:`.hierarchy`), inside one
interchange and one functional group. Output depends only on the input and
the control number and timestamp given, never on the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache

from medclaims.errors import EncounterValidationError, Issue, Severity
from medclaims.ids import npi, postal_code, tax_id
from medclaims.professional._cob_write import line_adjudication_loops, other_payer_loops
from medclaims.professional._text import _amount, _d8, _t
from medclaims.professional.hierarchy import (
    BillingGroup,
    PatientGroup,
    SubscriberGroup,
    group_claims,
    number_levels,
)
from medclaims.professional.model import (
    ClaimAddress,
    ClaimContact,
    Encounter,
    Provider,
    Receiver,
    ServiceLine,
    Submitter,
)
from medclaims.professional.validate import _Checker, check_encounters
from medclaims.x12 import DEFAULT_DELIMITERS, GroupHeader, InterchangeHeader, format_segment

__all__ = ["IMPLEMENTATION_REFERENCE", "MAX_CLAIMS_PER_TRANSACTION", "build_837p"]

IMPLEMENTATION_REFERENCE = "005010X222A1"
"""GS08 and ST03: the only 837P version pyx12 maps."""
MAX_CLAIMS_PER_TRANSACTION = 5000
"""Claims per ST/SE before the builder starts a new transaction set."""

_PHONE_PUNCT = str.maketrans("", "", " ()-.+")

# Normalizers of already-validated values, cached: codes repeat across a batch.
_npi = lru_cache(maxsize=1 << 14)(npi.compact)
_zip = lru_cache(maxsize=1 << 16)(postal_code.compact)


@lru_cache(maxsize=1 << 12)
def _procedure(code: str, modifiers: tuple[str, ...]) -> str:
    """SV101 composite ``HC:code:mod1:...``."""
    return ":".join(["HC", code.strip().upper(), *(m.strip().upper() for m in modifiers)])


_HI_CODES: dict[str, str] = {}  # diagnosis as given -> as written (they repeat)


def _hi_code(code: str) -> str:
    """An ICD-10-CM code as HI carries it: no dot, upper case; remembered (bounded)."""
    written = code.strip().replace(".", "").upper()
    if len(_HI_CODES) >= 1 << 16:
        _HI_CODES.clear()
    _HI_CODES[code] = written
    return written


_UNITS = {Decimal(n): str(n) for n in range(1, 100)}  # the usual SV104 values, precomputed


@lru_cache(maxsize=1 << 10)
def _pointers(pointers: tuple[int, ...]) -> str:
    """SV107 composite ``1:2:3``."""
    return ":".join(map(str, pointers))


class _Writer:
    """Accumulates the segments of one transaction set as text."""

    __slots__ = ("out", "people")

    def __init__(self) -> None:
        self.out: list[str] = []
        # (NM101, provider, with PRV) -> its NM1 (+ PRV) segments: providers repeat across claims.
        self.people: dict[tuple[str, Provider, bool], tuple[str, ...]] = {}

    def seg(self, *elements: str) -> None:
        if elements[-1]:
            self.out.append("*".join(elements) + "~")
            return
        n = len(elements) - 1
        while n > 1 and not elements[n - 1]:
            n -= 1  # X12 drops trailing empty elements
        self.out.append("*".join(elements[:n]) + "~")

    def address(self, a: ClaimAddress) -> None:
        line2 = _t(a.line2)
        self.out.append(f"N3*{a.line1.strip()}*{line2}~" if line2 else f"N3*{a.line1.strip()}~")
        self.out.append(f"N4*{a.city.strip()}*{a.state.strip().upper()}*{_zip(a.postal_code)}~")

    def contact(self, c: ClaimContact) -> None:
        pairs: list[str] = []
        if c.phone is not None:
            pairs += ["TE", c.phone.translate(_PHONE_PUNCT)]
        if c.email is not None:
            pairs += ["EM", c.email.strip()]
        self.seg("PER", "IC", c.name.strip(), *pairs)

    def person(self, entity: str, p: Provider, *, taxonomy: bool) -> None:
        key = (entity, p, taxonomy)
        segments = self.people.get(key)
        if segments is None:  # one string per segment: SE01 and line breaks count them
            segments = (
                f"NM1*{entity}*1*{p.last_name.strip()}*{_t(p.first_name)}*"
                f"{_t(p.middle_name)}***XX*{_npi(p.npi)}~",
            )
            if taxonomy and p.taxonomy_code is not None:
                segments += (f"PRV*PE*PXC*{p.taxonomy_code.strip().upper()}~",)
            self.people[key] = segments
        self.out.extend(segments)

    def billing(self, group: BillingGroup, hl: tuple[str, str, str, str]) -> None:
        bp = group.billing_provider
        # Optional in the model for reading; check_encounters refuses to build without them.
        assert bp.address is not None and bp.tax_id is not None
        self.seg("HL", *hl)
        if bp.taxonomy_code is not None:
            self.seg("PRV", "BI", "PXC", bp.taxonomy_code.strip().upper())
        if bp.organization_name is not None:
            self.seg(
                "NM1", "85", "2", bp.organization_name.strip(), "", "", "", "", "XX", _npi(bp.npi)
            )
        else:
            self.seg(
                "NM1",
                "85",
                "1",
                _t(bp.last_name),
                _t(bp.first_name),
                "",
                "",
                "",
                "XX",
                _npi(bp.npi),
            )
        self.address(bp.address)
        self.seg("REF", "SY" if bp.tax_id_type == "SSN" else "EI", tax_id.compact(bp.tax_id))
        if bp.contact is not None:
            self.contact(bp.contact)
        if group.pay_to_address is not None:
            self.seg("NM1", "87", "2")
            self.address(group.pay_to_address)

    def subscriber(self, group: SubscriberGroup, hl: tuple[str, str, str, str]) -> None:
        s, payer = group.subscriber, group.payer
        out = self.out
        out.append("HL*{}*{}*{}*{}~".format(*hl))
        # SBR02 is 18 only when the subscriber is the patient (2000B note); else empty.
        out.append(
            f"SBR*{group.payer_responsibility}*{'18' if group.is_patient else ''}*"
            f"{_t(s.group_number)}******{group.claim_filing_indicator}~"
        )
        out.append(
            f"NM1*IL*1*{s.last_name.strip()}*{_t(s.first_name)}*{_t(s.middle_name)}"
            f"***MI*{s.member_id.strip()}~"
        )
        if s.address is not None:
            self.address(s.address)
        if s.birth_date is not None and s.sex is not None:
            out.append(f"DMG*D8*{_d8(s.birth_date)}*{s.sex}~")
        out.append(f"NM1*PR*2*{payer.name.strip()}*****PI*{payer.payer_id.strip()}~")
        if payer.address is not None:
            self.address(payer.address)

    def patient(self, group: PatientGroup, hl: tuple[str, str, str, str]) -> None:
        p = group.patient
        assert p.address is not None and p.birth_date is not None  # checked before writing
        self.seg("HL", *hl)
        self.seg("PAT", p.relationship_code.strip().upper())
        self.seg("NM1", "QC", "1", p.last_name.strip(), _t(p.first_name), _t(p.middle_name))
        self.address(p.address)
        self.seg("DMG", "D8", _d8(p.birth_date), p.sex)

    def claim(self, e: Encounter) -> None:
        pos = e.place_of_service.strip()
        related = ""
        if e.accident is not None:
            causes = list(e.accident.related_causes)
            state = e.accident.state.strip().upper() if e.accident.state else ""
            related = ":".join([*causes, *[""] * (2 - len(causes)), "", state]).rstrip(":")
        # CLM06-09 are validated non-empty codes; CLM11 is left out when empty.
        self.out.append(
            f"CLM*{e.claim_id.strip()}*{_amount(e.total_charge)}***{pos}:B:{e.frequency_code}*"
            f"{'Y' if e.provider_signature else 'N'}*{e.assignment}*{e.benefits_assignment}*"
            f"{e.release_of_information}{'**' + related if related else ''}~"
        )
        if e.onset_date is not None:
            self.seg("DTP", "431", "D8", _d8(e.onset_date))
        if e.accident is not None and e.accident.date is not None:
            self.seg("DTP", "439", "D8", _d8(e.accident.date))
        # Optional references given as "" are simply absent (REF02 cannot be empty).
        if _t(e.referral_number):
            self.seg("REF", "9F", _t(e.referral_number))
        if _t(e.prior_authorization):
            self.seg("REF", "G1", _t(e.prior_authorization))
        if e.frequency_code in ("7", "8") and e.original_claim_id is not None:
            self.seg("REF", "F8", e.original_claim_id.strip())
        if e.notes is not None and e.notes.strip():
            self.seg("NTE", "ADD", e.notes.strip())
        # HI01 is the principal diagnosis (ABK), HI02..HI12 the others (ABF); no dots.
        codes = [_HI_CODES.get(c) or _hi_code(c) for c in e.diagnosis_codes]
        self.out.append("HI*ABK:" + "*ABF:".join(codes) + "~")
        if e.referring_provider is not None:
            self.person("DN", e.referring_provider, taxonomy=False)
        if e.rendering_provider is not None:
            self.person("82", e.rendering_provider, taxonomy=True)
        if e.service_facility is not None:
            f = e.service_facility
            if f.npi is not None:
                self.seg("NM1", "77", "2", f.name.strip(), "", "", "", "", "XX", _npi(f.npi))
            else:
                self.seg("NM1", "77", "2", f.name.strip())
            self.address(f.address)
        for other in e.other_payers:
            other_payer_loops(self, other)
        for number, line in enumerate(e.service_lines, 1):
            self.line(number, line, pos)
            if e.other_payers:
                line_adjudication_loops(self, number, e.other_payers)

    def line(self, number: int, ln: ServiceLine, claim_pos: str) -> None:
        # The hottest path: fixed-shape segments are written directly (no trailing empties).
        out = self.out
        procedure = _procedure(ln.procedure_code, ln.modifiers)
        line_pos = "" if ln.place_of_service is None else ln.place_of_service.strip()
        pointers = _pointers(ln.diagnosis_pointers)
        units = _UNITS.get(ln.units) or _amount(ln.units)
        out.append(f"LX*{number}~")
        out.append(
            f"SV1*{procedure}*{_amount(ln.charge)}*{ln.unit_type}*{units}*"
            f"{'' if line_pos == claim_pos else line_pos}**{pointers}~"
        )
        end = ln.service_date_end
        if end is None or end == ln.service_date:
            out.append(f"DTP*472*D8*{_d8(ln.service_date)}~")
        else:
            out.append(f"DTP*472*RD8*{_d8(ln.service_date)}-{_d8(end)}~")
        if ln.line_control_number and (lcn := ln.line_control_number.strip()):
            out.append(f"REF*6R*{lcn}~")
        if ln.notes and (note := ln.notes.strip()):
            out.append(f"NTE*ADD*{note}~")
        if ln.ndc is not None and ln.ndc_quantity is not None:
            out.append(f"LIN**N4*{ln.ndc.strip().replace('-', '')}~")
            out.append(f"CTP****{_amount(ln.ndc_quantity)}*{ln.ndc_unit}~")
        if ln.rendering_provider is not None:
            self.person("82", ln.rendering_provider, taxonomy=True)


def _check_parties(
    submitter: Submitter, receiver: Receiver, usage: str, control_number: int
) -> list[Issue]:
    check = _Checker()
    check.text("submitter.name", submitter.name, 60)
    check.text("submitter.id", submitter.id, 15)
    if len(submitter.id.strip()) < 2:
        check.error("submitter.id", "too-short", "must have 2 to 15 characters (ISA06, GS02)")
    check.contact(
        "submitter",
        ClaimContact(name=submitter.contact_name, phone=submitter.phone, email=submitter.email),
    )
    check.text("receiver.name", receiver.name, 60)
    check.text("receiver.id", receiver.id, 15)
    if len(receiver.id.strip()) < 2:
        check.error("receiver.id", "too-short", "must have 2 to 15 characters (ISA08, GS03)")
    for path, qualifier in (
        ("submitter.id_qualifier", submitter.id_qualifier),
        ("receiver.id_qualifier", receiver.id_qualifier),
    ):
        if len(qualifier) != 2 or not qualifier.isascii() or not qualifier.isalnum():
            check.error(path, "invalid-format", "must be a 2-character ISA id qualifier")
    if usage not in ("P", "T"):
        check.error("usage", "invalid-code", "must be P (production) or T (test)")
    if (
        isinstance(control_number, bool)
        or not isinstance(control_number, int)
        or not (1 <= control_number <= 999_999_999)
    ):
        check.error("control_number", "out-of-range", "must be an integer from 1 to 999999999")
    return check.issues


def _transaction(
    claims: Sequence[Encounter],
    st02: str,
    bht03: str,
    created_at: dt.datetime,
    submitter: Submitter,
    receiver: Receiver,
) -> list[str]:
    w = _Writer()
    w.seg("ST", "837", st02, IMPLEMENTATION_REFERENCE)
    w.seg("BHT", "0019", "00", bht03, _d8(created_at.date()), f"{created_at:%H%M}", "CH")
    w.seg("NM1", "41", "2", submitter.name.strip(), "", "", "", "", "46", submitter.id.strip())
    w.contact(
        ClaimContact(name=submitter.contact_name, phone=submitter.phone, email=submitter.email)
    )
    w.seg("NM1", "40", "2", receiver.name.strip(), "", "", "", "", "46", receiver.id.strip())
    for level in number_levels(group_claims(claims)):
        hl = (
            str(level.id),
            "" if level.parent_id is None else str(level.parent_id),
            level.level_code,
            "1" if level.has_children else "0",
        )
        group = level.group
        if isinstance(group, BillingGroup):
            w.billing(group, hl)
        elif isinstance(group, SubscriberGroup):
            w.subscriber(group, hl)
            for e in group.claims:
                w.claim(e)
        else:
            w.patient(group, hl)
            for e in group.claims:
                w.claim(e)
    w.seg("SE", str(len(w.out) + 1), st02)  # SE01 counts ST and SE themselves
    return w.out


def build_837p(
    encounters: Iterable[Encounter],
    *,
    submitter: Submitter,
    receiver: Receiver,
    control_number: int,
    created_at: dt.datetime,
    usage: str = "P",
    max_claims_per_transaction: int = MAX_CLAIMS_PER_TRANSACTION,
    line_breaks: bool = False,
) -> str:
    """The 837P interchange for ``encounters``, as text.

    ``control_number`` becomes ISA13 and GS06; transaction sets are numbered
    ST02 ``0001``, ``0002``... and BHT03 is ``<control number>-<ST02>``.
    ``usage`` is ISA15 (``P`` production, ``T`` test). Raises
    :class:`~medclaims.errors.EncounterValidationError` listing every problem
    (paths like ``encounters[3].service_lines[1].procedure_code``) before
    writing anything.
    """
    batch = list(encounters)
    issues = _check_parties(submitter, receiver, usage, control_number)
    if not batch:
        issues.append(
            Issue(
                Severity.ERROR, "empty-batch", "there are no encounters to bill", path="encounters"
            )
        )
    issues += [i for i in check_encounters(batch) if i.severity is Severity.ERROR]
    if not 1 <= max_claims_per_transaction <= MAX_CLAIMS_PER_TRANSACTION:
        issues.append(
            Issue(
                Severity.ERROR,
                "out-of-range",
                f"must be from 1 to {MAX_CLAIMS_PER_TRANSACTION}",
                path="max_claims_per_transaction",
            )
        )
    if issues:
        raise EncounterValidationError(issues)

    isa = InterchangeHeader.create(
        sender=(submitter.id_qualifier, submitter.id.strip()),
        receiver=(receiver.id_qualifier, receiver.id.strip()),
        control_number=control_number,
        created_at=created_at,
        usage=usage,
    )
    gs = GroupHeader(
        "HC",
        submitter.id.strip(),
        receiver.id.strip(),
        _d8(created_at.date()),
        f"{created_at:%H%M}",
        str(control_number),
        IMPLEMENTATION_REFERENCE,
    )
    d = DEFAULT_DELIMITERS
    parts = [format_segment(isa.to_segment(d), d), format_segment(gs.to_segment(), d)]
    size = max_claims_per_transaction
    chunks = [batch[i : i + size] for i in range(0, len(batch), size)]
    for n, chunk in enumerate(chunks, 1):
        st02 = f"{n:04d}"
        parts += _transaction(
            chunk, st02, f"{control_number}-{st02}", created_at, submitter, receiver
        )
    parts.append(format_segment(["GE", str(len(chunks)), str(control_number)], d))
    parts.append(format_segment(["IEA", "1", f"{control_number:09d}"], d))
    return ("\n" if line_breaks else "").join(parts) + ("\n" if line_breaks else "")
