"""A group's results from its exam records and practice sessions: one row per record, distributions, weakest
criteria, progress over time, flagged records.

Records are read as a stream, each scenario loaded once per content hash (``graded.Grader``), and only a
small summary of each is kept, so ten thousand records take ten times a thousand. Practice sessions are
replayed from their journal (an unfinished one is listed, not counted). Filters (learner, scenario,
period, mode) are applied on each journal's first line, before anything is replayed.

Of exam records, only those that verify are counted. A record that fails verification (changed,
truncated, unsealed, sealed with another key) is listed with its reason and never enters a count; a
record signed with a key we do not have is listed as "non vérifié" and not counted either; the same
record given twice counts once (same seal). Unsigned but intact records count, marked "non signé" (or are set aside with
``require_signature``).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..content.diagnostics import ContentError
from ..i18n import has, nt, t
from ..report.csv_cells import csv_row
from ..store.journal import JournalError
from .graded import Grader
from .keys import PublicKey
from .record import load_exam, outcome_label
from .verify import INVALID, LATE, UNVERIFIABLE, VALID, Verification, verify_record

if TYPE_CHECKING:
    from markupsafe import Markup

    from ..scoring.debrief import Debrief

LEVEL_ORDER = ("acquis", "en_cours", "non_acquis", "non_evalue")
ANNOTATION_SUFFIX = ".jury.jsonl"


def _word(prefix: str, value: str, lang: str) -> str:
    """A cohort label (``cli.cohort.<prefix>.<value>``) in ``lang``; a value the catalogs do not know, as is."""
    key = f"cli.cohort.{prefix}.{value}"
    return t(key, lang) if has(key) else value


def level_label(level: str, lang: str = "fr") -> str:
    """« Acquis », « En cours d'acquisition »… (« Acquired », « In progress »… in English)."""
    return _word("level", level, lang)


def mode_label(mode: str, lang: str = "fr") -> str:
    return _word("mode", mode, lang)


def seal_label(row: Row, lang: str = "fr") -> str:
    if row.mode != "exam":
        return "—"
    return t("cli.cohort.seal.signed" if row.signed else "cli.cohort.seal.unsigned", lang)


@dataclass(frozen=True)
class CriterionResult:
    """One criterion in one record: what a cohort counts (from a debrief, or from an LRS statement)."""

    block: str
    title: str
    level: str
    mark: float | None
    weaknesses: tuple[tuple[str, str], ...] = ()  # (rule, label) for each weakness made
    missed: int = 0


@dataclass(frozen=True)
class Summary:
    """What a cohort keeps of one graded record: small, so ten thousand of them fit (debriefs are dropped)."""

    mark: float | None
    blocks: tuple[tuple[str, int, str, float | None], ...]  # (id, number, title, mark) of the assessed blocks
    criteria: dict[str, CriterionResult]
    objective: tuple[str, float | None] | None = None  # (label, mark)
    levels: dict[str, str] = field(default_factory=dict)  # every criterion of the rubric, assessed here or not
    written: tuple[str, ...] = ()  # the kinds of written work done (issue 18), in WORK_KINDS order

    @classmethod
    def of(cls, debrief: Debrief) -> Summary:
        assessed = {b.id for b in debrief.block_results if b.assessed}
        criteria = {}
        for c in debrief.criteria.values():
            if c.block not in assessed:
                continue
            weak = tuple((e.rule, e.explain_fr) for e in c.evidence if e.kind == "weakness" and e.rule)
            missed = sum(1 for e in c.evidence if e.kind == "missed")
            criteria[c.id] = CriterionResult(c.block, c.title("fr"), c.level, c.mark, weak, missed)
        o = debrief.objective
        objective = (o.label_fr, o.mark) if o is not None and o.evaluated else None
        return cls(debrief.mark, tuple((b.id, b.number, b.title("fr"), b.mark) for b in debrief.block_results if b.assessed),
                   criteria, objective, {c.id: c.level for c in debrief.criteria.values()},
                   tuple(debrief.written.works) if debrief.written is not None else ())


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
    mode: str = "exam"  # exam | practice
    objective: str | None = None  # how the objective was met, as the rubric says it
    marks: dict[str, float | None] = field(default_factory=dict)  # criterion id -> mark /20
    written: tuple[str, ...] = ()  # the kinds of written work done around the interview

    @property
    def written_label(self) -> str:
        return self.written_in("fr")

    def written_in(self, lang: str) -> str:
        """« fiche, CRM, courriel » — what a trainer reads in the cohort's « écrits » column; « — »: none."""
        return ", ".join(_word("work", k, lang) for k in self.written) or "—"


