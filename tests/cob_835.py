"""Test helper: primary (and later) payers' 835s for an encounter, written as plain text.

``payer_payments`` draws what one payer did with a claim (line by line or at
claim level only, with line denials, payer-dropped lines, SVC06 recoding, a
split into several CLPs, a reversal and its correction) and keeps the *live*
adjudication beside the 835 text, so tests compare what medclaims builds with
what the payer sent without going through medclaims' own netting.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
from hypothesis import strategies as st

from medclaims.professional.model import Encounter

CENT = Decimal("0.01")
_OTHER_CODES = ["99212", "99215", "G0439", "80053"]


@attrs.frozen
class SvcSpec:
    line: int  # 0-based billed line, or -1 for a payer-added line
    code: str
    modifiers: tuple[str, ...]
    submitted: tuple[str, tuple[str, ...]] | None  # SVC06 when recoded
    charge: Decimal
    paid: Decimal
    adjustments: tuple[tuple[str, str, Decimal], ...]
    units: Decimal
    lcn: str | None
    day: dt.date


@attrs.frozen
class ClpSpec:
    status: str
    charge: Decimal
    paid: Decimal
    patient: Decimal
    adjustments: tuple[tuple[str, str, Decimal], ...]
    lines: tuple[SvcSpec, ...]
    icn: str
    crossover: bool = False

    def negated(self) -> ClpSpec:
        return ClpSpec(
            "22",
            -self.charge,
            -self.paid,
            -self.patient,
            tuple((g, r, -a) for g, r, a in self.adjustments),
            tuple(
                attrs.evolve(
                    s,
                    charge=-s.charge,
                    paid=-s.paid,
                    adjustments=tuple((g, r, -a) for g, r, a in s.adjustments),
                )
                for s in self.lines
            ),
            self.icn,
        )


@attrs.frozen
class PayerSpec:
    payer_id: str
    paid_on: dt.date
    claims: tuple[ClpSpec, ...]  # in payment order: originals, reversals, corrections
    live: tuple[ClpSpec, ...]  # the ones that stand


def _amount(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value else "0"
    return text


def _split(draw: st.DrawFn, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` cut into ``parts`` non-negative cent amounts."""
    cents = int(total / CENT)
    cuts = sorted(draw(st.integers(0, cents)) for _ in range(parts - 1))
    edges = [0, *cuts, cents]
    return [Decimal(edges[i + 1] - edges[i]) * CENT for i in range(parts)]


@st.composite
def adjudication(
    draw: st.DrawFn, encounter: Encounter, *, claim_level_only: bool, icn: str
) -> ClpSpec:
    """One balanced claim payment of the whole claim (status 1)."""
    lines = encounter.service_lines
    svcs: list[SvcSpec] = []
    claim_adj: list[tuple[str, str, Decimal]] = []
    if claim_level_only:
        paid, co, pr = _split(draw, encounter.total_charge, 3)
        claim_adj = [a for a in (("CO", "45", co), ("PR", "2", pr)) if a[2]]
        return ClpSpec("1", encounter.total_charge, paid, pr, tuple(claim_adj), (), icn)
    dropped_total = Decimal(0)
    for i, line in enumerate(lines):
        kind = draw(st.sampled_from(["paid", "paid", "denied", "dropped", "recoded"]))
        if kind == "dropped" and len(lines) > 1:
            dropped_total += line.charge
            continue
        if kind == "denied":
            paid, adj = Decimal(0), [("CO", "50", line.charge)]
        else:
            paid, co, pr, oa = _split(draw, line.charge, 4)
            adj = [
                a
                for a in (
                    ("CO", "45", co),
                    ("PR", draw(st.sampled_from("123")), pr),
                    ("OA", "23", oa),
                )
                if a[2]
            ]
        recode = kind == "recoded"
        code = draw(st.sampled_from([c for c in _OTHER_CODES if c != line.procedure_code]))
        svcs.append(
            SvcSpec(
                line=i,
                code=code if recode else line.procedure_code,
                modifiers=() if recode else line.modifiers,
                submitted=(line.procedure_code, line.modifiers) if recode else None,
                charge=line.charge,
                paid=paid,
                adjustments=tuple(adj),
                units=line.units,
                lcn=line.line_control_number,
                day=line.service_date,
            )
        )
    if dropped_total:
        claim_adj.append(("CO", "97", dropped_total))
    if draw(st.booleans()):  # a payer-added informational line, nothing charged or paid
        svcs.append(
            SvcSpec(
                -1,
                "A9270",
                (),
                None,
                Decimal(0),
                Decimal(0),
                (),
                Decimal(1),
                None,
                lines[0].service_date,
            )
        )
    paid = sum((s.paid for s in svcs), Decimal(0))
    patient = sum((a for s in svcs for g, _, a in s.adjustments if g == "PR"), Decimal(0))
    return ClpSpec("1", encounter.total_charge, paid, patient, tuple(claim_adj), tuple(svcs), icn)


