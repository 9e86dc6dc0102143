"""The mark-only path with a shared memo (``scorer.marks(..., memo=...)``, what ``negosim simulate`` runs) gives the
marks of a debrief scored afresh, when the memo has not been filled by debriefs first (mutation testing found it
unguarded: tools/mutate.py; the older tests scored each session with the memo before marking it, so every grade
the marks read was already in the memo). And the memo's keys: a situation is told apart by its price record, a
move's grade by the variables its rules read, a session's marks by how it ended.

Each test compares what the memo gives with what scoring afresh gives, on paths that differ only in what the
part of the key under test reads.
"""

from __future__ import annotations

import textwrap
from functools import cache

import pytest
from factories import MINI_HEAD
from test_engine import edit
from test_mutants_scorer import PRICE, PRICE_SPEC, RUBRIC, SCENARIO, rubric, scenario
from test_mutants_scorer_evidence import FAULT_RUBRIC
from test_mutants_scorer_marks import OBJECTIVE
from test_perf_marks import marks_of
from test_scoring_scenarios import nego, play

from simulator.engine.session import EngineError
from simulator.scoring import default_rubric, score
from simulator.scoring.rubric import load_rubric_text
from simulator.scoring.scorer import ScoringMemo, marks


def assert_marks_agree(scenario, rubric, paths, ending: str | None = None) -> None:
    """The marks of each path, with one memo shared by them all and filled by the marks alone, are the marks of
    its debrief scored afresh."""
    memo = ScoringMemo(scenario, rubric)
    for turns in paths:
        expected = marks_of(score(scenario, rubric, turns, ending=ending))
        assert marks(scenario, rubric, turns, ending=ending, memo=memo) == expected, [t.input for t in turns]


def assert_debriefs_agree(scenario, rubric, paths) -> None:
    memo = ScoringMemo(scenario, rubric)
    for turns in paths:
        assert score(scenario, rubric, turns, memo=memo) == score(scenario, rubric, turns), [t.input for t in turns]


# Random sessions of the negotiation (run_policy, seeds 1 to 19) where a memo counting a turn's flaws, missed
# opportunities or history wrongly gives other marks: each with the session before it that fills the memo.
NEGO_MARKED = [
    ("ouvrir", "reflet", "argumenter", "cap", "conclure", "nier", 1000, (850, "volume"), (850, "duree"), "creuser",
     "repondre", "justifier", (900, "paiement"), "partir"),
    ("ouvrir", "enchainer", "argumenter", "cap", "nier", (850, "paiement"), 1000, (900, "duree"), 800, "conclure",
     "conclure", "nier", 900, "creuser", "repondre", 775, "merci"),
    ("ouvrir", "reflet", "argumenter", "cap", "conclure", "nier", (850, "duree"), 800, (900, "paiement"),
     (900, "duree"), "nier", 800, "conclure", "creuser", "repondre", (850, "paiement"), "merci"),
    ("ouvrir", "reflet", "resumer", "cap", "conclure", "creuser", "repondre", (900, "duree"), (900, "paiement"),
     "justifier", 1000, (850, "duree"), "merci"),
    ("ouvrir", "enchainer", "resumer", "liste", "nier", 800, (850, "duree"), (900, "volume"), (900, "paiement"),
     "conclure", "creuser", "repondre", 900, "recap"),
]


def test_marks_with_a_memo_filled_by_marks_alone_are_the_debriefs_marks():
    """A turn's tallies are worked out from the grades of the moves on offer, graded after the turn's own
    history: every weakness and missed opportunity counted (the ceilings read them), none taken for another."""
    assert_marks_agree(nego(), default_rubric(), [play(nego(), *p).turns for p in NEGO_MARKED])


# Two closes reached with the same variables, once-only choices and history, but other price records (the
# counterparts obtained differ, not their number): the moves on offer there play otherwise.
NEGO_RECORDS = [
    ("fermer", "enchainer", "resumer", "liste", "nier", (850, "duree"), 900, 800, "justifier", 775, "conclure",
     "nier", (850, "volume"), "creuser", "repondre", "partir"),
    ("pitcher", "enchainer", "resumer", "liste", "nier", "justifier", (850, "volume"), (900, "paiement"),
     (850, "volume"), 775, "conclure", "nier", (900, "volume"), "creuser", "repondre", 900, "recap"),
]


