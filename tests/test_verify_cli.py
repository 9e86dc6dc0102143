"""``negosim verify``, ``negosim annotate``, ``negosim exam keygen|seal``: verdicts, reasons and exit codes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner
from exam_support import KEY, begin, exam_scenario

from simulator.cli.main import cli
from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import annotations_path
from simulator.exam.seal import canonical
from simulator.store.recorder import RecordedSession


def plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def keyed_env(monkeypatch):
    monkeypatch.setenv("NEGOSIM_JURY_KEY", KEY.secret.decode())


@pytest.fixture
def record(tmp_path):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", preparation=0)
    clock.advance(30)
    run.step(ChoiceInput("presenter"))
    run.abandon()
    return run.path


def invoke(*args, **kw):
    return CliRunner().invoke(cli, [str(a) for a in args], **kw)


def test_verify_valid_invalid_unverifiable(record, keyed_env, monkeypatch, tmp_path):
    ok = invoke("verify", record)
    assert ok.exit_code == 0 and "✓" in ok.output and "valide — signé avec la clé de jury" in ok.output
    lines = record.read_bytes().split(b"\n")
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"\n".join(lines[:2] + lines[3:]))
    bad = invoke("verify", record, broken)
    assert bad.exit_code == 1
    out = plain(bad.output)
    assert f"{broken}:3 : chaîne rompue" in out and "INVALIDE" in out
    monkeypatch.delenv("NEGOSIM_JURY_KEY")
    unknown = invoke("verify", record)
    assert unknown.exit_code == 2 and "signature non vérifiable" in unknown.output


def test_verify_json_and_wrong_key_file(record, tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY", raising=False)
    other = tmp_path / "autre.key"
    assert invoke("exam", "keygen", "--out", other).exit_code == 0
    result = invoke("verify", record, "--key", other, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data[0]["status"] == "invalid" and data[0]["problems"][0]["code"] == "wrong_key"
    missing = invoke("verify", record, "--key", tmp_path / "absent.key")
    assert missing.exit_code == 1 and "introuvable" in missing.output and "Traceback" not in missing.output


def test_require_signature_refuses_an_unsigned_record(tmp_path, keyed_env):
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    run.abandon()
    assert invoke("verify", run.path).exit_code == 0
    strict = invoke("verify", run.path, "--require-signature")
    assert strict.exit_code == 1 and "signature exigée" in plain(strict.output)


def test_keygen_cli_permissions_and_refusal(tmp_path, home, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    first = invoke("exam", "keygen")
    assert first.exit_code == 0 and "0600" in first.output
    assert stat.S_IMODE(os.stat(home / "jury.key").st_mode) == 0o600
    again = invoke("exam", "keygen")
    assert again.exit_code == 1 and "existe déjà" in again.output


def test_annotate_cli_then_verify_counts_it(record, keyed_env):
    added = invoke("annotate", record, "--author", "Mme Durand", "-m", "Découverte solide.",
                   "--criterion", "n_prix=Pas de contrepartie.", "--decision", "admissible")
    assert added.exit_code == 0, added.output
    assert "signée" in added.output
    listed = invoke("annotate", record, "--list")
    assert listed.exit_code == 0 and "Mme Durand" in listed.output and "n_prix" in listed.output
    checked = invoke("verify", record)
    assert checked.exit_code == 0 and "annotations du jury : 1 (1 signée(s))" in plain(checked.output)
    bad = invoke("annotate", record, "--author", "X", "--criterion", "pas-de-signe-egal")
    assert bad.exit_code == 2 and "ID=TEXTE" in bad.output
    unknown = invoke("annotate", record, "--author", "X", "--criterion", "n_nimporte=quoi")
    assert unknown.exit_code == 1 and "inconnu" in unknown.output


def test_seal_after_a_crash_between_end_and_seal(tmp_path, keyed_env):
    rec = RecordedSession.start(exam_scenario(tmp_path), seed=1, folder=tmp_path / "p", mode="exam")
    rec.step(ChoiceInput("partir"))  # finished: end line written, never sealed
    assert invoke("verify", rec.path).exit_code == 1
    sealed = invoke("exam", "seal", rec.path)
    assert sealed.exit_code == 0 and "scellé avec la clé" in sealed.output
    assert invoke("verify", rec.path).exit_code == 0
    twice = invoke("exam", "seal", rec.path)
    assert twice.exit_code == 1 and "déjà scellé" in twice.output
    unfinished = RecordedSession.start(exam_scenario(tmp_path), seed=1, folder=tmp_path / "q")
    unfinished.step(ChoiceInput("presenter"))
    refused = invoke("exam", "seal", unfinished.path)
    assert refused.exit_code == 1 and "inachevée" in refused.output


def with_mac(path, mac):
    """Rewrite the last line of ``path`` with another MAC (in negosim's own encoding: only the MAC changed)."""
    lines = path.read_bytes().split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data["mac"] = mac
    path.write_bytes(b"\n".join([*lines[:-1], canonical(data)]) + b"\n")


def negosim(*args):
    """The real process: a crash there is exit 70 with a crash log (CliRunner would report it as exit 1)."""
    proc = subprocess.run([sys.executable, "-m", "simulator.cli.main", *map(str, args)], capture_output=True,
                          text=True, timeout=60, env={**os.environ, "NEGOSIM_JURY_KEY": KEY.secret.decode()})
    assert "Traceback" not in proc.stdout + proc.stderr and "erreur inattendue" not in proc.stderr, proc.stderr
    return proc


def test_verify_and_annotate_exit_1_with_a_reason_on_a_non_ascii_mac(record):
    """Issue 22: a non-ASCII MAC made hmac.compare_digest raise TypeError, and negosim verify exit 70."""
    assert negosim("annotate", record, "--author", "Mme Durand", "-m", "Bien.").returncode == 0
    with_mac(annotations_path(record), "é" * 64)
    listed = negosim("annotate", record, "--list")
    assert listed.returncode == 1 and "annotation 1 : signature illisible (empreinte mal formée" in listed.stdout
    with_mac(record, "é" * 64)
    checked = negosim("verify", record)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "INVALIDE" in checked.stdout and "sceau illisible : empreinte mal formée : caractère « é »" in checked.stdout
    as_json = negosim("verify", record, "--json")
    assert as_json.returncode == 1 and json.loads(as_json.stdout)[0]["problems"][0]["code"] == "bad_seal"
    refused = negosim("annotate", record, "--author", "M. Petit", "-m", "Autre.")
    assert refused.returncode == 1 and "annotation refusée" in refused.stderr and "empreinte mal formée" in refused.stderr
