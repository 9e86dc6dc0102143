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


def test_a_criteria_chart_with_more_criteria_than_it_draws_says_so_in_english():
    def row(i: int):
        crits = {f"c{k:02d}": CriterionResult("B4", f"Critère {k:02d}", "en_cours", 10.0 + k % 7)
                 for k in range(MAX_SERIES + 3)}
        return make_row(f"/r/{i}.jsonl", f"Léa{i}", Summary(12.0, (("B4", 4, "Bloc quatre", 12.0),), crits, None,
                                                           {k: "en_cours" for k in crits}),
                        f"2026-11-0{1 + i}T09:00:00+00:00")

    html = render_html(cohort_of([row(0), row(1)]), None, "en")
    assert html.count(nt("cli.cohort.html.chart_more", 3, "en")) == 1  # the criteria's chart: 13 drawn as 10
    assert t("cli.cohort.html.chart_criteria_title", "en") in html
    assert t("cli.cohort.html.chart_learners_title", "en") in html


def test_between_equal_means_more_not_acquired_comes_first_and_none_counts_as_none():
    from simulator.exam.cohort import LEVEL_ORDER, Cohort, CriterionStats

    def stats(cid: str, counts: dict[str, int]) -> CriterionStats:
        return CriterionStats(cid, "B1", f"Critère {cid}", counts, 1, 9.0, (), 0)

    zeroes = dict.fromkeys(LEVEL_ORDER, 0)
    group = Cohort(criteria=[stats("c", zeroes | {"non_acquis": 1}), stats("e", zeroes | {"non_acquis": 3}),
                             stats("f", {"en_cours": 1}), stats("b", zeroes | {"en_cours": 1})])
    # e failed by three, c by one; b and f by none (f's counts never saw the level): then by id
    assert [s.id for s in group.weakest(4)] == ["e", "c", "b", "f"]

