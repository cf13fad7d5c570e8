"""Write 835 records back to X12.

Strategy: a remittance that still holds the segments it was read from
(:attr:`~medclaims.remittance.Remittance.source_segments`) and whose records
are unchanged is written from those segments, so every element string, the
order of segments and every ``extra_segments`` entry come back exactly as read
(only delimiters and whitespace may differ). "Unchanged" is checked by parsing
the kept segments again and comparing the records, so a remittance changed
with ``attrs.evolve`` is never written stale: it (or a remittance built by
hand) is written from its fields in the implementation guide's order, each
loop's ``extra_segments`` after its mapped segments. Amounts are written in
fixed point with the exponent they carry (``Decimal("100.00")`` → ``100.00``),
dates as CCYYMMDD. Envelopes (ISA/GS ... GE/IEA) come from each remittance's
headers; consecutive remittances of the same interchange and group share them
(unless a GE or IEA was read between them), and every count and trailer is computed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from functools import cache

import attrs

from medclaims.errors import X12WriteError
from medclaims.remittance._parse.transactions import reparse_transaction
from medclaims.remittance.records import (
    Address,
    Adjustment,
    ClaimPayment,
    Contact,
    Entity,
    InpatientAdjudication,
    OutpatientAdjudication,
    Payee,
    Payer,
    Procedure,
    ProviderAdjustment,
    Reference,
    Remittance,
    ServicePayment,
)
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.envelope import GroupHeader, InterchangeHeader
from medclaims.x12.segment import Segment
from medclaims.x12.values import format_amount, format_date
from medclaims.x12.writer import (
    ISA_WIDTHS,
    Element,
    SegmentData,
    format_segments,
    segment_data,
)

__all__ = ["remittance_segments", "write_835"]

_MIA_POSITIONS = (
    (1, "covered_days"),
    (2, "pps_operating_outlier_amount"),
    (3, "lifetime_psychiatric_days"),
    (4, "drg_amount"),
    (6, "disproportionate_share_amount"),
    (7, "msp_pass_through_amount"),
    (8, "pps_capital_amount"),
    (9, "pps_capital_fsp_drg_amount"),
    (10, "pps_capital_hsp_drg_amount"),
    (11, "pps_capital_dsh_drg_amount"),
    (12, "old_capital_amount"),
    (13, "pps_capital_ime_amount"),
    (14, "pps_operating_hsp_drg_amount"),
    (15, "cost_report_day_count"),
    (16, "pps_operating_fsp_drg_amount"),
    (17, "pps_capital_outlier_amount"),
    (18, "indirect_teaching_amount"),
    (19, "nonpayable_professional_component_amount"),
    (24, "pps_capital_exception_amount"),
)
_MIA_REMARKS = (5, 20, 21, 22, 23)
_ENTITY_ORDER = (
    "patient",
    "insured",
    "corrected_patient",
    "rendering_provider",
    "crossover_carrier",
    "corrected_priority_payer",
    "other_subscriber",
)
_CLAIM_DATES = (
    ("232", "statement_period_start"),
    ("233", "statement_period_end"),
    ("036", "coverage_expiration_date"),
    ("050", "received_date"),
)


def _amt(value: Decimal | None) -> str:
    return "" if value is None else format_amount(value)


def _date(value: dt.date | None) -> str:
    return "" if value is None else format_date(value)


def write_835(
    remittances: Iterable[Remittance],
    delimiters: Delimiters | None = None,
    *,
    line_breaks: bool = False,
) -> str:
    """The remittances as X12 text, enveloped; ``delimiters`` default to the first one's."""
    rems = list(remittances)
    if delimiters is None:
        delimiters = rems[0].delimiters if rems else DEFAULT_DELIMITERS
    # Strays by the gap they were read in (_places): those before the next ST that were
    # read before a GE or an IEA are taken from there when the GE or IEA is written.
    before = [_places(r.segments_before, r.stray_gaps[0], r.delimiters, 4) for r in rems]
    after = [_places(r.segments_after, r.stray_gaps[1], r.delimiters, 0) for r in rems]
    before.append(_places((), (), delimiters, 0))  # after the last: nothing
    texts: list[str] = []
    for n, (interchange, groups) in enumerate(_envelopes(rems)):
        d = _interchange_delimiters(delimiters, interchange.version)
        out: list[SegmentData] = []  # segments not yet formatted into ``texts``
        # Nothing goes before the first ISA (it declares the delimiters): strays read
        # after an IEA that closed no 835 (which is not written) follow it instead.
        first = before[groups[0][1][0]]
        lead = _take(first, 0, 1, 2)
        out += lead if n else []
        out.append(_isa(interchange, d, rems[groups[0][1][0]].source_interchange))
        out += ([] if n else lead) + _take(first, 3)
        for g, (group, members) in enumerate(groups):
            out.append(group.to_segment())
            out += _take(before[members[0]], 4)
            for i in members:
                out += _take(before[i], 0, 1, 2, 3, 4)  # read between two SE..ST of a group
                text = _transaction(rems[i], d, line_breaks, out)
                if text is not None:
                    texts.append(format_segments(out, d, line_breaks=line_breaks))
                    texts.append(text)
                    out = []
                out += _take(after[i], 0) if i == members[-1] else _take(after[i], 0, 1, 2, 3, 4)
            last, follow = members[-1], before[members[-1] + 1]
            out += _take(follow, 0)
            count = sum(rems[i].has_transaction for i in members)
            out.append(
                _trailer(rems[last], "GE", count) or ["GE", str(count), group.control_number]
            )
            out += _take(after[last], 1) + _take(follow, 1)
            if g + 1 < len(groups):  # the interchange goes on: no IEA or ISA in between
                out += _take(after[last], 2, 3, 4) + _take(follow, 2, 3)
        last = groups[-1][1][-1]
        out.append(
            _trailer(rems[last], "IEA", len(groups))
            or ["IEA", str(len(groups)), interchange.control_number]
        )
        out += _take(after[last], 2, 3, 4)
        texts.append(format_segments(out, d, line_breaks=line_breaks))
    return "".join(texts)


