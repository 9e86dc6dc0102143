"""The jury keys (simulator/exam/keys.py) as a jury and a trainer rely on them: a signature verifies only under its
own key and message, a key file opens only with its passphrase, every damaged file is named with what to do.
Written to kill the module's mutants (tools/mutate.py); all fast (scrypt at 2**10)."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest
from exam_support import FAST_SCRYPT, KEY, OTHER_KEY, PASSPHRASE, key_files
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.exam.keys import (
    JuryKeyError,
    SigningKey,
    check_passphrase,
    default_key_path,
    generate_key,
    load_public_key,
    private_key_path,
    read_public_key,
    unlock_key,
    write_key_files,
)

ENVS = ("NEGOSIM_JURY_KEY", "NEGOSIM_JURY_KEY_FILE", "NEGOSIM_JURY_PUBLIC_KEY")


def _doc(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8").splitlines()[-1])


def _refused(path: Path, doc: object, passphrase: str = PASSPHRASE) -> str:
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    with pytest.raises(JuryKeyError) as caught:
        unlock_key(path, passphrase)
    return str(caught.value)


# ------------------------------------------------------------------ signatures

def test_a_key_id_is_stable():
    """Records carry the key id of the key that signed them: it must not change between versions."""
    assert KEY.key_id == KEY.public.key_id == "8d4399f9c9923f8c"
    assert OTHER_KEY.key_id != KEY.key_id and len(OTHER_KEY.key_id) == 16


@settings(max_examples=25, deadline=None)
@given(message=st.binary(max_size=64), other=st.binary(max_size=64), flip=st.integers(0, 127))
def test_a_signature_verifies_only_its_message_under_its_key(message, other, flip):
    sig = KEY.sign(message)
    assert KEY.public.verify(sig, message)
    assert not OTHER_KEY.public.verify(sig, message)  # another key's signature never verifies
    assert KEY.public.verify(sig, other) == (other == message)
    digit = "0" if sig[flip] != "0" else "1"
    assert not KEY.public.verify(sig[:flip] + digit + sig[flip + 1:], message)  # one hex digit changed
    assert not KEY.public.verify(sig[:-2], message) and not KEY.public.verify(sig + "00", message)
    assert not KEY.public.verify(bytes.fromhex(sig), message)  # not hex text: refused, never raises


# ------------------------------------------------------------------ reading key files

def test_a_key_file_may_start_with_comments_and_blank_lines(tmp_path):
    _, pub = key_files(tmp_path)
    path = tmp_path / "commented.pub"
    path.write_text("\n   \n  # indented comment\n#\n  " + pub.read_text(encoding="utf-8").splitlines()[-1]
                    + "  \nnot json, never read\n", encoding="utf-8")
    key = read_public_key(path)
    assert key.key_id == KEY.key_id and key.source == str(path)


def test_an_unreadable_or_foreign_file_is_named_with_what_to_do(tmp_path):
    missing = tmp_path / "absent.pub"
    with pytest.raises(JuryKeyError) as caught:
        read_public_key(missing)
    assert str(caught.value) == (f"{missing} : fichier de clé introuvable ; créez-le avec "
                                 f"« negosim exam keygen --out {missing} »")
    with pytest.raises(JuryKeyError, match=r"fichier de clé illisible \(Is a directory\)"):
        read_public_key(tmp_path)
    latin = tmp_path / "latin.pub"
    latin.write_bytes(b"\xe9\xff\n")
    with pytest.raises(JuryKeyError, match=r"latin.pub : fichier de clé illisible \(.*utf-8"):
        read_public_key(latin)
    odd = tmp_path / "odd.pub"
    for text in ("[1, 2]", '{"kind": "autre", "format": 2}', "{pas du json"):
        odd.write_text(text + "\n", encoding="utf-8")
        with pytest.raises(JuryKeyError, match="ce n'est pas une clé de jury négosim au format 2 "):
            read_public_key(odd)
    odd.write_text('{"kind": "negosim-jury-public-key", "format": 1}\n', encoding="utf-8")
    with pytest.raises(JuryKeyError) as caught:
        read_public_key(odd)
    assert str(caught.value) == f"{odd} : format de clé 1 inconnu (attendu : 2)"


@pytest.mark.parametrize("value", ["ab" * 31, "ab" * 33, 42, None, "zz" * 32])
def test_a_public_key_of_the_wrong_size_or_not_hex_is_refused(tmp_path, value):
    path = tmp_path / "jury.pub"
    path.write_text(json.dumps({"kind": "negosim-jury-public-key", "format": 2, "public": value}), encoding="utf-8")
    with pytest.raises(JuryKeyError) as caught:
        read_public_key(path)
    assert str(caught.value) == f"{path} : fichier de clé endommagé (champ « public » illisible)"


def test_which_public_key_verifies(tmp_path, monkeypatch, home):
    for env in ENVS:
        monkeypatch.delenv(env, raising=False)
    _, mine = key_files(tmp_path / "mine")
    other_private, other_public = key_files(tmp_path / "other", OTHER_KEY)
    monkeypatch.setenv("NEGOSIM_JURY_PUBLIC_KEY", str(mine))
    monkeypatch.setenv("NEGOSIM_JURY_KEY_FILE", str(other_private))
    monkeypatch.setenv("NEGOSIM_JURY_KEY", "ancienne clé")  # a configured key wins over the old variable
    assert load_public_key().key_id == KEY.key_id  # the public key variable before the private key file's
    monkeypatch.setenv("NEGOSIM_JURY_PUBLIC_KEY", "")
    assert load_public_key().key_id == OTHER_KEY.key_id
    for env in ENVS:
        monkeypatch.delenv(env)
    key_files(home, OTHER_KEY)
    (home / "jury.pub").write_text(mine.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_public_key().key_id == KEY.key_id  # jury.pub before jury.key in the data dir
    monkeypatch.setenv("HOME", str(tmp_path))
    assert load_public_key("~/other/jury.pub").source == str(other_public)  # a path the shell did not expand


def test_which_private_key_signs(tmp_path, monkeypatch, home):
    for env in ENVS:
        monkeypatch.delenv(env, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_key_path() == home / "jury.key" and private_key_path() is None
    assert private_key_path("~/a.key") == tmp_path / "a.key"  # given: used even if absent (the error names it)
    monkeypatch.setenv("NEGOSIM_JURY_KEY_FILE", "~/k/jury.key")
    assert default_key_path() == tmp_path / "k" / "jury.key" and private_key_path() is None
    key_files(tmp_path / "k")
    assert private_key_path() == tmp_path / "k" / "jury.key"
    assert unlock_key("~/k/jury.key", PASSPHRASE).key_id == KEY.key_id


# ------------------------------------------------------------------ unlocking

@settings(max_examples=15, deadline=None)
@given(wrong=st.text(min_size=1, max_size=30))
def test_only_the_passphrase_unlocks_the_key(tmp_path_factory, wrong):
    folder = tmp_path_factory.mktemp("k")
    private, public = key_files(folder)
    assert unlock_key(private, PASSPHRASE).key_id == read_public_key(public).key_id == KEY.key_id
    if wrong != PASSPHRASE:
        with pytest.raises(JuryKeyError) as caught:
            unlock_key(private, wrong)
        assert str(caught.value) == f"{private} : phrase de passe incorrecte (ou fichier de clé modifié)"


def test_an_unlocked_key_signs_what_its_public_file_verifies(tmp_path):
    private, public, made = generate_key(tmp_path / "jury.key", PASSPHRASE, scrypt_n=FAST_SCRYPT)
    unlocked = unlock_key(private, PASSPHRASE)
    assert read_public_key(public).verify(unlocked.sign(b"note"), b"note")
    assert unlocked.private.private_bytes_raw() == made.private.private_bytes_raw()


def test_a_damaged_cipher_or_scrypt_setting_is_named(tmp_path):
    path, _ = key_files(tmp_path)
    doc = _doc(path)
    assert _refused(path, {**doc, "kdf": "scrypt"}) == (f"{path} : chiffrement de la clé inconnu (None, "
                                                        "'chacha20-poly1305' ; attendu : scrypt et chacha20-poly1305)")
    assert "('argon2', 'chacha20-poly1305'" in _refused(path, {**doc, "kdf": {**doc["kdf"], "name": "argon2"}})
    assert "('scrypt', 'aes' ;" in _refused(path, {**doc, "cipher": "aes"})
    bad = f"{path} : fichier de clé endommagé (paramètres scrypt illisibles)"
    for name, value in [("n", 1), ("n", 0), ("n", -1024), ("n", 1000), ("n", True), ("n", 1024.0), ("n", None),
                        ("r", 0), ("r", True), ("r", "8"), ("p", 0), ("p", True), ("p", -1)]:
        assert _refused(path, {**doc, "kdf": {**doc["kdf"], name: value}}) == bad, (name, value)
    # the smallest valid scrypt cost: accepted (then the passphrase decides)
    small = write_key_files(KEY, tmp_path / "small.key", PASSPHRASE, force=True, scrypt_n=2)[0]
    assert unlock_key(small, PASSPHRASE).key_id == KEY.key_id
    assert _refused(path, {**doc, "kdf": {**doc["kdf"], "salt": "zz"}}) == (
        f"{path} : fichier de clé endommagé (champ « salt » illisible)")
    assert "champ « nonce »" in _refused(path, {**doc, "nonce": doc["nonce"][:-2]})
    assert "champ « ciphertext »" in _refused(path, {**doc, "ciphertext": 7})


def test_a_key_file_asking_for_too_much_memory_is_damaged_not_a_crash(tmp_path):
    path, _ = key_files(tmp_path)
    doc = _doc(path)
    message = _refused(path, {**doc, "kdf": {**doc["kdf"], "n": 2**40}})
    assert message.startswith(f"{path} : fichier de clé endommagé (") and "memory" in message


def test_a_cipher_text_that_is_not_an_ed25519_key_is_damaged(tmp_path):
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    from simulator.exam.keys import _kdf
    path, _ = key_files(tmp_path)
    doc = _doc(path)
    kdf = doc["kdf"]
    secret = _kdf(bytes.fromhex(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"], PASSPHRASE)
    short = ChaCha20Poly1305(secret).encrypt(bytes.fromhex(doc["nonce"]), b"\x01" * 31, bytes.fromhex(doc["public"]))
    message = _refused(path, {**doc, "ciphertext": short.hex()})
    assert message.startswith(f"{path} : fichier de clé endommagé (") and "32" in message


# ------------------------------------------------------------------ writing

def test_the_passphrase_needs_twelve_characters(tmp_path):
    check_passphrase("x" * 12)
    with pytest.raises(JuryKeyError) as caught:
        check_passphrase("é" * 11)
    assert str(caught.value) == "phrase de passe trop courte : au moins 12 caractères (elle en a 11)"
    with pytest.raises(JuryKeyError, match="trop courte"):
        write_key_files(KEY, tmp_path / "k.key", "x" * 11, force=True, scrypt_n=FAST_SCRYPT)
    assert not (tmp_path / "k.key").exists()


def test_the_written_files_are_what_the_jury_and_trainers_read(tmp_path):
    path, pub, key = write_key_files(KEY, tmp_path / "a" / "b" / "jury.key", PASSPHRASE, force=False,
                                     scrypt_n=FAST_SCRYPT)
    assert (path, pub, key) == (tmp_path / "a" / "b" / "jury.key", tmp_path / "a" / "b" / "jury.pub", KEY)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["# negosim : clé privée de jury (Ed25519), chiffrée par votre phrase de passe.",
                         "# Sauvegardez-la avec soin : sans elle et sans la phrase de passe, plus aucun sceau signé."]
    doc = json.loads(lines[2])
    assert len(lines) == 3 and doc["kind"] == "negosim-jury-private-key" and doc["format"] == 2
    assert doc["kdf"] == {"name": "scrypt", "n": FAST_SCRYPT, "r": 8, "p": 1, "salt": doc["kdf"]["salt"]}
    assert len(bytes.fromhex(doc["kdf"]["salt"])) == 16 and len(bytes.fromhex(doc["nonce"])) == 12
    assert doc["cipher"] == "chacha20-poly1305" and doc["public"] == KEY.public.raw.hex()
    assert pub.read_text(encoding="utf-8").splitlines() == [
        "# negosim : clé publique de jury (Ed25519). Elle vérifie les sceaux et ne signe rien :",
        "# donnez-la aux formateurs (negosim verify --key jury.pub).",
        json.dumps({"kind": "negosim-jury-public-key", "format": 2, "public": KEY.public.raw.hex()})]
    # a second key in the same folder, and two writes never share a salt or a nonce
    again = write_key_files(KEY, tmp_path / "a" / "b" / "second.key", PASSPHRASE, force=False, scrypt_n=FAST_SCRYPT)[0]
    assert _doc(again)["kdf"]["salt"] != doc["kdf"]["salt"] and _doc(again)["nonce"] != doc["nonce"]


def test_forcing_replaces_the_whole_file_with_private_permissions(tmp_path):
    path, pub = tmp_path / "jury.key", tmp_path / "jury.pub"
    path.write_text("x" * 5000 + "\n" + "x" * 5000, encoding="utf-8")
    pub.write_text("y" * 5000 + "\n" + "y" * 5000, encoding="utf-8")
    os.chmod(path, 0o666)
    os.chmod(pub, 0o600)
    old = os.umask(0o077)
    try:
        write_key_files(OTHER_KEY, path, PASSPHRASE, force=True, scrypt_n=FAST_SCRYPT)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and stat.S_IMODE(os.stat(pub).st_mode) == 0o644
    assert len(path.read_text(encoding="utf-8").splitlines()) == len(pub.read_text(encoding="utf-8").splitlines()) == 3
    assert unlock_key(path, PASSPHRASE).key_id == read_public_key(pub).key_id == OTHER_KEY.key_id


def test_a_key_that_cannot_be_written_is_named(tmp_path):
    (tmp_path / "jury.key").mkdir()
    with pytest.raises(JuryKeyError) as caught:
        write_key_files(KEY, tmp_path / "jury.key", PASSPHRASE, force=True, scrypt_n=FAST_SCRYPT)
    assert str(caught.value) == f"{tmp_path / 'jury.key'} : impossible de créer la clé (Is a directory)"
    with pytest.raises(JuryKeyError) as caught:
        write_key_files(KEY, tmp_path / "jury.pub", PASSPHRASE, force=True, scrypt_n=FAST_SCRYPT)
    assert str(caught.value) == f"{tmp_path / 'jury.pub'} : choisissez un nom de clé privée qui ne finit pas par .pub"
    assert not (tmp_path / "jury.pub").exists()


def test_keygen_without_a_path_writes_the_configured_key(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NEGOSIM_JURY_KEY_FILE", "~/cfg/jury.key")
    path, pub, key = generate_key(None, PASSPHRASE, scrypt_n=FAST_SCRYPT)
    assert (path, pub) == (tmp_path / "cfg" / "jury.key", tmp_path / "cfg" / "jury.pub")
    assert generate_key("~/g.key", PASSPHRASE, scrypt_n=FAST_SCRYPT)[0] == tmp_path / "g.key"
    assert isinstance(key, SigningKey) and unlock_key(path, PASSPHRASE).key_id == key.key_id != KEY.key_id


def test_a_public_key_never_signs_and_an_existing_key_is_never_overwritten(tmp_path):
    private, public = key_files(tmp_path)
    with pytest.raises(JuryKeyError) as caught:
        unlock_key(public, PASSPHRASE)
    assert str(caught.value) == f"{public} : c'est une clé publique ; elle vérifie mais ne signe pas (il faut jury.key)"
    before = private.read_bytes()
    with pytest.raises(JuryKeyError) as caught:
        write_key_files(OTHER_KEY, private, PASSPHRASE, force=False, scrypt_n=FAST_SCRYPT)
    assert str(caught.value).startswith(f"{private} existe déjà : une nouvelle clé rendrait invérifiables")
    assert private.read_bytes() == before and unlock_key(private, PASSPHRASE).key_id == KEY.key_id


def test_a_private_key_file_with_a_damaged_public_part_names_the_field(tmp_path):
    path, _ = key_files(tmp_path)
    doc = _doc(path)
    for value in (doc["public"][:-2], doc["public"] + "00", "public"):
        assert _refused(path, {**doc, "public": value}) == (
            f"{path} : fichier de clé endommagé (champ « public » illisible)")  # not "wrong passphrase"


def test_a_key_whose_folder_cannot_be_made_is_refused_with_its_path_not_a_traceback(tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier", encoding="utf-8")
    target = blocker / "jury.key"  # its parent is a file
    with pytest.raises(JuryKeyError) as caught:
        write_key_files(SigningKey.generate(), target, "une phrase de passe solide", force=False, scrypt_n=2**10)
    # the path and what the system said of it (its own words: a file stands where the folder would be)
    assert str(caught.value) == f"{target} : impossible de créer la clé ({os.strerror(errno.EEXIST)})"
    assert caught.value.key == "cli.keys.cannot_create" and not target.exists()
