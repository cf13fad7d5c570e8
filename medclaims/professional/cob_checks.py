r"""The rules of the COB loops (2320, 2330A/B, 2430): what the builder checks before writing
them, the two balancing equations, and how CAS adjustments group into segments.

Strategy: the records are in :mod:`medclaims.professional.cob`; these functions read
them and report :class:`~medclaims.errors.Issue`\ s with paths, never values.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from medclaims.professional._rules import (
    _FILING,
    _MIN_DATE,
    _plain_address,
    _plain_amount,
    _plain_name,
    _plain_text,
)
from medclaims.professional.cob import (
    CobAdjustment,
    LineAdjudication,
    OtherPayer,
    OutpatientRemarks,
)

__all__ = ["balance_problems", "cas_segments", "check_other_payers"]


_GROUPS = frozenset({"CO", "CR", "OA", "PI", "PR"})
_RELATIONSHIPS = frozenset({"01", "18", "19", "20", "21", "39", "40", "53", "G8"})
_INSURANCE_TYPES = frozenset({"12", "13", "14", "15", "16", "41", "42", "43", "47"})
_YNW = frozenset({"N", "W", "Y"})
_RELEASES = frozenset({"I", "Y"})
_PROCEDURE_QUALIFIERS = frozenset({"ER", "HC", "IV", "WK"})
MAX_OTHER_PAYERS = 10
"""Loop 2320 repeats at most 10 times per claim."""
MAX_CAS_SEGMENTS = 5
"""CAS repeats at most 5 times per 2320 and per 2430 loop (six triples each)."""
MAX_LINE_ADJUDICATIONS = 15
"""Loop 2430 repeats at most 15 times per service line."""


def cas_segments(adjustments: Iterable[CobAdjustment]) -> list[tuple[str, list[CobAdjustment]]]:
    """Adjustments grouped as CAS segments: by group code in first-seen order, six a segment."""
    by_group: dict[str, list[CobAdjustment]] = {}
    for adj in adjustments:
        by_group.setdefault(adj.group_code, []).append(adj)
    return [
        (group, items[i : i + 6])
        for group, items in by_group.items()
        for i in range(0, len(items), 6)
    ]


def _sum(adjustments: Iterable[CobAdjustment]) -> Decimal:
    return sum((a.amount for a in adjustments), Decimal(0))


def check_other_payers(
    path: str,
    other_payers: tuple[OtherPayer, ...],
    *,
    payer_responsibility: str,
    line_charges: list[Decimal],
    claim_charge: Decimal,
    checker: Any,
) -> None:
    """COB rules of one encounter, appended to ``checker`` (a validate checker).

    ``path`` is the encounter's path; issues go under ``path.other_payers[i]``.
    """
    if len(other_payers) > MAX_OTHER_PAYERS:
        checker.error(
            path + ".other_payers",
            "invalid-length",
            f"a claim has at most {MAX_OTHER_PAYERS} other payers (loop 2320 limit)",
        )
    seen = {payer_responsibility}
    n_lines = len(line_charges)
    for i, op in enumerate(other_payers):
        p = f"{path}.other_payers[{i}]"
        checker.code(
            p + ".responsibility",
            op.responsibility,
            frozenset("ABCDEFGHPSTU"),
            "payer responsibility",
        )
        if op.responsibility in seen and op.responsibility != "U":
            checker.error(
                p + ".responsibility",
                "duplicate",
                "must differ from the claim's payer_responsibility and the other payers'",
            )
        seen.add(op.responsibility)
        if not _plain_identity(op):
            _check_identity(checker, p, op)
        for name in ("non_covered_amount", "remaining_patient_liability"):
            value = getattr(op, name)
            if value is not None:
                checker.amount(f"{p}.{name}", value, places=2, positive=False)
        if op.paid_amount is not None:
            _signed(checker, p + ".paid_amount", op.paid_amount)
        if not _plain_adjustments(op.adjustments):
            _check_adjustments(checker, p + ".adjustments", op.adjustments)
        if op.outpatient is not None:
            moa = op.outpatient
            if moa == OutpatientRemarks():
                checker.error(
                    p + ".outpatient", "missing-field", "needs at least one value (MOA01..MOA09)"
                )
            if len(moa.remark_codes) > 5:
                checker.error(
                    p + ".outpatient.remark_codes",
                    "invalid-length",
                    "MOA holds at most 5 remark codes (MOA03..MOA07)",
                )
            for j, code in enumerate(moa.remark_codes):
                checker.text(f"{p}.outpatient.remark_codes[{j}]", code, 50)
        checker.date(p + ".adjudication_date", op.adjudication_date, required=False)
        lines = op.line_adjudications
        if not op.adjudicated:
            if op.adjustments or lines or op.adjudication_date is not None:
                checker.error(
                    p + ".paid_amount",
                    "missing-field",
                    "is required when the payer has adjudicated (adjustments, line adjudications "
                    "or adjudication date given)",
                )
            continue
        if lines and op.adjudication_date is not None:
            checker.error(
                p + ".adjudication_date",
                "unexpected-field",
                "is sent (2330B DTP*573) only when the payer has no line adjudications "
                "(their DTP*573 carries the date)",
            )
        if not lines and op.adjudication_date is None:
            checker.error(
                p + ".adjudication_date",
                "missing-field",
                "is required for a payer that adjudicated at claim level only (2330B DTP*573)",
            )
        counts: dict[int, int] = {}
        for la in lines:
            counts[la.line_number] = counts.get(la.line_number, 0) + 1
        for number, count in counts.items():
            if count > MAX_LINE_ADJUDICATIONS:
                checker.error(
                    f"{p}.line_adjudications",
                    "invalid-length",
                    f"line {number} has over {MAX_LINE_ADJUDICATIONS} adjudications of a payer "
                    "(loop 2430 limit)",
                )
        for j, la in enumerate(lines):
            lp = f"{p}.line_adjudications[{j}]"
            if not 1 <= la.line_number <= n_lines:
                checker.error(
                    lp + ".line_number", "out-of-range", f"must name a billed line (1 to {n_lines})"
                )
            if _plain_line_adjudication(la, n_lines):
                continue
            _signed(checker, lp + ".paid_amount", la.paid_amount)
            checker.text(lp + ".procedure_code", la.procedure_code, 48)
            checker.code(
                lp + ".procedure_qualifier",
                la.procedure_qualifier,
                _PROCEDURE_QUALIFIERS,
                "procedure qualifier",
            )
            if len(la.modifiers) > 4:
                checker.error(
                    lp + ".modifiers", "invalid-length", "at most 4 modifiers (SVD03-3..6)"
                )
            for k, mod in enumerate(la.modifiers):
                checker.text(f"{lp}.modifiers[{k}]", mod, 2, min_len=2)
            checker.amount(lp + ".paid_units", la.paid_units, places=3, positive=False)
            checker.date(lp + ".adjudication_date", la.adjudication_date)
            if la.bundled_line_number is not None and not 1 <= la.bundled_line_number <= n_lines:
                checker.error(
                    lp + ".bundled_line_number",
                    "out-of-range",
                    f"must name a billed line (1 to {n_lines})",
                )
            if la.remaining_patient_liability is not None:
                checker.amount(
                    lp + ".remaining_patient_liability",
                    la.remaining_patient_liability,
                    places=2,
                    positive=False,
                )
            _check_adjustments(checker, lp + ".adjustments", la.adjustments)
        for where, code, message in balance_problems(op, line_charges, claim_charge):
            checker.error(p + where, code, message)


def _check_identity(checker: Any, p: str, op: OtherPayer) -> None:
    """Detailed identity checks (2320 SBR/OI codes, 2330A, 2330B) of one other payer."""
    checker.text(p + ".payer_id", op.payer_id, 80, min_len=2)
    checker.text(p + ".payer_name", op.payer_name, 60)
    checker.code(
        p + ".payer_id_qualifier",
        op.payer_id_qualifier,
        frozenset({"PI", "XV"}),
        "payer id qualifier",
    )
    if op.payer_address is not None:
        checker.address(p + ".payer_address", op.payer_address)
    s = op.subscriber
    checker.text(p + ".subscriber.member_id", s.member_id, 80, min_len=2)
    checker.text(p + ".subscriber.last_name", s.last_name, 60)
    checker.text(p + ".subscriber.first_name", s.first_name, 35, required=False)
    checker.text(p + ".subscriber.middle_name", s.middle_name, 25, required=False)
    checker.text(p + ".subscriber.group_number", s.group_number, 50, required=False)
    checker.text(p + ".subscriber.group_name", s.group_name, 60, required=False)
    if s.is_organization and (s.first_name is not None or s.middle_name is not None):
        checker.error(
            p + ".subscriber",
            "conflicting-fields",
            "an organization has no first or middle name",
        )
    if s.address is not None:
        checker.address(p + ".subscriber.address", s.address)
    checker.code(p + ".relationship_code", op.relationship_code, _RELATIONSHIPS, "relationship")
    checker.code(
        p + ".claim_filing_indicator",
        op.claim_filing_indicator,
        _FILING,
        "claim filing indicator",
    )
    if op.insurance_type is not None:
        checker.code(p + ".insurance_type", op.insurance_type, _INSURANCE_TYPES, "insurance type")
    checker.code(p + ".benefits_assignment", op.benefits_assignment, _YNW, "benefits assignment")
    checker.code(
        p + ".release_of_information",
        op.release_of_information,
        _RELEASES,
        "release of information",
    )
    checker.text(p + ".claim_control_number", op.claim_control_number, 50, required=False)
    if op.patient_signature_source is not None:
        checker.code(
            p + ".patient_signature_source",
            op.patient_signature_source,
            frozenset({"P"}),
            "patient signature source",
        )


def balance_problems(
    op: OtherPayer, line_charges: list[Decimal], claim_charge: Decimal
) -> list[tuple[str, str, str]]:
    """The COB balancing rules broken by one adjudicated other payer, as
    (path under the payer, issue code, message); nothing for a payer not adjudicated.

    The one place both rules live: the encounter checks and
    :func:`medclaims.billing.secondary_claim` call it.
    """
    if op.paid_amount is None:
        return []
    problems: list[tuple[str, str, str]] = []
    per_line: dict[int, Decimal] = {}
    line_adjusted = Decimal(0)
    for la in op.line_adjudications:
        adjusted = _sum(la.adjustments)
        line_adjusted += adjusted
        per_line[la.line_number] = (
            per_line.get(la.line_number, Decimal(0)) + la.paid_amount + adjusted
        )
    n_lines = len(line_charges)
    for number, total in per_line.items():
        # 2430 note: SV102 = Σ SVD02 + Σ 2430 CAS of this payer for the line.
        if 1 <= number <= n_lines and total != line_charges[number - 1]:
            problems.append(
                (
                    ".line_adjudications",
                    "cob-line-unbalanced",
                    f"line {number}: the charge (SV102) must equal the paid amounts (SVD02) "
                    "plus the line adjustments (2430 CAS) of this payer",
                )
            )
    # 2320 note: CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS of this payer.
    if op.paid_amount + _sum(op.adjustments) + line_adjusted != claim_charge:
        problems.append(
            (
                ".paid_amount",
                "cob-claim-unbalanced",
                "the claim charge (CLM02) must equal the paid amount (AMT*D) plus the claim "
                "adjustments (2320 CAS) plus the line adjustments (2430 CAS) of this payer",
            )
        )
    return problems


def _plain_adjustments(adjustments: tuple[CobAdjustment, ...]) -> bool:
    """True when :func:`_check_adjustments` would find nothing (at most 6: 5 CAS at most)."""
    return len(adjustments) <= 6 and all(
        a.group_code in _GROUPS
        and _plain_text(a.reason_code, 5)
        and _plain_amount(abs(a.amount), 2, False)
        and (a.quantity is None or _plain_amount(abs(a.quantity), 2, False))
        for a in adjustments
    )


def _plain_line_adjudication(la: LineAdjudication, n_lines: int) -> bool:
    """True when the detailed checks of a line adjudication would find nothing."""
    return (
        1 <= la.line_number <= n_lines
        and _plain_amount(abs(la.paid_amount), 2, False)
        and _plain_text(la.procedure_code, 48)
        and la.procedure_qualifier in _PROCEDURE_QUALIFIERS
        and len(la.modifiers) <= 4
        and all(len(m) == 2 and _plain_text(m, 2) for m in la.modifiers)
        and _plain_amount(la.paid_units, 3, False)
        and la.adjudication_date >= _MIN_DATE
        and la.bundled_line_number is None
        and la.remaining_patient_liability is None
        and _plain_adjustments(la.adjustments)
    )


def _plain_identity(op: OtherPayer) -> bool:
    """True when :func:`_check_identity` would find nothing (the usual case, quickly)."""
    s = op.subscriber
    return (
        op.payer_id_qualifier in ("PI", "XV")
        and _plain_name(op.payer_id, 80, 2)
        and _plain_name(op.payer_name, 60)
        and _plain_name(s.member_id, 80, 2)
        and _plain_name(s.last_name, 60)
        and _plain_text(s.first_name, 35)
        and _plain_text(s.middle_name, 25)
        and _plain_text(s.group_number, 50)
        and _plain_text(s.group_name, 60)
        and not (s.is_organization and (s.first_name is not None or s.middle_name is not None))
        and (op.payer_address is None or _plain_address(op.payer_address))
        and (s.address is None or _plain_address(s.address))
        and op.relationship_code in _RELATIONSHIPS
        and op.claim_filing_indicator in _FILING
        and (op.insurance_type is None or op.insurance_type in _INSURANCE_TYPES)
        and op.benefits_assignment in _YNW
        and op.release_of_information in _RELEASES
        and op.patient_signature_source in (None, "P")
        and _plain_text(op.claim_control_number, 50)
    )


def _signed(checker: Any, path: str, value: Decimal) -> None:
    """An amount that may be negative (paid amounts after recoupment): 2 decimals, bounded."""
    checker.amount(path, abs(value), places=2, positive=False)


def _check_adjustments(checker: Any, path: str, adjustments: tuple[CobAdjustment, ...]) -> None:
    for k, adj in enumerate(adjustments):
        ap = f"{path}[{k}]"
        checker.code(ap + ".group_code", adj.group_code, _GROUPS, "adjustment group")
        checker.text(ap + ".reason_code", adj.reason_code, 5)
        _signed(checker, ap + ".amount", adj.amount)
        if adj.quantity is not None:
            _signed(checker, ap + ".quantity", adj.quantity)
    if len(cas_segments(adjustments)) > MAX_CAS_SEGMENTS:
        checker.error(
            path,
            "invalid-length",
            f"needs more than {MAX_CAS_SEGMENTS} CAS segments (at most 6 reasons per group "
            "and segment)",
        )
