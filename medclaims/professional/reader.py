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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from medclaims.errors import EnvelopeError, Issue, Severity, X12Error
from medclaims.professional.extras import ExtraSegment, extra_segment
from medclaims.professional.model import (
    Accident,
    Address,
    BillingProvider,
    Contact,
    Encounter,
    Patient,
    Payer,
    Provider,
    Receiver,
    ServiceFacility,
    ServiceLine,
    Submitter,
    Subscriber,
)
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


class Claim837Error(X12Error):
    """An 837P cannot be read into encounters (or, in strict mode, deviates from the guide)."""


class UnsupportedVersionError(Claim837Error):
    """The transaction is not a 5010 837 Professional (e.g. 4010 X098 or 837I X223)."""


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
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


# ---------------------------------------------------------------- collected loops

_PARTY_IDS = frozenset({"N3", "N4", "DMG", "REF", "PER", "PRV"})
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_CODE = re.compile(r"[A-Z0-9]{1,3}", re.ASCII)
# Per HL03: the level's own segments the model holds, and per NM1 entity code the
# segments after that NM1 it holds (REF qualifiers are checked where they are read).
_LEVEL_SEGMENTS = {"20": {"PRV"}, "22": {"SBR"}, "23": {"PAT"}}
_LEVEL_NAMES = {
    "20": {"85": {"N3", "N4", "REF", "PER"}, "87": {"N3", "N4"}},
    "22": {"IL": {"N3", "N4", "DMG"}, "PR": {"N3", "N4"}},
    "23": {"QC": {"N3", "N4", "DMG"}},
}
_NO_ADDRESS = Address(line1="", city="", state="", postal_code="")  # required, but absent
_DIAGNOSIS = {"ABK": True, "ABF": False, "BK": True, "BF": False}  # qualifier -> principal


# Loop ids for extra segments: per HL03, and per NM1 entity code in each context.
_LEVEL_LOOPS = {"20": "2000A", "22": "2000B", "23": "2000C"}
_NAME_LOOPS = {
    "20": {"85": "2010AA", "87": "2010AB", "PE": "2010AC"},
    "22": {"IL": "2010BA", "PR": "2010BB"},
    "23": {"QC": "2010CA"},
    "header": {"41": "1000A", "40": "1000B"},
    "claim": {"DN": "2310A", "P3": "2310A", "82": "2310B", "77": "2310C", "DQ": "2310D",
              "PW": "2310E", "45": "2310F"},
    "cob": {"IL": "2330A", "PR": "2330B", "DN": "2330C", "P3": "2330C", "82": "2330D",
            "77": "2330E", "DQ": "2330F", "85": "2330G"},
    "line": {"82": "2420A", "QB": "2420B", "77": "2420C", "DQ": "2420D", "DK": "2420E",
             "DN": "2420F", "P3": "2420F", "PW": "2420G", "45": "2420H"},
}
_UNNAMED_LOOPS = {"20": "2010A", "22": "2010B", "23": "2010C", "header": "1000",
                  "claim": "2310", "cob": "2330", "line": "2420"}
_LINE_LOOPS = {"line": "2400", "drug": "2410", "adj": "2430", "form": "2440"}

Kept = list[tuple[str, Segment]]
"""Segments of a loop in file order, each with the loop id it was read in."""


@attrs.define
class _Party:
    """An NM1-led loop with the N3/N4/DMG/REF/PER/PRV (and 2330 DTP) that follow it."""

    nm1: Segment
    segs: dict[str, list[Segment]] = attrs.Factory(dict)

    @property
    def code(self) -> str:
        return self.nm1.get(1)

    def first(self, seg_id: str) -> Segment | None:
        found = self.segs.get(seg_id)
        return found[0] if found else None


@attrs.define
class _Level:
    """An HL level (2000A/B/C): its own segments and its name loops by entity code."""

    hl: Segment
    segs: dict[str, Segment] = attrs.Factory(dict)
    parties: dict[str, _Party] = attrs.Factory(dict)
    repeated: list[str] = attrs.Factory(list)  # segment ids seen twice: only the first is read
    kept: Kept = attrs.Factory(list)  # every segment of the level and its name loops


