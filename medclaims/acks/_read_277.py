"""Read one 277CA (005010X214) or 277 (005010X212) transaction set into records.

Strategy: the HL segments build the tree (HL01 id, HL02 parent, HL03 level);
inside a level the reader is in one of four places, each with its own table
of what it takes: the name loop (NM1 and what follows it), the level's trace
loop (TRN, STC, REF, QTY, AMT, DTP of 2200A/B/C), a claim (TRN of 2200D/E at
a patient level: ``PT``, ``22`` or ``23``) or a claim's service line (SVC of
2220D/E). A segment a place has no field for stays, in order, in that place's
``extra_segments``. Records are made when the SE is reached; then the totals
of the information receiver (QTY*90/AA, AMT*YU/YY) and of each provider
(QTY*QA/QC, AMT*YU/YY) are balanced against the claims below them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from medclaims._support.records import record_builder, slotted_constructor
from medclaims.acks._common import Reading, kept
from medclaims.acks._envelopes import Piece
from medclaims.acks.records import (
    ClaimAcknowledgement,
    ClaimStatus,
    DateRef,
    LineStatus,
    Party,
    Quantity,
    Reference,
    StatusCode,
    StatusInfo,
    StatusLevel,
)
from medclaims.errors import Issue, Severity
from medclaims.x12.segment import Segment
from medclaims.x12.values import parse_amount, parse_date

__all__ = ["PATIENT_LEVELS", "read_277"]

# Records are made without re-running their type checks: the values come from this
# reader, strings, Decimals, dates and tuples by construction.
_new_code = slotted_constructor(StatusCode, acyclic=True)
_new_status = slotted_constructor(StatusInfo, acyclic=True)
_new_reference = slotted_constructor(Reference, acyclic=True)
_new_date = slotted_constructor(DateRef, acyclic=True)
_new_claim = record_builder(ClaimStatus, acyclic=True)
_new_line = record_builder(LineStatus, acyclic=True)
_new_party = record_builder(Party, acyclic=True)
_new_level = record_builder(StatusLevel, acyclic=True)

PATIENT_LEVELS = frozenset({"PT", "22", "23"})
"""HL03 codes of the levels whose TRN loops are claims."""
_RECEIVER_TOTALS = ("90", "AA")
_PROVIDER_TOTALS = ("QA", "QC")


def _tail(seg: Segment, first: int) -> tuple[str, ...]:
    """Elements from ``first`` on, as read (empty when the segment is shorter)."""
    return tuple(seg.elements[first:])


class _Level:
    """An HL level being read."""

    __slots__ = ("children", "claims", "fields", "hl_id", "parent_id")

    def __init__(self, seg: Segment) -> None:
        self.hl_id = seg.get(1)
        self.parent_id = seg.get(2)
        self.children: list[_Level] = []
        self.claims: list[dict[str, Any]] = []
        self.fields: dict[str, Any] = {
            "level_code": seg.get(3),
            "party": None,
            "parties": [],
            "trace_number": "",
            "trace_type": "",
            "trace_extra": (),
            "statuses": [],
            "references": [],
            "quantities": [],
            "amounts": [],
            "dates": [],
            "hl_id": seg.get(1),
            "child_code": seg.get(4),
            "hl_extra": _tail(seg, 5),
            "extra_segments": [],
            "trace_extra_segments": [],
        }


class _Reader(Reading):
    def __init__(self, piece: Piece) -> None:
        super().__init__()
        self.piece = piece
        self.head: dict[str, Any] = {}
        self.extra: list[tuple[str, ...]] = []
        self.roots: list[_Level] = []
        self.by_id: dict[str, _Level] = {}
        self.level: _Level | None = None
        self.place = "header"
        self.party: dict[str, Any] | None = None
        self.claim: dict[str, Any] | None = None
        self.line: dict[str, Any] | None = None

    # ---- values
    def status(self, seg: Segment) -> StatusInfo:
        els = seg.elements
        n = len(els)
        comp = seg.delimiters.component
        codes = []
        for pos in (1, 10, 11):
            value = els[pos] if pos < n else ""
            if pos == 10 and not value and not (n > 11 and els[11]):
                continue
            if pos == 11 and not value:
                continue
            parts = value.split(comp) if value else []
            if len(parts) > 4:
                self.issue("extra-components", "status composite has more than 4 parts", seg, pos)
                parts = [parts[0], parts[1], parts[2], comp.join(parts[3:])]
            parts += [""] * (4 - len(parts))
            codes.append(_new_code(*parts))
        if n < 2 or not els[1]:
            self.issue("missing-element", "STC01 (claim status) is missing", seg, 1)
        if n > 13:
            self.issue("extra-elements", "STC has elements after STC12", seg, 13, Severity.WARNING)
        if n <= 5:  # the usual 277CA STC: status, date, action, charge
            return _new_status(
                tuple(codes),
                self.date(seg, 2),
                els[3] if n > 3 else "",
                self.amount(seg, 4),
                None,
                None,
                "",
                None,
                "",
                "",
            )
        return _new_status(
            tuple(codes),
            self.date(seg, 2),
            seg.get(3),
            self.amount(seg, 4),
            self.amount(seg, 5),
            self.date(seg, 6),
            seg.get(7),
            self.date(seg, 8),
            seg.get(9),
            seg.get(12),
        )

    def reference(self, seg: Segment) -> Reference:
        return _new_reference(seg.get(1), seg.get(2), _tail(seg, 3))

    def dtp(self, seg: Segment) -> DateRef:
        fmt, text = seg.get(2), seg.get(3)
        if fmt == "RD8":
            start, _, end = text.partition("-")
            a, b = parse_date(start), parse_date(end)
            if a is not None and b is not None and len(text) == 17:
                return _new_date(seg.get(1), a, b, fmt, "")
        else:
            a = parse_date(text)
            if a is not None:
                return _new_date(seg.get(1), a, None, fmt, "")
        self.issue("bad-date", "DTP03 is not a date or period in the DTP02 format", seg, 3)
        return DateRef(seg.get(1), None, None, fmt, text)

    def total(self, seg: Segment) -> Quantity:
        text = seg.get(2)
        value = parse_amount(text) if text else None
        if value is None:
            self.issue("bad-amount", "total is not an X12 decimal number", seg, 2)
            return Quantity(seg.get(1), None, text)
        if len(seg.elements) > 3:
            self.issue(
                "extra-elements", "total has elements after the second", seg, 3, Severity.WARNING
            )
        return Quantity(seg.get(1), value)

    def name(self, seg: Segment) -> dict[str, Any]:
        g = seg.get
        extra = (g(6), *seg.elements[10:])
        return {
            "entity_code": g(1),
            "entity_type": g(2),
            "last_name": g(3),
            "first_name": g(4),
            "middle_name": g(5),
            "suffix": g(7),
            "id_qualifier": g(8),
            "identifier": g(9),
            "extra_elements": extra if any(extra) else (),
            "extra_segments": [],
        }

    # ---- places
    def keep(self, seg: Segment, why: str = "") -> None:
        """Keep ``seg`` in the innermost open place."""
        if self.line is not None:
            self.line["extra_segments"].append(kept(seg))
        elif self.claim is not None:
            self.claim["extra_segments"].append(kept(seg))
        elif self.level is None:
            self.extra.append(kept(seg))
        elif self.place == "name" and self.party is not None:
            self.party["extra_segments"].append(kept(seg))
        elif self.place == "trace":
            self.level.fields["trace_extra_segments"].append(kept(seg))
        else:
            self.level.fields["extra_segments"].append(kept(seg))
        if why:
            self.issue("unexpected-segment", why, seg, severity=Severity.WARNING)

    def close_claim(self) -> None:
        self.close_line()
        if self.claim is not None and self.level is not None:
            self.level.claims.append(self.claim)
        self.claim = None

    def close_line(self) -> None:
        if self.line is not None and self.claim is not None:
            self.claim["lines"].append(self.line)
        self.line = None

    def close_party(self) -> None:
        if self.party is not None and self.level is not None:
            fields = self.level.fields
            if fields["party"] is None:
                fields["party"] = self.party
            else:
                fields["parties"].append(self.party)
        self.party = None

    # ---- segments
    def on_bht(self, seg: Segment) -> None:
        if self.level is not None or self.head:
            self.keep(seg, "a second BHT, kept as read")
            return
        self.head = {
            "structure_code": seg.get(1),
            "purpose_code": seg.get(2),
            "reference": seg.get(3),
            "created_date": self.date(seg, 4),
            "created_time": seg.get(5),
            "transaction_type": seg.get(6),
        }

    def on_hl(self, seg: Segment) -> None:
        self.close_claim()
        self.close_party()
        level = _Level(seg)
        parent = self.by_id.get(level.parent_id) if level.parent_id else None
        if level.parent_id and parent is None:
            self.issue("hl-parent", "HL02 names no earlier HL; read as a top level", seg, 2)
        if parent is None:
            self.roots.append(level)
        else:
            parent.children.append(level)
        if level.hl_id in self.by_id:
            self.issue("hl-duplicate", "HL01 repeats an earlier HL id", seg, 1)
        self.by_id[level.hl_id] = level
        self.level = level
        self.place = "level"

    def on_nm1(self, seg: Segment) -> None:
        if self.level is None or self.place not in ("level", "name"):
            self.keep(seg, "name (NM1) out of place, kept as read")
            return
        self.close_party()
        self.party = self.name(seg)
        self.place = "name"

    def on_trn(self, seg: Segment) -> None:
        if self.level is None:
            self.keep(seg, "trace (TRN) before any HL, kept as read")
            return
        self.close_party()
        if self.level.fields["level_code"] in PATIENT_LEVELS:
            self.close_claim()
            if not seg.get(2):
                self.issue("missing-element", "TRN02 (claim id) is missing", seg, 2)
            self.claim = {
                "patient_control_number": seg.get(2),
                "trace_type": seg.get(1),
                "statuses": [],
                "references": [],
                "dates": [],
                "lines": [],
                "trace_extra": _tail(seg, 3),
                "extra_segments": [],
            }
            self.place = "claim"
            return
        fields = self.level.fields
        if self.place == "trace" or fields["trace_type"] or fields["trace_number"]:
            self.keep(seg, "a second trace (TRN) at one level, kept as read")
            return
        fields.update(trace_number=seg.get(2), trace_type=seg.get(1), trace_extra=_tail(seg, 3))
        self.place = "trace"

    def _target(self) -> dict[str, Any] | None:
        """Fields of the place that takes STC, REF and DTP."""
        if self.line is not None:
            return self.line
        if self.claim is not None:
            return self.claim
        if self.place == "trace" and self.level is not None:
            return self.level.fields
        return None

    def on_stc(self, seg: Segment) -> None:
        target = self._target()
        if target is None:
            self.keep(seg, "status (STC) outside a trace loop, kept as read")
        else:
            target["statuses"].append(self.status(seg))

    def on_ref(self, seg: Segment) -> None:
        target = self._target()
        if target is None:
            self.keep(seg)
        else:
            target["references"].append(self.reference(seg))

    def on_dtp(self, seg: Segment) -> None:
        target = self._target()
        if target is None:
            self.keep(seg)
        else:
            target["dates"].append(self.dtp(seg))

    def on_qty_amt(self, seg: Segment) -> None:
        if self.place != "trace" or self.level is None:
            self.keep(seg, "total (QTY/AMT) outside a level's trace loop, kept as read")
            return
        key = "quantities" if seg.elements[0] == "QTY" else "amounts"
        self.level.fields[key].append(self.total(seg))

    def on_svc(self, seg: Segment) -> None:
        if self.claim is None:
            self.keep(seg, "service line (SVC) outside a claim, kept as read")
            return
        self.close_line()
        g = seg.get
        extra = (g(5), g(6), *seg.elements[8:])
        self.line = {
            "procedure": tuple(seg.composite(1)),
            "charge_amount": self.amount(seg, 2),
            "paid_amount": self.amount(seg, 3),
            "revenue_code": g(4),
            "units": self.amount(seg, 7),
            "statuses": [],
            "references": [],
            "dates": [],
            "extra_elements": extra if any(extra) else (),
            "extra_segments": [],
        }

    # ---- building
    def build_level(self, level: _Level) -> StatusLevel:
        f = level.fields
        fields = dict(f)
        fields.update(
            party=_party(f["party"]),
            parties=tuple(_party(p) for p in f["parties"]),
            statuses=tuple(f["statuses"]),
            references=tuple(f["references"]),
            quantities=tuple(f["quantities"]),
            amounts=tuple(f["amounts"]),
            dates=tuple(f["dates"]),
            children=tuple(self.build_level(c) for c in level.children),
            claims=tuple(_claim(c) for c in level.claims),
            extra_segments=tuple(f["extra_segments"]),
            trace_extra_segments=tuple(f["trace_extra_segments"]),
        )
        return _new_level(fields)

    def run(self, file_issues: list[Issue]) -> ClaimAcknowledgement:
        piece = self.piece
        st = piece.segments[0]
        body = piece.segments[1:]
        if body and body[-1].elements[0] == "SE":
            body = body[:-1]
        handlers = {
            "BHT": self.on_bht,
            "HL": self.on_hl,
            "NM1": self.on_nm1,
            "TRN": self.on_trn,
            "STC": self.on_stc,
            "REF": self.on_ref,
            "DTP": self.on_dtp,
            "QTY": self.on_qty_amt,
            "AMT": self.on_qty_amt,
            "SVC": self.on_svc,
        }
        for seg in body:
            handler = handlers.get(seg.elements[0])
            if handler is None:
                self.keep(seg)
            else:
                handler(seg)
        self.close_claim()
        self.close_party()
        if not self.head:
            self.issue("missing-segment", "the 277 has no BHT", st)
        sources = tuple(self.build_level(root) for root in self.roots)
        for source in sources:
            self.balance(source, st)
        return ClaimAcknowledgement(
            control_number=st.get(2),
            implementation_reference=st.get(3),
            structure_code=self.head.get("structure_code", ""),
            purpose_code=self.head.get("purpose_code", ""),
            reference=self.head.get("reference", ""),
            created_date=self.head.get("created_date"),
            created_time=self.head.get("created_time", ""),
            transaction_type=self.head.get("transaction_type", ""),
            sources=sources,
            interchange=piece.interchange,
            group=piece.group,
            extra_segments=tuple(self.extra),
            issues=(*file_issues, *self.issues),
            delimiters=piece.delimiters,
        )

    def balance(self, level: StatusLevel, st: Segment) -> None:
        """Totals of receivers (QTY*90/AA) and providers (QTY*QA/QC), with AMT*YU/YY."""
        code = level.level_code
        if code in ("21", "19") and (level.quantities or level.amounts):
            accepted_q, rejected_q = _RECEIVER_TOTALS if code == "21" else _PROVIDER_TOTALS
            counts = [0, 0]
            charges = [Decimal(0), Decimal(0)]
            for claim in level.iter_claims():  # one pass: rejected is 1, accepted 0
                side = 1 if claim.rejected else 0
                counts[side] += 1
                charge = claim.charge_amount
                if charge is not None:
                    charges[side] += charge
            who = "information receiver" if code == "21" else "billing provider"
            checks = [
                (
                    level.quantity(accepted_q),
                    Decimal(counts[0]),
                    f"QTY*{accepted_q}",
                    "accepted claims",
                ),
                (
                    level.quantity(rejected_q),
                    Decimal(counts[1]),
                    f"QTY*{rejected_q}",
                    "rejected claims",
                ),
                (level.amount("YU"), charges[0], "AMT*YU", "accepted charges"),
                (level.amount("YY"), charges[1], "AMT*YY", "rejected charges"),
            ]
            for stated, found, element, what in checks:
                if stated is not None and stated != found:
                    self.issue(
                        "277-totals",
                        f"{who} {element} states {stated} {what}, the claims listed make {found}",
                        st,
                    )
        if code in PATIENT_LEVELS:
            return  # nothing below a patient level carries totals
        for child in level.children:
            self.balance(child, st)


def _party(fields: dict[str, Any] | None) -> Party | None:
    if fields is None:
        return None
    fields["extra_segments"] = tuple(fields["extra_segments"])
    return _new_party(fields)


def _line(fields: dict[str, Any]) -> LineStatus:
    for key in ("statuses", "references", "dates", "extra_segments"):
        fields[key] = tuple(fields[key])
    return _new_line(fields)


def _claim(fields: dict[str, Any]) -> ClaimStatus:
    for key in ("statuses", "references", "dates", "extra_segments"):
        fields[key] = tuple(fields[key])
    fields["lines"] = tuple(_line(x) for x in fields["lines"])
    return _new_claim(fields)


def read_277(piece: Piece, file_issues: list[Issue]) -> ClaimAcknowledgement:
    """The :class:`ClaimAcknowledgement` of one 277CA or 277 transaction set."""
    return _Reader(piece).run(file_issues)
