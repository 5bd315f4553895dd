"""Small inline SVG charts for the overview page: horizontal bars and a histogram. No library, no CDN.

Every label goes through :func:`html.escape`; every chart has a ``<title>`` for screen readers and
tooltips per bar.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

__all__ = ["hbars", "histogram"]

_FONT = 'font-family="inherit" font-size="12"'


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def hbars(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    title: str,
    colors: Sequence[str] = ("#0f62fe",),
    series: Sequence[str] = (),
    width: int = 560,
    label_width: int = 170,
    note: Sequence[str] = (),
) -> str:
    """Horizontal (stacked) bars: one row per ``(label, values)``; ``note`` adds text after each bar."""
    if not rows:
        return f'<p class="nodata">{_e(title)}: nothing to show</p>'
    bar_h, gap, top = 18, 7, 4
    height = top + len(rows) * (bar_h + gap) + (22 if series else 4)
    total_max = max(sum(v) for _, v in rows) or 1
    span = width - label_width - (200 if any(note) else 70)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>'
    ]
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = label if len(label) <= 18 else label[:17] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + bar_h - 5}" text-anchor="end" {_FONT}>'
            f"<title>{_e(label)}</title>{_e(short)}</text>"
        )
        x = float(label_width)
        for k, value in enumerate(values):
            w = span * value / total_max
            if w <= 0:
                continue
            name = series[k] if k < len(series) else ""
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" rx="2" '
                f'fill="{colors[k % len(colors)]}"><title>{_e(label)}{": " + _e(name) if name else ""}: '
                f"{_fmt(value)}</title></rect>"
            )
            x += w
        extra = f" {note[i]}" if i < len(note) and note[i] else ""
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + bar_h - 5}" {_FONT} fill="#525252">{_fmt(sum(values))}{_e(extra)}</text>'
        )
    if series:
        x, y = label_width, height - 6
        for k, name in enumerate(series):
            out.append(
                f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="{colors[k % len(colors)]}"/>'
                f'<text x="{x + 14}" y="{y}" {_FONT}>{_e(name)}</text>'
            )
            x += 24 + 8 * len(name)
    out.append("</svg>")
    return "".join(out)


def histogram(
    counts: Sequence[int],
    *,
    lo: float,
    hi: float,
    title: str,
    marker: float | None = None,
    marker_label: str = "",
    width: int = 560,
    height: int = 190,
    color: str = "#0f62fe",
) -> str:
    """Vertical bars of ``counts`` over equal bins from ``lo`` to ``hi``, an optional dashed marker line."""
    if not counts or not any(counts):
        return f'<p class="nodata">{_e(title)}: nothing to show</p>'
    left, right, top, bottom = 40, 10, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(counts)
    bw = plot_w / len(counts)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{_e(title)}" xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#8d8d8d"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" {_FONT}>{peak:,}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" {_FONT}>0</text>',
    ]
    step = (hi - lo) / len(counts)
    for i, n in enumerate(counts):
        if not n:
            continue
        h = plot_h * n / peak
        a, b = lo + i * step, lo + (i + 1) * step
        out.append(
            f'<rect x="{left + i * bw + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 2:.1f}" '
            f'height="{h:.1f}" fill="{color}"><title>{a:.2f}–{b:.2f}: {n:,}</title></rect>'
        )
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        x = left + plot_w * k / 4
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle" {_FONT}>{v:g}</text>')
    if marker is not None and lo <= marker <= hi:
        x = left + plot_w * (marker - lo) / (hi - lo)
        out.append(
            f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{top + plot_h}" stroke="#da1e28" '
            f'stroke-dasharray="4 3"/><text x="{x + 4:.1f}" y="{top + 10}" {_FONT} fill="#da1e28">'
            f"{_e(marker_label)}</text>"
        )
    out.append("</svg>")
    return "".join(out)
