"""A cohort's rows as read from records, where the full mutation run of exam/cohort.py found them unchecked: an exam
regraded and given twice, a practice session's own row and its copy, journals whose first line names no learner or
no scenario (never matched by a filter, whatever it names), a practice journal that says it ended where its moves do
not (no objective graded), the filters a trainer gives by mode and by candidate (a changed record is still listed
under its candidate), the signature rule in worker processes, and the rows' group figures (blocks in their order,
a zero never signed)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from exam_support import PUBLIC, exam_scenario
from test_mutants_cohort import flags, make_row, played_exam
from test_seal import rechain
from xapi_support import play

from simulator.exam.cohort import (
    CriterionResult,
    CriterionStats,
    Filters,
    Summary,
    build_cohort,
    cohort_of,
    number,
    to_csv,
    to_text,
)
from simulator.exam.graded import Grader


def lines_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def journal(path: Path, records: list[dict]) -> Path:
    """A journal written as the recorder would (every line chained to the one before)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\n".join(rechain(records)) + b"\n")
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("rows")
    sc = exam_scenario(folder)
    out = {"signed": played_exam(sc, folder / "exams", "Léa Martin", 1),
           "unsigned": played_exam(sc, folder / "exams", "Hugo Petit", 2, key=None),
           "practice": play(7, folder=folder / "practice").path}
    out["copy"] = folder / "copies" / "copie.jsonl"
    out["practice_copy"] = folder / "copies" / "reprise.jsonl"
    out["copy"].parent.mkdir()
    shutil.copy(out["signed"], out["copy"])
    shutil.copy(out["practice"], out["practice_copy"])
    # the exam's header changed by hand: its learner is no longer its candidate (the chain breaks)
    out["renamed"] = folder / "renomme.jsonl"
    out["renamed"].write_text(out["signed"].read_text("utf-8").replace('"learner":"Léa Martin"', '"learner":"Hugo Petit"',
                                                                       1), "utf-8")
    lines = lines_of(out["practice"])
    header, inputs, end = lines[0], [x for x in lines if x.get("type") == "input"], lines[-1]
    assert end["type"] == "end" and len(inputs) > 4
    out["header_only"] = journal(folder / "entete.jsonl", [header])  # begun, not one move played
    bare = {k: v for k, v in header.items() if k not in ("learner", "scenario_id", "scenario_title")}
    out["bare_done"] = journal(folder / "nu-fini.jsonl", [bare, *inputs, end])
    out["bare_open"] = journal(folder / "nu-ouvert.jsonl", [{**bare, "started_at": "2026-11-02T09:00:00.000+00:00"},
                                                           *inputs[:2]])  # another session: begun at another time
    # the end line says the session ended, but its moves stop before the scenario's end (edited since)
    out["cut"] = journal(folder / "coupe.jsonl", [header, *inputs[:3], end])
    return out


def test_a_regraded_exam_given_twice_counts_once_and_the_copy_names_the_first(made):
    c = build_cohort([made["signed"], made["copy"]], PUBLIC, grader=Grader(trust_seals=False))
    assert [r.path for r in c.rows] == [made["signed"]]
    assert flags(c) == {"copie.jsonl": ("duplicate", f"même enregistrement que {made['signed']}")}


def test_a_practice_row_says_what_was_played_and_its_copy_is_the_same_session(made):
    c = build_cohort([made["practice"], made["practice_copy"]], None)
    lines = lines_of(made["practice"])
    header, inputs = lines[0], [x for x in lines if x.get("type") == "input"]
    (row,) = c.rows
    assert (row.candidate, row.scenario_id, row.scenario_title, row.date, row.outcome, row.turns, row.seed) == (
        "Léa Martin", "banque-boulangerie", header["scenario_title"], header["started_at"], lines[-1]["outcome"],
        len(inputs), 7)
    assert (row.mode, row.signed, row.interview_seconds) == ("practice", False, None)
    assert flags(c) == {"reprise.jsonl": ("duplicate", f"même session que {made['practice']}")}
    body = list(csv.reader(io.StringIO(to_csv(c)), delimiter=";"))[1]
    assert body[3] == "Résultat partiel" and body[-4] == str(len(inputs))  # the outcome and the turns as played


def test_a_practice_journal_with_its_first_line_only_is_unfinished_not_unreadable(made):
    c = build_cohort([made["header_only"]], None)
    assert c.rows == [] and flags(c) == {"entete.jsonl": ("unfinished", "session d'entraînement inachevée")}


