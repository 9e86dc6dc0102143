"""The cohort's progress charts under mutation (simulator/exam/progress_chart.py, tools/mutate.py).

A trainer reads a group's progress off these charts: each learner's marks in date order, each criterion's mean
per day, every point where its date and mark put it on a 0-20 scale (time left to right, 20 at the top), the
ten longest series drawn with their legend, and a note (in the report's language) saying how many were left out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.exam.progress_chart import (
    BOTTOM,
    HEIGHT,
    LEFT,
    MAX_SERIES,
    PALETTE,
    RIGHT,
    TOP,
    WIDTH,
    criterion_series,
    learner_series,
    line_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

days = st.dates(min_value=datetime(2026, 1, 1).date(), max_value=datetime(2026, 12, 31).date())
stamps = st.builds(lambda d, h: f"{d.isoformat()}T{h:02d}:00:00+00:00", days, st.integers(0, 23))
marks = st.floats(0, 20, allow_nan=False).map(lambda m: round(m, 2))


def parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def circles(root: ET.Element) -> list[tuple[float, float, str]]:
    return [(float(c.get("cx")), float(c.get("cy")), c.get("fill")) for c in root.iter(SVG + "circle")]


@given(st.lists(st.tuples(st.sampled_from(["Léa", "Hugo", "Inès"]), st.none() | stamps, st.none() | marks),
                max_size=20))
def test_each_learner_s_marks_in_date_order(data):
    rows = [SimpleNamespace(candidate=c, date=d, mark=m) for c, d, m in data]
    series = learner_series(rows)
    for name in {c for c, _, _ in data}:
        expected = sorted([(d, m) for c, d, m in data if c == name and d and m is not None], key=lambda p: p[0])
        assert series.get(name, []) == expected  # a mark of 0 is a mark
    assert all(series.values())  # no learner without a point


def test_a_mark_of_zero_is_drawn_and_undated_or_unmarked_sessions_are_not():
    rows = [SimpleNamespace(candidate="Léa", date="2026-11-02T09:00:00+00:00", mark=0.0),
            SimpleNamespace(candidate="Léa", date="2026-11-01T09:00:00+00:00", mark=12.5),
            SimpleNamespace(candidate="Léa", date=None, mark=15.0),
            SimpleNamespace(candidate="Hugo", date="2026-11-01T09:00:00+00:00", mark=None)]
    assert learner_series(rows) == {"Léa": [("2026-11-01T09:00:00+00:00", 12.5), ("2026-11-02T09:00:00+00:00", 0.0)]}


@given(st.lists(st.tuples(stamps | st.none(), st.dictionaries(st.sampled_from(["x", "y", "z"]), st.none() | marks),
                          st.sets(st.sampled_from(["x", "y", "z"]))), max_size=15))
def test_each_criterion_s_mean_per_day_over_the_records_that_marked_it(data):
    rows = [SimpleNamespace(date=d, marks=ms, levels={c: "non_evalue" for c in unevaluated}) for d, ms, unevaluated in data]
    series = criterion_series(rows, {"x": "Critère X", "y": "Critère Y"})
    for cid, title in (("x", "Critère X"), ("y", "Critère Y"), ("z", "z")):  # z has no title: its id
        per_day: dict[str, list[float]] = {}
        for d, ms, unevaluated in data:
            if d and ms.get(cid) is not None and cid not in unevaluated:
                per_day.setdefault(d[:10], []).append(ms[cid])
        expected = [(day, round(sum(v) / len(v), 2)) for day, v in sorted(per_day.items())]
        assert series.get(title, []) == expected
    assert set(series) <= {"Critère X", "Critère Y", "z"}


@given(st.dictionaries(st.text(st.characters(codec="utf-8", blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40),
                       st.lists(st.tuples(stamps, marks), min_size=1, max_size=6).map(sorted), min_size=1, max_size=14))
def test_every_point_is_where_its_date_and_mark_put_it(series):
    root = parse(line_chart(series, "Notes"))
    kept = sorted(series.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_SERIES]
    times = [datetime.fromisoformat(d).timestamp() for _, pts in kept for d, _ in pts]
    lo, hi = min(times), max(times)
    expected = []
    for i, (_, pts) in enumerate(kept):
        for d, m in pts:
            t = datetime.fromisoformat(d).timestamp()
            x = LEFT + (PLOT_W * (t - lo) / (hi - lo) if hi > lo else PLOT_W / 2)
            expected.append((round(x, 1), round(TOP + PLOT_H * (1 - m / 20), 1), PALETTE[i]))
    got = circles(root)
    assert len(got) == len(expected)
    for (gx, gy, gc), (ex, ey, ec) in zip(got, expected, strict=True):
        assert gx == pytest.approx(ex, abs=0.051) and gy == pytest.approx(ey, abs=0.051) and gc == ec
        assert LEFT <= gx <= LEFT + PLOT_W and TOP <= gy <= TOP + PLOT_H
    lines = [p for p in root.iter(SVG + "polyline")]
    assert len(lines) == sum(len(pts) > 1 for _, pts in kept)  # a single point is a dot, not a line
    legend = [t.text for t in root.iter(SVG + "text")][7:7 + len(kept)]  # after the 5 scale marks and 2 dates
    assert legend == [label if len(label) <= 30 else label[:29] + "…" for label, _ in kept]
    more = [t.text for t in root.iter(SVG + "text")][7 + len(kept):]
    left_out = len(series) - len(kept)
    assert more == ([f"(+ {left_out} autre{'s' if left_out > 1 else ''}\u00a0: voir le CSV)"] if left_out else [])


def test_the_scale_the_dates_and_the_legend_as_drawn():
    series = {"Léa": [("2026-11-01T09:00:00+00:00", 20.0), ("2026-11-03T09:00:00+00:00", 0.0)],
              "Hugo": [("2026-11-02T09:00:00+00:00", 10.0)],
              "Une apprenante au nom très long, vraiment": [("2026-11-02T10:00:00+00:00", 25.0)]}
    root = parse(line_chart(series, "Notes <par> apprenant"))
    assert root.get("aria-label") == "Notes <par> apprenant" and root.find(SVG + "title").text == "Notes <par> apprenant"
    assert root.get("viewBox") == f"0 0 {WIDTH} {HEIGHT}"
    texts = [t for t in root.iter(SVG + "text")]
    assert [t.text for t in texts[:5]] == ["0", "5", "10", "15", "20"]
    grid = [(float(g.get("y1")), float(g.get("y2"))) for g in root.iter(SVG + "line")]
    assert grid == [(TOP + PLOT_H * (1 - m / 20),) * 2 for m in (0, 5, 10, 15, 20)]
    assert [float(t.get("y")) for t in texts[:5]] == [TOP + PLOT_H * (1 - m / 20) + 3 for m in (0, 5, 10, 15, 20)]
    assert [(t.text, float(t.get("x")), float(t.get("y"))) for t in texts[5:7]] == [
        ("2026-11-01", LEFT, HEIGHT - 6), ("2026-11-03", LEFT + PLOT_W, HEIGHT - 6)]  # under the plot, in the picture
    assert {(float(g.get("x1")), float(g.get("x2"))) for g in root.iter(SVG + "line")} == {(LEFT, LEFT + PLOT_W)}
    # Léa has the most points: first colour, first in the legend; a mark above 20 stays on the chart
    assert [t.text for t in texts[7:]] == ["Léa", "Hugo", "Une apprenante au nom très lo…"]
    assert circles(root) == [(LEFT, TOP, PALETTE[0]), (LEFT + PLOT_W, TOP + PLOT_H, PALETTE[0]),
                             (LEFT + PLOT_W / 2, TOP + PLOT_H / 2, PALETTE[1]),
                             (pytest.approx(LEFT + PLOT_W * 25 / 48, abs=0.05), TOP, PALETTE[2])]
    tips = [c.find(SVG + "title").text for c in root.iter(SVG + "circle")]  # who, when, what mark
    assert [(tip.split(" — ")[0], tip.split(" — ")[1].split(" ")[0], tip.rsplit(" ", 1)[1]) for tip in tips] == [
        ("Léa", "2026-11-01", "20"), ("Léa", "2026-11-03", "0"), ("Hugo", "2026-11-02", "10"),
        ("Une apprenante au nom très long, vraiment", "2026-11-02", "25")]
    keys = [(float(r.get("x")), float(r.get("y")), r.get("fill")) for r in root.iter(SVG + "rect")]
    assert keys == [(WIDTH - RIGHT + 8, TOP + 12 * i + 2, PALETTE[i]) for i in range(3)]
    assert [(float(t.get("x")), float(t.get("y"))) for t in texts[7:]] == [
        (WIDTH - RIGHT + 20, TOP + 12 * i + 9) for i in range(3)]
    line = next(root.iter(SVG + "polyline"))
    assert line.get("points") == f"{LEFT:.1f},{TOP:.1f} {LEFT + PLOT_W:.1f},{TOP + PLOT_H:.1f}"
    assert line.get("stroke") == PALETTE[0] and line.get("fill") == "none"
    assert [t.get("x") for t in texts[:5]] == [str(LEFT - 4)] * 5
    assert all(not (e.tail or "").strip() for e in root.iter())  # nothing but the drawing between its elements


def test_legends_are_cut_past_thirty_characters():
    labels = {"a" * 30: [("2026-11-01", 5.0)], "b" * 31: [("2026-11-01", 6.0)]}
    texts = [t.text for t in parse(line_chart(labels, "t")).iter(SVG + "text")]
    assert texts[7:] == ["a" * 30, "b" * 29 + "…"]


def test_one_day_only_is_drawn_in_the_middle_and_a_bad_date_at_the_start():
    root = parse(line_chart({"a": [("2026-11-01", 8.0)], "b": [("2026-11-01", 12.0)]}, "t"))
    assert [(x, y) for x, y, _ in circles(root)] == [(LEFT + PLOT_W / 2, TOP + PLOT_H * 0.6),
                                                     (LEFT + PLOT_W / 2, TOP + PLOT_H * 0.4)]
    # a date that cannot be read counts as the earliest (the epoch) rather than breaking the report
    root = parse(line_chart({"a": [("pas une date", 8.0), ("2026-11-01", 12.0)]}, "t"))
    assert [x for x, _, _ in circles(root)] == [LEFT, LEFT + PLOT_W]
    assert [t.text for t in root.iter(SVG + "text")][5:7] == ["pas une da", "2026-11-01"]
    root = parse(line_chart({"a": [("pas une date", 8.0), ("1970-01-01T00:00:00+00:00", -3.0)]}, "t"))
    assert circles(root) == [(LEFT + PLOT_W / 2, TOP + PLOT_H * 0.6, PALETTE[0]),  # the epoch itself: one date
                             (LEFT + PLOT_W / 2, TOP + PLOT_H, PALETTE[0])]  # a mark below 0 at the bottom


def test_no_point_no_chart():
    assert str(line_chart({}, "vide")) == "" and str(line_chart({"a": [], "b": []}, "vide")) == ""


def test_the_longest_series_are_kept_and_the_rest_counted_in_the_report_s_language():
    series = {f"s{i:02d}": [(f"2026-11-{d + 1:02d}", 10.0) for d in range(1 + i % 4)] for i in range(12)}
    for lang, note in (("fr", "(+ 2 autres\u00a0: voir le CSV)"), ("en", "(+ 2 more: see the CSV)")):
        root = parse(line_chart(series, "t", lang))
        texts = [t.text for t in root.iter(SVG + "text")]
        # four points: s03, s07, s11; three: s02, s06, s10; two: s01, s05, s09; one: s00 (s04, s08 left out)
        assert texts[7:] == ["s03", "s07", "s11", "s02", "s06", "s10", "s01", "s05", "s09", "s00", note]
        note = list(root.iter(SVG + "text"))[-1]
        assert (float(note.get("x")), float(note.get("y"))) == (WIDTH - RIGHT + 8, TOP + 12 * MAX_SERIES + 10)
        assert {float(r.get("x")) for r in root.iter(SVG + "rect")} == {WIDTH - RIGHT + 8}  # under the legend's keys
    eleven = {k: v for k, v in series.items() if k != "s04"}
    assert [t.text for t in parse(line_chart(eleven, "t")).iter(SVG + "text")][-1] == "(+ 1 autre\u00a0: voir le CSV)"
    assert [t.text for t in parse(line_chart(eleven, "t", "en")).iter(SVG + "text")][-1] == "(+ 1 more: see the CSV)"
    ten = {k: v for k, v in eleven.items() if k != "s08"}
    assert [t.text for t in parse(line_chart(ten, "t")).iter(SVG + "text")][-1] == "s00"  # all drawn: no note
    colours = [r.get("fill") for r in parse(line_chart(series, "t")).iter(SVG + "rect")]
    assert colours == list(PALETTE)