def _envelopes(
    rems: list[Remittance],
) -> Iterator[tuple[InterchangeHeader, list[tuple[GroupHeader, list[int]]]]]:
    """Consecutive remittances of one interchange, by consecutive group (indices into
    ``rems``): each such run shares one ISA/IEA, each group one GS/GE.

    A GE or IEA read right after a remittance (``source_trailers``) closes its
    group or interchange there, so an interchange sent twice in one file comes
    back as two, though their headers are equal."""
    index = 0
    while index < len(rems):
        interchange = rems[index].header.interchange
        groups: list[tuple[GroupHeader, list[int]]] = []
        closed = False
        while not closed and index < len(rems) and rems[index].header.interchange == interchange:
            rem = rems[index]
            group = rem.header.group or _default_group(rem)
            if groups and groups[-1][0] == group and not _read_after(rems[index - 1], "GE"):
                groups[-1][1].append(index)
            else:
                groups.append((group, [index]))
            closed = _read_after(rem, "IEA")
            index += 1
        yield interchange, groups


def _read_after(rem: Remittance, seg_id: str) -> bool:
    """Whether a ``seg_id`` trailer (GE or IEA) was read right after ``rem``'s transaction."""
    sep = rem.delimiters.element
    return any(text.split(sep, 1)[0] == seg_id for text, _ in rem.source_trailers)


def _places(
    strays: Sequence[Sequence[str]], gaps: Sequence[int], d: Delimiters, default: int
) -> list[list[SegmentData]]:
    """``strays`` in five lists by the gap each was read in (:data:`STRAY_GAPS`), all
    in ``default`` when the gaps are not known. A stray is never put before one read
    ahead of it: each counts the largest gap up to it."""
    places: list[list[SegmentData]] = [[], [], [], [], []]
    if len(gaps) != len(strays):
        gaps = [default] * len(strays)
    top = 0
    for seg, gap in zip(strays, gaps, strict=True):
        top = max(top, min(max(gap, 0), 4))
        places[top].append(_kept(seg, d))
    return places