def test_the_memo_tells_apart_situations_that_differ_only_in_their_price_record():
    assert_debriefs_agree(nego(), default_rubric(), [play(nego(), *p).turns for p in NEGO_RECORDS])


# A client that climbs slowly (a tenth of the gap a round, to the nearest 10): 860, 860, 870. Raising one's price
# makes it hold its figure (a hold, not a concession of its own); offering the same price twice does not. Both
# reach their third turn with the same variables, counters and history; only the holds differ, so the client
# then accepts 870 from the second learner (a deal above the floor, graded on a concession too) and not from the
# first: price is assessed on one path only.
HOLDS = edit(PRICE, "  target: 900\n  floor: 800\n  client: {opening: 860, reservation: 950, max_rounds: 4}",
             "  target: 870\n  floor: 862\n"
             "  client: {opening: 860, reservation: 950, max_rounds: 6, concession_rate: 0.1, step: 10}")
HOLDS_RUBRIC = RUBRIC.replace("acts: [annonce_prix]", "acts: [annonce_prix, concession_sans_contrepartie]")


def test_marks_with_a_memo_tell_apart_price_records_that_differ_only_in_the_clients_holds():
    sc, grid = scenario(HOLDS), load_rubric_text(HOLDS_RUBRIC, "tenue.yaml")
    raised, held = (play(sc, *p) for p in ((1000, 1050, "rien"), (1050, 1050, "rien")))
    assert (raised.negotiation.counters, raised.negotiation.holds) == ([860, 860], 1)
    assert (held.negotiation.counters, held.negotiation.holds) == ([860, 860], 0)
    assert raised.turns[-1].before == held.turns[-1].before
    assert [marks_of(score(sc, grid, s.turns)).levels["c_prix"] for s in (raised, held)] == ["non_evalue", "non_acquis"]
    assert_marks_agree(sc, grid, [raised.turns, held.turns])


def test_a_price_move_first_met_as_the_learners_own_is_tried_later_on_the_situations_price_record():
    """The first session accepts the deal at 850 (the best move there: 2 points on price); the second, in the
    same situation, greets instead: the offer it did not make is tried then, on the price record of the
    situation, and quoted as the missed opportunity it was."""
    sc = scenario(PRICE)
    paths = [play(sc, 850).turns, play(sc, "rien", "merci").turns]
    assert_debriefs_agree(sc, rubric(), paths)
    assert_marks_agree(sc, rubric(), paths)
    prix = score(sc, rubric(), paths[1]).criteria["c_prix"]
    assert (prix.points, prix.max) == (0, 2)


# A variable a rule reads: a closed question counts only once a concession was made (a first offer below the list
# price is one)
MOOD_RUBRIC = RUBRIC.replace("acts: [question_fermee], points: 1,",
                             "acts: [question_fermee], if: \"concessions > 0\", points: 1,")


@cache
def mood_rubric():
    return load_rubric_text(MOOD_RUBRIC, "concessions.yaml")


def test_a_moves_grade_is_shared_only_between_situations_where_the_variables_its_rules_read_agree():
    sc, grid = scenario(PRICE), mood_rubric()
    paths = [play(sc, 950, "fermee", "merci").turns, play(sc, "rien", "fermee", "merci").turns]
    assert [t[1].before["concessions"] for t in paths] == [1, 0]
    assert [score(sc, grid, t).criteria["c_ecoute"].points for t in paths] == [1, 0]
    assert_debriefs_agree(sc, grid, paths)
    assert_marks_agree(sc, grid, paths)


# ---------------------------------------------------------------- how the session ended

WITH_OBJECTIVE = RUBRIC.replace("judgement:", OBJECTIVE, 1)
# thanking can also lose the sale: the same accounts as thanking and leaving, another outcome
LOST = edit(edit(SCENARIO, "      - {id: merci,",
                 '      - {id: merci-perdu, text: "Merci, je vous laisse.", acts: [remerciement], next: perdu}\n'
                 "      - {id: merci,"),
            "  fin:\n", '  perdu:\n    phase: fin\n    end: {outcome: failure, summary: "Perdu."}\n  fin:\n')


@cache
def objective_rubric():
    return load_rubric_text(WITH_OBJECTIVE, "objectif.yaml")


