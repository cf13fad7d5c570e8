"""Handlers of the claim loops of the 835: 2100 (CLP...) and 2110 (SVC...).

Strategy: this is the hot path. Each handler takes one segment and writes into
the plain dict of the record under construction (``self.claim`` or
``self.line``); a loop is closed when the next CLP, SVC, LX, PLB or SE arrives,
and only then is its record created, in one call, by
:func:`~medclaims.remittance.records.build_record`. Values that repeat across
claims (amounts, dates, whole CAS segments, procedure composites) come from
caches keyed by their raw text, so most segments cost a dict lookup or two.
The balancing sums are carried along while reading, so checking them costs a
subtraction per line and per claim.

Anything a handler cannot map (unknown qualifier, a second value where one is
expected) is kept in the loop's ``extra_segments``, in reading order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from medclaims._support.records import record_builder, slotted_constructor
from medclaims.codes import CLAIM_STATUSES
from medclaims.errors import Severity
from medclaims.remittance import balancing
from medclaims.remittance._parse.lines import LineLoop, joined
from medclaims.remittance._parse.state import Seg
from medclaims.remittance.records import (
    ClaimPayment,
    Entity,
    InpatientAdjudication,
    OutpatientAdjudication,
    build_record,
)
from medclaims.x12.values import amount_cache, date_cache, remember

_amounts_get = amount_cache.get
_dates_get = date_cache.get
_ZERO = Decimal(0)

_PAD = [""] * 9
_new_entity = slotted_constructor(Entity, acyclic=True)
_build_claim = record_builder(ClaimPayment, acyclic=True)

#: NM101 entity code → ClaimPayment field (loop 2100).
CLAIM_ENTITIES = {
    "QC": "patient",
    "IL": "insured",
    "74": "corrected_patient",
    "82": "rendering_provider",
    "TT": "crossover_carrier",
    "PR": "corrected_priority_payer",
    "GB": "other_subscriber",
}
#: NM101 codes of parties that repeat across claims (not people's names).
_SHARED_ENTITIES = frozenset({"82", "TT", "PR"})

#: DTM01 qualifier → ClaimPayment date field (loop 2100).
CLAIM_DATES = {
    "232": "statement_period_start",
    "233": "statement_period_end",
    "036": "coverage_expiration_date",
    "050": "received_date",
}

_MIA_AMOUNTS = {
    2: "pps_operating_outlier_amount",
    3: "lifetime_psychiatric_days",
    4: "drg_amount",
    6: "disproportionate_share_amount",
    7: "msp_pass_through_amount",
    8: "pps_capital_amount",
    9: "pps_capital_fsp_drg_amount",
    10: "pps_capital_hsp_drg_amount",
    11: "pps_capital_dsh_drg_amount",
    12: "old_capital_amount",
    13: "pps_capital_ime_amount",
    14: "pps_operating_hsp_drg_amount",
    15: "cost_report_day_count",
    16: "pps_operating_fsp_drg_amount",
    17: "pps_capital_outlier_amount",
    18: "indirect_teaching_amount",
    19: "nonpayable_professional_component_amount",
    24: "pps_capital_exception_amount",
}
_MIA_REMARKS = (5, 20, 21, 22, 23)

_CACHE_LIMIT = 1 << 15


def _entity(els: list[str]) -> Entity:
    values = els[1:]
    if len(values) < 9:
        values += _PAD[len(values) :]
    return _new_entity(*values)


class ClaimLoops(LineLoop):
    """Loop 2100 handlers (2110 in :class:`LineLoop`); mixed into the parser."""

    def _init_claims(self) -> None:
        self.claim = None
        self.line = None
        # Whole CAS segments repeat across lines ("CAS*CO*45*20"): keyed by their text.
        self.cas_cache = {}
        self.cas_one = {}
        self.remark_tuples = {}
        self.procedure_cache = {}
        self.entity_cache = {}
        self.moa_cache = {}
        self.grown = []

    # -- opening and closing -------------------------------------------------

    def open_claim(self, seg: Seg) -> None:
        """CLP: close the open claim, start a new one."""
        if self.claim is not None:
            self.close_claim()
        els = seg[0]
        n = len(els)
        # Only what the claim has: the record's class holds the defaults (records.py).
        c: dict[str, Any] = {
            "patient_control_number": els[1] if n > 1 else "",
            "status_code": els[2] if n > 2 else "",
        }
        text = els[3] if n > 3 else ""
        value = _amounts_get(text)
        c["charge_amount"] = value if value is not None else self.amount(text, seg, 3, True)
        text = els[4] if n > 4 else ""
        value = _amounts_get(text)
        c["paid_amount"] = value if value is not None else self.amount(text, seg, 4, True)
        if n > 5:
            text = els[5]
            if text:
                value = _amounts_get(text)
                c["patient_responsibility"] = (
                    value if value is not None else self.amount(text, seg, 5, False)
                )
            if n > 6:
                c["filing_indicator"] = els[6]
                if n > 7:
                    c["payer_claim_control_number"] = els[7]
                    if n > 8:
                        c["facility_type_code"] = els[8]
                        if n > 9:
                            c["frequency_code"] = els[9]
                            if n > 11:
                                self._clp_drg(c, els, seg)
        if not c["patient_control_number"] or not c["status_code"]:
            self.issue(
                Severity.ERROR,
                "missing-element",
                "CLP01 and CLP02 are required",
                seg,
                1 if not c["patient_control_number"] else 2,
            )
        if self.header_number:
            c["header_number"] = self.header_number
        if self.lx is None:
            self.loose_claims.append(seg)
        if c["status_code"] not in CLAIM_STATUSES and c["status_code"]:
            self.issue(Severity.ERROR, "bad-code", "CLP02 is not a claim status code", seg, 2)
        self.claim = c
        self.claim_seg = seg
        self.claim_adjustments = ()
        self.claim_cas_total = _ZERO
        self.claim_cas_ok = True
        self.lines = []
        self.lines_cas_total = _ZERO
        self.claim_extras = []
        self.table = self.claim_table

    def _clp_drg(self, c: dict[str, Any], els: list[str], seg: Seg) -> None:
        c["drg_code"] = els[11]
        if len(els) > 12:
            c["drg_weight"] = self.amount(els[12], seg, 12, False)
        if len(els) > 13:
            c["discharge_fraction"] = self.amount(els[13], seg, 13, False)

    def close_claim(self) -> None:
        """Build the open claim (and its open line) and check its balance."""
        if self.line is not None:
            self.close_line()
        c = self.claim
        assert c is not None
        if self.claim_adjustments:
            c["adjustments"] = tuple(self.claim_adjustments)  # a tuple stays the same object
        if self.grown:
            self.freeze_grown()
        if self.lines:
            c["service_lines"] = tuple(self.lines)
        if self.claim_extras:
            c["extra_segments"] = tuple(self.claim_extras)
        charge, paid = c["charge_amount"], c["paid_amount"]
        # 2100 rule: CLP03 - sum(2100 CAS) - sum(2110 CAS) = CLP04.
        if (
            charge is not None
            and paid is not None
            and self.claim_cas_ok
            and charge - self.claim_cas_total - self.lines_cas_total != paid
        ):
            self.add(
                balancing.claim_issue(
                    self.claim_count,
                    charge,
                    self.claim_cas_total + self.lines_cas_total,
                    paid,
                    self.location(self.claim_seg),
                )
            )
        self.claims.append(_build_claim(c))
        self.claim_count += 1
        if paid is not None:
            self.paid_total += paid
        else:
            self.paid_ok = False
        self.claim = None
        self.table = self.after_claim_table

    # -- shared by both loops ------------------------------------------------

    def claim_cas(self, seg: Seg) -> None:
        """CAS in 2100: claim-level adjustments."""
        adjustments, total = self.cas(seg)
        self.claim_adjustments = joined(self.claim_adjustments, adjustments)
        if total is None:
            self.claim_cas_ok = False
        else:
            self.claim_cas_total += total

    # -- 2100 ----------------------------------------------------------------

    def claim_nm1(self, seg: Seg) -> None:
        """NM1 in 2100: patient, insured, corrected names, rendering provider, ..."""
        els = seg[0]
        claim = self.claim
        assert claim is not None
        code = els[1] if len(els) > 1 else ""
        name = CLAIM_ENTITIES.get(code)
        if name is None or name in claim or len(els) > 10:
            self.claim_extras.append(tuple(els))
            return
        if code in _SHARED_ENTITIES:
            # Providers and payers repeat from claim to claim: one record each.
            key = self.join(els)
            cache = self.entity_cache
            entity = cache.get(key)
            if entity is None:
                entity = remember(cache, key, _entity(els), _CACHE_LIMIT)
            claim[name] = entity
        else:
            claim[name] = _entity(els)

    def claim_dtm(self, seg: Seg) -> None:
        """DTM in 2100: statement period, coverage expiration, received date."""
        els = seg[0]
        claim = self.claim
        assert claim is not None
        name = CLAIM_DATES.get(els[1]) if len(els) > 2 else None
        if name is None or name in claim:
            self.claim_extras.append(tuple(els))
            return
        value = _dates_get(els[2])
        if value is None:
            value = self.date(els[2], seg, 2)
            if value is None:
                self.claim_extras.append(tuple(els))
                return
        claim[name] = value

    def claim_ref(self, seg: Seg) -> None:
        """REF in 2100: other claim and rendering provider ids."""
        claim = self.claim
        assert claim is not None
        ref = self.reference(seg)
        if ref is None:
            self.claim_extras.append(tuple(seg[0]))
        else:
            self.append_to(claim, "references", ref)

    def claim_per(self, seg: Seg) -> None:
        """PER in 2100: claim contact."""
        claim = self.claim
        assert claim is not None
        contact = self.contact(seg)
        if contact is None:
            self.claim_extras.append(tuple(seg[0]))
        else:
            self.append_to(claim, "contacts", contact)

    def claim_amt(self, seg: Seg) -> None:
        """AMT in 2100: supplemental amounts by qualifier."""
        assert self.claim is not None
        self.keyed_amount(self.claim, "amounts", seg, self.claim_extras)

    def claim_qty(self, seg: Seg) -> None:
        """QTY in 2100: supplemental quantities by qualifier."""
        assert self.claim is not None
        self.keyed_amount(self.claim, "quantities", seg, self.claim_extras)

    def claim_mia(self, seg: Seg) -> None:
        """MIA: inpatient adjudication."""
        claim = self.claim
        assert claim is not None
        if "inpatient" in claim:
            self.claim_extras.append(tuple(seg[0]))
            return
        els = seg[0]
        get = self.element
        fields: dict[str, Any] = {"covered_days": self.amount(get(els, 1), seg, 1, False)}
        for pos, name in _MIA_AMOUNTS.items():
            fields[name] = self.amount(get(els, pos), seg, pos, False)
        fields["remark_codes"] = tuple(els[p] for p in _MIA_REMARKS if p < len(els) and els[p])
        claim["inpatient"] = InpatientAdjudication(**fields)

    def claim_moa(self, seg: Seg) -> None:
        """MOA: outpatient adjudication (identical MOAs share one record)."""
        claim = self.claim
        assert claim is not None
        els = seg[0]
        if "outpatient" in claim or len(els) > 10:
            self.claim_extras.append(tuple(els))
            return
        key = self.join(els)
        moa = self.moa_cache.get(key)
        if moa is None:
            moa = self._moa(seg, key)
        claim["outpatient"] = moa

    def _moa(self, seg: Seg, key: str) -> OutpatientAdjudication:
        els = seg[0]
        n = len(els)
        before = len(self.issues)
        rate, payable, esrd, nonpayable = (
            self.amount(els[p], seg, p, False) if p < n and els[p] else None for p in (1, 2, 8, 9)
        )
        moa = build_record(
            OutpatientAdjudication,
            {
                "reimbursement_rate": rate,
                "hcpcs_payable_amount": payable,
                "remark_codes": tuple(code for code in els[3:8] if code),
                "esrd_payment_amount": esrd,
                "nonpayable_professional_component_amount": nonpayable,
            },
        )
        if len(self.issues) == before:  # only clean ones: each bad one gets its issue
            remember(self.moa_cache, key, moa, _CACHE_LIMIT)
        return moa

    def claim_extra(self, seg: Seg) -> None:
        """A segment of the claim loop kept as read."""
        self.claim_extras.append(tuple(seg[0]))