def _take(places: list[list[SegmentData]], *gaps: int) -> list[SegmentData]:
    """The strays of ``gaps`` (in order), removed from ``places``: each is written once."""
    taken = [seg for gap in gaps for seg in places[gap]]
    for gap in gaps:
        places[gap] = []
    return taken


def _transaction(
    rem: Remittance, d: Delimiters, line_breaks: bool, out: list[SegmentData]
) -> str | None:
    """Put ``rem``'s ST..SE in ``out``, or return it as text when it is copied as read."""
    if not rem.has_transaction:  # input without an 835: its strays alone
        out.extend(_kept(seg, rem.delimiters) for seg in rem.extra_segments)
        return None
    # One re-parse per remittance tells whether it is unchanged.
    source = _unchanged_source(rem)
    text = None if source is None else _verbatim(source, rem.delimiters, d, line_breaks)
    if text is None:
        out.extend(_from_fields(rem) if source is None else _source_data(source, rem.delimiters))
    return text


def _interchange_delimiters(delimiters: Delimiters, version: str) -> Delimiters:
    """ISA11 is the standards id ``U`` before 00501 (no repetition separator there).

    From 00501 on ISA11 is the repetition separator given; delimiters without one
    write ``U`` as some 5010 files do, so such files round-trip as read.
    """
    if version and version < "00501" and delimiters.repetition is not None:
        return attrs.evolve(delimiters, repetition=None)
    return delimiters


def _trailer(rem: Remittance, seg_id: str, count: int) -> list[Element] | None:
    """The GE/IEA read after ``rem``, when the envelope written holds what was read."""
    d = rem.delimiters
    for text, read_count in rem.source_trailers:
        els = text.split(d.element)
        if els[0] == seg_id and read_count == count:
            return segment_data(Segment(els, 0, 0, d))
    return None


def _isa(isa: InterchangeHeader, delimiters: Delimiters, as_read: Sequence[str]) -> list[Element]:
    """The ISA to write: as read when it was not 106 characters wide and still says what
    ``isa`` says (ISA11/ISA16 always come from ``delimiters``), else padded to the widths."""
    if len(as_read) == 17:
        read = Segment(list(as_read), 0, 0, delimiters)
        if InterchangeHeader.from_segment(read) == isa:
            return list(as_read)
    try:
        return isa.to_segment(delimiters)
    except X12WriteError:
        # Read from a file whose ISA breaks the fixed widths: write it as wide as it was.
        values = [
            isa.authorization_qualifier,
            isa.authorization,
            isa.security_qualifier,
            isa.security,
            isa.sender_qualifier,
            isa.sender_id,
            isa.receiver_qualifier,
            isa.receiver_id,
            isa.date,
            isa.time,
            "",
            isa.version,
            isa.control_number,
            isa.ack_requested,
            isa.usage,
            "",
        ]
        return ["ISA", *(v.ljust(w) for v, w in zip(values, ISA_WIDTHS, strict=True))]


def _default_group(rem: Remittance) -> GroupHeader:
    isa: InterchangeHeader = rem.header.interchange
    return GroupHeader(
        "HP",
        isa.sender_id,
        isa.receiver_id,
        "20" + isa.date if isa.date else "",
        isa.time,
        "1",
        rem.header.implementation_reference or "005010X221A1",
    )


def remittance_segments(rem: Remittance) -> list[SegmentData]:
    """The ST..SE segments of one remittance (as read when unchanged, else from fields)."""
    source = _unchanged_source(rem)
    return _from_fields(rem) if source is None else _source_data(source, rem.delimiters)


def _unchanged_source(rem: Remittance) -> Sequence[str] | None:
    """The ST..SE texts ``rem`` was read from, when its records are unchanged."""
    source = rem.source_segments
    return source if source is not None and _unchanged(rem, source) else None


def _source_data(source: Sequence[str], d: Delimiters) -> list[SegmentData]:
    return [segment_data(Segment(text.split(d.element), n, 0, d)) for n, text in enumerate(source)]


