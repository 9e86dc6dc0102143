"""A group's results (simulator/exam/cohort.py), checked directly on small cohorts built in the test: the
counts and means a trainer reads are those of the records given (properties over random summaries), the
CSV, the text summary and the HTML report carry the same figures in French and in English, and every
record that is not a valid exam or a finished practice session is set aside with its reason, never
counted (issue 21's mutation pass: these are what the 200-record tests of test_cohort.py left unchecked)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from exam_support import KEY, OTHER_KEY, PUBLIC, begin, exam_scenario
from hypothesis import given, settings
from hypothesis import strategies as st
from test_exam_writing import written_exam
from test_seal import rechain
from xapi_support import play

from simulator.engine.session import ChoiceInput
from simulator.exam import cohort as cohort_module
from simulator.exam.cohort import (
    LEVEL_ORDER,
    Cohort,
    CriterionResult,
    CriterionStats,
    Filters,
    Flagged,
    Mistake,
    Row,
    Summary,
    build_cohort,
    cohort_of,
    collect_paths,
    decimal_of,
    level_label,
    mode_label,
    number,
    render_html,
    seal_label,
    spreadsheet_date,
    to_csv,
    to_text,
    write_csv,
)
from simulator.exam.graded import Grader
from simulator.exam.seal import late_seal
from simulator.scoring import default_rubric
from simulator.store.journal import Journal

# ---------------------------------------------------------------- small cohorts built in the test
# (30 examples a property: each builds a cohort and its outputs; the suite must stay fast)

BLOCK_OF = {"a": "B1", "b": "B1", "c": "B2"}
BLOCKS = {"B1": (1, "Bloc un"), "B2": (2, "Bloc deux")}
RULES = ("r1", "r2", "r3")
_mark = st.one_of(st.none(), st.integers(0, 80).map(lambda q: q / 4))  # quarters: sums are exact


@st.composite
def summaries(draw, record: int = 0) -> Summary:
    """A record's summary: some of criteria a, b (block B1) and c (block B2), their levels, marks and mistakes;
    each mistake's label names the record it comes from (the first record's label is the one kept)."""
    ids = draw(st.lists(st.sampled_from(sorted(BLOCK_OF)), min_size=1, max_size=3, unique=True))
    criteria = {}
    for cid in ids:
        rules = draw(st.lists(st.sampled_from(RULES), max_size=3))
        criteria[cid] = CriterionResult(BLOCK_OF[cid], f"Critère {cid} (record {record})", draw(st.sampled_from(LEVEL_ORDER)),
                                        draw(_mark), tuple((r, f"{r} dans {record}") for r in rules),
                                        draw(st.integers(0, 3)))
    blocks = tuple((b, BLOCKS[b][0], BLOCKS[b][1] + f" {record}", draw(_mark))
                   for b in sorted({BLOCK_OF[c] for c in ids}, reverse=True))  # B2 first: the cohort sorts them
    return Summary(draw(_mark), blocks, criteria, draw(st.one_of(st.none(), st.tuples(st.just("Objectif atteint"), _mark))),
                   {cid: c.level for cid, c in criteria.items()})


def make_row(path: str, candidate: str, s: Summary, date: str | None = "2026-11-02T09:00:00+00:00", mode: str = "exam",
             signed: bool = True, outcome: str | None = "success", turns: int = 3, seconds: float | None = 61.5,
             written: tuple[str, ...] = ()) -> tuple[Row, Summary]:
    """A row as ``_row`` makes it from a summary (the same fields)."""
    return (Row(Path(path), candidate, "sc-" + candidate[:1].lower(), "Scénario", date, outcome, s.mark,
                {b: m for b, _, _, m in s.blocks}, s.levels, signed, turns, seconds, 7, mode,
                s.objective[0] if s.objective else None, {k: c.mark for k, c in s.criteria.items()}, written), s)


_names = st.sampled_from(["léa", "Léa", "Hugo", "hugo", "Zoé", "Émile"])
_dates = st.one_of(st.none(), st.sampled_from(["2026-11-01T09:00:00+00:00", "2026-11-02T08:00:00+00:00"]))


@st.composite
def groups(draw) -> list[tuple[Row, Summary]]:
    n = draw(st.integers(1, 6))
    return [make_row(f"/r/{draw(st.sampled_from('xyz'))}{i}.jsonl", draw(_names), draw(summaries(i)), draw(_dates),
                     draw(st.sampled_from(["exam", "practice"])), draw(st.booleans()),
                     draw(st.sampled_from([None, "success", "failure", "time_up"])))
            for i in range(n)]


@settings(max_examples=30, deadline=None)
@given(groups(), st.integers(0, 3))
def test_a_cohort_counts_each_record_once_in_the_documented_order(items, flagged):
    aside = [Flagged.worded(Path(f"/r/bad{i}"), "invalid", "cli.cohort.reason.unreadable") for i in range(flagged)]
    c = cohort_of(aside[:1] + items + aside[1:])
    assert c.counted == len(c.rows) == len(items) and c.files == len(items) + flagged and c.flagged == aside
    assert sorted(map(id, c.rows)) == sorted(id(r) for r, _ in items)
    keys = [(r.candidate.casefold(), r.date or "", str(r.path)) for r in c.rows]
    assert keys == sorted(keys)  # by name whatever its case, then date (none first), then file
    assert c.outcomes == Counter(r.outcome or "unfinished" for r, _ in items)
    marks = [r.mark for r, _ in items if r.mark is not None]
    assert c.mean_mark == (round(sum(marks) / len(marks), 2) if marks else None)
    if marks:
        assert min(marks) <= c.mean_mark <= max(marks)
    assert c.has_objective == any(s.objective for _, s in items)


@settings(max_examples=30, deadline=None)
@given(groups())
def test_each_criterion_counts_its_levels_marks_and_mistakes_over_the_records(items):
    c = cohort_of(items)
    summaries_ = [s for _, s in items]
    first_seen = list(dict.fromkeys(cid for s in summaries_ for cid in s.criteria))
    assert [k.id for k in c.criteria] == first_seen
    for stats in c.criteria:
        results = [s.criteria[stats.id] for s in summaries_ if stats.id in s.criteria]
        first = results[0]
        assert (stats.block, stats.title) == (first.block, first.title)
        assert stats.counts == {lv: sum(r.level == lv for r in results) for lv in LEVEL_ORDER}
        assert stats.evaluated == sum(r.level != "non_evalue" for r in results)
        marks = [r.mark for r in results if r.level != "non_evalue" and r.mark is not None]
        assert stats.mean_mark == (round(sum(marks) / len(marks), 2) if marks else None)
        if marks:
            assert min(marks) <= stats.mean_mark <= max(marks)
        made = Counter(rule for r in results for rule, _ in r.weaknesses)
        who = Counter(rule for r in results for rule in {rule for rule, _ in r.weaknesses})
        assert [(m.rule, m.count, m.candidates) for m in stats.mistakes] == \
            [(rule, n, who[rule]) for rule, n in sorted(made.items(), key=lambda kv: (-kv[1], kv[0]))]
        for m in stats.mistakes:  # its words as the first record that made it says them
            assert m.label == next(label for r in results for rule, label in r.weaknesses if rule == m.rule)
        assert stats.missed == sum(r.missed for r in results)
    seen = {b for s in summaries_ for b, *_ in s.blocks}
    assert c.blocks == [(b, BLOCKS[b][0], next(t for s in summaries_ for x, _, t, _ in s.blocks if x == b))
                        for b in sorted(seen)]


@settings(max_examples=30, deadline=None)
@given(groups())
def test_the_csv_has_one_line_per_counted_record_with_the_cohort_figures(items):
    c = cohort_of(items)
    for decimal, lang in ((",", "fr"), (".", "fr"), (".", "en"), (",", "en")):
        table = list(csv.reader(io.StringIO(to_csv(c, decimal, lang), newline=""), delimiter=";" if decimal == "," else ","))
        header, body = table[0], table[1:]
        assert len(body) == c.counted and all(len(line) == len(header) for line in body)
        mark = header.index(cohort_module.t("cli.cohort.col.mark", lang))
        assert [line[mark] for line in body] == [number(r.mark, decimal) for r in c.rows]
        assert [line[0] for line in body] == [r.candidate for r in c.rows]
        assert [line[-1] for line in body] == [str(r.path) for r in c.rows]
        assert len(header) == 5 + len(c.blocks) + c.has_objective + len(c.criteria) + 7


@settings(max_examples=30, deadline=None)
@given(groups())
def test_a_french_and_an_english_csv_differ_only_in_words(items):
    c = cohort_of(items)
    fr = list(csv.reader(io.StringIO(to_csv(c, ".", "fr"), newline=""), delimiter=","))
    en = list(csv.reader(io.StringIO(to_csv(c, ".", "en"), newline=""), delimiter=","))
    assert len(fr) == len(en)
    figures = [0, 1, 2, 4, *range(5, 5 + len(c.blocks))]  # candidate, scenario, date, mark, blocks
    tail = [-4, -3, -2, -1]  # turns, seconds, seed, file (the written work, mode and seal before them are words)
    for a, b in zip(fr[1:], en[1:], strict=True):
        assert [a[i] for i in figures + tail] == [b[i] for i in figures + tail]
        assert a[3] != b[3] or not a[3]  # the outcome is a word, said in each language
    comma = list(csv.reader(io.StringIO(to_csv(c, ",", "fr"), newline=""), delimiter=";"))
    assert [line[4].replace(",", ".") for line in comma[1:]] == [line[4] for line in fr[1:]]


# ---------------------------------------------------------------- words and numbers

def test_labels_in_each_language_and_a_value_the_catalogs_do_not_know_as_is():
    assert [level_label(lv) for lv in LEVEL_ORDER] == ["Acquis", "En cours d'acquisition", "Non acquis", "Non évalué"]
    assert [level_label(lv, "en") for lv in LEVEL_ORDER] == ["Acquired", "In progress", "Not acquired", "Not assessed"]
    assert level_label("inconnu") == "inconnu" and mode_label("autre", "en") == "autre"
    assert (mode_label("exam"), mode_label("practice"), mode_label("practice", "en")) == ("épreuve", "entraînement", "practice")
    s = Summary(10.0, (), {})
    exam, practice = make_row("/r/a", "Léa", s)[0], make_row("/r/b", "Léa", s, mode="practice")[0]
    unsigned = make_row("/r/c", "Léa", s, signed=False)[0]
    assert (seal_label(exam), seal_label(unsigned), seal_label(practice)) == ("signé", "non signé", "—")
    assert (seal_label(exam, "en"), seal_label(unsigned, "en"), seal_label(practice, "en")) == ("signed", "unsigned", "—")
    written = make_row("/r/d", "Léa", s, written=("preparation", "crm_note", "email"))[0]
    assert written.written_label == "fiche, CRM, courriel" == written.written_in("fr")
    assert written.written_in("en") == "preparation sheet, CRM, email" and exam.written_label == "—"


def test_numbers_as_a_french_or_english_spreadsheet_reads_them():
    assert (decimal_of("fr"), decimal_of("en"), decimal_of("de")) == (",", ".", ",")
    assert [number(v) for v in (12.0, 7.35, 7.5, 0.125, 3.999, None, 0, -2.5)] == \
        ["12", "7,35", "7,5", "0,12", "4", "", "0", "-2,5"]
    assert number(7.35, ".") == "7.35" and number(10.10, ".") == "10.1"


@given(st.floats(-1000, 1000, allow_nan=False))
def test_a_number_reads_back_as_its_value_to_the_hundredth(value):
    text = number(value, ".")
    assert abs(float(text) - value) <= 0.005 + 1e-9 and not text.endswith(("0.", ".")) and "," not in text
    assert ("." not in text or not text.endswith("0")) and number(value) == text.replace(".", ",")


def test_a_date_in_local_time_as_spreadsheets_read_it(paris_time):
    assert spreadsheet_date("2025-06-02T08:10:00.000+00:00") == "2025-06-02 10:10"  # summer: UTC+2
    assert spreadsheet_date("2025-12-31T23:30:00+00:00") == "2026-01-01 00:30"
    assert (spreadsheet_date(None), spreadsheet_date(""), spreadsheet_date("hier")) == ("", "", "hier")


# ---------------------------------------------------------------- filters

@pytest.mark.parametrize(("filters", "kept"), [
    (Filters(), ["a", "b", "c", "d"]),
    (Filters(learner="LÉA martin"), ["a", "b"]),  # a name whatever its case
    (Filters(learner="Léa"), []),
    (Filters(scenario="s1"), ["a", "c"]),
    (Filters(scenario="S1"), []),  # a scenario id is exact
    (Filters(mode="practice"), ["b"]),
    (Filters(since="2026-11-02"), ["b", "c"]),  # inclusive; a record without a date is out of any period
    (Filters(since="2026-11-02T23:59:00"), ["b", "c"]),  # the day only
    (Filters(until="2026-11-02"), ["a", "b"]),
    (Filters(until="2026-11-01T00:00"), ["a"]),
    (Filters(since="2026-11-02", until="2026-11-02"), ["b"]),
])
def test_filters_keep_a_learner_scenario_mode_and_period(filters, kept):
    records = {"a": ("Léa Martin", "s1", "2026-11-01T23:00:00+00:00", "exam"),
               "b": ("léa martin", "s2", "2026-11-02T08:00:00+00:00", "practice"),
               "c": ("Hugo", "s1", "2026-11-03", "exam"), "d": ("Hugo", "s2", None, "exam")}
    assert [k for k, r in records.items() if filters.keep(*r)] == kept


def test_rows_given_to_a_cohort_are_filtered_and_those_left_out_are_not_read():
    s = Summary(10.0, (), {})
    items = [make_row("/r/a", "Léa", s), make_row("/r/b", "Hugo", s), Flagged(Path("/r/c"), "invalid", "cassé")]
    c = cohort_of(items, Filters(learner="hugo"), source="LRS")
    assert [r.candidate for r in c.rows] == ["Hugo"] and c.files == 2 and c.source == "LRS"


# ---------------------------------------------------------------- what a trainer is told to work on

def stats(cid: str, mean: float | None, mistakes: int = 0, evaluated: int = 1, **counts: int) -> CriterionStats:
    return CriterionStats(cid, "B1", f"Critère {cid}", dict.fromkeys(LEVEL_ORDER, 0) | counts, evaluated, mean,
                          tuple(Mistake(f"r{i}", "erreur", 1, 1) for i in range(mistakes)), 0)


def test_something_to_improve_is_a_mean_below_20_a_mistake_or_a_level_short_of_acquired():
    assert not stats("a", 20, acquis=1).to_improve and not stats("a", None).to_improve
    assert stats("a", 19.99).to_improve and stats("a", 20, mistakes=1).to_improve
    assert stats("a", None, en_cours=1).to_improve and stats("a", None, non_acquis=1).to_improve
    assert not stats("a", None, non_evalue=2, acquis=1).to_improve


def test_the_weakest_are_the_lowest_means_then_the_most_not_acquired_then_by_id():
    c = Cohort(criteria=[stats("e", 9, non_acquis=1), stats("d", 9, non_acquis=3), stats("c", 9, non_acquis=3),
                         stats("b", 4), stats("z", 20, acquis=1), stats("y", None, non_acquis=1),
                         stats("x", 2, evaluated=0), stats("w", 15)])
    assert [s.id for s in c.weakest()] == ["b", "c", "d"]
    assert [s.id for s in c.weakest(5)] == ["b", "c", "d", "e", "w"] and [s.id for s in c.weakest(1)] == ["b"]


def test_english_words_when_a_record_has_them_french_otherwise():
    m = Mistake("r", "erreur", 1, 1, "mistake")
    assert (m.label_in("en"), m.label_in("fr"), Mistake("r", "erreur", 1, 1).label_in("en")) == ("mistake", "erreur", "erreur")
    s = CriterionStats("a", "B1", "Critère", {}, 1, 10, (), 0, "Criterion")
    assert (s.title_in("en"), s.title_in("fr"), stats("a", 1).title_in("en")) == ("Criterion", "Critère", "Critère a")
    row = make_row("/r/a", "Léa", Summary(10.0, (), {}, ("Objectif atteint", 20.0)))[0]
    c = Cohort(objectives_en={"Objectif atteint": "Objective met"})
    assert (c.objective_in(row, "en"), c.objective_in(row, "fr")) == ("Objective met", "Objectif atteint")
    other = make_row("/r/b", "Léa", Summary(10.0, (), {}, ("Autre", 20.0)))[0]
    none = make_row("/r/c", "Léa", Summary(10.0, (), {}))[0]
    assert (c.objective_in(other, "en"), c.objective_in(none, "en"), c.objective_in(none, "fr")) == ("Autre", "", "")


def test_flags_say_their_reason_in_the_readers_language():
    f = Flagged.worded(Path("/r/x"), "duplicate", "cli.cohort.reason.same_record", original=Path("/r/y"))
    assert (f.reason, f.key, f.fields) == ("même enregistrement que /r/y", "cli.cohort.reason.same_record",
                                           (("original", "/r/y"),))
    assert f.said("en") == "same record as /r/y" and f.said("fr") == f.reason
    verifier = Flagged(Path("/r/x"), "invalid", "chaîne rompue")
    assert verifier.said("en") == "chaîne rompue"
    c = Cohort(flagged=[verifier, Flagged.worded(Path("/r/u"), "unfinished", "cli.cohort.reason.unfinished"), f])
    assert c.problems == [verifier, f] and c.flagged_in("duplicate") == [f] and c.flagged_in("late") == []
def fixed_cohort() -> Cohort:
    """Three records and two set aside: an exam signed, a practice session with written work, an exam unsigned and
    unfinished; criterion a (block 1) weak in both, c (block 2) perfect."""
    lea = Summary(12.5, (("B1", 1, "Bloc un", 11.0), ("B2", 2, "Bloc deux", 20.0)),
                  {"a": CriterionResult("B1", "Critère a", "en_cours", 11.0, (("r1", "Erreur un"), ("r1", "Erreur un")), 1),
                   "c": CriterionResult("B2", "Critère c", "acquis", 20.0)},
                  ("Objectif atteint", 20.0), {"a": "en_cours", "c": "acquis", "n": "non_evalue"})
    hugo = Summary(7.25, (("B1", 1, "Bloc un", 7.25),),
                   {"a": CriterionResult("B1", "Critère a", "non_acquis", 7.25, (("r2", "Erreur deux"), ("r1", "Erreur un"),
                                                                   ("r4", "Erreur quatre"), ("r3", "Erreur trois")), 2)},
                   None, {"a": "non_acquis"})
    zoe = Summary(None, (), {}, None, {})
    items = [make_row("/r/lea.jsonl", "Léa Martin", lea, "2025-06-02T08:10:00+00:00", seconds=300.5),
             Flagged(Path("/r/bad.jsonl"), "invalid", "chaîne rompue : ligne 3"),
             make_row("/r/hugo.jsonl", "Hugo Petit", hugo, "2025-06-03T09:00:00+00:00", mode="practice", signed=False,
                      outcome="failure", turns=5, seconds=None, written=("email",)),
             make_row("/r/zoe.jsonl", "zoé", zoe, None, signed=False, outcome=None, turns=0, seconds=None),
             Flagged.worded(Path("/r/old.jsonl"), "unfinished", "cli.cohort.reason.unfinished")]
    return cohort_of(items, source="dossier groupe")


def test_the_text_summary_in_french_and_in_english():
    assert to_text(fixed_cohort()).split("\n") == [
        "Source\u00a0: dossier groupe",
        "5 enregistrements lus\u00a0: 3 comptés (1 signé, 1 non signé, 1 d'entraînement), 2 écartés.",
        "Note moyenne\u00a0: 9,88\u00a0/\u00a020. Issues\u00a0: échec 1, réussite 1, inachevé 1.",
        "Critères les plus faibles\u00a0:",
        "  • Critère a\u00a0: moyenne 9,12\u00a0/\u00a020, non acquis 1/2",
        "      – r1 (3 fois, 2 candidats)\u00a0: Erreur un",  # the three most frequent mistakes, most made first
        "      – r2 (1 fois, 1 candidat)\u00a0: Erreur deux",
        "      – r3 (1 fois, 1 candidat)\u00a0: Erreur trois",
        "Écartés (jamais comptés)\u00a0:",
        "  ✗ /r/bad.jsonl — INVALIDE\u00a0: chaîne rompue\u00a0: ligne 3",  # the record's own French gets its spaces
        "  ✗ /r/old.jsonl — inachevée\u00a0: session d'entraînement inachevée"]
    assert to_text(fixed_cohort(), "en").split("\n") == [
        "Source: dossier groupe",
        "5 records read: 3 counted (1 signed, 1 unsigned, 1 practice session), 2 set aside.",
        "Average mark: 9.88\u00a0/\u00a020. Outcomes: failure 1, success 1, unfinished 1.",
        "Weakest criteria:",
        "  • Critère a: average 9.12\u00a0/\u00a020, not acquired 1/2",
        "      – r1 (3 times, 2 candidates): Erreur un",
        "      – r2 (1 time, 1 candidate): Erreur deux",
        "      – r3 (1 time, 1 candidate): Erreur trois",
        "Set aside (never counted):",
        "  ✗ /r/bad.jsonl — INVALID: chaîne rompue : ligne 3",
        "  ✗ /r/old.jsonl — unfinished: unfinished practice session"]


def test_the_csv_in_french_and_in_english(paris_time, tmp_path):
    fr = ("candidat;scénario;date;issue;note /20;bloc 1 /20;bloc 2 /20;objectif;Critère a;Critère c;écrits;mode;sceau;"
          "tours;durée entretien (secondes);graine;fichier\r\n"
          "Hugo Petit;sc-h;2025-06-03 11:00;Échec;7,25;7,25;;;Non acquis;;courriel;entraînement;—;5;;7;/r/hugo.jsonl\r\n"
          "Léa Martin;sc-l;2025-06-02 10:10;Réussite;12,5;11;20;Objectif atteint;En cours d'acquisition;Acquis;—;épreuve;"
          "signé;3;300,5;7;/r/lea.jsonl\r\n"
          "zoé;sc-z;;Inachevé;;;;;;;—;épreuve;non signé;0;;7;/r/zoe.jsonl\r\n")
    assert to_csv(fixed_cohort()) == fr
    # the objective in the rubric's English words, a criterion the rubric does not know under its French title
    assert to_csv(fixed_cohort(), ".", "en") == (
        "candidate,scenario,date,outcome,mark /20,block 1 /20,block 2 /20,objective,Critère a,Critère c,written work,mode,"
        "seal,turns,interview length (seconds),seed,file\r\n"
        "Hugo Petit,sc-h,2025-06-03 11:00,Failure,7.25,7.25,,,Not acquired,,email,practice,—,5,,7,/r/hugo.jsonl\r\n"
        "Léa Martin,sc-l,2025-06-02 10:10,Success,12.5,11,20,Objective reached,In progress,Acquired,—,exam,signed,3,300.5,"
        "7,/r/lea.jsonl\r\n"
        "zoé,sc-z,,Unfinished,,,,,,,—,exam,unsigned,0,,7,/r/zoe.jsonl\r\n")
    write_csv(fixed_cohort(), tmp_path / "g.csv")
    assert (tmp_path / "g.csv").read_bytes() == b"\xef\xbb\xbf" + fr.encode("utf-8")
    write_csv(fixed_cohort(), tmp_path / "g.csv", ".", "en")
    assert (tmp_path / "g.csv").read_bytes().decode("utf-8-sig").startswith("candidate,scenario,")
    formula = cohort_of([make_row("/r/f", "=SOMME(A1)", Summary(1.0, (), {}))])
    assert "\r\n'=SOMME(A1);" in to_csv(formula)  # a name is never run as a formula


def test_the_html_report_in_french_and_in_english():
    html = render_html(fixed_cohort(), "Groupe <A>")
    assert "lus\u00a0: <strong>" in html and "Note moyenne\u00a0: 9,88\u00a0/\u00a020." in html  # French spacing
    html = html.replace("\u00a0", " ")  # (the figures below, whatever the spaces)
    assert "<title>Groupe &lt;A&gt;</title>" in html and '<html lang="fr">' in html
    assert ("<p>5 enregistrements lus : <strong>3 comptés</strong> (1 signé, 1 non signé, 1 d&#39;entraînement), "
            '<strong class="flag">2 écartés</strong>. Note moyenne : 9,88 / 20.</p>') in html
    assert ('<tr><td>bad.jsonl</td><td class="flag">invalide</td><td>chaîne rompue : ligne 3</td></tr>\n'
            '  <tr><td>old.jsonl</td><td class="flag">inachevée</td><td>session d&#39;entraînement inachevée</td></tr>') in html
    assert ('<tr><td>Critère a</td><td class="num">9,12&nbsp;/&nbsp;20</td><td class="num">1/2</td>\n      <td>'
            "<div><code>r1</code> : 3, 2 — Erreur un</div><div><code>r2</code> : 1, 1 — Erreur deux</div>"
            "<div><code>r3</code> : 1, 1 — Erreur trois</div></td></tr>") in html
    assert ('<th class="num">Acquis</th><th class="num">En cours d&#39;acquisition</th><th class="num">Non acquis</th>'
            '<th class="num">Non évalué</th>') in html
    assert ('<td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">0</td>'
            '<td class="num">9,12</td>') in html
    assert ('<td>Hugo Petit</td><td>sc-h</td><td>Échec</td><td class="num">7,25</td>\n<td class="num">7,25</td>'
            '<td class="num">—</td><td>—</td><td class="lv non_acquis">NA</td><td class="lv non_evalue">—</td>') in html
    assert '<td>Objectif atteint</td><td class="lv en_cours">EC</td><td class="lv acquis">A</td>' in html
    assert "<td>courriel</td>\n    <td>entraînement</td>" in html and '<span class="flag">non signé</span>' in html
    assert html.count("<figure") == 2 and "Notes par apprenant" in html and "<title>Critère c — 2025-06-02" in html
    en = render_html(fixed_cohort(), None, "en").replace("\u00a0", " ")
    assert '<html lang="en">' in en and "<title>Group results</title>" in en
    assert ('<p>5 records read: <strong>3 counted</strong> (1 signed, 1 unsigned, 1 practice session), '
            '<strong class="flag">2 set aside</strong>. Average mark: 9.88 / 20.</p>') in en
    assert '<td class="flag">invalid</td>' in en and "<td>unfinished practice session</td>" in en
    assert '<td class="num">9.12&nbsp;/&nbsp;20</td>' in en and "<code>r1</code>: 3, 2 — Erreur un" in en
    assert "<td>Failure</td>" in en and '<td class="lv en_cours">IP</td>' in en and "<td>Objective reached</td>" in en
    assert "<td>email</td>\n    <td>practice</td>" in en and "Marks by learner" in en


def test_the_html_report_of_a_group_with_nothing_to_flag_or_date():
    quiet = cohort_of([make_row("/r/a", "Léa", Summary(None, (), {"a": CriterionResult("B1", "Critère a", "en_cours",
                                                                                        None, (), 2)}), None)])
    html = render_html(quiet).replace("\u00a0", " ")
    assert ('<p>1 enregistrement lu : <strong>1 compté</strong> (1 signé, 0 non signé), <strong class="">0 écarté</strong>.'
            " Note moyenne : — / 20.</p>") in html
    assert to_text(quiet).replace("\u00a0", " ").split("\n")[:2] == [
        "1 enregistrement lu : 1 compté (1 signé, 0 non signé), 0 écarté.", "Note moyenne :  / 20. Issues : réussite 1."]
    assert "<figure" not in html and "Enregistrements écartés" not in html and "<title>Résultats du groupe</title>" in html
    weak = cohort_of([make_row("/r/a", "Léa", Summary(10.0, (), {
        cid: CriterionResult("B1", f"Critère {cid}", "non_acquis", float(n), (), 2) for n, cid in enumerate("abcd")}))])
    html = render_html(weak).replace("\u00a0", " ")
    assert html.count("aucune erreur relevée\u202f; 2 occasions manquées") == 3  # the three weakest, no mistake made
    assert [line.startswith("  • Critère") for line in to_text(weak).splitlines()].count(True) == 3
    assert "  • Critère a\u00a0: moyenne 0\u00a0/\u00a020, non acquis 1/1" in to_text(weak)


# ---------------------------------------------------------------- records read from files

def played_exam(scenario, folder: Path, candidate: str, seed: int, key=KEY) -> Path:
    """An exam played to its end (the first move on offer each turn, 30 then 20 seconds a move), sealed."""
    run, clock = begin(scenario, folder, candidate=candidate, seed=seed, preparation=0, key=key)
    clock.advance(30)
    run.step(ChoiceInput("presenter"))
    while not run.session.ended:
        clock.advance(20)
        run.step(ChoiceInput(run.session.choices()[0].id))
    return run.path


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict[str, Path]:
    """One record of each kind a cohort meets, on the small exam scenario and a bundled one for practice."""
    folder = tmp_path_factory.mktemp("records")
    sc = exam_scenario(folder)
    out = {"signed": played_exam(sc, folder / "exams", "Léa Martin", 1),
           "unsigned": played_exam(sc, folder / "exams", "Hugo Petit", 2, key=None),
           "other_key": played_exam(sc, folder / "other", "Inès Roy", 3, key=OTHER_KEY)}
    run, clock = begin(sc, folder / "late", candidate="Zoé Blanc", preparation=0)
    clock.advance(20)
    run.rec.step(ChoiceInput("partir"))  # the session ended, the process died before the seal
    late_seal(Journal.reopen(run.path), KEY, "2025-06-02T09:00:00+00:00", {"outcome": "failure"})
    out["late"] = run.path
    out["tampered"] = folder / "change.jsonl"
    out["tampered"].write_text(out["signed"].read_text("utf-8").replace('"n":2,', '"n":5,'), "utf-8")
    out["copy"] = folder / "copies" / "copie.jsonl"
    out["copy"].parent.mkdir()
    shutil.copy(out["signed"], out["copy"])
    out["practice"] = play(7, folder=folder / "practice").path
    out["unfinished"] = play(8, learner="Hugo Petit", folder=folder / "practice", max_turns=-2).path
    out["unfinished_copy"] = folder / "copies" / "reprise.jsonl"
    shutil.copy(out["unfinished"], out["unfinished_copy"])
    out["garbage"] = folder / "abime.jsonl"
    out["garbage"].write_bytes(b"\xff\xfe pas du json\n")
    out["not_a_journal"] = folder / "liste.jsonl"
    out["not_a_journal"].write_text('{"type": "input"}\n', "utf-8")
    out["not_an_object"] = folder / "tableau.jsonl"
    out["not_an_object"].write_text('[1, 2]\n{"type": "input"}\n', "utf-8")
    out["written"] = written_exam(sc, folder / "written", questions=0).path  # a CRM note and an email handed in
    lines = [json.loads(line) for line in out["practice"].read_text("utf-8").splitlines()]
    out["anonymous"] = folder / "anonyme.jsonl"  # a practice journal written without a learner's name, chained
    out["anonymous"].write_bytes(b"\n".join(rechain([{**lines[0], "learner": None}, *lines[1:]])) + b"\n")
    return out


def flags(c: Cohort) -> dict[str, tuple[str, str]]:
    return {f.path.name: (f.category, f.reason) for f in c.flagged}


def test_valid_exams_and_finished_practice_count_every_other_record_is_set_aside_with_its_reason(records):
    from simulator.exam.verify import verify_record

    r = records
    c = build_cohort([r[k] for k in ("signed", "copy", "unsigned", "other_key", "late", "tampered", "practice",
                                     "unfinished", "unfinished_copy", "garbage", "not_a_journal")], PUBLIC)
    assert c.files == 11 and sorted((x.path, x.mode, x.signed) for x in c.rows) == sorted(
        [(r["signed"], "exam", True), (r["practice"], "practice", False)])
    found = flags(c)
    changed = verify_record(r["tampered"], PUBLIC)
    assert found["change.jsonl"] == ("invalid", "; ".join(p.render("change.jsonl") for p in changed.problems))
    assert found["copie.jsonl"] == ("duplicate", f"même enregistrement que {r['signed']}")
    assert found["reprise.jsonl"] == ("duplicate", f"même session que {r['unfinished']}")
    assert found[r["unfinished"].name] == ("unfinished", "session d'entraînement inachevée")
    assert found[r["late"].name] == ("late", "scellé après coup (negosim exam seal)\u00a0: l'épreuve a été interrompue, "
                                             "l'enregistrement ne vaut pas épreuve")
    assert found[r["other_key"].name][0] == "invalid" and found["abime.jsonl"][0] == "invalid"
    assert found[r["unsigned"].name][0] == "invalid"  # unsigned while the jury has a key: a downgrade
    assert found["liste.jsonl"][0] == "invalid" and found["liste.jsonl"][1].startswith("rejeu impossible : ")
    assert [f.path.name for f in c.problems] == [f.path.name for f in c.flagged if f.category != "unfinished"]
    assert len(c.flagged) == 9


def test_without_the_key_a_signed_exam_is_not_verified_and_unsigned_ones_can_be_required(records):
    c = build_cohort([records["signed"], records["unsigned"]], None)
    assert [x.path for x in c.rows] == [records["unsigned"]]
    assert flags(c)[records["signed"].name] == (
        "unverifiable", cohort_module.t("cli.cohort.reason.unverifiable", "fr", key_id=KEY.key_id))
    assert KEY.key_id in flags(c)[records["signed"].name][1]
    strict = build_cohort([records["signed"], records["unsigned"]], None, require_signature=True)
    assert strict.rows == [] and [f.category for f in strict.flagged] == ["unverifiable", "unsigned"]
    assert flags(strict)[records["unsigned"].name] == ("unsigned", "scellé sans clé de jury (non signé)")
    # with the jury key an unsigned record is a downgrade, invalid
    assert flags(build_cohort([records["unsigned"]], PUBLIC))[records["unsigned"].name][0] == "invalid"


class CountingGrader(Grader):
    """The cohort's grader, counting the records it had to replay and grade."""

    def __init__(self, trust_seals: bool = True) -> None:
        super().__init__(trust_seals)
        self.graded: list[str] = []
        self.calls: list[dict] = []

    def grade(self, path, *args, **kwargs):
        self.graded.append(Path(path).name)
        self.calls.append(kwargs)
        return super().grade(path, *args, **kwargs)