def test_sessions_with_the_same_accounts_but_another_ending_keep_their_own_marks():
    sc, grid = scenario(LOST), objective_rubric()
    won, lost = (play(sc, "rien", "fermee", last).turns for last in ("merci", "merci-perdu"))
    assert [score(sc, grid, t).objective.status for t in (won, lost)] == ["success", "failure"]
    assert marks_of(score(sc, grid, won)).mark != marks_of(score(sc, grid, lost)).mark
    assert_marks_agree(sc, grid, [won, lost])
    assert_marks_agree(sc, grid, [lost, won])


@pytest.mark.parametrize("ending", ["time_up", "abandoned"])
def test_an_unfinished_session_is_marked_with_the_ending_its_journal_gives(ending):
    sc, grid = scenario(LOST), objective_rubric()
    turns = play(sc, "rien", "fermee").turns
    stopped = marks_of(score(sc, grid, turns, ending=ending))
    assert stopped.objective == 0.0 and marks_of(score(sc, grid, turns)).objective is None
    assert marks(sc, grid, turns, ending=ending) == stopped  # no memo
    memo = ScoringMemo(sc, grid)  # the same turns, left unfinished first, then stopped
    assert marks(sc, grid, turns, memo=memo) == marks_of(score(sc, grid, turns))
    assert marks(sc, grid, turns, ending=ending, memo=memo) == stopped


def test_a_session_of_one_turn_or_none_is_marked_as_its_debrief():
    sc, grid = scenario(LOST), objective_rubric()
    memo = ScoringMemo(sc, grid)
    for turns in (play(sc, "merci").turns, []):
        assert marks(sc, grid, turns, memo=memo) == marks_of(score(sc, grid, turns))
    empty = marks(sc, grid, [])
    assert (empty.mark, empty.evaluated, empty.objective) == (0.0, False, None)


# ---------------------------------------------------------------- the turns with evidence, and with a strength

@pytest.mark.parametrize("acts, moves", [
    ("question_fermee", ("fermee", "merci")),  # graded on listening by a strength
    ("salutation_presentation", ("rien", "merci")),  # graded on listening by a missed opportunity only
], ids=["strength", "missed"])
def test_a_memo_narrows_a_fault_to_the_criteria_its_turns_were_graded_on(acts, moves):
    # (test_mutants_scorer_markonly.py's case, marked with a memo: the turns with evidence come from its tallies)
    from test_mutants_scorer_markonly import HELLO

    grid = load_rubric_text(FAULT_RUBRIC.replace("acts: [question_fermee]\n    criteria: [c_attitude]",
                                                 f"acts: [{acts}]\n    criteria: [c_attitude, c_ecoute]"),
                            "faute.yaml")
    sc = scenario(SCENARIO if acts == "question_fermee" else HELLO)
    turns = play(sc, *moves).turns
    mine = marks(sc, grid, turns, memo=ScoringMemo(sc, grid))
    assert mine == marks_of(score(sc, grid, turns))
    assert (mine.levels["c_attitude"], mine.levels["c_ecoute"]) == ("acquis", "non_acquis")


# One listening opportunity, taken with a strength worth a third of the best move's points; the close offers
# one move (no opportunity): partly shown, listening is lifted to « en cours ».
PARTLY = "format: 1\nid: mini-comptes\n" + SCENARIO.split("id: mini-comptes\n", 1)[1].split("start:", 1)[0] + \
    textwrap.dedent("""\
    start: accueil
    states:
      accueil:
        phase: decouverte
        say: "Bonjour."
        choices:
          - {id: ouverte, text: "Qu'attendez-vous de nous ?", acts: [question_ouverte], next: cloture}
          - {id: fermee, text: "Vous êtes pressé, je suppose ?", acts: [question_fermee], next: cloture}
      cloture:
        phase: conclusion
        say: "Bien."
        choices:
          - {id: merci, text: "Merci, au revoir.", acts: [remerciement], next: fin}
      fin:
        phase: fin
        end: {outcome: success, summary: "Fini."}
    """)
PARTLY_RUBRIC = (RUBRIC.replace("flawless_ceiling: 1}", "flawless_ceiling: 1, partly_shown: 0.2}")
                 .replace("acts: [question_ouverte], points: 2,", "acts: [question_ouverte], points: 3,"))


def test_a_memo_lifts_a_competency_partly_shown_as_the_debrief_does():
    sc, grid = scenario(PARTLY), load_rubric_text(PARTLY_RUBRIC, "en-partie.yaml")
    turns = play(sc, "fermee", "merci").turns
    full = marks_of(score(sc, grid, turns))
    assert (full.levels["c_ecoute"], full.criteria["c_ecoute"]) == ("en_cours", 8.0)  # 1/3, lifted to 0.4
    assert marks(sc, grid, turns, memo=ScoringMemo(sc, grid)) == full