@attrs.define
class _Line:
    lx: Segment
    segs: list[Segment] = attrs.Factory(list)
    drug: list[Segment] = attrs.Factory(list)
    parties: list[_Party] = attrs.Factory(list)
    other: list[Segment] = attrs.Factory(list)  # 2430 adjudication, 2440 forms
    kept: Kept = attrs.Factory(list)


@attrs.define
class _Claim:
    clm: Segment
    segs: list[Segment] = attrs.Factory(list)
    parties: list[_Party] = attrs.Factory(list)
    cob: list[Segment] = attrs.Factory(list)  # 2320/2330: extra segments only
    lines: list[_Line] = attrs.Factory(list)
    kept: Kept = attrs.Factory(list)  # loops 2300-2330, before the first LX


# Within a claim, which collection a segment goes to after these openers.
_LINE_MODES = {"LIN": "drug", "SVD": "adj", "LQ": "form"}
_MODE_MEMBERS = {"drug": {"CTP", "REF"}, "adj": {"CAS", "DTP", "AMT", "SVD"}, "form": {"FRM", "LQ"}}


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

    def note(self, severity: Severity, code: str, message: str, seg: Segment,
             element: int | None = None, component: int | None = None) -> None:
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
            self.tx.group.version if self.tx.group else "")
        if not version.startswith(SUPPORTED_VERSION_PREFIX):
            raise UnsupportedVersionError(
                "not a 5010 837 Professional (ST03/GS08 must start with 005010X222)",
                st.location(3))

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
            self.note(Severity.ERROR, "hl-parent", "HL02 does not point at the enclosing level",
                      seg, 2)
        if seg.get(1) in self.hl_ids:
            self.note(Severity.ERROR, "hl-duplicate", "HL01 repeats an earlier HL01", seg, 1)
        self.hl_ids[seg.get(1)] = kind
        if expected and expected not in self.levels:
            raise Claim837Error("hierarchical level without its parent level", seg.location(3))
        for deeper in ("20", "22", "23")[("20", "22", "23").index(kind):]:
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
            bht = Segment(["BHT"], tx.segments[0].segment_index, tx.segments[0].byte_offset,
                          tx.delimiters)
        used = {bht.segment_index}
        self._header_losses()
        created = _datetime(bht.get(4), bht.get(5))
        if created is None and bht.get(4):
            self.note(Severity.ERROR, "bad-date", "BHT04/BHT05 is not a date and time", bht, 4)
        return Claim837Transaction(
            interchange=tx.interchange, group=tx.group, header=tx.header,
            purpose_code=bht.get(2), reference=bht.get(3), created_at=created,
            claim_or_encounter=bht.get(6), submitter=self._submitter(used),
            receiver=self._receiver(used), encounters=tuple(self.encounters),
            extra_segments=_extras(self.header_kept, used))

    def _header_losses(self) -> None:
        lost = [k for k in self.header if k not in ("BHT", "NM1*41", "NM1*40")]
        for key, keep in (("NM1*41", {"PER"}), ("NM1*40", set())):
            party = self.header.get(key)
            if isinstance(party, _Party):
                lost += [f"{key} {sid}" for sid, segs in party.segs.items()
                         if sid not in keep or len(segs) > 1]
        if lost or self.header_repeats:
            listed = ", ".join(sorted(set(lost + self.header_repeats)))
            self.note(Severity.INFO, "not-represented", f"{_KEPT}; the transaction record "
                      f"has no field for: {listed}", self.tx.segments[0])

    def _submitter(self, used: set[int]) -> Submitter | None:
        party = self.header.get("NM1*41")
        if not isinstance(party, _Party):
            return None
        used.add(party.nm1.segment_index)
        contact = _contact(party, used)
        return Submitter(name=party.nm1.get(3), id=party.nm1.get(9),
                         contact_name=contact.name if contact else "",
                         phone=contact.phone if contact else None,
                         email=contact.email if contact else None,
                         id_qualifier=self.tx.interchange.sender_qualifier)

    def _receiver(self, used: set[int]) -> Receiver | None:
        party = self.header.get("NM1*40")
        if not isinstance(party, _Party):
            return None
        used.add(party.nm1.segment_index)
        return Receiver(name=party.nm1.get(3), id=party.nm1.get(9),
                        id_qualifier=self.tx.interchange.receiver_qualifier)


