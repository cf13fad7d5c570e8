"""Read one 999 (005010X231A1) or 997 (004010) transaction set into records.

Strategy: the loops of the guide (AK1, 2000 AK2..IK5, 2100 IK3 with its CTX,
2110 IK4 with its CTX, AK9) are kept as open builders: a segment that starts
a loop closes the inner ones, a CTX goes to the innermost open IK4 or IK3, and
any segment the loop has no field for stays in its ``extra_segments``. A 997
says AK3, AK4 and AK5 where a 999 says IK3, IK4 and IK5; both read into the
same records (a 997 has no CTX). Records are made when the SE is reached.
"""

from __future__ import annotations

from typing import Any

from medclaims.acks._common import Reading, kept
from medclaims.acks._envelopes import Piece
from medclaims.acks.records import (
    Context,
    ElementError,
    ImplementationAck,
    SegmentError,
    TransactionSetAck,
)
from medclaims.errors import Issue, Severity
from medclaims.x12.numbers import whole_number
from medclaims.x12.segment import Segment

__all__ = ["read_999"]

_ALIASES = {"AK3": "IK3", "AK4": "IK4", "AK5": "IK5"}


def _int(text: str) -> int | None:
    return whole_number(text) if text else None


def _context(seg: Segment) -> Context:
    ident = seg.composite(1)
    return Context(
        name=ident[0] if ident else "",
        reference=seg.delimiters.component.join(ident[1:]),
        segment_id=seg.get(2),
        segment_position=_int(seg.get(3)),
        loop_id=seg.get(4),
        element_position=tuple(seg.composite(5)),
        element_reference=tuple(seg.composite(6)),
    )


def _codes(seg: Segment, first: int, last: int) -> tuple[str, ...]:
    """Elements ``first``..``last`` as read, trailing empties dropped, inner ones kept."""
    values = [seg.get(i) for i in range(first, last + 1)]
    while values and not values[-1]:
        values.pop()
    return tuple(values)