# ---------------------------------------------------------------- a move on offer the engine refuses

# The one choice on offer at the price leads into two states whose automatic transitions send the client back and
# forth while no price was offered: the engine refuses it (a loop). A vague figure (between 950 and 1000, none of
# the typical offers) costs a point of attitude, which no move on offer can cost.
LOOP = "format: 1\nid: mini-comptes\n" + MINI_HEAD + PRICE_SPEC + textwrap.dedent("""\
    start: prix
    states:
      prix:
        phase: prix
        say: "Votre prix ?"
        negotiation: {accept: fin, walkaway: fin}
        choices:
          - {id: detour, text: "Parlons d'autre chose.", acts: [question_ouverte], next: boucle}
      boucle:
        phase: decouverte
        say: "Hum."
        auto:
          - if: "price_offers == 0"
            next: retour
        choices:
          - {id: rester, text: "Bien.", acts: [question_fermee], next: prix}
      retour:
        phase: decouverte
        say: "Donc."
        auto:
          - if: "price_offers == 0"
            next: boucle
        choices:
          - {id: revenir, text: "Revenons au prix.", acts: [question_fermee], next: prix}
      fin:
        phase: fin
        end: {outcome: success, summary: "Fini."}
    """)
THANK = "- {id: r_merci, acts: [remerciement], points: 1, explain_fr: Merci., explain_en: Thanks.}"
VAGUE_RUBRIC = RUBRIC.replace(THANK, THANK + '\n          - {id: r_flou, acts: [annonce_prix], if: "offer_amount > 950 and '
                              'offer_amount < 1000", points: -1, missable: false, explain_fr: Flou., explain_en: Vague.}')


def test_a_move_on_offer_the_engine_refuses_is_no_alternative_with_a_memo_either():
    sc, grid = scenario(LOOP), load_rubric_text(VAGUE_RUBRIC, "flou.yaml")
    with pytest.raises(EngineError, match="boucle"):
        play(sc, "detour")
    paths = [play(sc, *p).turns for p in ((975,), (975, 900), (850,))]
    # the vague figure is the learner's own, not one of the moves on offer: attitude had no opportunity
    assert score(sc, grid, paths[0]).criteria["c_attitude"].level == "non_evalue"
    assert_debriefs_agree(sc, grid, paths)
    assert_marks_agree(sc, grid, paths)


def test_a_memo_marks_a_batch_again_without_playing_grading_planning_or_working_out_a_grid(monkeypatch):
    """What the memo is for in the mark-only path (``negosim simulate`` marks thousands of sessions at about the
    engine's speed): a situation's moves are played once, a turn's tallies and a session's marks worked out once."""
    from simulator.scoring import scorer as scorer_module
    from simulator.scoring.scorer import Grader

    sc, grid = nego(), default_rubric()
    paths = [play(sc, *p).turns for p in NEGO_MARKED[:3]]
    memo = ScoringMemo(sc, grid)
    first = [marks(sc, grid, turns, memo=memo) for turns in paths]
    work: list[str] = []
    real_try, real_plan, real_grade, real_grid = (scorer_module.try_move, scorer_module._plan_turn, Grader.grade,
                                                  scorer_module._grid)
    monkeypatch.setattr(scorer_module, "try_move", lambda *a: work.append("play") or real_try(*a))
    monkeypatch.setattr(scorer_module, "_plan_turn", lambda *a: work.append("plan") or real_plan(*a))
    monkeypatch.setattr(Grader, "grade", lambda *a: work.append("grade") or real_grade(*a))
    monkeypatch.setattr(scorer_module, "_grid", lambda *a: work.append("grid") or real_grid(*a))
    assert [marks(sc, grid, turns, memo=memo) for turns in paths] == first
    assert work == []


# ---------------------------------------------------------------- the history a rule reads

# A move that greets and discovers the need (as greeting does, for the acts), and one that greets and asks a closed
# question; rules that read the history: the need just discovered (a whole field), the acts of the move before
# and of every move before, tested for one act each (sets cut down to the acts tested).
HISTORY = edit(SCENARIO, "      - {id: merci,",
               '      - {id: decouvre, text: "Bonjour, et vos délais ?", acts: [salutation_presentation], discovers: [delai], '
               "next: accueil}\n"
               '      - {id: double, text: "Bonjour, pressé ?", acts: [salutation_presentation, question_fermee], '
               "next: accueil}\n      - {id: merci,")
