"""Benchmark: secondary claims (COB) for 10,000 primary-paid claims vs building the primaries.

Run by hand: ``python benchmarks/bench_secondary.py [COUNT] [--repeat N]``. The
encounters are ``bench_build_837p``'s seeded ones; a synthetic primary 835 pays
every line (80% paid, contractual CO-45 and patient responsibility PR-2, one
claim in ten with a claim-level OA-23 taken from its payment too). The 835 is read once with
``iter_835`` (timed apart: reading is not building). Then, side by side in the
same run: the floor, ``build_837p`` of the primaries; and
``secondary_claim`` for every claim followed by ``build_837p`` of the
secondaries (with their 2320/2330/2430 loops). Goal: the second within 2x the
first. Correctness check: every secondary carries AMT*D equal to its CLP04.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build_837p import random_encounters

from medclaims.billing import secondary_claim
from medclaims.professional import Encounter, Payer, Receiver, Submitter, build_837p
from medclaims.remittance import RemittanceClaim, iter_835

CENT = Decimal("0.01")
SUBMITTER = Submitter(name="Bench Billing", id="BENCH01", contact_name="Ops", phone="5555550100")
RECEIVER = Receiver(name="Bench Clearinghouse", id="BENCHCH")
CREATED = dt.datetime(2024, 6, 1, 9, 30)
NEXT = Payer(name="Supplement Plan", payer_id="SUPP01")


def _money(value: Decimal) -> str:
    return format(value, "f")


def primary_835(encounters: list[Encounter]) -> str:
    """One 835 paying every claim (see the module docstring)."""
    body: list[str] = []
    total = Decimal(0)
    for n, e in enumerate(encounters):
        claim_adj = (e.total_charge * Decimal("0.05")).quantize(CENT) if n % 10 == 0 else 0
        svcs: list[str] = []
        paid_claim = Decimal(0)
        patient = Decimal(0)
        for line in e.service_lines:
            paid = (line.charge * Decimal("0.8")).quantize(CENT)
            pr = ((line.charge - paid) / 2).quantize(CENT)
            co = line.charge - paid - pr
            paid_claim += paid
            patient += pr
            procedure = ":".join(["HC", line.procedure_code, *line.modifiers])
            svcs += [
                f"SVC*{procedure}*{_money(line.charge)}*{_money(paid)}**{_money(line.units)}",
                f"DTM*472*{line.service_date:%Y%m%d}",
                f"CAS*CO*45*{_money(co)}*PR*2*{_money(pr)}",
                f"REF*6R*{line.line_control_number}",
            ]
        paid_claim -= claim_adj  # CLP04 = CLP03 - claim CAS - line CAS
        total += paid_claim
        body.append(
            f"CLP*{e.claim_id}*1*{_money(e.total_charge)}*{_money(paid_claim)}*"
            f"{_money(patient)}*CI*ICN{n:09d}*11*1"
        )
        if claim_adj:
            body.append(f"CAS*OA*23*{_money(Decimal(claim_adj))}")
        body.append(f"NM1*QC*1*PATIENT*P****MI*M{n:09d}")
        body += svcs
    head = [
        "ISA*00*          *00*          *ZZ*PAYER          *ZZ*CLINIC         "
        "*240601*1200*^*00501*000000001*0*P*:",
        "GS*HP*PAYER*CLINIC*20240601*1200*1*X*005010X221A1",
        "ST*835*0001",
        f"BPR*I*{_money(total)}*C*ACH*CCP*01*999999992*DA*123456*1512345678**01*999988880*DA*98765*20240601",
        "TRN*1*EFT1*1512345678",
        "N1*PR*PRIMARY PLAN*XV*PRIM1",
        "N1*PE*CLINIC*XX*1234567893",
        "LX*1",
    ]
    tail = [f"SE*{len(head) - 2 + len(body) + 1}*0001", "GE*1*1", "IEA*1*000000001"]
    return "~".join(head + body + tail) + "~"


def _median(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Time both sides and print them with their ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("count", type=int, nargs="?", default=10_000, help="claims (default 10,000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs (median reported)")
    args = ap.parse_args()
    encounters = random_encounters(args.count)
    text = primary_835(encounters)
    start = time.perf_counter()
    paid: dict[str, list[RemittanceClaim]] = {}
    for rc in iter_835(text):
        paid.setdefault(rc.claim.patient_control_number, []).append(rc)
    read = time.perf_counter() - start

    def primaries() -> str:
        return build_837p(
            encounters, submitter=SUBMITTER, receiver=RECEIVER, control_number=1, created_at=CREATED
        )

    def secondaries() -> str:
        claims = [secondary_claim(e, paid[e.claim_id], payer=NEXT) for e in encounters]
        return build_837p(
            claims, submitter=SUBMITTER, receiver=RECEIVER, control_number=2, created_at=CREATED
        )

    built = secondaries()  # warm up and check
    assert built.count("AMT*D*") == args.count, "every secondary carries AMT*D"
    for e in encounters[:50]:
        (rc,) = paid[e.claim_id]
        assert secondary_claim(e, [rc], payer=NEXT).other_payers[0].paid_amount == rc.paid_amount
    primaries()
    floor = _median(primaries, args.repeat)
    ours = _median(secondaries, args.repeat)
    print(f"secondary claims: {args.count} claims, {built.count('~')} segments")
    print(f"  iter_835 of the primary 835 (untimed below): {read:.3f} s")
    print(f"  floor: build_837p(primaries)            median {floor:.3f} s")
    print(f"  secondary_claim x N + build_837p        median {ours:.3f} s")
    print(f"  ratio {ours / floor:.2f}x (goal: secondary <= 2x primaries)")


if __name__ == "__main__":
    main()
