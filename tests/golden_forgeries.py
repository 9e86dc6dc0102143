"""Forgeries of the golden records (tests/fixtures/exam/), by name: each gives the bytes to verify (None: no
file) and the public key verify is given."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from exam_support import KEY, OTHER_KEY

from simulator.exam.keys import SigningKey
from simulator.exam.seal import LATE_DOMAIN, SESSION_DOMAIN, canonical, message

GOLDEN = Path(__file__).parent / "fixtures" / "exam"
PUBLIC = KEY.public


def blob(name):
    return (GOLDEN / name).read_bytes()


def rows(name):
    return [json.loads(x) for x in blob(name).split(b"\n")[:-1]]


def lines(name):
    return blob(name).split(b"\n")[:-1]


def joined(parts):
    return b"\n".join(parts) + b"\n"


def rechain(records, sign_from=None):
    prev, out = None, []
    for i, data in enumerate(records):
        data = {**data, "prev": prev}
        if sign_from is not None and i >= 2:
            key, domain_of = sign_from
            data["sig"] = key.sign(message(data, domain_of(data)))
        raw = canonical(data)
        out.append(raw)
        prev = hashlib.sha256(raw).hexdigest()
    return joined(out)


def home_made_session():
    from simulator.exam.seal import line_domain

    mine = SigningKey.generate()
    r = rows("signed.jsonl")
    r[1]["session_key"] = mine.public.raw.hex()
    r[1]["sig"] = mine.sign(message(r[1], SESSION_DOMAIN))
    return rechain(r, (mine, line_domain))


def rebuilt():
    r = rows("signed.jsonl")
    r[4]["t"] = 1.0  # the move said to have come a second into the interview
    return rechain(r)


def seal_changed(**change):
    r = rows("signed.jsonl")
    r[-1].update(change)
    return rechain(r)


def inserted(n):
    r = rows("signed.jsonl")
    r[2:2] = [{"type": "exam", "event": "pause", "at": f"2025-06-02T07:0{i}:00+00:00"} for i in range(n)]
    r[-1]["lines"] += n
    return rechain(r)


def odd_line(raw):
    ls = lines("signed.jsonl")
    return joined(ls[:4] + [raw] + ls[4:])


def late_by_another():
    r = rows("late.jsonl")
    r[-1]["sig"] = OTHER_KEY.sign(message(r[-1], LATE_DOMAIN))
    return joined(lines("late.jsonl")[:-1] + [canonical(r[-1])])


def unsigned_changed():
    r = rows("unsigned.jsonl")
    r[-1]["outcome"] = "success"
    return rechain(r)


def spaced(i):
    ls = lines("signed.jsonl")
    ls[i] = json.dumps(json.loads(ls[i]), ensure_ascii=False, sort_keys=True).encode()
    return joined(ls)


FORGERIES = {
    "no key": lambda: (blob("signed.jsonl"), None),
    "another key": lambda: (blob("signed.jsonl"), OTHER_KEY.public),
    "garbage line": lambda: (joined(lines("signed.jsonl")[:3] + [b"{pas du json"] + lines("signed.jsonl")[4:]), PUBLIC),
    "late": lambda: (blob("late.jsonl"), PUBLIC),
    "late, no key": lambda: (blob("late.jsonl"), None),
    "unsigned, no key": lambda: (blob("unsigned.jsonl"), None),
    "unsigned, key": lambda: (blob("unsigned.jsonl"), PUBLIC),
    "empty": lambda: (b"", PUBLIC),
    "missing": lambda: (None, PUBLIC),
    "no final newline": lambda: (blob("signed.jsonl")[:-1], PUBLIC),
    "cut mid-line": lambda: (blob("signed.jsonl")[:-40], PUBLIC),
    "header prev": lambda: (joined([canonical({**rows("signed.jsonl")[0], "prev": "0" * 64})]
                                   + lines("signed.jsonl")[1:]), PUBLIC),
    "spaced line": lambda: (spaced(3), PUBLIC),
    "spaced seal": lambda: (spaced(-1), PUBLIC),
    "cut before the seal": lambda: (joined(lines("signed.jsonl")[:-1]), PUBLIC),
    "cut mid-interview": lambda: (joined(lines("signed.jsonl")[:5]), PUBLIC),
    "line after the seal": lambda: (blob("signed.jsonl") + b'{"type":"note"}\n', PUBLIC),
    "home-made session key": lambda: (home_made_session(), PUBLIC),
    "rebuilt and re-chained": lambda: (rebuilt(), PUBLIC),
    "seal says sha256": lambda: (seal_changed(alg="sha256"), PUBLIC),
    "seal names another key": lambda: (seal_changed(key_id=OTHER_KEY.key_id), PUBLIC),
    "late seal by another key": lambda: (late_by_another(), PUBLIC),
    "unsigned seal changed": lambda: (unsigned_changed(), None),
    "two lines inserted": lambda: (inserted(2), PUBLIC),
    "three lines inserted": lambda: (inserted(3), PUBLIC),
    "prev is a list": lambda: (odd_line(b'{"prev":[1],"type":"note"}'), PUBLIC),
    "lone surrogate": lambda: (odd_line(b'{"note":"\\ud800","prev":null}'), PUBLIC),
    "header only": lambda: (joined(lines("signed.jsonl")[:1]), PUBLIC),
    "header and certificate only": lambda: (joined(lines("signed.jsonl")[:2]), PUBLIC),
    "garbage first line": lambda: (joined([b"[1, 2]"] + lines("signed.jsonl")[1:]), PUBLIC),
    "garbage line and cut": lambda: (joined(lines("signed.jsonl")[:3] + [b"{pas du json"] + lines("signed.jsonl")[4:])[:-30],
                                     PUBLIC),
    "legacy": lambda: (seal_changed(seal_format=1, alg="hmac-sha256"), PUBLIC),
}
