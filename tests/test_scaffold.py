"""negosim new: a scenario and its playtest that validate and pass as written, never overwriting."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from simulator.authoring.scaffold import ScaffoldError, create
from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.playtest import run_playtest

COMBOS = [("prospection", "fr"), ("prospection", "en"), ("negotiation", "fr"), ("negotiation", "en")]


def _modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m, first
    return (path.parent / m.group(1)).resolve()


@pytest.mark.parametrize(("kind", "lang"), COMBOS)
def test_scaffold_validates_and_its_playtest_passes(tmp_path: Path, kind: str, lang: str):
    made = create(kind, "mon-scenario", lang, tmp_path)
    assert made.scenario == tmp_path / "mon-scenario.yaml"
    assert made.playtest == tmp_path / "tests" / "mon-scenario.yaml"
    scenario = load_scenario(made.scenario)
    assert scenario.id == "mon-scenario"
    assert scenario.spec.language == lang
    assert scenario.warnings == []  # 0 errors (it loaded), 0 warnings
    blocks = {"prospection": ["prospection"], "negotiation": ["negociation"]}[kind]
    assert scenario.spec.blocks == blocks
    assert (scenario.spec.price is not None) == (kind == "negotiation")
    result = run_playtest(made.playtest)
    assert result.ok, [p.problems for p in result.paths]
    checked = CliRunner().invoke(cli, ["validate", "--strict", str(tmp_path)])  # rubric cross-checks included
    assert checked.exit_code == 0, checked.output
    assert "2 fichiers, 0 erreur, 0 avertissement" in checked.output
    assert {p.outcome for p in result.paths} == {"success", "partial", "failure"}
    # the modelines point at the committed schemas, wherever the files were written
    assert _modeline_target(made.scenario).name == "scenario.schema.json"
    assert _modeline_target(made.scenario).is_file()
    assert _modeline_target(made.playtest).name == "playtest.schema.json"
    assert _modeline_target(made.playtest).is_file()
    text = made.scenario.read_text(encoding="utf-8")
    assert "__" not in text.replace("__ID__", "")  # every placeholder filled
    comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    if lang == "fr":
        assert "Faites-le grandir" in text and "chaque clé est commentée" in comments
        assert "every key" not in comments
    else:
        assert "Grow it from here" in text and "every key is explained" in comments
        assert "Faites-le" not in comments and "chaque clé" not in comments


def test_cli_writes_into_the_user_scenarios_folder_and_validate_passes(home: Path):
    runner = CliRunner()
    result = runner.invoke(cli, ["new", "prospection", "garage-lefevre"])
    assert result.exit_code == 0, result.output
    folder = home / "scenarios"
    assert (folder / "garage-lefevre.yaml").is_file()
    assert (folder / "tests" / "garage-lefevre.yaml").is_file()
    assert "0 erreur, 0 avertissement" in result.output
    result = runner.invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    assert "0 erreur, 0 avertissement" in result.output
    result = runner.invoke(cli, ["playtest", str(folder / "garage-lefevre.yaml")])
    assert result.exit_code == 0, result.output
    assert "0 échec." in result.output


def test_cli_dir_option_and_french_alias(tmp_path: Path):
    result = CliRunner().invoke(cli, ["new", "negociation", "imprimerie", "--lang", "en", "--dir", str(tmp_path / "mes")])
    assert result.exit_code == 0, result.output
    assert load_scenario(tmp_path / "mes" / "imprimerie.yaml").spec.language == "en"


def test_refuses_to_overwrite_and_writes_nothing(tmp_path: Path):
    made = create("prospection", "garage", "fr", tmp_path)
    made.scenario.write_text("# mon travail\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "prospection", "garage", "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "ces deux fichiers existent déjà" in result.output and str(made.scenario) in result.output  # both there
    assert "Traceback" not in result.output
    assert made.scenario.read_text(encoding="utf-8") == "# mon travail\n"
    # only the playtest exists: still nothing written, not even the scenario
    other = tmp_path / "autre"
    (other / "tests").mkdir(parents=True)
    (other / "tests" / "garage.yaml").write_text("# test\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="existe déjà"):
        create("negotiation", "garage", "fr", other)
    assert not (other / "garage.yaml").exists()


@pytest.mark.parametrize("bad", ["Mon Garage", "garage_é", "_garage", "a" * 81, "../evasion"])
def test_bad_ids_are_refused(tmp_path: Path, bad: str):
    result = CliRunner().invoke(cli, ["new", "prospection", bad, "--dir", str(tmp_path)])
    assert result.exit_code == 1
    assert "invalide" in result.output and "minuscules" in result.output
    assert list(tmp_path.iterdir()) == []


def test_bad_kind_and_dir_that_is_a_file(tmp_path: Path):
    result = CliRunner().invoke(cli, ["new", "reclamation", "x"])
    assert result.exit_code == 2 and "prospection" in result.output
    a_file = tmp_path / "fichier"
    a_file.write_text("", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="n'est pas un dossier"):
        create("prospection", "x", "fr", a_file)
