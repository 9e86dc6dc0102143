"""The jury key: where it comes from, how it is created, how it is named in a seal.

Order of precedence: an explicit ``--key FILE``, then ``NEGOSIM_JURY_KEY`` (the key itself: 64 hex digits,
or a passphrase of at least 16 characters), then ``NEGOSIM_JURY_KEY_FILE``, then ``jury.key`` in the
negosim data dir. No key is not an error: the seal is then a plain SHA-256 ("non signé").
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..store.paths import data_dir

KEY_ENV = "NEGOSIM_JURY_KEY"
KEY_FILE_ENV = "NEGOSIM_JURY_KEY_FILE"
MIN_PASSPHRASE = 16


class JuryKeyError(Exception):
    """A jury key that cannot be used; the message says where and what to do."""


@dataclass(frozen=True)
class JuryKey:
    secret: bytes = field(repr=False)
    source: str  # where it came from, for messages (never the key itself)
    warnings: tuple[str, ...] = ()

    @property
    def key_id(self) -> str:
        """A short public name of the key: tells "wrong key" from "modified record" without revealing it."""
        return hmac.new(self.secret, b"negosim jury key id", hashlib.sha256).hexdigest()[:16]


def default_key_path() -> Path:
    env = os.environ.get(KEY_FILE_ENV)
    return Path(env).expanduser() if env else data_dir() / "jury.key"


def parse_secret(text: str, where: str) -> bytes:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    if not lines:
        raise JuryKeyError(f"{where} : clé de jury vide ; créez-en une avec « negosim exam keygen »")
    value = lines[0]
    if len(value) == 64:
        try:
            return bytes.fromhex(value)
        except ValueError:
            pass
    if len(value) < MIN_PASSPHRASE:
        raise JuryKeyError(f"{where} : clé de jury trop courte ({len(value)} caractères ; au moins {MIN_PASSPHRASE}, "
                        "ou 64 chiffres hexadécimaux comme en produit « negosim exam keygen »)")
    return value.encode("utf-8")


def load_key(path: Path | str | None = None) -> JuryKey | None:
    """The jury key to use, or None when there is none (the seal will then be unsigned)."""
    if path is None:
        env = os.environ.get(KEY_ENV)
        if env:
            return JuryKey(parse_secret(env, f"variable {KEY_ENV}"), f"variable {KEY_ENV}")
        path = default_key_path()
        if not path.exists():
            return None
    path = Path(path).expanduser()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise JuryKeyError(f"{path} : fichier de clé introuvable ; créez-le avec « negosim exam keygen --out {path} »") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise JuryKeyError(f"{path} : fichier de clé illisible ({getattr(exc, 'strerror', None) or exc})") from None
    warnings: list[str] = []
    try:
        mode = path.stat().st_mode
        if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
            warnings.append(f"{path} : la clé est lisible par d'autres utilisateurs ; corrigez avec « chmod 600 {path} »")
    except OSError:
        pass
    return JuryKey(parse_secret(text, str(path)), str(path), tuple(warnings))


def generate_key(path: Path | str | None = None, force: bool = False) -> tuple[Path, JuryKey]:
    """Create a new random key file readable by its owner only (0600); never overwrite unless forced."""
    path = Path(path).expanduser() if path is not None else default_key_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_bytes(32)
    text = ("# negosim : clé de jury (HMAC-SHA256). Gardez-la secrète et sauvegardée :\n"
            "# sans elle, les enregistrements scellés ne peuvent plus être vérifiés.\n" + secret.hex() + "\n")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if force else os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o600)
    except FileExistsError:
        raise JuryKeyError(f"{path} existe déjà : une nouvelle clé rendrait invérifiables les enregistrements scellés "
                        "avec l'ancienne. Choisissez un autre fichier (--out) ou forcez (--force).") from None
    except OSError as exc:
        raise JuryKeyError(f"{path} : impossible de créer la clé ({exc.strerror})") from None
    try:
        os.fchmod(fd, 0o600)  # O_CREAT's mode is filtered by the umask; an existing file keeps its mode otherwise
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return path, JuryKey(secret, str(path))