@dataclass(frozen=True)
class Filters:
    """Which records a cohort reads: by learner, scenario, period (ISO dates, inclusive) and mode."""

    learner: str | None = None
    scenario: str | None = None
    since: str | None = None
    until: str | None = None
    mode: str | None = None  # exam | practice | None (both)

    def keep(self, learner: str, scenario_id: str, date: str | None, mode: str) -> bool:
        if self.learner and learner.casefold() != self.learner.casefold():
            return False
        if self.scenario and scenario_id != self.scenario:
            return False
        if self.mode and mode != self.mode:
            return False
        day = (date or "")[:10]
        if self.since and (not day or day < self.since[:10]):
            return False
        return not (self.until and (not day or day > self.until[:10]))


@dataclass(frozen=True)
class Flagged:
    path: Path
    category: str  # invalid | late | unverifiable | unsigned | duplicate | ungraded | unfinished | unreadable
    reason: str  # in French (logs, tests); ``said(lang)`` in the reader's language when the cohort wrote it
    key: str = ""  # the catalog key of ``reason``, when the cohort worded it (a verifier's reason has none yet)
    fields: tuple[tuple[str, str], ...] = ()

    @classmethod
    def worded(cls, path: Path, category: str, key: str, **fields: object) -> Flagged:
        """A record set aside for a reason the cohort words itself, kept as a key so any language can say it."""
        strings = tuple((k, str(v)) for k, v in fields.items())
        return cls(path, category, t(key, "fr", **dict(strings)), key, strings)

    def said(self, lang: str) -> str:
        return t(self.key, lang, **dict(self.fields)) if self.key else self.reason


# set aside without anything being wrong: they do not make ``negosim cohort`` exit 1
HARMLESS = frozenset({"unfinished"})


@dataclass(frozen=True)
class Mistake:
    rule: str
    label: str
    count: int  # times it was made
    candidates: int  # records where it was made at least once
    label_en: str = ""

    def label_in(self, lang: str) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


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
    title_en: str = ""

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    @property
    def to_improve(self) -> bool:
        """Something to work on: a mean below 20, a mistake made, or a level short of "acquis"."""
        return bool(self.mistakes) or (self.mean_mark is not None and self.mean_mark < 20) or \
            any(self.counts.get(k, 0) for k in ("en_cours", "non_acquis"))