def _verbatim(
    source: Sequence[str], read_with: Delimiters, d: Delimiters, line_breaks: bool
) -> str | None:
    """The unchanged ``source`` as text, when writing it with ``d`` gives exactly that text.

    That is when it was read with ``d`` and its segments hold nothing
    :func:`~medclaims.x12.writer.format_segment` would alter or refuse
    (:func:`_not_verbatim`): the kept texts are then joined as they are,
    skipping a split and a join of every element. ``None`` otherwise (and on
    that path the checks run, and errors are raised, as ever).
    """
    if read_with != d:
        return None
    term = d.segment
    if _not_verbatim(d).search(term + term.join(source) + term):
        return None
    end = term + "\n" if line_breaks and term != "\n" else term
    return end.join(source) + end


@cache
def _not_verbatim(d: Delimiters) -> re.Pattern[str]:
    """Finds, in segment texts each framed by terminators, what the formatter would not
    copy: a control character (but a control-character terminator), an empty segment or
    segment id, a trailing empty element, a composite ending in an empty component."""
    controls = "".join(chr(c) for c in [*range(0x20), 0x7F] if chr(c) != d.segment)
    ends = [d.element, d.segment] + ([d.repetition] if d.repetition else [])
    found = [
        f"[{re.escape(controls)}]",
        re.escape(d.segment + d.segment),
        re.escape(d.segment + d.element),
        re.escape(d.element + d.segment),
        *(re.escape(d.component + end) for end in ends),
    ]
    return re.compile("|".join(found))


def _unchanged(rem: Remittance, source: Sequence[str]) -> bool:
    d = rem.delimiters
    again = reparse_transaction(source, rem.header.interchange, rem.header.group, d)
    if len(again) != 1:
        return False
    other = again[0]
    return (
        other.header == rem.header
        and other.claims == rem.claims
        and other.provider_adjustments == rem.provider_adjustments
        and other.header_numbers == rem.header_numbers
        and other.extra_segments == rem.extra_segments
    )


def _kept(segment: Sequence[str], d: Delimiters) -> list[Element]:
    """A kept segment (composites joined with ``d``) as writable data."""
    return segment_data(Segment(list(segment), 0, 0, d))


def _from_fields(rem: Remittance) -> list[SegmentData]:
    d = rem.delimiters
    h = rem.header
    segs: list[SegmentData] = [["ST", "835", h.control_number, h.implementation_reference]]
    p = h.payment
    if p is not None:
        segs.append(
            [
                "BPR",
                p.handling_code,
                _amt(p.amount),
                p.credit_debit,
                p.method,
                p.format,
                p.sender_dfi_qualifier,
                p.sender_dfi_id,
                p.sender_account_qualifier,
                p.sender_account,
                p.payer_identifier,
                p.payer_supplemental_code,
                p.receiver_dfi_qualifier,
                p.receiver_dfi_id,
                p.receiver_account_qualifier,
                p.receiver_account,
                _date(p.date),
            ]
        )
        segs.append(
            [
                "TRN",
                p.trace_type,
                p.trace_number,
                p.originating_company_id,
                p.originating_company_supplemental_code,
            ]
        )
    refs = list(h.references)
    have = {r.qualifier for r in refs}
    if h.receiver_id and "EV" not in have:
        refs.append(Reference("EV", h.receiver_id))
    if h.version_id and "F2" not in have:
        refs.append(Reference("F2", h.version_id))
    segs.extend(_ref(r) for r in refs)
    if h.production_date is not None:
        segs.append(["DTM", "405", _date(h.production_date)])
    segs.extend(_kept(e, d) for e in h.extra_segments)
    if h.payer is not None:
        segs.extend(_payer(h.payer, d))
    if h.payee is not None:
        segs.extend(_payee(h.payee, d))
    segs.extend(_claims(rem))
    segs.extend(_plb(rem.provider_adjustments))
    segs.extend(_kept(e, d) for e in rem.extra_segments)
    segs.append(["SE", str(len(segs) + 1), h.control_number])
    return segs


