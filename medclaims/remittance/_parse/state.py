"""The 835 parser's state, declared once, and the small helpers every loop handler uses.

Every helper that meets a bad value records an :class:`~medclaims.errors.Issue`
(or raises :class:`~medclaims.errors.RemittanceError` in strict mode) whose
message names the segment and element position, never the value: REF, NM1,
N3/N4 and PER values may be patient data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from medclaims.errors import Issue, Location, RemittanceError, Severity
from medclaims.remittance.records import (
    Adjustment,
    ClaimPayment,
    Contact,
    Entity,
    HeaderNumber,
    OutpatientAdjudication,
    Procedure,
    ProviderAdjustment,
    Reference,
    RemittanceHeader,
    ServicePayment,
    build_record,
)
from medclaims.x12.delimiters import Delimiters
from medclaims.x12.envelope import EnvelopeTracker, GroupHeader, InterchangeHeader
from medclaims.x12.reader import SegmentTuple
from medclaims.x12.values import parse_amount, parse_date

Seg = SegmentTuple  # a Segment, or a plain tuple of its layout (read_segment_tuples)
Handler = Callable[[Seg], None]


class ParseState:
    """The parser's whole state, declared here once, and the helpers every loop uses.

    The loop handlers (:mod:`.header`, :mod:`.claims`, :mod:`.lines`) and the
    transaction driver (:mod:`.transactions`) are mixins of this class: they
    read and write these attributes and declare none of their own.
    :meth:`~.transactions.Parser.__init__` sets the per-input ones,
    :meth:`~.transactions.Parser.on_st` the per-transaction ones, the loop
    openers (``on_n1``, ``on_lx``, ``open_claim``, ``open_line``) the others.
    """

    # -- per input -------------------------------------------------------------
    strict: bool
    keep_source: bool
    raw: str | bytes | None  # the whole input, when parse_835 has it (text sliced at SE)
    streaming: bool  # iter_835: claims are yielded and dropped
    stream_issues: list[Issue] | None  # iter_835's caller's list (None: dropped)
    tracker: EnvelopeTracker
    interchange: InterchangeHeader
    isa_as_read: tuple[str, ...]  # the ISA's elements when it is not 106 wide, else ()
    group: GroupHeader | None
    delimiters: Delimiters
    component: str
    join: Callable[[list[str]], str]  # element separator's join: a segment's text
    file_issues: list[Issue]  # findings outside any transaction (envelopes, reader)
    finished: list[tuple[dict[str, Any], list[Issue]]]  # closed transactions' fields
    # Segments outside any ST..SE, each with its gap (STRAY_GAPS): ``orphans`` since
    # the last SE, ``before`` those that go to the open transaction.
    orphans: list[tuple[int, tuple[str, ...]]]
    before: list[tuple[int, tuple[str, ...]]]
    gap: int
    group_last: dict[str, Any] | None  # the group's last transaction: gets GE as read
    interchange_last: dict[str, Any] | None  # the interchange's last: gets IEA as read
    group_count: int
    interchange_groups: int
    in_transaction: bool
    skipping: bool  # inside a transaction set that is not an 835

    # -- dispatch: the current loop's table and every loop's ----------------------
    table: dict[str, Handler]
    outside_table: dict[str, Handler]
    header_table: dict[str, Handler]
    payer_table: dict[str, Handler]
    payee_table: dict[str, Handler]
    lx_table: dict[str, Handler]
    claim_table: dict[str, Handler]
    after_claim_table: dict[str, Handler]
    line_table: dict[str, Handler]
    footer_table: dict[str, Handler]
    quarantine_table: dict[str, Handler]  # after a damaged CLP: only a new loop is read

    # -- per transaction (set by on_st) -------------------------------------------
    st_seg: Seg
    st_offset: int  # where its text starts in ``raw``
    source: list[str] | None  # its segments' texts, when ``raw`` is not at hand
    source_text: str | None
    issues: list[Issue]
    header: dict[str, Any]  # the RemittanceHeader's fields so far
    header_record: RemittanceHeader | None  # built once, when the first claim needs it
    payment: dict[str, Any] | None
    payer: dict[str, Any] | None
    payee: dict[str, Any] | None
    party: dict[str, Any] | None  # the open N1 loop (payer or payee)
    header_refs: list[Reference]
    header_extras: list[tuple[str, ...]]
    extras: list[tuple[str, ...]]  # extra_segments of the open header-side loop
    remittance_extras: list[tuple[str, ...]]
    header_numbers: list[HeaderNumber]
    lx: dict[str, Any] | None  # the open LX loop (2000)
    header_number: str  # LX01 of the open LX: carried into each claim
    plbs: list[ProviderAdjustment]
    plb_total: Decimal
    plb_ok: bool
    bpr_seen: bool
    trn_seen: bool
    payer_seg: Seg  # the payer's N1 (1000A), where its missing N3/N4/PER are reported
    lx_seen: bool  # the transaction uses LX (2000) loops
    loose_claims: list[Seg]  # CLPs read outside any LX: reported if lx_seen at the end
    claims: list[ClaimPayment]
    claim_count: int
    paid_total: Decimal  # sum(CLP04), for the BPR02 rule
    paid_ok: bool  # every CLP04 was a number

    # -- the open claim (2100) and line (2110) -------------------------------------
    claim: dict[str, Any] | None
    claim_seg: Seg
    claim_adjustments: tuple[Adjustment, ...] | list[Adjustment]
    claim_cas_total: Decimal
    claim_cas_ok: bool
    claim_extras: list[tuple[str, ...]]
    lines: list[ServicePayment]
    lines_cas_total: Decimal
    line: dict[str, Any] | None
    line_seg: Seg
    line_adjustments: tuple[Adjustment, ...] | list[Adjustment]
    line_cas_total: Decimal
    line_cas_ok: bool
    line_extras: list[tuple[str, ...]]
    grown: list[tuple[dict[str, Any], str]]  # see append_to

    # -- caches of values that repeat across claims (bounded: values.remember) ------
    cas_cache: dict[str, tuple[tuple[Adjustment, ...], Decimal]]  # whole CAS segments
    cas_one: dict[str, Adjustment]  # one-triple CAS: see LineLoop.cas
    remark_tuples: dict[str, tuple[str]]
    procedure_cache: dict[str, Procedure]
    entity_cache: dict[str, Entity]
    moa_cache: dict[str, OutpatientAdjudication]

    def unexpected(self, seg: Seg) -> None:
        """Keep a segment the current loop does not expect (the parser defines it)."""
        raise NotImplementedError

    def close_claim(self) -> None:
        """Build the open claim (the claim loop defines it)."""
        raise NotImplementedError

    def add(self, issue: Issue) -> None:
        """Record ``issue``; in strict mode raise it when it is an error."""
        if self.strict and issue.severity is Severity.ERROR:
            raise RemittanceError(issue.message, issue.location)
        self.issues.append(issue)

    @staticmethod
    def location(seg: Seg, element: int | None = None) -> Location:
        """Where ``seg`` (and optionally one of its elements) is."""
        return Location(seg[0][0], seg[1], seg[2], element)

    def issue(
        self, severity: Severity, code: str, message: str, seg: Seg, element: int | None = None
    ) -> None:
        """Record an issue located at ``seg`` (and ``element``)."""
        self.add(Issue(severity, code, message, self.location(seg, element)))

    def amount(self, text: str, seg: Seg, pos: int, required: bool) -> Decimal | None:
        """Element ``pos`` as a Decimal; ``None`` (with an issue if bad or required) otherwise."""
        if not text:
            if required:
                self.issue(
                    Severity.ERROR, "missing-element", f"{seg[0][0]}{pos:02d} is required", seg, pos
                )
            return None
        value = parse_amount(text)
        if value is None:
            self.issue(
                Severity.ERROR,
                "bad-amount",
                f"{seg[0][0]}{pos:02d} is not an X12 decimal number",
                seg,
                pos,
            )
        return value

    def date(self, text: str, seg: Seg, pos: int) -> dt.date | None:
        """Element ``pos`` as a date; ``None`` with an issue when it is not CCYYMMDD."""
        value = parse_date(text)
        if value is None:
            self.issue(
                Severity.ERROR,
                "bad-date",
                f"{seg[0][0]}{pos:02d} is not a valid CCYYMMDD date",
                seg,
                pos,
            )
        return value

    @staticmethod
    def element(els: list[str], pos: int) -> str:
        """Element ``pos`` or ``""``."""
        return els[pos] if pos < len(els) else ""

    @staticmethod
    def reference(seg: Seg) -> Reference | None:
        """A REF with one qualifier and one value; ``None`` when it holds more (kept as read)."""
        els = seg[0]
        if len(els) > 3 or len(els) < 2:
            return None
        return build_record(
            Reference, {"qualifier": els[1], "value": els[2] if len(els) > 2 else ""}
        )

    @staticmethod
    def contact(seg: Seg) -> Contact | None:
        """A PER as a contact; ``None`` when it holds PER09 (kept as read)."""
        els = seg[0]
        if len(els) > 9 or len(els) < 2:
            return None
        numbers = tuple(
            (els[p], els[p + 1] if p + 1 < len(els) else "") for p in range(3, len(els), 2)
        )
        return build_record(
            Contact,
            {"function_code": els[1], "name": els[2] if len(els) > 2 else "", "numbers": numbers},
        )

    def append_to(self, record: dict[str, Any], key: str, item: Any) -> None:
        """Add ``item`` to the tuple ``record[key]``, which is created if absent.

        Appending to a tuple copies it: a loop with thousands of REF or LQ
        segments would take quadratic time. So from the second item on the
        value is a list, turned back into a tuple when the loop closes
        (:meth:`freeze_grown`).
        """
        current = record.get(key)
        if current is None:
            record[key] = (item,)
        elif type(current) is tuple:
            record[key] = [*current, item]
            self.grown.append((record, key))
        else:
            current.append(item)

    def freeze_grown(self) -> None:
        """Make the values :meth:`append_to` turned into lists tuples again."""
        for record, key in self.grown:
            record[key] = tuple(record[key])
        self.grown.clear()

    def keyed_amount(
        self, record: dict[str, Any], field: str, seg: Seg, extras: list[tuple[str, ...]]
    ) -> None:
        """AMT/QTY into ``record[field]`` by qualifier; duplicates and odd shapes kept as read."""
        els = seg[0]
        amounts = record.get(field)
        if len(els) != 3 or (amounts is not None and els[1] in amounts):
            extras.append(tuple(els))
            return
        value = self.amount(els[2], seg, 2, True)
        if value is None:
            extras.append(tuple(els))
            return
        if amounts is None:
            record[field] = {els[1]: value}
        else:
            amounts[els[1]] = value  # the record's own dict: no copy per AMT