@dataclass
class Cohort:
    rows: list[Row] = field(default_factory=list)
    objectives_en: dict[str, str] = field(default_factory=dict)  # French objective label -> English (see english())
    flagged: list[Flagged] = field(default_factory=list)
    criteria: list[CriterionStats] = field(default_factory=list)
    blocks: list[tuple[str, int, str]] = field(default_factory=list)  # (id, number, title) of blocks seen
    files: int = 0
    source: str = ""  # where the records came from, for the report

    @property
    def counted(self) -> int:
        return len(self.rows)

    def flagged_in(self, category: str) -> list[Flagged]:
        return [f for f in self.flagged if f.category == category]

    @property
    def problems(self) -> list[Flagged]:
        """Records set aside for a reason the trainer must look at (not merely unfinished practice)."""
        return [f for f in self.flagged if f.category not in HARMLESS]

    def weakest(self, n: int = 3) -> list[CriterionStats]:
        """The criteria with the lowest mean mark among those with something to improve (never one at 20/20
        with no mistake: that is not a weakness, however few criteria there are)."""
        weak = [c for c in self.criteria if c.evaluated and c.mean_mark is not None and c.to_improve]
        return sorted(weak, key=lambda c: (c.mean_mark, -c.counts.get("non_acquis", 0), c.id))[:n]

    @property
    def outcomes(self) -> Counter[str]:
        return Counter(r.outcome or "unfinished" for r in self.rows)

    @property
    def mean_mark(self) -> float | None:
        marks = [r.mark for r in self.rows if r.mark is not None]
        return round(sum(marks) / len(marks), 2) if marks else None

    @property
    def has_objective(self) -> bool:
        return any(r.objective for r in self.rows)

    def objective_in(self, row: Row, lang: str) -> str:
        """How the row's objective was met, in ``lang`` (English once :meth:`english` has read the rubric)."""
        objective = row.objective or ""
        return self.objectives_en.get(objective, objective) if lang == "en" else objective

    def english(self) -> None:
        """The English words of what the records say in French (criterion titles, mistakes, objective), from the
        rubric they were graded with: read once, when an output is asked for in English, so reading records costs
        nothing more (a seal and an LRS statement carry the French words only)."""
        from dataclasses import replace

        from .graded import Grader

        titles, explained, objectives = _english_words(Grader().rubric)
        self.objectives_en = objectives
        self.criteria = [replace(c, title_en=titles.get(c.id, ""),
                                 mistakes=tuple(replace(m, label_en=explained.get(m.rule, "")) for m in c.mistakes))
                         for c in self.criteria]


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


def _first_line(path: Path) -> dict[str, Any]:
    """The journal header alone (what the filters read before anything is replayed); {} when unreadable."""
    try:
        with path.open("rb") as fh:
            head = json.loads(fh.readline().decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    return head if isinstance(head, dict) else {}


def build_cohort(paths: Iterable[Path], key: PublicKey | None, require_signature: bool = False,
                 filters: Filters | None = None, grader: Grader | None = None, workers: int = 1) -> Cohort:
    """Read records one at a time (a stream: only each record's small ``Summary`` is kept). Exam records are
    verified first; practice sessions are replayed from their journal (a damaged journal is set aside).
    ``workers`` > 1: records are read by that many processes (each loads a scenario once), in order."""
    if workers > 1:
        reads = _read_in_processes(paths, key, require_signature, filters, workers)
    else:
        grader = grader or Grader()
        reads = (read_record(p, key, require_signature, filters, grader) for p in paths)
    return cohort_of(_unique(reads))


def _unique(reads: Iterable[Read]) -> Iterator[tuple[Row, Summary] | Flagged]:
    """The records read, a copy of one already seen (same seal, or same session) set aside as a duplicate."""
    seen: dict[str, Path] = {}
    for r in reads:
        if r.item is None:  # outside the filters
            continue
        if r.identity is not None:
            if r.identity in seen:
                key = "cli.cohort.reason.same_session" if r.practice else "cli.cohort.reason.same_record"
                yield Flagged.worded(r.path, "duplicate", key, original=seen[r.identity])
                continue
            seen[r.identity] = r.path
        yield r.item


@dataclass(frozen=True)
class Read:
    """One record read: its row and summary, why it is set aside, or ``None`` when the filters leave it out.
    ``identity``: what tells a copy of the same record (its seal, or a session's header line)."""

    path: Path
    item: tuple[Row, Summary] | Flagged | None
    identity: str | None = None
    practice: bool = False  # a practice session (its copies are "the same session")


def read_record(path: Path, key: PublicKey | None, require_signature: bool, filters: Filters | None,
                grader: Grader) -> Read:
    head = _first_line(path)
    if filters and head:
        found = head.get("exam")
        exam: dict[str, Any] = found if isinstance(found, dict) else {}
        learner = str(exam.get("candidate") or head.get("learner") or "")
        if not filters.keep(learner, str(head.get("scenario_id", "")), head.get("started_at"),
                            "exam" if head.get("mode") == "exam" else "practice"):
            return Read(path, None)
    try:
        r = (_exam_row if head.get("mode") == "exam" or not head else _practice_row)(path, key, require_signature, grader)
    except Exception as exc:  # noqa: BLE001 - one record edited into nonsense is set aside, the group still counts
        return Read(path, Flagged.worded(path, "unreadable", "cli.cohort.reason.malformed", name=type(exc).__name__,
                                         error=exc))
    if filters and isinstance(r.item, tuple):
        row = r.item[0]
        if not filters.keep(row.candidate, row.scenario_id, row.date, row.mode):
            return Read(path, None)
    return r


_WORKER: dict[str, Any] = {}


def _init_worker(key: PublicKey | None, require_signature: bool, filters: Filters | None) -> None:
    _WORKER.update(key=key, require_signature=require_signature, filters=filters, grader=Grader())


def _read_in_worker(path: Path) -> Read:
    w = _WORKER
    return read_record(path, w["key"], w["require_signature"], w["filters"], w["grader"])


def _read_in_processes(paths: Iterable[Path], key: PublicKey | None, require_signature: bool, filters: Filters | None,
                       workers: int) -> Iterable[Read]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(key, require_signature, filters)) as pool:
        yield from pool.map(_read_in_worker, paths, chunksize=16)


