"""medclaims.spark.reconcile equals reconcile() claim by claim where matching is exact."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

pytest.importorskip("pyspark")
pytest.importorskip("pyarrow")

from _shared import SAMPLES

from medclaims import parse_835, parse_837p
from medclaims.reconcile import Amounts, MatchMethod, load_fee_schedule, reconcile
from medclaims.spark import read_835, read_837p
from medclaims.spark import reconcile as spark_reconcile

SCENARIO = SAMPLES / "reconcile"
AS_OF = dt.date(2026, 3, 9)


def _row(claim: Any) -> dict[str, Any]:
    amounts = {f.name: getattr(claim.amounts, f.name) for f in attrs.fields(Amounts)}
    return {"state": claim.state.value, **amounts}


def test_sample_scenario_equals_reconcile(spark: Any) -> None:
    remit_files = sorted(SCENARIO.glob("*.835"))
    fees = load_fee_schedule((SCENARIO / "fees.csv").read_text())
    billed = parse_837p((SCENARIO / "claims.837").read_bytes())
    want = reconcile(
        billed, [parse_835(p.read_bytes()) for p in remit_files], as_of=AS_OF, fee_schedule=fees
    )
    claims = read_837p(spark, str(SCENARIO / "claims.837"))
    remits = read_835(spark, [str(p) for p in remit_files])
    got = spark_reconcile(spark, claims, remits, as_of=AS_OF, fee_schedule=fees)
    rows = {r["claim_id"]: r.asDict() for r in got.claims.collect()}
    needs = {r["claim_id"] for r in got.needs_single_machine.collect()}
    assert len(rows) == len(want.claims)
    exact = 0
    for claim in want.claims:
        cid = claim.patient_control_number
        methods = {p.match.method for p in claim.payments if p.match is not None}
        if methods - {MatchMethod.EXACT}:
            assert cid in needs, f"{claim.state.value}: not reported as needing the engine"
            continue
        got_row = rows[cid]
        assert {k: got_row[k] for k in _row(claim)} == _row(claim), claim.state.value
        exact += 1
    assert exact >= 8
    # Unmatched payments: the exact ones agree; the others belong to claims listed above.
    got_unmatched = {r["claim_id"] for r in got.unmatched_payments.collect()}
    want_unmatched = {u.patient_control_number for u in want.unmatched_payments}
    assert want_unmatched <= got_unmatched
    assert len(got_unmatched - want_unmatched) == len(needs)
    lines = got.lines.collect()
    assert sum(len(c.lines) for c in want.claims) == len(lines)
    for row in got.issues.collect():
        for cid in rows:
            assert cid not in row["message"]
