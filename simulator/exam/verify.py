"""Checking a sealed record: is every line the one the exam wrote, signed as it was written, and by which jury?

The verdict is one of four: ``valid`` (chain whole, every line and the seal signed by the exam's
session key, itself certified by the jury key; or, with no jury key configured anywhere, unsigned but
intact), ``late`` (intact, but sealed after the fact by ``negosim exam seal``: never valid as an
exam), ``invalid`` (with the reasons: which line broke the chain or its signature, truncated file,
missing seal, lines after the seal, wrong key, unsigned when a key is configured, old seal format...),
or ``unverifiable`` (intact and consistently signed, but no jury public key to check the certificate
with). Every line's hash is taken on its raw bytes and every line must be exactly as negosim encodes
it, so no edit can hide in JSON spacing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..i18n import nt, t
from .keys import PublicKey, SigningKey, as_public
from .mac import mac_form_problem, same_mac
from .seal import (
    CERT_TYPE,
    LATE_DOMAIN,
    LEGACY_ALG,
    PLAIN_ALG,
    SEAL_DOMAIN,
    SEAL_FORMAT,
    SESSION_DOMAIN,
    SIGNED_ALG,
    canonical,
    line_domain,
    message,
    plain_digest,
)

VALID, INVALID, UNVERIFIABLE, LATE = "valid", "invalid", "unverifiable", "late"
_LISTED = 8  # line numbers named in one message, at most


@dataclass(frozen=True)
class Problem:
    code: str  # unreadable empty truncated bad_line rewritten no_header broken_chain not_sealed after_seal bad_seal
    #            seal_count seal_mismatch bad_signature bad_cert misplaced_cert wrong_key unsigned legacy_format no_key
    message: str
    line: int | None = None  # 1-based line of the record where it was found

    def render(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return f"{where} : {self.message}"


@dataclass
class Verification:
    path: Path
    status: str
    problems: list[Problem] = field(default_factory=list)
    header: dict[str, Any] | None = None
    seal: dict[str, Any] | None = None
    seal_hash: str | None = None  # SHA-256 of the seal line: what annotations are bound to
    records: list[dict[str, Any]] = field(default_factory=list)  # every readable line, in order
    line_count: int = 0
    certificate: dict[str, Any] | None = None  # line 2 of a signed record: the session key, certified by the jury

    @property
    def ok(self) -> bool:
        return self.status == VALID

    @property
    def signed(self) -> bool:
        """The record is signed (a session certificate and an Ed25519 seal); whether it verifies is ``status``."""
        return self.certificate is not None and self.seal is not None and self.seal.get("alg") == SIGNED_ALG

    @property
    def late(self) -> bool:
        """Sealed after the fact (``negosim exam seal``), not by the exam itself."""
        return bool(self.seal and self.seal.get("late") is True)

    @property
    def key_id(self) -> str | None:
        found = (self.certificate or self.seal or {}).get("key_id")
        return found if isinstance(found, str) else None

    def headline(self, lang: str = "fr") -> str:
        """The verdict alone (the reasons are listed under it)."""
        if self.status == INVALID:
            return nt("cli.verify.invalid", len(self.problems), lang)
        return self.summary(lang)

    def summary(self, lang: str = "fr") -> str:
        """One line a jury can read: what the seal says (the reasons of an invalid record as verify found them)."""
        if self.status == LATE:
            return t("cli.verify.late_signed" if self.signed else "cli.verify.late_unsigned", lang, key_id=self.key_id)
        if self.status == VALID:
            return t("cli.verify.valid_signed" if self.signed else "cli.verify.valid_unsigned", lang, key_id=self.key_id)
        if self.status == UNVERIFIABLE:
            return t("cli.verify.unverifiable_late" if self.late else "cli.verify.unverifiable", lang, key_id=self.key_id)
        if any(p.code == "legacy_format" for p in self.problems):
            return next(p.message for p in self.problems if p.code == "legacy_format")  # says "ancien format"
        reasons = "; ".join(p.message for p in self.problems[:3]) + (" …" if len(self.problems) > 3 else "")
        return t("cli.verify.invalid_because", lang, reasons=reasons)


def _line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_line(raw: bytes) -> dict[str, Any] | None:
    """One line of a record or annotation file as negosim writes it (a JSON object), or None.

    None too for what negosim cannot have written and could not re-encode to check it: a lone surrogate
    (``"\\ud800"``) or nesting deep enough to exhaust the parser.
    """
    return _read_encoded(raw)[0]


def _read_encoded(raw: bytes) -> tuple[dict[str, Any] | None, bytes | None]:
    """``read_line`` with the line's canonical bytes (encoded once: a record is compared with them too)."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            return None, None
        return data, canonical(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError and UnicodeEncodeError are ValueErrors
        return None, None


def _lines_named(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:_LISTED])
    return shown + (f" … ({len(numbers)} en tout)" if len(numbers) > _LISTED else "")


