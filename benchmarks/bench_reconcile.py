"""Reconciliation benchmark: ``reconcile`` over 100,000 claims against a dict-join floor.

Run from a checkout: ``python benchmarks/bench_reconcile.py`` (options: ``--claims``,
``--repeat``, ``--per-remittance``). It builds, in memory and untimed, encounters
with two lines each and the remittance records a payer would send for them:
most claims paid with CO-45/PR-2, some denied, some reversed and corrected in a
later remittance, some recouped by PLB WO, some with a CLP01 truncated to 14
characters, some left pending, a few unmatched payments. Then it times, in the
same run:

- the floor: index CLM01 in a dict and add each CLP04 to its claim (the least
  any reconciliation must do);
- ``reconcile(encounters, remittances)``;
- ``reconcile`` with a fee schedule.

What a reconcile run counts: the call, then a walk over the result that reads
every claim's state and amounts and every line's state and amounts (as a caller
building a report would), then freeing the result. ``reconcile`` leaves the
garbage collector running, so every collection it triggers, during the call or
the walk, is inside the timer. Each figure is
printed as the minimum and the median of ``--repeat`` runs, CPU time of this
process (``time.process_time``) and wall time, measured in separate loops.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

import _common  # noqa: F401  (puts the checkout on sys.path)

from medclaims.professional import (
    BillingProvider,
    ClaimAddress,
    ClaimPayer,
    Encounter,
    ServiceLine,
    Subscriber,
)
from medclaims.reconcile import FeeSchedule, reconcile
from medclaims.remittance import (
    Adjustment,
    ClaimPayment,
    Payment,
    Procedure,
    ProviderAdjustment,
    Reference,
    Remittance,
    RemittanceHeader,
    ServicePayment,
)
from medclaims.remittance import Payer as RemitPayer
from medclaims.x12 import InterchangeHeader

NPI = "1234567893"
_PROVIDER = BillingProvider(
    npi=NPI,
    tax_id="123456789",
    organization_name="CLINIC",
    address=ClaimAddress(line1="1 WAY", city="SPRINGFIELD", state="IL", postal_code="627010001"),
)
_SUBSCRIBER = Subscriber(
    member_id="M1",
    last_name="FICTIONAL",
    first_name="PAT",
    birth_date=dt.date(1970, 1, 1),
    sex="F",
    address=ClaimAddress(line1="1 ST", city="SPRINGFIELD", state="IL", postal_code="62701"),
)
_PAYER = ClaimPayer(name="ACME", payer_id="ACME01")
_DAY = dt.date(2026, 1, 5)
_CODES = ("99213", "99214", "36415", "97110", "80053")


def encounters(n: int) -> list[Encounter]:
    """n encounters with two lines each and 20-character claim ids (unique in 14)."""
    out = []
    for i in range(n):
        code = _CODES[i % len(_CODES)]
        out.append(
            Encounter(
                claim_id=f"{i:09d}CLAIMNUMBER",
                place_of_service="11",
                billing_provider=_PROVIDER,
                subscriber=_SUBSCRIBER,
                payer=_PAYER,
                diagnosis_codes=("J069",),
                service_lines=(
                    ServiceLine(
                        procedure_code="99213",
                        charge=Decimal("150.00"),
                        service_date=_DAY,
                        line_control_number=f"{i}-1",
                    ),
                    ServiceLine(
                        procedure_code=code,
                        charge=Decimal(50 + i % 50),
                        service_date=_DAY,
                        units=Decimal(1 + i % 3),
                    ),
                ),
            )
        )
    return out


def _lines(e: Encounter, sign: int, factor: Decimal) -> tuple[tuple[ServicePayment, ...], Decimal]:
    lines, paid = [], Decimal(0)
    for line in e.service_lines:
        reduced = (line.charge * factor).quantize(Decimal("0.01"))
        patient = Decimal("10.00") if line.charge > 20 else Decimal(0)
        line_paid = line.charge - reduced - patient
        paid += line_paid
        lines.append(
            ServicePayment(
                procedure=Procedure("HC", line.procedure_code),
                charge_amount=sign * line.charge,
                paid_amount=sign * line_paid,
                units=line.units,
                service_date=line.service_date,
                adjustments=(
                    Adjustment("CO", "45", sign * reduced),
                    Adjustment("PR", "2", sign * patient),
                ),
                line_control_number=line.line_control_number,
            )
        )
    return tuple(lines), paid


def _claim(
    e: Encounter,
    icn: str,
    status: str = "1",
    factor: Decimal = Decimal("0.2"),
    clp01: str | None = None,
) -> ClaimPayment:
    sign = -1 if status == "22" else 1
    if status == "4":
        lines = tuple(
            ServicePayment(
                procedure=Procedure("HC", ln.procedure_code),
                charge_amount=ln.charge,
                paid_amount=Decimal(0),
                service_date=ln.service_date,
                adjustments=(Adjustment("CO", "50", ln.charge),),
            )
            for ln in e.service_lines
        )
        paid = Decimal(0)
    else:
        lines, paid = _lines(e, sign, factor)
    patient = Decimal(10) * sum(1 for ln in e.service_lines if ln.charge > 20)
    return ClaimPayment(
        patient_control_number=clp01 or e.claim_id,
        status_code=status,
        charge_amount=sign * e.total_charge,
        paid_amount=sign * paid,
        patient_responsibility=sign * patient if status != "4" else Decimal(0),
        payer_claim_control_number=icn,
        service_lines=lines,
    )


def _remittance(
    n: int, date: dt.date, claims: list[ClaimPayment], plb: list[ProviderAdjustment]
) -> Remittance:
    total = sum((c.paid_amount or Decimal(0) for c in claims), Decimal(0)) - sum(
        (p.amount or Decimal(0) for p in plb), Decimal(0)
    )
    header = RemittanceHeader(
        control_number=f"{n:04d}",
        implementation_reference="005010X221A1",
        interchange=InterchangeHeader(control_number=f"{n:09d}"),
        group=None,
        payment=Payment(
            handling_code="I",
            amount=total,
            credit_debit="C",
            method="ACH",
            date=date,
            trace_type="1",
            trace_number=f"EFT{n:06d}",
            originating_company_id="1512345678",
        ),
        payer=RemitPayer(name="ACME", references=(Reference("2U", "ACME01"),)),
        payee=None,
    )
    return Remittance(header=header, claims=tuple(claims), provider_adjustments=tuple(plb))


def remittances(batch: list[Encounter], per_remittance: int) -> list[Remittance]:
    """First remittances with every initial adjudication, then a later one per chunk with
    reversals, corrections, WO recoupments; about 5% of claims stay pending."""
    out: list[Remittance] = []
    for start in range(0, len(batch), per_remittance):
        first: list[ClaimPayment] = []
        later: list[ClaimPayment] = []
        plb: list[ProviderAdjustment] = []
        for i in range(start, min(start + per_remittance, len(batch))):
            e, kind = batch[i], i % 20
            icn = f"ICN{i:012d}"
            if kind == 0:
                continue  # pending
            if kind == 1:
                first.append(_claim(e, icn, "4"))
            elif kind == 2:
                first.append(_claim(e, icn))
                later.append(_claim(e, icn, "22"))
                later.append(_claim(e, icn + "B", factor=Decimal("0.3")))
            elif kind == 3:
                first.append(_claim(e, icn))
                plb.append(ProviderAdjustment(NPI, None, "WO", icn, Decimal("20.00")))
            elif kind == 4:
                first.append(_claim(e, icn, clp01=e.claim_id[:14]))
            else:
                first.append(_claim(e, icn))
        n = len(out) + 1
        out.append(_remittance(n, dt.date(2026, 2, 2), first, []))
        later.append(_claim(batch[start], f"X{start}", clp01=f"NOSUCH{start}"))
        out.append(_remittance(n + 1, dt.date(2026, 2, 16), later, plb))
    return out


def floor(batch: list[Encounter], remits: list[Remittance]) -> dict[str, Decimal]:
    """Index CLM01, add each CLP04 to its claim."""
    paid = {e.claim_id: Decimal(0) for e in batch}
    for r in remits:
        for c in r.claims:
            if c.patient_control_number in paid:
                paid[c.patient_control_number] += c.paid_amount or Decimal(0)
    return paid


def reconcile_and_walk(
    batch: list[Encounter], remits: list[Remittance], fees: FeeSchedule | None = None
) -> Decimal:
    """``reconcile``, then read every claim's and line's state and amounts (the result is
    freed on return, so its deallocation and any deferred collection are counted)."""
    result = reconcile(batch, remits, fee_schedule=fees)
    total = Decimal(0)
    counts: dict[str, int] = {}
    for claim in result.claims:
        counts[claim.state] = counts.get(claim.state, 0) + 1
        amounts = claim.amounts
        total += amounts.paid + amounts.patient_responsibility + amounts.billed
        for line in claim.lines:
            counts[line.state] = counts.get(line.state, 0) + 1
            total += line.amounts.paid
    return total


def run_times(fn: Callable[[], object], repeat: int, clock: Callable[[], float]) -> list[float]:
    """``clock`` seconds of each of ``repeat`` calls: ``time.process_time`` (CPU of this
    process, less noisy on a shared machine) or ``time.perf_counter`` (wall)."""
    times = []
    for _ in range(repeat):
        started = clock()
        fn()
        times.append(clock() - started)
    return times


def _loop_seconds() -> float:
    """CPU seconds of a 10M-iteration Python loop: how fast the machine is right now."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started