def cohort_of(items: Iterable[tuple[Row, Summary] | Flagged], filters: Filters | None = None, source: str = "") -> Cohort:
    """A cohort from rows already read elsewhere (an LRS): the same filters, counts and outputs as from files."""
    cohort = Cohort(source=source)
    totals = _Totals()
    for item in items:
        if isinstance(item, Flagged):
            cohort.files += 1
            cohort.flagged.append(item)
            continue
        row, summary = item
        if filters and not filters.keep(row.candidate, row.scenario_id, row.date, row.mode):
            continue
        cohort.files += 1
        cohort.rows.append(row)
        totals.add(summary)
    cohort.rows.sort(key=lambda r: (r.candidate.casefold(), r.date or "", str(r.path)))
    totals.finish(cohort)
    return cohort


def _exam_row(path: Path, key: PublicKey | None, require_signature: bool, grader: Grader) -> Read:
    v = verify_record(path, key)
    if v.status == INVALID:
        return Read(path, Flagged(path, "invalid", "; ".join(p.render(path.name) for p in v.problems)))
    if v.status == LATE:
        return Read(path, Flagged.worded(path, "late", "cli.cohort.reason.late"))
    if v.status == UNVERIFIABLE:
        return Read(path, Flagged.worded(path, "unverifiable", "cli.cohort.reason.unverifiable", key_id=v.key_id))
    if require_signature and not v.signed:
        return Read(path, Flagged.worded(path, "unsigned", "cli.cohort.reason.unsigned"))
    assert v.status == VALID and v.seal_hash is not None
    rec = load_exam(path, key, grade=False, verification=v)
    carried = _carried_summary(v, rec.header, grader)
    if carried is not None:  # graded by the exam itself, with this very code, scenario and rubric
        turns = sum(1 for r in v.records if r.get("type") == "input")
        return Read(path, (_row(path, rec.candidate, rec.header, rec.interview_started or rec.header.get("started_at"),
                                rec.outcome, carried, v.signed, turns, rec.interview_seconds, "exam"), carried),
                    v.seal_hash)
    graded = grader.grade(path, ending=rec.outcome, with_hints=False)
    if graded.debrief is None or graded.session is None:
        return Read(path, _ungraded(path, graded.error), v.seal_hash)
    summary = Summary.of(graded.debrief)
    return Read(path, (_row(path, rec.candidate, rec.header, rec.interview_started or rec.header.get("started_at"),
                            rec.outcome, summary, v.signed, len(graded.session.turns), rec.interview_seconds, "exam"),
                       summary), v.seal_hash)


def _carried_summary(v: Verification, header: dict[str, Any], grader: Grader) -> Summary | None:
    """The grade a signed seal carries, when the scenario loaded for the record is the one it was graded on."""
    if not grader.trust_seals or not v.signed or not isinstance((v.seal or {}).get("grade"), dict):
        return None
    from .sealed_grade import carried_summary

    try:
        scenario = grader.scenario(header)
    except (ContentError, JournalError, OSError):
        return None  # replaying it will say why
    if scenario.content_hash != header.get("scenario_hash"):
        return None
    return carried_summary(v.seal, scenario.content_hash, grader.rubric.content_hash)


