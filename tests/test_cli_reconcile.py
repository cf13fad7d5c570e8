"""``medclaims reconcile`` on the sample scenario (samples/reconcile, described in its README)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from _shared import SAMPLES

from medclaims.cli import main
from medclaims.cli._demo import DemoContext
from medclaims.cli.cmd_reconcile import Progress, demo, remittance_files
from medclaims.professional import load_encounters
from medclaims.reconcile import Reconciliation, load_fee_schedule, reconcile
from medclaims.reconcile.reports import from_json
from medclaims.remittance import parse_835

SCENARIO = SAMPLES / "reconcile"
ENCOUNTERS = SCENARIO / "encounters.json"
FEES = SCENARIO / "fees.csv"
REPORT_FILES = {
    "summary.csv",
    "claims.csv",
    "lines.csv",
    "actions.csv",
    "aging.csv",
    "aging_by_payer.csv",
    "denials.csv",
    "carc.csv",
    "cash.csv",
    "provider_ledger.csv",
    "duplicates.csv",
    "reconciliation.json",
    "report.json",
    "report.html",
}


def _run(out: Path, *extra: str, claims: Path = ENCOUNTERS) -> int:
    return main(
        [
            "reconcile",
            "--claims",
            str(claims),
            "--remits",
            str(SCENARIO),
            "--fee-schedule",
            str(FEES),
            "--out",
            str(out),
            "--accept-read-errors",  # the scenario holds a truncated remittance
            *extra,
        ]
    )


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    assert _run(out, "--json") == 0
    return out


def test_writes_every_report(reports: Path) -> None:
    assert {p.name for p in reports.iterdir()} == REPORT_FILES


def test_claim_states_follow_the_scenario(reports: Path) -> None:
    states = {r["patient_control_number"]: r["state"] for r in _rows(reports / "claims.csv")}
    # Outcomes as the scenario's README describes them.
    assert states["PIF-001"] == "paid"
    assert states["DENY-003"] == "denied"
    assert states["REV-004"] == "adjusted"
    assert states["RECOUP-005"] == "reversed"
    assert states["PEND-006"] == "pending"
    assert states["UNKNOWN-999"] == "unmatched_payment"
    assert states["DEDUCT-014"] == "patient_responsibility"
    assert states["AGREED-015"] == "paid"
    assert states["CHAIN-016"] == "awaiting_next_payer"
    assert states["CUT-017"] == "needs_review"
    assert states["PDENY-018"] == "partially_denied"
    assert len(states) == 18  # 17 billed claims and the unmatched payment


def test_actions_name_the_denial_and_the_unmatched_payment(reports: Path) -> None:
    actions = _rows(reports / "actions.csv")
    denial = next(a for a in actions if a["kind"] == "appeal_denial")
    assert denial["patient_control_number"] == "DENY-003"
    assert denial["carc_codes"] == "CO-50"
    assert denial["rarc_codes"] == "N115"
    assert denial["category"] == "medical_necessity"
    assert Decimal(denial["amount"]) == Decimal("300.00")
    unmatched = [a for a in actions if a["kind"] == "unmatched_payment"]
    assert [a["patient_control_number"] for a in unmatched] == ["UNKNOWN-999"]
    # RECOUP-005: paid 100, then all of it recouped by PLB WO, nothing replaced it.
    reversals = [a for a in actions if a["kind"] == "follow_up_reversal"]
    assert [(a["patient_control_number"], Decimal(a["amount"])) for a in reversals] == [
        ("RECOUP-005", Decimal("100.00"))
    ]


def test_csv_files_agree_with_each_other(reports: Path) -> None:
    claims = [r for r in _rows(reports / "claims.csv") if r["state"] != "unmatched_payment"]
    summary = _rows(reports / "summary.csv")
    aging = _rows(reports / "aging.csv")
    billed = sum(Decimal(r["billed"]) for r in claims)
    assert sum(Decimal(r["billed"]) for r in summary) == billed
    open_total = sum(Decimal(r["open_balance"]) for r in claims)
    assert sum(Decimal(r["open_balance"]) for r in aging) == open_total
    assert sum(Decimal(r["open_balance"]) for r in summary) == open_total
    assert [r["bucket"] for r in aging] == ["0-30", "31-60", "61-90", "91-120", "120+"]
    lines = _rows(reports / "lines.csv")
    assert {r["patient_control_number"] for r in lines} <= {
        r["patient_control_number"] for r in claims
    }


def test_duplicate_and_cash_reports(reports: Path) -> None:
    duplicates = _rows(reports / "duplicates.csv")
    assert len(duplicates) == 1  # remit-5-resent.835 repeats remit-1.835
    cash = _rows(reports / "cash.csv")
    assert len(cash) == 7
    assert all(r["balanced"] == "true" for r in cash)


def test_json_is_the_engine_result(reports: Path) -> None:
    text = (reports / "reconciliation.json").read_text(encoding="utf-8")
    from_file = from_json(text, Reconciliation)
    with ENCOUNTERS.open("rb") as fh:
        encounters = load_encounters(fh)
    files = sorted(SCENARIO.glob("*.835"))
    remittances = [parse_835(p.read_bytes()) for p in files]
    with FEES.open(encoding="utf-8") as fh:
        fees = load_fee_schedule(fh)
    names = [str(p) for p in files]
    assert from_file == reconcile(
        encounters, remittances, fee_schedule=fees, remittance_names=names
    )
    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    assert report["total"]["claims"] == 17


def test_html_report(reports: Path) -> None:
    page = (reports / "report.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page.lower()
    assert "DENY-003" in page


def test_no_patient_data_in_any_output(
    reports: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(ENCOUNTERS.read_text(encoding="utf-8"))
    secrets = set()
    for encounter in data:
        for person in (encounter.get("subscriber"), encounter.get("patient")):
            if person:
                secrets.update({person["last_name"], person["first_name"], person["birth_date"]})
                secrets.add(person.get("member_id") or "")
                if person.get("address"):
                    secrets.add(person["address"]["line1"])
    secrets.discard("")
    assert secrets
    assert _run(tmp_path) == 0
    printed = capsys.readouterr()
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        leaked = [s for s in secrets if s in text]
        assert leaked == [], path.name
    assert not [s for s in secrets if s in printed.out + printed.err]


def test_prints_the_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(tmp_path, "--as-of", "2026-03-31") == 0
    out = capsys.readouterr().out
    assert "Reconciliation as of 2026-03-31" in out
    assert "ACME HEALTH PLAN" in out and "All payers" in out
    assert "duplicate remittances dropped: 1" in out
    assert f"Wrote {len(REPORT_FILES) - 1} files" in out  # no reconciliation.json without --json
    assert not (tmp_path / "reconciliation.json").exists()


def test_837_input_gives_the_same_states(tmp_path: Path, reports: Path) -> None:
    assert _run(tmp_path, claims=SCENARIO / "claims.837") == 0
    from_837 = [
        (r["patient_control_number"], r["state"], r["billed"], r["paid"])
        for r in _rows(tmp_path / "claims.csv")
    ]
    from_json_input = [
        (r["patient_control_number"], r["state"], r["billed"], r["paid"])
        for r in _rows(reports / "claims.csv")
    ]
    assert [(c, s) for c, s, _b, _p in from_837] == [(c, s) for c, s, _b, _p in from_json_input]
    assert [Decimal(b) for _c, _s, b, _p in from_837] == [
        Decimal(b) for _c, _s, b, _p in from_json_input
    ]


def test_as_of_far_later_ages_everything_past_120(tmp_path: Path) -> None:
    assert _run(tmp_path, "--as-of", "2027-01-01") == 0
    aging = {r["bucket"]: r for r in _rows(tmp_path / "aging.csv")}
    claims = [r for r in _rows(tmp_path / "claims.csv") if r["state"] != "unmatched_payment"]
    assert Decimal(aging["120+"]["open_balance"]) == sum(Decimal(r["open_balance"]) for r in claims)
    assert all(aging[b]["claims"] == "0" for b in ("0-30", "31-60", "61-90", "91-120"))


def test_bad_as_of_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _run(tmp_path, "--as-of", "31/03/2026")
    assert info.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_folder_without_835_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(
        [
            "reconcile",
            "--claims",
            str(ENCOUNTERS),
            "--remits",
            str(empty),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 1
    assert "no 835 files" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_broken_remittance_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.835"
    broken.write_text("this is not X12 at all", encoding="utf-8")
    code = main(
        [
            "reconcile",
            "--claims",
            str(ENCOUNTERS),
            "--remits",
            str(broken),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "broken.835" in err
    assert "Traceback" not in err


def test_a_broken_fee_schedule_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fees = tmp_path / "fees.csv"
    fees.write_text("code,price\n99213,NaN\n", encoding="utf-8")
    code = main(
        [
            "reconcile",
            "--claims",
            str(ENCOUNTERS),
            "--remits",
            str(SCENARIO),
            "--fee-schedule",
            str(fees),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 1
    assert "fees.csv" in capsys.readouterr().err


def test_missing_claims_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _run(tmp_path / "out", claims=tmp_path / "nope.json")
    assert code == 2
    assert "nope.json" in capsys.readouterr().err


def test_remittance_files_takes_835s_from_folders_and_named_files(tmp_path: Path) -> None:
    for name in ("b.835", "a.ERA", "notes.txt", "c.837"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    named = tmp_path / "named.txt"
    named.write_text("x", encoding="utf-8")
    files = remittance_files([tmp_path, named])
    assert [f.name for f in files] == ["a.ERA", "b.835", "named.txt"]


def test_progress_is_shown_on_request_when_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path, "--progress") == 0
    err = capsys.readouterr().err
    assert "reading remittances: 8/8 files" in err
    assert "\r" not in err


def test_progress_is_quiet_for_few_files_off_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(tmp_path) == 0
    err = capsys.readouterr().err
    # No progress: only the time of each step, on one line.
    assert err.startswith("time: reading claims ") and err.count("\n") == 1
    for step in ("reading remittances", "engine", "reports", "files"):
        assert f", {step} " in err


def test_many_files_show_progress_without_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remits = tmp_path / "remits"
    remits.mkdir()
    for n in range(25):
        shutil.copyfile(SCENARIO / "remit-1.835", remits / f"r{n:02d}.835")
    code = main(
        [
            "reconcile",
            "--claims",
            str(ENCOUNTERS),
            "--remits",
            str(remits),
            "--out",
            str(tmp_path / "out"),
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith("reading")]
    assert lines[-1] == "reading remittances: 25/25 files"
    assert 2 <= len(lines) <= 11
    assert "duplicate remittances dropped: 24" in captured.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_redraws_in_place_on_a_terminal() -> None:
    stream = _Terminal()
    bar = Progress(4, stream, enabled=True, label="reading")
    for _ in range(4):
        bar.advance()
    text = stream.getvalue()
    assert text.count("\r") == 4
    assert text.endswith("\rreading [" + "#" * 30 + "] 4/4\n")


def test_demo_step_reconciles_the_scenario() -> None:
    out = io.StringIO()
    ctx = DemoContext(samples=SAMPLES, out=out)
    demo(ctx)
    text = out.getvalue()
    assert "== Reconciliation of the sample scenario" in text
    assert "All payers" in text
    assert "DENY-003" in text
    assert isinstance(ctx.results["reconciliation"], Reconciliation)


def test_demo_step_without_the_scenario(tmp_path: Path) -> None:
    out = io.StringIO()
    demo(DemoContext(samples=tmp_path, out=out))
    assert "no scenario" in out.getvalue()


def test_date_argument_default_is_the_latest_payment(reports: Path) -> None:
    report = json.loads((reports / "report.json").read_text(encoding="utf-8"))
    cash = _rows(reports / "cash.csv")
    latest = max(dt.date.fromisoformat(r["payment_date"]) for r in cash)
    assert report["as_of"] == latest.isoformat()


def _truncated_scenario(tmp_path: Path, cut_after: bytes) -> Path:
    """The scenario's remittances with remit-1.835 cut inside a CLP."""
    folder = tmp_path / "remits"
    shutil.copytree(SCENARIO, folder, ignore=shutil.ignore_patterns("*.json", "*.csv", "*.py"))
    data = (folder / "remit-1.835").read_bytes()
    (folder / "remit-1.835").write_bytes(data[: data.index(cut_after) + len(cut_after)])
    (folder / "remit-5-resent.835").unlink()  # its full copy would hide the cut
    (folder / "remit-8-truncated.835").unlink()  # one cut at a time
    return folder


