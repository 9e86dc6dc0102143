"""Checking a sealed record: is every byte the one that was sealed, and by which key?

The answer is one of three: ``valid`` (chain whole, seal matches; signed or not), ``invalid`` (with the
reasons: which line broke the chain, truncated file, missing seal, lines after the seal, wrong key,
seal that does not match), or ``unverifiable`` (chain whole, signed, but no jury key to check the
signature with). Every line's hash is taken on its raw bytes, so no edit can hide in JSON spacing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .keys import JuryKey
from .mac import mac_form_problem, same_mac
from .seal import HMAC_ALG, PLAIN_ALG, canonical, compute_mac

VALID, INVALID, UNVERIFIABLE = "valid", "invalid", "unverifiable"


@dataclass(frozen=True)
class Problem:
    code: str  # unreadable empty truncated bad_line no_header broken_chain not_sealed after_seal bad_seal
    #            seal_rewritten seal_count seal_mismatch wrong_key no_key
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

    @property
    def ok(self) -> bool:
        return self.status == VALID

    @property
    def signed(self) -> bool:
        return bool(self.seal and self.seal.get("alg") == HMAC_ALG)

    @property
    def key_id(self) -> str | None:
        return self.seal.get("key_id") if self.seal else None

    def headline(self) -> str:
        """The verdict alone (the reasons are listed under it)."""
        if self.status == INVALID:
            return f"INVALIDE ({len(self.problems)} problème(s))"
        if self.status == UNVERIFIABLE:
            return f"chaîne intacte, signature non vérifiable (signé avec la clé {self.key_id}, aucune clé de jury disponible)"
        return self.summary()

    def summary(self, lang: str = "fr") -> str:
        """One line a jury can read: what the seal says."""
        if self.status == VALID:
            if self.signed:
                return f"valide — signé avec la clé de jury {self.key_id}"
            return "valide — non signé (empreinte SHA-256 : détecte une corruption accidentelle, pas une falsification)"
        if self.status == UNVERIFIABLE:
            return (f"chaîne intacte, signature non vérifiable — signé avec la clé {self.key_id}, "
                    "aucune clé de jury disponible")
        return "invalide — " + "; ".join(p.message for p in self.problems[:3]) + (" …" if len(self.problems) > 3 else "")


def _line_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def read_line(raw: bytes) -> dict[str, Any] | None:
    """One line of a record or annotation file as negosim writes it (a JSON object), or None.

    None too for what negosim cannot have written and could not re-encode to check it: a lone surrogate
    (``"\\ud800"``) or nesting deep enough to exhaust the parser.
    """
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            return None
        canonical(data)
    except (ValueError, RecursionError):  # UnicodeDecodeError and UnicodeEncodeError are ValueErrors
        return None
    return data


def verify_record(path: Path | str, key: JuryKey | None = None) -> Verification:
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
    first_at: dict[str, int] = {}
    for i, h in enumerate(hashes):
        first_at.setdefault(h, i)
    parsed: list[dict[str, Any] | None] = []
    for i, raw in enumerate(lines):
        data = read_line(raw)
        if data is None and not (tail and i == len(lines) - 1):  # a torn last line is already reported
            problems.append(Problem("bad_line", "ligne illisible (ce n'est plus un enregistrement JSON)", i + 1))
        parsed.append(data)
    result.records = [d for d in parsed if d is not None]
    head = parsed[0]
    if head is None or head.get("type") != "header" or head.get("prev") is not None:
        problems.append(Problem("no_header", "en-tête absent ou altéré (la ligne 1 doit être l'en-tête de la session)", 1))
    else:
        result.header = head
    _check_chain(parsed, hashes, first_at, problems)
    _check_seal(result, parsed, lines, hashes, key)
    if not problems:
        result.status = VALID
    elif all(p.code == "no_key" for p in problems):
        result.status = UNVERIFIABLE
    return result


def _check_chain(parsed: list[dict[str, Any] | None], hashes: list[str], first_at: dict[str, int],
                 problems: list[Problem]) -> None:
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
            msg = (f"chaîne rompue : la ligne {n} suivait la ligne {j + 1} ; les lignes {j + 2} à {i} ont été "
                   "insérées ou déplacées")
        elif j is not None and j >= i:
            msg = f"chaîne rompue : la ligne {n} devrait suivre la ligne {j + 1} (lignes déplacées)"
        else:
            msg = (f"chaîne rompue : la ligne {i} a été modifiée, ou des lignes ont été retirées entre les lignes "
                   f"{i} et {n}")
        problems.append(Problem("broken_chain", msg, n))


def _check_seal(result: Verification, parsed: list[dict[str, Any] | None], lines: list[bytes], hashes: list[str],
                key: JuryKey | None) -> None:
    problems = result.problems
    seals = [i for i, d in enumerate(parsed) if d is not None and d.get("type") == "seal"]
    if not seals:
        ended = any(d is not None and d.get("type") == "end" for d in parsed)
        if ended:
            msg = ("aucun sceau : la session s'est terminée mais l'enregistrement n'a pas été scellé, ou il a été "
                   "tronqué (le sceau est la dernière ligne)")
        else:
            msg = "aucun sceau : session inachevée (interrompue ?) ou enregistrement tronqué"
        problems.append(Problem("not_sealed", msg))
        return
    s = seals[0]
    seal = parsed[s]
    assert seal is not None
    result.seal = seal
    result.seal_hash = hashes[s]
    extra = len(parsed) - s - 1
    if extra:
        problems.append(Problem("after_seal", f"{extra} ligne(s) ajoutée(s) après le sceau (ligne {s + 1})", s + 2))
    if canonical(seal) != lines[s]:
        problems.append(Problem("seal_rewritten", "ligne du sceau réécrite (ses octets ne sont plus ceux écrits au "
                                                  "scellement)", s + 1))
    if seal.get("lines") != s:
        problems.append(Problem("seal_count", f"le sceau couvre {seal.get('lines')} ligne(s) mais en suit {s}", s + 1))
    alg = seal.get("alg")
    mac = seal.get("mac")
    if alg not in (HMAC_ALG, PLAIN_ALG):
        problems.append(Problem("bad_seal", f"sceau illisible : algorithme « {alg} » inconnu", s + 1))
        return
    malformed = mac_form_problem(mac)
    if malformed:  # whatever the key: a MAC that is not even a MAC cannot be made to verify
        problems.append(Problem("bad_seal", f"sceau illisible : {malformed}", s + 1))
        return
    if alg == PLAIN_ALG:
        if not same_mac(compute_mac(seal, None), mac):
            problems.append(Problem("seal_mismatch", "l'empreinte du sceau ne correspond pas au contenu : "
                                                     "enregistrement ou sceau modifié", s + 1))
        return
    if key is None:
        problems.append(Problem("no_key", f"signé avec la clé de jury {seal.get('key_id')} : aucune clé disponible pour "
                                          "vérifier la signature (NEGOSIM_JURY_KEY, --key ou fichier de clé)", s + 1))
        return
    if seal.get("key_id") != key.key_id:
        problems.append(Problem("wrong_key", f"mauvaise clé : scellé avec la clé {seal.get('key_id')}, la clé fournie "
                                             f"est {key.key_id} (ou l'identifiant de clé du sceau a été modifié)", s + 1))
        return
    if not same_mac(compute_mac(seal, key), mac):
        problems.append(Problem("seal_mismatch", "la signature ne correspond pas au contenu : enregistrement modifié "
                                                 "(chaîne recalculée) ou sceau altéré", s + 1))
