"""The self-contained HTML report: escaping, charts, structure, no external resources."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import attrs
import pytest
from test_reconcile_report import scenario

from medclaims.reconcile.model import Reconciliation
from medclaims.reconcile.reports.html import render_html

HOSTILE = "</td><script>alert(1)</script>$x$ & <b>"

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "wbr", "source", "area", "base"}


class _Balance(HTMLParser):
    """Checks that every non-void element is closed in order (SVG's self-closed ones too)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with {self.stack[-3:]}")
            return
        self.stack.pop()


def _hostile() -> Reconciliation:
    rec = scenario()
    cash = tuple(attrs.evolve(c, payer_name=HOSTILE) for c in rec.cash)
    return attrs.evolve(rec, cash=cash)


def _check_structure(page: str) -> _Balance:
    checker = _Balance()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == []
    return checker


def test_page_escapes_every_value() -> None:
    page = render_html(_hostile())
    assert "<script" not in page.lower()
    assert "alert(1)</script>" not in page
    assert "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;$x$ &amp; &lt;b&gt;" in page
    _check_structure(page)


def test_page_is_self_contained() -> None:
    page = render_html(scenario())
    assert page.startswith("<!DOCTYPE html>")
    assert "<style>" in page
    for pattern in (r"<link\b", r"\bsrc=", r"url\(\s*['\"]?https?:", r"@import", r"href=\"https?:"):
        assert not re.search(pattern, page, re.IGNORECASE), pattern


def test_page_holds_the_figures() -> None:
    page = render_html(scenario())
    assert "As of 2026-03-31" in page
    assert "920.00" in page  # total billed
    assert "24.0%" in page  # denial rate card
    assert "Action items" in page and "appeal denial" in page
    assert "CO-197" in page and "N54" in page
    assert "Nothing to work." not in page


def test_long_tables_are_cut_with_a_pointer_to_the_csv() -> None:
    page = render_html(scenario(), max_rows=2)
    assert "First 2 of 6 rows" in page


def test_charts_are_inline_svg_with_unique_ids() -> None:
    pytest.importorskip("matplotlib")
    page = render_html(_hostile())
    assert page.count("<svg") == 3
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    references = set(re.findall(r"url\(#([^)]+)\)", page))
    assert references <= set(ids)
    assert "charts need matplotlib" not in page.lower()
    # matplotlib drew the hostile name as escaped text, not math, not markup
    assert "$x$" in page
    _check_structure(page)


def test_same_reconciliation_same_page() -> None:
    assert render_html(scenario()) == render_html(scenario())


def test_page_without_matplotlib_still_renders(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    page = render_html(scenario())
    assert "<svg" not in page
    assert "Charts need matplotlib" in page
    assert "medclaims[report]" in page
    assert "Summary by payer" in page
    _check_structure(page)


def test_empty_reconciliation() -> None:
    import datetime as dt

    page = render_html(Reconciliation(claims=(), as_of=dt.date(2026, 1, 1)))
    assert "Nothing to work." in page
    assert "No denials." in page
    _check_structure(page)


def test_chart_text_is_data_not_math_nor_markup() -> None:
    pytest.importorskip("matplotlib")
    from decimal import Decimal

    from medclaims.reconcile.reports import charts as html_charts

    svg = html_charts.denials_chart(["$x$ <b>"], [Decimal("10")], [1])
    assert svg is not None
    assert svg.startswith("<svg ")
    assert "$x$ &lt;b&gt;" in svg
    assert "<b>" not in svg


def test_charts_without_data_still_draw() -> None:
    pytest.importorskip("matplotlib")
    from medclaims.reconcile.reports import charts as html_charts

    assert "No denials" in (html_charts.denials_chart([], [], []) or "")
    assert "No claims" in (html_charts.paid_vs_billed_chart([], [], []) or "")
