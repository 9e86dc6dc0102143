"""A cohort's text and HTML in the reader's language where the full mutation run of exam/cohort.py found them
unchecked: a group with nothing weak, a weak criterion nobody failed, a weak criterion without a mistake, and the
charts (criterion titles, the note on learners left out) in English."""

from __future__ import annotations

from test_mutants_cohort import make_row

from simulator.exam.cohort import CriterionResult, Summary, cohort_of, render_html, to_text
from simulator.exam.progress_chart import MAX_SERIES
from simulator.i18n import nt, t


def plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def one(criterion: CriterionResult, mark: float = 15.0, name: str = "Léa", date: str = "2026-11-02T09:00:00+00:00"):
    return make_row(f"/r/{name}.jsonl", name, Summary(mark, (("B4", 4, "Bloc quatre", mark),), {"n_prix": criterion},
                                                      None, {"n_prix": criterion.level}), date)


def test_a_group_with_nothing_weak_says_so_in_the_readers_language():
    group = cohort_of([one(CriterionResult("B4", "Négocier le prix", "acquis", 20.0), 20.0)])
    for lang in ("fr", "en"):
        assert plain(t("cli.cohort.no_weak", lang)) in plain(to_text(group, lang)).split("\n"), lang


def test_a_weak_criterion_nobody_failed_reads_0_not_acquired():
    group = cohort_of([one(CriterionResult("B4", "Négocier le prix", "en_cours", 12.0), 12.0)])
    lines = plain(to_text(group, "en")).split("\n")
    assert any(line.endswith("not acquired 0/1") for line in lines), lines


def test_a_weak_criterion_without_a_mistake_says_its_missed_opportunities_in_english():
    group = cohort_of([one(CriterionResult("B4", "Négocier le prix", "en_cours", 12.0, (), 2), 12.0)])
    html = render_html(group, None, "en")
    assert nt("cli.cohort.html.no_mistake", 2, "en") in html and "occasions" not in html


def test_the_charts_of_an_english_report_are_in_english():
    rows = [one(CriterionResult("B4", "Négocier le prix", "en_cours", 10.0 + i % 5), 10.0 + i % 5, f"apprenant{i:02d}",
                f"2026-11-{1 + i % 3:02d}T09:00:00+00:00") for i in range(MAX_SERIES + 2)]
    group = cohort_of(rows)
    html = render_html(group, None, "en")
    english_title = next(c.title_in("en") for c in group.criteria if c.id == "n_prix")
    assert english_title != "Négocier le prix" and f"<title>{english_title} — " in html  # the criteria chart's points
    assert nt("cli.cohort.html.chart_more", 2, "en") in html  # the learners' chart keeps MAX_SERIES of them
