"""Sealing a journal: one last line that authenticates the whole hash chain.

Every journal line already carries ``prev``, the SHA-256 of the line before it, so the last line's hash
commits to every byte of the record. The seal is a final line whose ``prev`` is that hash and whose
``mac`` is an HMAC-SHA256, under the jury key, of the seal line itself (its canonical encoding without
``mac``): changing any byte before it breaks the chain, recomputing the chain changes ``prev`` and so
the MAC, and forging a MAC needs the key. Without a key, ``mac`` is a plain SHA-256 of the same bytes:
it detects accidental corruption, not a deliberate edit (anyone can recompute it): "non signé".
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from ..store.journal import Journal
from .keys import JuryKey

SEAL_FORMAT = 1
HMAC_ALG = "hmac-sha256"
PLAIN_ALG = "sha256"
DOMAIN = b"negosim seal v1\n"
ANNOTATION_DOMAIN = b"negosim annotation v1\n"


def canonical(record: dict[str, Any]) -> bytes:
    """The bytes of a record as the journal writes them (sorted keys, no spaces, UTF-8)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def compute_mac(record: dict[str, Any], key: JuryKey | None, domain: bytes = DOMAIN) -> str:
    body = domain + canonical({k: v for k, v in record.items() if k != "mac"})
    if key is None:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(key.secret, body, hashlib.sha256).hexdigest()


def seal_journal(journal: Journal, key: JuryKey | None, sealed_at: str, summary: dict[str, Any] | None = None,
                 lines: int | None = None) -> dict[str, Any]:
    """Append the seal to an open journal; returns the seal record as written."""
    record: dict[str, Any] = {
        "type": "seal", "seal_format": SEAL_FORMAT, "alg": HMAC_ALG if key else PLAIN_ALG,
        "key_id": key.key_id if key else None, "sealed_at": sealed_at,
        "lines": lines if lines is not None else journal.path.read_bytes().count(b"\n"), **(summary or {}),
        "prev": journal.last_hash,
    }
    record["mac"] = compute_mac(record, key)
    journal.append_record(record)  # sets the same prev
    return record
