"""Journals replayed and graded in bulk under mutation (simulator/exam/graded.py, tools/mutate.py).

A cohort's marks and an xAPI export come from ``Grader.grade``: what it gives must be exactly what the scorer
gives for the session the journal records (same turns, hints, written work, ending and mode), each scenario
loaded once, and a journal that cannot be replayed or graded must say why without stopping the batch.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest
from exam_support import NullIndex, exam_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content.loader import load_scenario
from simulator.engine.session import ChoiceInput, Session
from simulator.exam.graded import MEMO_LIMIT, Graded, Grader
from simulator.scoring import default_rubric, score
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession
from simulator.written.model import CrmNote, FollowUpEmail
from simulator.written.records import works_of


def record(scenario, folder: Path, seed: int, moves: int = 60, mode: str = "practice", hint_at: int | None = None,
           draft: bool = False, finish: bool = True) -> RecordedSession:
    """A session on ``scenario`` played with seeded random moves (at most ``moves``), a hint asked before turn
    ``hint_at``, a final CRM note and, with ``draft``, an email left as a draft."""
    rng = random.Random(seed)
    rec = RecordedSession.start(scenario, seed=seed, learner="Léa", mode=mode, folder=folder, index=NullIndex())
    while not rec.session.ended and len(rec.session.turns) < moves:
        if hint_at == len(rec.session.turns) + 1:
            rec.record_hint(None)
        rec.step(ChoiceInput(rng.choice(rec.session.choices()).id))
    if finish and not rec.session.ended:
        rec.finish("abandoned")
    rec.record_work(CrmNote(notes="Client pressé ; rappeler mardi."))
    if draft:
        rec.record_work(FollowUpEmail(body="Bonjour, suite à"), final=False)
    return rec


def scored(path: Path, scenario, ending=None, with_hints=True):
    """The scorer's own debrief of the journal at ``path``, computed without the grader."""
    journal = read_journal(path)
    hints = [h for h, _ in journal.hints] if with_hints else ()
    mode = journal.header["mode"]
    ends = [r["outcome"] for r in journal.records if r.get("type") == "end"]
    session = Session.start(scenario, journal.header["seed"])
    for inp in journal.inputs:
        session.step(inp)
    return session, score(scenario, default_rubric(), session.turns, ending=ending or (ends[-1] if ends else None),
                          hints=hints, works=works_of(journal.records) or None, mode=mode)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return exam_scenario(tmp_path_factory.mktemp("scenario"))


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(1, 10_000), moves=st.integers(1, 6), mode=st.sampled_from(["practice", "exam"]),
       hint_at=st.none() | st.integers(1, 3), draft=st.booleans(), finish=st.booleans())
def test_a_journal_is_graded_exactly_as_the_scorer_grades_its_session(scenario, tmp_path_factory, seed, moves, mode,
                                                                       hint_at, draft, finish):
    rec = record(scenario, tmp_path_factory.mktemp("j"), seed, moves, mode, hint_at, draft, finish)
    graded = Grader().grade(rec.path)
    session, debrief = scored(rec.path, scenario)
    assert graded.error is None and graded.notices == []
    assert graded.session.turns == session.turns == rec.session.turns  # replayed with the recorded seed
    assert graded.debrief == debrief
    assert graded.header["seed"] == seed and graded.header["mode"] == mode
    assert graded.outcome == (rec.session.outcome or "abandoned" if finish or rec.session.ended else None)


