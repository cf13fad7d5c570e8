"""Claim matching (CLP01 → CLM01) and line matching (SVC → SV1), all dict-indexed.

Claim rules, tried in order, each within the payer first:

1. ``exact``: CLP01 equals CLM01.
2. ``normalized``: equal once both are trimmed and upper-cased.
3. ``truncated``: the normalized CLP01 (at least :data:`MIN_PREFIX` characters)
   is a prefix of exactly one normalized CLM01: payers cut CLP01 to 14, 17, 20…
   characters. Several candidates make the payment unmatched (an issue says why).

"Within the payer" means the claim's payer id (837 2010BB NM109) is one of the
remittance's payer keys (N1*PR N104, REF*2U, TRN03, BPR10). Payers often use
other ids than the ones claims are sent to, so when no candidate shares the
payer the match falls back to any payer and says so (``cross_payer``).

Line rules, per adjudicated line (SVC): REF*6R equal to the billed line item
control number; else procedure + sorted modifiers + service date, on SVC06 (the
code submitted) when the payer changed the code, else on SVC01; else the same
without the date (the remit gave none); else procedure + date, or procedure
alone (``procedure_loose``). Among several billed lines with the same key the
units decide (SVC07, else SVC05), then a line this payment has not used yet, so
two identical lines are paid, reversed and corrected one for one. An SVC that
matches nothing is a line the payer added (unbundling).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from medclaims.reconcile._engine.inputs import BilledClaim, BilledLine, norm
from medclaims.reconcile.model import ClaimMatch, LineMatchMethod, MatchMethod
from medclaims.remittance import Procedure, ServicePayment

__all__ = [
    "EXACT_MATCH",
    "MIN_PREFIX",
    "ClaimIndex",
    "ClaimMatchResult",
    "LineMatcher",
    "quick_match",
]

MIN_PREFIX = 6
"""Shortest CLP01 that may match a longer CLM01 as a truncated prefix."""

_RULES = {
    MatchMethod.EXACT: "CLP01 equals CLM01",
    MatchMethod.NORMALIZED: "CLP01 equals CLM01 once trimmed and upper-cased",
}


_MATCHES: dict[tuple[MatchMethod, str, bool], ClaimMatch] = {}


def _match(method: MatchMethod, rule: str, cross_payer: bool) -> ClaimMatch:
    """One shared (immutable) ClaimMatch per distinct rule."""
    key = (method, rule, cross_payer)
    found = _MATCHES.get(key)
    if found is None:
        found = _MATCHES[key] = ClaimMatch(method, rule, cross_payer)
    return found


EXACT_MATCH = _match(MatchMethod.EXACT, _RULES[MatchMethod.EXACT], False)
"""The match of a CLP01 equal to the CLM01 of one claim billed to the remittance's payer."""


class ClaimMatchResult(NamedTuple):
    """Outcome of matching one CLP01: a claim position, or why there is none."""

    position: int | None
    match: ClaimMatch | None
    candidates: int
    """How many billed claims qualified under the deciding rule (>1: ambiguous)."""


def _add(index: dict[str, int | list[int]], key: str, position: int) -> None:
    found = index.get(key)
    if found is None:
        index[key] = position
    elif isinstance(found, int):
        index[key] = [found, position]
    else:
        found.append(position)


def _positions(found: int | list[int] | None) -> list[int]:
    if found is None:
        return []
    return [found] if isinstance(found, int) else found


