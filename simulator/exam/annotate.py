"""Jury annotations: comments added after the exam, in a file of their own, never in the record.

``RECORD.jsonl`` stays byte for byte as sealed; the jury's comments go to ``RECORD.jury.jsonl`` next to
it. Each annotation line names the seal it comments on (the SHA-256 of the record's seal line), is
chained to the annotation before it (``prev``) and carries its own Ed25519 signature by the jury key (``sig``,
under the annotation domain; a plain SHA-256 ``mac`` without a key, "non signée"). Annotating needs a
valid record: a jury comments on what it can trust. Adding signs with the unlocked private key;
reading checks with the public key alone.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NegosimError
from .keys import PublicKey, SigningKey, as_public
from .mac import mac_form_problem, same_mac
from .seal import ANNOTATION_DOMAIN, PLAIN_ALG, SIGNED_ALG, canonical, message, plain_digest
from .verify import VALID, Problem, Verification, read_line, verify_record

MAX_COMMENT = 20_000


class AnnotationError(NegosimError):
    """An annotation that cannot be added; the message says why."""

    code = "annotation"


def annotations_path(record: Path | str) -> Path:
    record = Path(record)
    stem = record.name[:-len(".jsonl")] if record.name.endswith(".jsonl") else record.name
    return record.with_name(stem + ".jury.jsonl")


@dataclass(frozen=True)
class Annotation:
    author: str
    at: str
    comment: str
    criteria: dict[str, str]  # criterion id -> the jury's comment on it
    decision: str | None  # free text: "admis", "à revoir"...
    signed: bool


@dataclass
class AnnotationCheck:
    path: Path
    annotations: list[Annotation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_annotations(record: Path | str, key: PublicKey | SigningKey | None,
                     verification: Verification | None = None) -> AnnotationCheck:
    """Read and check the annotations of a record (no file: no annotation, no problem)."""
    key = as_public(key)
    path = annotations_path(record)
    check = AnnotationCheck(path)
    if not path.exists():
        return check
    verification = verification or verify_record(record, key)
    try:
        blob = path.read_bytes()
    except OSError as exc:
        check.problems.append(Problem("annotation_unreadable", f"annotations illisibles ({exc.strerror})"))
        return check
    lines = blob.split(b"\n")
    if lines.pop():
        check.problems.append(Problem("annotation_truncated", "annotations : dernière ligne incomplète (fichier tronqué)"))
        return check
    prev: str | None = None
    for n, raw in enumerate(lines, 1):
        where = f"annotation {n}"
        data = read_line(raw)
        if data is None:
            check.problems.append(Problem("annotation_bad_line", f"{where} illisible"))
            prev = hashlib.sha256(raw).hexdigest()
            continue
        if data.get("prev") != prev:
            check.problems.append(Problem("annotation_chain", f"{where} : chaîne rompue (annotation modifiée, retirée "
                                                              "ou déplacée avant elle)"))
        prev = hashlib.sha256(raw).hexdigest()
        if canonical(data) != raw:
            check.problems.append(Problem("annotation_rewritten", f"{where} : ligne réécrite"))
        if data.get("record_seal") != verification.seal_hash:
            check.problems.append(Problem("annotation_record", f"{where} : porte sur un autre enregistrement (ou sur "
                                                               "cet enregistrement avant modification)"))
        alg = data.get("alg")
        signed = alg == SIGNED_ALG
        if alg not in (SIGNED_ALG, PLAIN_ALG):
            check.problems.append(Problem("annotation_bad_seal", f"{where} : signature illisible (algorithme « {alg} » "
                                                                  "inconnu)"))
            continue
        if not signed:
            malformed = mac_form_problem(data.get("mac"))
            if malformed or not same_mac(plain_digest(data, ANNOTATION_DOMAIN), data.get("mac")):
                check.problems.append(Problem("annotation_mismatch", f"{where} : empreinte incorrecte ("
                                              + (malformed or "annotation modifiée") + ")"))
            if key is not None:
                check.problems.append(Problem("annotation_unsigned", f"{where} : non signée alors qu'une clé de jury "
                                                                     "est configurée"))
        elif key is None:
            check.problems.append(Problem("no_key", f"{where} : signée avec la clé {data.get('key_id')}, aucune clé "
                                                    "publique pour la vérifier"))
        elif data.get("key_id") != key.key_id:
            check.problems.append(Problem("annotation_wrong_key", f"{where} : signée avec une autre clé "
                                                                  f"({data.get('key_id')})"))
        elif not key.verify(data.get("sig"), message(data, ANNOTATION_DOMAIN)):
            check.problems.append(Problem("annotation_mismatch", f"{where} : signature incorrecte (annotation modifiée)"))
        found = data.get("criteria")
        criteria: dict[str, Any] = found if isinstance(found, dict) else {}
        check.annotations.append(Annotation(str(data.get("author", "")), str(data.get("at", "")),
                                            str(data.get("comment", "")), {str(k): str(v) for k, v in criteria.items()},
                                            data.get("decision") if isinstance(data.get("decision"), str) else None,
                                            signed))
    return check


def add_annotation(record: Path | str, key: SigningKey | None, author: str, at: str, comment: str = "",
                   criteria: dict[str, str] | None = None, decision: str | None = None,
                   known_criteria: set[str] | None = None) -> dict[str, Any]:
    """Append a signed annotation; refuses when the record does not verify (nothing to bind the comment to)."""
    author = " ".join((author or "").split())
    if not author:
        raise AnnotationError("indiquez qui annote (--author) : un commentaire de jury est signé par une personne")
    criteria = {k: v.strip() for k, v in (criteria or {}).items() if v.strip()}
    if not comment.strip() and not criteria and not decision:
        raise AnnotationError("rien à ajouter : donnez un commentaire, une décision ou un commentaire par critère")
    if len(comment) > MAX_COMMENT:
        raise AnnotationError(f"commentaire trop long ({len(comment)} caractères, au plus {MAX_COMMENT})")
    if known_criteria is not None:
        unknown = sorted(set(criteria) - known_criteria)
        if unknown:
            raise AnnotationError(f"critère(s) inconnu(s) : {', '.join(unknown)} (connus : {', '.join(sorted(known_criteria))})")
    public = key.public if key else None
    verification = verify_record(record, public)
    if verification.status != VALID or verification.seal_hash is None:
        raise AnnotationError(f"enregistrement non valide, annotation refusée : {verification.summary()}")
    existing = read_annotations(record, public, verification)
    if existing.problems:
        raise AnnotationError("annotations existantes invalides : " + "; ".join(p.message for p in existing.problems))
    path = annotations_path(record)
    prev = None
    if path.exists():
        raw_lines = path.read_bytes().split(b"\n")[:-1]
        if raw_lines:
            prev = hashlib.sha256(raw_lines[-1]).hexdigest()
    data: dict[str, Any] = {"type": "annotation", "record_seal": verification.seal_hash, "author": author, "at": at,
                            "comment": comment.strip(), "criteria": criteria, "decision": decision,
                            "alg": SIGNED_ALG if key else PLAIN_ALG, "key_id": key.key_id if key else None, "prev": prev}
    if key:
        data["sig"] = key.sign(message(data, ANNOTATION_DOMAIN))
    else:
        data["mac"] = plain_digest(data, ANNOTATION_DOMAIN)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(fd, canonical(data) + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return data