def verify_record(path: Path | str, key: PublicKey | SigningKey | None = None) -> Verification:
    """Verify a record; ``key`` is the jury's public key (configured: an unsigned record is then invalid)."""
    key = as_public(key)
    path = Path(path)
    result = Verification(path, INVALID)
    problems = result.problems
    try:
        blob = path.read_bytes()
    except OSError as exc:
        problems.append(Problem("unreadable", f"enregistrement illisible ({exc.strerror})"))
        return result
    if not blob:
        problems.append(Problem("empty", "enregistrement vide"))
        return result
    lines = blob.split(b"\n")
    tail = lines.pop()
    if tail:
        lines.append(tail)
        problems.append(Problem("truncated", "dernière ligne incomplète (pas de fin de ligne) : enregistrement tronqué "
                                             "ou fin du fichier modifiée", len(lines)))
    result.line_count = len(lines)
    hashes = [_line_hash(raw) for raw in lines]
    parsed: list[dict[str, Any] | None] = []
    rewritten: list[int] = []
    for i, raw in enumerate(lines):
        data, encoded = _read_encoded(raw)
        if data is None and not (tail and i == len(lines) - 1):  # a torn last line is already reported
            problems.append(Problem("bad_line", "ligne illisible (ce n'est plus un enregistrement JSON)", i + 1))
        elif data is not None and encoded != raw:
            rewritten.append(i + 1)
        parsed.append(data)
    if rewritten:
        problems.append(Problem("rewritten", f"ligne(s) {_lines_named(rewritten)} réécrite(s) : leurs octets ne sont "
                                             "plus ceux que négosim a écrits", rewritten[0]))
    result.records = [d for d in parsed if d is not None]
    head = parsed[0]
    if head is None or head.get("type") != "header" or head.get("prev") is not None:
        problems.append(Problem("no_header", "en-tête absent ou altéré (la ligne 1 doit être l'en-tête de la session)", 1))
    else:
        result.header = head
    _check_chain(parsed, hashes, problems)
    _check_seal(result, parsed, hashes, key)
    if not problems:
        result.status = LATE if result.late else VALID
    elif all(p.code == "no_key" for p in problems):
        result.status = UNVERIFIABLE
    return result


def _check_chain(parsed: list[dict[str, Any] | None], hashes: list[str], problems: list[Problem]) -> None:
    first_at: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first_at.setdefault(h, i)
    for i in range(1, len(parsed)):
        data = parsed[i]
        if data is None:
            continue
        got = data.get("prev")
        if got == hashes[i - 1]:
            continue
        n = i + 1  # 1-based number of the line whose link is wrong
        j = first_at.get(got) if isinstance(got, str) else None
        if j is not None and j < i - 1:
            between = f"la ligne {i} a été insérée ou déplacée" if j + 2 == i else \
                f"les lignes {j + 2} à {i} ont été insérées ou déplacées"
            msg = f"chaîne rompue : la ligne {n} suivait la ligne {j + 1} ; {between}"
        elif j is not None and j >= i:
            msg = f"chaîne rompue : la ligne {n} devrait suivre la ligne {j + 1} (lignes déplacées)"
        else:
            msg = (f"chaîne rompue : la ligne {i} a été modifiée, ou des lignes ont été retirées entre les lignes "
                   f"{i} et {n}")
        problems.append(Problem("broken_chain", msg, n))


