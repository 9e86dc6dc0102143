"""The class roster a trainer gives ``negosim serve --roster``: one learner a line, with their own code.

The file is a spreadsheet export (CSV, ``;`` or ``,``, UTF-8 with or without BOM) with a header line::

    identifiant;nom;code
    ines.m;Inès Martin;K7Q-49P-XZ

``identifiant`` names the learner's data folder, so it is restricted to a safe alphabet; ``nom`` (optional)
is how sessions are labelled; ``code`` is the secret the learner types with their identifiant.
"""

from __future__ import annotations

import csv
import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import NegosimError

# A learner id is a folder name: no separator, no leading dot, nothing a shell or a URL would mangle.
LEARNER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
MIN_CODE = 6
COLUMNS = {"identifiant": "id", "id": "id", "login": "id", "nom": "name", "name": "name", "code": "code"}


class RosterError(NegosimError, ValueError):
    """A roster the server cannot use; the message says where (file:line) and what to do."""

    code = "roster"


@dataclass(frozen=True)
class Learner:
    id: str
    name: str
    code: str


def valid_learner_id(value: str) -> bool:
    return LEARNER_ID.fullmatch(value) is not None


class Roster:
    """Learners by id; checks a code in constant time so a wrong guess tells nothing about the right one."""

    def __init__(self, learners: list[Learner]):
        self.learners = {learner.id.casefold(): learner for learner in learners}

    def __len__(self) -> int:
        return len(self.learners)

    def check(self, learner_id: str, code: str) -> Learner | None:
        learner = self.learners.get(learner_id.strip().casefold())
        expected = learner.code if learner else "\0" * MIN_CODE  # compare anyway: same time for an unknown id
        ok = hmac.compare_digest(code.strip().encode("utf-8"), expected.encode("utf-8"))
        return learner if learner and ok else None


def load_roster(path: Path) -> Roster:
    """Read and check a roster file; every problem is reported with its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RosterError(f"{path} : ce fichier n'est pas en UTF-8. Réenregistrez-le en « CSV UTF-8 » "
                          f"depuis votre tableur.") from None
    except OSError as exc:
        raise RosterError(f"{path} : lecture impossible ({exc.strerror or exc}).") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise RosterError(f"{path}:1 : fichier vide. Première ligne attendue : identifiant;nom;code")
    delimiter = max(";,\t", key=lines[0].count)
    rows = csv.reader(lines, delimiter=delimiter)
    header = [cell.strip().casefold() for cell in next(rows)]
    columns = {COLUMNS[cell]: i for i, cell in enumerate(header) if cell in COLUMNS}
    if "id" not in columns or "code" not in columns:
        raise RosterError(f"{path}:1 : colonnes « identifiant » et « code » attendues (et « nom » si vous voulez), "
                          f"trouvé : {', '.join(header) or 'rien'}.")
    learners: list[Learner] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cell = lambda key: row[columns[key]].strip() if key in columns and columns[key] < len(row) else ""  # noqa: B023
        learner_id, code, name = cell("id"), cell("code"), cell("name")
        where = f"{path}:{number}"
        if not valid_learner_id(learner_id):
            problems.append(f"{where} : identifiant « {learner_id} » refusé : lettres sans accent, chiffres, « . », "
                            f"« _ », « - » ou « @ », 64 caractères au plus, sans point au début.")
            continue
        if learner_id.casefold() in seen:
            problems.append(f"{where} : l'identifiant « {learner_id} » est déjà ligne {seen[learner_id.casefold()]}.")
            continue
        if len(code) < MIN_CODE:
            problems.append(f"{where} : le code de « {learner_id} » doit avoir au moins {MIN_CODE} caractères.")
            continue
        seen[learner_id.casefold()] = number
        learners.append(Learner(learner_id, name or learner_id, code))
    if problems:
        raise RosterError("\n".join(problems))
    if not learners:
        raise RosterError(f"{path} : aucun apprenant. Une ligne par apprenant après l'en-tête : identifiant;nom;code")
    return Roster(learners)