def test_a_journal_naming_no_learner_nor_scenario_reads_question_marks_and_no_filter_matches_it(made):
    paths = [made["bare_done"], made["bare_open"]]
    c = build_cohort(paths, None)
    (row,) = c.rows
    assert (row.candidate, row.scenario_id, row.scenario_title) == ("?", "?", "")
    assert list(csv.reader(io.StringIO(to_csv(c)), delimiter=";"))[1][:2] == ["?", "?"]
    assert flags(c) == {"nu-ouvert.jsonl": ("unfinished", "session d'entraînement inachevée")}
    # a name that looks like a placeholder is still a name: nothing unnamed is read or listed under it
    for name in ("None", "XXXX", "?", "inconnu"):
        for filters in (Filters(scenario=name), Filters(learner=name)):
            left = build_cohort(paths, None, filters=filters)
            assert (left.files, left.rows, left.flagged) == (0, [], []), filters


def test_a_practice_journal_ended_short_of_the_scenarios_end_has_no_objective(made):
    c = build_cohort([made["cut"]], None)
    (row,) = c.rows
    assert row.outcome == "partial" and row.turns == 3 and row.objective is None and not c.has_objective
    assert "objectif" not in list(csv.reader(io.StringIO(to_csv(c)), delimiter=";"))[0]


def test_a_mode_filter_keeps_the_exams_read_from_files(made):
    paths = [made["signed"], made["practice"], made["unsigned"]]
    assert [r.path for r in build_cohort(paths, None, filters=Filters(mode="exam")).rows] == [made["unsigned"]]
    c = build_cohort(paths, PUBLIC, filters=Filters(mode="exam"))
    assert [r.path for r in c.rows] == [made["signed"]] and flags(c)[made["unsigned"].name][0] == "invalid"


def test_a_changed_record_is_listed_under_its_candidate_not_under_the_name_written_over_it(made):
    c = build_cohort([made["renamed"]], PUBLIC, filters=Filters(learner="léa martin"))
    assert c.files == 1 and flags(c)["renomme.jsonl"][0] == "invalid"
    assert build_cohort([made["renamed"]], PUBLIC, filters=Filters(learner="Hugo Petit")).files == 0


def test_worker_processes_apply_the_signature_rule(made):
    paths = [made["signed"], made["unsigned"]]
    for workers in (1, 2):
        c = build_cohort(paths, None, require_signature=True, workers=workers)
        assert c.rows == [] and [f.category for f in c.flagged] == ["unverifiable", "unsigned"], workers


# ---------------------------------------------------------------- rows given in-process (an LRS)

def test_rows_given_are_filtered_by_scenario_period_and_mode():
    s = Summary(10.0, (), {})
    items = [make_row("/r/a", "Léa", s, "2026-11-01T09:00:00+00:00"),
             make_row("/r/b", "Hugo", s, "2026-11-03T09:00:00+00:00", mode="practice")]
    for filters, kept in ((Filters(scenario="sc-l"), ["Léa"]), (Filters(scenario="sc-h"), ["Hugo"]),
                          (Filters(since="2026-11-02"), ["Hugo"]), (Filters(until="2026-11-02"), ["Léa"]),
                          (Filters(mode="practice"), ["Hugo"]), (Filters(mode="exam"), ["Léa"])):
        assert [r.candidate for r in cohort_of(items, filters).rows] == kept, filters


def test_blocks_come_in_their_numbers_order_whatever_their_ids():
    def summary(blocks):
        return Summary(12.0, tuple((b, n, b.title(), 12.0) for b, n in blocks), {})

    c = cohort_of([make_row("/r/a", "Léa", summary([("negociation", 4)])),
                   make_row("/r/b", "Hugo", summary([("prospection", 2), ("negociation", 4)]))])
    assert [(b, n) for b, n, _ in c.blocks] == [("prospection", 2), ("negociation", 4)]
    assert to_csv(c).split("\r\n")[0].split(";")[5:7] == ["bloc 2 /20", "bloc 4 /20"]


def test_a_zero_is_written_0_whichever_zero_the_arithmetic_gave():
    assert number(-0.0) == number(0.0) == number(-0.0, ".") == "0"


def test_a_weak_criterion_whose_counts_never_saw_not_acquired_reads_0():
    s = Summary(12.0, (), {"a": CriterionResult("B1", "Critère a", "en_cours", 12.0)})
    c = cohort_of([make_row("/r/a", "Léa", s)])
    c.criteria = [CriterionStats("a", "B1", "Critère a", {"en_cours": 1}, 1, 12.0, (), 0)]
    assert "  • Critère a\u00a0: moyenne 12\u00a0/\u00a020, non acquis 0/1" in to_text(c).split("\n")
