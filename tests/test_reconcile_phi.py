"""PHI stays out of reconciliation issues and reprs (sentinel values)."""

from __future__ import annotations

import datetime as dt

from strategies_payer import billed, clp, line, plb, remit, svc

from medclaims.reconcile import reconcile

SENTINEL = "SENTINEL"


def test_sentinels_never_reach_issues_or_reprs() -> None:
    claims = [
        billed("ZZSENTINEL01", line(control="LCNSENTINEL")),
        billed("ZZSENTINEL02", payer_id="OTHERPAYER", payer_name="PAYERSENTINEL"),
        billed("ZZSENTINEL03AAAAA"),
        billed("ZZSENTINEL03BBBBB"),
    ]
    remits = [
        remit(
            "T1",
            dt.date(2026, 2, 1),
            clp("zzsentinel01 ", "100", "100", svc(control="LCNSENTINEL"), icn="ICN1"),
            clp("ZZSENTINEL02", "100", "100", svc()),
            clp("ZZSENTINEL03", "100", "100", svc()),
            clp("ZZSENTINEL99", "100", "100", svc()),
            adjustments=(
                plb("WO", "ICN1 MEMBERSENTINEL", "10"),
                plb("WO", "NOCLAIM MEMBERSENTINEL", "5"),
            ),
            amount="1",
        ),
    ]
    result = reconcile(claims, remits + remits)
    assert {i.code for i in result.issues} >= {
        "reconcile.fuzzy_match",
        "reconcile.cross_payer_match",
        "reconcile.ambiguous_match",
        "reconcile.unmatched_payment",
        "reconcile.unbalanced_payment",
        "reconcile.duplicate_remittance",
        "reconcile.unlinked_adjustment",
    }
    for issue in result.issues:
        assert SENTINEL not in str(issue).upper()
    assert SENTINEL not in repr(result).upper()
    assert SENTINEL in result.claims[0].patient_control_number  # the data itself is kept
    assert SENTINEL in result.provider_ledger[0].reference
