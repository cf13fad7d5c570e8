"""Write acknowledgement records back as X12: TA1, 999/997, 277CA/277.

Strategy: each record becomes its segments as plain data (``["IK3", "NM1",
"5", "2010", "8"]``, a tuple a composite) in the order of the guide, with the
segments kept in ``extra_segments`` put back at the end of the loop they were
read in; :func:`~medclaims.x12.build_envelopes` adds the envelopes (SE01,
GE01, IEA01 counted) and :func:`~medclaims.x12.format_segments` the text.
Records of one interchange and group (same ISA13 and GS06, in a row) share an
envelope, so a file read and written back keeps its envelopes.

Composites are written with the interchange's component separator; a value
holding a delimiter raises :class:`~medclaims.errors.X12WriteError`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from itertools import count
from typing import Any

from medclaims.acks.records import (
    ClaimAcknowledgement,
    ClaimStatus,
    Context,
    DateRef,
    ImplementationAck,
    InterchangeAck,
    LineStatus,
    Party,
    Quantity,
    Reference,
    SegmentError,
    StatusInfo,
    StatusLevel,
    TransactionSetAck,
)
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.envelope import (
    GroupHeader,
    InterchangeHeader,
    TransactionHeader,
    build_envelopes,
)
from medclaims.x12.values import format_amount, format_date
from medclaims.x12.writer import Element, SegmentData, format_segments

__all__ = [
    "claim_ack_segments",
    "implementation_ack_segments",
    "ta1_segment",
    "write_277",
    "write_999",
    "write_ta1",
]


def _d(value: dt.date | None) -> str:
    return format_date(value) if value is not None else ""


def _a(value: Any) -> str:
    return format_amount(value) if value is not None else ""


def _n(value: int | None) -> str:
    return str(value) if value is not None else ""


def _comp(values: Sequence[str]) -> Element:
    """A composite from its parts (trailing empties dropped by the writer)."""
    parts = tuple(values)
    return parts if len(parts) > 1 else (parts[0] if parts else "")


def _extra(segments: Iterable[tuple[str, ...]]) -> list[SegmentData]:
    return [list(s) for s in segments]


def _split_components(segments: list[SegmentData], delimiters: Delimiters) -> list[SegmentData]:
    """Values read with a component or repetition separator inside (kept joined, as
    in ``extra_segments``, a context reference or a repeated element) become
    composites and repetitions again, so that they are written as read."""
    sep, rep = delimiters.component, delimiters.repetition

    def composite(text: str) -> Element:
        return tuple(text.split(sep)) if sep in text else text

    def restore(text: str) -> Element:
        if rep and rep in text:
            return [composite(part) for part in text.split(rep)]  # type: ignore[misc]
        return composite(text)

    out: list[SegmentData] = []
    for seg in segments:
        if seg and seg[0] == "ISA":
            out.append(seg)
            continue
        new: list[Element] = []
        for value in seg:
            if isinstance(value, tuple):
                value = sep.join(value)
            new.append(restore(value) if isinstance(value, str) else value)
        out.append(new)
    return out


# ---------------------------------------------------------------- TA1


def ta1_segment(ack: InterchangeAck) -> SegmentData:
    """The TA1 segment of ``ack``."""
    date = ack.raw_date or (ack.date.strftime("%y%m%d") if ack.date else "")
    return [
        "TA1",
        ack.control_number,
        date,
        ack.time,
        ack.ack_code,
        ack.note_code,
        *ack.extra_elements,
    ]


def write_ta1(acks: Sequence[InterchangeAck], delimiters: Delimiters = DEFAULT_DELIMITERS) -> str:
    """TA1 segments as X12: one interchange per enclosing ISA read (ISA, TA1..., IEA)."""
    out: list[SegmentData] = []
    i = 0
    while i < len(acks):
        isa = acks[i].interchange
        j = i
        while j < len(acks) and acks[j].interchange == isa:
            j += 1
        out.append(isa.to_segment(delimiters))
        out.extend(ta1_segment(a) for a in acks[i:j])
        out.append(["IEA", "0", isa.control_number])
        i = j
    return format_segments(_split_components(out, delimiters), delimiters)


# ---------------------------------------------------------------- 999 / 997


def _ctx(c: Context) -> SegmentData:
    ident = (c.name, c.reference) if c.reference else c.name
    return [
        "CTX",
        ident,
        c.segment_id,
        _n(c.segment_position),
        c.loop_id,
        _comp(c.element_position),
        _comp(c.element_reference),
    ]


def _segment_error(e: SegmentError, ids: tuple[str, str, str]) -> list[SegmentData]:
    position = e.raw_position or _n(e.position)
    out: list[SegmentData] = [
        [ids[0], e.segment_id, position, e.loop_id, e.error_code, *e.extra_elements]
    ]
    out.extend(_ctx(c) for c in e.contexts)
    out.extend(_extra(e.extra_segments))
    for el in e.element_errors:
        where = [_n(el.position), _n(el.component), _n(el.repetition)]
        out.append(
            [
                ids[1],
                _comp(where),
                el.reference_number,
                el.error_code,
                el.bad_value,
                *el.extra_elements,
            ]
        )
        out.extend(_ctx(c) for c in el.contexts)
        out.extend(_extra(el.extra_segments))
    return out


def _transaction_set(t: TransactionSetAck, ids: tuple[str, str, str]) -> list[SegmentData]:
    out: list[SegmentData] = [
        [
            "AK2",
            t.transaction_set_id,
            t.control_number,
            t.implementation_reference,
            *t.extra_elements,
        ]
    ]
    for e in t.segment_errors:
        out.extend(_segment_error(e, ids))
    out.append([ids[2], t.ack_code, *t.syntax_error_codes])
    # After the IK5: read back there, they stay on this loop (a second IK5 included).
    out.extend(_extra(t.extra_segments))
    return out


def implementation_ack_segments(ack: ImplementationAck) -> list[SegmentData]:
    """The segments between ST and SE of a 999 (or, for ST01 ``997``, a 997)."""
    ids = ("AK3", "AK4", "AK5") if ack.transaction_set_id == "997" else ("IK3", "IK4", "IK5")
    out: list[SegmentData] = []
    # A 997/999 read without AK1 or AK9 (an error) is written back without it.
    if ack.functional_id or ack.group_control_number or ack.version:
        out.append(["AK1", ack.functional_id, ack.group_control_number, ack.version])
    for t in ack.transaction_sets:
        out.extend(_transaction_set(t, ids))
    if ack.group_ack_code or ack.included_count is not None or ack.group_error_codes:
        out.append(
            [
                "AK9",
                ack.group_ack_code,
                _n(ack.included_count),
                _n(ack.received_count),
                _n(ack.accepted_count),
                *ack.group_error_codes,
            ]
        )
    out.extend(_extra(ack.extra_segments))
    return out


# ---------------------------------------------------------------- 277


def _status(s: StatusInfo) -> SegmentData:
    def code(i: int) -> Element:
        if i >= len(s.codes):
            return ""
        c = s.codes[i]
        return _comp([c.category_code, c.status_code, c.entity_code, c.code_list_qualifier])

    return [
        "STC",
        code(0),
        _d(s.effective_date),
        s.action_code,
        _a(s.charge_amount),
        _a(s.paid_amount),
        _d(s.adjudication_date),
        s.payment_method,
        _d(s.check_date),
        s.check_number,
        code(1),
        code(2),
        s.message,
    ]


def _ref(r: Reference) -> SegmentData:
    return ["REF", r.qualifier, r.value, *r.extra_elements]


def _dtp(d: DateRef) -> SegmentData:
    if d.raw or d.start is None:
        text = d.raw
    elif d.end is not None:
        text = f"{_d(d.start)}-{_d(d.end)}"
    else:
        text = _d(d.start)
    return ["DTP", d.qualifier, d.format, text]


def _total(seg_id: str, q: Quantity) -> SegmentData:
    return [seg_id, q.qualifier, q.raw or _a(q.value)]


def _party(p: Party) -> list[SegmentData]:
    nm106 = p.extra_elements[0] if p.extra_elements else ""
    rest = list(p.extra_elements[1:])
    out: list[SegmentData] = [
        [
            "NM1",
            p.entity_code,
            p.entity_type,
            p.last_name,
            p.first_name,
            p.middle_name,
            nm106,
            p.suffix,
            p.id_qualifier,
            p.identifier,
            *rest,
        ]
    ]
    out.extend(_extra(p.extra_segments))
    return out


def _line(line: LineStatus) -> list[SegmentData]:
    svc05, svc06 = [*line.extra_elements[:2], "", ""][:2]
    out: list[SegmentData] = [
        [
            "SVC",
            _comp(line.procedure),
            _a(line.charge_amount),
            _a(line.paid_amount),
            line.revenue_code,
            svc05,
            svc06,
            _a(line.units),
            *line.extra_elements[2:],
        ]
    ]
    out.extend(_status(s) for s in line.statuses)
    out.extend(_ref(r) for r in line.references)
    out.extend(_dtp(d) for d in line.dates)
    out.extend(_extra(line.extra_segments))
    return out


def _claim(c: ClaimStatus) -> list[SegmentData]:
    out: list[SegmentData] = [["TRN", c.trace_type, c.patient_control_number, *c.trace_extra]]
    out.extend(_status(s) for s in c.statuses)
    out.extend(_ref(r) for r in c.references)
    out.extend(_dtp(d) for d in c.dates)
    out.extend(_extra(c.extra_segments))
    for line in c.lines:
        out.extend(_line(line))
    return out


def _child_code(level: StatusLevel) -> str:
    """HL04 of a level built by hand: ``1`` above other levels, else ``0``; none at a
    277CA patient level (``PT``), where the guide does not use it."""
    if level.children:
        return "1"
    return "" if level.level_code == "PT" else "0"


def _level(level: StatusLevel, parent: str, numbers: Iterable[int]) -> list[SegmentData]:
    it = iter(numbers)
    hl_id = level.hl_id or str(next(it))
    # A level read from a file keeps its HL04 as read (even empty); others derive it.
    child = level.child_code if level.hl_id else _child_code(level)
    out: list[SegmentData] = [["HL", hl_id, parent, level.level_code, child, *level.hl_extra]]
    out.extend(_extra(level.extra_segments))
    for p in (level.party, *level.parties):
        if p is not None:
            out.extend(_party(p))
    if level.trace_type or level.trace_number or level.trace_extra:
        out.append(["TRN", level.trace_type, level.trace_number, *level.trace_extra])
    out.extend(_status(s) for s in level.statuses)
    out.extend(_ref(r) for r in level.references)
    out.extend(_total("QTY", q) for q in level.quantities)
    out.extend(_total("AMT", q) for q in level.amounts)
    out.extend(_dtp(d) for d in level.dates)
    out.extend(_extra(level.trace_extra_segments))
    for claim in level.claims:
        out.extend(_claim(claim))
    for sub in level.children:
        out.extend(_level(sub, hl_id, it))
    return out


def claim_ack_segments(ack: ClaimAcknowledgement) -> list[SegmentData]:
    """The segments between ST and SE of a 277CA or 277."""
    out: list[SegmentData] = [
        [
            "BHT",
            ack.structure_code,
            ack.purpose_code,
            ack.reference,
            _d(ack.created_date),
            ack.created_time,
            ack.transaction_type,
        ]
    ]
    out.extend(_extra(ack.extra_segments))
    numbers = count(1)
    for source in ack.sources:
        out.extend(_level(source, "", numbers))
    return out


# ---------------------------------------------------------------- envelopes


def _enveloped(
    records: Sequence[Any],
    body: Any,
    transaction_set_id: Any,
    functional_id: str,
    version: Any,
) -> str:
    if not records:
        return ""
    delimiters = records[0].delimiters
    out: list[SegmentData] = []
    i = 0
    while i < len(records):
        isa: InterchangeHeader = records[i].interchange
        groups: list[tuple[GroupHeader, list[tuple[TransactionHeader, list[SegmentData]]]]] = []
        while i < len(records) and records[i].interchange == isa:
            gs = records[i].group or GroupHeader(
                functional_id, isa.sender_id, isa.receiver_id, "", "", "1", version(records[i])
            )
            sets = []
            while (
                i < len(records)
                and records[i].interchange == isa
                and (records[i].group or gs) == gs
            ):
                r = records[i]
                header = TransactionHeader(
                    transaction_set_id(r), r.control_number, r.implementation_reference
                )
                sets.append((header, body(r)))
                i += 1
            groups.append((gs, sets))
        out.extend(build_envelopes(isa, groups, delimiters))
    return format_segments(_split_components(out, delimiters), delimiters)


def write_999(acks: Sequence[ImplementationAck]) -> str:
    """999 (or 997) records as X12 text, with their envelopes (SE01, GE01, IEA01 counted)."""
    return _enveloped(
        acks,
        implementation_ack_segments,
        lambda r: r.transaction_set_id,
        "FA",
        lambda r: r.implementation_reference or "005010X231A1",
    )


def write_277(acks: Sequence[ClaimAcknowledgement]) -> str:
    """277CA (or 277) records as X12 text, with their envelopes."""
    return _enveloped(
        acks,
        claim_ack_segments,
        lambda r: "277",
        "HN",
        lambda r: r.implementation_reference or "005010X214",
    )