def test_an_exam_row_says_what_was_played_and_a_signed_seal_spares_the_replay(records):
    r = records
    trusting, regrading = CountingGrader(), CountingGrader(trust_seals=False)
    carried = build_cohort([r["signed"]], PUBLIC, grader=trusting)
    replayed = build_cohort([r["signed"]], PUBLIC, grader=regrading)
    assert trusting.graded == [] and regrading.graded == [r["signed"].name]
    # graded as the exam ended (its verified end), and never with a practice hint's penalty: an exam offers none
    assert regrading.calls == [{"ending": "success", "with_hints": False}]
    build_cohort([r["unsigned"]], None, grader=trusting)
    assert trusting.graded == [r["unsigned"].name]  # an unsigned seal's grade is not trusted
    assert carried.rows == replayed.rows and carried.criteria == replayed.criteria and carried.blocks == replayed.blocks
    lea = next(x for x in carried.rows if x.candidate == "Léa Martin")
    lines = [json.loads(line) for line in r["signed"].read_text("utf-8").splitlines()]
    inputs = [x for x in lines if x.get("type") == "input"]
    assert (lea.scenario_id, lea.scenario_title, lea.date, lea.outcome, lea.turns, lea.interview_seconds, lea.seed) == (
        "examen", "Examen", "2025-06-02T08:00:00.000+00:00", "success", len(inputs), inputs[-1]["t"], 1)
    assert lea.mark is not None and lea.blocks == {"negociation": lea.mark} and lea.objective == "Objectif atteint"
    assert set(lea.levels) == set(default_rubric().criteria) and lea.written == ()
    assert set(lea.marks) == {cid for cid, c in default_rubric().criteria.items() if c.block == "negociation"}