def _find_seal(result: Verification, parsed: list[dict[str, Any] | None], hashes: list[str]) -> int | None:
    """Where the seal is (its 0-based line), after checking it is the last line and counts the lines before it."""
    problems = result.problems
    seals = [i for i, d in enumerate(parsed) if d is not None and d.get("type") == "seal"]
    if not seals:
        ended = any(d is not None and d.get("type") == "end" for d in parsed)
        writing = [d.get("event") for d in parsed if d is not None and d.get("type") == "exam"
                   and d.get("event") in ("writing_started", "writing_ended")]
        if writing and writing[-1] == "writing_started":
            msg = ("aucun sceau : l'épreuve s'est arrêtée pendant les écrits qui suivent l'entretien (ce qui a été "
                   "écrit jusque-là est conservé : « negosim exam seal » le scelle après coup)")
        elif ended:
            msg = ("aucun sceau : la session s'est terminée mais l'enregistrement n'a pas été scellé, ou il a été "
                   "tronqué (le sceau est la dernière ligne)")
        else:
            msg = "aucun sceau : session inachevée (interrompue ?) ou enregistrement tronqué"
        problems.append(Problem("not_sealed", msg))
        return None
    s = seals[0]
    seal = parsed[s]
    assert seal is not None
    result.seal = seal
    result.seal_hash = hashes[s]
    extra = len(parsed) - s - 1
    if extra:
        problems.append(Problem("after_seal", f"{extra} ligne(s) ajoutée(s) après le sceau (ligne {s + 1})", s + 2))
    if type(seal.get("lines")) is not int or seal.get("lines") != s:  # True == 1 in Python: a count is an int
        problems.append(Problem("seal_count", f"le sceau couvre {seal.get('lines')} ligne(s) mais en suit {s}", s + 1))
    return s


def _check_seal(result: Verification, parsed: list[dict[str, Any] | None], hashes: list[str],
                key: PublicKey | None) -> None:
    problems = result.problems
    s = _find_seal(result, parsed, hashes)
    seal = result.seal
    if seal is not None and (seal.get("seal_format") != SEAL_FORMAT or seal.get("alg") == LEGACY_ALG):
        problems.append(Problem("legacy_format", "ancien format de sceau (clé secrète partagée, avant le sceau à clé "
                                                 "publique) : il ne protège pas contre une réécriture et ne vaut pas "
                                                 "épreuve ; le contenu reste lisible", s + 1 if s is not None else None))
        return
    cert = parsed[1] if len(parsed) > 1 and parsed[1] is not None and parsed[1].get("type") == CERT_TYPE else None
    misplaced = [i + 1 for i, d in enumerate(parsed) if d is not None and d.get("type") == CERT_TYPE and d is not cert]
    if misplaced:
        problems.append(Problem("misplaced_cert", f"certificat d'épreuve inattendu ligne(s) {_lines_named(misplaced)} "
                                                  "(il n'y en a qu'un, en ligne 2)", misplaced[0]))
    if cert is None:
        _check_unsigned(result, s, key)
        return
    result.certificate = cert
    _check_signed(result, parsed, cert, s, key)


def _check_unsigned(result: Verification, s: int | None, key: PublicKey | None) -> None:
    problems, seal = result.problems, result.seal
    if key is not None and seal is not None:  # an unsealed journal (a practice session) is already not an exam
        problems.append(Problem("unsigned", f"enregistrement non signé alors que la clé de jury {key.key_id} est "
                                            "configurée : signature retirée (rétrogradation) ou épreuve passée sans clé"))
    if seal is None or s is None:
        return
    alg = seal.get("alg")
    if alg != PLAIN_ALG:
        why = "signé mais sans certificat d'épreuve en ligne 2" if alg == SIGNED_ALG else f"algorithme « {alg} » inconnu"
        problems.append(Problem("bad_seal", f"sceau illisible : {why}", s + 1))
        return
    malformed = mac_form_problem(seal.get("mac"))
    if malformed:
        problems.append(Problem("bad_seal", f"sceau illisible : {malformed}", s + 1))
        return
    domain = LATE_DOMAIN if result.late else SEAL_DOMAIN
    if not same_mac(plain_digest(seal, domain), seal.get("mac")):
        problems.append(Problem("seal_mismatch", "l'empreinte du sceau ne correspond pas au contenu : "
                                                 "enregistrement ou sceau modifié", s + 1))