class ClaimIndex:
    """Billed claims indexed by CLM01, normalized CLM01 and (lazily) truncated prefixes."""

    def __init__(self, claims: Sequence[BilledClaim]) -> None:
        self._claims = claims
        # A position, or a list of them for an id billed more than once: one list per
        # claim would be a container per claim that outlives the young collections.
        self._exact: dict[str, int | list[int]] = {}
        self._normalized: dict[str, int | list[int]] = {}
        self._sorted_keys: list[str] | None = None
        self._sorted_positions: list[int] = []
        for claim in claims:
            _add(self._exact, claim.claim_id, claim.position)
            _add(self._normalized, claim.key, claim.position)

    def _prefixed(self, key: str) -> list[int]:
        """Positions, in input order, of the claims whose normalized CLM01 is longer than
        ``key`` and starts with it: one sorted list of keys (built on the first truncated
        CLP01) searched by bisection, instead of a table per CLP01 length."""
        keys = self._sorted_keys
        if keys is None:
            pairs = sorted((claim.key, claim.position) for claim in self._claims)
            keys = self._sorted_keys = [k for k, _ in pairs]
            self._sorted_positions = [p for _, p in pairs]
        positions = self._sorted_positions
        found = []
        length = len(key)
        for i in range(bisect_left(keys, key), len(keys)):
            candidate = keys[i]
            if not candidate.startswith(key):
                break
            if len(candidate) > length:
                found.append(positions[i])
        found.sort()
        return found

    def _pick(
        self, candidates: list[int], payer_keys: frozenset[str], method: MatchMethod, rule: str
    ) -> ClaimMatchResult:
        if len(candidates) == 1:
            found = candidates[0]
            cross = self._claims[found].payer_key not in payer_keys
            return ClaimMatchResult(found, _match(method, rule, cross), 1)
        same = [c for c in candidates if self._claims[c].payer_key in payer_keys]
        if same:
            return ClaimMatchResult(same[0], _match(method, rule, False), len(same))
        return ClaimMatchResult(candidates[0], _match(method, rule, True), len(candidates))

    def exact_position(self, clp01: str, payer_keys: frozenset[str]) -> int | None:
        """The position of the one claim whose CLM01 equals CLP01, when it is billed to one
        of ``payer_keys`` (the common case, :data:`EXACT_MATCH`); else None: ask
        :meth:`match`, which also finds the fuzzy, cross-payer and ambiguous cases."""
        found = self._exact.get(clp01)
        if isinstance(found, int) and self._claims[found].payer_key in payer_keys:
            return found
        return None

    def match(self, clp01: str, payer_keys: frozenset[str]) -> ClaimMatchResult:
        """Match a CLP01 from a remittance with the given payer keys."""
        found = _positions(self._exact.get(clp01))
        if found:
            return self._pick(found, payer_keys, MatchMethod.EXACT, _RULES[MatchMethod.EXACT])
        key = norm(clp01)
        found = _positions(self._normalized.get(key))
        if found:
            return self._pick(
                found, payer_keys, MatchMethod.NORMALIZED, _RULES[MatchMethod.NORMALIZED]
            )
        if len(key) < MIN_PREFIX:
            return ClaimMatchResult(None, None, 0)
        found = self._prefixed(key)
        if not found:
            return ClaimMatchResult(None, None, 0)
        rule = f"CLP01 is the only {len(key)}-character prefix match of a longer CLM01"
        result = self._pick(found, payer_keys, MatchMethod.TRUNCATED, rule)
        if result.candidates > 1:  # a truncated id must name one claim only
            return ClaimMatchResult(None, None, result.candidates)
        return result


def _sorted_mods(modifiers: Sequence[str]) -> tuple[str, ...]:
    if not modifiers:
        return ()
    return tuple(sorted(norm(m) for m in modifiers if m))


def _choose(
    lines: Sequence[BilledLine], candidates: list[int], units: Decimal | None, used: set[int]
) -> int:
    """Among billed lines with the same key: the units decide, then a line not used yet."""
    if len(candidates) == 1:
        return candidates[0]
    fresh = [c for c in candidates if c not in used] or candidates
    if units is not None:
        for c in fresh:
            if lines[c].units == units:
                return c
    return fresh[0]


def quick_match(
    lines: Sequence[BilledLine], svc: ServicePayment, used: set[int]
) -> tuple[int, LineMatchMethod] | None:
    """:meth:`LineMatcher.match` without building indexes, for the two rules most SVCs
    meet (REF*6R, then procedure + modifiers + date on SVC01 when SVC06 is absent):
    a scan of the claim's few lines. None: ask a :class:`LineMatcher`."""
    control = svc.line_control_number
    if control:
        key = norm(control)
        if key:
            for i, line in enumerate(lines):
                if line.control == key:
                    return i, LineMatchMethod.CONTROL_NUMBER
    date = svc.service_date
    if date is None or svc.original_procedure is not None:
        return None
    procedure = svc.procedure
    code = procedure.code
    if not code.isdigit():
        code = code.strip().upper()
    mods = _sorted_mods(procedure.modifiers) if procedure.modifiers else ()
    candidates = [
        i
        for i, line in enumerate(lines)
        if line.code == code
        and line.date == date
        and (tuple(sorted(line.modifiers)) if len(line.modifiers) > 1 else line.modifiers) == mods
    ]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0], LineMatchMethod.PROCEDURE
    units = svc.original_units if svc.original_units is not None else svc.units
    if units is not None:
        units = abs(units)
    return _choose(lines, candidates, units, used), LineMatchMethod.PROCEDURE


