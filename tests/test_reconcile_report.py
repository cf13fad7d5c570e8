"""Reports over a hand-built reconciliation whose figures are worked out by hand below.

The reconciliation is built directly from the engine's records (not by
``reconcile``), so every expected number here follows from the definitions in
``medclaims.reconcile.reports.summaries`` and the amounts written in :func:`scenario`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medclaims.codes import DenialCategory
from medclaims.errors import MedclaimsError
from medclaims.reconcile.model import (
    AdjustmentTotal,
    Amounts,
    AttachedPayment,
    CashBalance,
    ClaimMatch,
    ClaimReconciliation,
    ClaimState,
    DuplicateRemittance,
    LedgerKind,
    LineMatchMethod,
    LineReconciliation,
    LineState,
    MatchMethod,
    PaymentRole,
    PlbLink,
    ProviderLedgerEntry,
    Reconciliation,
)
from medclaims.reconcile.reports.actions import ActionKind, action_items
from medclaims.reconcile.reports.rows import (
    build_report,
    cash_rows,
    claim_rows,
    ledger_rows,
    line_rows,
)
from medclaims.reconcile.reports.summaries import (
    aging,
    aging_bucket,
    open_balance,
    overall_summary,
    summary_by_carc,
    summary_by_denial_category,
    summary_by_payer,
)

D = Decimal
AS_OF = dt.date(2026, 3, 31)
SENTINEL_PCN = "ZZPHISENTINEL01"


def adj(group: str, reason: str, amount: str, category: DenialCategory) -> AdjustmentTotal:
    return AdjustmentTotal(group=group, reason=reason, amount=D(amount), category=category)


def payment(
    trace: str,
    payer_id: str,
    payer_name: str,
    *,
    paid: str,
    pccn: str,
    status: str = "1",
    role: PaymentRole = PaymentRole.PAYMENT,
    date: dt.date = dt.date(2026, 3, 1),
    method: MatchMethod = MatchMethod.EXACT,
) -> AttachedPayment:
    return AttachedPayment(
        remittance_index=0,
        claim_index=0,
        trace_number=trace,
        payment_date=date,
        payer_id=payer_id,
        payer_name=payer_name,
        status_code=status,
        role=role,
        match=ClaimMatch(method=method, rule="test"),
        paid=D(paid),
        payer_claim_control_number=pccn,
    )


def scenario() -> Reconciliation:
    """Six claims over two payers, one unmatched payment, two payments (one unbalanced)."""
    co45 = DenialCategory.CONTRACTUAL
    pr = DenialCategory.PATIENT_RESPONSIBILITY
    c1 = ClaimReconciliation(
        patient_control_number="C1",
        state=ClaimState.PAID,
        payer_id="P1",
        amounts=Amounts(billed=D("100.00"), allowed=D("100.00"), paid=D("100.00")),
        payments=(payment("T1", "P1", "ACME HEALTH", paid="100.00", pccn="ICN1"),),
        service_date=dt.date(2026, 1, 5),
    )
    line_paid = LineReconciliation(
        line_number=1,
        procedure_code="99213",
        match=LineMatchMethod.CONTROL_NUMBER,
        state=LineState.PAID,
        amounts=Amounts(
            billed=D("160.00"),
            allowed=D("150.00"),
            paid=D("120.00"),
            patient_responsibility=D("30.00"),
            contractual=D("10.00"),
            expected=D("180.00"),
            underpayment=D("30.00"),
        ),
        adjustments=(adj("CO", "45", "10.00", co45), adj("PR", "1", "30.00", pr)),
        service_date=dt.date(2026, 2, 20),
    )
    line_denied = LineReconciliation(
        line_number=2,
        procedure_code="81002",
        modifiers=("QW",),
        match=LineMatchMethod.PROCEDURE,
        state=LineState.DENIED,
        amounts=Amounts(billed=D("40.00"), denied=D("40.00")),
        adjustments=(adj("CO", "97", "40.00", DenialCategory.BUNDLING),),
        remark_codes=("M80",),
        service_date=dt.date(2026, 2, 20),
    )
    c2 = ClaimReconciliation(
        patient_control_number=SENTINEL_PCN,
        state=ClaimState.PARTIALLY_DENIED,
        payer_id="P1",
        amounts=Amounts(
            billed=D("200.00"),
            allowed=D("150.00"),
            paid=D("120.00"),
            patient_responsibility=D("30.00"),
            contractual=D("10.00"),
            denied=D("40.00"),
            expected=D("180.00"),
            underpayment=D("30.00"),
        ),
        payments=(payment("T1", "P1", "ACME HEALTH", paid="120.00", pccn="ICN2"),),
        lines=(line_paid, line_denied),
        adjustments=(
            adj("CO", "45", "10.00", co45),
            adj("PR", "1", "30.00", pr),
            adj("CO", "97", "40.00", DenialCategory.BUNDLING),
        ),
        remark_codes=("M80",),
        denial_category=DenialCategory.BUNDLING,
        service_date=dt.date(2026, 2, 20),
    )
    c3 = ClaimReconciliation(
        patient_control_number="C3",
        state=ClaimState.DENIED,
        payer_id="P1",
        amounts=Amounts(billed=D("300.00"), denied=D("300.00")),
        payments=(payment("T1", "P1", "ACME HEALTH", paid="0", pccn="ICN3", status="4"),),
        adjustments=(adj("CO", "197", "300.00", DenialCategory.AUTHORIZATION),),
        remark_codes=("N54",),
        denial_category=DenialCategory.AUTHORIZATION,
        service_date=dt.date(2025, 12, 1),
    )
    c4 = ClaimReconciliation(
        patient_control_number="C4",
        state=ClaimState.PENDING,
        payer_id="P2",
        amounts=Amounts(billed=D("80.00")),
        service_date=dt.date(2026, 3, 10),
    )
    c5 = ClaimReconciliation(
        patient_control_number="C5",
        state=ClaimState.REVERSED,
        payer_id="P2",
        amounts=Amounts(billed=D("150.00")),
        payments=(
            payment(
                "T0",
                "P2",
                "$BETA <Care>",
                paid="150.00",
                pccn="ICN5",
                role=PaymentRole.REVERSED,
                date=dt.date(2026, 1, 1),
            ),
            payment(
                "T2",
                "P2",
                "$BETA <Care>",
                paid="-150.00",
                pccn="ICN5",
                status="22",
                role=PaymentRole.REVERSAL,
            ),
        ),
        service_date=dt.date(2025, 10, 1),
    )
    c6 = ClaimReconciliation(
        patient_control_number="C6",
        state=ClaimState.ADJUSTED,
        payer_id="P2",
        amounts=Amounts(
            billed=D("90.00"), allowed=D("70.00"), paid=D("70.00"), contractual=D("20.00")
        ),
        payments=(
            payment(
                "T2", "P2", "$BETA <Care>", paid="70.00", pccn="ICN6", method=MatchMethod.TRUNCATED
            ),
        ),
        adjustments=(adj("CO", "45", "20.00", co45),),
        service_date=dt.date(2026, 2, 1),
    )
    unmatched = ClaimReconciliation(
        patient_control_number="U1",
        state=ClaimState.UNMATCHED_PAYMENT,
        payer_id="P2",
        amounts=Amounts(billed=D("60.00"), paid=D("55.00"), contractual=D("5.00")),
        payments=(payment("T2", "P2", "$BETA <Care>", paid="55.00", pccn="ICNU"),),
        adjustments=(adj("CO", "45", "5.00", co45),),
    )
    cash = (
        CashBalance(
            trace_number="T1",
            payer_id="P1",
            payer_name="ACME HEALTH",
            payment_date=dt.date(2026, 3, 1),
            payment_method="ACH",
            payment_amount=D("220.00"),
            claim_payments_total=D("220.00"),
            claim_count=3,
        ),
        CashBalance(
            trace_number="T2",
            payer_id="P2",
            payer_name="$BETA <Care>",
            payment_date=dt.date(2026, 3, 1),
            payment_method="CHK",
            payment_amount=D("-20.00"),
            claim_payments_total=D("-25.00"),
            claim_count=3,
            times_received=2,
        ),
    )
    ledger = (
        ProviderLedgerEntry(
            trace_number="T2",
            payment_date=dt.date(2026, 3, 1),
            payer_id="P2",
            provider_id="1234567893",
            fiscal_period_date=None,
            reason="WO",
            kind=LedgerKind.RECOUPMENT,
            amount=D("10.00"),
            reference="ICN5",
            link=PlbLink.PAYER_CLAIM_CONTROL_NUMBER,
            claim_position=4,
        ),
    )
    duplicates = (
        DuplicateRemittance(
            trace_number="T2",
            payer_id="P2",
            kept_index=1,
            duplicate_index=2,
            payment_amount=D("-20.00"),
        ),
    )
    return Reconciliation(
        claims=(c1, c2, c3, c4, c5, c6),
        unmatched_payments=(unmatched,),
        duplicates=duplicates,
        provider_ledger=ledger,
        cash=cash,
        as_of=AS_OF,
    )


def test_open_balance_definition() -> None:
    a = Amounts(
        billed=D("200"),
        paid=D("120"),
        contractual=D("10"),
        patient_responsibility=D("30"),
        other_adjustments=D("15"),
        denied=D("25"),
    )
    assert open_balance(a) == D("25") == a.open_balance  # the denial stays open
    assert a.billed == a.paid + a.contractual + a.other_adjustments + a.patient_responsibility + (
        a.open_balance
    )
    assert open_balance(Amounts(billed=D("100"), paid=D("130"))) == 0


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-5, "0-30"),
        (0, "0-30"),
        (30, "0-30"),
        (31, "31-60"),
        (60, "31-60"),
        (61, "61-90"),
        (90, "61-90"),
        (91, "91-120"),
        (120, "91-120"),
        (121, "120+"),
        (4000, "120+"),
    ],
)
def test_aging_bucket_edges(days: int, bucket: str) -> None:
    assert aging_bucket(AS_OF - dt.timedelta(days=days), AS_OF) == bucket


def test_aging_bucket_without_date() -> None:
    assert aging_bucket(None, AS_OF) == "unknown"


def test_summary_by_payer() -> None:
    rows = {r.payer_id: r for r in summary_by_payer(scenario())}
    assert list(rows) == ["P1", "P2"]
    p1, p2 = rows["P1"], rows["P2"]
    assert p1.payer_name == "ACME HEALTH"
    assert (
        p1.claims,
        p1.adjudicated,
        p1.paid_claims,
        p1.partially_denied,
        p1.denied,
        p1.pending,
    ) == (3, 3, 1, 1, 1, 0)
    assert p1.billed == D("600.00")
    assert p1.paid == D("220.00")
    assert p1.underpayment == D("30.00")
    # C2 leaves 40 (its denied line) open, C3 leaves 300.
    assert p1.open_balance == D("340.00")
    # C3 denied, plus the denied share of partially denied C2 (40 of 200): 1.2 of 3.
    assert p1.denial_rate_percent == D("40.0")
    assert p1.denied_amount == D("340.00")
    assert (p2.claims, p2.adjudicated, p2.pending, p2.reversed, p2.adjusted) == (3, 2, 1, 1, 1)
    assert p2.denial_rate_percent == D("0.0")
    assert p2.open_balance == D("230.00")  # C4 pending 80 + C5 reversed 150
    assert (p2.unmatched_payments, p2.unmatched_paid) == (1, D("55.00"))


def test_overall_summary_adds_up_payers() -> None:
    rec = scenario()
    total = overall_summary(rec)
    rows = summary_by_payer(rec)
    assert total.claims == sum(r.claims for r in rows) == 6
    assert total.billed == sum(r.billed for r in rows) == D("920.00")
    assert total.open_balance == D("570.00")
    assert total.denial_rate_percent == D("24.0")  # (1 denied + 40/200 of C2) of 5 adjudicated


def test_payer_with_no_adjudicated_claim_has_no_denial_rate() -> None:
    only_pending = Reconciliation(claims=(scenario().claims[3],), as_of=AS_OF)
    assert summary_by_payer(only_pending)[0].denial_rate_percent is None


def test_summary_by_denial_category() -> None:
    rows = summary_by_denial_category(scenario())
    assert [r.category for r in rows] == [DenialCategory.AUTHORIZATION, DenialCategory.BUNDLING]
    auth, bundling = rows
    assert (auth.denied_claims, auth.denied_lines, auth.denied_amount) == (1, 0, D("300.00"))
    assert auth.carc_codes == ("CO-197",)
    assert (bundling.denied_claims, bundling.denied_lines, bundling.denied_amount) == (
        0,
        1,
        D("40.00"),
    )
    assert bundling.carc_codes == ("CO-97",)


def test_summary_by_carc_nets_over_claims_and_unmatched() -> None:
    rows = {(r.group_code, r.reason_code): r for r in summary_by_carc(scenario())}
    assert rows[("CO", "45")].amount == D("35.00")  # 10 + 20 + 5 (unmatched)
    assert rows[("CO", "45")].claims == 3
    assert rows[("CO", "197")].amount == D("300.00")
    assert rows[("CO", "197")].group == "Contractual obligations"
    assert next(iter(rows)) == ("CO", "197")  # largest first


def test_aging_totals() -> None:
    rows = {r.bucket: (r.claims, r.open_balance) for r in aging(scenario())}
    assert rows == {
        "0-30": (1, D("80.00")),  # C4, 21 days
        "31-60": (1, D("40.00")),  # C2, 39 days
        "61-90": (0, D("0")),
        "91-120": (1, D("300.00")),  # C3, 120 days
        "120+": (1, D("150.00")),  # C5, 181 days
    }


def test_aging_at_a_later_date_moves_buckets() -> None:
    rows = {r.bucket: r.claims for r in aging(scenario(), AS_OF + dt.timedelta(days=1))}
    assert rows == {"0-30": 1, "31-60": 1, "61-90": 0, "91-120": 0, "120+": 2}


def test_aging_by_payer_sums_to_total() -> None:
    rec = scenario()
    by_payer = aging(rec, by_payer=True)
    assert {r.payer_id for r in by_payer} == {"P1", "P2"}
    assert sum(r.open_balance for r in by_payer) == sum(r.open_balance for r in aging(rec))


def test_aging_without_any_date_raises_a_medclaims_error() -> None:
    rec = Reconciliation(claims=scenario().claims)
    with pytest.raises(MedclaimsError):
        aging(rec)


def test_action_items() -> None:
    items = action_items(scenario())
    kinds = [i.kind for i in items]
    assert kinds == [
        ActionKind.APPEAL_DENIAL,
        ActionKind.APPEAL_DENIAL,
        ActionKind.UNDERPAYMENT,
        ActionKind.FOLLOW_UP_REVERSAL,
        ActionKind.UNMATCHED_PAYMENT,
        ActionKind.UNBALANCED_PAYMENT,
    ]
    claim_denial, line_denial, under, reversal, unmatched, unbalanced = items
    assert (reversal.patient_control_number, reversal.amount) == ("C5", D("150.00"))
    assert reversal.payer_claim_control_number == "ICN5"
    assert reversal.trace_number == "T2"  # the latest payment: the reversal
    assert (claim_denial.patient_control_number, claim_denial.amount) == ("C3", D("300.00"))
    assert claim_denial.category is DenialCategory.AUTHORIZATION
    assert claim_denial.carc_codes == ("CO-197",)
    assert claim_denial.rarc_codes == ("N54",)
    assert claim_denial.payer_claim_control_number == "ICN3"
    assert (line_denial.line_number, line_denial.procedure_code) == (2, "81002-QW")
    assert line_denial.category is DenialCategory.BUNDLING
    assert line_denial.amount == D("40.00")
    assert line_denial.rarc_codes == ("M80",)
    assert (under.patient_control_number, under.amount) == (SENTINEL_PCN, D("30.00"))
    assert (unmatched.patient_control_number, unmatched.amount) == ("U1", D("55.00"))
    assert unmatched.trace_number == "T2"
    assert (unbalanced.trace_number, unbalanced.amount) == ("T2", D("5.00"))


def test_action_item_repr_masks_the_claim_id() -> None:
    under = next(i for i in action_items(scenario()) if i.kind is ActionKind.UNDERPAYMENT)
    assert SENTINEL_PCN not in repr(under)
    row = next(r for r in claim_rows(scenario()) if r.patient_control_number == SENTINEL_PCN)
    assert SENTINEL_PCN not in repr(row)


def test_claim_rows_cover_claims_then_unmatched() -> None:
    rows = claim_rows(scenario())
    assert [r.patient_control_number for r in rows] == [
        "C1",
        SENTINEL_PCN,
        "C3",
        "C4",
        "C5",
        "C6",
        "U1",
    ]
    c2 = rows[1]
    assert (c2.age_days, c2.aging_bucket, c2.open_balance) == (39, "31-60", D("40.00"))
    assert c2.carc_codes == ("CO-45", "PR-1", "CO-97")
    assert rows[5].match_method is MatchMethod.TRUNCATED
    assert rows[5].fuzzy_match is True
    assert rows[4].payer_claim_control_numbers == ("ICN5",)
    assert rows[4].payments == 2
    assert rows[6].open_balance == 0 and rows[6].aging_bucket == ""
    assert rows[3].match_method is None


def test_line_rows() -> None:
    rows = line_rows(scenario())
    assert [(r.patient_control_number, r.line_number) for r in rows] == [
        (SENTINEL_PCN, 1),
        (SENTINEL_PCN, 2),
    ]
    assert rows[1].denial_category is DenialCategory.BUNDLING
    assert rows[0].denial_category is None
    assert rows[0].underpayment == D("30.00")


def test_cash_and_ledger_rows() -> None:
    cash = cash_rows(scenario())
    assert [(c.trace_number, c.balanced, c.difference) for c in cash] == [
        ("T1", True, D("0.00")),
        ("T2", False, D("5.00")),
    ]
    ledger = ledger_rows(scenario())
    assert ledger[0].patient_control_number == "C5"
    assert ledger[0].offsets_earlier_entry is False


def test_build_report_is_consistent() -> None:
    report = build_report(scenario())
    assert report.as_of == AS_OF
    assert report.total == overall_summary(scenario())
    assert len(report.actions) == 6
    assert len(report.duplicates) == 1


money = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(money, money, money, money, st.integers(min_value=-10, max_value=400)),
        max_size=12,
    )
)
def test_aging_partitions_the_open_balance(claims: list[tuple[Decimal, ...]]) -> None:
    """Every claim with an open balance lands in exactly one bucket; totals are kept."""
    records = tuple(
        ClaimReconciliation(
            patient_control_number=f"C{n}",
            state=ClaimState.PAID,
            payer_id="P",
            amounts=Amounts(
                billed=billed, paid=paid, contractual=contractual, patient_responsibility=pr
            ),
            service_date=AS_OF - dt.timedelta(days=int(days)),
        )
        for n, (billed, paid, contractual, pr, days) in enumerate(claims)
    )
    rec = Reconciliation(claims=records, as_of=AS_OF)
    rows = aging(rec)
    assert sum(r.open_balance for r in rows) == overall_summary(rec).open_balance
    assert sum(r.claims for r in rows) == sum(1 for c in records if open_balance(c.amounts) > 0)
    assert all(r.open_balance >= 0 for r in rows)


states = st.sampled_from([s for s in ClaimState if s is not ClaimState.UNMATCHED_PAYMENT])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]), states, money, money), max_size=15))
def test_payer_rows_add_up_to_the_total(
    claims: list[tuple[str, ClaimState, Decimal, Decimal]],
) -> None:
    records = tuple(
        ClaimReconciliation(
            patient_control_number=f"C{n}",
            state=state,
            payer_id=payer,
            amounts=Amounts(billed=billed, paid=paid),
        )
        for n, (payer, state, billed, paid) in enumerate(claims)
    )
    rec = Reconciliation(claims=records, as_of=AS_OF)
    rows = summary_by_payer(rec)
    total = overall_summary(rec)
    assert [r.payer_id for r in rows] == list(dict.fromkeys(p for p, *_ in claims))
    assert sum(r.claims for r in rows) == total.claims == len(claims)
    assert sum(r.billed for r in rows) == total.billed
    assert sum(r.paid for r in rows) == total.paid
    assert sum(r.denied for r in rows) == total.denied
    for row in rows:
        mine = [c for c in claims if c[0] == row.payer_id]
        unpaid = (
            ClaimState.PENDING,
            ClaimState.REJECTED,
            ClaimState.ACCEPTED,
            ClaimState.NOT_ACKNOWLEDGED,
        )
        adjudicated = sum(1 for c in mine if c[1] not in unpaid)
        denied = sum(1 for c in mine if c[1] is ClaimState.DENIED)
        assert row.adjudicated == adjudicated
        if adjudicated:
            assert row.denial_rate_percent is not None
            assert abs(row.denial_rate_percent - Decimal(100 * denied) / adjudicated) <= D("0.05")
        else:
            assert row.denial_rate_percent is None


def test_a_payer_without_remittances_is_named_from_the_claims_billed_to_it() -> None:
    from strategies_payer import billed, clp, remit, svc

    from medclaims.reconcile import reconcile

    result = reconcile(
        [
            billed("A", payer_name="FIRST PAYER"),
            billed("B", payer_id="NOREMIT", payer_name="QUIET PAYER"),
        ],
        [remit("T1", dt.date(2026, 2, 1), clp("A", "100", "100", svc()))],
    )
    names = {row.payer_id: row.payer_name for row in summary_by_payer(result)}
    assert names == {"PAYER1": "PAYER", "NOREMIT": "QUIET PAYER"}  # remittance name wins


def test_reconcile_imports_without_loading_matplotlib() -> None:
    import subprocess
    import sys
    from pathlib import Path

    import medclaims.reconcile

    code = (
        "import sys, medclaims.reconcile, medclaims.reconcile.reports; "
        "assert not [m for m in sys.modules if m.startswith('matplotlib')]"
    )
    root = Path(medclaims.reconcile.__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
