"""``negosim new``, ``negosim exam keygen`` and ``negosim simulate`` speak the user's language: under ``--lang en``
none of their old French sentences shows; in French they read as before, counts agreeing with their noun."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from cli_support import invoke, without_own
from click.testing import CliRunner
from exam_support import PASSPHRASE
from factories import MINIMAL

from simulator.cli.main import cli

# words of the commands' French messages; none may reach an English user (paths and ids are the user's own)
FRENCH = re.compile(r"\(s\)|Scénario|créé|Test de jeu|Vérifié|erreur|avertissement|Et maintenant|ouvrez|éditeur|"
                    r"en direct|vérifier|rejouer|parcours|carte|fichier|existe|identifiant|invalide|Clé|clé|chiffrée|"
                    r"Sauvegardez|formateurs|phrase de passe|partie|politique|graine|Issues|Tours|médiane|moyenne|"
                    r"Notes|États|atteint|jamais|Choix|aucun|Boucles|chemin|ERREUR|Succès|Échec|\d,\d")


without = without_own  # the output with the user's own paths and ids taken out


def test_new_speaks_english_under_the_root_lang_and_under_its_own(tmp_path: Path):
    made = invoke("--lang", "en", "new", "negociation", "imprimerie", "--dir", tmp_path / "a")
    assert made.exit_code == 0, made.output
    out = made.output
    assert "Scenario created: " in out and "Playtest: " in out and "What next:" in out
    assert re.search(r"Checked: 0 errors, 0 warnings, \d+ test paths passed\.", out), out
    assert not FRENCH.search(without(out, tmp_path, "imprimerie")), out
    # a scenario asked for in English, without the root --lang: the messages follow it
    own = invoke("new", "prospection", "garage", "--lang", "en", "--dir", tmp_path / "b", env={"NEGOSIM_LANG": "fr"})
    assert own.exit_code == 0 and "Scenario created: " in own.output, own.output
    again = invoke("--lang", "en", "new", "prospection", "garage", "--dir", tmp_path / "b")
    assert again.exit_code == 1 and "nothing written, both files already exist" in again.output, again.output
    bad = invoke("--lang", "en", "new", "prospection", "Mon Garage", "--dir", tmp_path / "c")
    assert bad.exit_code == 1 and 'invalid id "Mon Garage"' in bad.output, bad.output
    kind = invoke("--lang", "en", "new", "vente", "x", "--dir", tmp_path / "c")
    assert kind.exit_code == 2 and "is not a kind of scenario" in kind.output
    for result in (again, bad, kind):
        assert not FRENCH.search(without(result.output, tmp_path, "garage", "Mon Garage", "vente")), result.output


def test_new_in_french_says_what_it_did_and_what_to_do_next(tmp_path: Path):
    out = invoke("--lang", "fr", "new", "negociation", "imprimerie", "--dir", tmp_path).output.replace("\u00a0", " ")
    assert "Scénario créé : " in out and "Et maintenant :" in out
    assert re.search(r"Vérifié : 0 erreur, 0 avertissement, \d+ parcours de test réussis?\.", out), out
    only_playtest = tmp_path / "autre"
    (only_playtest / "tests").mkdir(parents=True)
    (only_playtest / "tests" / "garage.yaml").write_text("# test\n", encoding="utf-8")
    one = invoke("--lang", "fr", "new", "prospection", "garage", "--dir", only_playtest).output
    assert "ce fichier existe déjà" in one.replace("\u00a0", " ")  # one file there: the singular


def test_keygen_speaks_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NEGOSIM_JURY_PASSPHRASE", raising=False)
    out = tmp_path / "jury.key"
    typed = f"{PASSPHRASE}\n{PASSPHRASE}\n"  # the passphrase and its confirmation, typed at the prompt
    made = invoke("--lang", "en", "exam", "keygen", "--out", out, input=typed)
    assert made.exit_code == 0, made.output
    assert "Passphrase of the jury key" in made.output and "Confirm the passphrase" in made.output
    assert "Jury key created (id " in made.output and f"public key, to verify: {tmp_path / 'jury.pub'}" in made.output
    assert not FRENCH.search(without(made.output, tmp_path)), made.output


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def test_simulate_speaks_english_with_decimal_points(mini: Path):
    games = invoke("--lang", "en", "simulate", mini, "-n", "20")
    assert games.exit_code == 0, games.output
    out = games.output
    assert " — 20 games, policy random, seed 0" in out and "Outcomes: " in out and "Turns per game: min " in out
    assert "States never reached (" in out and "Choices never taken (" in out
    assert re.search(r"median \d+(\.\d+)?, mean \d+\.\d+, max", out) and ".0," not in out, out  # as a reader writes it
    explored = invoke("--lang", "en", "simulate", mini, "--policy", "explore").output
    assert "exploration: " in explored and "States reached: 5/5" in explored and "Endings reached: " in explored
    best = invoke("--lang", "en", "simulate", mini, "--policy", "best").output
    assert "— 1 game, policy best" in best and "Path played: " in best, best
    for text in (out, explored, best):
        # the scenario's own ids (states, choices, endings) are the author's words, not negosim's
        assert not FRENCH.search(re.sub(r"(: |\().*$", "", text, flags=re.M)), text
    bad = invoke("--lang", "en", "simulate", mini, "--policy", "nimporte")
    assert bad.exit_code == 2 and "unknown policy; possible: " in bad.output


def test_simulate_in_french_agrees_with_its_counts(mini: Path):
    best = invoke("--lang", "fr", "simulate", mini, "--policy", "best").output.replace("\u00a0", " ")
    assert "— 1 partie, politique best, graine 0" in best and "(s)" not in best, best
    many = invoke("--lang", "fr", "simulate", mini, "-n", "20").output.replace("\u00a0", " ")
    assert "— 20 parties, politique random" in many and "Issues : " in many


def test_export_says_what_is_wrong_in_the_xapi_settings_in_english(home: Path, tmp_path: Path):
    (home / "settings.json").write_text('{"xapi": {"endpont": "http://lrs.example/xAPI/", "grop": "a"}}',
                                        encoding="utf-8")
    result = invoke("--lang", "en", "export", "xapi", tmp_path, "-o", tmp_path / "out.json")
    [warning] = [line for line in result.output.splitlines() if line.startswith("⚠")]
    assert 'unknown keys in "xapi": endpont, grop (expected: endpoint' in warning, result.output
    assert not FRENCH.search(without(warning, home)) and "inconnue" not in warning
    french = invoke("--lang", "fr", "export", "xapi", tmp_path, "-o", tmp_path / "out.json").output
    assert "clés inconnues dans « xapi »" in french.replace("\u00a0", " ").replace("\u202f", " ")


def test_the_plain_player_quotes_lines_the_english_way_in_english_and_the_french_way_in_french():
    play = ["play", "--plain", "software-subscription-en", "--learner", "Sam", "--seed", "1"]
    english = CliRunner().invoke(cli, ["--lang", "en", *play], input="2\n").output
    assert '\nYou: "' in english and '\nAnke de Vries: "' in english
    assert "«" not in english and "Vous" not in english
    french = CliRunner().invoke(cli, ["--lang", "fr", *play], input="2\n").output
    assert "\nVous\u00a0: «\u202f" in french and "\nAnke de Vries\u00a0: «\u202f" in french
