"""The walk over 837P segments, one transaction set at a time, claim by claim.

Strategy: :func:`walk_837p` follows the envelopes (ISA, GS, ST..SE) of a
segment stream itself, without buffering a transaction: each ST starts a
:class:`_Walker`, every segment up to the SE is fed to it as it is read, and
each claim (2300 and its lines) becomes an
:class:`~medclaims.professional.model.Encounter` as soon as the next CLM, HL
or the SE closes it, using the levels (billing provider, subscriber, patient)
that enclose it at that moment; it is yielded at once and nothing of it is
kept. Memory is bounded by the largest claim and its levels, not by the
transaction. HL03 opens the hierarchical levels (``20`` billing provider,
``22`` subscriber, ``23`` patient), CLM opens a claim (2300), LX a service
line (2400), and every NM1 opens a name loop (2010xx, 2310x, 2330x, 2420x)
that keeps the N3, N4, DMG, REF, PER and PRV segments after it.

Lenient mode never gives up on the file for one claim: a claim that cannot be
represented (a line without a service date, a patient level without its name
loop, a claim outside a subscriber level) is left out with an error issue at
its CLM, and the walk goes on; ``strict`` raises instead. A body that is
institutional (CL1, SV2) is refused whatever ST03/GS08 say.

:mod:`.loops` holds the collected loop records; :mod:`.parties` (who:
providers, subscriber, payer, patient) and :mod:`.claims` (what: claim,
diagnoses, lines) map them to the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import attrs

from medclaims._support.fields import typed_fields
from medclaims.errors import Issue, Severity
from medclaims.professional._read.claims import _Mapper
from medclaims.professional._read.loops import (
    _KEPT,
    _LEVEL_LOOPS,
    _LINE_LOOPS,
    _LINE_MODES,
    _MODE_MEMBERS,
    _NAME_LOOPS,
    _PARTY_IDS,
    _UNNAMED_LOOPS,
    Claim837Error,
    Kept,
    UnsupportedVersionError,
    _Claim,
    _code,
    _contact,
    _datetime,
    _extras,
    _Level,
    _Line,
    _Party,
)
from medclaims.professional.extras import ExtraSegment
from medclaims.professional.model import Encounter, Receiver, Submitter
from medclaims.x12 import (
    ENVELOPE_IDS,
    EnvelopeTracker,
    GroupHeader,
    InterchangeHeader,
    Segment,
    Source,
    Transaction,
    TransactionHeader,
    read_segments,
)
from medclaims.x12.reader import check_source

__all__ = [
    "SUPPORTED_VERSION_PREFIX",
    "Claim837Error",
    "Claim837File",
    "Claim837Transaction",
    "UnsupportedVersionError",
    "walk_837p",
]

SUPPORTED_VERSION_PREFIX = "005010X222"
"""GS08/ST03 values this reader accepts start with this (X222, X222A1, X222A2)."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Claim837Transaction:
    """One 837P transaction set (ST..SE) with its envelopes, header loops and claims."""

    interchange: InterchangeHeader
    """The enclosing interchange header (ISA)."""
    group: GroupHeader | None
    """The enclosing functional group header (GS); ``None`` when the file has none."""
    header: TransactionHeader
    """The transaction set header (ST)."""
    purpose_code: str
    """``00`` original or ``18`` reissue (BHT02)."""
    reference: str
    """Originator's batch reference (BHT03)."""
    created_at: dt.datetime | None
    """Creation date and time (BHT04 CCYYMMDD, BHT05 HHMM[SS]); ``None`` when unreadable."""
    claim_or_encounter: str
    """``CH`` chargeable claims or ``RP`` encounter reporting (BHT06)."""
    submitter: Submitter | None = attrs.field(repr=False)
    """The submitter (loop 1000A NM1*41, PER*IC; qualifier from ISA05)."""
    receiver: Receiver | None = attrs.field(repr=False)
    """The receiver (loop 1000B NM1*40; qualifier from ISA07)."""
    encounters: tuple[Encounter, ...] = attrs.field(repr=lambda e: f"<{len(e)} encounters>")
    """One encounter per CLM segment, in file order."""
    extra_segments: tuple[ExtraSegment, ...] = attrs.field(default=())
    """Header segments (before the first HL) the record has no field for, in file order."""