def test_hints_the_ending_the_written_work_and_the_mode_reach_the_debrief(scenario, tmp_path):
    rec = record(scenario, tmp_path / "a", seed=3, moves=1, hint_at=1, draft=True, finish=False)
    assert not rec.session.ended
    grader = Grader()
    graded = grader.grade(rec.path)
    assert graded.outcome is None and graded.debrief.hints == (1,)
    assert grader.grade(rec.path, with_hints=False).debrief.hints == ()
    assert graded.debrief.written is not None and set(graded.debrief.written.works) == {"crm_note", "email"}
    # the ending given overrides the journal's (none here): an exam stopped by its clock
    timed = grader.grade(rec.path, ending="time_up")
    assert timed.debrief == scored(rec.path, scenario, ending="time_up")[1] != graded.debrief
    # the same journal read back by the caller is graded the same
    assert grader.grade(rec.path, record=read_journal(rec.path)).debrief == graded.debrief
    exam = record(scenario, tmp_path / "b", seed=3, moves=1, mode="exam", hint_at=1, draft=True, finish=False)
    drafts = {m: [f.wording.key for f in g.debrief.written.findings if f.wording.key.startswith("writing.draft")]
              for m, g in (("practice", graded), ("exam", grader.grade(exam.path)))}
    assert drafts == {"practice": ["writing.draft.practice"], "exam": ["writing.draft.exam"]}


def test_each_scenario_is_loaded_once_and_has_one_bounded_memo(scenario, tmp_path):
    grader = Grader()
    first, second = (record(scenario, tmp_path / str(i), seed=i, moves=2) for i in (1, 2))
    a, b = grader.grade(first.path), grader.grade(second.path)
    assert grader.loads == 1 and a.session.scenario is b.session.scenario
    assert grader.rubric is grader.rubric and grader.rubric == default_rubric()
    assert grader.trust_seals and not Grader(trust_seals=False).trust_seals  # a cohort trusts seals unless told
    memo = grader._memo(a.session.scenario)
    assert memo is grader._memo(b.session.scenario) and memo.limit == MEMO_LIMIT
    # another scenario (another content hash) is loaded on its own
    other_file = tmp_path / "autre" / "examen.yaml"
    other_file.parent.mkdir()
    other_file.write_text(Path(scenario.file).read_text("utf-8").replace('title: "Examen"', 'title: "Autre"'), "utf-8")
    other = load_scenario(other_file)
    c = grader.grade(record(other, tmp_path / "c", seed=1, moves=2).path)
    assert grader.loads == 2 and c.session.scenario.title == "Autre" and grader._memo(c.session.scenario) is not memo
    assert grader.grade(first.path).session.scenario is a.session.scenario and grader.loads == 2


