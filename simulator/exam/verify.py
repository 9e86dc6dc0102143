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
from .mac import mac_form, same_mac
from .reason import Reason
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


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a record: a stable code for scripts, its reason (worded when shown), where it is."""

    code: str  # unreadable empty truncated bad_line rewritten no_header broken_chain not_sealed after_seal bad_seal
    #            seal_count seal_mismatch bad_signature bad_cert misplaced_cert wrong_key unsigned legacy_format no_key
    reason: Reason
    line: int | None = None  # 1-based line of the record where it was found

    def text(self, lang: str | None = None) -> str:
        """The reason in ``lang`` (the current language by default)."""
        return self.reason.text(lang)

    @property
    def message(self) -> str:
        """The reason in French as the catalog writes it (ordinary spaces), like ``str()`` of an error."""
        return self.reason.written()

    def render(self, path: Path | str, lang: str | None = None) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return t("verify.where", lang, where=where, message=self.text(lang))

    def data(self, lang: str | None = None) -> dict[str, Any]:
        """For ``--json`` and the jury report's data: the code, the line, the fields and the words in ``lang``."""
        return {"code": self.code, "line": self.line, "fields": self.reason.data(), "message": self.text(lang)}


def _problem(code: str, key: str, line: int | None = None, count: int | None = None, /, **fields: Any) -> Problem:
    """A problem whose reason is ``verify.<key>`` (positional-only arguments: a field may be called ``line``)."""
    return Problem(code, Reason("verify." + key, fields, count), line)


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
            return next(p.text(lang) for p in self.problems if p.code == "legacy_format")  # says "ancien format"
        reasons = "; ".join(p.text(lang) for p in self.problems[:3]) + (" …" if len(self.problems) > 3 else "")
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


def verify_record(path: Path | str, key: PublicKey | SigningKey | None = None) -> Verification:
    """Verify a record; ``key`` is the jury's public key (configured: an unsigned record is then invalid)."""
    key = as_public(key)
    path = Path(path)
    result = Verification(path, INVALID)
    problems = result.problems
    try:
        blob = path.read_bytes()
    except OSError as exc:
        problems.append(_problem("unreadable", "unreadable", error=exc.strerror))
        return result
    if not blob:
        problems.append(_problem("empty", "empty"))
        return result
    lines = blob.split(b"\n")
    tail = lines.pop()
    if tail:
        lines.append(tail)
        problems.append(_problem("truncated", "truncated", len(lines)))
    result.line_count = len(lines)
    hashes = [_line_hash(raw) for raw in lines]
    parsed: list[dict[str, Any] | None] = []
    rewritten: list[int] = []
    for i, raw in enumerate(lines):
        data, encoded = _read_encoded(raw)
        if data is None and not (tail and i == len(lines) - 1):  # a torn last line is already reported
            problems.append(_problem("bad_line", "bad_line", i + 1))
        elif data is not None and encoded != raw:
            rewritten.append(i + 1)
        parsed.append(data)
    if rewritten:
        problems.append(_problem("rewritten", "rewritten", rewritten[0], len(rewritten), lines=rewritten))
    result.records = [d for d in parsed if d is not None]
    head = parsed[0]
    if head is None or head.get("type") != "header" or head.get("prev") is not None:
        problems.append(_problem("no_header", "no_header", 1))
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
            problem = _problem("broken_chain", "chain.inserted_one", n, line=n, after=j + 1, moved=i) if j + 2 == i else \
                _problem("broken_chain", "chain.inserted_many", n, line=n, after=j + 1, first=j + 2, last=i)
        elif j is not None and j >= i:
            problem = _problem("broken_chain", "chain.moved", n, line=n, after=j + 1)
        else:
            problem = _problem("broken_chain", "chain.changed", n, line=n, before=i)
        problems.append(problem)