# ---------------------------------------------------------------- mapping to the model


def _items(values: Iterable[object]) -> Any:
    """A tuple for a model field declared with ``converter=tuple`` (mypy cannot type those)."""
    return tuple(values)


def _code(value: str) -> str:
    """A qualifier or entity code fit for a message: 1-3 letters/digits, else ``?``."""
    return value if _CODE.fullmatch(value) else "?"


def _datetime(date: str, time: str) -> dt.datetime | None:
    day = _d8(date)
    if day is None or not (time.isdigit() and len(time) in (4, 6, 7, 8)):
        return None
    hour, minute, second = int(time[:2]), int(time[2:4]), int(time[4:6] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    return dt.datetime(day.year, day.month, day.day, hour, minute, second)


def _d8(text: str) -> dt.date | None:
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


_KEPT = "kept in extra_segments (whole segments) or listed here"


def _extras(kept: Kept, used: set[int]) -> tuple[ExtraSegment, ...]:
    """The kept segments not mapped to a field (``used`` holds segment indexes), in order."""
    return tuple(extra_segment(loop, seg) for loop, seg in kept
                 if seg.segment_index not in used)


def _contact(party: _Party, used: set[int]) -> Contact | None:
    per = party.first("PER")
    if per is None:
        return None
    used.add(per.segment_index)
    numbers: dict[str, str] = {}
    for n in (3, 5, 7):
        if per.get(n) and per.get(n + 1):
            numbers.setdefault(per.get(n), per.get(n + 1))
    return Contact(name=per.get(2), phone=numbers.get("TE"), email=numbers.get("EM"))


class _Mapper:
    """Turns one collected claim and its enclosing levels into an :class:`Encounter`."""

    def __init__(self, walker: _Walker, claim: _Claim) -> None:
        self.w, self.claim = walker, claim
        self.unmapped: list[str] = []  # what the model cannot hold: ids and qualifiers only
        self.used: set[int] = set()  # segment indexes mapped to a field; the rest is extra

    def use(self, *segs: Segment | None) -> None:
        """Mark segments as mapped to a model field (so not extra)."""
        for seg in segs:
            if seg is not None:
                self.used.add(seg.segment_index)

    def note(self, severity: Severity, code: str, message: str, seg: Segment,
             element: int | None = None, component: int | None = None) -> None:
        self.w.note(severity, code, message, seg, element, component)

    def text(self, seg: Segment, element: int, what: str) -> str:
        """A required text element; ``""`` with an error issue when absent."""
        value = seg.get(element)
        if not value:
            self.note(Severity.ERROR, "missing-element", f"{what} is missing", seg, element)
        return value

    def decimal(self, seg: Segment, element: int, what: str) -> Decimal | None:
        """An R element (no exponent, NaN or Infinity); ``None`` when empty."""
        raw = seg.get(element)
        if raw and not _DECIMAL.fullmatch(raw):
            raise Claim837Error(f"{what} is not a decimal number", seg.location(element))
        return Decimal(raw) if raw else None

    def required_decimal(self, seg: Segment, element: int, what: str) -> Decimal:
        value = self.decimal(seg, element, what)
        if value is None:
            raise Claim837Error(f"{what} is missing", seg.location(element))
        return value

    def party(self, level: str, code: str, what: str) -> _Party | None:
        """The level's name loop for ``code``, or ``None`` with an error issue at its HL."""
        lvl = self.w.levels[level]
        found = lvl.parties.get(code)
        if found is None:
            self.note(Severity.ERROR, "missing-loop", f"{what} (NM1*{code}) is missing", lvl.hl)
        return found

    def address(self, party: _Party | None, what: str, *, required: bool) -> Address | None:
        """N3/N4 after the name; when required and absent, empty texts with an error issue."""
        n3, n4 = (party.first("N3"), party.first("N4")) if party else (None, None)
        if n3 is None or n4 is None:
            if required and party is not None:
                self.note(Severity.ERROR, "missing-segment", f"{what} N3/N4 is missing",
                          party.nm1)
            return _NO_ADDRESS if required else None
        if n4.get(4) or n4.get(7):
            self.unmapped.append("N404/N407")
        self.use(n3, n4)
        return Address(line1=n3.get(1), line2=n3.get(2) or None, city=n4.get(1),
                       state=n4.get(2), postal_code=n4.get(3))

    def pay_to_address(self) -> Address | None:
        party = self.w.levels["20"].parties.get("87")
        found = self.address(party, "pay-to address", required=False)
        if party is not None and found is not None:
            self.use(party.nm1)
        return found

    def required_address(self, party: _Party, what: str) -> Address:
        return self.address(party, what, required=True) or _NO_ADDRESS

    def encounter(self) -> Encounter:
        claim, clm = self.claim, self.claim.clm
        sub_level = self.w.levels["22"]
        sbr = sub_level.segs.get("SBR")
        if sbr is None:
            self.note(Severity.ERROR, "missing-segment", "SBR segment is missing", sub_level.hl)
            sbr = Segment(["SBR"], sub_level.hl.segment_index, sub_level.hl.byte_offset,
                          sub_level.hl.delimiters)
        pos = clm.composite(5)
        lines = tuple(self.line(line) for line in claim.lines)
        if not lines:
            self.note(Severity.ERROR, "missing-loop", "claim has no service line (LX)", clm)
        charge = self.required_decimal(clm, 2, "CLM02 claim charge")
        # CLM02 is the sum of the SV102 line charges (TR3 2300 CLM02 note); the model derives it.
        if lines and charge != sum((li.charge for li in lines), Decimal(0)):
            self.note(Severity.ERROR, "claim-balance",
                      "CLM02 does not equal the sum of the SV102 line charges", clm, 2)
        refs = self.refs(claim.segs)
        dtps: dict[str, Segment] = {}
        for seg in claim.segs:
            if seg.id == "DTP":
                dtps.setdefault(seg.get(1), seg)  # only the first of a qualifier is read
        self.use(clm, sbr, *(level.hl for level in self.w.levels.values()))
        encounter = Encounter(
            claim_id=self.text(clm, 1, "CLM01 patient control number"),
            place_of_service=pos[0] if pos else self.text(clm, 5, "CLM05-1 place of service"),
            frequency_code=pos[2] if len(pos) > 2 else "",
            billing_provider=self.billing_provider(),
            subscriber=self.subscriber(sbr),
            payer=self.payer(),
            patient=self.patient(),
            pay_to_address=self.pay_to_address(),
            diagnosis_codes=_items(self.diagnoses()),
            service_lines=_items(lines),
            original_claim_id=self.ref(refs, "F8"),
            prior_authorization=self.ref(refs, "G1"),
            referral_number=self.ref(refs, "9F"),
            claim_filing_indicator=sbr.get(9),
            payer_responsibility=sbr.get(1),
            onset_date=self.date(dtps.pop("431", None)),
            accident=self.accident(dtps.pop("439", None)),
            notes=self.notes(claim.segs),
            provider_signature=clm.get(6) == "Y",
            assignment=clm.get(7),
            benefits_assignment=clm.get(8),
            release_of_information=clm.get(9),
            **self.claim_providers(),
        )
        self.unmapped.extend("REF*" + _code(q) for q in refs)
        self.unmapped.extend("DTP*" + _code(q) for q in dtps)
        self.unmapped.extend(s.id for s in claim.segs if s.id not in ("REF", "DTP", "HI", "NTE"))
        self.unmapped.extend(f"CLM{n:02d}" for n in (4, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20)
                             if clm.get(n))
        if claim.cob:
            self.unmapped.append("2320/2330 other subscriber")
        self.level_losses(sbr)
        if self.unmapped:
            listed = ", ".join(sorted(set(self.unmapped)))
            self.note(Severity.INFO, "not-represented",
                      f"{_KEPT}; the encounter model has no field for: {listed}", clm)
        levels = self.w.levels
        kept = [pair for kind in ("20", "22", "23") if kind in levels
                for pair in levels[kind].kept] + claim.kept
        extras = _extras(kept, self.used)
        return attrs.evolve(encounter, extra_segments=extras) if extras else encounter

    def level_losses(self, sbr: Segment) -> None:
        """List what the enclosing HL levels carry beyond the model, and check SBR02."""
        levels = self.w.levels
        is_patient = "23" not in levels
        # SBR02 = 18 exactly when the subscriber is the patient, i.e. no 2000C (TR3 2000B note).
        if (sbr.get(2) == "18") != is_patient and len(sbr.elements) > 1:
            self.note(Severity.WARNING, "subscriber-relationship", "SBR02 must be 18 exactly "
                      "when the claim sits under the subscriber level (no HL 23)", sbr, 2)
        self.unmapped.extend(f"SBR{n:02d}" for n in (4, 5) if sbr.get(n))
        for kind, level in levels.items():
            self.unmapped.extend(level.repeated)
            self.unmapped.extend(f"HL{kind} {sid}" for sid in level.segs
                                 if sid not in _LEVEL_SEGMENTS[kind])
            pat = level.segs.get("PAT")
            if kind == "23" and pat is not None and len(pat.elements) > 2:
                self.unmapped.append("PAT05-PAT09")
            for code, party in level.parties.items():
                allowed = _LEVEL_NAMES[kind].get(code)
                if allowed is None:
                    self.unmapped.append(f"HL{kind} NM1*{_code(code)}")
                    continue
                if code in ("IL", "QC") and party.nm1.get(7):
                    self.unmapped.append("NM107")
                self.unmapped.extend(f"NM1*{code} {sid}" for sid, segs in party.segs.items()
                                     if sid not in allowed or len(segs) > 1)

    def refs(self, segs: list[Segment]) -> dict[str, Segment]:
        """The first REF of each qualifier (later repeats are listed, and kept as extras)."""
        found: dict[str, Segment] = {}
        for seg in segs:
            if seg.id == "REF":
                if seg.get(1) in found:
                    self.unmapped.append("REF*" + _code(seg.get(1)))
                found.setdefault(seg.get(1), seg)
        return found

    def ref(self, refs: dict[str, Segment], qualifier: str) -> str | None:
        """REF02 of the REF with this qualifier, taken out of ``refs`` and marked as mapped."""
        seg = refs.pop(qualifier, None)
        self.use(seg)
        return seg.get(2) if seg is not None else None

    def date(self, seg: Segment | None) -> dt.date | None:
        if seg is None:
            return None
        day = _d8(seg.get(3)) if seg.get(2) == "D8" else None
        if day is None:
            self.note(Severity.ERROR, "bad-date", "DTP03 is not a D8 date", seg, 3)
        else:
            self.use(seg)
        return day

    def notes(self, segs: list[Segment]) -> str | None:
        notes = [s for s in segs if s.id == "NTE"]
        self.unmapped.extend("NTE*" + _code(s.get(1)) for s in notes if s.get(1) != "ADD")
        found = [s for s in notes if s.get(1) == "ADD"]
        if len(found) > 1:
            self.unmapped.append("NTE*ADD")
        if not found:
            return None
        self.use(found[0])
        return found[0].get(2)

    def accident(self, dtp: Segment | None) -> Accident | None:
        clm = self.claim.clm
        causes = clm.composite(11)
        if not causes:
            if dtp is not None:
                self.unmapped.append("DTP*439")
            return None
        if len(causes) > 4 and causes[4]:
            self.unmapped.append("CLM11-5")
        return Accident(related_causes=_items(c for c in causes[:2] if c),
                        state=causes[3] if len(causes) > 3 and causes[3] else None,
                        date=self.date(dtp))

    def diagnoses(self) -> tuple[str, ...]:
        codes: list[str] = []
        for seg in self.claim.segs:
            if seg.id != "HI":
                continue
            if any(p[:1] and p[0] in _DIAGNOSIS for p in map(seg.composite, range(1, 13))):
                self.use(seg)  # an HI of only other codes (BG, BP...) stays an extra segment
            for n in range(1, len(seg.elements)):
                parts = seg.composite(n)
                if not parts:
                    continue
                qualifier = parts[0]
                if qualifier not in _DIAGNOSIS or len(parts) < 2:
                    self.unmapped.append("HI " + _code(qualifier))
                    continue
                if _DIAGNOSIS[qualifier] != (not codes):
                    self.note(Severity.ERROR, "diagnosis-order", "principal diagnosis "
                              "(ABK/BK) must come first and only once", seg, n, 1)
                if qualifier in ("BK", "BF"):
                    self.note(Severity.WARNING, "icd9-diagnosis",
                              "ICD-9-CM diagnosis qualifier (BK/BF) read as a diagnosis code",
                              seg, n, 1)
                codes.append(parts[1])
        return tuple(codes)

    def billing_provider(self) -> BillingProvider:
        party = self.party("20", "85", "billing provider")  # a CLM implies HL 22, so HL 20
        prv = self.w.levels["20"].segs.get("PRV")
        if party is None:
            return BillingProvider(npi="", tax_id="", address=_NO_ADDRESS)
        nm1 = party.nm1
        refs: dict[str, Segment] = {}
        for seg in party.segs.get("REF", []):
            refs.setdefault(seg.get(1), seg)
        tax_type = "EIN" if "EI" in refs else "SSN" if "SY" in refs else "EIN"
        if not ({"EI", "SY"} & refs.keys()):
            self.note(Severity.ERROR, "missing-segment", "billing provider tax id "
                      "(REF*EI/SY) is missing", nm1)
        self.unmapped.extend("2010AA REF*" + _code(q) for q in refs if q not in ("EI", "SY"))
        tax_ref = refs.get("EI") or refs.get("SY")
        self.use(nm1, prv, tax_ref)
        person = nm1.get(2) == "1"
        return BillingProvider(
            npi=self.npi(nm1, "billing provider"),
            tax_id=tax_ref.get(2) if tax_ref is not None else "",
            tax_id_type=tax_type, address=self.required_address(party, "billing provider"),
            organization_name=None if person else nm1.get(3),
            last_name=nm1.get(3) if person else None,
            first_name=(nm1.get(4) or None) if person else None,
            taxonomy_code=prv.get(3) if prv is not None else None,
            contact=_contact(party, self.used))

    def npi(self, nm1: Segment, what: str) -> str:
        if nm1.get(8) != "XX" or not nm1.get(9):
            self.note(Severity.WARNING, "missing-npi", f"{what} NPI (NM108=XX, NM109) is absent",
                      nm1, 8)
            return ""
        return nm1.get(9)

    def subscriber(self, sbr: Segment) -> Subscriber:
        party = self.party("22", "IL", "subscriber")
        if party is None:
            return Subscriber(member_id="", last_name="", group_number=sbr.get(3) or None)
        nm1, dmg = party.nm1, party.first("DMG")
        birth = self.birth_date(dmg, required=False)
        self.use(nm1, dmg if birth is not None else None)  # an unreadable DMG stays extra
        return Subscriber(
            member_id=self.text(nm1, 9, "subscriber member id NM109"),
            last_name=self.text(nm1, 3, "subscriber last name NM103"),
            first_name=nm1.get(4) or None, middle_name=nm1.get(5) or None,
            birth_date=birth,
            sex=dmg.get(3) or None if dmg is not None else None,
            address=self.address(party, "subscriber", required=False),
            group_number=sbr.get(3) or None)

    def birth_date(self, dmg: Segment | None, *, required: bool) -> dt.date | None:
        day = _d8(dmg.get(2)) if dmg is not None and dmg.get(1) == "D8" else None
        if day is None and (dmg is not None or required):
            where = dmg if dmg is not None else self.claim.clm
            message = "DMG02 is not a D8 birth date" if dmg else "patient DMG is missing"
            if required:
                raise Claim837Error(message, where.location(2 if dmg else None))
            self.note(Severity.ERROR, "bad-date", message, where, 2)
        return day

    def payer(self) -> Payer:
        party = self.party("22", "PR", "payer")
        if party is None:
            return Payer(name="", payer_id="")
        self.use(party.nm1)
        return Payer(name=self.text(party.nm1, 3, "payer name NM103"),
                     payer_id=self.text(party.nm1, 9, "payer id NM109"),
                     address=self.address(party, "payer", required=False))

    def patient(self) -> Patient | None:
        level = self.w.levels.get("23")
        if level is None:
            return None
        pat = level.segs.get("PAT")
        if pat is None:
            self.note(Severity.ERROR, "missing-segment", "PAT segment is missing", level.hl)
            pat = Segment(["PAT"], level.hl.segment_index, level.hl.byte_offset,
                          level.hl.delimiters)
        party = self.party("23", "QC", "patient")
        if party is None:
            raise Claim837Error("patient level without a patient name loop", level.hl.location())
        nm1, dmg = party.nm1, party.first("DMG")
        self.use(pat, nm1, dmg)
        birth = self.birth_date(dmg, required=True)
        assert birth is not None
        return Patient(
            last_name=self.text(nm1, 3, "patient last name NM103"),
            first_name=nm1.get(4) or None, middle_name=nm1.get(5) or None,
            birth_date=birth, sex=dmg.get(3) if dmg is not None else "",
            address=self.required_address(party, "patient"),
            relationship_code=self.text(pat, 1, "patient relationship PAT01"))

    def claim_providers(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for party in self.claim.parties:
            code = party.code
            if code == "82" and "rendering_provider" not in found:
                found["rendering_provider"] = self.provider(party, "rendering provider")
            elif code == "DN" and "referring_provider" not in found:
                found["referring_provider"] = self.provider(party, "referring provider")
            elif code == "77" and "service_facility" not in found:
                self.use(party.nm1)
                found["service_facility"] = ServiceFacility(
                    name=party.nm1.get(3), npi=party.nm1.get(9) or None,
                    address=self.required_address(party, "service facility"))
            else:
                self.unmapped.append("2310 NM1*" + _code(code))
        return found

    def provider(self, party: _Party, what: str) -> Provider:
        nm1, prv = party.nm1, party.first("PRV")
        self.use(nm1, prv)
        extra = [k for k in party.segs if k != "PRV"]
        self.unmapped.extend(f"NM1*{_code(party.code)} {k}" for k in extra)
        if nm1.get(7):
            self.unmapped.append("NM107")
        return Provider(npi=self.npi(nm1, what), last_name=self.text(nm1, 3, f"{what} NM103"),
                        first_name=nm1.get(4) or None, middle_name=nm1.get(5) or None,
                        taxonomy_code=prv.get(3) if prv is not None else None)

    def line(self, line: _Line) -> ServiceLine:
        sv1 = next((s for s in line.segs if s.id == "SV1"), None)
        if sv1 is None:
            raise Claim837Error("service line has no SV1", line.lx.location())
        product = sv1.composite(1)
        if not product or product[0] != "HC":
            self.note(Severity.WARNING, "procedure-qualifier",
                      "SV101-1 is not HC (CPT/HCPCS)", sv1, 1, 1)
        if len(product) > 6 and product[6]:
            self.unmapped.append("SV101-7")
        dates = [s for s in line.segs if s.id == "DTP" and s.get(1) == "472"]
        start, end = self.service_dates(dates[0] if dates else None, line.lx)
        self.use(line.lx, sv1, dates[0])
        pointers: list[int] = []
        for i, p in enumerate(sv1.composite(7), 1):
            if p.isdigit():
                pointers.append(int(p))
            else:
                self.note(Severity.ERROR, "bad-pointer", "SV107 diagnosis pointer is not a "
                          "whole number; left out", sv1, 7, i)
        self.unmapped.extend(f"SV1{n:02d}" for n in range(8, len(sv1.elements)) if sv1.get(n))
        if sv1.get(6):
            self.unmapped.append("SV106")
        refs = self.refs([s for s in line.segs if s.id == "REF"])
        known = {"SV1", "REF", "NTE"}
        self.unmapped.extend(s.id + ("*" + _code(s.get(1)) if s.id == "DTP" else "")
                             for s in line.segs if s.id not in known and s not in dates[:1])
        self.unmapped.extend("REF*" + _code(q) for q in refs if q != "6R")
        self.unmapped.extend(s.id for s in line.other)
        rendering = None
        for party in line.parties:
            if party.code == "82" and rendering is None:
                rendering = self.provider(party, "line rendering provider")
            else:
                self.unmapped.append("2420 NM1*" + _code(party.code))
        charge = self.required_decimal(sv1, 2, "SV102 line charge")
        units = self.decimal(sv1, 4, "SV104 units")
        if units is None:  # the model's default (1) stands in, flagged
            self.note(Severity.ERROR, "missing-element", "SV104 units is missing", sv1, 4)
        return ServiceLine(
            procedure_code=product[1] if len(product) > 1 else self.text(sv1, 1, "SV101-2"),
            modifiers=_items(m for m in product[2:6] if m), charge=charge,
            units=units if units is not None else Decimal(1),
            unit_type=self.text(sv1, 3, "SV103 unit type") or "UN",
            place_of_service=sv1.get(5) or None, diagnosis_pointers=_items(pointers),
            service_date=start, service_date_end=end, line_control_number=self.ref(refs, "6R"),
            notes=self.notes([s for s in line.segs if s.id == "NTE"]),
            rendering_provider=rendering, **self.drug(line.drug),
            extra_segments=_extras(line.kept, self.used))

    def service_dates(self, dtp: Segment | None, lx: Segment) -> tuple[dt.date, dt.date | None]:
        if dtp is None:
            raise Claim837Error("service line has no DTP*472 service date", lx.location())
        if dtp.get(2) == "RD8":
            first, _, last = dtp.get(3).partition("-")
            start, end = _d8(first), _d8(last)
            if start is not None and end is not None:
                return start, end
        else:
            start = _d8(dtp.get(3)) if dtp.get(2) == "D8" else None
            if start is not None:
                return start, None
        raise Claim837Error("DTP*472 is not a D8 or RD8 date", dtp.location(3))

    def drug(self, segs: list[Segment]) -> dict[str, Any]:
        lin = next((s for s in segs if s.id == "LIN"), None)
        ctp = next((s for s in segs if s.id == "CTP"), None)
        if lin is None:
            return {}
        if lin.get(2) != "N4":
            self.note(Severity.WARNING, "drug-qualifier", "LIN02 is not N4 (NDC)", lin, 2)
        self.unmapped.extend("2410 REF*" + _code(s.get(1)) for s in segs if s.id == "REF")
        found: dict[str, Any] = {"ndc": lin.get(3)}
        self.use(lin, ctp)
        if ctp is not None:
            found["ndc_quantity"] = self.decimal(ctp, 4, "CTP04 drug quantity")
            unit = ctp.composite(5)
            if unit:
                found["ndc_unit"] = unit[0]
        return found
