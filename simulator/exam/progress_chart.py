"""Progress over time as inline SVG line charts for the cohort's HTML report (no script, prints as drawn).

``learner_series`` gives each learner's marks in date order, ``criterion_series`` each criterion's mean
mark per day across the group; ``line_chart`` draws up to ``MAX_SERIES`` of them on a 0-20 scale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import datetime
from html import escape
from typing import Any

from markupsafe import Markup

from ..i18n import nt

Series = dict[str, list[tuple[str, float]]]  # label -> [(ISO date, mark /20)] in date order
MAX_SERIES = 10
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 760, 240, 34, 190, 10, 24


def learner_series(rows: Iterable[Any]) -> Series:
    out: Series = defaultdict(list)
    for r in sorted(rows, key=lambda r: r.date or ""):
        if r.date and r.mark is not None:
            out[r.candidate].append((r.date, r.mark))
    return dict(out)


def criterion_series(rows: Iterable[Any], titles: Mapping[str, str]) -> Series:
    """Each criterion's mean mark per day, over the records where it was marked."""
    days: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        for cid, mark in r.marks.items():
            if r.date and mark is not None and r.levels.get(cid) != "non_evalue":
                days[cid][r.date[:10]].append(mark)
    return {titles.get(cid, cid): [(day, round(sum(v) / len(v), 2)) for day, v in sorted(per_day.items())]
            for cid, per_day in days.items()}


def _when(text: str) -> float:
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return 0.0


def line_chart(series: Series, title: str, lang: str = "fr") -> Markup:
    """An SVG chart of ``series`` (the longest first when there are too many), or an empty string without data;
    ``lang``: the language of the note saying how many series were left out."""
    kept = sorted(series.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
    points = [p for _, s in kept for p in s]
    if not points:
        return Markup("")
    xs = [_when(d) for d, _ in points]
    lo, hi = min(xs), max(xs)
    span = (hi - lo) or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(d: str) -> float:
        return LEFT + (plot_w * (_when(d) - lo) / span if hi > lo else plot_w / 2)

    def y(mark: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(20.0, mark)) / 20)

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>']
    for mark in (0, 5, 10, 15, 20):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(mark):.1f}" y2="{y(mark):.1f}" stroke="#ddd"/>'
                     f'<text x="{LEFT - 4}" y="{y(mark) + 3:.1f}" font-size="9" text-anchor="end">{mark}</text>')
    first, last = min(points, key=lambda p: _when(p[0]))[0], max(points, key=lambda p: _when(p[0]))[0]
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 6}" font-size="9">{escape(first[:10])}</text>'
                 f'<text x="{LEFT + plot_w}" y="{HEIGHT - 6}" font-size="9" text-anchor="end">{escape(last[:10])}</text>')
    for i, (label, pts) in enumerate(kept):
        colour = PALETTE[i % len(PALETTE)]
        coords = " ".join(f"{x(d):.1f},{y(m):.1f}" for d, m in pts)
        if len(pts) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.5" points="{coords}"/>')
        parts += [f'<circle cx="{x(d):.1f}" cy="{y(m):.1f}" r="2.2" fill="{colour}"><title>{escape(label)} — '
                  f'{escape(d[:10])} : {m:g}</title></circle>' for d, m in pts]
        ly = TOP + 12 * i + 8
        short = label if len(label) <= 30 else label[:29] + "…"
        parts.append(f'<rect x="{WIDTH - RIGHT + 8}" y="{ly - 6}" width="8" height="8" fill="{colour}"/>'
                     f'<text x="{WIDTH - RIGHT + 20}" y="{ly + 1}" font-size="9">{escape(short)}</text>')
    if len(series) > len(kept):
        more = nt("cli.cohort.html.chart_more", len(series) - len(kept), lang)
        parts.append(f'<text x="{WIDTH - RIGHT + 8}" y="{TOP + 12 * len(kept) + 10}" font-size="9" fill="#555">'
                     f'{escape(more)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text in it went through escape()