def test_a_changed_scenario_is_replayed_by_choice_ids_with_a_notice(scenario, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "examen.yaml"
    path.write_text(Path(scenario.file).read_text("utf-8"), "utf-8")
    rec = record(load_scenario(path), tmp_path / "j", seed=5, moves=2)
    path.write_text(path.read_text("utf-8").replace("Un scénario d'épreuve.", "Un scénario revu."), "utf-8")
    graded = Grader().grade(rec.path)
    assert graded.error is None and graded.debrief is not None
    assert graded.notices == ["le scénario a été modifié depuis cette session : rejeu par identifiants de choix"]
    assert graded.notices[0]("en") == "the scenario has changed since this session: replayed by choice ids"


def test_a_move_the_scenario_no_longer_offers_names_its_turn(scenario, tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "examen.yaml"
    path.write_text(Path(scenario.file).read_text("utf-8"), "utf-8")
    rec = RecordedSession.start(load_scenario(path), seed=5, folder=tmp_path / "j", index=NullIndex())
    rec.step(ChoiceInput("presenter"))
    gone = next(c.id for c in rec.session.choices() if c.id.startswith("traiter"))
    rec.step(ChoiceInput(gone))  # the second move: the first still replays
    path.write_text(path.read_text("utf-8").replace(f"{{id: {gone},", "{id: autre-chose,"), "utf-8")
    graded = Grader().grade(rec.path)
    assert graded.error.startswith("rejeu impossible : tour 2 : ") and graded.debrief is None and graded.session is None
    assert graded.record is not None  # what was read is kept for the report


def test_a_journal_that_cannot_be_read_or_replayed_says_why(scenario, tmp_path):
    not_json = tmp_path / "x.jsonl"
    not_json.write_text("pas un journal\n", "utf-8")
    graded = Grader().grade(not_json)
    assert graded.error.startswith("rejeu impossible : ") and graded.record is None and graded.debrief is None
    assert graded.path == not_json and graded.header == {} and graded.outcome is None
    missing = Grader().grade(tmp_path / "absent.jsonl")
    assert missing.error.startswith("rejeu impossible : ")
    # a journal whose scenario is nowhere to be found
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "examen.yaml"
    path.write_text(Path(scenario.file).read_text("utf-8"), "utf-8")
    rec = record(load_scenario(path), tmp_path / "j", seed=1, moves=1)
    path.unlink()
    lost = Grader().grade(rec.path)
    assert lost.error.startswith("rejeu impossible : ") and lost.record is not None and lost.debrief is None


def test_a_record_the_scorer_cannot_grade_is_an_error_not_a_crash(scenario, tmp_path, monkeypatch):
    rec = record(scenario, tmp_path, seed=2, moves=2)

    def broken(*args, **kwargs):
        raise RuntimeError("barème cassé")

    monkeypatch.setattr("simulator.scoring.score", broken)
    graded = Grader().grade(rec.path)
    assert graded.error == "correction impossible : barème cassé" and graded.debrief is None
    assert graded.session is not None and graded.session.turns == rec.session.turns


def test_the_outcome_is_the_last_end_line():
    def graded(*records):
        return Graded(Path("r.jsonl"), record=SimpleNamespace(header={"seed": 1}, records=list(records)))

    assert graded({"type": "header"}, {"type": "choice", "outcome": "success"}).outcome is None
    assert graded({"type": "end", "outcome": "failure"}, {"type": "end", "outcome": "time_up"}).outcome == "time_up"
    assert graded({"type": "end"}).outcome is None
    assert graded().header == {"seed": 1} and Graded(Path("r")).header == {} and Graded(Path("r")).outcome is None


def test_a_journal_without_a_seed_replays_with_seed_zero(scenario, tmp_path):
    rec = record(scenario, tmp_path, seed=0, moves=2)
    lines = rec.path.read_text("utf-8").splitlines()
    assert json.loads(lines[0])["seed"] == 0
    graded = Grader().grade(rec.path)
    assert graded.session.seed == 0 and graded.session.turns == rec.session.turns
    for seed in (None, "absent"):  # a header that does not say (an old or hand-made one): seed 0 as well
        journal = read_journal(rec.path)
        if seed is None:
            journal.header["seed"] = None
        else:
            del journal.header["seed"]
        graded = Grader().grade(rec.path, record=journal)
        assert graded.session.seed == 0 and graded.session.turns == rec.session.turns


def test_records_without_a_content_hash_are_told_apart_by_their_scenario(scenario, tmp_path):
    other_file = tmp_path / "b" / "examen-b.yaml"
    other_file.parent.mkdir()
    other_file.write_text(Path(scenario.file).read_text("utf-8").replace("id: examen\n", "id: examen-b\n"), "utf-8")
    other = load_scenario(other_file)
    grader = Grader()
    ids = []
    for sc, folder in ((scenario, "j1"), (other, "j2")):
        journal = read_journal(record(sc, tmp_path / folder, seed=1, moves=2).path)
        del journal.header["scenario_hash"]  # an old or hand-made header: no hash to key the cache with
        ids.append(grader.grade(journal.path, record=journal).session.scenario.id)
    assert ids == ["examen", "examen-b"] and grader.loads == 2


def test_situations_met_again_are_not_graded_again(scenario, tmp_path, monkeypatch):
    """The grader's point in a cohort: a journal's situations, met again, come from the scenario's memo."""
    import simulator.scoring.scorer as scorer_module

    rec = record(scenario, tmp_path, seed=4, moves=4)
    grader = Grader()
    first = grader.grade(rec.path).debrief
    work: list[str] = []
    real_try, real_plan = scorer_module.try_move, scorer_module._plan_turn
    monkeypatch.setattr(scorer_module, "try_move", lambda *a: work.append("play") or real_try(*a))
    monkeypatch.setattr(scorer_module, "_plan_turn", lambda *a: work.append("plan") or real_plan(*a))
    again = grader.grade(rec.path).debrief
    assert work == [] and again == first
    assert Grader().grade(rec.path).debrief == first and work  # a new grader has it all to do again