_ENGLISH: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str]]] = {}


def _english_words(rubric: Any) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """A rubric's English criterion titles, rule explanations and objective labels (by their French label), read
    once per rubric."""
    if rubric.content_hash not in _ENGLISH:
        titled = {**rubric.criteria, **rubric.written}
        objective = rubric.spec.objective
        outcomes = [getattr(objective.outcomes, name) for name in type(objective.outcomes).model_fields] \
            if objective else []
        _ENGLISH[rubric.content_hash] = (
            {cid: c.title("en") for cid, c in titled.items()},
            {r.id: r.spec.explain_en for c in rubric.criteria.values() for r in c.rules},
            {o.label_fr: o.label_en for o in outcomes})
    return _ENGLISH[rubric.content_hash]


def _practice_row(path: Path, key: PublicKey | None, require_signature: bool, grader: Grader) -> Read:
    graded = grader.grade(path)
    if graded.record is None:
        return Read(path, Flagged(path, "invalid", graded.error) if graded.error else
                    Flagged.worded(path, "invalid", "cli.cohort.reason.unreadable"))
    identity = graded.record.hashes[0]
    if graded.outcome is None:
        return Read(path, Flagged.worded(path, "unfinished", "cli.cohort.reason.unfinished"), identity, True)
    if graded.debrief is None or graded.session is None:
        return Read(path, _ungraded(path, graded.error), identity, True)
    summary = Summary.of(graded.debrief)
    header = graded.header
    return Read(path, (_row(path, str(header.get("learner") or "?"), header, header.get("started_at"), graded.outcome,
                            summary, False, len(graded.session.turns), None, "practice"), summary), identity, True)


def _ungraded(path: Path, error: str | None) -> Flagged:
    return Flagged(path, "ungraded", error) if error else Flagged.worded(path, "ungraded", "cli.cohort.reason.ungraded")


def _row(path: Path, candidate: str, header: dict[str, Any], date: str | None, outcome: str | None, s: Summary,
         signed: bool, turns: int, seconds: float | None, mode: str) -> Row:
    return Row(path, candidate, str(header.get("scenario_id", "?")), str(header.get("scenario_title") or ""), date,
               outcome, s.mark, {b: m for b, _, _, m in s.blocks},
               s.levels or {k: c.level for k, c in s.criteria.items()}, signed, turns, seconds, header.get("seed"), mode,
               s.objective[0] if s.objective else None, {k: c.mark for k, c in s.criteria.items()}, s.written)


class _Totals:
    """Running counts per criterion, fed one record at a time (the records themselves are not kept)."""

    def __init__(self) -> None:
        self.order: dict[str, tuple[str, str]] = {}
        self.blocks: dict[str, tuple[int, str]] = {}
        self.counts: dict[str, Counter[str]] = {}
        self.marks: dict[str, list[float]] = {}  # criterion -> [sum of marks, how many]: a running mean
        self.made: dict[str, Counter[str]] = {}
        self.who: dict[str, Counter[str]] = {}
        self.labels: dict[str, dict[str, str]] = {}
        self.missed: Counter[str] = Counter()

    def add(self, s: Summary) -> None:
        for b, n, title, _ in s.blocks:
            self.blocks.setdefault(b, (n, title))
        for cid, c in s.criteria.items():
            self.order.setdefault(cid, (c.block, c.title))
            self.counts.setdefault(cid, Counter())[c.level] += 1
            if c.level != "non_evalue" and c.mark is not None:
                acc = self.marks.setdefault(cid, [0.0, 0])
                acc[0] += c.mark
                acc[1] += 1
            made = self.made.setdefault(cid, Counter())
            labels = self.labels.setdefault(cid, {})
            for rule, label in c.weaknesses:
                made[rule] += 1
                labels.setdefault(rule, label)
            self.who.setdefault(cid, Counter()).update({rule for rule, _ in c.weaknesses})
            self.missed[cid] += c.missed

    def finish(self, cohort: Cohort) -> None:
        cohort.blocks = sorted(((k, n, t) for k, (n, t) in self.blocks.items()), key=lambda x: x[1])
        for cid, (block, title) in self.order.items():
            counts = dict.fromkeys(LEVEL_ORDER, 0) | dict(self.counts[cid])
            made, who, labels = self.made[cid], self.who[cid], self.labels[cid]
            mistakes = tuple(Mistake(rule, labels[rule], n, who[rule])
                             for rule, n in sorted(made.items(), key=lambda kv: (-kv[1], kv[0])))
            evaluated = sum(v for k, v in counts.items() if k != "non_evalue")
            total, n = self.marks.get(cid, (0.0, 0))
            mean = round(total / n, 2) if n else None
            cohort.criteria.append(CriterionStats(cid, block, title, counts, evaluated, mean, mistakes, self.missed[cid]))


