"""The jury's question bank: the bundled file, located errors, the draw for one candidate, the auto pre-grade."""

from __future__ import annotations

import copy
import json
import textwrap
from types import SimpleNamespace

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.content.bundled import bundled_scenario_files, rubrics_dir
from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.scoring.debrief import Evidence, TurnNote
from simulator.written.bank import default_bank, draw_questions, load_bank_text
from simulator.written.pre_grade import pre_grade

BANK_TEXT = (rubrics_dir() / "jury-questions.yaml").read_text(encoding="utf-8")
BANK_DATA = yaml.safe_load(BANK_TEXT)
SCENARIOS = {p.stem: load_scenario(p) for p in bundled_scenario_files()}


def _turn(number: int, points: int, learner: str = "") -> TurnNote:
    evidence = (Evidence(number, "n_prix", "strength" if points > 0 else "weakness", points, "r", learner or "x", "",
                         ""),)
    return TurnNote(number, "s", "prix", "client", learner or f"Réplique du tour {number}.", (), (), evidence)


def _debrief(*turns: TurnNote) -> SimpleNamespace:
    return SimpleNamespace(turns=turns)


def _bank_with(questions: list[dict], **head: object) -> str:
    data = {"format": 1, "id": "essai", **head, "questions": questions}
    return json.dumps(data, ensure_ascii=False, indent=1)  # JSON is YAML, and much faster to write


def _errors(text: str) -> list:
    with pytest.raises(ContentError) as exc:
        load_bank_text(text, "banque.yaml")
    return exc.value.diagnostics


# ---------------------------------------------------------------- the bundled bank

def test_bundled_bank_has_enough_questions_of_every_kind():
    bank = default_bank()
    kinds = [q.kind for q in bank.questions]
    assert len(kinds) >= 30
    assert kinds.count("turn") >= 4 and kinds.count("reflection") >= 5 and kinds.count("knowledge") >= 20
    assert bank.warnings == ()


def test_every_expected_answer_passes_its_own_pre_grade():
    """The auto spec and the expected answer are written together: the jury's model answer must be « correct »
    in both languages, or the spec asks for something the answer does not say."""
    checked = 0
    for q in default_bank().questions:
        if q.auto is None:
            continue
        assert pre_grade(q.auto, q.expected_fr, "fr") == "correct", q.id
        assert pre_grade(q.auto, q.expected_en, "en") == "correct", q.id
        assert pre_grade(q.auto, "", "fr") == "wrong", q.id
        checked += 1
    assert checked >= 25


def test_every_knowledge_question_of_the_bank_is_pre_graded():
    assert [q.id for q in default_bank().questions if q.kind == "knowledge" and q.auto is None] == []


@pytest.mark.parametrize(("answer", "grade"), [
    ("Du lundi au vendredi, de 10 h à 13 h et de 14 h à 20 h.", "correct"),
    ("En semaine de 10h00 à 13h00, l'après-midi je ne sais plus", "partial"),
    ("De neuf heures à dix-huit heures, tous les jours", "wrong"),
    ("du lundi au vendredi, de dix heures à treize heures et de quatorze à vingt heures", "correct"),
])
def test_pre_grade_reads_days_and_hours_in_figures_or_words(answer, grade):
    auto = default_bank().get("demarchage_horaires").auto
    assert pre_grade(auto, answer) == grade


def test_pre_grade_matches_word_beginnings_and_ignores_case_and_accents():
    auto = default_bank().get("penalites_retard").auto
    assert pre_grade(auto, "Des PÉNALITÉS et quarante euros d'indemnité") == "correct"
    assert pre_grade(auto, "une pénalité") == "partial"
    assert pre_grade(auto, "rien du tout, il paie quand il peut") == "wrong"
    withdrawal = default_bank().get("retractation_b2b").auto
    assert pre_grade(withdrawal, "Nous avons quatorze jours.") == "partial"  # « nous » is not the form « no »
    assert pre_grade(withdrawal, "Non, c'est pour les consommateurs.") == "partial"
    assert pre_grade(withdrawal, "Non : les 14 jours protègent les consommateurs.") == "correct"