def _run_remits(out: Path, remits: Path, *extra: str) -> int:
    return main(
        [
            "reconcile",
            "--claims",
            str(ENCOUNTERS),
            "--remits",
            str(remits),
            "--out",
            str(out),
            "--no-progress",
            *extra,
        ]
    )


def test_a_truncated_remittance_fails_and_decides_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remits = _truncated_scenario(tmp_path, b"CLP*DENY-0")  # cut inside CLP01
    assert _run_remits(tmp_path / "out", remits) == 1
    out = capsys.readouterr().out
    last = out.strip().splitlines()[-1]
    assert "remit-1.835" in last and "--accept-read-errors" in last and "exit status 1" in last
    assert "missing-se" in out and "remit-1.835" in out
    states = {r["patient_control_number"]: r["state"] for r in _rows(tmp_path / "out/claims.csv")}
    # The broken CLP01 'DENY-0' is not fuzzy-matched to DENY-003, which stays pending.
    assert states["DENY-003"] == "pending"
    page = (tmp_path / "out/report.html").read_text(encoding="utf-8")
    assert "missing-se" in page and "remit-1.835" in page
    # Accepted: exit 0, the same warnings, said on the last line.
    assert _run_remits(tmp_path / "again", remits, "--accept-read-errors") == 0
    again = capsys.readouterr().out
    assert "missing-se" in again
    assert "accepted (--accept-read-errors)" in again.strip().splitlines()[-1]


def test_a_payment_cut_after_its_clp01_is_held_for_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    remits = _truncated_scenario(tmp_path, b"CLP*DENY-003*4*300")
    assert _run_remits(tmp_path / "out", remits) == 1
    capsys.readouterr()
    states = {r["patient_control_number"]: r["state"] for r in _rows(tmp_path / "out/claims.csv")}
    assert states["DENY-003"] == "needs_review"
    assert states["PIF-001"] == "paid"  # the complete claims before the cut still count
    actions = _rows(tmp_path / "out/actions.csv")
    assert not [
        a
        for a in actions
        if a["kind"] == "appeal_denial" and a["patient_control_number"] == "DENY-003"
    ]