def _fmt(times: list[float]) -> str:
    return f"min {min(times):6.3f} / median {statistics.median(times):6.3f} s"


def main() -> None:
    """Build the input, time the floor and reconcile, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-remittance", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    batch = encounters(args.claims)
    remits = remittances(batch, args.per_remittance)
    n_payments = sum(len(r.claims) for r in remits)
    print(f"input: {len(batch):,} claims, {len(remits)} remittances, {n_payments:,} claim payments")
    fees = FeeSchedule({(code, ""): Decimal("100.00") for code in _CODES})
    before = _loop_seconds()
    runs = {
        "floor (dict join of CLP04)": lambda: floor(batch, remits),
        "reconcile": lambda: reconcile_and_walk(batch, remits),
        "reconcile with fee schedule": lambda: reconcile_and_walk(batch, remits, fees),
    }
    walls = {label: run_times(fn, args.repeat, time.perf_counter) for label, fn in runs.items()}
    cpus = {label: run_times(fn, args.repeat, time.process_time) for label, fn in runs.items()}
    result = reconcile(batch, remits)
    print({state.value: count for state, count in result.state_counts().items()})
    print(
        f"balanced: {result.balanced}, ledger entries: {len(result.provider_ledger):,}, "
        f"issues: {len(result.issues):,}"
    )
    del result
    n = len(batch)
    base = statistics.median(cpus["floor (dict join of CLP04)"])
    print(f"runs: {args.repeat} of each; reconcile runs include walking and freeing the result")
    for label in runs:
        cpu, wall = cpus[label], walls[label]
        median = statistics.median(cpu)
        print(
            f"{label + ':':29s} CPU {_fmt(cpu)}, wall {_fmt(wall)} "
            f"({median / base:5.1f}x floor CPU; {n / median:,.0f} claims/CPU-s)"
        )
    print(
        f"machine: a 10M-iteration Python loop takes {before:.2f} s CPU before the runs, "
        f"{_loop_seconds():.2f} s after (about 0.4 s on an idle current laptop)"
    )


if __name__ == "__main__":
    main()
