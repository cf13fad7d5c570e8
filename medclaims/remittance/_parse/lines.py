"""Handlers of the service line loop of the 835 (2110: SVC, DTM, CAS, REF, AMT, QTY, LQ).

Strategy: the hottest loop. As in :mod:`.claims`, handlers write into the
plain dict of the line under construction and the record is created in one
call when the next SVC, CLP, LX, PLB or SE closes the line. Whole CAS segments
and procedure composites are cached by their text, and the line's CAS total is
carried so the 2110 balancing rule costs one subtraction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from medclaims._support.records import record_builder, slotted_constructor
from medclaims.errors import Severity
from medclaims.remittance import balancing
from medclaims.remittance._parse.state import ParseState, Seg
from medclaims.remittance.records import (
    Adjustment,
    Procedure,
    ServicePayment,
    build_record,
)
from medclaims.x12.values import amount_cache, date_cache, parse_amount, remember

_amounts_get = amount_cache.get
_dates_get = date_cache.get
_ZERO = Decimal(0)
_build_line = record_builder(ServicePayment, acyclic=True)
_new_adjustment = slotted_constructor(Adjustment, acyclic=True)
_CACHE_LIMIT = 1 << 15
# Whole CAS segments: amounts that repeat (copays, common reductions) come back
# within a few thousand; a bigger cache only holds one-off amounts longer.
_CAS_CACHE_LIMIT = 1 << 12

#: DTM01 qualifier → ServicePayment date field (loop 2110).
LINE_DATES = {"472": "service_date", "150": "service_date", "151": "service_date_end"}


def joined(
    current: tuple[Adjustment, ...] | list[Adjustment], more: tuple[Adjustment, ...]
) -> tuple[Adjustment, ...] | list[Adjustment]:
    """The adjustments of a loop so far, then those of one more CAS.

    Usually a loop has one CAS, whose (often shared) tuple is kept as is. From
    the second on they go into a list: adding to a tuple copies it, quadratic
    in the number of CAS segments. The loop makes it a tuple when it closes.
    """
    if not current:
        return more
    if isinstance(current, tuple):
        return [*current, *more]
    current.extend(more)
    return current


class LineLoop(ParseState):
    """Loop 2110 handlers and the CAS reader shared with loop 2100."""

    def open_line(self, seg: Seg) -> None:
        """SVC: close the open line, start a new one."""
        if self.line is not None:
            self.close_line()
        els = seg[0]
        n = len(els)
        text = els[1] if n > 1 else ""
        proc = self.procedure_cache.get(text)
        # Only what the line has: the record's class holds the defaults (records.py).
        line: dict[str, Any] = {
            "procedure": proc if proc is not None else self._procedure(text, seg, 1)
        }
        text = els[2] if n > 2 else ""
        value = _amounts_get(text)
        line["charge_amount"] = value if value is not None else self.amount(text, seg, 2, True)
        text = els[3] if n > 3 else ""
        value = _amounts_get(text)
        line["paid_amount"] = value if value is not None else self.amount(text, seg, 3, True)
        if n > 4:
            if els[4]:
                line["revenue_code"] = els[4]
            if n > 5:
                text = els[5]
                if text:
                    value = _amounts_get(text)
                    line["units"] = value if value is not None else self.amount(text, seg, 5, False)
                if n > 6:
                    if els[6]:
                        line["original_procedure"] = self._procedure(els[6], seg, 6)
                    if n > 7 and els[7]:
                        line["original_units"] = self.amount(els[7], seg, 7, False)
        self.line = line
        self.line_seg = seg
        self.line_adjustments = ()
        self.line_cas_total = _ZERO
        self.line_cas_ok = True
        self.line_extras = []
        self.table = self.line_table

    def _procedure(self, text: str, seg: Seg, pos: int) -> Procedure:
        parts = text.split(self.component) if text else []
        if len(parts) < 2 and pos == 1:
            self.issue(
                Severity.ERROR,
                "missing-element",
                "procedure composite needs a qualifier and a code",
                seg,
                pos,
            )
        proc = Procedure(
            parts[0] if parts else "",
            parts[1] if len(parts) > 1 else "",
            tuple(parts[2:6]),
            parts[6] if len(parts) > 6 else "",
        )
        if len(parts) > 7:
            self.issue(
                Severity.WARNING,
                "extra-components",
                "procedure composite has more than 7 components",
                seg,
                pos,
            )
        if pos == 1:
            remember(self.procedure_cache, text, proc, _CACHE_LIMIT)
        return proc

    def close_line(self) -> None:
        """Build the open service line and check its balance."""
        line = self.line
        assert line is not None
        if self.line_adjustments:
            line["adjustments"] = tuple(self.line_adjustments)  # a tuple stays the same object
        if self.grown:
            self.freeze_grown()
        if self.line_extras:
            line["extra_segments"] = tuple(self.line_extras)
        charge, paid = line["charge_amount"], line["paid_amount"]
        # 2110 rule: SVC02 - sum(2110 CAS) = SVC03.
        if (
            charge is not None
            and paid is not None
            and self.line_cas_ok
            and charge - self.line_cas_total != paid
        ):
            self.add(
                balancing.line_issue(
                    self.claim_count,
                    len(self.lines),
                    charge,
                    self.line_cas_total,
                    paid,
                    self.location(self.line_seg),
                )
            )
        self.lines.append(_build_line(line))
        self.lines_cas_total += self.line_cas_total
        if not self.line_cas_ok:
            self.claim_cas_ok = False
        self.line = None
        self.table = self.claim_table

    def cas(self, seg: Seg) -> tuple[tuple[Adjustment, ...], Decimal | None]:
        """A CAS as its adjustments and their total (``None`` when it is not clean).

        Records are immutable, so identical CAS segments (``CAS*PR*2*20``) share
        their adjustments, keyed by their text: fewer objects to build and fewer
        for the garbage collector to trace. The common one-triple CAS caches its
        :class:`Adjustment` alone, not a tuple around it: a cache entry is then
        never an object the lines do not keep themselves, so clearing the cache
        frees nothing the collector has already paid to trace.
        """
        els = seg[0]
        key = self.join(els)
        hit = self.cas_cache.get(key)
        if hit is not None:
            return hit
        one = self.cas_one.get(key)
        if one is not None and one.amount is not None:  # always: only clean ones are kept
            # Seen before: from now on its tuple is shared too.
            return self._keep_cas(key, ((one,), one.amount))
        if len(els) == 4 and els[1] and els[2]:
            amount = parse_amount(els[3])
            if amount is not None:
                one = _new_adjustment(els[1], els[2], amount, None)
                return (remember(self.cas_one, key, one, _CAS_CACHE_LIMIT),), amount
        return self._cas(seg, key)

    def _keep_cas(
        self, key: str, result: tuple[tuple[Adjustment, ...], Decimal]
    ) -> tuple[tuple[Adjustment, ...], Decimal]:
        return remember(self.cas_cache, key, result, _CAS_CACHE_LIMIT)

    def _cas(self, seg: Seg, key: str) -> tuple[tuple[Adjustment, ...], Decimal | None]:
        els = seg[0]
        group = els[1] if len(els) > 1 else ""
        adjustments: list[Adjustment] = []
        total = _ZERO
        clean = bool(group) and len(els) > 3
        if not clean:
            self.issue(
                Severity.ERROR,
                "missing-element",
                "CAS needs a group code, a reason and an amount",
                seg,
                1,
            )
        for pos in range(2, len(els), 3):
            reason = els[pos]
            amount_text = els[pos + 1] if pos + 1 < len(els) else ""
            qty_text = els[pos + 2] if pos + 2 < len(els) else ""
            if not reason and not amount_text and not qty_text:
                continue
            amount = self.amount(amount_text, seg, pos + 1, True)
            qty = self.amount(qty_text, seg, pos + 2, False) if qty_text else None
            if amount is None or not reason or (qty_text and qty is None):
                clean = False
                if not reason:
                    self.issue(
                        Severity.ERROR,
                        "missing-element",
                        "CAS adjustment amount without a reason code",
                        seg,
                        pos,
                    )
            else:
                total += amount
            adjustments.append(
                build_record(
                    Adjustment,
                    {"group_code": group, "reason_code": reason, "amount": amount, "quantity": qty},
                )
            )
        if len(els) > 20:
            self.issue(
                Severity.WARNING,
                "extra-elements",
                "CAS has more than six adjustment triples",
                seg,
                20,
            )
        if clean:
            return self._keep_cas(key, (tuple(adjustments), total))
        return tuple(adjustments), None

    def line_cas(self, seg: Seg) -> None:
        """CAS in 2110: line-level adjustments."""
        adjustments, total = self.cas(seg)
        self.line_adjustments = joined(self.line_adjustments, adjustments)
        if total is None:
            self.line_cas_ok = False
        else:
            self.line_cas_total += total

    # -- 2110 ----------------------------------------------------------------

    def line_dtm(self, seg: Seg) -> None:
        """DTM in 2110: service date or period."""
        els = seg[0]
        line = self.line
        assert line is not None
        name = LINE_DATES.get(els[1]) if len(els) > 2 else None
        if name is None or name in line:
            self.line_extras.append(tuple(els))
            return
        value = _dates_get(els[2])
        if value is None:
            value = self.date(els[2], seg, 2)
            if value is None:
                self.line_extras.append(tuple(els))
                return
        line[name] = value

    def line_ref(self, seg: Seg) -> None:
        """REF in 2110: line item control number (6R) and other line ids."""
        els = seg[0]
        line = self.line
        assert line is not None
        if len(els) == 3 and els[1] == "6R" and "line_control_number" not in line:
            line["line_control_number"] = els[2]
            return
        ref = self.reference(seg)
        if ref is None:
            self.line_extras.append(tuple(els))
        else:
            self.append_to(line, "references", ref)

    def line_amt(self, seg: Seg) -> None:
        """AMT in 2110: allowed amount (B6) and other amounts."""
        els = seg[0]
        line = self.line
        assert line is not None
        if len(els) == 3 and els[1] == "B6" and "allowed_amount" not in line:
            text = els[2]
            value = _amounts_get(text)
            if value is None:
                value = self.amount(text, seg, 2, True)
                if value is None:
                    self.line_extras.append(tuple(els))
                    return
            line["allowed_amount"] = value
            return
        self.keyed_amount(line, "amounts", seg, self.line_extras)

    def line_qty(self, seg: Seg) -> None:
        """QTY in 2110: quantities by qualifier."""
        assert self.line is not None
        self.keyed_amount(self.line, "quantities", seg, self.line_extras)

    def line_lq(self, seg: Seg) -> None:
        """LQ in 2110: remark codes (LQ*HE); other qualifiers are kept as read."""
        els = seg[0]
        line = self.line
        assert line is not None
        if len(els) == 3 and els[1] == "HE" and els[2]:
            codes = line.get("remark_codes")
            if codes is None:
                # The usual one code per line: one shared tuple per code.
                codes = self.remark_tuples.get(els[2])
                if codes is None:
                    codes = remember(self.remark_tuples, els[2], (els[2],), _CACHE_LIMIT)
                line["remark_codes"] = codes
            else:
                self.append_to(line, "remark_codes", els[2])
        else:
            self.line_extras.append(tuple(els))

    def line_extra(self, seg: Seg) -> None:
        """A segment of the service line loop kept as read."""
        self.line_extras.append(tuple(seg[0]))
