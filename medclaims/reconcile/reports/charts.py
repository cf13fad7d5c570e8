"""Charts for the HTML report, drawn by matplotlib into inline SVG.

Strategy: each chart function takes plain labels and numbers and returns an
``<svg>`` element as text, or ``None`` when matplotlib (the optional
``report`` extra) is not installed; the page then shows its tables and a note.
Figures are built with :class:`matplotlib.figure.Figure` and the SVG backend
directly, never through pyplot, so no global figure state or GUI backend is
touched. Text is kept as SVG text (escaped by matplotlib), math parsing is off
so a ``$`` in a payer name stays a dollar sign, every element id of a chart is
prefixed with the chart's name so several inline SVGs on one page never
collide, and the date metadata is dropped so the same data gives the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

__all__ = [
    "aging_chart",
    "denials_chart",
    "paid_vs_billed_chart",
]


def _matplotlib() -> Any:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        return None
    return matplotlib, Figure


_BLUE = "#2f6fae"
_GREEN = "#3c9a5f"
_ORANGE = "#d9822b"
_GREY = "#8a94a6"


def _svg(figure: Any, name: str) -> str:
    """The figure as an ``<svg>`` element whose ids all start with ``name``."""
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": name, "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    text = buffer.getvalue()
    start = text.find("<svg")
    svg = text[start:]
    # Let the page's CSS size the chart: keep the viewBox, drop the fixed size.
    svg = re.sub(r'\swidth="[^"]*pt"', "", svg, count=1)
    svg = re.sub(r'\sheight="[^"]*pt"', "", svg, count=1)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, count=1, flags=re.S)
    # Several SVGs share one HTML document: prefix every id and every reference.
    svg = re.sub(r'(\sid=")([^"]+)"', lambda m: f'{m[1]}{name}-{m[2]}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{name}-{m[1]})", svg)
    svg = re.sub(r'(href=")#([^"]+)"', lambda m: f'{m[1]}#{name}-{m[2]}"', svg)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{name} chart" ', 1)


def _new_figure(height: float) -> Any:
    lib = _matplotlib()
    if lib is None:
        return None
    figure_class = lib[1]
    return figure_class(figsize=(5.6, height), dpi=100)


def _money_axis(axis: Any) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{x:,.0f}"))


def _style(ax: Any) -> None:
    ax.spines["top"].set_visible(False)
    ax.spines["right"].set_visible(False)
    ax.tick_params(labelsize=10)


def _shorten(label: str, width: int = 28) -> str:
    """A data label fit for a chart: at most ``width`` characters, and drawable.

    Bytes of the input that were not UTF-8 arrive as lone surrogates, which no
    font can draw (matplotlib refuses them): each is shown as U+FFFD.
    """
    if not label.isascii():
        label = label.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return label if len(label) <= width else label[: width - 1] + "…"


def _plain(ax: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call an axes text method with math parsing off (labels are data, not TeX)."""
    return getattr(ax, method)(*args, parse_math=False, **kwargs)


def denials_chart(
    categories: Sequence[str], amounts: Sequence[Decimal], counts: Sequence[int]
) -> str | None:
    """Horizontal bars: denied amount per denial category, with the count at each bar."""
    figure = _new_figure(max(3.0, 0.6 + 0.4 * len(categories)))
    if figure is None:
        return None
    ax = figure.add_subplot()
    positions = list(range(len(categories)))
    values = [float(a) for a in amounts]
    ax.barh(positions, values, color=_ORANGE)
    ax.set_yticks(positions)
    ax.set_yticklabels([_shorten(c) for c in categories], parse_math=False)
    # At least three slots, so one category does not become one huge bar.
    ax.set_ylim(max(len(categories), 3) - 0.5, -0.5)
    if values and max(values) > 0:
        ax.set_xlim(0, max(values) * 1.15)
    for y, (value, count) in enumerate(zip(values, counts, strict=True)):
        _plain(ax, "text", value, y, f"  {count}", va="center", fontsize=8)
    _plain(ax, "set_xlabel", "Denied amount (count at each bar)")
    _money_axis(ax.xaxis)
    if not categories:
        _plain(ax, "text", 0.5, 0.5, "No denials", ha="center", transform=ax.transAxes)
        ax.set_yticks([])
    _style(ax)
    return _svg(figure, "denials")


def paid_vs_billed_chart(
    payers: Sequence[str], billed: Sequence[Decimal], paid: Sequence[Decimal]
) -> str | None:
    """Grouped bars per payer: billed amount next to paid amount."""
    figure = _new_figure(3.0)
    if figure is None:
        return None
    ax = figure.add_subplot()
    positions = list(range(len(payers)))
    width = 0.4
    ax.bar(
        [p - width / 2 for p in positions],
        [float(b) for b in billed],
        width,
        label="Billed",
        color=_GREY,
    )
    ax.bar(
        [p + width / 2 for p in positions],
        [float(v) for v in paid],
        width,
        label="Paid",
        color=_GREEN,
    )
    pad = max(0.0, (3 - len(payers)) / 2)
    ax.set_xlim(-0.6 - pad, len(payers) - 0.4 + pad)
    ax.set_xticks(positions)
    ax.set_xticklabels(
        [_shorten(p, 18) for p in payers],
        parse_math=False,
        rotation=20 if len(payers) > 4 else 0,
        ha="right" if len(payers) > 4 else "center",
    )
    _money_axis(ax.yaxis)
    if payers:
        ax.legend(frameon=False, fontsize=9)
    else:
        _plain(ax, "text", 0.5, 0.5, "No claims", ha="center", transform=ax.transAxes)
    _style(ax)
    return _svg(figure, "payers")


def aging_chart(
    buckets: Sequence[str], balances: Sequence[Decimal], counts: Sequence[int]
) -> str | None:
    """Vertical bars: unpaid balance per aging bucket, with the claim count on each bar."""
    figure = _new_figure(3.0)
    if figure is None:
        return None
    ax = figure.add_subplot()
    positions = list(range(len(buckets)))
    values = [float(b) for b in balances]
    ax.bar(positions, values, color=_BLUE)
    ax.set_xticks(positions)
    ax.set_xticklabels(list(buckets), parse_math=False)
    _plain(ax, "set_xlabel", "Days since service (claim count on each bar)")
    for x, (value, count) in enumerate(zip(values, counts, strict=True)):
        _plain(ax, "text", x, value, f"{count}", ha="center", va="bottom", fontsize=8)
    _money_axis(ax.yaxis)
    _style(ax)
    return _svg(figure, "aging")
