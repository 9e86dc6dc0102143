"""A shared scoring memo tells an ethical fault from another fault that caps the same criterion as much: the
ethical one also caps the block and the mark (``judgement``), so two sessions whose accounts are the same but
whose faults differ only in being ethical must not share their marks (found by mutation testing: a memo key
without the flag gave the second session the first one's marks)."""

from __future__ import annotations

from test_engine import edit
from test_mutants_scorer import RUBRIC, SCENARIO
from test_scoring_scenarios import play

from simulator.content.loader import load_scenario_text
from simulator.scoring import score
from simulator.scoring.rubric import load_rubric_text
from simulator.scoring.scorer import ScoringMemo, marks

# Two faults with the same cap on the same criterion, read from acts no criterion's rule reads: only the flag differs.
FAULTS = """faults:
  - {id: denigre, label_fr: Dénigrement, label_en: Disparaging, acts: [denigrement_concurrent], criteria: [c_attitude],
     cap: en_cours, ethical: true, explain_fr: Dénigrement., explain_en: Disparaging.}
  - {id: promet, label_fr: Promesse, label_en: Promise, acts: [promesse_intenable], criteria: [c_attitude],
     cap: en_cours, ethical: false, explain_fr: Promesse., explain_en: Promise.}
judgement:"""

FERMEE = '      - {id: fermee, text: "Vous êtes pressé, je suppose ?", acts: [question_fermee], next: accueil}'
# two open questions, one disparaging a competitor, the other promising what cannot be kept
SCENARIO_FAULTS = edit(SCENARIO, FERMEE, FERMEE + """
      - {id: ouverte-denigre, text: "Qu'attendez-vous, que l'autre ne fait pas ?",
         acts: [question_ouverte, denigrement_concurrent], next: accueil}
      - {id: ouverte-promet, text: "Qu'attendez-vous ? Nous ferons tout.",
         acts: [question_ouverte, promesse_intenable], next: accueil}""")


def test_an_ethical_fault_is_not_given_the_marks_of_the_same_fault_not_ethical():
    rubric = load_rubric_text(RUBRIC.replace("judgement:", FAULTS, 1), "fautes.yaml")
    scenario = load_scenario_text(SCENARIO_FAULTS, "ethique.yaml")
    ethical = play(scenario, "ouverte-denigre", "merci").turns
    other = play(scenario, "ouverte-promet", "merci").turns
    alone = {"ethical": marks(scenario, rubric, ethical), "other": marks(scenario, rubric, other)}
    # the same accounts (an open question, thanks), the same cap on attitude: only the block's cap differs
    assert score(scenario, rubric, ethical).criteria["c_attitude"].mark == \
        score(scenario, rubric, other).criteria["c_attitude"].mark
    assert alone["ethical"].mark < alone["other"].mark
    for first, second in (("other", "ethical"), ("ethical", "other")):
        memo = ScoringMemo(scenario, rubric)
        paths = {"ethical": ethical, "other": other}
        assert marks(scenario, rubric, paths[first], memo=memo) == alone[first]
        assert marks(scenario, rubric, paths[second], memo=memo) == alone[second]
