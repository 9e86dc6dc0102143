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
from ..i18n import get_lang
from .keys import PublicKey, SigningKey, as_public
from .mac import mac_form, same_mac
from .reason import Reason
from .seal import ANNOTATION_DOMAIN, PLAIN_ALG, SIGNED_ALG, canonical, message, plain_digest
from .verify import VALID, Problem, Verification, read_line, verify_record

MAX_COMMENT = 20_000


class AnnotationError(NegosimError):
    """An annotation that cannot be added; the message says why (a ``verify.annotate.*`` key and its fields; a
    field may be a reason or a verdict, worded in the language the message is asked in)."""

    code = "annotation"

    def _render(self, lang: str | None, typeset: bool = True) -> str:
        assert self.key is not None
        reason = Reason(self.key, self.fields)
        return reason.text(lang) if typeset else reason.written()


@dataclass(frozen=True)
class _Verdict:
    """A record's verdict as a field of a message: its summary, in the message's language."""

    verification: Verification

    def text(self, lang: str | None = None) -> str:
        # no language: the current one, as the sentence around it (summary words any other language in French)
        return self.verification.summary(lang or get_lang())

    def __str__(self) -> str:
        return self.text("fr")


def _problem(code: str, key: str, **fields: Any) -> Problem:
    return Problem(code, Reason("verify.annotation." + key, fields))


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
        check.problems.append(_problem("annotation_unreadable", "unreadable", error=exc.strerror))
        return check
    lines = blob.split(b"\n")
    if lines.pop():
        check.problems.append(_problem("annotation_truncated", "truncated"))
        return check
    prev: str | None = None
    for n, raw in enumerate(lines, 1):
        data = read_line(raw)
        if data is None:
            check.problems.append(_problem("annotation_bad_line", "bad_line", number=n))
            prev = hashlib.sha256(raw).hexdigest()
            continue
        if data.get("prev") != prev:
            check.problems.append(_problem("annotation_chain", "chain", number=n))
        prev = hashlib.sha256(raw).hexdigest()
        if canonical(data) != raw:
            check.problems.append(_problem("annotation_rewritten", "rewritten", number=n))
        if data.get("record_seal") != verification.seal_hash:
            check.problems.append(_problem("annotation_record", "record", number=n))
        alg = data.get("alg")
        signed = alg == SIGNED_ALG
        if alg not in (SIGNED_ALG, PLAIN_ALG):
            check.problems.append(_problem("annotation_bad_seal", "bad_seal", number=n, alg=alg))
            continue
        if not signed:
            malformed = mac_form(data.get("mac"))
            if malformed or not same_mac(plain_digest(data, ANNOTATION_DOMAIN), data.get("mac")):
                check.problems.append(_problem("annotation_mismatch", "mismatch", number=n,
                                               why=malformed or Reason("verify.annotation.changed")))
            if key is not None:
                check.problems.append(_problem("annotation_unsigned", "unsigned", number=n))
        elif key is None:
            check.problems.append(_problem("no_key", "no_key", number=n, key_id=data.get("key_id")))
        elif data.get("key_id") != key.key_id:
            check.problems.append(_problem("annotation_wrong_key", "wrong_key", number=n, key_id=data.get("key_id")))
        elif not key.verify(data.get("sig"), message(data, ANNOTATION_DOMAIN)):
            check.problems.append(_problem("annotation_mismatch", "bad_sig", number=n))
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
        raise AnnotationError(key="verify.annotate.author")
    criteria = {k: v.strip() for k, v in (criteria or {}).items() if v.strip()}
    if not comment.strip() and not criteria and not decision:
        raise AnnotationError(key="verify.annotate.nothing")
    if len(comment) > MAX_COMMENT:
        raise AnnotationError(key="verify.annotate.too_long", length=len(comment), limit=MAX_COMMENT)
    if known_criteria is not None:
        unknown = sorted(set(criteria) - known_criteria)
        if unknown:  # one unknown is singular in French and English alike, two or more plural
            raise AnnotationError(key="verify.annotate.unknown_" + ("criterion" if len(unknown) == 1 else "criteria"),
                                  unknown=", ".join(unknown), known=", ".join(sorted(known_criteria)))
    public = key.public if key else None
    verification = verify_record(record, public)
    if verification.status != VALID or verification.seal_hash is None:
        raise AnnotationError(key="verify.annotate.invalid_record", summary=_Verdict(verification))
    existing = read_annotations(record, public, verification)
    if existing.problems:
        raise AnnotationError(key="verify.annotate.invalid_annotations", reasons=[p.reason for p in existing.problems])
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