# ---------------------------------------------------------------- outputs

def decimal_of(lang: str) -> str:
    """The decimal separator a reader of ``lang`` expects (a comma in French, a point in English)."""
    return "." if lang == "en" else ","


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


def to_csv(cohort: Cohort, decimal: str = ",", lang: str = "fr") -> str:
    """One row per counted record, its columns and labels in ``lang``. With a decimal comma the separator is
    « ; » (what French spreadsheets expect); with a decimal point it is « , ». The text is meant to be written
    as UTF-8 with a BOM."""
    if lang == "en":
        cohort.english()
    delimiter = ";" if decimal == "," else ","
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    crit_ids = [c.id for c in cohort.criteria]

    def col(name: str, **fields: object) -> str:
        return t(f"cli.cohort.col.{name}", lang, **fields)

    header = [col("candidate"), col("scenario"), col("date"), col("outcome"), col("mark")]
    header += [col("block", n=n) for _, n, _ in cohort.blocks]
    header += [col("objective")] if cohort.has_objective else []
    header += [c.title_in(lang) for c in cohort.criteria]  # what a trainer reads; the ids are in the JSON debriefs
    header += [col(name) for name in ("written", "mode", "seal", "turns", "seconds", "seed", "file")]
    writer.writerow(csv_row(header))
    for r in cohort.rows:
        line = [r.candidate, r.scenario_id, spreadsheet_date(r.date), outcome_label(r.outcome, lang),
                number(r.mark, decimal)]
        line += [number(r.blocks.get(b), decimal) for b, _, _ in cohort.blocks]
        line += [cohort.objective_in(r, lang)] if cohort.has_objective else []
        line += [level_label(r.levels.get(c, ""), lang) for c in crit_ids]
        line += [r.written_in(lang), mode_label(r.mode, lang), seal_label(r, lang), str(r.turns),
                 number(r.interview_seconds, decimal), str(r.seed), str(r.path)]
        writer.writerow(csv_row(line))  # a candidate's name is never run as a formula
    return buf.getvalue()


def write_csv(cohort: Cohort, path: Path, decimal: str = ",", lang: str = "fr") -> None:
    path.write_bytes(to_csv(cohort, decimal, lang).encode("utf-8-sig"))