def test_a_seal_graded_on_another_version_of_the_scenario_is_regraded(records, tmp_path):
    moved = tmp_path / "copie.jsonl"
    lines = records["signed"].read_text("utf-8").splitlines()
    header = json.loads(lines[0])
    scenario = tmp_path / "examen.yaml"  # the scenario file the header points at, since edited
    scenario.write_text(Path(header["scenario_path"]).read_text("utf-8").replace("Un scénario d'épreuve.", "Modifié."),
                        "utf-8")
    shutil.copy(records["signed"], moved)
    grader = CountingGrader()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("simulator.store.recorder.scenario_for", lambda head: __import__(
            "simulator.content.loader", fromlist=["load_scenario"]).load_scenario(scenario))
        c = build_cohort([moved], PUBLIC, grader=grader)
    assert grader.graded == ["copie.jsonl"] and c.counted == 1  # regraded on the scenario as it is now


class BrokenGrader(Grader):
    """A grader that fails in one of the ways a cohort must survive."""

    def __init__(self, failure: str, error: str | None = None) -> None:
        super().__init__(trust_seals=False)
        self.failure, self.error = failure, error

    def grade(self, path, *args, **kwargs):
        from simulator.exam.graded import Graded

        if self.failure == "raises":
            raise ValueError("boum")
        if self.failure == "nothing":
            return Graded(Path(path), error=self.error)
        graded = super().grade(path, *args, **kwargs)
        graded.debrief, graded.error = None, self.error
        return graded