@attrs.frozen(kw_only=True, field_transformer=typed_fields)
class Claim837File:
    """Everything :func:`read_837p` found: the transactions and every issue."""

    transactions: tuple[Claim837Transaction, ...]
    """The 837P transaction sets, in file order."""
    issues: tuple[Issue, ...]
    """Envelope, structure and mapping findings (PHI-free), in the order found."""

    @property
    def encounters(self) -> list[Encounter]:
        """The encounters of every transaction, in file order."""
        return [e for t in self.transactions for e in t.encounters]


# ---------------------------------------------------------------- walking

# Segments only an 837 Institutional has (CL1 in 2300, SV2 in 2400).
_INSTITUTIONAL = frozenset({"CL1", "SV2"})


def walk_837p(
    source: Source | Iterable[Segment], issues: list[Issue], strict: bool
) -> Iterator[Encounter | Claim837Transaction]:
    """Each encounter as its claim closes, then its transaction (with ``encounters=()``)
    after its last one. Reader and claim findings go to ``issues`` as they are found,
    envelope findings at the end. Nothing is buffered beyond the open claim.
    """
    check_source(source)
    segments: Iterable[Segment] = (
        read_segments(source, issues=issues)  # type: ignore[arg-type]
        if isinstance(source, str | bytes | bytearray | memoryview) or hasattr(source, "read")
        else source
    )
    tracker = EnvelopeTracker()
    isa = InterchangeHeader()
    gs: GroupHeader | None = None
    walker: _Walker | None = None
    last: Segment | None = None
    for seg in segments:
        last = seg
        seg_id = seg.elements[0]
        is_envelope = seg_id in ENVELOPE_IDS
        if walker is not None:
            if not is_envelope:
                walker.feed(seg)
                if walker.encounters:
                    yield from walker.encounters
                    walker.encounters.clear()
                continue
            done = walker.finish()
            yield from walker.encounters
            walker = None
            yield done
        if is_envelope:
            tracker.feed(seg)  # its findings are reported at the end, after the claims'
        if seg_id == "ISA":
            isa = InterchangeHeader.from_segment(seg)
        elif seg_id == "GS":
            gs = GroupHeader.from_segment(seg)
        elif seg_id == "ST":
            header = TransactionHeader.from_segment(seg)
            walker = _Walker(Transaction(isa, gs, header, seg.delimiters, [seg]), issues, strict)
        elif not is_envelope:
            tracker.stray(seg)
    if walker is not None:
        done = walker.finish()
        yield from walker.encounters
        yield done
    issues.extend(tracker.finish(last))