def _find_seal(result: Verification, parsed: list[dict[str, Any] | None], hashes: list[str]) -> int | None:
    """Where the seal is (its 0-based line), after checking it is the last line and counts the lines before it."""
    problems = result.problems
    seals = [i for i, d in enumerate(parsed) if d is not None and d.get("type") == "seal"]
    if not seals:
        ended = any(d is not None and d.get("type") == "end" for d in parsed)
        writing = [d.get("event") for d in parsed if d is not None and d.get("type") == "exam"
                   and d.get("event") in ("writing_started", "writing_ended")]
        why = "writing" if writing and writing[-1] == "writing_started" else "ended" if ended else "unfinished"
        problems.append(_problem("not_sealed", "not_sealed." + why))
        return None
    s = seals[0]
    seal = parsed[s]
    assert seal is not None
    result.seal = seal
    result.seal_hash = hashes[s]
    extra = len(parsed) - s - 1
    if extra:
        problems.append(_problem("after_seal", "after_seal", s + 2, extra, seal=s + 1))
    covers = seal.get("lines")
    if type(covers) is not int:  # True == 1 in Python: a count is an int
        problems.append(_problem("seal_count", "seal_count.odd", s + 1, covers=json.dumps(covers, ensure_ascii=False),
                                 follows=s))
    elif covers != s:
        problems.append(_problem("seal_count", "seal_count", s + 1, covers, follows=s))
    return s


def _check_seal(result: Verification, parsed: list[dict[str, Any] | None], hashes: list[str],
                key: PublicKey | None) -> None:
    problems = result.problems
    s = _find_seal(result, parsed, hashes)
    seal = result.seal
    if seal is not None and (seal.get("seal_format") != SEAL_FORMAT or seal.get("alg") == LEGACY_ALG):
        problems.append(_problem("legacy_format", "legacy_format", s + 1 if s is not None else None))
        return
    cert = parsed[1] if len(parsed) > 1 and parsed[1] is not None and parsed[1].get("type") == CERT_TYPE else None
    misplaced = [i + 1 for i, d in enumerate(parsed) if d is not None and d.get("type") == CERT_TYPE and d is not cert]
    if misplaced:
        problems.append(_problem("misplaced_cert", "misplaced_cert", misplaced[0], len(misplaced), lines=misplaced))
    if cert is None:
        _check_unsigned(result, s, key)
        return
    result.certificate = cert
    _check_signed(result, parsed, cert, s, key)


def _check_unsigned(result: Verification, s: int | None, key: PublicKey | None) -> None:
    problems, seal = result.problems, result.seal
    if key is not None and seal is not None:  # an unsealed journal (a practice session) is already not an exam
        problems.append(_problem("unsigned", "unsigned", key_id=key.key_id))
    if seal is None or s is None:
        return
    alg = seal.get("alg")
    if alg != PLAIN_ALG:
        problems.append(_problem("bad_seal", "bad_seal.no_cert", s + 1) if alg == SIGNED_ALG else
                        _problem("bad_seal", "bad_seal.alg", s + 1, alg=alg))
        return
    malformed = mac_form(seal.get("mac"))
    if malformed:
        problems.append(_problem("bad_seal", "bad_seal.mac", s + 1, why=malformed))
        return
    domain = LATE_DOMAIN if result.late else SEAL_DOMAIN
    if not same_mac(plain_digest(seal, domain), seal.get("mac")):
        problems.append(_problem("seal_mismatch", "seal_mismatch", s + 1))


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
        problems.append(_problem("bad_cert", "bad_cert.unreadable", 2))
        return
    late_at = s if result.late else None
    unsigned = [] if _seal_vouches(result, parsed, session, s) else \
        [i + 1 for i, line in enumerate(parsed) if i >= 2 and line is not None and i != late_at
         and not session.verify(line.get("sig"), message(line, line_domain(line)))]
    if unsigned:
        problems.append(_problem("bad_signature", "bad_signature", unsigned[0], len(unsigned), lines=unsigned))
    if seal is not None and s is not None and (seal.get("alg") != SIGNED_ALG or seal.get("key_id") != cert.get("key_id")):
        problems.append(_problem("bad_seal", "bad_seal.inconsistent", s + 1))
    if key is None:
        problems.append(_problem("no_key", "no_key", 2, key_id=cert.get("key_id")))
        return
    if cert.get("key_id") != key.key_id:
        problems.append(_problem("wrong_key", "wrong_key", 2, key_id=cert.get("key_id"), given=key.key_id))
        return
    if not key.verify(cert.get("sig"), message(cert, SESSION_DOMAIN)):
        problems.append(_problem("bad_cert", "bad_cert.jury", 2))
    if late_at is not None and seal is not None and not key.verify(seal.get("sig"), message(seal, LATE_DOMAIN)):
        problems.append(_problem("seal_mismatch", "late_seal_mismatch", late_at + 1))