def split_claim(spec: ClpSpec) -> tuple[ClpSpec, ClpSpec] | None:
    """The same payment cut into two CLPs (lines shared out; claim CAS with the first)."""
    if len(spec.lines) < 2:
        return None
    first, second = spec.lines[:1], spec.lines[1:]

    def part(
        lines: tuple[SvcSpec, ...], adj: tuple[tuple[str, str, Decimal], ...], suffix: str
    ) -> ClpSpec:
        charge = sum((s.charge for s in lines), Decimal(0)) + sum(
            (a for _, _, a in adj), Decimal(0)
        )
        paid = sum((s.paid for s in lines), Decimal(0))
        patient = sum((a for s in lines for g, _, a in s.adjustments if g == "PR"), Decimal(0))
        patient += sum((a for g, _, a in adj if g == "PR"), Decimal(0))
        return ClpSpec("1", charge, paid, patient, adj, lines, spec.icn + suffix)

    return part(first, spec.adjustments, "A"), part(second, (), "B")


@st.composite
def payer_payments(
    draw: st.DrawFn, encounter: Encounter, payer_id: str, paid_on: dt.date, *, scenario: str
) -> PayerSpec:
    """One payer's claim payments for ``encounter`` under ``scenario``:
    ``lines``, ``claim_level``, ``split``, ``reversal``."""
    live = draw(
        adjudication(encounter, claim_level_only=scenario == "claim_level", icn=f"{payer_id}ICN1")
    )
    if scenario == "split" and (parts := split_claim(live)) is not None:
        return PayerSpec(payer_id, paid_on, parts, parts)
    if scenario == "reversal":
        first = draw(adjudication(encounter, claim_level_only=False, icn=f"{payer_id}ICN0"))
        return PayerSpec(payer_id, paid_on, (first, first.negated(), live), (live,))
    return PayerSpec(payer_id, paid_on, (live,), (live,))


def _cas(adjustments: tuple[tuple[str, str, Decimal], ...]) -> list[str]:
    out = []
    for group in dict.fromkeys(g for g, _, _ in adjustments):
        triples = [f"{r}*{_amount(a)}*" for g, r, a in adjustments if g == group]
        out.append(f"CAS*{group}*" + "".join(triples).rstrip("*"))
    return out


def _procedure(code: str, modifiers: tuple[str, ...]) -> str:
    return ":".join(["HC", code, *modifiers])


def remittance_text(
    spec: PayerSpec, encounter: Encounter, claims: tuple[ClpSpec, ...] | None = None
) -> str:
    """One 835 (ISA..IEA) holding ``claims`` (default: all of the payer's)."""
    d8 = spec.paid_on.strftime("%Y%m%d")
    total = sum((c.paid for c in (claims or spec.claims)), Decimal(0))
    body = [
        f"BPR*I*{_amount(abs(total))}*C*NON************{d8}",
        f"TRN*1*T{spec.payer_id}*1{spec.payer_id}",
        f"N1*PR*PLAN {spec.payer_id}*XV*{spec.payer_id}",
        "N3*1 PAYER WAY",
        "N4*SPRINGFIELD*IL*62701",
        "PER*BL*EDI*TE*5555550100",
        "N1*PE*CLINIC*XX*1234567893",
        "LX*1",
    ]
    for clp in claims or spec.claims:
        body.append(
            f"CLP*{encounter.claim_id}*{clp.status}*{_amount(clp.charge)}*{_amount(clp.paid)}*"
            f"{_amount(clp.patient)}*CI*{clp.icn}*11*1"
        )
        body += _cas(clp.adjustments)
        body.append("NM1*QC*1*DOE*JAN****MI*M1")
        if clp.crossover:
            body.append("NM1*TT*2*MEDIGAP CARRIER*****PI*CROSS1")
        for s in clp.lines:
            svc06 = f"*{_procedure(*s.submitted)}" if s.submitted else ""
            body.append(
                f"SVC*{_procedure(s.code, s.modifiers)}*{_amount(s.charge)}*{_amount(s.paid)}*"
                f"*{_amount(s.units)}{svc06}"
            )
            body.append(f"DTM*472*{s.day:%Y%m%d}")
            body += _cas(s.adjustments)
            if s.lcn:
                body.append(f"REF*6R*{s.lcn}")
    segments = [
        f"ISA*00*          *00*          *ZZ*{spec.payer_id:<15}*ZZ*CLINIC         *"
        f"{spec.paid_on:%y%m%d}*1200*^*00501*000000001*0*P*:",
        f"GS*HP*{spec.payer_id}*CLINIC*{d8}*1200*1*X*005010X221A1",
        "ST*835*0001",
        *body,
        f"SE*{len(body) + 2}*0001",
        "GE*1*1",
        "IEA*1*000000001",
    ]
    return "~".join(segments) + "~"
