"""Signing an exam record as it is written, and sealing it (seal format 2). Design: docs/exam.md.

At set-up the jury's private key (unlocked in memory) signs one line, the session certificate (line 2,
``exam_key``): a fresh Ed25519 *session key* made for this exam alone, bound to the header by ``prev``.
The jury key is then no longer needed. Every later line is signed by the session key as it is written
(``sig``), over its canonical bytes, which include ``prev`` (the SHA-256 of the line before): a keyed
chain. The session's private key lives in memory only and is gone when the exam ends, so nobody can
sign a line afterwards: not to change a move, not to re-chain, not to add a seal. The seal is the last
line, signed by the session key under its own domain. A record left unsealed (the process was killed)
can be sealed after the fact by the jury (``late``), signed with the jury key under a third domain:
``verify`` reports it as such and it never counts as an exam.

Without any jury key the same lines are written unsigned and the seal carries a plain SHA-256 (``mac``):
it detects accidental corruption, not a deliberate edit ("non signé").

Every signature and digest is taken over a *domain* (a fixed prefix naming what is signed), so a
signature made for one kind of line can never be accepted for another.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from ..store.journal import Journal
from .keys import SigningKey

SEAL_FORMAT = 2
SIGNED_ALG = "ed25519"
PLAIN_ALG = "sha256"
LEGACY_ALG = "hmac-sha256"  # seal format 1: a shared secret, no longer accepted
CERT_TYPE = "exam_key"

LINE_DOMAIN = b"negosim exam line v2\n"
SEAL_DOMAIN = b"negosim exam seal v2\n"
SESSION_DOMAIN = b"negosim exam session key v2\n"
LATE_DOMAIN = b"negosim exam late seal v2\n"
ANNOTATION_DOMAIN = b"negosim annotation v2\n"
DOMAINS = (LINE_DOMAIN, SEAL_DOMAIN, SESSION_DOMAIN, LATE_DOMAIN, ANNOTATION_DOMAIN)
_UNSIGNED_FIELDS = ("sig", "mac")


def canonical(record: dict[str, Any]) -> bytes:
    """The bytes of a record as the journal writes them (sorted keys, no spaces, UTF-8)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def message(record: dict[str, Any], domain: bytes) -> bytes:
    """What is signed: the domain, then the record's canonical bytes without its signature fields."""
    return domain + canonical({k: v for k, v in record.items() if k not in _UNSIGNED_FIELDS})


def plain_digest(record: dict[str, Any], domain: bytes) -> str:
    """The unsigned form: a SHA-256 anyone can recompute (detects corruption, not forgery)."""
    return hashlib.sha256(message(record, domain)).hexdigest()


def line_domain(record: dict[str, Any]) -> bytes:
    """The domain a session-signed line is signed under: the seal's is not an ordinary line's."""
    return SEAL_DOMAIN if record.get("type") == "seal" else LINE_DOMAIN


@dataclass(frozen=True)
class ExamSigner:
    """One exam's session key (memory only) and the jury key that certified it."""

    session: SigningKey
    jury_key_id: str

    def sign(self, record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "sig": self.session.sign(message(record, line_domain(record)))}


class SignedJournal(Journal):
    """A journal whose every line is signed by the exam's session key as it is written."""

    signer: ExamSigner

    @classmethod
    def wrap(cls, journal: Journal, signer: ExamSigner) -> SignedJournal:
        # The same object becomes a signed journal (not a copy): the journal owns its open file and lock, and
        # closes them when it is collected, so a copy would write through a descriptor closed under it.
        journal.__class__ = cls
        assert isinstance(journal, SignedJournal)
        journal.signer = signer
        return journal

    def _write(self, record: dict[str, Any]) -> str:  # every append, input or not, goes through here
        return super()._write(self.signer.sign(record))


def certify_session(journal: Journal, jury: SigningKey) -> SignedJournal:
    """Write the session certificate (line 2) with the jury key; every later line is signed by the session key.

    The jury key is used for this one line only: the caller may forget it as soon as this returns.
    """
    session = SigningKey.generate()
    cert: dict[str, Any] = {"type": CERT_TYPE, "alg": SIGNED_ALG, "key_id": jury.key_id,
                            "session_key": session.public.raw.hex(), "prev": journal.last_hash}
    cert["sig"] = jury.sign(message(cert, SESSION_DOMAIN))
    journal.append_record(cert)
    return SignedJournal.wrap(journal, ExamSigner(session, jury.key_id))


def _line_count(journal: Journal) -> int:
    return journal.path.read_bytes().count(b"\n")


def seal_journal(journal: Journal, sealed_at: str, summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """Append the seal at the end of an exam; signed by the session key when the journal is a SignedJournal."""
    signer = journal.signer if isinstance(journal, SignedJournal) else None
    record: dict[str, Any] = {
        "type": "seal", "seal_format": SEAL_FORMAT, "alg": SIGNED_ALG if signer else PLAIN_ALG,
        "key_id": signer.jury_key_id if signer else None, "sealed_at": sealed_at,
        "lines": _line_count(journal), **(summary or {}), "prev": journal.last_hash,
    }
    if signer is None:
        record["mac"] = plain_digest(record, SEAL_DOMAIN)
    journal.append_record(record)  # a SignedJournal signs it as it writes it
    return signer.sign(record) if signer else record  # Ed25519 is deterministic: the line as written


def late_seal(journal: Journal, jury: SigningKey | None, sealed_at: str,
              summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """Seal after the fact a record the exam left unsealed, with the jury key: marked ``late``, never valid as an exam."""
    record: dict[str, Any] = {
        "type": "seal", "seal_format": SEAL_FORMAT, "late": True, "alg": SIGNED_ALG if jury else PLAIN_ALG,
        "key_id": jury.key_id if jury else None, "sealed_at": sealed_at, "lines": _line_count(journal),
        **(summary or {}), "prev": journal.last_hash,
    }
    if jury:
        record["sig"] = jury.sign(message(record, LATE_DOMAIN))
    else:
        record["mac"] = plain_digest(record, LATE_DOMAIN)
    journal.append_record(record)
    return record
