"""The RNCP 27413 rubric: it loads, covers the fixed criteria of both blocks, and bad rubrics are reported
like bad scenarios (located, coded, with a hint)."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINI_RUBRIC_HEAD

from simulator.cli.main import cli
from simulator.content import schema
from simulator.content.acts import default_catalogue
from simulator.content.bundled import bundled_scenario_files
from simulator.content.diagnostics import ContentError
from simulator.content.kinds import check_file
from simulator.content.loader import load_scenario, load_scenario_text
from simulator.content.yaml_source import parse_document
from simulator.scoring import default_rubric
from simulator.scoring.crosscheck import exercisable, rubric_crosscheck, scenario_crosscheck
from simulator.scoring.rubric import load_rubric_text

ROOT = Path(__file__).resolve().parent.parent
RUBRIC = ROOT / "rubrics" / "rncp-27413.yaml"

PROSPECTION = ["p_interlocuteur", "p_structure", "p_interet", "p_objections", "p_engagement"]
NEGOCIATION = ["n_questionnement", "n_reformulation", "n_analyse_besoins", "n_argumentation", "n_objections",
               "n_prix", "n_conclusion", "n_reclamation"]


def test_bundled_rubric_loads_clean_and_covers_every_fixed_criterion():
    rubric = default_rubric()
    assert rubric.warnings == ()
    assert [c.id for c in rubric.criteria_of("prospection")] == PROSPECTION
    assert [c.id for c in rubric.criteria_of("negociation")] == NEGOCIATION
    for crit in rubric.criteria.values():
        spec = crit.spec
        assert spec.title_fr and spec.title_en and spec.descriptor_fr and spec.indicators_fr and spec.fiche
        assert spec.weight >= 1
        assert any(r.points > 0 for r in crit.rules), f"{crit.id} has no strength rule"
        assert any(r.points < 0 for r in crit.rules), f"{crit.id} has no weakness rule"


def test_blocks_carry_both_numberings_of_the_fiche():
    rubric = default_rubric()
    prospection, negociation = rubric.block("prospection"), rubric.block("negociation")
    assert prospection.number == 2 and prospection.title_fr == "Réaliser une démarche de prospection"
    assert negociation.number == 4 and negociation.title_fr == "Négocier et suivre une vente"
    refs_p, refs_n = " ".join(prospection.references), " ".join(negociation.references)
    assert "Bloc N° 2" in refs_p and "Bloc de compétence n°1" in refs_p
    assert "Bloc de compétence n°4" in refs_n and "Bloc N° 3" in refs_n


def test_levels_thresholds_and_labels():
    rubric = default_rubric()
    assert rubric.level_for(1.0) == "acquis"
    assert rubric.level_for(rubric.spec.levels.acquis.min) == "acquis"
    assert rubric.level_for(rubric.spec.levels.acquis.min - 0.01) == "en_cours"
    assert rubric.level_for(rubric.spec.levels.en_cours.min - 0.01) == "non_acquis"
    assert rubric.level_label("en_cours") == "En cours d'acquisition"
    assert rubric.level_label("non_evalue", "en") == "Not assessed"


def test_every_act_of_the_catalogue_is_graded_by_some_criterion():
    assert set(default_catalogue().acts) <= default_rubric().acts


def test_issue_rules_exist_with_the_right_sign():
    """The contexts the issue names each map to a rule: strengths positive, weaknesses negative."""
    rules = {r.id: r for c in default_rubric().criteria.values() for r in c.rules}
    strengths = ["ng_cap_besoin", "nr_reflet_besoin", "nr_resume", "np_contrepartie", "np_annonce_valeur",
                 "np_accord_objectif"]
    weaknesses = ["ng_cap_tot", "nr_sans_validation", "np_sans_contrepartie", "np_annonce_tot", "np_accord_sous_plancher",
                  "no_conclusion_bloquee", "no_ignorer", "no_deni", "pi_mensonge"]
    assert all(rules[r].points > 0 for r in strengths)
    assert all(rules[r].points < 0 for r in weaknesses)


def test_validate_command_accepts_the_bundled_rubric():
    result = CliRunner().invoke(cli, ["validate", str(RUBRIC)])
    assert result.exit_code == 0, result.output
    assert check_file(RUBRIC)[0] == "rubric"


def test_published_schemas_are_up_to_date():
    for name in ("rubric", "debrief"):
        assert schema.path_of(name).read_text(encoding="utf-8") == schema.render(name), (
            f"{name}.schema.json est périmé : lancez « negosim schema --write »")


# ---------------------------------------------------------------- errors, located

MINI = "format: 1\nid: mini\n" + MINI_RUBRIC_HEAD + textwrap.dedent("""\
    blocks:
      - id: negociation
        number: 4
        title_fr: Négocier
        title_en: Negotiating
        references: ["fiche"]
        criteria:
          - id: c_un
            title_fr: Un
            title_en: One
            descriptor_fr: Un.
            descriptor_en: One.
            fiche: ["citation"]
            indicators_fr: ["indicateur"]
            indicators_en: ["indicator"]
            weight: 1
            rules:
              - id: r_un
                acts: [question_ouverte]
                if: "len(discovered) > 0"
                points: 2
                explain_fr: Bien.
                explain_en: Good.
    """)


def line_col(text: str, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in ``text``."""
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def errors_of(text: str) -> list:
    with pytest.raises(ContentError) as info:
        load_rubric_text(text, "grille.yaml")
    return info.value.errors