@pytest.mark.parametrize(("failure", "error", "category", "reason"), [
    ("raises", None, "unreadable", "enregistrement mal formé (ValueError\u00a0: boum)"),
    ("ungraded", None, "ungraded", "correction impossible"),
    ("ungraded", "correction impossible : division", "ungraded", "correction impossible : division"),
    ("nothing", None, "invalid", "journal illisible"),
    ("nothing", "rejeu impossible : disque", "invalid", "rejeu impossible : disque"),
])
def test_a_record_that_cannot_be_graded_is_set_aside_with_why(records, failure, error, category, reason):
    r = records
    c = build_cohort([r["practice"], r["signed"], r["copy"]], PUBLIC, grader=BrokenGrader(failure, error))
    assert c.counted == 0 and c.files == 3
    found = flags(c)
    assert found[r["practice"].name] == (category, reason)
    if failure != "nothing":  # an exam record (the "nothing" grader reads no exam: it is verified, then replayed)
        assert found[r["signed"].name] == (category, reason)
        # the copy of an exam set aside is still known as a copy (its seal), not set aside twice for the same reason
        assert found["copie.jsonl"][0] == ("unreadable" if failure == "raises" else "duplicate")
    c = build_cohort([r["practice"], r["practice"]], None, grader=BrokenGrader(failure, error))
    assert [f.category for f in c.flagged] == ([category, category] if failure in ("raises", "nothing")
                                               else [category, "duplicate"])
    if failure == "ungraded":  # a practice session set aside is still known by its first line
        assert c.flagged[1].reason == f"même session que {r['practice']}"


