"""The jury's Ed25519 key pair: the private key encrypted under a passphrase, the public key to verify.

``negosim exam keygen`` writes two files: ``jury.key`` (the private key, encrypted: scrypt derives a
key from the jury's passphrase, ChaCha20-Poly1305 encrypts the 32 private bytes, the public key is
the authenticated associated data) and ``jury.pub`` (the public key alone, for trainers). The
private key is only ever decrypted in memory (:func:`unlock_key`, passphrase typed by the jury at
exam set-up); a copy of ``jury.key`` without the passphrase signs nothing.

Which public key verifies: an explicit ``--key FILE`` (a ``.pub`` or the ``.key``, whose public part
is in clear), then ``NEGOSIM_JURY_PUBLIC_KEY`` (a file), then ``NEGOSIM_JURY_KEY_FILE``, then
``jury.pub`` or ``jury.key`` in the negosim data dir. None is not an error: records are then sealed
and checked without a signature ("non signé"), and a configured key makes unsigned records invalid.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from ..errors import NegosimError
from ..store.paths import data_dir

KEY_FILE_ENV = "NEGOSIM_JURY_KEY_FILE"
PUBLIC_KEY_ENV = "NEGOSIM_JURY_PUBLIC_KEY"
PASSPHRASE_ENV = "NEGOSIM_JURY_PASSPHRASE"
LEGACY_KEY_ENV = "NEGOSIM_JURY_KEY"  # the symmetric key of the first seal format: refused with a message
MIN_PASSPHRASE = 12
SCRYPT_N = 2**17  # 128 MiB and about a second per guess: a stolen key file resists a dictionary
PRIVATE_KIND, PUBLIC_KIND = "negosim-jury-private-key", "negosim-jury-public-key"
KEY_FORMAT = 2
SIGNATURE_HEX = 128  # an Ed25519 signature (64 bytes) as hexadecimal


class JuryKeyError(NegosimError):
    """A jury key that cannot be used; the message says where and what to do."""

    code = "jury_key"


def key_id_of(public: bytes) -> str:
    """A short public name of a public key: tells "wrong key" from "modified record"."""
    return hashlib.sha256(b"negosim jury key id v2\n" + public).hexdigest()[:16]


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key: verifies, never signs."""

    raw: bytes
    source: str = ""  # where it came from, for messages

    @property
    def key_id(self) -> str:
        return key_id_of(self.raw)

    def verify(self, signature: object, message: bytes) -> bool:
        """Is ``signature`` (hex, read from a file: untrusted) this key's signature of ``message``? Never raises."""
        if not isinstance(signature, str) or len(signature) != SIGNATURE_HEX:
            return False
        try:
            sig = bytes.fromhex(signature)
            Ed25519PublicKey.from_public_bytes(self.raw).verify(sig, message)
        except (ValueError, InvalidSignature):
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    """An Ed25519 private key held in memory only (the jury's, unlocked; or one exam's session key)."""

    private: Ed25519PrivateKey = field(repr=False)

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.private.public_key().public_bytes_raw())

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, message: bytes) -> str:
        return self.private.sign(message).hex()


def as_public(key: PublicKey | SigningKey | None) -> PublicKey | None:
    """What verifies: a public key as it is; the holder of the private key verifies with its public half."""
    return key.public if isinstance(key, SigningKey) else key


def default_key_path() -> Path:
    env = os.environ.get(KEY_FILE_ENV)
    return Path(env).expanduser() if env else data_dir() / "jury.key"


def public_path_for(private_path: Path) -> Path:
    return private_path.with_suffix(".pub")