def _session_key(cert: dict[str, Any]) -> PublicKey | None:
    value = cert.get("session_key")
    if not isinstance(value, str) or cert.get("alg") != SIGNED_ALG:
        return None
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        return None
    return PublicKey(raw) if len(raw) == 32 else None


def _seal_vouches(result: Verification, parsed: list[dict[str, Any] | None], session: PublicKey,
                  s: int | None) -> bool:
    """Does the session-signed seal vouch for every line, so that their own signatures need no check?

    It does when nothing else is wrong: the seal is the last line, every line is readable, as negosim
    encoded it and chained to the one before it, and the session key signed the seal (not a late seal).
    The seal's signed bytes hold the hash of the line before it, which holds the hash of the one before,
    down to the header: changing any byte of any line (its ``sig`` included) breaks that chain or the
    seal's signature, and only the session key, gone when the exam ended, could sign another seal. One
    Ed25519 check then stands for the ~15 of the lines (a cohort of 10,000 records saves 130,000). When
    anything is wrong every line is checked as before, so the report still names each bad line.
    """
    seal = result.seal
    if result.problems or s is None or seal is None or result.late or s != len(parsed) - 1:
        return False
    return session.verify(seal.get("sig"), message(seal, line_domain(seal)))


def _check_signed(result: Verification, parsed: list[dict[str, Any] | None], cert: dict[str, Any], s: int | None,
                  key: PublicKey | None) -> None:
    problems, seal = result.problems, result.seal
    session = _session_key(cert)
    if session is None:
        problems.append(Problem("bad_cert", "certificat d'épreuve illisible (clé de session absente ou mal formée)", 2))
        return
    late_at = s if result.late else None
    unsigned = [] if _seal_vouches(result, parsed, session, s) else \
        [i + 1 for i, line in enumerate(parsed) if i >= 2 and line is not None and i != late_at
         and not session.verify(line.get("sig"), message(line, line_domain(line)))]
    if unsigned:
        problems.append(Problem("bad_signature", f"signature incorrecte ligne(s) {_lines_named(unsigned)} : ligne "
                                                 "modifiée, ajoutée ou rechaînée sans la clé de l'épreuve", unsigned[0]))
    if seal is not None and s is not None and (seal.get("alg") != SIGNED_ALG or seal.get("key_id") != cert.get("key_id")):
        problems.append(Problem("bad_seal", "sceau incohérent avec le certificat de l'épreuve (algorithme ou clé)", s + 1))
    if key is None:
        problems.append(Problem("no_key", f"signé avec la clé de jury {cert.get('key_id')} : aucune clé publique pour "
                                          "vérifier la signature (--key jury.pub, NEGOSIM_JURY_PUBLIC_KEY)", 2))
        return
    if cert.get("key_id") != key.key_id:
        problems.append(Problem("wrong_key", f"mauvaise clé : signé avec la clé {cert.get('key_id')}, la clé fournie "
                                             f"est {key.key_id} (ou l'identifiant de clé a été modifié)", 2))
        return
    if not key.verify(cert.get("sig"), message(cert, SESSION_DOMAIN)):
        problems.append(Problem("bad_cert", "le certificat de l'épreuve n'est pas signé par la clé de jury : en-tête "
                                            "modifié ou clé de session fabriquée", 2))
    if late_at is not None and seal is not None and not key.verify(seal.get("sig"), message(seal, LATE_DOMAIN)):
        problems.append(Problem("seal_mismatch", "le sceau posé après coup n'est pas signé par la clé de jury",
                                late_at + 1))
