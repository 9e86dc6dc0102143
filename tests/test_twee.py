"""negosim import twee: Twine stories become scenarios that validate; nothing unmapped is dropped silently."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from simulator.authoring.twee import clean_text, import_twee, parse_link, read_twee, slugify
from simulator.cli.main import cli
from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario, load_scenario_text

FIXTURES = Path(__file__).parent / "fixtures" / "twee"


def imported(name: str, **kw):
    path = FIXTURES / name
    return import_twee(path.read_text(encoding="utf-8"), str(path), **kw)


def codes(result) -> list[tuple[str, int, str]]:
    return [(d.code, d.line, d.where) for d in result.warnings]


# ---------------------------------------------------------------- reading Twee 3

def test_headers_with_escapes_tags_and_metadata():
    story = read_twee(textwrap.dedent('''\
        :: Offre \\[spéciale\\] \\{x\\} a\\\\b [act:preuve  phase:argumentation] {"position":"10,20","acts":"empathie"}
        Texte.
        :: Seul
        \\:: pas un en-tête
        '''), "t.twee")
    first, second = story.passages
    assert first.name == "Offre [spéciale] {x} a\\b"
    assert first.tags == ["act:preuve", "phase:argumentation"]
    assert first.metadata == {"position": "10,20", "acts": "empathie"}
    assert first.line == 1 and first.text == "Texte."
    assert second.name == "Seul" and second.text == ":: pas un en-tête"


@pytest.mark.parametrize(("inner", "text", "target", "setter"), [
    ("Parler->Prix", "Parler", "Prix", None),
    ("Prix<-Parler", "Parler", "Prix", None),
    ("Parler|Prix", "Parler", "Prix", None),
    ("Prix", "Prix", "Prix", None),
    ("a->b->Cible", "a->b", "Cible", None),  # the rightmost arrow
    ("Cible<-a<-b", "a<-b", "Cible", None),  # the leftmost arrow
    ("Partir|Fin][$patience to 0", "Partir", "Fin", "$patience to 0"),
])
def test_the_four_link_forms_and_setters(inner, text, target, setter):
    link = parse_link(inner, 3)
    assert (link.text, link.target, link.setter, link.line) == (text, target, setter, 3)


def test_markup_is_removed_but_its_words_are_kept():
    text, removed = clean_text("Oui. (if: $x > 2)[Vite alors.] <<set $y to 1>>Bien <b>sûr</b>. /* note */ {back link}")
    assert text == "Oui. Vite alors. Bien sûr ."
    assert removed["macro Harlowe"] == ["(if: $x > 2)[…]"]
    assert removed["macro SugarCube"] == ["<<set $y to 1>>"]
    assert removed["balise HTML"] == ["<b>", "</b>"]
    assert removed["commentaire"] == ["/* note */"]
    assert removed["insertion Chapbook"] == ["{back link}"]


def test_slugs():
    assert slugify("Délais & coûts !") == "delais-couts"
    assert slugify("Offre [spéciale]") == "offre-speciale"
    assert slugify("«  »") == ""
    assert len(slugify("mot " * 30, 40)) <= 40 and not slugify("mot " * 30, 40).endswith("-")


# ---------------------------------------------------------------- the complete story

def test_story_becomes_a_valid_scenario():
    result = imported("entretien.twee")
    scenario = load_scenario_text(result.text, "entretien.yaml")  # raises on any error
    # every link leads to a passage with acts; only the balance of the story's own lines is left to its author
    # (a Twine story is written in file order: NS301 and NS303 say where the right option gives itself away)
    assert [w.code for w in scenario.warnings if not w.code.startswith("NS30")] == []
    spec = scenario.spec
    assert spec.title == "Rendez-vous chez « Bâti\\Plus »"
    assert spec.id == "rendez-vous-chez-bati-plus"
    assert spec.start == "accueil"
    assert set(spec.states) == {"accueil", "chantiers", "catalogue", "delais", "offre-speciale", "signature", "au-revoir"}
    accueil = spec.states["accueil"]
    assert accueil.phase == "contact"
    assert accueil.say == "Bonjour, asseyez-vous. Je vous écoute."
    assert [(c.text, c.next, c.acts) for c in accueil.choices] == [
        ("Merci de me recevoir. Parlons de vos chantiers ?", "chantiers", ["question_ouverte", "salutation_presentation"]),
        ("Je vous présente notre catalogue.", "catalogue", ["argument_caracteristiques"]),
    ]
    chantiers = spec.states["chantiers"]
    assert chantiers.phase == "decouverte"
    assert "Je compte sur vous pour être rapide." in chantiers.say  # the text of a Harlowe hook is kept
    assert [(c.id, c.next) for c in chantiers.choices] == [
        ("si-je-comprends-bien-les-delais-sont", "delais"), ("voir-notre-offre", "offre-speciale"),
        ("au-revoir", "au-revoir")]
    assert spec.states["delais"].speaker == "client" and spec.states["delais"].phase == "reformulation"
    assert spec.states["signature"].end.outcome == "success"
    assert spec.states["signature"].say == "Marché conclu. Merci !"
    assert spec.states["au-revoir"].end.outcome == "failure"
    assert spec.states["catalogue"].choices[0].next == "chantiers"  # [[Chantiers]]


def test_everything_unmapped_is_reported_with_its_passage_and_line():
    result = imported("entretien.twee")
    assert codes(result) == [
        ("NS614", 13, "passage « UserScript »"),
        ("NS614", 16, "passage « UserStylesheet »"),
        ("NS613", 19, "passage « Accueil »"),
        ("NS613", 24, "passage « Chantiers »"),
        ("NS615", 29, "passage « Chantiers »"),
        ("NS613", 31, "passage « Catalogue »"),
        ("NS621", 39, "passage « Offre [spéciale] »"),  # « succes » is read (French authors write it)
        ("NS613", 43, "passage « Signature »"),
    ]
    messages = [d.message for d in result.warnings]
    assert "(set: $patience to 5)" in messages[2]
    assert "$patience to 0" in messages[4]
    assert "<<set $ennui to true>>" in messages[5]
    assert "« succes » ignoré : ce passage a des liens" in messages[6]
    assert all(d.severity == "warning" and d.file.endswith("entretien.twee") for d in result.warnings)


def test_output_is_safe_yaml_with_the_modeline():
    result = imported("entretien.twee", schema="../schemas/scenario.schema.json", target="x.yaml")
    lines = result.text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/scenario.schema.json"
    assert "#   negosim validate x.yaml" in lines
    assert yaml.safe_load(result.text) == result.data


def test_yaml_lookalike_text_survives_the_round_trip():
    story = textwrap.dedent('''\
        :: StoryData
        {"start": "no"}
        :: no [act:question_ouverte]
        yes
        [[true->12]]
        [[null|: deux-points # dièse]]
        :: 12 [success]
        "Guillemets" et 'apostrophes' : @arobase, 1.5, ~
        :: : deux-points # dièse [failure]
        Fin.
        ''')
    result = import_twee(story, "pieges.twee")
    spec = load_scenario_text(result.text, "pieges.yaml").spec
    assert spec.start == "no"
    assert spec.states["no"].say == "yes"
    assert [(c.text, c.next) for c in spec.states["no"].choices] == [("true", "12"), ("null", "deux-points-diese")]
    assert spec.states["12"].say == "\"Guillemets\" et 'apostrophes' : @arobase, 1.5, ~"


def test_state_ids_are_unique_and_choice_ids_unique_per_state():
    story = ":: Start\nBonjour.\n[[Oui->Délais]]\n[[Oui|delais]]\n:: Délais [success]\nA.\n:: delais [failure]\nB.\n"
    spec = load_scenario_text(import_twee(story, "t.twee").text, "t.yaml").spec
    assert [(c.id, c.next) for c in spec.states["start"].choices] == [("oui", "delais"), ("oui-2", "delais-2")]
    assert spec.states["delais"].end.outcome == "success" and spec.states["delais-2"].end.outcome == "failure"


def test_endings_default_to_partial_and_outcome_tags_on_links_are_reported():
    story = (":: Start [success]\n[[A]]\n[[B]]\n[[C]]\n:: A [outcome:success act:preuve]\nBravo.\n"
             ":: B\nBof.\n:: C [outcome:gagne]\nHein.\n")
    result = import_twee(story, "t.twee")
    states = result.data["states"]
    assert states["a"]["end"]["outcome"] == "success"
    assert states["b"]["end"] == {"outcome": "partial", "summary": "Bof."}
    assert states["c"]["end"]["outcome"] == "partial"
    assert [(d.code, d.where) for d in result.warnings] == [
        ("NS621", "passage « Start »"), ("NS616", "passage « C »")]


def test_unknown_and_engine_acts_are_reported_not_kept():
    story = ":: Start\n[[Go->Fin]]\n:: Fin [success act:question_ouvrte act:annonce_prix act:preuve]\nOk.\n"
    result = import_twee(story, "t.twee")
    assert result.data["states"]["start"]["choices"][0]["acts"] == ["preuve"]
    hints = {d.message: d.hint for d in result.warnings}
    assert hints["acte inconnu « question_ouvrte » (ignoré)"] == "vouliez-vous dire 'question_ouverte' ?"
    assert any("attribué par le moteur" in m for m in hints)


def test_special_passages_and_missing_start():
    story = (':: StoryData\n{"start": "Départ"}\n:: StoryInit\n<<set $x to 1>>\n'
             ":: Premier\n[[Fin]]\n:: Fin [success]\nOk.\n")
    result = import_twee(story, "t.twee")
    assert result.data["start"] == "premier"
    assert [(d.code, d.where) for d in result.warnings] == [
        ("NS614", "passage « StoryInit »"), ("NS617", "passage « Premier »")]
    assert "Départ" in result.warnings[1].message
    broken = import_twee(':: StoryData\n{"start": \n:: A\n[[B]]\n:: B [success]\nOk.\n', "t.twee")
    assert [d.code for d in broken.warnings] == ["NS619", "NS617"]


# ---------------------------------------------------------------- bad inputs

def test_duplicate_passage_names_keep_the_first_and_say_so():
    result = imported("doublons.twee")
    assert codes(result) == [("NS611", 14, "passage « Suite »")]
    assert "déjà ligne 11" in result.warnings[0].message
    spec = load_scenario_text(result.text, "d.yaml").spec
    assert spec.states["suite"].end.outcome == "success"
    assert spec.states["suite"].say == "Première version."


def test_broken_links_get_a_placeholder_ending():
    result = imported("liens-casses.twee")
    assert codes(result) == [("NS612", 9, "passage « Début »")]
    assert "« Prix »" in result.warnings[0].message
    spec = load_scenario_text(result.text, "l.yaml").spec
    assert spec.states["debut"].choices[0].next == "prix"
    assert spec.states["prix"].end.outcome == "partial"
    assert "absent du fichier Twine" in spec.states["prix"].end.summary


def test_malformed_headers_are_located_errors():
    with pytest.raises(ContentError) as err:
        imported("malforme.twee")
    found = [(d.code, d.line, d.severity) for d in err.value.diagnostics]
    assert found == [("NS602", 4, "error"), ("NS602", 8, "error")]
    assert "non fermé" in err.value.diagnostics[0].message
    assert "\\]" in err.value.diagnostics[1].hint


def test_a_file_without_passages_is_refused():
    with pytest.raises(ContentError) as err:
        imported("pas-twee.txt")
    assert [d.code for d in err.value.diagnostics] == ["NS601"]
    with pytest.raises(ContentError):
        import_twee(":: UserScript [script]\nalert(1);\n", "s.twee")


def test_a_story_without_success_is_written_but_flagged(tmp_path: Path):
    out = tmp_path / "sans.yaml"
    result = CliRunner().invoke(cli, ["import", "twee", str(FIXTURES / "sans-succes.twee"), "-o", str(out)])
    assert result.exit_code == 1
    assert "[NS618]" in result.output and "[NS106]" in result.output
    assert "ne passe pas la validation" in result.output
    assert out.is_file()


# ---------------------------------------------------------------- the command

def test_cli_writes_into_the_user_scenarios_folder(home: Path):
    result = CliRunner().invoke(cli, ["import", "twee", str(FIXTURES / "entretien.twee")])
    assert result.exit_code == 0, result.output
    out = home / "scenarios" / "rendez-vous-chez-bati-plus.yaml"
    assert out.is_file()
    assert "7 états, 8 choix, 8 points signalés" in result.output
    assert "passage « UserScript »" in result.output
    assert load_scenario(out).id == "rendez-vous-chez-bati-plus"
    first = out.read_text(encoding="utf-8").splitlines()[0]
    schema = first.split("$schema=", 1)[1]
    assert (out.parent / schema).resolve().name == "scenario.schema.json"
    assert (out.parent / schema).resolve().is_file()
    # the library finds it by id
    result = CliRunner().invoke(cli, ["graph", "rendez-vous-chez-bati-plus"])
    assert result.exit_code == 0 and "s_offre_speciale" in result.output


def test_cli_refuses_to_overwrite_unless_forced(tmp_path: Path):
    out = tmp_path / "histoire.yaml"
    out.write_text("# mon travail\n", encoding="utf-8")
    args = ["import", "twee", str(FIXTURES / "doublons.twee"), "-o", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and "existe déjà" in result.output and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "# mon travail\n"
    result = CliRunner().invoke(cli, args + ["--force", "--lang", "en", "--block", "prospection"])
    assert result.exit_code == 0, result.output
    spec = load_scenario(out).spec
    assert spec.id == "histoire"  # named after the file, so « negosim play histoire » finds it
    assert spec.language == "en" and spec.blocks == ["prospection"]


def test_cli_bad_inputs(tmp_path: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["import", "twee", str(tmp_path / "absent.twee")])
    assert result.exit_code == 1 and "fichier introuvable" in result.output
    out = tmp_path / "m.yaml"
    result = runner.invoke(cli, ["import", "twee", str(FIXTURES / "malforme.twee"), "-o", str(out)])
    assert result.exit_code == 1 and "[NS602]" in result.output and "Rien n'a été écrit" in result.output
    assert not out.exists()
    result = runner.invoke(cli, ["import", "twee", str(FIXTURES / "entretien.twee"), "-o", str(tmp_path / "x.txt")])
    assert result.exit_code == 2 and ".yaml" in result.output
    binary = tmp_path / "b.twee"
    binary.write_bytes(b":: A\n\xff\xfe\x00\x01")
    result = runner.invoke(cli, ["import", "twee", str(binary), "-o", str(out)])
    assert result.exit_code == 1 and "[NS003]" in result.output and "Traceback" not in result.output
    result = runner.invoke(cli, ["import", "ink", "x"])
    assert result.exit_code == 2
