"""Handlers of the 835 header loops: BPR/TRN/REF/DTM, payer (1000A), payee (1000B),
header number (2000: LX, TS3, TS2) and the PLB footer.

Strategy: these loops appear once per transaction (or once per LX), so they
favour plain code over speed: each handler writes into the dict of the record
under construction, and :meth:`HeaderLoops.build_header` turns the dicts into
records when the first claim needs its header or the transaction closes.
"""

from __future__ import annotations

from typing import Any

from medclaims.errors import Severity
from medclaims.remittance._parse.state import ParseState, Seg
from medclaims.remittance.records import (
    Address,
    HeaderNumber,
    Payee,
    Payer,
    Payment,
    ProviderAdjustment,
    RemittanceHeader,
    build_record,
    record_template,
)

# A TRN without a BPR still makes a payment: its BPR codes are then empty, not None.
_PAYMENT_TEMPLATE = {
    **record_template(Payment),
    "handling_code": "",
    "credit_debit": "",
    "method": "",
}
_BPR_FIELDS = (
    "handling_code",
    "amount",
    "credit_debit",
    "method",
    "format",
    "sender_dfi_qualifier",
    "sender_dfi_id",
    "sender_account_qualifier",
    "sender_account",
    "payer_identifier",
    "payer_supplemental_code",
    "receiver_dfi_qualifier",
    "receiver_dfi_id",
    "receiver_account_qualifier",
    "receiver_account",
    "date",
)
#: Code lists of the BPR elements medclaims maps (005010X221A1): BPR01 transaction
#: handling, BPR03 credit/debit flag, BPR04 payment method.
BPR_CODES: dict[int, tuple[str, frozenset[str]]] = {
    1: ("transaction handling", frozenset({"C", "D", "H", "I", "P", "U", "X"})),
    3: ("credit/debit flag", frozenset({"C", "D"})),
    4: ("payment method", frozenset({"ACH", "BOP", "CHK", "FWT", "NON"})),
}
_TRN_FIELDS = (
    "trace_type",
    "trace_number",
    "originating_company_id",
    "originating_company_supplemental_code",
)


