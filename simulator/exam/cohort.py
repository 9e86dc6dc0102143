"""A group's results from its exam records: one row per record, distributions, weakest criteria, flagged records.

Only records that verify are counted. A record that fails verification (changed, truncated, unsealed,
sealed with another key) is listed with its reason and never enters a count; a record signed with a key
we do not have is listed as "non vérifié" and not counted either; the same record given twice counts
once (same seal). Unsigned but intact records count, marked "non signé" (or are set aside with
``require_signature``).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .keys import PublicKey
from .record import ExamRecord, load_exam, outcome_label
from .verify import INVALID, LATE, UNVERIFIABLE, VALID

LEVEL_ORDER = ("acquis", "en_cours", "non_acquis", "non_evalue")
LEVEL_LABELS = {"acquis": "Acquis", "en_cours": "En cours d'acquisition", "non_acquis": "Non acquis",
                "non_evalue": "Non évalué"}
ANNOTATION_SUFFIX = ".jury.jsonl"


@dataclass(frozen=True)
class Row:
    path: Path
    candidate: str
    scenario_id: str
    scenario_title: str
    date: str | None
    outcome: str | None
    mark: float | None
    blocks: dict[str, float | None]
    levels: dict[str, str]
    signed: bool
    turns: int
    interview_seconds: float | None
    seed: Any


@dataclass(frozen=True)
class Flagged:
    path: Path
    category: str  # invalid | late | unverifiable | unsigned | duplicate | ungraded | unreadable
    reason: str


@dataclass(frozen=True)
class Mistake:
    rule: str
    label: str
    count: int  # times it was made
    candidates: int  # records where it was made at least once


@dataclass(frozen=True)
class CriterionStats:
    id: str
    block: str
    title: str
    counts: dict[str, int]  # level -> records
    evaluated: int
    mean_mark: float | None  # over the records where it was evaluated
    mistakes: tuple[Mistake, ...]
    missed: int  # missed opportunities, all records together


@dataclass
class Cohort:
    rows: list[Row] = field(default_factory=list)
    flagged: list[Flagged] = field(default_factory=list)
    criteria: list[CriterionStats] = field(default_factory=list)
    blocks: list[tuple[str, int, str]] = field(default_factory=list)  # (id, number, title) of blocks seen
    files: int = 0

    @property
    def counted(self) -> int:
        return len(self.rows)

    def flagged_in(self, category: str) -> list[Flagged]:
        return [f for f in self.flagged if f.category == category]

    def weakest(self, n: int = 3) -> list[CriterionStats]:
        """The criteria with the lowest mean mark among those evaluated for at least one record."""
        evaluated = [c for c in self.criteria if c.evaluated and c.mean_mark is not None]
        return sorted(evaluated, key=lambda c: (c.mean_mark, -c.counts.get("non_acquis", 0), c.id))[:n]

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(r.outcome or "unfinished" for r in self.rows)

    @property
    def mean_mark(self) -> float | None:
        marks = [r.mark for r in self.rows if r.mark is not None]
        return round(sum(marks) / len(marks), 2) if marks else None


def collect_paths(inputs: Iterable[Path | str]) -> tuple[list[Path], list[str]]:
    """Records named directly or found (``*.jsonl``, recursively) in folders; jury annotation files are not records."""
    found: list[Path] = []
    missing: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found += sorted(q for q in p.rglob("*.jsonl") if q.is_file() and not q.name.endswith(ANNOTATION_SUFFIX))
        elif p.is_file():
            found.append(p)
        else:
            missing.append(str(item))
    unique = list(dict.fromkeys(q.resolve() for q in found))
    return unique, missing


def build_cohort(paths: Sequence[Path], key: PublicKey | None, require_signature: bool = False) -> Cohort:
    cohort = Cohort(files=len(paths))
    seen: dict[str, Path] = {}
    debriefs: list[Any] = []
    for path in paths:
        try:
            _add_record(cohort, path, key, require_signature, seen, debriefs)
        except Exception as exc:  # noqa: BLE001 - one record edited into nonsense is set aside, the group still counts
            cohort.flagged.append(Flagged(path, "unreadable", f"enregistrement mal formé ({type(exc).__name__} : {exc})"))
    cohort.rows.sort(key=lambda r: (r.candidate.casefold(), r.date or "", str(r.path)))
    _aggregate(cohort, debriefs)
    return cohort


def _add_record(cohort: Cohort, path: Path, key: PublicKey | None, require_signature: bool, seen: dict[str, Path],
                debriefs: list[Any]) -> None:
    rec = load_exam(path, key, grade=False)
    v = rec.verification
    if v.status == INVALID:
        cohort.flagged.append(Flagged(path, "invalid", "; ".join(p.render(path.name) for p in v.problems)))
        return
    if v.status == LATE:
        cohort.flagged.append(Flagged(path, "late", "scellé après coup (negosim exam seal) : l'épreuve a été "
                                                    "interrompue, l'enregistrement ne vaut pas épreuve"))
        return
    if v.status == UNVERIFIABLE:
        cohort.flagged.append(Flagged(path, "unverifiable", f"signé avec la clé {v.key_id} ; aucune clé publique pour "
                                                            "vérifier la signature (--key jury.pub)"))
        return
    if require_signature and not v.signed:
        cohort.flagged.append(Flagged(path, "unsigned", "scellé sans clé de jury (non signé)"))
        return
    assert v.status == VALID and v.seal_hash is not None
    if v.seal_hash in seen:
        cohort.flagged.append(Flagged(path, "duplicate", f"même enregistrement que {seen[v.seal_hash]}"))
        return
    rec = load_exam(path, key, verification=v)
    if rec.debrief is None:
        cohort.flagged.append(Flagged(path, "ungraded", rec.error or "correction impossible"))
        return
    row = _row(rec)
    seen[v.seal_hash] = path  # only once counted: a copy of a file set aside is not "a duplicate" of it
    cohort.rows.append(row)
    debriefs.append(rec.debrief)


def _row(rec: ExamRecord) -> Row:
    d = rec.debrief
    return Row(rec.path, rec.candidate, rec.scenario_id, rec.scenario_title,
               rec.interview_started or rec.header.get("started_at"), rec.outcome, d.mark,
               {b.id: b.mark for b in d.block_results if b.assessed},
               {c.id: c.level for c in d.criteria.values()}, rec.verification.signed, len(rec.session.turns),
               rec.interview_seconds, rec.header.get("seed"))


def _aggregate(cohort: Cohort, debriefs: list[Any]) -> None:
    order: dict[str, tuple[str, str]] = {}
    blocks: dict[str, tuple[int, str]] = {}
    for d in debriefs:
        for b in d.block_results:
            if b.assessed:
                blocks.setdefault(b.id, (b.number, b.title("fr")))
        for c in d.criteria.values():
            order.setdefault(c.id, (c.block, c.title("fr")))
    cohort.blocks = sorted(((k, n, t) for k, (n, t) in blocks.items()), key=lambda x: x[1])
    assessed = {k for k, _, _ in cohort.blocks}
    for cid, (block, title) in order.items():
        if block not in assessed:
            continue
        counts = dict.fromkeys(LEVEL_ORDER, 0)
        marks: list[float] = []
        made: Counter[str] = Counter()
        who: Counter[str] = Counter()
        labels: dict[str, str] = {}
        missed = 0
        for d in debriefs:
            crit = d.criteria.get(cid)
            if crit is None or block not in {b.id for b in d.block_results if b.assessed}:
                continue
            counts[crit.level] = counts.get(crit.level, 0) + 1
            if crit.level != "non_evalue" and crit.mark is not None:
                marks.append(crit.mark)
            rules_here = set()
            for e in crit.evidence:
                if e.kind == "weakness" and e.rule:
                    made[e.rule] += 1
                    rules_here.add(e.rule)
                    labels.setdefault(e.rule, e.explain_fr)
                elif e.kind == "missed":
                    missed += 1
            who.update(rules_here)
        mistakes = tuple(Mistake(rule, labels[rule], n, who[rule])
                         for rule, n in sorted(made.items(), key=lambda kv: (-kv[1], kv[0])))
        evaluated = sum(v for k, v in counts.items() if k != "non_evalue")
        mean = round(sum(marks) / len(marks), 2) if marks else None
        cohort.criteria.append(CriterionStats(cid, block, title, counts, evaluated, mean, mistakes, missed))


# ---------------------------------------------------------------- outputs

def number(value: float | None, decimal: str = ",") -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", decimal)


def spreadsheet_date(value: str | None) -> str:
    """'2025-06-02T08:10:00.000+00:00' -> '2025-06-02 10:10' in local time: what spreadsheets read as a date."""
    from datetime import datetime

    if not value:
        return ""
    try:
        return datetime.fromisoformat(value).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def to_csv(cohort: Cohort, decimal: str = ",") -> str:
    """One row per counted record. With a decimal comma the separator is « ; » (what French spreadsheets
    expect); with a decimal point it is « , ». The text is meant to be written as UTF-8 with a BOM."""
    delimiter = ";" if decimal == "," else ","
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    crit_ids = [c.id for c in cohort.criteria]
    header = ["candidat", "scénario", "date", "issue", "note /20"]
    header += [f"bloc {n} /20" for _, n, _ in cohort.blocks]
    header += crit_ids + ["sceau", "tours", "durée entretien (s)", "graine", "fichier"]
    writer.writerow(header)
    for r in cohort.rows:
        line = [r.candidate, r.scenario_id, spreadsheet_date(r.date), outcome_label(r.outcome), number(r.mark, decimal)]
        line += [number(r.blocks.get(b), decimal) for b, _, _ in cohort.blocks]
        line += [LEVEL_LABELS.get(r.levels.get(c, ""), r.levels.get(c, "")) for c in crit_ids]
        line += ["signé" if r.signed else "non signé", str(r.turns), number(r.interview_seconds, decimal),
                 str(r.seed), str(r.path)]
        writer.writerow(line)
    return buf.getvalue()


def write_csv(cohort: Cohort, path: Path, decimal: str = ",") -> None:
    path.write_bytes(to_csv(cohort, decimal).encode("utf-8-sig"))


def to_text(cohort: Cohort) -> str:
    """The summary printed by ``negosim cohort``."""
    out = [f"{cohort.files} enregistrement(s) lu(s) : {cohort.counted} compté(s)"
           f" ({sum(r.signed for r in cohort.rows)} signé(s), {sum(not r.signed for r in cohort.rows)} non signé(s)),"
           f" {len(cohort.flagged)} écarté(s)."]
    if cohort.rows:
        mean = number(cohort.mean_mark)
        out.append(f"Note moyenne : {mean}\u00a0/\u00a020. Issues : "
                   + ", ".join(f"{outcome_label(k if k != 'unfinished' else None).lower()} {v}"
                               for k, v in sorted(cohort.outcomes.items())) + ".")
        weak = cohort.weakest()
        if weak:
            out.append("Critères les plus faibles :")
            for c in weak:
                out.append(f"  • {c.title} : moyenne {number(c.mean_mark)}\u00a0/\u00a020, non acquis "
                           f"{c.counts.get('non_acquis', 0)}/{c.evaluated}")
                for m in c.mistakes[:3]:
                    out.append(f"      – {m.rule} ({m.count} fois, {m.candidates} candidat(s)) : {m.label}")
    if cohort.flagged:
        out.append("Écartés (jamais comptés) :")
        names = {"invalid": "INVALIDE", "late": "scellé après coup", "unverifiable": "non vérifié",
                 "unsigned": "non signé", "duplicate": "doublon", "ungraded": "non corrigé", "unreadable": "illisible"}
        for f in cohort.flagged:
            out.append(f"  ✗ {f.path} — {names.get(f.category, f.category)} : {f.reason}")
    from ..content.typography import french

    return french("\n".join(out))


def render_html(cohort: Cohort, title: str = "Résultats du groupe") -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: number(v) if v is not None else "—"
    env.filters["outcome"] = lambda v: outcome_label(v)
    return env.get_template("cohort.html.j2").render(c=cohort, title=title, levels=LEVEL_ORDER, labels=LEVEL_LABELS)
