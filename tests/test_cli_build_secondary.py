"""``medclaims build-secondary``: writes what it can build, lists the others by position."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from cob_835 import ClpSpec, PayerSpec, SvcSpec, remittance_text
from strategies_837p import example_encounter

from medclaims.cli import main
from medclaims.professional import Payer, unstructure_encounters
from medclaims.pyx12_validation import validate

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(autouse=True)
def _identities(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # build-secondary never defaults who sends and receives, nor the control number.
    monkeypatch.setenv("MEDCLAIMS_CONFIG", str(SAMPLES / "medclaims.toml"))
    monkeypatch.setenv("MEDCLAIMS_COUNTER_FILE", str(tmp_path / "control-number"))


def _files(tmp_path: Path) -> tuple[Path, Path]:
    import datetime as dt

    paid = example_encounter(payer=Payer(name="PLAN PAYA", payer_id="PAYA"))
    unpaid = attrs.evolve(paid, claim_id="NOTPAID")
    denied = attrs.evolve(paid, claim_id="DENIED9")
    l1, l2 = paid.service_lines
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
    clp = ClpSpec("1", paid.total_charge, Decimal("70.50"), Decimal(30), (), svcs, "ICN9")
    spec = PayerSpec("PAYA", dt.date(2024, 4, 1), (clp,), (clp,))
    no = ClpSpec(
        "4",
        paid.total_charge,
        Decimal(0),
        Decimal(0),
        (("CO", "50", paid.total_charge),),
        (),
        "ICN8",
    )
    enc = tmp_path / "encounters.json"
    enc.write_text(json.dumps(unstructure_encounters([paid, unpaid, denied])))
    remit = tmp_path / "primary.835"
    text = remittance_text(spec, paid)
    text2 = remittance_text(attrs.evolve(spec, claims=(no,)), denied)
    remit.write_text(text)
    (tmp_path / "denial.835").write_text(text2)
    return enc, remit


def test_build_secondary_writes_built_claims_and_lists_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    enc, remit = _files(tmp_path)
    out = tmp_path / "secondary.837"
    code = main(
        [
            "build-secondary",
            str(enc),
            str(remit),
            str(tmp_path / "denial.835"),
            "-o",
            str(out),
            "--payer-id",
            "NEXT01",
            "--payer-name",
            "NEXT PLAN",
            "--created-at",
            "2024-04-02T10:00",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "encounters[1]: not built (no_payment)" in err
    assert "encounters[2]: not built (denied)" in err
    assert "NOTPAID" not in err and "DENIED9" not in err and "Traceback" not in err
    x12 = out.read_text()
    assert x12.count("CLM*") == 1 and "SBR*S*" in x12 and "AMT*D*70.5~" in x12
    assert [i for i in validate(x12) if i.severity == "error"] == []


@pytest.mark.parametrize(("flag", "code"), [("--corrected", "7"), ("--void", "8")])
def test_corrected_and_void(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str, code: str
) -> None:
    enc, remit = _files(tmp_path)
    out = tmp_path / "fix.837"
    assert main(["build-secondary", str(enc), str(remit), flag, "-o", str(out)]) == 1
    x12 = out.read_text()
    assert f":B:{code}*" in x12 and "REF*F8*ICN9~" in x12


def test_no_next_payer_is_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    enc, remit = _files(tmp_path)
    assert main(["build-secondary", str(enc), str(remit)]) == 1
    assert "encounters[0]: not built (no_next_payer)" in capsys.readouterr().err
