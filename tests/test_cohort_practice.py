"""Practice analytics: cohorts of practice sessions with filters, weakest criteria, readable CSV, progress charts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from xapi_support import play

import simulator.store.journal as journal_module
from simulator.cli.main import cli
from simulator.exam.cohort import (
    Cohort,
    CriterionResult,
    Filters,
    Row,
    Summary,
    build_cohort,
    cohort_of,
    collect_paths,
    render_html,
    to_csv,
    to_text,
)
from simulator.exam.progress_chart import criterion_series, learner_series, line_chart
from simulator.store.paths import journals_dir

LEARNERS = ("Léa Martin", "Hugo Petit")


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    """Nine practice sessions over three days, two learners, two scenarios, one left unfinished."""
    folder = tmp_path_factory.mktemp("entrainement")
    plan = []
    with pytest.MonkeyPatch.context() as mp:
        for n in range(9):
            day = f"2026-11-0{1 + n // 3}T09:{n:02d}:00.000+00:00"
            mp.setattr(journal_module, "now_iso", lambda day=day: day)  # the session's start and end dates
            learner = LEARNERS[n % 2]
            scenario = "assurance-artisan" if n == 4 else "banque-boulangerie"
            rec = play(100 + n, learner=learner, scenario=scenario, folder=folder, max_turns=-3 if n == 8 else None)
            plan.append((rec.path.resolve(), learner, scenario, day[:10], rec.debrief if n != 8 else None))
    return folder, plan


def test_practice_sessions_are_counted_and_an_unfinished_one_is_listed_not_counted(practice):
    folder, plan = practice
    paths, _ = collect_paths([folder])
    c = build_cohort(paths, None)
    assert c.files == 9 and c.counted == 8 and [f.category for f in c.flagged] == ["unfinished"] and not c.problems
    by_path = {r.path: r for r in c.rows}
    for path, learner, scenario, day, debrief in plan[:8]:
        row = by_path[path]
        assert (row.candidate, row.scenario_id, row.mode, row.date[:10]) == (learner, scenario, "practice", day)
        assert row.mark == debrief.mark and row.levels == {k: v.level for k, v in debrief.criteria.items()}
        assert row.objective == debrief.objective.label_fr
    assert "8 comptés (0 signé, 0 non signé, 8 d'entraînement), 1 écarté" in to_text(c)


@pytest.mark.parametrize(("filters", "expected"), [
    (Filters(learner="léa martin"), lambda p: p[1] == "Léa Martin"),
    (Filters(scenario="assurance-artisan"), lambda p: p[2] == "assurance-artisan"),
    (Filters(since="2026-11-02"), lambda p: p[3] >= "2026-11-02"),
    (Filters(since="2026-11-02", until="2026-11-02"), lambda p: p[3] == "2026-11-02"),
    (Filters(mode="exam"), lambda p: False),
    (Filters(mode="practice", learner="Hugo Petit", until="2026-11-01"), lambda p: p[1] == "Hugo Petit" and p[3] == "2026-11-01"),
])
def test_filters(practice, filters, expected):
    folder, plan = practice
    c = build_cohort(collect_paths([folder])[0], None, filters=filters)
    want = {p[0] for p in plan[:8] if expected(p)}
    assert {r.path for r in c.rows} == want
    assert c.files == len([p for p in plan if expected(p)])  # the files outside the filter are not even read


def summary(marks: dict[str, float], mistakes: dict[str, int] | None = None) -> Summary:
    mistakes = mistakes or {}
    level = {20: "acquis", 12: "en_cours"}
    criteria = {cid: CriterionResult("b", f"Critère {cid}", level.get(int(m), "non_acquis"), m,
                                     tuple((r, f"erreur {r}") for r, n in mistakes.items() if r.startswith(cid)
                                           for _ in range(n)))
                for cid, m in marks.items()}
    return Summary(sum(marks.values()) / len(marks), (("b", 1, "Bloc", None),), criteria, None,
                   {cid: c.level for cid, c in criteria.items()})


def row(name: str, date: str, s: Summary) -> tuple[Row, Summary]:
    return Row(Path(name + date), name, "sc", "Sc", date, "success", s.mark, {}, s.levels, False, 3, None, 0, "practice",
               None, {cid: c.mark for cid, c in s.criteria.items()}), s


def test_weakest_criteria_are_those_with_something_to_improve():
    perfect = cohort_of([row(name, "2026-11-01", summary({"x": 20, "y": 20})) for name in "ab"])
    assert perfect.weakest() == []  # was: both listed as the "weakest", at 20/20 with no error
    assert "Aucun critère faible" in to_text(perfect) and "Aucun critère faible" in render_html(perfect)
    mixed = cohort_of([row("a", "2026-11-01", summary({"x": 20, "y": 12, "z": 5}, {"z1": 2})),
                       row("b", "2026-11-02", summary({"x": 20, "y": 20, "z": 7}))])
    weak = mixed.weakest()
    assert [c.id for c in weak] == ["z", "y"]
    assert [(m.rule, m.count, m.candidates) for m in weak[0].mistakes] == [("z1", 2, 1)]
    # a criterion at 20 on average but with a mistake made is still something to work on
    flawed = cohort_of([row("a", "2026-11-01", summary({"x": 20}, {"x1": 1}))])
    assert [c.id for c in flawed.weakest()] == ["x"]


def test_csv_headers_are_criterion_titles_with_the_objective_column(practice):
    folder, plan = practice
    c = build_cohort(collect_paths([folder])[0], None)
    rows = list(csv.reader(io.StringIO(to_csv(c), newline=""), delimiter=";"))
    header = rows[0]
    titles = [s.title for s in c.criteria]
    assert "Structurer l'appel (CROC)" in titles and all(t in header for t in titles)
    assert not any(s.id in header for s in c.criteria)  # ids like p_structure: unreadable for a trainer
    objective = header.index("objectif")
    assert {r[objective] for r in rows[1:]} == {p[4].objective.label_fr for p in plan[:8]}
    assert {r[header.index("mode")] for r in rows[1:]} == {"entraînement"}


def test_progress_series_and_chart():
    rows = [row("Léa", "2026-11-01T09:00:00+00:00", summary({"x": 10, "y": 4}))[0],
            row("Léa", "2026-11-03T09:00:00+00:00", summary({"x": 16, "y": 8}))[0],
            row("Hugo", "2026-11-01T10:00:00+00:00", summary({"x": 12, "y": 20}))[0]]
    assert learner_series(rows) == {"Léa": [("2026-11-01T09:00:00+00:00", 7.0), ("2026-11-03T09:00:00+00:00", 12.0)],
                                    "Hugo": [("2026-11-01T10:00:00+00:00", 16.0)]}
    assert criterion_series(rows, {"x": "Critère X"})["Critère X"] == [("2026-11-01", 11.0), ("2026-11-03", 16.0)]
    svg = str(line_chart(learner_series(rows), "Notes <par> apprenant"))
    assert svg.startswith("<svg") and svg.count("<polyline") == 1 and svg.count("<circle") == 3  # Hugo: one point
    assert "Notes &lt;par&gt; apprenant" in svg and "Léa" in svg and "<script" not in svg
    # a mark of 20 is drawn at the top of the plot, 0 at the bottom
    top = line_chart({"a": [("2026-11-01", 20.0), ("2026-11-02", 0.0)]}, "t")
    assert 'points="34.0,10.0 570.0,216.0"' in str(top)
    assert str(line_chart({}, "vide")) == ""


def test_html_report_has_the_progress_charts_and_modes(practice):
    folder, _ = practice
    html = render_html(build_cohort(collect_paths([folder])[0], None), "Groupe B")
    assert "Progression dans le temps" in html and html.count("<svg") == 2 and "<script" not in html
    assert all(name in html for name in LEARNERS) and "entraînement" in html and "Objectif" in html


def test_cli_cohort_reads_the_data_folder_by_default_and_filters(practice, home):
    folder, plan = practice
    runner = CliRunner()
    empty = runner.invoke(cli, ["cohort"])
    assert empty.exit_code == 1 and "aucun enregistrement" in empty.output
    target = journals_dir()
    for path, *_ in plan:
        (target / path.name).write_bytes(path.read_bytes())
    result = runner.invoke(cli, ["cohort", "--learner", "Hugo Petit", "--mode", "practice"])
    assert result.exit_code == 0, result.output  # an unfinished session is not a problem
    assert "4 comptés" in result.output
    bad = runner.invoke(cli, ["cohort", "--since", "1er novembre"])
    assert bad.exit_code == 2 and "AAAA-MM-JJ" in bad.output
    (target / "abime.jsonl").write_text(json.dumps({"type": "input"}) + "\n")
    damaged = runner.invoke(cli, ["cohort"])
    assert damaged.exit_code == 1 and "abime.jsonl" in damaged.output and "INVALIDE" in damaged.output


def test_an_empty_cohort_renders():
    c = Cohort()
    assert "0 compté " in to_text(c) and "<html" in render_html(c)