def test_filters_leave_records_out_before_they_are_verified_or_replayed(records, monkeypatch):
    from simulator.exam import verify

    r = records
    verified: list[str] = []
    monkeypatch.setattr(cohort_module, "verify_record",
                        lambda path, key: verified.append(path.name) or verify.verify_record(path, key))
    paths = [r["signed"], r["unsigned"], r["practice"], r["garbage"]]
    grader = CountingGrader()
    c = build_cohort(paths, None, filters=Filters(learner="hugo petit"), grader=grader)
    # the exam's candidate (its header's « exam » part) or the practice learner, read on the first line alone
    assert [x.path for x in c.rows] == [r["unsigned"]] and verified == [r["unsigned"].name, "abime.jsonl"]
    assert c.files == 2 and flags(c)["abime.jsonl"][0] == "invalid"  # a damaged record is never filtered away
    verified.clear()
    c = build_cohort(paths, None, filters=Filters(mode="practice"), grader=grader)
    assert [x.path for x in c.rows] == [r["practice"]] and verified == ["abime.jsonl"]
    c = build_cohort(paths, None, filters=Filters(scenario="examen"))
    assert sorted(x.candidate for x in c.rows) == ["Hugo Petit"] and c.files == 3
    # the header says when the file was begun (today); the row, when the interview began (the exam clock's date)
    c = build_cohort(paths[1:3], None, filters=Filters(since="2026-01-01"))
    assert [x.path for x in c.rows] == [r["practice"]] and c.files == 1
    c = build_cohort(paths[1:3], None, filters=Filters(since="2025-06-02", until="2025-06-02"))
    assert c.rows == [] and c.files == 0