def test_minimal_rubric_loads():
    rubric = load_rubric_text(MINI, "grille.yaml")
    assert list(rubric.criteria) == ["c_un"]
    assert {w.code for w in rubric.warnings} == {"NS250"}  # most acts graded by no criterion: a warning


def test_unknown_act_is_located_with_a_suggestion():
    text = MINI.replace("acts: [question_ouverte]", "acts: [question_ouverture]")
    [d] = errors_of(text)
    assert d.code == "NS052" and (d.line, d.column) == line_col(text, "question_ouverture")
    assert d.where.endswith("rules[0].acts[0]")
    assert "question_ouverte" in d.hint


def test_bad_condition_is_located_at_the_column():
    text = MINI.replace('if: "len(discovered) > 0"', 'if: "len(discovered) > patience"')
    [d] = errors_of(text)
    assert d.code == "NS053" and "patience" in d.message
    assert (d.line, d.column) == line_col(text, "patience")  # where the name is in the file


def test_condition_names_are_type_checked():
    [d] = errors_of(MINI.replace('if: "len(discovered) > 0"', 'if: "argument_kap in acts"'))
    assert d.code == "NS053" and "argument_kap" in d.message


def test_duplicate_rule_zero_points_and_thresholds():
    dup = MINI + textwrap.indent(textwrap.dedent("""\
        - id: r_un
          acts: [question_fermee]
          points: 0
          explain_fr: Doublon.
          explain_en: Duplicate.
        """), " " * 10)
    codes = sorted(d.code for d in errors_of(dup))
    assert codes == ["NS051", "NS055"]
    [d] = errors_of(MINI.replace("acquis: {min: 0.7", "acquis: {min: 0.3"))
    assert d.code == "NS054"


def test_structural_errors_use_the_shared_validator():
    text = MINI.replace("    weight: 1\n", "    weigth: 1\n")
    [d] = errors_of(text)
    assert d.code == "NS050" and "weigth" in d.message
    assert (d.line, d.column) == line_col(text, "weigth") and d.where == "blocks[0].criteria[0].weigth"


def test_validate_reports_a_broken_rubric_file(tmp_path: Path):
    bad = tmp_path / "grille.yaml"
    text = MINI.replace("acts: [question_ouverte]", "acts: [question_ouverture]")
    bad.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    line, col = line_col(text, "question_ouverture")
    assert f"grille.yaml:{line}:{col}:" in result.output and "[NS052]" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- cross-checks

def test_each_bundled_scenario_exercises_criteria_of_its_blocks_only():
    rubric = default_rubric()
    for path in bundled_scenario_files():
        scenario = load_scenario(path)
        ok = exercisable(rubric, scenario)
        assert any(ok.values()), path.name
        assert all(rubric.criteria[c].block in scenario.spec.blocks for c, yes in ok.items() if yes)


def test_every_criterion_is_exercised_by_some_bundled_scenario():
    doc = parse_document(RUBRIC.read_text(encoding="utf-8"), str(RUBRIC))
    assert rubric_crosscheck(default_rubric(), doc) == []


def test_criterion_no_scenario_exercises_is_a_located_warning(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from test_scoring_scenarios import PROSPECT

    # the only "bundled" scenario is a prospection call: the rubric's negotiation criterion is never exercised
    only = tmp_path / "appel.yaml"
    only.write_text(PROSPECT, encoding="utf-8")
    monkeypatch.setattr("simulator.content.bundled.bundled_scenario_files", lambda: [only])
    rubric = load_rubric_text(MINI, "grille.yaml")
    [d] = rubric_crosscheck(rubric, parse_document(MINI, "grille.yaml"))
    assert d.code == "NS251" and d.severity == "warning" and "c_un" in d.message
    assert (d.line, d.column) == line_col(MINI, "c_un")


def test_scenario_act_no_criterion_grades_is_a_located_warning(tmp_path: Path):
    from test_scoring_scenarios import PROSPECT

    # a negotiation-only act in a prospection scenario: no criterion of that block grades it
    text = PROSPECT.replace("acts: [question_fermee]", "acts: [remise_spontanee]")
    scenario = load_scenario_text(text, "appel.yaml")
    [d] = scenario_crosscheck(scenario)
    assert d.code == "NS209" and d.severity == "warning" and "remise_spontanee" in d.message
    assert d.where == "states.rdv.choices[1].acts[0]"
    path = tmp_path / "appel.yaml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--format", "json", str(path)])
    codes = [x["code"] for x in json.loads(result.output)["files"][0]["diagnostics"]]
    assert "NS209" in codes and result.exit_code == 0
