"""The COB loops of one claim (2320, 2330A, 2330B and the lines' 2430) into other payers.

Strategy: the claim's COB segments arrive in file order (``claim.cob``); each SBR
opens one other payer (2320), NM1*IL its subscriber (2330A), NM1*PR its payer
(2330B), and any other NM1 a 2330C-G provider loop the model has no field for.
Each 2430 of a line (SVD and the CAS, DTP*573 and AMT*EAF after it) goes to
the other payer whose 2330B NM109 its SVD01 names. Every segment turned into a
field is marked as used; the rest (REF*SY, other-payer REFs, 2330C-G, an SVD
naming no other payer) stays in ``extra_segments`` and is named in the claim's
``not-represented`` issue. A COB amount or date that cannot be read leaves the
whole COB data of the claim in ``extra_segments``, with an error issue.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from medclaims.errors import Severity
from medclaims.professional._read.loops import Claim837Error, _Claim, _code, _d8, _Party
from medclaims.professional.cob import (
    CobAdjustment,
    LineAdjudication,
    OtherPayer,
    OtherSubscriber,
    OutpatientRemarks,
)
from medclaims.x12 import Segment

if TYPE_CHECKING:
    from medclaims.professional._read.claims import _Mapper

__all__ = ["read_other_payers"]


def _adjustments(m: _Mapper, cas: Segment) -> list[CobAdjustment]:
    out = []
    for n in range(2, 20, 3):
        reason = cas.get(n)
        if not reason:
            continue
        out.append(
            CobAdjustment(
                group_code=cas.get(1),
                reason_code=reason,
                amount=m.required_decimal(cas, n + 1, f"CAS{n + 1:02d} adjustment amount"),
                quantity=m.decimal(cas, n + 2, f"CAS{n + 2:02d} adjustment quantity"),
            )
        )
    m.use(cas)
    return out


def _payer(m: _Mapper, segs: list[Segment]) -> dict[str, Any]:
    """The fields of one 2320 + 2330x group (SBR first)."""
    sbr = segs[0]
    m.use(sbr)
    found: dict[str, Any] = {
        "responsibility": sbr.get(1),
        "relationship_code": sbr.get(2),
        "claim_filing_indicator": sbr.get(9),
        "insurance_type": sbr.get(5) or None,
        "adjustments": [],
    }
    sub: dict[str, Any] = {"group_number": sbr.get(3) or None, "group_name": sbr.get(4) or None}
    loop = "2320"
    party: _Party | None = None
    for seg in segs[1:]:
        sid = seg.id
        if sid == "NM1":
            code = seg.get(1)
            party = _Party(seg)
            if code == "IL" and "member_id" not in sub:
                loop = "2330A"
                sub.update(
                    member_id=m.text(seg, 9, "2330A NM109 other subscriber id"),
                    last_name=m.text(seg, 3, "2330A NM103 other subscriber name"),
                    first_name=seg.get(4) or None,
                    middle_name=seg.get(5) or None,
                    is_organization=seg.get(2) == "2",
                )
                m.use(seg)
            elif code == "PR" and "payer_id" not in found:
                loop = "2330B"
                found["payer_id"] = m.text(seg, 9, "2330B NM109 other payer id")
                found["payer_name"] = m.text(seg, 3, "2330B NM103 other payer name")
                found["payer_id_qualifier"] = seg.get(8) or "PI"
                m.use(seg)
            else:
                loop = "2330?"
                m.unmapped.append("2330 NM1*" + _code(code))
            found.setdefault("_parties", []).append((loop, party))
            continue
        if party is not None:
            party.segs.setdefault(sid, []).append(seg)
        if loop == "2320":
            if sid == "CAS":
                found["adjustments"] += _adjustments(m, seg)
            elif sid == "AMT" and seg.get(1) in ("D", "A8", "EAF"):
                name = {"D": "paid_amount", "A8": "non_covered_amount"}.get(
                    seg.get(1), "remaining_patient_liability"
                )
                found[name] = m.required_decimal(seg, 2, f"2320 AMT*{seg.get(1)} amount")
                m.use(seg)
            elif sid == "OI":
                found["benefits_assignment"] = seg.get(3)
                found["release_of_information"] = seg.get(6)
                found["patient_signature_source"] = seg.get(4) or None
                m.use(seg)
            elif sid == "MOA":
                found["outpatient"] = OutpatientRemarks(
                    reimbursement_rate=m.decimal(seg, 1, "MOA01"),
                    hcpcs_payable_amount=m.decimal(seg, 2, "MOA02"),
                    remark_codes=tuple(seg.get(n) for n in range(3, 8) if seg.get(n)),
                    esrd_payment_amount=m.decimal(seg, 8, "MOA08"),
                    nonpayable_professional_component_amount=m.decimal(seg, 9, "MOA09"),
                )
                m.use(seg)
            else:
                m.unmapped.append("2320 " + sid)
        elif loop == "2330B" and sid == "DTP" and seg.get(1) == "573":
            day = _d8(seg.get(3)) if seg.get(2) == "D8" else None
            if day is None:
                raise Claim837Error("2330B DTP*573 is not a D8 date", seg.location(3))
            found["adjudication_date"] = day
            m.use(seg)
        elif loop == "2330B" and sid == "REF" and seg.get(1) == "F8":
            found["claim_control_number"] = seg.get(2)
            m.use(seg)
        elif sid in ("N3", "N4") and loop in ("2330A", "2330B"):
            pass  # read with the loop's address below
        else:
            m.unmapped.append(f"{loop} {sid}" + ("*" + _code(seg.get(1)) if sid == "REF" else ""))
    for loop, p in found.pop("_parties", []):
        if loop == "2330A":
            sub["address"] = m.address(p, "other subscriber address", required=False)
        elif loop == "2330B":
            found["payer_address"] = m.address(p, "other payer address", required=False)
    if "member_id" not in sub:
        m.note(Severity.ERROR, "missing-loop", "2330A other subscriber (NM1*IL) is missing", sbr)
        sub.update(member_id="", last_name="")
    if "payer_id" not in found:
        m.note(Severity.ERROR, "missing-loop", "2330B other payer (NM1*PR) is missing", sbr)
        found.update(payer_id="", payer_name="")
    found["subscriber"] = OtherSubscriber(**sub)
    found["line_adjudications"] = []
    return found


def _line_adjudications(m: _Mapper, claim: _Claim, payers: list[dict[str, Any]]) -> None:
    by_id: dict[str, dict[str, Any]] = {}
    for p in payers:
        by_id.setdefault(p["payer_id"], p)
    for number, line in enumerate(claim.lines, 1):
        current: dict[str, Any] | None = None
        for seg in line.other:
            sid = seg.id
            if sid == "SVD":
                current = None
                payer = by_id.get(seg.get(1))
                if payer is None:
                    m.note(
                        Severity.WARNING,
                        "unknown-other-payer",
                        "SVD01 names no other payer of the claim (2330B NM109); kept as extra",
                        seg,
                        1,
                    )
                    continue
                product = seg.composite(3)
                current = {
                    "line_number": number,
                    "paid_amount": m.required_decimal(seg, 2, "SVD02 paid amount"),
                    "procedure_qualifier": product[0] if product else "",
                    "procedure_code": product[1] if len(product) > 1 else "",
                    "modifiers": tuple(x for x in product[2:6] if x),
                    "paid_units": m.decimal(seg, 5, "SVD05 paid units") or Decimal(1),
                    "bundled_line_number": int(seg.get(6)) if seg.get(6).isdigit() else None,
                    "adjustments": [],
                    "_svd": seg,
                    "_segs": [seg],
                }
                payer["line_adjudications"].append(current)
            elif current is None:
                continue
            elif sid == "CAS":
                current["_segs"].append(seg)
                current["adjustments"] += _adjustments(m, seg)
            elif sid == "DTP" and seg.get(1) == "573":
                day = _d8(seg.get(3)) if seg.get(2) == "D8" else None
                if day is not None:
                    current["adjudication_date"] = day
                    current["_segs"].append(seg)
            elif sid == "AMT" and seg.get(1) == "EAF":
                current["remaining_patient_liability"] = m.required_decimal(seg, 2, "AMT02")
                current["_segs"].append(seg)
    for p in payers:
        kept = []
        for la in p["line_adjudications"]:
            segs = la.pop("_segs")
            svd = la.pop("_svd")
            if "adjudication_date" not in la:
                m.note(Severity.ERROR, "missing-segment", "2430 DTP*573 is missing", svd)
                for seg in segs:  # left as extra segments
                    m.used.discard(seg.segment_index)
                continue
            m.use(*segs)
            kept.append(LineAdjudication(**la))
        p["line_adjudications"] = tuple(kept)


def read_other_payers(m: _Mapper, claim: _Claim) -> tuple[OtherPayer, ...]:
    """The claim's other payers; ``()`` (everything kept as extra) when they cannot be read."""
    if not claim.cob:
        return ()
    groups: list[list[Segment]] = []
    for seg in claim.cob:
        if seg.id == "SBR" or not groups:
            groups.append([seg])
        else:
            groups[-1].append(seg)
    used_before = set(m.used)
    unmapped_before = len(m.unmapped)
    try:
        payers = [_payer(m, g) for g in groups if g[0].id == "SBR"]
        _line_adjudications(m, claim, payers)
        return tuple(OtherPayer(**{k: v for k, v in p.items() if v is not None}) for p in payers)
    except (Claim837Error, TypeError, ValueError) as exc:
        m.used = used_before
        del m.unmapped[unmapped_before:]
        m.unmapped.append("2320/2330/2430 other payers")
        why = f": {exc.reason}" if isinstance(exc, Claim837Error) else ""
        m.note(
            Severity.ERROR,
            "cob-not-read",
            f"the other payers (2320/2330/2430) could not be read{why}; kept as extra segments",
            claim.cob[0],
        )
        return ()
