"""Read 837 Professional claims (005010X222, A1, A2) back into encounters.

Strategy: :func:`~medclaims.x12.iter_transactions` cuts the input into
transaction sets; a :class:`_Walker` then follows each one segment by segment.
HL03 opens the hierarchical levels (``20`` billing provider, ``22``
subscriber, ``23`` patient), CLM opens a claim (2300), LX a service line
(2400), and every NM1 opens a name loop (2010xx, 2310x, 2330x, 2420x) that
keeps the N3, N4, DMG, REF, PER and PRV segments after it. Segments are only
collected while walking; each claim becomes an
:class:`~medclaims.professional.model.Encounter` when the next CLM, HL or the
SE closes it, using the levels that enclose it at that moment.

Real files are not what our builder writes, so reading is lenient by default:
records are built with the model's type checks but without the business rules
of :mod:`medclaims.professional.validate` (an NPI with a bad check digit or an
ICD-9 code is read as sent); every deviation becomes an
:class:`~medclaims.errors.Issue`, and data the model has no field for is
listed in one ``not-represented`` issue per claim. A required text the file
lacks is read as ``""`` with an error issue. ``strict=True`` raises
:class:`Claim837Error` on the first error issue instead. A value that cannot
be represented at all (a line without a charge or service date, a patient
without a birth date) raises :class:`Claim837Error` in both modes. Files that
are not 5010 837P (4010 X098, 837I) raise :class:`UnsupportedVersionError`.
No message holds an element value: positions and element names only.

Modules: this one holds the API and the walk; :mod:`._reader_loops` the
collected loop records; :mod:`._reader_parties` (who: providers, subscriber,
payer, patient) and :mod:`._reader_claims` (what: claim, diagnoses, lines)
map them to the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from medclaims._support.fields import typed_fields
from medclaims.errors import EnvelopeError, Issue, Severity
from medclaims.professional._reader_claims import _Mapper
from medclaims.professional._reader_loops import (
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
    GroupHeader,
    InterchangeHeader,
    Segment,
    Source,
    Transaction,
    TransactionHeader,
    iter_transactions,
)

__all__ = [
    "SUPPORTED_VERSION_PREFIX",
    "Claim837Error",
    "Claim837File",
    "Claim837Transaction",
    "UnsupportedVersionError",
    "parse_837p",
    "read_837p",
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


def parse_837p(source: Source, *, strict: bool = False) -> list[Encounter]:
    """The encounters of an 837P (``str``, ``bytes`` or a file object), one per CLM."""
    return read_837p(source, strict=strict).encounters


def read_837p(source: Source | Iterable[Segment], *, strict: bool = False) -> Claim837File:
    """Read every 837P transaction of ``source`` with its envelopes and issues.

    Lenient by default (findings become issues); ``strict=True`` raises
    :class:`Claim837Error` (or :class:`~medclaims.errors.EnvelopeError`) on the
    first error. Always raises :class:`UnsupportedVersionError` for non-5010
    837P transactions and :class:`~medclaims.errors.X12SyntaxError` for non-X12.
    """
    issues: list[Issue] = []
    transactions = [_Walker(tx, issues, strict).run() for tx in iter_transactions(source, issues)]
    if strict:
        for issue in issues:
            if issue.severity is Severity.ERROR:
                raise EnvelopeError(issue.message, issue.location)
    return Claim837File(transactions=tuple(transactions), issues=tuple(issues))


# ---------------------------------------------------------------- walking


class _Walker:
    """Walks one transaction set; :meth:`run` returns its :class:`Claim837Transaction`."""

    def __init__(self, tx: Transaction, issues: list[Issue], strict: bool) -> None:
        self.tx, self.issues, self.strict = tx, issues, strict
        self.header: dict[str, _Party | Segment] = {}  # before the first HL, first of each
        self.header_repeats: list[str] = []
        self.header_kept: Kept = []
        self.loop = "HEADER"  # loop id of the segment being fed
        self.levels: dict[str, _Level] = {}  # HL03 -> current level of that kind
        self.hl_ids: dict[str, str] = {}  # HL01 -> HL03
        self.claim: _Claim | None = None
        self.mode = "claim"
        self.party: _Party | None = None
        self.encounters: list[Encounter] = []

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

    def run(self) -> Claim837Transaction:
        tx = self.tx
        self._check_version()
        for seg in tx.segments[1:]:
            if seg.id != "SE":
                self._feed(seg)
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
            self.loop = _LEVEL_LOOPS[seg.get(3)]
        elif sid == "CLM":
            self._close_claim()
            if not self.levels.get("22"):
                raise Claim837Error("claim outside a subscriber level (HL03=22)", seg.location())
            self.claim, self.mode, self.loop = _Claim(seg), "claim", "2300"
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
        kind, parent = seg.get(3), seg.get(2)
        parents = {"20": "", "22": "20", "23": "22"}
        if kind not in parents:
            raise Claim837Error("HL03 is not 20, 22 or 23", seg.location(3))
        expected = parents[kind]
        if (self.hl_ids.get(parent, "") if parent else "") != expected:
            self.note(
                Severity.ERROR, "hl-parent", "HL02 does not point at the enclosing level", seg, 2
            )
        if seg.get(1) in self.hl_ids:
            self.note(Severity.ERROR, "hl-duplicate", "HL01 repeats an earlier HL01", seg, 1)
        self.hl_ids[seg.get(1)] = kind
        if expected and expected not in self.levels:
            raise Claim837Error("hierarchical level without its parent level", seg.location(3))
        for deeper in ("20", "22", "23")[("20", "22", "23").index(kind) :]:
            self.levels.pop(deeper, None)
        self.levels[kind] = _Level(seg)

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
        if claim is not None:
            self.encounters.append(_Mapper(self, claim).encounter())

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
            encounters=tuple(self.encounters),
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