def test_records_are_found_in_folders_once_each_and_jury_annotations_are_not_records(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in ("a/un.jsonl", "a/b/deux.jsonl", "a/b/deux.jury.jsonl", "a/notes.txt", "trois.jsonl"):
        (tmp_path / name).write_text("{}\n", "utf-8")
    (tmp_path / "a" / "dossier.jsonl").mkdir()
    found, missing = collect_paths([str(tmp_path / "trois.jsonl"), tmp_path / "a", tmp_path / "a" / "un.jsonl",
                                    tmp_path / "a" / "b" / ".." / "un.jsonl", tmp_path / "rien"])
    # in the order given, a folder's records sorted, each once however it was named
    assert found == [(tmp_path / p).resolve() for p in ("trois.jsonl", "a/b/deux.jsonl", "a/un.jsonl")]
    assert missing == [str(tmp_path / "rien")]
    # a jury annotation file named directly is read as asked
    assert collect_paths([tmp_path / "a/b/deux.jury.jsonl"]) == ([(tmp_path / "a/b/deux.jury.jsonl").resolve()], [])


def test_reading_in_two_processes_gives_the_same_cohort(records):
    paths = [records[k] for k in ("signed", "copy", "practice", "unfinished", "tampered")]
    one, two = build_cohort(paths, PUBLIC), build_cohort(paths, PUBLIC, workers=2)
    assert one.rows == two.rows and one.flagged == two.flagged and one.criteria == two.criteria and one.files == 5
    hugo = build_cohort(paths, PUBLIC, filters=Filters(learner="Hugo Petit"), workers=2)
    assert hugo.rows == [] and [f.path for f in hugo.flagged] == [records["unfinished"]]  # the filters reach the workers


def test_an_english_output_reads_the_rubrics_english_words_once(records, monkeypatch):
    monkeypatch.setattr(cohort_module, "_ENGLISH", {})  # read here, not from an earlier test's English output
    c = build_cohort([records["signed"], records["practice"], records["written"]], PUBLIC)
    rubric = default_rubric()
    assert to_text(c, "en")
    titled = {**rubric.criteria, **rubric.written}
    assert c.criteria and all(s.title_en == titled[s.id].title("en") != s.title for s in c.criteria)
    assert {s.id for s in c.criteria} & set(rubric.written)  # a criterion graded on the written work
    assert list(cohort_module._ENGLISH) == [rubric.content_hash]
    explained = {rule.id: rule.spec.explain_en for crit in rubric.criteria.values() for rule in crit.rules}
    mistakes = [m for s in c.criteria for m in s.mistakes]
    assert mistakes and all(m.label_en == explained[m.rule] and m.label_en for m in mistakes)
    outcomes = type(rubric.spec.objective.outcomes).model_fields
    assert c.objectives_en == {getattr(rubric.spec.objective.outcomes, o).label_fr:
                               getattr(rubric.spec.objective.outcomes, o).label_en for o in outcomes}
    assert len(c.objectives_en) == len(outcomes) >= 2


def test_a_summary_keeps_what_a_cohort_counts_of_a_debrief(records):
    graded = Grader().grade(records["practice"])
    d = graded.debrief
    s = Summary.of(d)
    assessed = [b for b in d.block_results if b.assessed]
    assert s.mark == d.mark and s.blocks == tuple((b.id, b.number, b.title("fr"), b.mark) for b in assessed)
    assert assessed and len(assessed) < len(d.block_results)  # the practice scenario leaves a block out
    assert set(s.criteria) == {c.id for c in d.criteria.values() if c.block in {b.id for b in assessed}}
    assert s.levels == {c.id: c.level for c in d.criteria.values()} and set(s.levels) > set(s.criteria)
    for cid, kept in s.criteria.items():
        c = d.criteria[cid]
        assert (kept.block, kept.title, kept.level, kept.mark) == (c.block, c.title("fr"), c.level, c.mark)
        assert kept.weaknesses == tuple((e.rule, e.explain_fr) for e in c.evidence if e.kind == "weakness" and e.rule)
        assert kept.missed == sum(e.kind == "missed" for e in c.evidence)
    assert any(k.weaknesses for k in s.criteria.values()) and any(k.missed for k in s.criteria.values())
    assert s.objective == (d.objective.label_fr, d.objective.mark) and s.written == ()


def test_a_worker_reads_with_the_key_signature_rule_and_filters_it_was_started_with(records):
    """What each process of ``workers=2`` runs, called here in this process (where a coverage tracer sees it)."""
    r = records
    try:
        cohort_module._init_worker(PUBLIC, False, Filters(learner="Hugo Petit"))
        assert cohort_module._read_in_worker(r["signed"]) == cohort_module.Read(r["signed"], None)  # filtered out
        unfinished = cohort_module._read_in_worker(r["unfinished"])
        assert unfinished.item.category == "unfinished" and unfinished.identity is not None and unfinished.practice
        cohort_module._init_worker(PUBLIC, False, None)
        read = cohort_module._read_in_worker(r["signed"])
        assert read.item[0].signed and read.item[0].candidate == "Léa Martin"
        cohort_module._init_worker(None, True, None)  # no key, signatures required
        assert cohort_module._read_in_worker(r["signed"]).item.category == "unverifiable"
        assert cohort_module._read_in_worker(r["unsigned"]).item.category == "unsigned"
    finally:
        cohort_module._WORKER.clear()


def test_what_a_cohort_reads_of_written_work_and_of_a_journal_without_a_name(records):
    r = records
    c = build_cohort([r["written"], r["anonymous"], r["not_an_object"]], PUBLIC)
    rows = {x.path: x for x in c.rows}
    assert rows[r["written"]].written == ("crm_note", "email") and rows[r["written"]].written_label == "CRM, courriel"
    assert rows[r["anonymous"]].candidate == "?" and rows[r["anonymous"]].mode == "practice"
    assert flags(c) == {"tableau.jsonl": ("invalid", flags(c)["tableau.jsonl"][1])} and c.files == 3
    summary = Summary.of(Grader().grade(r["written"]).debrief)
    assert summary.written == ("crm_note", "email")


def test_several_workers_read_in_their_own_processes_one_reads_here(records):
    paths = [records["signed"], records["practice"]]
    here = CountingGrader()
    assert build_cohort(paths, PUBLIC, grader=here, workers=1).counted == 2 and here.graded == [records["practice"].name]
    elsewhere = CountingGrader()  # each process makes its own grader: the one given is not used
    assert build_cohort(paths, PUBLIC, grader=elsewhere, workers=2).counted == 2 and elsewhere.graded == []


def test_a_rubric_without_an_objective_has_no_objective_words():
    from types import SimpleNamespace

    rubric = SimpleNamespace(content_hash="sans-objectif", criteria={}, written={}, spec=SimpleNamespace(objective=None))
    try:
        assert cohort_module._english_words(rubric) == ({}, {}, {})
    finally:
        cohort_module._ENGLISH.pop("sans-objectif", None)