class _Reader(Reading):
    def __init__(self, piece: Piece) -> None:
        super().__init__()
        self.piece = piece
        self.head: dict[str, Any] = {}
        self.extra: list[tuple[str, ...]] = []
        self.sets: list[TransactionSetAck] = []
        self.ts: dict[str, Any] | None = None
        self.se: dict[str, Any] | None = None
        self.ee: dict[str, Any] | None = None
        self.closed_ts = False

    # ---- closing loops, innermost first
    def _close_ee(self) -> None:
        if self.ee is not None and self.se is not None:
            self.se["element_errors"].append(ElementError(**self.ee))
        self.ee = None

    def _close_se(self) -> None:
        self._close_ee()
        if self.se is not None and self.ts is not None:
            self.se["element_errors"] = tuple(self.se["element_errors"])
            self.se["contexts"] = tuple(self.se["contexts"])
            self.se["extra_segments"] = tuple(self.se["extra_segments"])
            self.ts["segment_errors"].append(SegmentError(**self.se))
        self.se = None

    def _close_ts(self) -> None:
        self._close_se()
        if self.ts is not None:
            self.ts["segment_errors"] = tuple(self.ts["segment_errors"])
            self.ts["extra_segments"] = tuple(self.ts["extra_segments"])
            self.sets.append(TransactionSetAck(**self.ts))
        self.ts = None

    def _keep(self, seg: Segment, where: str = "") -> None:
        """Keep ``seg`` on the innermost open loop."""
        if self.ee is not None:
            self.ee["extra_segments"] = (*self.ee["extra_segments"], kept(seg))
        elif self.se is not None:
            self.se["extra_segments"].append(kept(seg))
        elif self.ts is not None:
            self.ts["extra_segments"].append(kept(seg))
        else:
            self.extra.append(kept(seg))
        if where:
            self.issue("unexpected-segment", where, seg, severity=Severity.WARNING)

    # ---- segments
    def on_ak1(self, seg: Segment) -> None:
        if self.head or self.sets or self.ts is not None:
            self._keep(seg, "a second AK1 in one acknowledgement, kept as read")
            return
        self.head = {
            "functional_id": seg.get(1),
            "group_control_number": seg.get(2),
            "version": seg.get(3),
        }
        if not seg.get(2):
            self.issue("missing-element", "AK102 (group control number) is missing", seg, 2)
        if len(seg.elements) > 4:
            self.issue("extra-elements", "AK1 has elements after AK103", seg, 4, Severity.WARNING)

    def on_ak2(self, seg: Segment) -> None:
        self._close_ts()
        self.ts = {
            "transaction_set_id": seg.get(1),
            "control_number": seg.get(2),
            "implementation_reference": seg.get(3),
            "extra_elements": tuple(seg.elements[4:]),
            "ack_code": "",
            "syntax_error_codes": (),
            "segment_errors": [],
            "extra_segments": [],
        }
        if not seg.get(2):
            self.issue(
                "missing-element", "AK202 (transaction set control number) is missing", seg, 2
            )

    def on_ik3(self, seg: Segment) -> None:
        if self.ts is None:
            self._keep(seg, "segment error (IK3) outside any AK2 loop, kept as read")
            return
        self._close_se()
        position = _int(seg.get(2))
        if seg.get(2) and position is None:
            self.issue("bad-number", "IK302 is not a whole number", seg, 2)
        self.se = {
            "segment_id": seg.get(1),
            "position": position,
            "loop_id": seg.get(3),
            "error_code": seg.get(4),
            "raw_position": seg.get(2) if position is None else "",
            "extra_elements": tuple(seg.elements[5:]),
            "contexts": [],
            "element_errors": [],
            "extra_segments": [],
        }

    def on_ik4(self, seg: Segment) -> None:
        if self.se is None:
            self._keep(seg, "element error (IK4) outside any IK3 loop, kept as read")
            return
        self._close_ee()
        where = seg.composite(1)
        nums = [_int(p) for p in where[:3]] + [None] * (3 - len(where[:3]))
        if any(p and n is None for p, n in zip(where[:3], nums, strict=False)) or len(where) > 3:
            self.issue("bad-number", "IK401 is not a position composite", seg, 1)
        self.ee = {
            "position": nums[0],
            "component": nums[1],
            "repetition": nums[2],
            "reference_number": seg.get(2),
            "error_code": seg.get(3),
            "bad_value": seg.get(4),
            "extra_elements": tuple(seg.elements[5:]),
            "contexts": (),
            "extra_segments": (),
        }

    def on_ctx(self, seg: Segment) -> None:
        if self.ee is not None:
            self.ee["contexts"] = (*self.ee["contexts"], _context(seg))
        elif self.se is not None:
            self.se["contexts"].append(_context(seg))
        else:
            self._keep(seg, "context (CTX) outside any IK3 loop, kept as read")

    def on_ik5(self, seg: Segment) -> None:
        if self.ts is None or self.ts["ack_code"]:
            self._keep(seg, "transaction set response (IK5) without its AK2, kept as read")
            return
        self._close_se()
        self.ts["ack_code"] = seg.get(1)
        self.ts["syntax_error_codes"] = _codes(seg, 2, 6)
        if not seg.get(1):
            self.issue("missing-element", "IK501 (acknowledgement code) is missing", seg, 1)

    def on_ak9(self, seg: Segment) -> None:
        self._close_ts()
        if "group_ack_code" in self.head:
            self._keep(seg, "a second AK9 in one acknowledgement, kept as read")
            return
        self.head.update(
            group_ack_code=seg.get(1),
            included_count=self.number(seg, 2),
            received_count=self.number(seg, 3),
            accepted_count=self.number(seg, 4),
            group_error_codes=_codes(seg, 5, 9),
        )

    def run(self, file_issues: list[Issue]) -> ImplementationAck:
        piece = self.piece
        st = piece.segments[0]
        body = piece.segments[1:]
        se_seg = body[-1] if body and body[-1].elements[0] == "SE" else None
        if se_seg is not None:
            body = body[:-1]
        handlers = {
            "AK1": self.on_ak1,
            "AK2": self.on_ak2,
            "IK3": self.on_ik3,
            "IK4": self.on_ik4,
            "CTX": self.on_ctx,
            "IK5": self.on_ik5,
            "AK9": self.on_ak9,
        }
        for seg in body:
            seg_id = seg.elements[0]
            handler = handlers.get(_ALIASES.get(seg_id, seg_id))
            if handler is None:
                self._keep(seg, "segment not part of a 999, kept as read")
            else:
                handler(seg)
        self._close_ts()
        if not self.head.get("group_control_number") and "functional_id" not in self.head:
            self.issue("missing-segment", "the acknowledgement has no AK1", st)
        if "group_ack_code" not in self.head:
            self.issue("missing-segment", "the acknowledgement has no AK9", se_seg or st)
        self._check_counts(st)
        for ts in self.sets:
            if not ts.ack_code:
                self.issue("missing-segment", "a transaction set response (AK2) has no IK5", st)
        return ImplementationAck(
            control_number=st.get(2),
            functional_id=self.head.get("functional_id", ""),
            group_control_number=self.head.get("group_control_number", ""),
            version=self.head.get("version", ""),
            transaction_sets=tuple(self.sets),
            group_ack_code=self.head.get("group_ack_code", ""),
            included_count=self.head.get("included_count"),
            received_count=self.head.get("received_count"),
            accepted_count=self.head.get("accepted_count"),
            group_error_codes=self.head.get("group_error_codes", ()),
            transaction_set_id=st.get(1),
            implementation_reference=st.get(3),
            interchange=piece.interchange,
            group=piece.group,
            extra_segments=tuple(self.extra),
            issues=(*file_issues, *self.issues),
            delimiters=piece.delimiters,
        )

    def _check_counts(self, st: Segment) -> None:
        """AK9 counts against the AK2 loops read (when the group lists them)."""
        accepted = self.head.get("accepted_count")
        if self.sets and accepted is not None:
            found = sum(1 for t in self.sets if t.accepted)
            if found != accepted:
                self.issue(
                    "ak9-accepted-count",
                    f"AK904 says {accepted} accepted, the AK2 loops accept {found}",
                    st,
                )
        received = self.head.get("received_count")
        if self.sets and received is not None and received < len(self.sets):
            self.issue(
                "ak9-received-count",
                f"AK903 says {received} received, yet {len(self.sets)} AK2 loops are listed",
                st,
            )


def read_999(piece: Piece, file_issues: list[Issue]) -> ImplementationAck:
    """The :class:`ImplementationAck` of one 999 or 997 transaction set."""
    return _Reader(piece).run(file_issues)