def to_text(cohort: Cohort, lang: str = "fr") -> str:
    """The summary printed by ``negosim cohort``, in ``lang`` (criterion titles and reasons as the records give them)."""
    if lang == "en":
        cohort.english()
    exams = [r for r in cohort.rows if r.mode == "exam"]
    practice = len(cohort.rows) - len(exams)
    out = [t("cli.cohort.summary", lang, read=nt("cli.cohort.read", cohort.files, lang),
             counted=nt("cli.cohort.counted", cohort.counted, lang),
             signed=nt("cli.cohort.signed", sum(r.signed for r in exams), lang),
             unsigned=nt("cli.cohort.unsigned", sum(not r.signed for r in exams), lang),
             practice=nt("cli.cohort.practice", practice, lang) if practice else "",
             set_aside=nt("cli.cohort.set_aside", len(cohort.flagged), lang))]
    if cohort.source:
        out.insert(0, t("cli.cohort.source", lang, source=cohort.source))
    if cohort.rows:
        outcomes = ", ".join(f"{outcome_label(k if k != 'unfinished' else None, lang).lower()} {v}"
                             for k, v in sorted(cohort.outcomes.items()))
        out.append(t("cli.cohort.mean", lang, mean=number(cohort.mean_mark, decimal_of(lang)), outcomes=outcomes))
        weak = cohort.weakest()
        if not weak and cohort.criteria:
            out.append(t("cli.cohort.no_weak", lang))
        if weak:
            out.append(t("cli.cohort.weakest", lang))
            for c in weak:
                out.append(t("cli.cohort.criterion", lang, title=c.title_in(lang), mean=number(c.mean_mark, decimal_of(lang)),
                             missed=c.counts.get("non_acquis", 0), evaluated=c.evaluated))
                for m in c.mistakes[:3]:
                    out.append(nt("cli.cohort.mistake", m.candidates, lang, rule=m.rule, label=m.label_in(lang),
                                  times=nt("cli.cohort.times", m.count, lang)))
    if cohort.flagged:
        out.append(t("cli.cohort.flagged", lang))
        for f in cohort.flagged:
            category = f"cli.cohort.category.{f.category}"
            out.append(t("cli.cohort.flag", lang, path=f.path, reason=f.said(lang),
                         category=t(category, lang) if has(category) else f.category))
    text = "\n".join(out)
    if lang == "fr":  # the records' own French (reasons, titles) gets its no-break spaces too, as before
        from ..content.typography import french

        text = french(text)
    return text


def render_html(cohort: Cohort, title: str | None = None, lang: str = "fr") -> str:
    """The group's report, printable on A4 landscape, every heading and label in ``lang`` (``<html lang>`` too)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    from ..i18n import section
    from .progress_chart import criterion_series, learner_series, line_chart

    if lang == "en":
        cohort.english()
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = lambda v: number(v, decimal_of(lang)) if v is not None else "—"
    env.filters["outcome"] = lambda v: outcome_label(v, lang)
    L = section("cli.cohort.html.", lang)  # noqa: N806 - the templates' name for their words
    titles = {c.id: c.title_in(lang) for c in cohort.criteria}
    charts = [(caption, svg) for caption, svg in [
        (L["chart_learners"], line_chart(learner_series(cohort.rows), L["chart_learners_title"], lang)),
        (L["chart_criteria"], line_chart(criterion_series(cohort.rows, titles), L["chart_criteria_title"], lang))] if svg]
    return env.get_template("cohort.html.j2").render(
        c=cohort, title=title or L["title"], lang=lang, L=L, summary=_html_summary(cohort, lang), levels=LEVEL_ORDER,
        charts=charts, level=lambda v: level_label(v, lang), short=lambda v: _word("short", v, lang),
        mode=lambda v: mode_label(v, lang), category=lambda v: _word("html.category", v, lang),
        missed=lambda n: nt("cli.cohort.html.no_mistake", n, lang))


def _html_summary(cohort: Cohort, lang: str) -> Markup:
    """The report's first sentence: the text summary's words, its counts in bold (set-aside ones in red)."""
    from markupsafe import Markup, escape

    exams = [r for r in cohort.rows if r.mode == "exam"]
    practice = len(cohort.rows) - len(exams)
    flagged = len(cohort.flagged)
    out = Markup(t("cli.cohort.summary", lang, read=escape(nt("cli.cohort.read", cohort.files, lang)),
                   counted=Markup("<strong>{}</strong>").format(nt("cli.cohort.counted", cohort.counted, lang)),
                   signed=escape(nt("cli.cohort.signed", sum(r.signed for r in exams), lang)),
                   unsigned=escape(nt("cli.cohort.unsigned", len(exams) - sum(r.signed for r in exams), lang)),
                   practice=escape(nt("cli.cohort.practice", practice, lang)) if practice else "",
                   set_aside=Markup('<strong class="{}">{}</strong>').format(
                       "flag" if flagged else "", nt("cli.cohort.set_aside", flagged, lang))))
    if cohort.rows:
        out += " " + escape(t("cli.cohort.html.mean", lang, mean=number(cohort.mean_mark, decimal_of(lang)) or "—"))
    return out
