"""reconcile() leaves the caller's garbage collector alone, and what it makes that lives
through the run is left out of the cyclic collector (with the optional C helper)."""

from __future__ import annotations

import datetime as dt
import gc
import threading

import pytest
from strategies_payer import billed, clp, remit, svc

from medclaims._support.records import untrack_record
from medclaims.reconcile import reconcile
from medclaims.reconcile._engine import run
from medclaims.reconcile._engine.inputs import attach, billed_claims, remit_view

DAY = dt.date(2026, 2, 1)


def _inputs(n: int = 20) -> tuple[list[object], list[object]]:
    claims = [billed(f"C{i:04d}") for i in range(n)]
    payments = [clp(f"C{i:04d}", "100", "80", svc()) for i in range(n)]
    return claims, [remit("T1", DAY, *payments)]


def test_the_collector_stays_enabled_during_the_call() -> None:
    seen: list[bool] = []
    original = run.reconcile_single

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    run.reconcile_single = spy  # type: ignore[assignment]
    try:
        assert gc.isenabled()
        result = reconcile(*_inputs())
    finally:
        run.reconcile_single = original
    assert gc.isenabled()
    assert len(result.claims) == 20 and seen == [True] * 20


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        reconcile(*_inputs())
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_another_thread_never_sees_the_collector_switched_off() -> None:
    stop = threading.Event()
    off: list[bool] = []

    def watch() -> None:
        while not stop.is_set():
            off.append(not gc.isenabled())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(20):
            reconcile(*_inputs(50))
    finally:
        stop.set()
        watcher.join()
    assert off and not any(off)


@pytest.mark.skipif(untrack_record is None, reason="pure-Python build: no collector helper")
def test_run_long_views_are_left_out_of_the_collector() -> None:
    claims, remits = _inputs(3)
    view = remit_view(0, remits[0])  # type: ignore[arg-type]
    for claim in billed_claims(claims):  # type: ignore[arg-type]
        assert not gc.is_tracked(claim) and not gc.is_tracked(claim.lines)
        assert all(not gc.is_tracked(line) for line in claim.lines)
    payment = view.remittance.claims[0]
    assert not gc.is_tracked(attach(view, 0, payment, None))


@pytest.mark.skipif(untrack_record is None, reason="pure-Python build: no collector helper")
def test_the_result_records_are_left_out_of_the_collector() -> None:
    result = reconcile(*_inputs(5))
    for claim in result.claims:
        assert not gc.is_tracked(claim)
        assert not gc.is_tracked(claim.amounts)
        assert all(not gc.is_tracked(line) for line in claim.lines)
        assert all(not gc.is_tracked(p) for p in claim.payments)
