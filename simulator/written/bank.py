"""The jury's question bank (``rubrics/jury-questions.yaml``) and the questions drawn for one exam.

The bank is a validated YAML file like the rubric (located errors, never a traceback); a scenario may add
its own questions (``jury_questions:``). ``draw_questions`` picks, deterministically from a seed, one or two
questions on the candidate's own turns (their weakest and strongest graded turns), a knowledge question that
fits the scenario's blocks and sector, and a reflection question (docs/exam.md).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..content.diagnostics import ContentError, Diagnostic, DiagnosticSink, did_you_mean, sort_diagnostics
from ..content.kinds import Kind, register
from ..content.questions import PLACEHOLDER, JuryBankSpec, check_questions
from ..content.schema import register_schema
from ..content.spec import AutoSpec, JuryQuestionSpec, ScenarioSpec
from ..content.validation import validate_document
from ..content.yaml_source import Document, PathKey, load_document, parse_document

DEFAULT_BANK = "jury-questions.yaml"
ALL_BLOCKS = ("prospection", "negociation")
LINE_MAX = 140  # a quoted line longer than this is cut at a word, with an ellipsis
SPECIFIC_WEIGHT = 4  # a question written for the case (the scenario's own, its sector's) is drawn 4 times as often


@dataclass(frozen=True)
class Question:
    """One question of the bank or of a scenario, its blocks resolved (its own, its criteria's, or all)."""

    id: str  # a scenario's questions are named « scenario-id/question-id »
    kind: str  # turn | knowledge | reflection
    text_fr: str
    text_en: str
    expected_fr: str
    expected_en: str
    auto: AutoSpec | None
    blocks: tuple[str, ...]
    criteria: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    turn: str = "any"  # turn questions: weakest | strongest | any

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_fr

    def expected(self, lang: str) -> str:
        return self.expected_en if lang == "en" else self.expected_fr

    def fits(self, blocks: Iterable[str], sector: str) -> bool:
        return bool(set(self.blocks) & set(blocks)) and (not self.sectors or sector in self.sectors)


@dataclass(frozen=True)
class Bank:
    id: str
    file: str
    questions: tuple[Question, ...]
    warnings: tuple[Diagnostic, ...] = ()

    def get(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True)
class DrawnQuestion:
    """A question as it is put to the candidate: a turn question has its turn and line filled in."""

    id: str
    kind: str
    text: str  # in the language asked for (default: the scenario's)
    text_fr: str
    text_en: str
    expected_fr: str  # for the jury only
    expected_en: str
    auto: AutoSpec | None  # the pre-grading spec of a factual question (simulator/written/pre_grade.py)
    turn: int | None = None  # the turn a turn question is about
    line: str | None = None  # what the candidate said at that turn

    def expected(self, lang: str) -> str:
        return self.expected_en if lang == "en" else self.expected_fr


# ---------------------------------------------------------------- loading

def load_bank(path: Path | str, rubric: Any = None) -> Bank:
    return compile_bank(load_document(path), rubric)


def load_bank_text(text: str, name: str = "<texte>", rubric: Any = None) -> Bank:
    return compile_bank(parse_document(text, name), rubric)


@cache
def default_bank() -> Bank:
    from ..content.bundled import rubrics_dir

    return load_bank(rubrics_dir() / DEFAULT_BANK)


def compile_bank(doc: Document, rubric: Any = None) -> Bank:
    """The bank, or ContentError with every problem located (NS060 to NS064, docs/authoring.md)."""
    try:
        spec = validate_document(doc, JuryBankSpec, "NS060")
        src = doc.source
        sink = DiagnosticSink(src.file)

        def add(code: str, path: PathKey, message: str, hint: str = "", severity: str = "error") -> None:
            sink.items.append(src.diagnostic(code, path, message, hint, severity=severity))

        check_questions(spec.questions, ("questions",), add, "NS062", duplicate_code="NS061")
        criteria = _rubric_criteria(spec, rubric, add)
        questions = tuple(_question(q, q.id, criteria) for q in spec.questions)
        if criteria is not None:
            _check_criteria(spec, criteria, add)
        if not sink.has_errors:
            _check_coverage(questions, add)
        sink.raise_if_errors()
        return Bank(spec.id, src.file, questions, tuple(sort_diagnostics(sink.items)))
    finally:
        doc.source.release()


def _rubric_criteria(spec: JuryBankSpec, rubric: Any, add: Any) -> dict[str, str] | None:
    """Criterion id -> block of the rubric the questions cite (None: not checked, with a warning)."""
    if rubric is None:
        from ..scoring.rubric import default_rubric

        rubric = default_rubric()
    if spec.rubric is not None and spec.rubric != rubric.id:
        add("NS063", ("rubric",), f"la grille « {spec.rubric} » n'est pas celle chargée (« {rubric.id} ») : "
            "critères non vérifiés", "vérifiez le champ rubric", severity="warning")
        return None
    return _criteria_blocks(rubric)


def _criteria_blocks(rubric: Any) -> dict[str, str]:
    """Every criterion of the rubric, graded from the moves or from the written work, with its block."""
    return {cid: c.block for cid, c in (*rubric.criteria.items(), *getattr(rubric, "written", {}).items())}


def _check_criteria(spec: JuryBankSpec, criteria: dict[str, str], add: Any) -> None:
    for i, q in enumerate(spec.questions):
        for j, cid in enumerate(q.criteria):
            if cid not in criteria:
                add("NS063", ("questions", i, "criteria", j), f"critère inconnu « {cid} »", did_you_mean(cid, criteria))
            elif q.blocks and criteria[cid] not in q.blocks:
                add("NS063", ("questions", i, "criteria", j), f"le critère « {cid} » est du bloc « {criteria[cid]} », "
                    f"que la question n'a pas ({', '.join(q.blocks)})", "ajoutez le bloc ou retirez le critère")


def _check_coverage(questions: Sequence[Question], add: Any) -> None:
    """Every draw must be possible: for each block, a knowledge and a reflection question for every sector,
    and turn questions for the weakest and the strongest turn."""
    for block in ALL_BLOCKS:
        for kind in ("knowledge", "reflection"):
            if not any(q.kind == kind and block in q.blocks and not q.sectors for q in questions):
                add("NS064", ("questions",), f"aucune question « {kind} » pour le bloc « {block} » (tous secteurs)",
                    "le tirage en pose une à chaque épreuve : ajoutez-en une sans « sectors »")
        for pick in ("weakest", "strongest"):
            if not any(q.kind == "turn" and block in q.blocks and q.turn in (pick, "any") for q in questions):
                add("NS064", ("questions",), f"aucune question de tour « {pick} » pour le bloc « {block} »",
                    f"ajoutez une question « kind: turn » avec « turn: {pick} » ou « turn: any »")


def _question(q: JuryQuestionSpec, qid: str, criteria: dict[str, str] | None,
              default_blocks: tuple[str, ...] = ALL_BLOCKS) -> Question:
    own: tuple[str, ...] = tuple(q.blocks)
    blocks = own or tuple(dict.fromkeys(criteria[c] for c in q.criteria if criteria and c in criteria))
    return Question(qid, q.kind, q.text_fr, q.text_en, q.expected_fr, q.expected_en, q.auto, blocks or default_blocks,
                    tuple(q.criteria), tuple(q.sectors), q.turn or "any")


def scenario_questions(spec: ScenarioSpec) -> tuple[Question, ...]:
    """A scenario's own questions (``jury_questions:``), named « scenario-id/question-id », for its blocks."""
    return tuple(_question(q, f"{spec.id}/{q.id}", None, tuple(spec.blocks)) for q in spec.jury_questions)


# ---------------------------------------------------------------- drawing

# The order slots are filled in: the weakest turn first, a knowledge and a reflection question, the strongest
# turn; then knowledge and reflection alternate. A turn slot with no graded turn is skipped (the next one fills).
_SLOTS = ("weakest", "knowledge", "reflection", "strongest")
_ORDER = {"turn": 0, "reflection": 1, "knowledge": 2}  # how they are put: the interview first, then the rest


def graded_turns(debrief: Any) -> tuple[Any, Any] | None:
    """The weakest and strongest graded turns (TurnNote) of a debrief: the lowest and highest points, the
    earliest on a tie; None when no turn with a line was graded."""
    turns = [t for t in getattr(debrief, "turns", ()) or () if t.learner.strip() and t.evidence]
    if not turns:
        return None
    weakest = min(turns, key=lambda t: (t.points, t.number))
    strongest = min(turns, key=lambda t: (-t.points, t.number))
    return weakest, strongest


def draw_questions(bank: Bank, scenario: Any, debrief: Any, seed: int | str, n: int = 4,
                   lang: str | None = None) -> tuple[DrawnQuestion, ...]:
    """``n`` questions for this candidate (fewer if the bank and scenario have fewer that fit), the same for the
    same seed, scenario and session. ``scenario`` is a Scenario or its ScenarioSpec; ``debrief`` may be None
    (no turn question then)."""
    spec: ScenarioSpec = getattr(scenario, "spec", scenario)
    lang = lang or spec.language
    rng = random.Random(f"negosim-jury:{seed}:{spec.id}")
    pool = [q for q in (*bank.questions, *scenario_questions(spec)) if q.fits(spec.blocks, spec.sector)]
    turns = graded_turns(debrief)
    targets = {"weakest": turns[0], "strongest": turns[1]} if turns else {}
    if turns and turns[0].number == turns[1].number:
        targets.pop("strongest")
    slots = [*_SLOTS, *(("knowledge", "reflection") * n)]
    used: set[str] = set()
    drawn: list[DrawnQuestion] = []
    for slot in slots:
        if len(drawn) >= n:
            break
        if slot in ("weakest", "strongest"):
            if slot not in targets:
                continue
            candidates = [q for q in pool if q.kind == "turn" and q.turn in (slot, "any") and q.id not in used]
        else:
            candidates = [q for q in pool if q.kind == slot and q.id not in used]
        if not candidates:
            continue
        ordered = sorted(candidates, key=lambda q: q.id)
        question = rng.choices(ordered, weights=[SPECIFIC_WEIGHT if _specific(q, spec) else 1 for q in ordered])[0]
        used.add(question.id)
        drawn.append(_put(question, targets.get(slot), lang))
    return tuple(sorted(drawn, key=lambda d: (_ORDER[d.kind], d.turn or 0)))


def _specific(q: Question, spec: ScenarioSpec) -> bool:
    """A question written for this case: the scenario's own, or one kept for its sector."""
    return q.id.startswith(spec.id + "/") or bool(q.sectors)


def _put(q: Question, turn: Any, lang: str) -> DrawnQuestion:
    number = turn.number if turn is not None else None
    line = _shorten(" ".join(turn.learner.split())) if turn is not None else None
    fr, en = (_fill(q.text_fr, number, line), _fill(q.text_en, number, line)) if turn is not None else (q.text_fr, q.text_en)
    return DrawnQuestion(q.id, q.kind, en if lang == "en" else fr, fr, en, q.expected_fr, q.expected_en, q.auto,
                         number, line)


def _fill(text: str, number: int | None, line: str | None) -> str:
    values = {"n": str(number), "line": line or ""}
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _shorten(line: str) -> str:
    """The line as quoted inside the question: without its final full stop (« … sûr. » : …), cut when long."""
    if len(line) <= LINE_MAX:
        return line[:-1] if line.endswith(".") and not line.endswith("..") else line
    cut = line[:LINE_MAX].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


# ---------------------------------------------------------------- negosim validate, negosim schema

def _check_bank_doc(doc: Document) -> list[Diagnostic]:
    return list(compile_bank(doc).warnings)


def _scenario_criteria(scenario: Any) -> list[Diagnostic]:
    """``negosim validate`` on a scenario: its own questions cite criteria of the rubric, of its blocks (NS118)."""
    from ..scoring.rubric import default_rubric

    spec: ScenarioSpec = scenario.spec
    if not any(q.criteria for q in spec.jury_questions):
        return []
    try:
        criteria = _criteria_blocks(default_rubric())
    except ContentError:
        return []  # the rubric's own errors are reported when it is validated
    out = []
    for i, q in enumerate(spec.jury_questions):
        blocks = q.blocks or spec.blocks
        for j, cid in enumerate(q.criteria):
            path = ("jury_questions", i, "criteria", j)
            if cid not in criteria:
                out.append(scenario.source.diagnostic("NS118", path, f"critère inconnu « {cid} »",
                                                      did_you_mean(cid, criteria)))
            elif criteria[cid] not in blocks:
                out.append(scenario.source.diagnostic(
                    "NS118", path, f"le critère « {cid} » est du bloc « {criteria[cid]} », que la question n'a pas "
                    f"({', '.join(blocks)})", "choisissez un critère des blocs du scénario, ou ajoutez « blocks »"))
    return out


def _register() -> None:
    from ..content.checks import VALIDATE_HOOKS

    register(Kind("jury-questions", lambda d: "questions" in d and "states" not in d, _check_bank_doc))
    register_schema("jury-questions", lambda: JuryBankSpec)
    if _scenario_criteria not in VALIDATE_HOOKS:
        VALIDATE_HOOKS.append(_scenario_criteria)


_register()


__all__ = ["ALL_BLOCKS", "Bank", "ContentError", "DrawnQuestion", "Question", "compile_bank", "default_bank",
           "draw_questions", "graded_turns", "load_bank", "load_bank_text", "scenario_questions"]