def _read_key_file(path: Path) -> dict[str, Any]:
    """The key object of a negosim key file (comment lines, then one JSON line); clear errors otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JuryKeyError(key="cli.keys.missing", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JuryKeyError(key="cli.keys.unreadable", path=path,
                           problem=getattr(exc, "strerror", None) or exc) from None
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not lines:
        raise JuryKeyError(key="cli.keys.empty", path=path)
    try:
        data = json.loads(lines[0])
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("kind") not in (PRIVATE_KIND, PUBLIC_KIND):
        raise JuryKeyError(key="cli.keys.not_a_key", path=path, format=KEY_FORMAT)
    if data.get("format") != KEY_FORMAT:
        raise JuryKeyError(key="cli.keys.unknown_format", path=path, found=repr(data.get("format")), format=KEY_FORMAT)
    return data


def _hex_field(data: dict[str, Any], name: str, size: int | None, path: Path) -> bytes:
    value = data.get(name)
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else None
    except ValueError:
        raw = None
    if raw is None or (size is not None and len(raw) != size):
        raise JuryKeyError(key="cli.keys.bad_field", path=path, field=name)
    return raw


def read_public_key(path: Path | str) -> PublicKey:
    """The public key of a ``.pub`` or ``.key`` file (the private key file holds its public key in clear)."""
    path = Path(path).expanduser()
    data = _read_key_file(path)
    return PublicKey(_hex_field(data, "public", 32, path), str(path))


def load_public_key(path: Path | str | None = None) -> PublicKey | None:
    """The public key to verify with, or None when none is configured (see the module docstring)."""
    if path is not None:
        return read_public_key(path)
    for env in (PUBLIC_KEY_ENV, KEY_FILE_ENV):
        value = os.environ.get(env)
        if value:
            return read_public_key(value)
    if os.environ.get(LEGACY_KEY_ENV):
        raise JuryKeyError(key="cli.keys.legacy", variable=LEGACY_KEY_ENV)
    for candidate in (data_dir() / "jury.pub", data_dir() / "jury.key"):
        if candidate.exists():
            return read_public_key(candidate)
    return None


def private_key_path(path: Path | str | None = None) -> Path | None:
    """The encrypted private key to unlock for signing, or None when there is none."""
    if path is not None:
        return Path(path).expanduser()
    default = default_key_path()
    return default if default.exists() else None


def _positive(value: Any) -> TypeGuard[int]:
    """A scrypt parameter as the key file must give it: a positive int (JSON's true is not one)."""
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _kdf(salt: bytes, n: int, r: int, p: int, passphrase: str) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def unlock_key(path: Path | str, passphrase: str) -> SigningKey:
    """Decrypt the jury's private key in memory; a wrong passphrase or a damaged file gives a clear message."""
    path = Path(path).expanduser()
    data = _read_key_file(path)
    if data["kind"] != PRIVATE_KIND:
        raise JuryKeyError(key="cli.keys.public_only", path=path)
    public = _hex_field(data, "public", 32, path)
    found = data.get("kdf")
    kdf: dict[str, Any] = found if isinstance(found, dict) else {}
    if kdf.get("name") != "scrypt" or data.get("cipher") != "chacha20-poly1305":
        raise JuryKeyError(key="cli.keys.unknown_cipher", path=path, kdf=repr(kdf.get("name")),
                           cipher=repr(data.get("cipher")))
    n, r, p = kdf.get("n"), kdf.get("r"), kdf.get("p")
    if not (_positive(n) and _positive(r) and _positive(p)) or n & (n - 1) or n < 2:
        raise JuryKeyError(key="cli.keys.bad_scrypt", path=path)
    try:
        secret = _kdf(_hex_field(kdf, "salt", None, path), n, r, p, passphrase)
        raw = ChaCha20Poly1305(secret).decrypt(_hex_field(data, "nonce", 12, path),
                                               _hex_field(data, "ciphertext", None, path), public)
        private = Ed25519PrivateKey.from_private_bytes(raw)
    except InvalidTag:
        raise JuryKeyError(key="cli.keys.wrong_passphrase", path=path) from None
    except (ValueError, MemoryError) as exc:
        raise JuryKeyError(key="cli.keys.damaged", path=path, problem=exc) from None
    return SigningKey(private)  # the public key is the cipher's associated data: it matches


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise JuryKeyError(key="cli.keys.too_short", count=len(passphrase), minimum=MIN_PASSPHRASE)


def _write_new(path: Path, text: str, mode: int, force: bool) -> None:
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, mode)
    except FileExistsError:
        raise JuryKeyError(key="cli.keys.exists", path=path) from None
    except OSError as exc:
        raise JuryKeyError(key="cli.keys.cannot_create", path=path, problem=exc.strerror) from None
    try:
        os.fchmod(fd, mode)  # O_CREAT's mode is filtered by the umask; an existing file keeps its mode otherwise
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def generate_key(path: Path | str | None, passphrase: str, force: bool = False,
                 scrypt_n: int = SCRYPT_N) -> tuple[Path, Path, SigningKey]:
    """Create a key pair: the encrypted private key (0600) and its public key next to it (``.pub``)."""
    path = Path(path).expanduser() if path is not None else default_key_path()
    return write_key_files(SigningKey.generate(), path, passphrase, force=force, scrypt_n=scrypt_n)


def write_key_files(key: SigningKey, path: Path, passphrase: str, *, force: bool,
                    scrypt_n: int = SCRYPT_N) -> tuple[Path, Path, SigningKey]:
    """Write ``key`` encrypted under ``passphrase`` at ``path`` (0600) and its public key next to it."""
    check_passphrase(passphrase)
    pub_path = public_path_for(path)
    if pub_path == path:
        raise JuryKeyError(key="cli.keys.pub_name", path=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a parent that is a file, a read-only folder: said, never a traceback
        raise JuryKeyError(key="cli.keys.cannot_create", path=path, problem=exc.strerror) from None
    public = key.public.raw
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    secret = _kdf(salt, scrypt_n, 8, 1, passphrase)
    ciphertext = ChaCha20Poly1305(secret).encrypt(nonce, key.private.private_bytes_raw(), public)
    private_doc = {"kind": PRIVATE_KIND, "format": KEY_FORMAT, "public": public.hex(),
                   "kdf": {"name": "scrypt", "n": scrypt_n, "r": 8, "p": 1, "salt": salt.hex()},
                   "cipher": "chacha20-poly1305", "nonce": nonce.hex(), "ciphertext": ciphertext.hex()}
    _write_new(path, "# negosim : clé privée de jury (Ed25519), chiffrée par votre phrase de passe.\n"
                     "# Sauvegardez-la avec soin : sans elle et sans la phrase de passe, plus aucun sceau signé.\n"
               + json.dumps(private_doc) + "\n", 0o600, force)
    _write_new(pub_path, "# negosim : clé publique de jury (Ed25519). Elle vérifie les sceaux et ne signe rien :\n"
                         "# donnez-la aux formateurs (negosim verify --key jury.pub).\n"
               + json.dumps({"kind": PUBLIC_KIND, "format": KEY_FORMAT, "public": public.hex()}) + "\n", 0o644, force)
    return path, pub_path, key


__all__ = ["KEY_FILE_ENV", "PASSPHRASE_ENV", "PUBLIC_KEY_ENV", "JuryKeyError", "PublicKey", "SigningKey",
           "as_public", "check_passphrase", "default_key_path", "generate_key", "key_id_of", "load_public_key",
           "private_key_path", "read_public_key", "unlock_key", "write_key_files"]
