"""A readable remittance: parsed 835s as HTML in the layout of the CMS Standard Paper
Remittance (SPR), one payment (check or EFT) per page.

Strategy: one pure function, :func:`render_835`, from records to one
self-contained HTML document (inline CSS, no script, nothing fetched), each
payment a ``<section>`` that starts a new printed page. The layout follows the
SPR that Medicare sends on paper: payer and payee with addresses at the top,
the payment (method, number, date, amount), then each claim as a header line
(patient, member id, account, payer claim number, status) over its service
lines (date, place, procedure and modifiers, units, billed, allowed,
deductible, coinsurance, copay, each adjustment as group-reason amount, paid)
and its totals; then the provider-level adjustments, the payment totals, the
balance check (claims paid − provider adjustments = payment) and a glossary of
only the codes that appear. Every figure is computed from the records here,
once; the totals row of a payment carries the class names the tests read.

This page is the user's own output for their staff: it shows the patient names
and numbers the 835 holds. Nothing of it goes to a log or an error message.

Where a line has no allowed amount (AMT*B6), the page shows billed minus the
line's adjustments that are not patient responsibility (groups CO, OA, PI, CR),
which is what the payer allowed; such cells are marked with a dagger.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from medclaims.codes import (
    CodeDescriptions,
    carc_category,
    describe_claim_status,
    describe_group,
    describe_place_of_service,
    describe_plb_reason,
)
from medclaims.remittance.records import (
    Address,
    Adjustment,
    ClaimPayment,
    Entity,
    Remittance,
    ServicePayment,
)

__all__ = ["render_835"]

_ZERO = Decimal(0)

_METHODS = {
    "ACH": "EFT (ACH)",
    "CHK": "Check",
    "BOP": "Financial institution option",
    "FWT": "Federal Reserve wire transfer",
    "NON": "No payment",
}

_STATUS = {
    "1": "Processed as primary",
    "2": "Processed as secondary",
    "3": "Processed as tertiary",
    "4": "Denied",
    "19": "Processed as primary, forwarded to another payer",
    "20": "Processed as secondary, forwarded to another payer",
    "21": "Processed as tertiary, forwarded to another payer",
    "22": "Reversal of an earlier payment",
    "23": "Not our claim, forwarded to another payer",
    "25": "Priced only (predetermination), no payment",
}

_CSS = """
* { box-sizing: border-box; }
body { font: 12px/1.35 "DejaVu Sans Mono", "Courier New", monospace; color: #111; margin: 0;
       background: #eee; }
section.payment { background: #fff; max-width: 1100px; margin: 16px auto; padding: 20px 24px;
                  box-shadow: 0 1px 3px #999; }
section.payment + section.payment { break-before: page; page-break-before: always; }
.spr-head { display: grid; grid-template-columns: 1fr auto 1fr; gap: 16px; align-items: start;
            border-bottom: 2px solid #111; padding-bottom: 8px; }
.spr-head h1 { font-size: 15px; margin: 0; text-align: center; letter-spacing: .05em; }
.spr-head h2 { font-size: 13px; margin: 0 0 2px; }
.spr-head .payee { text-align: right; }
.spr-head .sub { text-align: center; color: #555; }
table { border-collapse: collapse; width: 100%; }
th, td { padding: 2px 6px; vertical-align: top; }
th { text-align: left; font-weight: bold; border-bottom: 1px solid #111; white-space: nowrap; }
td.n, th.n { text-align: right; white-space: nowrap; }
table.pay-info { margin: 8px 0 12px; width: auto; }
table.pay-info th { border: 0; padding-right: 12px; }
tbody.claim tr.claim-head td { padding-top: 10px; font-weight: bold; }
tbody.claim tr.claim-head .status { font-weight: normal; padding: 0 6px; border: 1px solid #111;
                                    border-radius: 3px; margin-left: 6px; }
tbody.claim.denied .status { background: #fde2e1; }
tbody.claim.reversal .status { background: #fff1cc; }
tbody.claim.forwarded .status { background: #e2ecfd; }
tbody.claim tr.claim-total td { border-top: 1px dashed #777; font-weight: bold; }
tbody.claim tr.claim-note td { color: #333; }
td.adj { white-space: nowrap; }
h3 { font-size: 13px; margin: 16px 0 4px; border-bottom: 1px solid #111; }
table.totals td, table.totals th { text-align: right; }
p.balance { margin: 8px 0; }
p.balance.off { color: #a40000; font-weight: bold; }
dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
dl.glossary dt { font-weight: bold; }
dl.glossary dd { margin: 0; }
.muted { color: #666; }
@media print {
  body { background: #fff; font-size: 10px; }
  section.payment { box-shadow: none; margin: 0; max-width: none; padding: 0; }
  tbody.claim { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  @page { size: letter landscape; margin: 12mm; }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _money(value: Decimal | None) -> str:
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    places = max(2, -exponent) if isinstance(exponent, int) else 2
    return f"{value:,.{places}f}"


def _date(value: dt.date | None) -> str:
    return value.strftime("%m/%d/%Y") if value is not None else ""


def _address(address: Address | None) -> list[str]:
    if address is None:
        return []
    lines = [line for line in address.lines if line]
    city = ", ".join(
        p for p in (address.city, f"{address.state} {address.postal_code}".strip()) if p
    )
    return [*lines, city] if city else lines


def _name(entity: Entity | None) -> str:
    if entity is None:
        return ""
    parts = [entity.last_name, entity.first_name, entity.middle_name]
    if entity.entity_type == "2":
        return entity.last_name
    return ", ".join(p for p in parts[:2] if p) + (f" {parts[2]}" if parts[2] else "")


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), _ZERO)


def _pr(adjustments: Iterable[Adjustment], reason: str) -> Decimal:
    return _sum(a.amount for a in adjustments if a.group_code == "PR" and a.reason_code == reason)


@attrs.frozen
class _LineFigures:
    billed: Decimal
    allowed: Decimal
    allowed_derived: bool
    deductible: Decimal
    coinsurance: Decimal
    copay: Decimal
    adjusted: Decimal
    paid: Decimal


def _figures(charge: Decimal | None, paid: Decimal | None, allowed: Decimal | None,
             adjustments: Sequence[Adjustment]) -> _LineFigures:  # fmt: skip
    billed = charge or _ZERO
    not_patient = _sum(a.amount for a in adjustments if a.group_code != "PR")
    derived = allowed is None
    return _LineFigures(
        billed=billed,
        allowed=billed - not_patient if allowed is None else allowed,
        allowed_derived=derived,
        deductible=_pr(adjustments, "1"),
        coinsurance=_pr(adjustments, "2"),
        copay=_pr(adjustments, "3"),
        adjusted=_sum(a.amount for a in adjustments),
        paid=paid or _ZERO,
    )


class _Codes:
    """The codes that appear on one payment, for its glossary."""

    def __init__(self) -> None:
        self.groups: set[str] = set()
        self.carcs: set[str] = set()
        self.rarcs: set[str] = set()
        self.statuses: set[str] = set()
        self.places: set[str] = set()
        self.plbs: set[str] = set()

    def adjustments(self, adjustments: Iterable[Adjustment]) -> None:
        for a in adjustments:
            self.groups.add(a.group_code)
            self.carcs.add(a.reason_code)


def _adjustment_cell(adjustments: Sequence[Adjustment]) -> str:
    return "<br>".join(
        f"{_e(a.group_code)}-{_e(a.reason_code)} {_money(a.amount)}" for a in adjustments
    )


_COLUMNS = (
    ("Perf prov", ""),
    ("Serv date", ""),
    ("POS", ""),
    ("Units", "n"),
    ("Proc", ""),
    ("Mods", ""),
    ("Billed", "n"),
    ("Allowed", "n"),
    ("Deduct", "n"),
    ("Coins", "n"),
    ("Copay", "n"),
    ("Grp/RC-amt", ""),
    ("Prov pd", "n"),
)


def _line_row(claim: ClaimPayment, line: ServicePayment, codes: _Codes) -> tuple[str, _LineFigures]:
    f = _figures(line.charge_amount, line.paid_amount, line.allowed_amount, line.adjustments)
    codes.adjustments(line.adjustments)
    codes.rarcs.update(line.remark_codes)
    proc = line.procedure
    date = _date(line.service_date)
    if line.service_date_end and line.service_date_end != line.service_date:
        date += f"–{_date(line.service_date_end)}"
    pos = claim.facility_type_code
    if pos:
        codes.places.add(pos)
    dagger = "†" if f.allowed_derived else ""
    cells = [
        _e(claim.rendering_provider.identifier if claim.rendering_provider else ""),
        _e(date),
        _e(pos),
        _e(format(line.units, "f") if line.units is not None else ""),
        _e(proc.code or line.revenue_code),
        _e(" ".join(proc.modifiers)),
        _money(f.billed),
        _money(f.allowed) + dagger,
        _money(f.deductible),
        _money(f.coinsurance),
        _money(f.copay),
        _adjustment_cell(line.adjustments),
        _money(f.paid),
    ]
    row = "<tr class='line'>" + "".join(
        f"<td class='{cls or 'adj' if name == 'Grp/RC-amt' else cls}'>{cell}</td>"
        for (name, cls), cell in zip(_COLUMNS, cells, strict=True)
    ) + "</tr>"  # fmt: skip
    if line.remark_codes:
        row += (
            "<tr class='claim-note'><td></td><td colspan='12'>Remarks: "
            + _e(" ".join(line.remark_codes))
            + "</td></tr>"
        )
    return row, f


def _claim_status(claim: ClaimPayment) -> tuple[str, str]:
    code = claim.status_code.strip()
    text = _STATUS.get(code) or describe_claim_status(code) or f"Status {code}"
    kind = (
        "denied"
        if code == "4"
        else "reversal"
        if code == "22"
        else "forwarded"
        if code in ("19", "20", "21", "23")
        else ""
    )
    return text, kind


def _claim_block(claim: ClaimPayment, codes: _Codes) -> tuple[str, _LineFigures]:
    status, kind = _claim_status(claim)
    codes.statuses.add(claim.status_code.strip())
    codes.adjustments(claim.adjustments)
    head = [
        f"Name: {_e(_name(claim.patient))}",
        f"Member id: {_e(claim.patient.identifier if claim.patient else '')}",
        f"Acnt: {_e(claim.patient_control_number)}",
        f"ICN: {_e(claim.payer_claim_control_number)}",
    ]
    if claim.insured is not None and claim.insured.identifier:
        head.append(f"Insured id: {_e(claim.insured.identifier)}")
    forwarded = claim.crossover_carrier or claim.corrected_priority_payer
    rows = [
        "<tr class='claim-head'><td colspan='13'>"
        + " &nbsp; ".join(head)
        + f"<span class='status'>{_e(status)}</span></td></tr>"
    ]
    if forwarded is not None:
        rows.append(
            "<tr class='claim-note'><td></td><td colspan='12'>Forwarded to: "
            f"{_e(_name(forwarded))} {_e(forwarded.identifier)}</td></tr>"
        )
    remarks: list[str] = []
    for adjudication in (claim.outpatient, claim.inpatient):
        if adjudication is not None:
            remarks.extend(adjudication.remark_codes)
    if remarks:
        codes.rarcs.update(remarks)
        rows.append(
            f"<tr class='claim-note'><td></td><td colspan='12'>Claim remarks (MOA/MIA): "
            f"{_e(' '.join(remarks))}</td></tr>"
        )
    figures = []
    for line in claim.service_lines:
        row, f = _line_row(claim, line, codes)
        rows.append(row)
        figures.append(f)
    if claim.adjustments:
        rows.append(
            "<tr class='claim-note'><td></td><td colspan='10'>Claim-level adjustments</td>"
            f"<td class='adj'>{_adjustment_cell(claim.adjustments)}</td><td></td></tr>"
        )
    claim_level = _figures(claim.charge_amount, claim.paid_amount, None, claim.adjustments)
    total = _LineFigures(
        billed=claim.charge_amount or _ZERO,
        allowed=_sum(f.allowed for f in figures) if figures else claim_level.allowed,
        allowed_derived=any(f.allowed_derived for f in figures) or not figures,
        deductible=_sum(f.deductible for f in figures) + claim_level.deductible,
        coinsurance=_sum(f.coinsurance for f in figures) + claim_level.coinsurance,
        copay=_sum(f.copay for f in figures) + claim_level.copay,
        adjusted=_sum(f.adjusted for f in figures) + claim_level.adjusted,
        paid=claim.paid_amount or _ZERO,
    )
    rows.append(
        "<tr class='claim-total'>"
        f"<td colspan='3'>Pt resp {_money(claim.patient_responsibility or _ZERO)}</td>"
        "<td colspan='3'>Claim totals</td>"
        f"<td class='n billed'>{_money(total.billed)}</td>"
        f"<td class='n allowed'>{_money(total.allowed)}{'†' if total.allowed_derived else ''}</td>"
        f"<td class='n'>{_money(total.deductible)}</td>"
        f"<td class='n'>{_money(total.coinsurance)}</td>"
        f"<td class='n'>{_money(total.copay)}</td>"
        f"<td class='adj'>{_money(total.adjusted)}</td>"
        f"<td class='n paid'>{_money(total.paid)}</td></tr>"
    )
    return f"<tbody class='claim {kind}'>" + "".join(rows) + "</tbody>", total


def _party(title: str, name: str, address: Address | None, ids: Sequence[str]) -> str:
    lines = [f"<h2>{_e(name)}</h2>"]
    lines += [f"<div>{_e(line)}</div>" for line in _address(address)]
    lines += [f"<div>{_e(i)}</div>" for i in ids if i]
    return f"<div class='{title}'>" + "".join(lines) + "</div>"


def _glossary(codes: _Codes, descriptions: CodeDescriptions | None) -> str:
    items: list[tuple[str, str]] = []
    for code in sorted(codes.statuses):
        items.append((f"Status {code}", _STATUS.get(code) or describe_claim_status(code) or ""))
    for code in sorted(codes.groups):
        items.append((code, f"group: {describe_group(code) or 'adjustment group'}"))
    for code in sorted(codes.carcs, key=lambda c: (len(c), c)):
        licensed = descriptions.carc(code) if descriptions is not None else None
        category = carc_category(code).value.replace("_", " ")
        items.append((f"RC {code}", licensed or f"adjustment reason ({category})"))
    for code in sorted(codes.rarcs):
        licensed = descriptions.rarc(code) if descriptions is not None else None
        items.append((code, licensed or "remark code (see the payer's remark list)"))
    for code in sorted(codes.plbs):
        items.append((f"PLB {code}", describe_plb_reason(code) or "provider-level adjustment"))
    for code in sorted(codes.places):
        items.append((f"POS {code}", describe_place_of_service(code) or "place of service"))
    body = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in items)
    note = (
        ""
        if descriptions is not None
        else "<p class='muted'>Reason and remark texts are X12's; load them with "
        "load_code_descriptions to show them here.</p>"
    )
    return f"<h3>Glossary</h3><dl class='glossary'>{body}</dl>{note}"


def _payment_section(
    remittance: Remittance,
    claims: Sequence[ClaimPayment],
    filtered: bool,
    descriptions: CodeDescriptions | None,
) -> str:
    pay, payer, payee = remittance.payment, remittance.payer, remittance.payee
    codes = _Codes()
    payer_ids = [f"Payer id: {payer.id}" if payer and payer.id else ""]
    if payer is not None:
        for contact in payer.contacts:
            payer_ids += [f"{contact.name} {number}".strip() for _, number in contact.numbers]
    payee_ids = []
    if payee is not None:
        payee_ids = [
            f"NPI: {payee.npi}" if payee.npi else "",
            f"TIN: {payee.tax_id}" if payee.tax_id else "",
            f"Id: {payee.id}" if payee.id and payee.id != payee.npi else "",
        ]
    head = (
        "<header class='spr-head'>"
        + _party(
            "payer",
            payer.name if payer else "(payer not named)",
            payer.address if payer else None,
            payer_ids,
        )
        + "<div><h1>REMITTANCE ADVICE</h1><div class='sub'>835 "
        + _e(remittance.version)
        + "</div></div>"
        + _party(
            "payee",
            payee.name if payee else "(payee not named)",
            payee.address if payee else None,
            payee_ids,
        )
        + "</header>"
    )
    amount = pay.amount if pay else None
    info = (
        "<table class='pay-info'><tr>"
        f"<th>Payment</th><td>{_e(_METHODS.get(pay.method, pay.method) if pay else '')}</td>"
        f"<th>Number</th><td>{_e(pay.trace_number if pay else '')}</td>"
        f"<th>Date</th><td>{_e(_date(pay.date if pay else None))}</td>"
        f"<th>Amount</th><td class='n payment-amount'>{_money(amount)}</td>"
        f"<th>Produced</th><td>{_e(_date(remittance.production_date))}</td>"
        "</tr></table>"
    )
    header_row = "".join(f"<th class='{cls}'>{_e(name)}</th>" for name, cls in _COLUMNS)
    blocks, totals = [], []
    for claim in claims:
        block, total = _claim_block(claim, codes)
        blocks.append(block)
        totals.append(total)
    claims_table = (
        f"<table class='claims'><thead><tr>{header_row}</tr></thead>{''.join(blocks)}</table>"
        if blocks
        else "<p class='muted'>No claims in this payment.</p>"
    )
    plb_rows = []
    for pa in remittance.provider_adjustments:
        codes.plbs.add(pa.reason_code)
        plb_rows.append(
            f"<tr class='plb'><td>{_e(pa.provider_id)}</td><td>{_e(_date(pa.fiscal_period_date))}"
            f"</td><td>{_e(pa.reason_code)}</td><td>{_e(pa.reference_id)}</td>"
            f"<td>{_e(describe_plb_reason(pa.reason_code) or '')}</td>"
            f"<td class='n'>{_money(pa.amount)}</td></tr>"
        )
    plb_total = _sum(pa.amount for pa in remittance.provider_adjustments)
    plb = (
        "<h3>Provider adjustments</h3><table class='plbs'><thead><tr><th>Provider</th>"
        "<th>Fiscal period</th><th>Reason</th><th>Reference</th><th>Meaning</th>"
        f"<th class='n'>Amount</th></tr></thead>{''.join(plb_rows)}</table>"
        if plb_rows
        else ""
    )
    billed = _sum(t.billed for t in totals)
    paid = _sum(t.paid for t in totals)
    totals_table = (
        "<h3>Totals</h3><table class='totals'><thead><tr><th># claims</th><th>Billed</th>"
        "<th>Allowed</th><th>Deduct</th><th>Coins</th><th>Copay</th><th>Adjustments</th>"
        "<th>Claims paid</th><th>Provider adj</th><th>Payment</th></tr></thead><tbody>"
        "<tr class='payment-totals'>"
        f"<td class='claims'>{len(totals)}</td>"
        f"<td class='billed'>{_money(billed)}</td>"
        f"<td class='allowed'>{_money(_sum(t.allowed for t in totals))}</td>"
        f"<td class='deductible'>{_money(_sum(t.deductible for t in totals))}</td>"
        f"<td class='coinsurance'>{_money(_sum(t.coinsurance for t in totals))}</td>"
        f"<td class='copay'>{_money(_sum(t.copay for t in totals))}</td>"
        f"<td class='adjusted'>{_money(_sum(t.adjusted for t in totals))}</td>"
        f"<td class='paid'>{_money(paid)}</td>"
        f"<td class='provider-adjustments'>{_money(plb_total)}</td>"
        f"<td class='payment'>{_money(amount)}</td></tr></tbody></table>"
    )
    if filtered:
        balance = (
            f"<p class='balance muted'>Showing {len(claims)} of {len(remittance.claims)} claims "
            "of this payment; the payment amount is the whole payment's.</p>"
        )
    else:
        # BPR02 = claims paid − provider adjustments (a PLB amount reduces the payment).
        net = paid - plb_total
        ok = amount is not None and net == amount
        balance = (
            f"<p class='balance{'' if ok else ' off'}'>Claims paid {_money(paid)} − provider "
            f"adjustments {_money(plb_total)} = {_money(net)}: "
            + ("equals the payment amount." if ok else "does not equal the payment amount.")
            + "</p>"
        )
    derived_note = (
        "<p class='muted'>† allowed amount not sent by the payer: billed less the "
        "adjustments that are not patient responsibility.</p>"
        if any(t.allowed_derived for t in totals)
        else ""
    )
    return (
        f"<section class='payment' data-trace='{_e(pay.trace_number if pay else '')}'>"
        + head
        + info
        + claims_table
        + plb
        + totals_table
        + balance
        + derived_note
        + _glossary(codes, descriptions)
        + "</section>"
    )


def _payee_matches(remittance: Remittance, payee: str) -> bool:
    p = remittance.payee
    if p is None:
        return False
    wanted = payee.strip().casefold()
    return wanted in {
        (p.npi or "").casefold(),
        (p.tax_id or "").casefold(),
        p.id.casefold(),
        p.name.strip().casefold(),
    }


def render_835(
    remittances: Iterable[Remittance],
    *,
    claim: str | None = None,
    account: str | None = None,
    payee: str | None = None,
    descriptions: CodeDescriptions | None = None,
    title: str = "Remittance advice",
) -> str:
    """One self-contained HTML document: each payment of ``remittances`` as a page laid out
    like the CMS Standard Paper Remittance.

    ``claim`` keeps only the claim with that payer claim number (CLP07) or
    account (CLP01); ``account`` only the claims of that patient account (CLP01);
    ``payee`` only the payments to that payee (NPI, tax id, N1*PE id or name).
    A payment with no claim left after a claim or account filter is left out.
    ``descriptions`` (from :func:`~medclaims.codes.load_code_descriptions`) puts
    the licensed CARC and RARC texts in the glossary. The page holds patient
    names and ids: it is for the user's own staff.
    """
    sections = []
    for remittance in remittances:
        if not remittance.has_transaction:
            continue
        if payee is not None and not _payee_matches(remittance, payee):
            continue
        claims = list(remittance.claims)
        if claim is not None:
            claims = [
                c
                for c in claims
                if claim in (c.payer_claim_control_number, c.patient_control_number)
            ]
        if account is not None:
            claims = [c for c in claims if c.patient_control_number == account]
        filtered = claim is not None or account is not None
        if filtered and not claims:
            continue
        sections.append(_payment_section(remittance, claims, filtered, descriptions))
    body = "".join(sections) or "<section class='payment'><p>No payment to show.</p></section>"
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n"
    )