class LineMatcher:
    """The billed lines of one claim, indexed for :meth:`match`."""

    __slots__ = ("_by_code", "_by_code_date", "_by_control", "_by_key", "_by_key_nodate", "lines")

    def __init__(self, claim: BilledClaim) -> None:
        self.lines: tuple[BilledLine, ...] = claim.lines
        self._by_control: dict[str, int] = {}
        self._by_key: dict[tuple[str, tuple[str, ...], dt.date | None], list[int]] = {}
        for i, line in enumerate(self.lines):
            if line.control:
                self._by_control.setdefault(line.control, i)
            mods = tuple(sorted(line.modifiers)) if len(line.modifiers) > 1 else line.modifiers
            self._by_key.setdefault((line.code, mods, line.date), []).append(i)
        # The looser indexes are built on first use: most SVCs match above.
        self._by_key_nodate: dict[tuple[str, tuple[str, ...]], list[int]] | None = None
        self._by_code_date: dict[tuple[str, dt.date | None], list[int]] | None = None
        self._by_code: dict[str, list[int]] | None = None

    def _loose_indexes(self) -> None:
        self._by_key_nodate, self._by_code_date, self._by_code = {}, {}, {}
        for (code, mods, date), found in self._by_key.items():
            for i in found:
                self._by_key_nodate.setdefault((code, mods), []).append(i)
                self._by_code_date.setdefault((code, date), []).append(i)
                self._by_code.setdefault(code, []).append(i)
        groups = [
            *self._by_key_nodate.values(),
            *self._by_code_date.values(),
            *self._by_code.values(),
        ]
        for group in groups:
            group.sort()  # billed order among equal keys

    def _choose(self, candidates: list[int], units: Decimal | None, used: set[int]) -> int:
        return _choose(self.lines, candidates, units, used)

    def _by_procedure(
        self, procedure: Procedure, date: dt.date | None, units: Decimal | None, used: set[int]
    ) -> int | None:
        code = procedure.code
        if not code.isdigit():
            code = code.strip().upper()
        mods = _sorted_mods(procedure.modifiers)
        if date is not None:
            found = self._by_key.get((code, mods, date))
        else:
            if self._by_key_nodate is None:
                self._loose_indexes()
            assert self._by_key_nodate is not None
            found = self._by_key_nodate.get((code, mods))
        return None if not found else self._choose(found, units, used)

    def match(self, svc: ServicePayment, used: set[int]) -> tuple[int | None, LineMatchMethod]:
        """Index of the billed line an SVC belongs to and the rule, or (None, added_by_payer).

        ``used`` holds the lines already matched by the same claim payment.
        """
        if svc.line_control_number:
            found = self._by_control.get(norm(svc.line_control_number))
            if found is not None:
                return found, LineMatchMethod.CONTROL_NUMBER
        units = svc.original_units if svc.original_units is not None else svc.units
        if units is not None:
            units = abs(units)
        date = svc.service_date
        if svc.original_procedure is not None:
            found = self._by_procedure(svc.original_procedure, date, units, used)
            if found is not None:
                return found, LineMatchMethod.SUBMITTED_CODE
        found = self._by_procedure(svc.procedure, date, units, used)
        if found is not None:
            return found, LineMatchMethod.PROCEDURE
        if self._by_code is None:
            self._loose_indexes()
        assert self._by_code is not None and self._by_code_date is not None
        for procedure in (svc.original_procedure, svc.procedure):
            if procedure is None:
                continue
            code = norm(procedure.code)
            loose = self._by_code_date.get((code, date)) if date is not None else None
            loose = loose or self._by_code.get(code)
            if loose:
                return self._choose(loose, units, used), LineMatchMethod.PROCEDURE_LOOSE
        return None, LineMatchMethod.ADDED_BY_PAYER
