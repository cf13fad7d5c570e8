"""The 835 parser: dispatch tables, the drivers, envelopes and transactions.

Strategy: one pass over :func:`~medclaims.x12.read_segments`. The parser is
a small state machine whose state *is* a dispatch table: ``self.table`` maps a
segment id to the handler for the loop we are in (header, payer 1000A, payee
1000B, header number 2000, claim 2100, service line 2110, PLB footer), and a
handler that opens a loop swaps the table. Envelope segments are in every
table. A segment id missing from the current table is out of place: it is
kept in the current loop's ``extra_segments`` with a warning (a malformed id, which
is damage, with a ``bad-segment-id`` error).

Records are built when their loop closes (see :mod:`.claims` for the hot
path). Balancing sums are carried while reading. Each transaction's segments
are kept as read (``Remittance.source_segments``) for a lossless write back.

Lenient (default): content problems become issues on the remittance; only
input that is not X12 raises :class:`~medclaims.errors.X12SyntaxError`.
Strict: the first error-severity issue raises
:class:`~medclaims.errors.RemittanceError`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from medclaims.errors import Issue, RemittanceError, Severity
from medclaims.remittance import balancing
from medclaims.remittance._parse.claims import ClaimLoops
from medclaims.remittance._parse.header import HeaderLoops
from medclaims.remittance._parse.state import Handler, Seg
from medclaims.remittance.records import (
    STRAY_GAPS,
    ClaimPayment,
    Remittance,
    RemittanceClaim,
    RemittanceHeader,
    SourceSegments,
    build_record,
    record_template,
)
from medclaims.x12.delimiters import DEFAULT_DELIMITERS, Delimiters
from medclaims.x12.envelope import (
    EnvelopeTracker,
    GroupHeader,
    InterchangeHeader,
)
from medclaims.x12.reader import as_segment, check_segment_id, segment_id_issue

__all__ = ["Parser", "reparse_transaction"]

_ZERO = Decimal(0)


class _Dropped(list[Any]):
    """A list that keeps nothing: PLB records, LX groups, footer and stray segments
    while streaming. iter_835 yields none of them, and a file of gigabytes may hold
    millions; the checks that use them (PLB totals) run on the values as read."""

    def append(self, item: Any) -> None:
        """Keep nothing."""


class Parser(ClaimLoops, HeaderLoops):
    """One pass over a segment stream; ``run`` yields finished transactions."""

    def __init__(
        self,
        *,
        strict: bool,
        keep_source: bool,
        raw: str | bytes | None = None,
        sink: list[Issue] | None = None,
        within: tuple[InterchangeHeader, GroupHeader | None, Delimiters] | None = None,
    ) -> None:
        """A parser for one input. ``within`` starts it inside an interchange and group
        already read (their headers and delimiters), for a transaction's segments alone
        (:func:`reparse_transaction`)."""
        self.strict = strict
        self.keep_source = keep_source
        # With the whole input at hand, a transaction's text is one slice taken at
        # its SE (by byte offset); otherwise its segments are joined as they pass.
        if isinstance(raw, str) and not raw.isascii():
            raw = raw.encode("utf-8", "surrogateescape")
        self.raw = raw if keep_source else None
        self.st_offset = 0
        self.tracker = EnvelopeTracker()
        self.file_issues = []
        self.isa_as_read = ()
        if within is None:
            self.interchange, self.group, self.delimiters = (
                InterchangeHeader(),
                None,
                DEFAULT_DELIMITERS,
            )
        else:
            self.interchange, self.group, self.delimiters = within
        self.component = self.delimiters.component
        self.source = None
        self.source_text = None
        self.join = self.delimiters.element.join
        self.header_record = None
        self.in_transaction = False
        self.streaming = False
        self.skipping = False
        # Streaming hands every issue over to ``sink`` as it goes (None: dropped), so that
        # nothing grows with the file: a payer quirk can mean one issue per claim.
        self.stream_issues = sink
        self.issues = []
        # Segments outside any ST..SE: those before an ST go to its remittance, the rest
        # (after the last SE) to the last one (segments_before / segments_after). Each
        # with the gap it was read in: where the last envelope segment left off (STRAY_GAPS).
        self.orphans = []
        self.before = []
        self.gap = STRAY_GAPS["SE"]
        self.group_last = self.interchange_last = None
        self.group_count = self.interchange_groups = 0
        self.claims = []
        self.claim_count = 0
        self._init_claims()
        env: dict[str, Handler] = {
            "ISA": self.on_isa,
            "GS": self.on_envelope,
            "GE": self.on_envelope,
            "IEA": self.on_envelope,
            "ST": self.on_st,
            "SE": self.on_se,
        }
        ends: dict[str, Handler] = {
            **env,
            "LX": self.on_lx,
            "CLP": self.open_claim,
            "PLB": self.on_plb,
        }
        self.outside_table = env
        self.header_table = {
            **ends,
            "BPR": self.on_bpr,
            "TRN": self.on_trn,
            "CUR": self.on_cur,
            "REF": self.on_header_ref,
            "DTM": self.on_header_dtm,
            "N1": self.on_n1,
        }
        party = {
            **ends,
            "N1": self.on_n1,
            "N3": self.on_n3,
            "N4": self.on_n4,
            "REF": self.on_party_ref,
        }
        self.payer_table = {**party, "PER": self.on_payer_per}
        self.payee_table = {**party, "RDM": self.on_party_extra}
        self.lx_table = {**ends, "TS3": self.on_lx_extra, "TS2": self.on_lx_extra}
        self.after_claim_table = self.lx_table
        self.claim_table = {
            **ends,
            "CAS": self.claim_cas,
            "NM1": self.claim_nm1,
            "MIA": self.claim_mia,
            "MOA": self.claim_moa,
            "REF": self.claim_ref,
            "DTM": self.claim_dtm,
            "PER": self.claim_per,
            "AMT": self.claim_amt,
            "QTY": self.claim_qty,
            "SVC": self.open_line,
        }
        self.line_table = {
            **ends,
            "SVC": self.open_line,
            "DTM": self.line_dtm,
            "CAS": self.line_cas,
            "REF": self.line_ref,
            "AMT": self.line_amt,
            "QTY": self.line_qty,
            "LQ": self.line_lq,
        }
        self.footer_table = {**env, "PLB": self.on_plb}
        self.quarantine_table = ends
        self.table = self.outside_table
        self.finished = []

    # -- drivers ---------------------------------------------------------------

    def run(self, segments: Iterable[Seg]) -> None:
        """Parse every segment; finished transactions accumulate in ``finished``."""
        unexpected = self.unexpected
        if self.raw is not None or not self.keep_source:
            # The usual case: the transaction's text is sliced from the input at SE.
            for seg in segments:
                try:  # a subscript is cheaper than .get() on every segment
                    handler = self.table[seg[0][0]]
                except KeyError:
                    unexpected(seg)
                else:
                    handler(seg)
            self.end_of_input()
            return
        for seg in segments:
            try:
                handler = self.table[seg[0][0]]
            except KeyError:
                unexpected(seg)
            else:
                handler(seg)
            source = self.source
            if source is not None:
                # Kept as one string per segment: strings are invisible to the
                # garbage collector, half a million element lists are not.
                source.append(self.join(seg[0]))
        self.end_of_input()

    def stream(self, segments: Iterable[Seg]) -> Iterator[RemittanceClaim]:
        """Parse every segment, yielding each claim as soon as its loop closes."""
        unexpected = self.unexpected
        self.streaming = True
        self.orphans = self.unyielded()
        claims = self.claims
        for seg in segments:
            try:
                handler = self.table[seg[0][0]]
            except KeyError:
                unexpected(seg)
            else:
                handler(seg)
            if claims:
                header = self.stream_header()
                first = self.claim_count - len(claims)
                for n, claim in enumerate(claims):
                    yield _streamed(header, claim, first + n)
                claims.clear()
                self.hand_over(self.issues)
                self.hand_over(self.file_issues)
        self.end_of_input()
        if claims:  # a transaction cut short closes its last claim at the end
            header = self.stream_header()
            first = self.claim_count - len(claims)
            for n, claim in enumerate(claims):
                yield _streamed(header, claim, first + n)

    def unyielded(self) -> list[Any]:
        """A list for records that only parse_835 returns: a dropping one while streaming."""
        return _Dropped() if self.streaming else []

    def hand_over(self, issues: list[Issue]) -> None:
        """Streaming: pass ``issues`` on to the caller's list (or drop them) and empty it."""
        if self.stream_issues is not None:
            self.stream_issues.extend(issues)
        issues.clear()

    def stream_header(self) -> RemittanceHeader:
        """The header of the open transaction, built once per transaction."""
        if self.header_record is None:
            self.header_record = self.build_header()
        return self.header_record

    # -- envelopes -------------------------------------------------------------

    def feed_envelope(self, seg: Seg, issues: list[Issue]) -> bool:
        """Check an envelope segment; ``False`` for a stray trailer, which is kept as read
        among the segments outside any ST..SE (the writer writes its own trailers)."""
        fits = self.tracker.feed(as_segment(seg))
        if fits:
            self.gap = STRAY_GAPS.get(seg[0][0], self.gap)  # ST opens a transaction: no gap
        else:
            self.orphans.append((self.gap, tuple(seg[0])))
        self.take_envelope_issues(issues)
        return fits

    def take_envelope_issues(self, issues: list[Issue]) -> None:
        """Move the envelope tracker's new findings to ``issues`` (its list stays short)."""
        found = self.tracker.issues
        for issue in found:
            self.add_to(issues, issue)
        found.clear()

    def add_to(self, issues: list[Issue], issue: Issue) -> None:
        if self.strict and issue.severity is Severity.ERROR:
            raise RemittanceError(issue.message, issue.location)
        issues.append(issue)

    def on_isa(self, seg: Seg) -> None:
        """ISA: a new interchange with its own delimiters."""
        self.close_transaction(seg[2])
        self.feed_envelope(seg, self.file_issues)
        self.interchange = InterchangeHeader.from_segment(as_segment(seg))
        els = seg[0]
        # 16 elements of fixed widths, 16 separators and the terminator: 106 characters.
        width = sum(map(len, els)) + len(els)
        self.isa_as_read = tuple(els) if width != 106 else ()
        self.group = None
        self.interchange_last = self.group_last = None
        self.interchange_groups = self.group_count = 0
        self.delimiters = seg[3]
        self.component = seg[3].component
        self.join = seg[3].element.join

    def on_envelope(self, seg: Seg) -> None:
        """GS, GE, IEA."""
        self.close_transaction(seg[2])
        if not self.feed_envelope(seg, self.file_issues):
            return
        seg_id = seg[0][0]
        if seg_id == "GS":
            self.group = GroupHeader.from_segment(as_segment(seg))
            self.group_last, self.group_count = None, 0
        elif seg_id == "GE":
            self.interchange_groups += 1
            # Trailers as read go with the group's last 835, for a lossless write back.
            if self.group_last is not None:
                self.group_last["source_trailers"].append((self.join(seg[0]), self.group_count))
            self.group_last = None
        elif self.interchange_last is not None:  # IEA
            self.interchange_last["source_trailers"].append(
                (self.join(seg[0]), self.interchange_groups)
            )
            self.interchange_last = None

    def on_st(self, seg: Seg) -> None:
        """ST: open a transaction (an 835) or skip one of another kind."""
        self.close_transaction(seg[2])
        self.feed_envelope(seg, self.file_issues)
        els = seg[0]
        if (els[1] if len(els) > 1 else "") != "835":
            self.add_to(
                self.file_issues,
                Issue(
                    Severity.WARNING,
                    "not-835",
                    "transaction set is not an 835; skipped",
                    self.location(seg, 1),
                ),
            )
            self.table = {
                "ST": self.on_st,
                "SE": self.on_skipped_se,
                "GE": self.on_envelope,
                "IEA": self.on_envelope,
                "ISA": self.on_isa,
                "GS": self.on_envelope,
            }
            self.skipping = True
            return
        self.in_transaction = True
        self.before, self.orphans = self.orphans, self.unyielded()
        self.bpr_seen = self.trn_seen = self.lx_seen = False
        self.loose_claims = []
        self.issues = list(self.file_issues)
        self.file_issues.clear()
        self.st_seg = seg
        self.st_offset = seg[2]
        # Without the raw input, run() joins each segment (the ST too) into ``source``.
        self.source = [] if self.keep_source and self.raw is None else None
        if not self.streaming:
            self.claims = []
        self.claim_count = 0
        self.paid_total = _ZERO
        self.paid_ok = True
        self.header = record_template(RemittanceHeader)
        self.header.update(
            control_number=self.element(els, 2),
            implementation_reference=self.element(els, 3),
            interchange=self.interchange,
            group=self.group,
        )
        self.header_record = None
        self.payment = self.payer = self.payee = self.party = None
        self.header_refs = []
        self.header_extras = []
        self.extras = self.header_extras
        # What iter_835 never yields is not kept while streaming (see _Dropped).
        self.remittance_extras = self.unyielded()
        self.header_numbers = self.unyielded()
        self.lx = None
        self.header_number = ""
        self.plbs = self.unyielded()
        self.plb_total = _ZERO
        self.plb_ok = True
        self.table = self.header_table

    def on_skipped_se(self, seg: Seg) -> None:
        """SE of a skipped (non-835) transaction."""
        self.feed_envelope(seg, self.file_issues)
        self.skipping = False
        self.table = self.outside_table

    def on_se(self, seg: Seg) -> None:
        """SE: close the transaction and check its counts."""
        if not self.in_transaction:
            self.feed_envelope(seg, self.file_issues)
            return
        if self.source is not None:
            self.source.append(self.join(seg[0]))
        self.feed_envelope(seg, self.issues)
        self.close_transaction(seg[2], se=True)

    def unexpected(self, seg: Seg) -> None:
        """A segment the current loop does not expect: keep it where we are.

        One whose id is malformed (``dTM``, ``REFE``, ``TRN3170``, junk) is damage:
        kept the same way, with a ``bad-segment-id`` error that shows the id's
        shape only (strict: :class:`~medclaims.errors.X12SyntaxError`). The ids
        the tables know are well-formed; see read_segment_tuples.
        """
        if self.strict:
            check_segment_id(seg)
        damaged = segment_id_issue(seg)
        if not self.in_transaction:
            if self.skipping:
                if damaged is not None:
                    self.add_to(self.file_issues, damaged)
                return
            if damaged is None:
                self.tracker.stray(as_segment(seg))
                self.take_envelope_issues(self.file_issues)
            else:
                self.add_to(self.file_issues, damaged)
            self.orphans.append((self.gap, tuple(seg[0])))
            return
        if self.line is not None:
            sink = self.line_extras
        elif self.claim is not None:
            sink = self.claim_extras
        else:
            sink = self.extras
        sink.append(tuple(seg[0]))
        if damaged is not None:
            self.add(damaged)
            if self.claim is not None and _damaged_clp(seg[0][0]):
                # A claim whose CLP is damaged: its segments are kept as read, after it,
                # up to the next loop; read as the open claim's, they would change it.
                self.table = self.quarantine_table
            return
        self.issue(
            Severity.WARNING,
            "unexpected-segment",
            "segment is not expected in this loop; kept as read",
            seg,
        )

    # -- closing ---------------------------------------------------------------

    def close_transaction(self, end: int | None = None, se: bool = False) -> None:
        """Finish the open transaction (at SE, or where its SE is missing).

        ``end`` is the byte offset of the SE (``se``) or of the segment that
        cuts the transaction short; ``None`` at the end of input.
        """
        if not self.in_transaction:
            return
        self.keep_text(end, se)
        self.close_lx()
        self.in_transaction = False
        self.table = self.outside_table
        header = self.stream_header()
        issues = self.issues
        for code, present in (
            ("BPR", self.bpr_seen),
            ("TRN", self.trn_seen),
            ("N1*PR", self.payer is not None),
            ("N1*PE", self.payee is not None),
        ):
            if not present:
                self.issue(
                    Severity.ERROR,
                    "missing-segment",
                    f"the transaction has no {code} segment",
                    self.st_seg,
                )
        self.check_payer()
        if self.lx_seen:
            for clp in self.loose_claims:
                self.issue(
                    Severity.ERROR,
                    "claim-outside-lx",
                    "CLP is outside any LX header number loop (2000), which the transaction uses",
                    clp,
                )
        payment = header.payment
        # Transaction rule: BPR02 = sum(CLP04) - sum(PLB amounts), negated for a debit (BPR03 D).
        if (
            payment is not None
            and payment.amount is not None
            and self.paid_ok
            and self.plb_ok
            and self.paid_total - self.plb_total
            != balancing.signed_payment(payment.amount, payment.credit_debit)
        ):
            self.add(
                balancing.payment_issue(
                    payment.amount, self.paid_total, self.plb_total, self.location(self.st_seg)
                )
            )
        fields = {
            "header": header,
            "claims": self.claims,
            "provider_adjustments": self.plbs,
            "header_numbers": self.header_numbers,
            "issues": issues,
            "extra_segments": self.remittance_extras,
            "delimiters": self.delimiters,
            "source_segments": (
                None
                if self.source_text is None
                else SourceSegments(self.source_text, self.delimiters.segment)
            ),
            "source_trailers": [],
            "source_interchange": self.isa_as_read,
            "segments_before": self.before,
            "segments_after": [],
        }
        self.before = []
        self.group_last = self.interchange_last = fields
        self.group_count += 1
        self.source = None
        self.source_text = None
        if self.streaming:
            self.hand_over(issues)
        else:
            self.finished.append((fields, issues))

    def keep_text(self, end: int | None, se: bool) -> None:
        """Set ``source_text``: the transaction's text from ST to ``end``."""
        raw = self.raw
        if raw is None:
            if self.source is not None:
                term = self.delimiters.segment
                self.source_text = term.join(self.source) + term
            return
        if end is None:
            end = len(raw)
        elif se:
            if isinstance(raw, str):
                stop = raw.find(self.delimiters.segment, end)
            else:
                stop = raw.find(self.delimiters.segment.encode("utf-8", "surrogateescape"), end)
            end = len(raw) if stop < 0 else stop + 1
        piece = raw[self.st_offset : end]
        self.source_text = (
            piece if isinstance(piece, str) else piece.decode("utf-8", "surrogateescape")
        )

    def end_of_input(self) -> None:
        """Close what is open and collect the trailing envelope findings."""
        self.close_transaction()
        self.tracker.finish()
        self.take_envelope_issues(self.file_issues)
        if self.streaming:
            self.hand_over(self.file_issues)
        elif self.finished:
            fields, issues = self.finished[-1]
            fields["segments_after"] = self.orphans
            issues.extend(self.file_issues)
            self.file_issues.clear()
        elif self.orphans or self.file_issues:
            # No 835 to carry them: a remittance without header data holds the segments
            # found outside any ST..SE and the issues (a not-835, a missing trailer...),
            # so nothing vanishes.
            header = build_record(
                RemittanceHeader,
                {
                    **record_template(RemittanceHeader),
                    "control_number": "",
                    "implementation_reference": "",
                    "interchange": self.interchange,
                    "group": self.group,
                },
            )
            fields = {
                **record_template(Remittance),
                "header": header,
                "extra_segments": [seg for _, seg in self.orphans],
                "delimiters": self.delimiters,
                "claims": [],
                "provider_adjustments": [],
                "header_numbers": [],
                "source_trailers": [],
            }
            self.finished.append((fields, list(self.file_issues)))
            self.file_issues.clear()

    def remittances(self) -> list[Remittance]:
        """The finished transactions as records."""
        out = []
        for fields, issues in self.finished:
            before, after = fields["segments_before"], fields["segments_after"]
            fields = {
                **fields,
                "claims": tuple(fields["claims"]),
                "provider_adjustments": tuple(fields["provider_adjustments"]),
                "header_numbers": tuple(fields["header_numbers"]),
                "issues": tuple(issues),
                "extra_segments": tuple(fields["extra_segments"]),
                "source_trailers": tuple(fields["source_trailers"]),
                "segments_before": tuple(seg for _, seg in before),
                "segments_after": tuple(seg for _, seg in after),
                "stray_gaps": (tuple(gap for gap, _ in before), tuple(gap for gap, _ in after)),
            }
            out.append(build_record(Remittance, fields))
        return out


def _damaged_clp(seg_id: str) -> bool:
    """Whether a malformed segment id is a CLP's (``cLP``, ``CLPX``, ``CLP3170``)."""
    return "".join(c for c in seg_id.upper() if c.isalpha()).startswith("CLP")


def _streamed(header: RemittanceHeader, claim: ClaimPayment, index: int) -> RemittanceClaim:
    """A RemittanceClaim without ``__init__``'s type checks: the parser made its parts."""
    return build_record(RemittanceClaim, {"header": header, "claim": claim, "index": index})


def reparse_transaction(
    segments: Sequence[str],
    interchange: InterchangeHeader,
    group: GroupHeader | None,
    delimiters: Delimiters,
) -> list[Remittance]:
    """The transactions in ``segments`` (segment texts, ST to SE, no terminators), read
    as inside ``interchange`` and ``group`` with ``delimiters``: the writer's check that
    a remittance's kept text still says what its records say."""
    parser = Parser(strict=False, keep_source=False, within=(interchange, group, delimiters))
    # Plain tuples of the Segment layout: the parser takes them (read_segment_tuples).
    parser.run(
        (text.split(delimiters.element), n, 0, delimiters) for n, text in enumerate(segments)
    )
    return parser.remittances()
