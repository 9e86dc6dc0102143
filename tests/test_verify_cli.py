"""``negosim verify``, ``negosim annotate``, ``negosim exam keygen|seal``: verdicts, reasons and exit codes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest
from click.testing import CliRunner
from exam_support import KEY, OTHER_KEY, PASSPHRASE, begin, exam_scenario, key_files, use_key_files

from simulator.cli.main import cli
from simulator.engine.session import ChoiceInput
from simulator.exam.annotate import add_annotation, annotations_path
from simulator.exam.seal import canonical
from simulator.store.recorder import RecordedSession


def plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def keyed_env(monkeypatch, tmp_path):
    return use_key_files(monkeypatch, tmp_path / "keys")


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
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE")
    unknown = invoke("verify", record)
    assert unknown.exit_code == 2 and "signature non vérifiable" in unknown.output
    public_only = invoke("verify", record, "--key", keyed_env[1])  # trainers need the public key alone
    assert public_only.exit_code == 0 and "valide — signé" in public_only.output


def test_verify_json_and_wrong_key_file(record, tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    _, other = key_files(tmp_path / "autre", OTHER_KEY)
    result = invoke("verify", record, "--key", other, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data[0]["status"] == "invalid" and data[0]["problems"][0]["code"] == "wrong_key"
    missing = invoke("verify", record, "--key", tmp_path / "absent.key")
    assert missing.exit_code == 1 and "introuvable" in missing.output and "Traceback" not in missing.output


def test_unsigned_record_is_invalid_once_a_jury_key_is_configured(tmp_path, keyed_env, monkeypatch):
    """Downgrade (issue 15): a signed record rewritten as unsigned passed verify and was counted by cohort."""
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    run.abandon()
    refused = invoke("verify", run.path)
    assert refused.exit_code == 1 and "non signé alors que la clé de jury" in plain(refused.output)
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE")  # no key anywhere: unsigned records are all there can be
    assert invoke("verify", run.path).exit_code == 0
    strict = invoke("verify", run.path, "--require-signature")
    assert strict.exit_code == 1 and "signature exigée" in plain(strict.output)


def test_keygen_cli_writes_an_encrypted_private_key_and_a_public_key(tmp_path, home, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    monkeypatch.delenv("NEGOSIM_JURY_PASSPHRASE", raising=False)
    typed = f"{PASSPHRASE}\n{PASSPHRASE}\n"  # the passphrase and its confirmation, typed at the prompt
    first = invoke("exam", "keygen", input=typed)
    assert first.exit_code == 0, first.output
    assert "0600" in first.output and str(home / "jury.pub") in first.output
    assert stat.S_IMODE(os.stat(home / "jury.key").st_mode) == 0o600
    private = (home / "jury.key").read_text(encoding="utf-8")
    assert PASSPHRASE not in private and '"ciphertext"' in private and '"scrypt", "n": 131072' in private
    assert stat.S_IMODE(os.stat(home / "jury.pub").st_mode) == 0o644  # the public key is for everyone
    again = invoke("exam", "keygen", input=typed)
    assert again.exit_code == 1 and "existe déjà" in again.output
    short = invoke("exam", "keygen", "--out", tmp_path / "k.key", input="court\ncourt\n")
    assert short.exit_code == 1 and "trop courte" in short.output and not (tmp_path / "k.key").exists()


def test_annotate_cli_then_verify_counts_it(record, keyed_env):
    added = invoke("annotate", record, "--author", "Mme Durand", "-m", "Découverte solide.",
                   "--criterion", "n_prix=Pas de contrepartie.", "--decision", "admissible")
    assert added.exit_code == 0, added.output
    assert "signée" in added.output
    listed = invoke("annotate", record, "--list")
    assert listed.exit_code == 0 and "Mme Durand" in listed.output and "n_prix" in listed.output
    checked = invoke("verify", record)
    assert checked.exit_code == 0 and "annotations du jury : 1 (1 signée)" in plain(checked.output)
    bad = invoke("annotate", record, "--author", "X", "--criterion", "pas-de-signe-egal")
    assert bad.exit_code == 2 and "ID=TEXTE" in bad.output
    unknown = invoke("annotate", record, "--author", "X", "--criterion", "n_nimporte=quoi")
    assert unknown.exit_code == 1 and "inconnu" in unknown.output


def test_seal_after_a_crash_is_reported_late_and_never_valid(tmp_path, keyed_env):
    """Issue 15: a record sealed after the fact was "valide"; it is now "scellé après coup" everywhere."""
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "p", preparation=0)
    clock.advance(20)
    run.rec.step(ChoiceInput("partir"))  # the session ends (end line written) and the process dies before the seal
    assert invoke("verify", run.path).exit_code == 1
    sealed = invoke("exam", "seal", run.path)
    assert sealed.exit_code == 0 and "scellé après coup avec la clé" in sealed.output
    late = invoke("verify", run.path)
    assert late.exit_code == 3 and "scellé après coup" in late.output and "✓" not in late.output
    data = json.loads(invoke("verify", run.path, "--json").output)[0]
    assert data["status"] == "late" and data["late"] is True
    report = invoke("exam", "report", run.path, "--format", "md")
    assert report.exit_code == 1 and "NE VAUT PAS ÉPREUVE" in plain(report.output)
    twice = invoke("exam", "seal", run.path)
    assert twice.exit_code == 1 and "déjà scellé" in twice.output
    unfinished = RecordedSession.start(exam_scenario(tmp_path), seed=1, folder=tmp_path / "q", mode="exam")
    unfinished.step(ChoiceInput("presenter"))
    refused = invoke("exam", "seal", unfinished.path)
    assert refused.exit_code == 1 and "inachevée" in refused.output


def with_field(path, name, value):
    """Rewrite the last line of ``path`` with another ``name`` (in negosim's own encoding: only that field changed)."""
    lines = path.read_bytes().split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data[name] = value
    path.write_bytes(b"\n".join([*lines[:-1], canonical(data)]) + b"\n")


def negosim(keys, *args):
    """The real process: a crash there is exit 70 with a crash log (CliRunner would report it as exit 1)."""
    env = {**os.environ, "NEGOSIM_JURY_KEY_FILE": str(keys[0]), "NEGOSIM_JURY_PASSPHRASE": PASSPHRASE}
    proc = subprocess.run([sys.executable, "-m", "simulator.cli.main", *map(str, args)], capture_output=True,
                          text=True, timeout=60, env=env)
    assert "Traceback" not in proc.stdout + proc.stderr and "erreur inattendue" not in proc.stderr, proc.stderr
    return proc


def test_verify_and_annotate_exit_1_with_a_reason_on_a_non_ascii_signature(record, tmp_path):
    """Issue 22: a non-ASCII MAC made hmac.compare_digest raise TypeError, and negosim verify exit 70."""
    keys = key_files(tmp_path / "keys")
    add_annotation(record, KEY, "Mme Durand", "2025-06-02T10:00:00+00:00", "Bien.")
    with_field(annotations_path(record), "sig", "é" * 128)
    listed = negosim(keys, "annotate", record, "--list")
    assert listed.returncode == 1 and "annotation 1 : signature incorrecte" in plain(listed.stdout)
    with_field(record, "sig", "é" * 128)
    checked = negosim(keys, "verify", record)
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "INVALIDE" in checked.stdout and "signature incorrecte ligne 8 :" in plain(checked.stdout)
    refused = negosim(keys, "annotate", record, "--author", "M. Petit", "-m", "Autre.")
    assert refused.returncode == 1 and "annotation refusée" in refused.stderr and "signature incorrecte" in refused.stderr


def test_unsigned_seal_with_a_non_ascii_mac_is_invalid_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    run, _ = begin(exam_scenario(tmp_path), tmp_path / "r", key=None, preparation=0)
    run.abandon()
    with_field(run.path, "mac", "é" * 64)
    checked = invoke("verify", run.path)
    assert checked.exit_code == 1 and "sceau illisible : empreinte mal formée : caractère « é »" in plain(checked.output)