# ---------------------------------------------------------------- located errors

def test_a_misspelt_key_is_located_with_a_suggestion():
    text = BANK_TEXT.replace("    text_en: \"On which days", "    txt_en: \"On which days", 1)
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("    txt_en:"))) + 1
    diags = _errors(text)
    assert any(d.code == "NS060" and d.line == line and "text_en" in d.render() for d in diags)


def test_a_duplicate_question_is_refused_at_its_id():
    q = BANK_DATA["questions"][0]
    diags = _errors(_bank_with(BANK_DATA["questions"] + [copy.deepcopy(q)]))
    assert [d.code for d in diags] == ["NS061"]
    assert diags[0].where == f"questions[{len(BANK_DATA['questions'])}].id" and diags[0].line > 1


def test_turn_questions_must_quote_their_turn_and_only_known_values():
    questions = copy.deepcopy(BANK_DATA["questions"])
    questions[0]["text_fr"] = "Au tour, vous avez dit « {ligne} » : pourquoi ?"
    messages = [d.message for d in _errors(_bank_with(questions)) if d.code == "NS062"]
    assert any("{ligne}" in m for m in messages) and any("{n}" in m for m in messages)


def test_knowledge_questions_quote_nothing_and_turn_questions_are_not_pre_graded():
    questions = copy.deepcopy(BANK_DATA["questions"])
    knowledge = next(q for q in questions if q["kind"] == "knowledge")
    knowledge["text_fr"] += " Au tour {n} ?"
    questions[0]["auto"] = {"groups": [["x"]]}
    wheres = {d.where for d in _errors(_bank_with(questions)) if d.code == "NS062"}
    assert f"questions[{questions.index(knowledge)}].text_fr" in wheres and "questions[0].auto" in wheres


def test_partial_beyond_the_groups_and_empty_forms_are_refused():
    questions = copy.deepcopy(BANK_DATA["questions"])
    i = next(i for i, q in enumerate(questions) if q["id"] == "demarchage_frequence")
    questions[i]["auto"] = {"groups": [[4], ["…"]], "partial": 3}
    wheres = {d.where for d in _errors(_bank_with(questions)) if d.code == "NS062"}
    assert wheres == {f"questions[{i}].auto.partial", f"questions[{i}].auto.groups[1][0]"}


def test_criteria_must_exist_in_the_rubric_and_belong_to_the_questions_blocks():
    questions = copy.deepcopy(BANK_DATA["questions"])
    i = next(i for i, q in enumerate(questions) if q["id"] == "croc")
    questions[i]["criteria"] = ["p_structur", "n_prix"]
    diags = [d for d in _errors(_bank_with(questions, rubric="rncp-27413")) if d.code == "NS063"]
    assert {d.where for d in diags} == {f"questions[{i}].criteria[0]", f"questions[{i}].criteria[1]"}
    assert "p_structure" in diags[0].hint


def test_a_bank_that_cannot_serve_a_draw_is_refused():
    only_prospection = [q for q in BANK_DATA["questions"] if q.get("blocks") == ["prospection"]]
    diags = _errors(_bank_with(only_prospection))
    assert {d.code for d in diags} == {"NS064"}
    assert any("negociation" in d.message for d in diags)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 100), st.text(max_size=10),
                    st.sampled_from(["turn", "knowledge", "{n}", "any", "negociation", "p_structure"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                        st.dictionaries(st.text(max_size=6), inner, max_size=3)),
                      max_leaves=5)


@st.composite
def mutated_banks(draw):
    data = copy.deepcopy(BANK_DATA)
    for _ in range(draw(st.integers(1, 3))):
        q = draw(st.sampled_from(data["questions"]))
        key = draw(st.sampled_from(sorted(q) + ["auto", "turn", "extra"]))
        if draw(st.booleans()) and key in q:
            del q[key]
        else:
            q[key] = draw(values)
    return json.dumps(data, ensure_ascii=False, indent=1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_banks())
