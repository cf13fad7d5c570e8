"""Secondary and tertiary claims from generated 835s: pyx12-clean, and equal to the 835s.

Each example draws an encounter and what one to two payers did with it (line
by line or at claim level only, line denials, payer-dropped and payer-added
lines, SVC06 recoding, a claim split into two CLPs, a reversal and its
correction), writes their 835s as text (``cob_835``), reads them with
``iter_835`` and builds the next payer's claim. The built 837P is validated
by pyx12 and re-read with a plain split (not medclaims' reader): every 2320
and 2430 amount must equal the live 835 amounts adjustment by adjustment, and
both COB balancing rules must hold.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import attrs
import pytest
from cob_835 import PayerSpec, payer_payments, remittance_text
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from strategies_837p import encounter as encounters_one

from medclaims.billing import answers, correct_claim, secondary_claim, void_claim
from medclaims.errors import SecondaryClaimRefused
from medclaims.professional import Encounter, Payer, Receiver, Submitter, build_837p
from medclaims.professional.reader import parse_837p
from medclaims.pyx12_validation import validate
from medclaims.remittance import iter_835

SUBMITTER = Submitter(name="CLINIC", id="CLINIC01", contact_name="DESK", phone="5555550100")
RECEIVER = Receiver(name="CLEARINGHOUSE", id="CH01")
NEXT = Payer(name="NEXT PLAN", payer_id="NEXT01")
PAYERS = ("PAYA", "PAYB")
SCENARIOS = ["lines", "claim_level", "split", "reversal"]


def build(encounter: Encounter) -> str:
    return build_837p(
        [encounter],
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=7,
        created_at=dt.datetime(2031, 1, 2, 3, 4),
    )


@st.composite
def billed(draw: st.DrawFn) -> Encounter:
    e = draw(encounters_one(payer=Payer(name="PLAN PAYA", payer_id="PAYA"), max_lines=4))
    with_lcn = draw(st.booleans())
    lines = tuple(
        attrs.evolve(line, line_control_number=f"L{i}" if with_lcn else None)
        for i, line in enumerate(e.service_lines)
    )
    if not with_lcn:
        keys = [(ln.procedure_code, ln.modifiers, ln.service_date) for ln in lines]
        if len(set(keys)) != len(keys) or any(ln.procedure_code == "A9270" for ln in lines):
            lines = lines[:1]
    return attrs.evolve(
        e,
        service_lines=lines,
        frequency_code="1",
        original_claim_id=None,
        payer_responsibility="P",
    )


def _expected(spec: PayerSpec) -> dict[str, object]:
    claim: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    lines: dict[int, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    paid_lines: dict[int, Decimal] = defaultdict(Decimal)
    for clp in spec.live:
        for g, r, a in clp.adjustments:
            claim[(g, r)] += a
        for s in clp.lines:
            if s.line < 0:
                continue
            paid_lines[s.line + 1] += s.paid
            for g, r, a in s.adjustments:
                lines[s.line + 1][(g, r)] += a
    return {
        "paid": sum((c.paid for c in spec.live), Decimal(0)),
        "claim": {k: v for k, v in claim.items() if v},
        "lines": {n: {k: v for k, v in d.items() if v} for n, d in lines.items()},
        "line_paid": dict(paid_lines),
        "has_lines": any(s.line >= 0 for c in spec.live for s in c.lines),
    }


def _reread(x12: str) -> dict[str, object]:
    """2320/2430 amounts by payer id, from a plain split of the built claim."""
    segs = [s.split("*") for s in x12.replace("\n", "").split("~") if s]
    clm02 = Decimal(0)
    sv102: dict[int, Decimal] = {}
    claim_cas: dict[str, dict[tuple[str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    amt_d: dict[str, Decimal] = {}
    line_cas: dict[tuple[str, int], dict[tuple[str, str], Decimal]] = defaultdict(
        lambda: defaultdict(Decimal)
    )
    svd_paid: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    dtp_2330b: dict[str, bool] = {}
    f8: dict[str, str] = {}
    context: tuple[str, object] = ("", None)
    pending_cas: list[list[str]] = []
    pending_amt: Decimal | None = None
    line = 0
    for seg in segs:
        sid = seg[0]
        if sid == "CLM":
            clm02 = Decimal(seg[2])
            context = ("2300", None)
        elif sid == "SBR" and context[0] in ("2300", "2320", "2330B"):
            context, pending_cas, pending_amt = ("2320", None), [], None
        elif sid == "CAS" and context[0] == "2320":
            pending_cas.append(seg)
        elif sid == "AMT" and seg[1] == "D" and context[0] == "2320":
            pending_amt = Decimal(seg[2])
        elif sid == "NM1" and seg[1] == "PR" and context[0] in ("2320", "2330B"):
            payer = seg[9]
            context = ("2330B", payer)
            for cas in pending_cas:
                for i in range(2, len(cas), 3):
                    claim_cas[payer][(cas[1], cas[i])] += Decimal(cas[i + 1])
            if pending_amt is not None:
                amt_d[payer] = pending_amt
            dtp_2330b[payer] = False
        elif sid == "DTP" and seg[1] == "573" and context[0] == "2330B":
            dtp_2330b[str(context[1])] = True
        elif sid == "REF" and seg[1] == "F8" and context[0] == "2330B":
            f8[str(context[1])] = seg[2]
        elif sid == "LX":
            line = int(seg[1])
            context = ("2400", None)
        elif sid == "SV1":
            sv102[line] = Decimal(seg[2])
        elif sid == "SVD":
            context = ("2430", seg[1])
            svd_paid[(seg[1], line)] += Decimal(seg[2])
        elif sid == "CAS" and context[0] == "2430":
            for i in range(2, len(seg), 3):
                line_cas[(str(context[1]), line)][(seg[1], seg[i])] += Decimal(seg[i + 1])
    return {
        "clm02": clm02,
        "sv102": sv102,
        "claim_cas": claim_cas,
        "amt_d": amt_d,
        "line_cas": line_cas,
        "svd_paid": svd_paid,
        "dtp_2330b": dtp_2330b,
        "f8": f8,
    }


def _denied(spec: PayerSpec) -> bool:
    exp = _expected(spec)
    pr = [a for a in exp["claim"].items() if a[0][0] == "PR"]  # type: ignore[union-attr]
    pr += [a for d in exp["lines"].values() for a in d.items() if a[0][0] == "PR"]  # type: ignore[union-attr]
    patient = sum((c.patient for c in spec.live), Decimal(0))
    return exp["paid"] == 0 and not pr and patient == 0


@settings(
    max_examples=40,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # pyx12 makes shrinking very slow
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_secondary_and_tertiary_claims_match_the_835s(data: st.DataObject) -> None:
    e = data.draw(billed())
    n_payers = data.draw(st.integers(1, 2))
    specs: list[PayerSpec] = []
    for n in range(n_payers):
        scenario = data.draw(st.sampled_from(SCENARIOS))
        day = max(ln.service_date for ln in e.service_lines) + dt.timedelta(days=30 * (n + 1))
        specs.append(data.draw(payer_payments(e, PAYERS[n], day, scenario=scenario)))
    paid_by = []
    for spec in specs:
        # a payer's claims may come in separate 835s (the reversal in a later one)
        for clp in spec.claims:
            paid_by += list(iter_835(remittance_text(spec, e, (clp,))))
    if any(_denied(s) for s in specs):
        with pytest.raises(SecondaryClaimRefused) as info:
            secondary_claim(e, paid_by, payer=NEXT)
        assert info.value.reason == "denied"
        event("refused: denied")
        return
    event(f"built after {n_payers} payer(s)")
    for spec in specs:
        event("claim level only" if not _expected(spec)["has_lines"] else "line level")
        event(f"{len(spec.claims)} CLP(s) from one payer")
    result = secondary_claim(e, paid_by, payer=NEXT)
    assert result.payer_responsibility == "PST"[n_payers]
    x12 = build(result)
    errors = [i for i in validate(x12) if i.severity == "error"]
    assert errors == []
    (back,) = parse_837p(x12)
    assert back.other_payers == result.other_payers
    got = _reread(x12)
    for spec in specs:
        exp = _expected(spec)
        pid = spec.payer_id
        assert got["amt_d"][pid] == exp["paid"]  # type: ignore[index]
        assert dict(got["claim_cas"][pid]) == exp["claim"]  # type: ignore[index]
        for number in got["sv102"]:  # type: ignore[attr-defined]
            assert dict(got["line_cas"].get((pid, number), {})) == exp["lines"].get(number, {})  # type: ignore[attr-defined]
            assert got["svd_paid"].get((pid, number), Decimal(0)) == exp["line_paid"].get(
                number, Decimal(0)
            )  # type: ignore[attr-defined]
        # 2330B DTP*573 only when the payer has no 2430 loops
        assert got["dtp_2330b"][pid] == (not exp["has_lines"])  # type: ignore[index]
        assert got["f8"][pid] == spec.live[-1].icn  # type: ignore[index]
        # per claim: CLM02 = AMT*D + Σ 2320 CAS + Σ 2430 CAS
        line_total = sum(
            (sum(d.values(), Decimal(0)) for (p, _), d in got["line_cas"].items() if p == pid),  # type: ignore[attr-defined]
            Decimal(0),
        )
        claim_total = sum(got["claim_cas"][pid].values(), Decimal(0))  # type: ignore[index]
        assert got["clm02"] == got["amt_d"][pid] + claim_total + line_total  # type: ignore[index]
        # per line with 2430 of this payer: SV102 = Σ SVD02 + Σ 2430 CAS
        for (p, number), paid in got["svd_paid"].items():  # type: ignore[attr-defined]
            if p == pid:
                cas = sum(got["line_cas"].get((pid, number), {}).values(), Decimal(0))  # type: ignore[attr-defined]
                assert got["sv102"][number] == paid + cas  # type: ignore[index]


# -- refusals, corrected and voided claims ----------------------------------------------------


def _example() -> tuple[Encounter, PayerSpec]:
    from cob_835 import ClpSpec, SvcSpec
    from strategies_837p import example_encounter

    e = example_encounter(payer=Payer(name="PLAN PAYA", payer_id="PAYA"))
    l1, l2 = e.service_lines
    svcs = (
        SvcSpec(
            0,
            "99213",
            ("25",),
            None,
            l1.charge,
            Decimal(60),
            (("CO", "45", Decimal(20)), ("PR", "2", Decimal(20))),
            Decimal(1),
            None,
            l1.service_date,
        ),
        SvcSpec(
            1,
            "J3490",
            (),
            None,
            l2.charge,
            Decimal("10.50"),
            (("PR", "1", Decimal(10)),),
            Decimal(2),
            None,
            l2.service_date,
        ),
    )
    clp = ClpSpec("1", e.total_charge, Decimal("70.50"), Decimal(30), (), svcs, "ICN9")
    return e, PayerSpec("PAYA", dt.date(2024, 4, 1), (clp,), (clp,))


def _paid(e: Encounter, spec: PayerSpec) -> list:  # type: ignore[type-arg]
    return list(iter_835(remittance_text(spec, e)))


def test_example_builds_clean() -> None:
    e, spec = _example()
    result = secondary_claim(e, _paid(e, spec), payer=NEXT, with_patient_liability=True)
    (op,) = result.other_payers
    assert op.remaining_patient_liability == Decimal(30)
    assert [la.remaining_patient_liability for la in op.line_adjudications] == [
        Decimal(20),
        Decimal(10),
    ]
    assert [i for i in validate(build(result)) if i.severity == "error"] == []


def _refusal(e: Encounter, paid_by: list, reason: str) -> SecondaryClaimRefused:  # type: ignore[type-arg]
    with pytest.raises(SecondaryClaimRefused) as info:
        secondary_claim(e, paid_by, payer=NEXT)
    assert info.value.reason == reason
    assert "DOE" not in str(info.value) and "M1" not in str(info.value).split()
    return info.value


def test_crossover_is_refused_naming_the_carrier() -> None:
    e, spec = _example()
    crossed = attrs.evolve(spec, claims=(attrs.evolve(spec.claims[0], crossover=True),))
    error = _refusal(e, _paid(e, crossed), "crossed_over")
    assert "MEDIGAP CARRIER" in str(error) and "PLAN PAYA" in str(error)


def test_full_denial_is_refused() -> None:
    from cob_835 import ClpSpec

    e, spec = _example()
    denied = ClpSpec(
        "4", e.total_charge, Decimal(0), Decimal(0), (("CO", "50", e.total_charge),), (), "ICN9"
    )
    _refusal(e, _paid(e, attrs.evolve(spec, claims=(denied,))), "denied")


def test_denial_with_patient_responsibility_is_built() -> None:
    from cob_835 import ClpSpec

    e, spec = _example()
    denied = ClpSpec(
        "4",
        e.total_charge,
        Decimal(0),
        e.total_charge,
        (("PR", "204", e.total_charge),),
        (),
        "ICN9",
    )
    spec = attrs.evolve(spec, claims=(denied,))
    result = secondary_claim(e, _paid(e, spec), payer=NEXT)
    assert result.other_payers[0].adjudication_date == dt.date(2024, 4, 1)
    assert [i for i in validate(build(result)) if i.severity == "error"] == []


def test_nothing_live_is_refused() -> None:
    e, spec = _example()
    clp = spec.claims[0]
    _refusal(e, _paid(e, attrs.evolve(spec, claims=(clp, clp.negated()))), "nothing_live")


def test_unbalanced_primary_is_refused() -> None:
    e, spec = _example()
    clp = spec.claims[0]
    off = attrs.evolve(clp, paid=clp.paid + 1)
    _refusal(e, _paid(e, attrs.evolve(spec, claims=(off,))), "unbalanced")
    other_charge = attrs.evolve(clp, charge=clp.charge + 1, adjustments=(("CO", "45", Decimal(1)),))
    _refusal(e, _paid(e, attrs.evolve(spec, claims=(other_charge,))), "unbalanced")


def test_payer_added_charged_line_is_refused() -> None:
    from cob_835 import SvcSpec

    e, spec = _example()
    clp = spec.claims[0]
    added = SvcSpec(
        -1,
        "A9270",
        (),
        None,
        Decimal(5),
        Decimal(0),
        (("CO", "45", Decimal(5)),),
        Decimal(1),
        None,
        dt.date(2024, 3, 1),
    )
    more = attrs.evolve(clp, lines=(*clp.lines, added), charge=clp.charge + 5)
    with pytest.raises(SecondaryClaimRefused) as info:
        secondary_claim(e, _paid(e, attrs.evolve(spec, claims=(more,))), payer=NEXT)
    assert info.value.reason in ("unbalanced", "unmatched_line")


def test_no_payment_and_other_claim() -> None:
    e, spec = _example()
    _refusal(e, [], "no_payment")
    _refusal(attrs.evolve(e, claim_id="OTHER"), _paid(e, spec), "other_claim")


@pytest.mark.parametrize(("make", "code"), [(correct_claim, "7"), (void_claim, "8")])
def test_corrected_and_voided_claims_carry_ref_f8(make, code) -> None:  # type: ignore[no-untyped-def]
    e, spec = _example()
    (latest,) = _paid(e, spec)
    claim = make(e, latest)
    x12 = build(claim)
    assert f"*11:B:{code}*" in x12 and "REF*F8*ICN9~" in x12
    assert [i for i in validate(x12) if i.severity == "error"] == []
    reversal = _paid(e, attrs.evolve(spec, claims=(spec.claims[0].negated(),)))[0]
    with pytest.raises(SecondaryClaimRefused) as info:
        make(e, reversal)
    assert info.value.reason == "nothing_live"
    no_icn = _paid(e, attrs.evolve(spec, claims=(attrs.evolve(spec.claims[0], icn=""),)))[0]
    with pytest.raises(SecondaryClaimRefused) as info:
        make(e, no_icn)
    assert info.value.reason == "no_claim_control_number"


def test_benchmark_script_runs() -> None:
    import subprocess
    import sys
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_secondary.py"
    done = subprocess.run(
        [sys.executable, str(script), "30", "--repeat", "1"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ratio" in done.stdout and "goal: secondary <= 2x primaries" in done.stdout


def test_the_reconciliation_sample_scenario() -> None:
    """Every paid claim of samples/reconcile: built pyx12-clean, or refused for its reason.

    remit-5 resends remit-1 (counted once); REV-004 is reversed and corrected; COB-011
    was paid by two payers (a tertiary claim); SPLITCLM-013 was split into two CLPs;
    SPLIT-007's payer added a line it paid (refused); DENY-003 was denied outright;
    CUT-017's only payment is the claim cut off in remit-8-truncated (refused: it cannot
    balance, and a broken payment decides nothing).
    """
    from _shared import SAMPLES

    from medclaims.professional import load_encounters

    scenario = SAMPLES / "reconcile"
    encounters = load_encounters((scenario / "encounters.json").read_bytes())
    everything = [rc for p in sorted(scenario.glob("*.835")) for rc in iter_835(p.read_bytes())]
    # CLP01 upper-cased (Abc0009x) or truncated (ENC2026010800000042) still answers
    by_claim = {e.claim_id: [rc for rc in everything if answers(e, rc)] for e in encounters}
    refused = {"DENY-003": "denied", "SPLIT-007": "unmatched_line", "CUT-017": "unbalanced"}
    built = []
    for e in encounters:
        payments = by_claim.get(e.claim_id)
        if not payments:
            continue
        if e.claim_id in refused:
            with pytest.raises(SecondaryClaimRefused) as info:
                secondary_claim(e, payments, payer=NEXT)
            assert info.value.reason == refused.pop(e.claim_id)
            continue
        built.append(secondary_claim(e, payments, payer=NEXT))
    assert refused == {}
    by_id = {e.claim_id: e for e in built}
    assert [op.paid_amount for op in by_id["REV-004"].other_payers] == [Decimal(100)]
    assert [op.paid_amount for op in by_id["SPLITCLM-013"].other_payers] == [Decimal(200)]
    assert [op.responsibility for op in by_id["COB-011"].other_payers] == ["P", "S"]
    assert by_id["COB-011"].payer_responsibility == "T"
    assert {"ENC2026010800000042", "Abc0009x"} <= set(by_id)
    assert [i for i in validate(build_many(built)) if i.severity == "error"] == []


def build_many(encounters: list[Encounter]) -> str:
    return build_837p(
        encounters,
        submitter=SUBMITTER,
        receiver=RECEIVER,
        control_number=8,
        created_at=dt.datetime(2031, 1, 2, 3, 4),
    )