class _Walker:
    """Walks one transaction set fed segment by segment (:meth:`feed`); closed claims wait
    in :attr:`encounters` for the caller to take; :meth:`finish` returns the transaction."""

    def __init__(self, tx: Transaction, issues: list[Issue], strict: bool) -> None:
        self.tx, self.issues, self.strict = tx, issues, strict
        self.header: dict[str, _Party | Segment] = {}  # before the first HL, first of each
        self.header_repeats: list[str] = []
        self.header_kept: Kept = []
        self.loop = "HEADER"  # loop id of the segment being fed
        self.levels: dict[str, _Level] = {}  # HL03 -> current level of that kind
        # HL01s seen, in bounded memory: the run first..last of numbers one apart
        # (the usual 1, 2, 3...), and a set of any others.
        self.hl_run: tuple[int, int] | None = None
        self.hl_others: set[str] = set()
        self.claim: _Claim | None = None
        self.claim_error: Claim837Error | None = None  # the open claim cannot be represented
        self.skipping = False  # inside a level that could not be read: claims are left out
        self.mode = "claim"
        self.party: _Party | None = None
        self.encounters: list[Encounter] = []  # closed, not yet taken by the caller
        self.count = 0  # claims closed (kept or left out)
        self._check_version()

    def note(
        self,
        severity: Severity,
        code: str,
        message: str,
        seg: Segment,
        element: int | None = None,
        component: int | None = None,
    ) -> None:
        loc = seg.location(element, component)
        if self.strict and severity is Severity.ERROR:
            raise Claim837Error(message, loc)
        self.issues.append(Issue(severity, code, message, loc))

    def feed(self, seg: Segment) -> None:
        """Take the next segment of the transaction (not its SE)."""
        if seg.elements[0] in _INSTITUTIONAL:
            raise UnsupportedVersionError(
                "an 837 Institutional claim (CL1/SV2/institutional 2300 segments), "
                "not Professional, whatever ST03/GS08 say",
                seg.location(),
            )
        self._feed(seg)

    def finish(self) -> Claim837Transaction:
        """Close the last claim (left in :attr:`encounters`); the transaction record,
        its ``encounters`` empty (the caller collects them if it keeps them)."""
        self._close_claim()
        return self._transaction()

    def _check_version(self) -> None:
        st = self.tx.segments[0]
        if self.tx.header.transaction_set_id != "837":
            raise UnsupportedVersionError("transaction set is not an 837", st.location(1))
        version = self.tx.header.implementation_reference or (
            self.tx.group.version if self.tx.group else ""
        )
        if not version.startswith(SUPPORTED_VERSION_PREFIX):
            raise UnsupportedVersionError(
                "not a 5010 837 Professional (ST03/GS08 must start with 005010X222)", st.location(3)
            )

    # ------------------------------------------------------------ walking

    def _feed(self, seg: Segment) -> None:
        sid = seg.id
        if self.skipping and sid not in ("HL", "CLM"):
            return  # inside a level that could not be read (reported at its HL)
        if self.party is not None and sid in _PARTY_IDS:
            self.party.segs.setdefault(sid, []).append(seg)
        else:
            self.party = None
            self._place(seg, sid)
        # Every segment is also kept, with its loop id, on the nearest record's list.
        claim = self.claim
        if claim is not None:
            (claim.lines[-1].kept if claim.lines else claim.kept).append((self.loop, seg))
        elif self.levels:
            self._deepest().kept.append((self.loop, seg))
        else:
            self.header_kept.append((self.loop, seg))

    def _place(self, seg: Segment, sid: str) -> None:
        if sid == "HL":
            self._on_hl(seg)
            self.loop = _LEVEL_LOOPS.get(seg.get(3), "HEADER")
        elif sid == "CLM":
            self._close_claim()
            self.claim, self.mode, self.loop = _Claim(seg), "claim", "2300"
            if self.skipping or not self.levels.get("22"):
                self.claim_error = Claim837Error(
                    "claim outside a readable subscriber level (HL03=22)", seg.location()
                )
                if self.strict:
                    raise self.claim_error
                self.skipping = False  # its own segments are walked, then left out
        elif sid == "NM1":
            self._on_nm1(seg)
        elif self.claim is not None:
            self._in_claim(self.claim, seg)
        elif self.levels:
            level = self._deepest()
            self.loop = _LEVEL_LOOPS[level.hl.get(3)]
            if sid in level.segs:
                level.repeated.append(sid)
            level.segs.setdefault(sid, seg)
        else:
            self.loop = "HEADER"
            if sid in self.header:
                self.header_repeats.append(sid)
            self.header.setdefault(sid, seg)

    def _name_loop(self, context: str, code: str) -> str:
        return _NAME_LOOPS[context].get(code, _UNNAMED_LOOPS[context])

    def _deepest(self) -> _Level:
        return self.levels.get("23") or self.levels.get("22") or self.levels["20"]

    def _on_hl(self, seg: Segment) -> None:
        self._close_claim()
        self.skipping = False
        kind, parent = seg.get(3), seg.get(2)
        self._check_hl_number(seg)
        parents = {"20": "", "22": "20", "23": "22"}
        if kind not in parents:
            self._unreadable_level(seg, "HL03 is not 20, 22 or 23", 3)
            return
        expected = parents[kind]
        enclosing = self.levels.get(expected) if expected else None
        if expected and enclosing is None:
            self._unreadable_level(seg, "hierarchical level without its parent level", 3)
            return
        if parent != (enclosing.hl.get(1) if enclosing is not None else ""):
            self.note(
                Severity.ERROR, "hl-parent", "HL02 does not point at the enclosing level", seg, 2
            )
        for deeper in ("20", "22", "23")[("20", "22", "23").index(kind) :]:
            self.levels.pop(deeper, None)
        self.levels[kind] = _Level(seg)

    def _unreadable_level(self, seg: Segment, message: str, element: int) -> None:
        """A level that cannot be placed: strict raises; lenient reports it and leaves out
        its segments and the claims in it (each reported at its CLM)."""
        if self.strict:
            raise Claim837Error(message, seg.location(element))
        self.issues.append(Issue(Severity.ERROR, "hl-structure", message, seg.location(element)))
        for deeper in ("22", "23") if seg.get(3) != "20" else ("20", "22", "23"):
            self.levels.pop(deeper, None)
        self.skipping = True

    def _check_hl_number(self, seg: Segment) -> None:
        """HL01 is unique in the transaction (an error otherwise) and starts at 1 (a warning)."""
        number = seg.get(1)
        run = self.hl_run
        value = int(number) if number.isdigit() and number.isascii() else None
        if run is None:
            if number != "1":
                self.note(
                    Severity.WARNING, "hl-numbering", "HL01 numbering does not start at 1", seg, 1
                )
            if value is not None:
                self.hl_run = (value, value)
            else:
                self.hl_others.add(number)
            return
        first, last = run
        if (value is not None and first <= value <= last) or number in self.hl_others:
            self.note(Severity.ERROR, "hl-duplicate", "HL01 repeats an earlier HL01", seg, 1)
            return
        if value == last + 1:
            self.hl_run = (first, value)
        else:  # a gap or another order: unique still, which is what the guide requires
            self.hl_others.add(number if value is None else str(value))

    def _on_nm1(self, seg: Segment) -> None:
        party = _Party(seg)
        self.party = party
        code = seg.get(1)
        claim = self.claim
        if claim is None:
            if not self.levels:
                self.loop = self._name_loop("header", code)
                key = "NM1*" + _code(code)
                if key in self.header:
                    self.header_repeats.append(key)
                self.header.setdefault(key, party)
                return
            level = self._deepest()
            self.loop = self._name_loop(level.hl.get(3), code)
            if code in level.parties:
                self.note(Severity.ERROR, "repeated-loop", "name loop repeats in its level", seg, 1)
                level.repeated.append("NM1*" + _code(code))
            else:
                level.parties[code] = party
        elif self.mode == "cob":  # 2330x: the NM1 and what follows go to the COB list
            self.party = None
            self.loop = self._name_loop("cob", code)
            claim.cob.append(seg)
        elif claim.lines:
            self.loop = self._name_loop("line", code)
            claim.lines[-1].parties.append(party)
            self.mode = "line"
        else:
            self.loop = self._name_loop("claim", code)
            claim.parties.append(party)

    def _in_claim(self, claim: _Claim, seg: Segment) -> None:
        sid = seg.id
        if sid == "LX":
            claim.lines.append(_Line(seg))
            self.mode, self.loop = "line", "2400"
            return
        if not claim.lines:
            if sid == "SBR":
                self.mode, self.loop = "cob", "2320"
            elif self.mode != "cob":
                self.loop = "2300"
            (claim.cob if self.mode == "cob" else claim.segs).append(seg)
            return
        line = claim.lines[-1]
        if sid in _LINE_MODES:
            self.mode = _LINE_MODES[sid]
        elif self.mode in _MODE_MEMBERS and sid not in _MODE_MEMBERS[self.mode]:
            self.mode = "line"
        self.loop = _LINE_LOOPS.get(self.mode, "2400")
        if self.mode == "line":
            line.segs.append(seg)
        else:
            (line.drug if self.mode == "drug" else line.other).append(seg)

    def _close_claim(self) -> None:
        claim, self.claim, self.party = self.claim, None, None
        if claim is None:
            return
        self.count += 1
        error, self.claim_error = self.claim_error, None
        if error is None:
            try:
                self.encounters.append(_Mapper(self, claim).encounter())
                return
            except UnsupportedVersionError:
                raise
            except Claim837Error as exc:
                if self.strict:
                    raise
                error = exc
        # Lenient: the claim is left out; the issue says where it starts and why.
        at = claim.clm
        self.issues.append(
            Issue(
                Severity.ERROR,
                "claim-not-read",
                f"claim {self.count} of the transaction (CLM at segment {at.segment_index}, "
                f"byte {at.byte_offset}) left out: {error.reason}",
                error.location,
            )
        )

    # ------------------------------------------------------------ header loops

    def _transaction(self) -> Claim837Transaction:
        tx, bht = self.tx, self.header.get("BHT")
        if not isinstance(bht, Segment):
            self.note(Severity.ERROR, "missing-segment", "BHT segment is missing", tx.segments[0])
            bht = Segment(
                ["BHT"], tx.segments[0].segment_index, tx.segments[0].byte_offset, tx.delimiters
            )
        used = {bht.segment_index}
        self._header_losses()
        created = _datetime(bht.get(4), bht.get(5))
        if created is None and bht.get(4):
            self.note(Severity.ERROR, "bad-date", "BHT04/BHT05 is not a date and time", bht, 4)
        return Claim837Transaction(
            interchange=tx.interchange,
            group=tx.group,
            header=tx.header,
            purpose_code=bht.get(2),
            reference=bht.get(3),
            created_at=created,
            claim_or_encounter=bht.get(6),
            submitter=self._submitter(used),
            receiver=self._receiver(used),
            encounters=(),
            extra_segments=_extras(self.header_kept, used),
        )

    def _header_losses(self) -> None:
        lost = [k for k in self.header if k not in ("BHT", "NM1*41", "NM1*40")]
        for key, keep in (("NM1*41", {"PER"}), ("NM1*40", set())):
            party = self.header.get(key)
            if isinstance(party, _Party):
                lost += [
                    f"{key} {sid}"
                    for sid, segs in party.segs.items()
                    if sid not in keep or len(segs) > 1
                ]
        if lost or self.header_repeats:
            listed = ", ".join(sorted(set(lost + self.header_repeats)))
            self.note(
                Severity.INFO,
                "not-represented",
                f"{_KEPT}; the transaction record has no field for: {listed}",
                self.tx.segments[0],
            )

    def _submitter(self, used: set[int]) -> Submitter | None:
        party = self.header.get("NM1*41")
        if not isinstance(party, _Party):
            return None
        used.add(party.nm1.segment_index)
        contact = _contact(party, used)
        return Submitter(
            name=party.nm1.get(3),
            id=party.nm1.get(9),
            contact_name=contact.name if contact else "",
            phone=contact.phone if contact else None,
            email=contact.email if contact else None,
            id_qualifier=self.tx.interchange.sender_qualifier,
        )

    def _receiver(self, used: set[int]) -> Receiver | None:
        party = self.header.get("NM1*40")
        if not isinstance(party, _Party):
            return None
        used.add(party.nm1.segment_index)
        return Receiver(
            name=party.nm1.get(3),
            id=party.nm1.get(9),
            id_qualifier=self.tx.interchange.receiver_qualifier,
        )