def _ref(ref: Reference) -> list[Element]:
    return ["REF", ref.qualifier, ref.value]


def _address(address: Address | None) -> list[SegmentData]:
    if address is None:
        return []
    out: list[SegmentData] = []
    if address.lines:
        out.append(["N3", *address.lines])
    if address.city or address.state or address.postal_code or address.country:
        out.append(
            [
                "N4",
                address.city,
                address.state,
                address.postal_code,
                address.country,
                "",
                "",
                address.subdivision,
            ]
        )
    return out


def _per(contact: Contact) -> list[Element]:
    return [
        "PER",
        contact.function_code,
        contact.name,
        *(part for pair in contact.numbers for part in pair),
    ]


def _payer(payer: Payer, d: Delimiters) -> list[SegmentData]:
    out: list[SegmentData] = [["N1", "PR", payer.name, payer.id_qualifier, payer.id]]
    out.extend(_address(payer.address))
    out.extend(_ref(r) for r in payer.references)
    out.extend(_per(c) for c in payer.contacts)
    out.extend(_kept(e, d) for e in payer.extra_segments)
    return out


def _payee(payee: Payee, d: Delimiters) -> list[SegmentData]:
    qualifier, ident = payee.id_qualifier, payee.id
    if not ident and payee.npi:
        qualifier, ident = "XX", payee.npi
    elif not ident and payee.tax_id:
        qualifier, ident = "FI", payee.tax_id
    out: list[SegmentData] = [["N1", "PE", payee.name, qualifier, ident]]
    out.extend(_address(payee.address))
    refs = list(payee.references)
    if (
        payee.tax_id
        and ident != payee.tax_id
        and not any(r.qualifier == "TJ" and r.value == payee.tax_id for r in refs)
    ):
        refs.append(Reference("TJ", payee.tax_id))
    out.extend(_ref(r) for r in refs)
    out.extend(_kept(e, d) for e in payee.extra_segments)
    return out


def _claims(rem: Remittance) -> list[SegmentData]:
    d = rem.delimiters
    out: list[SegmentData] = []
    claims = rem.claims
    if rem.header_numbers:
        covered = 0
        for group in rem.header_numbers:
            out.append(["LX", group.number])
            out.extend(_kept(e, d) for e in group.extra_segments)
            members = claims[group.first_claim : group.first_claim + group.claim_count]
            covered += len(members)
            for claim in members:
                out.extend(_claim(claim, d))
        rest = claims[covered:] if covered < len(claims) else ()
    else:
        rest = claims
    current: str | None = None
    for claim in rest:
        number = claim.header_number or "1"
        if number != current:
            out.append(["LX", number])
            current = number
        out.extend(_claim(claim, d))
    return out


def _cas(adjustments: Sequence[Adjustment]) -> list[SegmentData]:
    out: list[SegmentData] = []
    seg: list[Element] = []
    group: str | None = None
    for adj in adjustments:
        if adj.group_code != group or len(seg) >= 20:
            if seg:
                out.append(seg)
            seg, group = ["CAS", adj.group_code], adj.group_code
        seg.extend([adj.reason_code, _amt(adj.amount), _amt(adj.quantity)])
    if seg:
        out.append(seg)
    return out


def _nm1(entity: Entity) -> list[Element]:
    return [
        "NM1",
        entity.entity_code,
        entity.entity_type,
        entity.last_name,
        entity.first_name,
        entity.middle_name,
        entity.prefix,
        entity.suffix,
        entity.id_qualifier,
        entity.identifier,
    ]


def _mia(mia: InpatientAdjudication) -> list[Element]:
    values = [""] * 25
    values[0] = "MIA"
    for pos, name in _MIA_POSITIONS:
        values[pos] = _amt(getattr(mia, name))
    for pos, code in zip(_MIA_REMARKS, mia.remark_codes, strict=False):
        values[pos] = code
    return list(values)