def test_a_damaged_bank_loads_or_says_where_never_a_traceback(text):
    try:
        load_bank_text(text, "banque.yaml")
    except ContentError as exc:
        assert exc.diagnostics and all(d.file == "banque.yaml" and d.code.startswith("NS0") for d in exc.diagnostics)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_loads_or_says_where(text):
    try:
        load_bank_text(text, "banque.yaml")
    except ContentError as exc:
        assert exc.diagnostics


# ---------------------------------------------------------------- the draw

def test_the_draw_asks_about_the_weakest_and_strongest_turns_then_knowledge_and_reflection():
    scenario = SCENARIOS["distribution-referencement"]
    debrief = _debrief(_turn(1, 2), _turn(2, -3, "Je peux vous faire 10 % tout de suite."), _turn(3, 5), _turn(4, -1))
    drawn = draw_questions(default_bank(), scenario, debrief, seed=1)
    assert [d.kind for d in drawn] == ["turn", "turn", "reflection", "knowledge"]
    assert [d.turn for d in drawn[:2]] == [2, 3]
    weakest = drawn[0]
    assert "2" in weakest.text and weakest.line == "Je peux vous faire 10 % tout de suite"
    assert "{" not in "".join(d.text_fr + d.text_en for d in drawn)


def test_the_draw_is_the_same_for_the_same_seed_and_varies_with_it():
    scenario = SCENARIOS["assurance-artisan"]
    debrief = _debrief(_turn(1, 1), _turn(2, -2), _turn(3, 4))
    draws = {tuple(d.id for d in draw_questions(default_bank(), scenario, debrief, seed=s)) for s in range(12)}
    again = draw_questions(default_bank(), scenario, debrief, seed=5)
    assert again == draw_questions(default_bank(), scenario, debrief, seed=5)
    assert len(draws) >= 4


def test_without_graded_turns_the_draw_alternates_knowledge_and_reflection():
    for debrief in (None, _debrief()):
        drawn = draw_questions(default_bank(), SCENARIOS["banque-boulangerie"], debrief, seed=3, n=4)
        assert sorted(d.kind for d in drawn) == ["knowledge", "knowledge", "reflection", "reflection"]


def test_one_graded_turn_gives_one_turn_question():
    drawn = draw_questions(default_bank(), SCENARIOS["banque-boulangerie"], _debrief(_turn(4, 2)), seed=0, n=3)
    assert [d.kind for d in drawn] == ["turn", "reflection", "knowledge"] and drawn[0].turn == 4


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(SCENARIOS)), st.integers(0, 10_000), st.integers(1, 8),
       st.lists(st.integers(-5, 5), max_size=6))
def test_drawn_questions_fit_the_scenario_and_never_repeat(name, seed, n, points):
    scenario = SCENARIOS[name]
    bank = default_bank()
    drawn = draw_questions(bank, scenario, _debrief(*(_turn(i + 1, p) for i, p in enumerate(points))), seed, n)
    assert len(drawn) == n
    assert len({d.id for d in drawn}) == n
    for d in drawn:
        q = bank.get(d.id)
        if q is not None:  # a bank question (a scenario's own are named scenario/question)
            assert q.fits(scenario.spec.blocks, scenario.spec.sector)
        assert d.text == (d.text_en if scenario.spec.language == "en" else d.text_fr)
    assert sum(d.kind == "turn" for d in drawn) <= 2


SCENARIO_QUESTIONS = textwrap.dedent("""\
    jury_questions:
      - id: chantier_lyon
        kind: knowledge
        text_fr: "Quelles règles de stationnement pour livrer un chantier en ville ?"
        text_en: "What parking rules apply when delivering a city building site?"
        expected_fr: "Une autorisation de la mairie."
        expected_en: "A permit from the town hall."
    """)


def test_a_scenarios_own_questions_join_the_draw_under_its_name():
    from factories import MINIMAL

    scenario = load_scenario_text(MINIMAL.replace("start:", SCENARIO_QUESTIONS + "start:", 1))
    ids = {d.id for s in range(30) for d in draw_questions(default_bank(), scenario, None, seed=s)}
    assert "mini/chantier_lyon" in ids


