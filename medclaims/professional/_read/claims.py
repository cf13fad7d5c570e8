"""837P claims and service lines into :class:`Encounter` and :class:`ServiceLine` records.

Strategy: :class:`_Mapper` reads the *what* of one collected claim (loop 2300:
CLM, dates, references, notes, diagnoses; loops 2400-2420: service lines,
drugs, line providers) on top of :class:`.parties._PartyMapper`,
which reads the *who*. Every segment turned into a field is marked as used;
the rest of the claim's loops, and of its enclosing levels, is kept in
``extra_segments`` in file order, and the ids of what the model cannot hold
are named in one ``not-represented`` info issue per claim.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import attrs

from medclaims.errors import Severity
from medclaims.professional._read.cob import read_other_payers
from medclaims.professional._read.loops import (
    _DIAGNOSIS,
    _KEPT,
    _LEVEL_NAMES,
    _LEVEL_SEGMENTS,
    Claim837Error,
    _code,
    _d8,
    _extras,
    _items,
    _Line,
)
from medclaims.professional._read.parties import _PartyMapper
from medclaims.professional.model import Accident, Encounter, ServiceLine
from medclaims.x12 import Segment
from medclaims.x12.numbers import whole_number


class _Mapper(_PartyMapper):
    """Turns one collected claim and its enclosing levels into an :class:`Encounter`."""

    def encounter(self) -> Encounter:
        claim, clm = self.claim, self.claim.clm
        sub_level = self.w.levels["22"]
        sbr = sub_level.segs.get("SBR")
        if sbr is None:
            self.note(Severity.ERROR, "missing-segment", "SBR segment is missing", sub_level.hl)
            sbr = Segment(
                ["SBR"],
                sub_level.hl.segment_index,
                sub_level.hl.byte_offset,
                sub_level.hl.delimiters,
            )
        pos = clm.composite(5)
        if len(pos) > 1 and pos[1] not in ("B", ""):  # CLM05-2 is B (place of service code)
            self.note(Severity.ERROR, "code-value", "CLM05-2 is not B", clm, 5, 2)
        other_payers = read_other_payers(self, claim)  # first: it marks the lines' 2430 used
        lines = tuple(self.line(line) for line in claim.lines)
        if not lines:
            self.note(Severity.ERROR, "missing-loop", "claim has no service line (LX)", clm)
        charge = self.required_decimal(clm, 2, "CLM02 claim charge")
        # CLM02 is the sum of the SV102 line charges (TR3 2300 CLM02 note); the model derives it.
        if lines and charge != sum((li.charge for li in lines), Decimal(0)):
            self.note(
                Severity.ERROR,
                "claim-balance",
                "CLM02 does not equal the sum of the SV102 line charges",
                clm,
                2,
            )
        refs = self.refs(claim.segs)
        dtps: dict[str, Segment] = {}
        for seg in claim.segs:
            if seg.id == "DTP":
                dtps.setdefault(seg.get(1), seg)  # only the first of a qualifier is read
        self.use(clm, sbr, *(level.hl for level in self.w.levels.values()))
        encounter = Encounter(
            claim_id=self.text(clm, 1, "CLM01 patient control number"),
            place_of_service=pos[0] if pos else self.text(clm, 5, "CLM05-1 place of service"),
            frequency_code=pos[2] if len(pos) > 2 else "",
            billing_provider=self.billing_provider(),
            subscriber=self.subscriber(sbr),
            payer=self.payer(),
            patient=self.patient(),
            pay_to_address=self.pay_to_address(),
            diagnosis_codes=_items(self.diagnoses()),
            service_lines=_items(lines),
            original_claim_id=self.ref(refs, "F8"),
            prior_authorization=self.ref(refs, "G1"),
            referral_number=self.ref(refs, "9F"),
            claim_filing_indicator=sbr.get(9),
            payer_responsibility=sbr.get(1),
            onset_date=self.date(dtps.pop("431", None)),
            accident=self.accident(dtps.pop("439", None)),
            notes=self.notes(claim.segs),
            provider_signature=clm.get(6) == "Y",
            assignment=clm.get(7),
            benefits_assignment=clm.get(8),
            release_of_information=clm.get(9),
            other_payers=other_payers,
            **self.claim_providers(),
        )
        self.unmapped.extend("REF*" + _code(q) for q in refs)
        self.unmapped.extend("DTP*" + _code(q) for q in dtps)
        self.unmapped.extend(s.id for s in claim.segs if s.id not in ("REF", "DTP", "HI", "NTE"))
        self.unmapped.extend(
            f"CLM{n:02d}" for n in (4, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20) if clm.get(n)
        )
        self.level_losses(sbr)
        if self.unmapped:
            listed = ", ".join(sorted(set(self.unmapped)))
            self.note(
                Severity.INFO,
                "not-represented",
                f"{_KEPT}; the encounter model has no field for: {listed}",
                clm,
            )
        levels = self.w.levels
        kept = [
            pair for kind in ("20", "22", "23") if kind in levels for pair in levels[kind].kept
        ] + claim.kept
        extras = _extras(kept, self.used)
        return attrs.evolve(encounter, extra_segments=extras) if extras else encounter

    def level_losses(self, sbr: Segment) -> None:
        """List what the enclosing HL levels carry beyond the model, and check SBR02."""
        levels = self.w.levels
        is_patient = "23" not in levels
        # SBR02 = 18 exactly when the subscriber is the patient, i.e. no 2000C (TR3 2000B note).
        if (sbr.get(2) == "18") != is_patient and len(sbr.elements) > 1:
            self.note(
                Severity.WARNING,
                "subscriber-relationship",
                "SBR02 must be 18 exactly "
                "when the claim sits under the subscriber level (no HL 23)",
                sbr,
                2,
            )
        self.unmapped.extend(f"SBR{n:02d}" for n in (4, 5) if sbr.get(n))
        for kind, level in levels.items():
            self.unmapped.extend(level.repeated)
            self.unmapped.extend(
                f"HL{kind} {sid}" for sid in level.segs if sid not in _LEVEL_SEGMENTS[kind]
            )
            pat = level.segs.get("PAT")
            if kind == "23" and pat is not None and len(pat.elements) > 2:
                self.unmapped.append("PAT05-PAT09")
            for code, party in level.parties.items():
                allowed = _LEVEL_NAMES[kind].get(code)
                if allowed is None:
                    self.unmapped.append(f"HL{kind} NM1*{_code(code)}")
                    continue
                if code in ("IL", "QC") and party.nm1.get(7):
                    self.unmapped.append("NM107")
                self.unmapped.extend(
                    f"NM1*{code} {sid}"
                    for sid, segs in party.segs.items()
                    if sid not in allowed or len(segs) > 1
                )

    def refs(self, segs: list[Segment]) -> dict[str, Segment]:
        """The first REF of each qualifier (later repeats are listed, and kept as extras)."""
        found: dict[str, Segment] = {}
        for seg in segs:
            if seg.id == "REF":
                if seg.get(1) in found:
                    self.unmapped.append("REF*" + _code(seg.get(1)))
                found.setdefault(seg.get(1), seg)
        return found

    def ref(self, refs: dict[str, Segment], qualifier: str) -> str | None:
        """REF02 of the REF with this qualifier, taken out of ``refs`` and marked as mapped."""
        seg = refs.pop(qualifier, None)
        self.use(seg)
        return seg.get(2) if seg is not None else None

    def date(self, seg: Segment | None) -> dt.date | None:
        if seg is None:
            return None
        day = _d8(seg.get(3)) if seg.get(2) == "D8" else None
        if day is None:
            self.note(Severity.ERROR, "bad-date", "DTP03 is not a D8 date", seg, 3)
        else:
            self.use(seg)
        return day

    def notes(self, segs: list[Segment]) -> str | None:
        notes = [s for s in segs if s.id == "NTE"]
        self.unmapped.extend("NTE*" + _code(s.get(1)) for s in notes if s.get(1) != "ADD")
        found = [s for s in notes if s.get(1) == "ADD"]
        if len(found) > 1:
            self.unmapped.append("NTE*ADD")
        if not found:
            return None
        self.use(found[0])
        return found[0].get(2)

    def accident(self, dtp: Segment | None) -> Accident | None:
        clm = self.claim.clm
        causes = clm.composite(11)
        if not causes:
            if dtp is not None:
                self.unmapped.append("DTP*439")
            return None
        if len(causes) > 4 and causes[4]:
            self.unmapped.append("CLM11-5")
        return Accident(
            related_causes=_items(c for c in causes[:2] if c),
            state=causes[3] if len(causes) > 3 and causes[3] else None,
            date=self.date(dtp),
        )

    def diagnoses(self) -> tuple[str, ...]:
        codes: list[str] = []
        for seg in self.claim.segs:
            if seg.id != "HI":
                continue
            if any(p[:1] and p[0] in _DIAGNOSIS for p in map(seg.composite, range(1, 13))):
                self.use(seg)  # an HI of only other codes (BG, BP...) stays an extra segment
            for n in range(1, len(seg.elements)):
                parts = seg.composite(n)
                if not parts:
                    continue
                qualifier = parts[0]
                if len(parts) == 1 and codes and _looks_like_icd(qualifier):
                    # "HI*ABK:I10*E11.9": a code without its qualifier after diagnoses
                    # is one more secondary diagnosis; read it so, with an error.
                    self.note(
                        Severity.ERROR,
                        "missing-qualifier",
                        f"HI{n:02d} has a code without its qualifier: read as secondary (ABF)",
                        seg,
                        n,
                        1,
                    )
                    qualifier, parts = "ABF", ["ABF", qualifier]
                if qualifier not in _DIAGNOSIS or len(parts) < 2:
                    self.unmapped.append("HI " + _code(qualifier))
                    continue
                if _DIAGNOSIS[qualifier] != (not codes):
                    self.note(
                        Severity.ERROR,
                        "diagnosis-order",
                        "principal diagnosis (ABK/BK) must come first and only once",
                        seg,
                        n,
                        1,
                    )
                if qualifier in ("BK", "BF"):
                    self.note(
                        Severity.WARNING,
                        "icd9-diagnosis",
                        "ICD-9-CM diagnosis qualifier (BK/BF) read as a diagnosis code",
                        seg,
                        n,
                        1,
                    )
                codes.append(parts[1])
        return tuple(codes)

    def line(self, line: _Line) -> ServiceLine:
        sv1 = next((s for s in line.segs if s.id == "SV1"), None)
        if sv1 is None:
            raise Claim837Error("service line has no SV1", line.lx.location())
        product = sv1.composite(1)
        if not product or product[0] != "HC":
            self.note(
                Severity.WARNING, "procedure-qualifier", "SV101-1 is not HC (CPT/HCPCS)", sv1, 1, 1
            )
        if len(product) > 6 and product[6]:
            self.unmapped.append("SV101-7")
        dates = [s for s in line.segs if s.id == "DTP" and s.get(1) == "472"]
        if not dates:
            dates = self.dtm_dates(line)
        start, end = self.service_dates(dates[0] if dates else None, line.lx)
        self.use(line.lx, sv1, dates[0])
        pointers: list[int] = []
        for i, p in enumerate(sv1.composite(7), 1):
            pointer = whole_number(p, 2)  # N0, 1-2 digits
            if pointer is not None:
                pointers.append(pointer)
            else:
                self.note(
                    Severity.ERROR,
                    "bad-pointer",
                    "SV107 diagnosis pointer is not a whole number of 1-2 digits; left out",
                    sv1,
                    7,
                    i,
                )
        self.unmapped.extend(f"SV1{n:02d}" for n in range(8, len(sv1.elements)) if sv1.get(n))
        if sv1.get(6):
            self.unmapped.append("SV106")
        refs = self.refs([s for s in line.segs if s.id == "REF"])
        known = {"SV1", "REF", "NTE"}
        self.unmapped.extend(
            s.id + ("*" + _code(s.get(1)) if s.id == "DTP" else "")
            for s in line.segs
            if s.id not in known and s not in dates[:1]
        )
        self.unmapped.extend("REF*" + _code(q) for q in refs if q != "6R")
        self.unmapped.extend(s.id for s in line.other if s.segment_index not in self.used)
        rendering = None
        for party in line.parties:
            if party.code == "82" and rendering is None:
                rendering = self.provider(party, "line rendering provider")
            else:
                self.unmapped.append("2420 NM1*" + _code(party.code))
        charge = self.required_decimal(sv1, 2, "SV102 line charge")
        units = self.decimal(sv1, 4, "SV104 units")
        if units is None:  # the model's default (1) stands in, flagged
            self.note(Severity.ERROR, "missing-element", "SV104 units is missing", sv1, 4)
        return ServiceLine(
            procedure_code=product[1] if len(product) > 1 else self.text(sv1, 1, "SV101-2"),
            modifiers=_items(m for m in product[2:6] if m),
            charge=charge,
            units=units if units is not None else Decimal(1),
            unit_type=self.text(sv1, 3, "SV103 unit type") or "UN",
            place_of_service=sv1.get(5) or None,
            diagnosis_pointers=_items(pointers),
            service_date=start,
            service_date_end=end,
            line_control_number=self.ref(refs, "6R"),
            notes=self.notes([s for s in line.segs if s.id == "NTE"]),
            rendering_provider=rendering,
            **self.drug(line.drug),
            extra_segments=_extras(line.kept, self.used),
        )

    def dtm_dates(self, line: _Line) -> list[Segment]:
        """A ``DTM*472`` where ``DTP*472`` belongs (some senders write it so): its date is
        read as the service date, with an error, rather than losing the claim."""
        for seg in line.segs:
            if seg.id == "DTM" and seg.get(1) == "472":
                self.note(
                    Severity.ERROR,
                    "wrong-segment",
                    "DTM*472 where DTP*472 belongs: its date is read as the service date",
                    seg,
                )
                els = ["DTP", "472", "D8", seg.get(2)]
                return [Segment(els, seg.segment_index, seg.byte_offset, seg.delimiters)]
        return []

    def service_dates(self, dtp: Segment | None, lx: Segment) -> tuple[dt.date, dt.date | None]:
        if dtp is None:
            raise Claim837Error("service line has no DTP*472 service date", lx.location())
        if dtp.get(2) == "RD8":
            first, _, last = dtp.get(3).partition("-")
            start, end = _d8(first), _d8(last)
            if start is not None and end is not None:
                return start, end
        else:
            start = _d8(dtp.get(3)) if dtp.get(2) == "D8" else None
            if start is not None:
                return start, None
        raise Claim837Error("DTP*472 is not a D8 or RD8 date", dtp.location(3))

    def drug(self, segs: list[Segment]) -> dict[str, Any]:
        lin = next((s for s in segs if s.id == "LIN"), None)
        ctp = next((s for s in segs if s.id == "CTP"), None)
        if lin is None:
            return {}
        if lin.get(2) != "N4":
            self.note(Severity.WARNING, "drug-qualifier", "LIN02 is not N4 (NDC)", lin, 2)
        self.unmapped.extend("2410 REF*" + _code(s.get(1)) for s in segs if s.id == "REF")
        found: dict[str, Any] = {"ndc": lin.get(3)}
        self.use(lin, ctp)
        if ctp is not None:
            found["ndc_quantity"] = self.decimal(ctp, 4, "CTP04 drug quantity")
            unit = ctp.composite(5)
            if unit:
                found["ndc_unit"] = unit[0]
        return found


def _looks_like_icd(text: str) -> bool:
    """A letter, then 2-7 letters or digits, perhaps with a dot: the shape of an ICD code."""
    bare = text.replace(".", "", 1)
    return 3 <= len(bare) <= 8 and bare.isascii() and bare.isalnum() and bare[0].isalpha()