def _moa(moa: OutpatientAdjudication) -> list[Element]:
    remarks = [*moa.remark_codes[:5], *[""] * (5 - len(moa.remark_codes[:5]))]
    return [
        "MOA",
        _amt(moa.reimbursement_rate),
        _amt(moa.hcpcs_payable_amount),
        *remarks,
        _amt(moa.esrd_payment_amount),
        _amt(moa.nonpayable_professional_component_amount),
    ]


def _keyed(seg_id: str, values: Iterable[tuple[str, Decimal]]) -> list[SegmentData]:
    return [[seg_id, key, format_amount(value)] for key, value in values]


def _claim(claim: ClaimPayment, d: Delimiters) -> list[SegmentData]:
    c = claim
    out: list[SegmentData] = [
        [
            "CLP",
            c.patient_control_number,
            c.status_code,
            _amt(c.charge_amount),
            _amt(c.paid_amount),
            _amt(c.patient_responsibility),
            c.filing_indicator,
            c.payer_claim_control_number,
            c.facility_type_code,
            c.frequency_code,
            "",
            c.drg_code,
            _amt(c.drg_weight),
            _amt(c.discharge_fraction),
        ]
    ]
    out.extend(_cas(c.adjustments))
    for name in _ENTITY_ORDER:
        entity = getattr(c, name)
        if entity is not None:
            out.append(_nm1(entity))
    if c.inpatient is not None:
        out.append(_mia(c.inpatient))
    if c.outpatient is not None:
        out.append(_moa(c.outpatient))
    out.extend(_ref(r) for r in c.references)
    for qualifier, name in _CLAIM_DATES:
        value = getattr(c, name)
        if value is not None:
            out.append(["DTM", qualifier, _date(value)])
    out.extend(_per(p) for p in c.contacts)
    out.extend(_keyed("AMT", c.amounts.items()))
    out.extend(_keyed("QTY", c.quantities.items()))
    out.extend(_kept(e, d) for e in c.extra_segments)
    for line in c.service_lines:
        out.extend(_line(line, d))
    return out


def _procedure(proc: Procedure) -> tuple[str, ...]:
    parts = [proc.qualifier, proc.code, *proc.modifiers]
    if proc.description:
        parts += [""] * (6 - len(parts)) + [proc.description]
    return tuple(parts)


def _line(line: ServicePayment, d: Delimiters) -> list[SegmentData]:
    out: list[SegmentData] = [
        [
            "SVC",
            _procedure(line.procedure),
            _amt(line.charge_amount),
            _amt(line.paid_amount),
            line.revenue_code,
            _amt(line.units),
            _procedure(line.original_procedure) if line.original_procedure else "",
            _amt(line.original_units),
        ]
    ]
    if line.service_date_end is not None:
        if line.service_date is not None:
            out.append(["DTM", "150", _date(line.service_date)])
        out.append(["DTM", "151", _date(line.service_date_end)])
    elif line.service_date is not None:
        out.append(["DTM", "472", _date(line.service_date)])
    out.extend(_cas(line.adjustments))
    if line.line_control_number is not None:
        out.append(["REF", "6R", line.line_control_number])
    out.extend(_ref(r) for r in line.references)
    if line.allowed_amount is not None:
        out.append(["AMT", "B6", format_amount(line.allowed_amount)])
    out.extend(_keyed("AMT", line.amounts.items()))
    out.extend(_keyed("QTY", line.quantities.items()))
    out.extend(["LQ", "HE", code] for code in line.remark_codes)
    out.extend(_kept(e, d) for e in line.extra_segments)
    return out


def _plb(adjustments: Sequence[ProviderAdjustment]) -> list[SegmentData]:
    out: list[SegmentData] = []
    seg: list[Element] = []
    key: tuple[str, dt.date | None] | None = None
    for adj in adjustments:
        this = (adj.provider_id, adj.fiscal_period_date)
        if this != key or len(seg) >= 15:
            if seg:
                out.append(seg)
            seg, key = ["PLB", adj.provider_id, _date(adj.fiscal_period_date)], this
        composite: Element = (
            (adj.reason_code, adj.reference_id) if adj.reference_id else adj.reason_code
        )
        seg.extend([composite, _amt(adj.amount)])
    if seg:
        out.append(seg)
    return out
