"""The cookbook in docs/reconcile.md runs as written against the sample scenario."""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from _shared import SAMPLES

DOC = Path(__file__).resolve().parents[1] / "docs" / "reconcile.md"


def _snippets() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.fixture(scope="module")
def namespace(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    pytest.importorskip("pandas")
    work = tmp_path_factory.mktemp("cookbook")
    (work / "samples").symlink_to(SAMPLES, target_is_directory=True)
    names: dict[str, Any] = {"__name__": "cookbook"}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(work)
        for number, code in enumerate(_snippets(), start=1):
            exec(compile(code, f"docs/reconcile.md snippet {number}", "exec"), names)
    return names, work


def test_the_doc_has_the_recipes_the_issue_asks_for() -> None:
    text = DOC.read_text(encoding="utf-8")
    for heading in (
        "authorization this month",
        "Export underpayments to CSV",
        "Feed a DataFrame",
        "### Claim states",
        "### Amounts",
    ):
        assert heading in text
    assert len(_snippets()) >= 8


def test_denial_recipes(namespace: tuple[dict[str, Any], Path]) -> None:
    names, _ = namespace
    # The scenario's only denial is DENY-003, medical necessity (CO-50), paid in February.
    assert names["denials"] == []
    assert [c.patient_control_number for c in names["denied_claims"]] == ["DENY-003"]


def test_underpayment_exports(namespace: tuple[dict[str, Any], Path]) -> None:
    _, work = namespace
    with (work / "underpayments.csv").open(encoding="utf-8", newline="") as fh:
        claims = list(csv.DictReader(fh))
    assert {r["kind"] for r in claims} == {"underpayment"}
    assert claims and all(Decimal(r["amount"]) > 0 for r in claims)
    with (work / "underpaid_lines.csv").open(encoding="utf-8", newline="") as fh:
        lines = list(csv.DictReader(fh))
    assert lines and all(Decimal(r["expected"]) > Decimal(r["allowed"]) for r in lines)
    line_total = sum(Decimal(r["underpayment"]) for r in lines)
    assert line_total == sum(Decimal(r["amount"]) for r in claims)


def test_dataframe_recipe_keeps_money_exact(namespace: tuple[dict[str, Any], Path]) -> None:
    names, _ = namespace
    by_payer = names["by_payer"]
    rec = names["rec"]
    total = sum((c.amounts.billed for c in rec.claims), Decimal(0))
    total += sum((c.amounts.billed for c in rec.unmatched_payments), Decimal(0))
    assert by_payer["billed"].sum() == total
    assert isinstance(by_payer["billed"].iloc[0], Decimal)


def test_json_and_html_recipes(namespace: tuple[dict[str, Any], Path]) -> None:
    names, work = namespace
    assert names["again"] == names["rec"]
    page = (work / "report.html").read_text(encoding="utf-8")
    assert "March remittances" in page
    assert (work / "report.json").stat().st_size > 0