OPEN, CLOSED = "acts: [question_ouverte], points: 2,", "acts: [question_fermee], points: 1,"
MERCI = "acts: [remerciement], points: 1,"
HISTORY_RUBRICS = {
    # two sets cut down, one whole field
    "three": (RUBRIC.replace(OPEN, OPEN.replace("points", "if: \"'question_fermee' in earlier_acts\", points"))
              .replace(CLOSED, CLOSED.replace("points", 'if: "prev_new_needs > 0", points'))
              .replace(MERCI, MERCI.replace("points", "if: \"'question_fermee' in prev_acts\", points"))),
    # one set cut down, nothing else
    "one": RUBRIC.replace(OPEN, OPEN.replace("points", "if: \"'question_fermee' in earlier_acts\", points")),
    # sets read whole (compared): not cut down
    "sets": RUBRIC.replace(MERCI, MERCI.replace("points", 'if: "prev_acts != earlier_acts", points')),
}
# pairs of paths whose last turns meet the same situation and move after histories that differ in one thing
HISTORY_PATHS = {
    "prev_new_needs": [("decouvre", "rien", "fermee"), ("rien", "decouvre", "fermee")],
    "prev_acts": [("rien", "double", "merci"), ("double", "rien", "merci")],
    "earlier_acts": [("double", "rien", "ouverte-insistante"), ("rien", "rien", "ouverte-insistante")],
}


@pytest.mark.parametrize("grid, differs", [("three", "prev_new_needs"), ("three", "prev_acts"),
                                           ("three", "earlier_acts"), ("one", "earlier_acts"),
                                           ("sets", "prev_acts")])
def test_the_memo_tells_apart_histories_that_differ_only_in_what_a_rule_reads(grid, differs):
    sc, rules = scenario(HISTORY), load_rubric_text(HISTORY_RUBRICS[grid], "historique.yaml")
    paths = [play(sc, *p).turns for p in HISTORY_PATHS[differs]]
    assert paths[0][-1].before == paths[1][-1].before  # the same situation: only the history tells them apart
    assert score(sc, rules, paths[0]).mark != score(sc, rules, paths[1]).mark
    assert_debriefs_agree(sc, rules, paths)
    assert_marks_agree(sc, rules, paths)


# ---------------------------------------------------------------- the typical offers, the written work's mode

# A tiny price: the floor is 1, the one figure the client accepts; any deal counts on price.
FLOOR_ONE = edit(PRICE, "  list: 1000\n  target: 900\n  floor: 800\n  client: {opening: 860, reservation: 950, max_rounds: 4}",
                 "  list: 10\n  target: 3\n  floor: 1\n  client: {opening: 1, reservation: 2, max_rounds: 4}")
ANY_DEAL = RUBRIC.replace('if: "deal_now and offer_amount > floor"', 'if: "deal_now"')


def test_an_offer_of_1_is_one_of_the_typical_offers():
    sc, grid = scenario(FLOOR_ONE), load_rubric_text(ANY_DEAL, "accord.yaml")
    prix = score(sc, grid, play(sc, "rien", "merci").turns).criteria["c_prix"]
    assert (prix.points, prix.max, prix.evaluated) == (0, 2, True)  # the floor, 1, was on offer: a deal missed


def test_a_draft_handed_in_at_an_exam_is_named_as_such_in_the_debrief():
    from test_written_grading import GOOD_SHEET
    from written_support import machine, machine_turns, saved

    for mode in ("practice", "exam"):
        d = score(machine(), default_rubric(), machine_turns(), works=saved(GOOD_SHEET, final=False), mode=mode)
        assert [f.wording.key for f in d.written.findings if f.wording.key.startswith("writing.draft")] == \
            [f"writing.draft.{mode}"]


def test_a_session_with_written_work_stopped_by_the_clock_counts_its_objective_as_missed():
    from test_written_grading import GOOD_SHEET
    from written_support import machine, machine_turns, saved

    turns = machine_turns()[:2]
    assert turns[-1].outcome is None
    d = score(machine(), default_rubric(), turns, works=saved(GOOD_SHEET), ending="time_up")
    assert (d.objective.status, d.objective.ratio) == ("time_up", 0.0)
