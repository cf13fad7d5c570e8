"""837P name loops into the model's parties: billing provider, subscriber, payer, patient.

Strategy: :class:`_PartyMapper` holds what every mapping step shares (the
claim being mapped, the issue sink, the set of segments turned into fields)
and reads the *who* of a claim: the 2010AA/AB/BA/BB/CA name loops of the
enclosing HL levels and the 2310A-C providers of the claim. Every segment it
turns into a field is marked with :meth:`_PartyMapper.use`; whatever stays
unmarked becomes an extra segment. A required text the file lacks is read as
``""`` with an error issue; data the model has no field for is named in
:attr:`_PartyMapper.unmapped` (ids and qualifiers only, never values).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from medclaims.errors import Severity
from medclaims.professional._read.loops import (
    _DECIMAL,
    Claim837Error,
    _Claim,
    _code,
    _contact,
    _Context,
    _d8,
    _Party,
)
from medclaims.professional.model import (
    Address,
    BillingProvider,
    Patient,
    Payer,
    Provider,
    ServiceFacility,
    Subscriber,
)
from medclaims.x12 import Segment

_NO_ADDRESS = Address(line1="", city="", state="", postal_code="")  # required, but absent


class _PartyMapper:
    """Reads the parties of one collected claim; :class:`.claims._Mapper` does the rest."""

    def __init__(self, walker: _Context, claim: _Claim) -> None:
        self.w, self.claim = walker, claim
        self.unmapped: list[str] = []  # what the model cannot hold: ids and qualifiers only
        self.used: set[int] = set()  # segment indexes mapped to a field; the rest is extra

    def use(self, *segs: Segment | None) -> None:
        """Mark segments as mapped to a model field (so not extra)."""
        for seg in segs:
            if seg is not None:
                self.used.add(seg.segment_index)

    def note(
        self,
        severity: Severity,
        code: str,
        message: str,
        seg: Segment,
        element: int | None = None,
        component: int | None = None,
    ) -> None:
        self.w.note(severity, code, message, seg, element, component)

    def text(self, seg: Segment, element: int, what: str) -> str:
        """A required text element; ``""`` with an error issue when absent."""
        value = seg.get(element)
        if not value:
            self.note(Severity.ERROR, "missing-element", f"{what} is missing", seg, element)
        return value

    def decimal(self, seg: Segment, element: int, what: str) -> Decimal | None:
        """An R element (no exponent, NaN or Infinity); ``None`` when empty."""
        raw = seg.get(element)
        if raw and not _DECIMAL.fullmatch(raw):
            raise Claim837Error(f"{what} is not a decimal number", seg.location(element))
        return Decimal(raw) if raw else None

    def required_decimal(self, seg: Segment, element: int, what: str) -> Decimal:
        value = self.decimal(seg, element, what)
        if value is None:
            raise Claim837Error(f"{what} is missing", seg.location(element))
        return value

    def party(self, level: str, code: str, what: str) -> _Party | None:
        """The level's name loop for ``code``, or ``None`` with an error issue at its HL."""
        lvl = self.w.levels[level]
        found = lvl.parties.get(code)
        if found is None:
            self.note(Severity.ERROR, "missing-loop", f"{what} (NM1*{code}) is missing", lvl.hl)
        return found

    def address(self, party: _Party | None, what: str, *, required: bool) -> Address | None:
        """N3/N4 after the name; when required and absent, empty texts with an error issue."""
        n3, n4 = (party.first("N3"), party.first("N4")) if party else (None, None)
        if n3 is None or n4 is None:
            if required and party is not None:
                self.note(Severity.ERROR, "missing-segment", f"{what} N3/N4 is missing", party.nm1)
            return None
        if n4.get(4) or n4.get(7):
            self.unmapped.append("N404/N407")
        self.use(n3, n4)
        return Address(
            line1=n3.get(1),
            line2=n3.get(2) or None,
            city=n4.get(1),
            state=n4.get(2),
            postal_code=n4.get(3),
        )

    def pay_to_address(self) -> Address | None:
        party = self.w.levels["20"].parties.get("87")
        found = self.address(party, "pay-to address", required=False)
        if party is not None and found is not None:
            self.use(party.nm1)
        return found

    def required_address(self, party: _Party, what: str) -> Address:
        """An address the model requires (2310C): empty texts stand in, with an error issue."""
        return self.address(party, what, required=True) or _NO_ADDRESS

    def billing_provider(self) -> BillingProvider:
        party = self.party("20", "85", "billing provider")  # a CLM implies HL 22, so HL 20
        prv = self.w.levels["20"].segs.get("PRV")
        if party is None:
            return BillingProvider(npi="")
        nm1 = party.nm1
        refs: dict[str, Segment] = {}
        for seg in party.segs.get("REF", []):
            refs.setdefault(seg.get(1), seg)
        tax_type = "EIN" if "EI" in refs else "SSN" if "SY" in refs else "EIN"
        if not ({"EI", "SY"} & refs.keys()):
            self.note(
                Severity.ERROR,
                "missing-segment",
                "billing provider tax id (REF*EI/SY) is missing",
                nm1,
            )
        self.unmapped.extend("2010AA REF*" + _code(q) for q in refs if q not in ("EI", "SY"))
        tax_ref = refs.get("EI") or refs.get("SY")
        self.use(nm1, prv, tax_ref)
        person = nm1.get(2) == "1"
        return BillingProvider(
            npi=self.npi(nm1, "billing provider"),
            tax_id=tax_ref.get(2) if tax_ref is not None else None,
            tax_id_type=tax_type,
            address=self.address(party, "billing provider", required=True),
            organization_name=None if person else nm1.get(3),
            last_name=nm1.get(3) if person else None,
            first_name=(nm1.get(4) or None) if person else None,
            taxonomy_code=prv.get(3) if prv is not None else None,
            contact=_contact(party, self.used),
        )

    def npi(self, nm1: Segment, what: str) -> str:
        if nm1.get(8) != "XX" or not nm1.get(9):
            self.note(
                Severity.WARNING, "missing-npi", f"{what} NPI (NM108=XX, NM109) is absent", nm1, 8
            )
            return ""
        return nm1.get(9)

    def subscriber(self, sbr: Segment) -> Subscriber:
        party = self.party("22", "IL", "subscriber")
        if party is None:
            return Subscriber(member_id="", last_name="", group_number=sbr.get(3) or None)
        nm1, dmg = party.nm1, party.first("DMG")
        birth = self.birth_date(dmg, required=False)
        self.use(nm1, dmg if birth is not None else None)  # an unreadable DMG stays extra
        return Subscriber(
            member_id=self.text(nm1, 9, "subscriber member id NM109"),
            last_name=self.text(nm1, 3, "subscriber last name NM103"),
            first_name=nm1.get(4) or None,
            middle_name=nm1.get(5) or None,
            birth_date=birth,
            sex=dmg.get(3) or None if dmg is not None else None,
            address=self.address(party, "subscriber", required=False),
            group_number=sbr.get(3) or None,
        )

    def birth_date(self, dmg: Segment | None, *, required: bool) -> dt.date | None:
        """DMG02 as a date; ``None`` with an error issue if unreadable (or required, absent)."""
        day = _d8(dmg.get(2)) if dmg is not None and dmg.get(1) == "D8" else None
        if day is None and dmg is not None:
            self.note(Severity.ERROR, "bad-date", "DMG02 is not a D8 birth date", dmg, 2)
        elif day is None and required:
            self.note(Severity.ERROR, "missing-segment", "patient DMG is missing", self.claim.clm)
        return day

    def payer(self) -> Payer:
        party = self.party("22", "PR", "payer")
        if party is None:
            return Payer(name="", payer_id="")
        self.use(party.nm1)
        return Payer(
            name=self.text(party.nm1, 3, "payer name NM103"),
            payer_id=self.text(party.nm1, 9, "payer id NM109"),
            address=self.address(party, "payer", required=False),
        )

    def patient(self) -> Patient | None:
        level = self.w.levels.get("23")
        if level is None:
            return None
        pat = level.segs.get("PAT")
        if pat is None:
            self.note(Severity.ERROR, "missing-segment", "PAT segment is missing", level.hl)
            pat = Segment(
                ["PAT"], level.hl.segment_index, level.hl.byte_offset, level.hl.delimiters
            )
        party = self.party("23", "QC", "patient")
        if party is None:
            raise Claim837Error("patient level without a patient name loop", level.hl.location())
        nm1, dmg = party.nm1, party.first("DMG")
        birth = self.birth_date(dmg, required=True)
        self.use(pat, nm1, dmg if birth is not None else None)  # an unreadable DMG stays extra
        return Patient(
            last_name=self.text(nm1, 3, "patient last name NM103"),
            first_name=nm1.get(4) or None,
            middle_name=nm1.get(5) or None,
            birth_date=birth,
            sex=dmg.get(3) if dmg is not None else "",
            address=self.address(party, "patient", required=True),
            relationship_code=self.text(pat, 1, "patient relationship PAT01"),
        )

    def claim_providers(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for party in self.claim.parties:
            code = party.code
            if code == "82" and "rendering_provider" not in found:
                found["rendering_provider"] = self.provider(party, "rendering provider")
            elif code == "DN" and "referring_provider" not in found:
                found["referring_provider"] = self.provider(party, "referring provider")
            elif code == "77" and "service_facility" not in found:
                self.use(party.nm1)
                found["service_facility"] = ServiceFacility(
                    name=party.nm1.get(3),
                    npi=party.nm1.get(9) or None,
                    address=self.required_address(party, "service facility"),
                )
            else:
                self.unmapped.append("2310 NM1*" + _code(code))
        return found

    def provider(self, party: _Party, what: str) -> Provider:
        nm1, prv = party.nm1, party.first("PRV")
        self.use(nm1, prv)
        extra = [k for k in party.segs if k != "PRV"]
        self.unmapped.extend(f"NM1*{_code(party.code)} {k}" for k in extra)
        if nm1.get(7):
            self.unmapped.append("NM107")
        return Provider(
            npi=self.npi(nm1, what),
            last_name=self.text(nm1, 3, f"{what} NM103"),
            first_name=nm1.get(4) or None,
            middle_name=nm1.get(5) or None,
            taxonomy_code=prv.get(3) if prv is not None else None,
        )
