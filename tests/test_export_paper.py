"""render_835 / ``medclaims render-835``: the paper-remittance page's totals equal the 835's.

The oracle reads the 835 with the X12 layer alone (no remittance parser): for each
ST..SE it adds up CLP03, CLP04 and the PLB amounts and takes BPR02; the test reads
the numbers back out of the page's HTML.
"""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from _shared import SAMPLES, corpus_files, file_id

from medclaims import render_835
from medclaims.cli import main
from medclaims.remittance.parser import parse_835
from medclaims.x12 import read_segments

_FILES = [*sorted(SAMPLES.glob("*.835")), *corpus_files("835")]
_TOTALS = ("claims", "billed", "paid", "provider-adjustments", "payment")


class _Totals(HTMLParser):
    """The cells of every ``tr.payment-totals``, by class, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.cell: str | None = None
        self.in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cls = dict(attrs).get("class") or ""
        if tag == "tr" and "payment-totals" in cls.split():
            self.in_row = True
            self.rows.append({})
        elif tag == "td" and self.in_row:
            self.cell = cls
            self.rows[-1][cls] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.cell = None
        elif tag == "tr":
            self.in_row = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.rows[-1][self.cell] += data


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "").strip() or "0")


def _dec(els: list[str], pos: int) -> Decimal:
    """An amount element, 0 when absent or not a number (the page then shows none)."""
    try:
        return Decimal(els[pos]) if len(els) > pos and els[pos] else Decimal(0)
    except ArithmeticError:
        return Decimal(0)


def _oracle(data: bytes) -> list[dict[str, Decimal]]:
    out: list[dict[str, Decimal]] = []
    current: dict[str, Decimal] | None = None
    for seg in read_segments(data):
        els = seg.elements
        sid = els[0]
        if sid == "ST" and len(els) > 1 and els[1] == "835":
            current = {k: Decimal(0) for k in _TOTALS}
            out.append(current)
        elif current is None:
            continue
        elif sid == "BPR":
            current["payment"] = _dec(els, 2)
        elif sid == "CLP":
            current["claims"] += 1
            current["billed"] += _dec(els, 3)
            current["paid"] += _dec(els, 4)
        elif sid == "PLB":
            for pos in range(4, len(els), 2):
                current["provider-adjustments"] += _dec(els, pos)
        elif sid == "SE":
            current = None
    return out


@pytest.mark.parametrize("path", _FILES, ids=[file_id(p) for p in _FILES])
def test_page_totals_equal_the_835(path: Path) -> None:
    data = path.read_bytes()
    try:
        remittances = parse_835(data)
    except Exception:
        pytest.skip("parse_835 refuses this file whole")
    expected = _oracle(data)
    page = _Totals()
    page.feed(render_835(remittances))
    got = [{k: _amount(row[k]) for k in _TOTALS} for row in page.rows]
    assert len(got) == len(expected)
    assert got == expected


def test_the_page_shows_what_the_paper_remittance_shows() -> None:
    text = render_835(parse_835((SAMPLES / "remit-paper.835").read_bytes()))
    for needed in (
        "GAMMA HEALTH PLAN", "400 MAPLE STREET", "RIVERBEND FAMILY MEDICINE", "EFT (ACH)",
        "EFT0000901", "03/20/2026", "297.25", "RIVERA, ANA", "PCN9001", "ICN9001",
        "Processed as primary", "Processed as secondary", "Denied", "Reversal of an earlier",
        "Forwarded to: SECONDARY MUTUAL", "CO-45 40.00", "PR-2 25.00", "PR-3 25.00",
        "Provider adjustments", "WO", "-4.25", "equals the payment amount", "@media print",
    ):  # fmt: skip
        assert needed in text, needed
    assert "<script" not in text and "http" not in text.replace("http-equiv", "")


def test_the_glossary_has_only_the_codes_that_appear() -> None:
    text = render_835(parse_835((SAMPLES / "remit-paper.835").read_bytes()))
    glossary = text[text.index("<h3>Glossary</h3>") :]
    for code in ("RC 45", "RC 197", "RC 23", "PLB WO", "PLB L6", "N54", "Status 22", "POS 11"):
        assert f"<dt>{code}</dt>" in glossary, code
    for absent in ("RC 16", "PLB FB", "Status 25", "CR</dt>", "PI</dt>"):
        assert f"<dt>{absent}" not in glossary, absent


def test_filters_by_claim_account_and_payee() -> None:
    remittances = parse_835((SAMPLES / "remit-paper.835").read_bytes())
    one = render_835(remittances, account="PCN9002")
    assert "PCN9002" in one and "PCN9001" not in one and "Showing 1 of 6 claims" in one
    assert "ICN8801B" in render_835(remittances, claim="ICN8801B")
    assert "ICN9001" not in render_835(remittances, claim="ICN8801B")
    assert "No payment to show" in render_835(remittances, payee="9999999999")
    assert "PCN9001" in render_835(remittances, payee="1234567893")


def test_cli_writes_a_page_per_payment_and_never_prints_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [str(p) for p in sorted(SAMPLES.glob("remit-*.835"))]
    assert main(["render-835", *files, "-o", str(tmp_path / "pages")]) == 0
    err = capsys.readouterr().err
    pages = sorted((tmp_path / "pages").glob("*.html"))
    assert len(pages) == len(files)
    assert all(str(p) in err for p in pages)
    assert "RIVERA" not in err and "PCN9001" not in err
    assert main(["render-835", files[0], "-o", str(tmp_path / "one.html")]) == 0
    assert (tmp_path / "one.html").read_text().startswith("<!DOCTYPE html>")
    assert main(["render-835", "--account", "PCN9005", *files, "-o", str(tmp_path / "f")]) == 0
    assert len(list((tmp_path / "f").glob("*.html"))) == 1