class HeaderLoops(ParseState):
    """Header, payer, payee, LX and PLB handlers; mixed into the parser."""

    # -- header, payer, payee --------------------------------------------------

    def build_header(self) -> RemittanceHeader:
        """The RemittanceHeader of the open transaction from what was read so far."""
        h = self.header
        if self.payment is not None:
            h["payment"] = build_record(Payment, self.payment)
        for name, party, cls in (("payer", self.payer, Payer), ("payee", self.payee, Payee)):
            if party is not None:
                party = dict(party)
                if party["address"] is not None:
                    party["address"] = Address(**party["address"])
                party["references"] = tuple(party["references"])
                party["extra_segments"] = tuple(party["extra_segments"])
                if cls is Payer:
                    party["contacts"] = tuple(party["contacts"])
                h[name] = build_record(cls, party)
        h["references"] = tuple(self.header_refs)
        h["extra_segments"] = tuple(self.header_extras)
        return build_record(RemittanceHeader, h)

    def _payment(self) -> dict[str, Any]:
        if self.payment is None:
            self.payment = _PAYMENT_TEMPLATE.copy()
        return self.payment

    def on_bpr(self, seg: Seg) -> None:
        """BPR: financial information."""
        els = seg[0]
        if self.bpr_seen:
            self.unexpected(seg)
            return
        self.bpr_seen = True
        p = self._payment()
        for pos, name in enumerate(_BPR_FIELDS, 1):
            text = self.element(els, pos)
            if name == "amount":
                p[name] = self.amount(text, seg, pos, True)
            elif name == "date":
                p[name] = self.date(text, seg, pos) if text else None
                if not text:
                    self.issue(Severity.ERROR, "missing-element", "BPR16 is required", seg, 16)
            else:
                p[name] = text
        for pos, (meaning, codes) in BPR_CODES.items():
            text = self.element(els, pos)
            if text and text not in codes:
                # The value is not repeated: BPR04 sometimes holds a check number.
                self.issue(
                    Severity.ERROR,
                    "bad-code",
                    f"BPR{pos:02d} is not a code of its list ({meaning})",
                    seg,
                    pos,
                )
        if len(els) > 22:
            self.issue(Severity.WARNING, "extra-elements", "BPR has more than 21 elements", seg, 22)

    def on_trn(self, seg: Seg) -> None:
        """TRN: reassociation trace number."""
        if self.trn_seen:
            self.unexpected(seg)
            return
        self.trn_seen = True
        p = self._payment()
        for pos, name in enumerate(_TRN_FIELDS, 1):
            p[name] = self.element(seg[0], pos)

    def on_cur(self, seg: Seg) -> None:
        """CUR: currency, kept as read with CUR02 as ``currency``."""
        self.header["currency"] = self.element(seg[0], 2)
        self.header_extras.append(tuple(seg[0]))

    def on_header_ref(self, seg: Seg) -> None:
        """REF*EV receiver id, REF*F2 version id, others kept as references."""
        ref = self.reference(seg)
        if ref is None:
            self.header_extras.append(tuple(seg[0]))
            return
        self.header_refs.append(ref)
        if ref.qualifier == "EV" and not self.header["receiver_id"]:
            self.header["receiver_id"] = ref.value
        elif ref.qualifier == "F2" and not self.header["version_id"]:
            self.header["version_id"] = ref.value

    def on_header_dtm(self, seg: Seg) -> None:
        """DTM*405 production date."""
        els = seg[0]
        if len(els) == 3 and els[1] == "405" and self.header["production_date"] is None:
            value = self.date(els[2], seg, 2)
            if value is not None:
                self.header["production_date"] = value
                return
        self.header_extras.append(tuple(els))

    def on_n1(self, seg: Seg) -> None:
        """N1*PR opens the payer loop (1000A), N1*PE the payee loop (1000B)."""
        els = seg[0]
        code = self.element(els, 1)
        party: dict[str, Any] = {
            "name": self.element(els, 2),
            "id_qualifier": self.element(els, 3),
            "id": self.element(els, 4),
            "address": None,
            "references": [],
            "extra_segments": [],
        }
        if code == "PR" and self.payer is None and len(els) <= 5:
            party["contacts"] = []
            self.payer = party
            self.payer_seg = seg
            self.table = self.payer_table
        elif code == "PE" and self.payee is None and len(els) <= 5:
            qualifier = party["id_qualifier"]
            party["npi"] = party["id"] if qualifier == "XX" else None
            party["tax_id"] = party["id"] if qualifier == "FI" else None
            self.payee = party
            self.table = self.payee_table
        else:
            self.unexpected(seg)
            return
        self.party = party
        self.extras = party["extra_segments"]

    def on_n3(self, seg: Seg) -> None:
        """N3: address lines of the payer or payee."""
        party = self.party
        assert party is not None
        if party["address"] is not None and party["address"].get("lines"):
            self.on_party_extra(seg)
            return
        lines = seg[0][1:]
        while lines and not lines[-1]:  # "N3*" holds no line: trailing empties are absent
            lines = lines[:-1]
        if not lines or not lines[0]:
            self.issue(Severity.ERROR, "missing-element", "N301 is required", seg, 1)
        address = party["address"] or {}
        address["lines"] = tuple(lines)
        party["address"] = address

    def on_n4(self, seg: Seg) -> None:
        """N4: city, state, postal code, country, subdivision."""
        party = self.party
        assert party is not None
        els = seg[0]
        address = party["address"] or {}
        if "city" in address or len(els) > 8 or any(els[5:7]):
            self.on_party_extra(seg)
            return
        get = self.element
        address.update(
            city=get(els, 1),
            state=get(els, 2),
            postal_code=get(els, 3),
            country=get(els, 4),
            subdivision=get(els, 7),
        )
        party["address"] = address

    def on_party_ref(self, seg: Seg) -> None:
        """REF in 1000A/1000B: additional payer or payee ids."""
        party = self.party
        assert party is not None
        ref = self.reference(seg)
        if ref is None:
            self.on_party_extra(seg)
            return
        party["references"].append(ref)
        if ref.qualifier == "TJ" and party is self.payee and party["tax_id"] is None:
            party["tax_id"] = ref.value

    def on_payer_per(self, seg: Seg) -> None:
        """PER in 1000A: payer contacts."""
        assert self.party is not None
        contact = self.contact(seg)
        if contact is None:
            self.on_party_extra(seg)
        else:
            self.party["contacts"].append(contact)

    def check_payer(self) -> None:
        """1000A requires N3, N4 and PER (005010X221A1; PER is situational in 004010X091A1):
        report the missing ones at the N1*PR."""
        payer = self.payer
        if payer is None:
            return
        group = self.header["group"]
        version = group.version if group is not None else ""
        per_required = not version.startswith("00401")
        address = payer["address"] or {}
        kept = {extra[0] for extra in payer["extra_segments"]}
        for seg_id, present in (
            ("N3", "lines" in address),
            ("N4", "city" in address),
            ("PER", bool(payer["contacts"]) or "PER" in kept or not per_required),
        ):
            if not present:
                self.issue(
                    Severity.ERROR,
                    "missing-segment",
                    f"the payer (1000A) has no {seg_id} segment",
                    self.payer_seg,
                )

    def on_party_extra(self, seg: Seg) -> None:
        """A payer or payee segment kept as read (e.g. RDM)."""
        assert self.party is not None
        self.party["extra_segments"].append(tuple(seg[0]))

    # -- 2000 header number and PLB footer -------------------------------------

    def close_lx(self) -> None:
        """Close the open claim and LX group."""
        if self.claim is not None:
            self.close_claim()
        lx = self.lx
        if lx is not None:
            lx["claim_count"] = self.claim_count - lx["first_claim"]
            extras = lx["extra_segments"]
            lx["extra_segments"] = tuple(extras)
            self.header_numbers.append(build_record(HeaderNumber, lx))
            self.lx = None

    def on_lx(self, seg: Seg) -> None:
        """LX: a new header number group."""
        self.close_lx()
        number = self.element(seg[0], 1)
        self.lx = {
            "number": number,
            "first_claim": self.claim_count,
            "claim_count": 0,
            "extra_segments": [],
        }
        self.header_number = number
        self.lx_seen = True
        self.party = None
        self.table = self.lx_table

    def on_lx_extra(self, seg: Seg) -> None:
        """TS3/TS2: provider summary, kept as read in the header number group."""
        assert self.lx is not None
        self.lx["extra_segments"].append(tuple(seg[0]))

    def on_plb(self, seg: Seg) -> None:
        """PLB: provider adjustments, one record per reason/amount pair."""
        self.close_lx()
        self.header_number = ""
        self.party = None
        self.extras = self.remittance_extras
        self.table = self.footer_table
        els = seg[0]
        provider = self.element(els, 1)
        text = self.element(els, 2)
        fiscal = self.date(text, seg, 2) if text else None
        if len(els) < 5:
            self.issue(
                Severity.ERROR,
                "missing-element",
                "PLB needs a provider, a date and a reason/amount pair",
                seg,
            )
        for pos in range(3, len(els), 2):
            composite = els[pos]
            amount_text = els[pos + 1] if pos + 1 < len(els) else ""
            if not composite and not amount_text:
                continue
            reason, _, reference = composite.partition(self.component)
            amount = self.amount(amount_text, seg, pos + 1, True)
            if amount is None:
                self.plb_ok = False
            else:
                self.plb_total += amount
            self.plbs.append(
                build_record(
                    ProviderAdjustment,
                    {
                        "provider_id": provider,
                        "fiscal_period_date": fiscal,
                        "reason_code": reason,
                        "reference_id": reference,
                        "amount": amount,
                    },
                )
            )