def test_a_scenarios_bad_question_is_located():
    from factories import MINIMAL

    bad = SCENARIO_QUESTIONS.replace('"Quelles règles', '"Au tour {n}, quelles règles')
    with pytest.raises(ContentError) as exc:
        load_scenario_text(MINIMAL.replace("start:", bad + "start:", 1), "s.yaml")
    d = next(d for d in exc.value.diagnostics if d.code == "NS118")
    assert d.where == "jury_questions[0].text_fr" and d.line > 1


def test_a_scenarios_questions_cite_criteria_of_its_blocks(tmp_path):
    from factories import MINIMAL

    from simulator.content.kinds import check_file

    cited = SCENARIO_QUESTIONS + "    criteria: [n_prix, p_structure, n_prixx]\n"
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL.replace("start:", cited + "start:", 1), encoding="utf-8")
    _, diags = check_file(path)
    found = {(d.code, d.where, d.severity) for d in diags if d.code == "NS118"}
    assert found == {("NS118", "jury_questions[0].criteria[1]", "error"), ("NS118", "jury_questions[0].criteria[2]", "error")}
    assert "n_prix" in next(d.hint for d in diags if d.where == "jury_questions[0].criteria[2]")


def test_the_bank_validates_against_its_committed_schema():
    jsonschema = pytest.importorskip("jsonschema")
    from simulator.content import schema

    committed = json.loads(schema.path_of("jury-questions").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(committed).iter_errors(BANK_DATA)) == []
    broken = copy.deepcopy(BANK_DATA)
    broken["questions"][0]["kind"] = "quiz"
    assert list(jsonschema.Draft7Validator(committed).iter_errors(broken))


forms = st.one_of(st.integers(0, 100), st.text("abcdeéèfgh ", min_size=1, max_size=12).filter(lambda t: t.strip()))


# answers of plain words and figures (numbers in words may join across the added text: « vingt » + « et un » is 21)
answers = st.lists(st.one_of(st.sampled_from(["délai", "jours", "fin de mois", "pénalités", "HT", "de", "à", ",", "."]),
                             st.integers(0, 2000).map(str), st.text("abcdeéèfgh", min_size=1, max_size=8)),
                   max_size=8).map(" ".join)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(forms, min_size=1, max_size=3), min_size=1, max_size=4), answers, answers, st.integers(1, 4))
def test_saying_more_never_lowers_a_pre_grade(groups, answer, more, partial):
    """Adding words to an answer can only find more groups; an answer stating one form of each group is correct."""
    from simulator.content.spec import AutoSpec

    auto = AutoSpec(groups=groups, partial=min(partial, len(groups)))
    order = ["wrong", "partial", "correct"]
    assert order.index(pre_grade(auto, answer + " " + more)) >= order.index(pre_grade(auto, answer))
    stating_all = " ; ".join(str(group[0]) for group in groups)
    assert pre_grade(auto, stating_all) == "correct"


def test_questions_written_for_the_case_come_up_more_often_than_any_general_one():
    from collections import Counter

    for name, specific in (("immobilier-mandat", "immobilier-mandat/rappel_samedi"), ("btp-chef-chantier", "decennale")):
        counts = Counter(d.id for s in range(300) for d in draw_questions(default_bank(), SCENARIOS[name], None, s)
                         if d.kind == "knowledge")
        general = max(n for qid, n in counts.items() if "/" not in qid and not default_bank().get(qid).sectors)
        assert counts[specific] > general, (name, counts.most_common(4))


def test_negosim_validate_knows_the_bank_and_says_where(tmp_path):
    from click.testing import CliRunner

    from simulator.cli.main import cli

    bad = tmp_path / "questions.yaml"
    bad.write_text(BANK_TEXT.replace("  - id: tour_autrement\n", "  - id: tour_pourquoi\n", 1), encoding="utf-8")
    line = BANK_TEXT.splitlines().index("  - id: tour_autrement") + 1
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{bad}:{line}:" in result.output and "[NS061]" in result.output
