"""The learner's self-assessment beside the grid: per criterion their level and negosim's, and the best and
weakest moments they named against the turns the scorer graded highest and lowest.

Metacognition is what a jury probes at the oral: the comparison is shown, never graded. A criterion counts as
« rejoint » when both levels are the same; the summary is a strength from two thirds of the rated criteria on.
"""

from __future__ import annotations

from ..scoring.debrief import Debrief, TurnNote
from .model import SelfAssessment
from .results import Finding, SelfComparison

WORK = "self_assessment"


def compare(assessment: SelfAssessment, debrief: Debrief) -> tuple[tuple[SelfComparison, ...], list[Finding]]:
    """The side-by-side rows (each criterion of the scenario's blocks, and any other the learner rated) and the
    findings they lead to."""
    blocks = set(debrief.scenario_blocks)
    rows = tuple(SelfComparison(c.id, c.title_fr, c.title_en, assessment.levels.get(c.id), c.level)
                 for c in debrief.criteria.values() if c.block in blocks or c.id in assessment.levels)
    return rows, [*_levels(rows, debrief), *_moments(assessment, debrief)]


def _levels(rows: tuple[SelfComparison, ...], debrief: Debrief) -> list[Finding]:
    compared = [r for r in rows if r.gap is not None]
    if not compared:
        return []
    same = sum(r.gap == 0 for r in compared)
    over = [r for r in compared if r.gap is not None and r.gap > 0]
    under = [r for r in compared if r.gap is not None and r.gap < 0]
    out = [Finding(WORK, "strength" if same * 3 >= 2 * len(compared) else "warning",
                   f"Votre auto-évaluation rejoint la grille sur {same} critère(s) sur {len(compared)}.",
                   f"Your self-assessment matches the grid on {same} of {len(compared)} criteria.", "levels")]

    def lv(level: str | None, lang: str) -> str:
        return debrief.level_label(level or "non_evalue", lang).lower()

    for r in over:
        out.append(Finding(WORK, "warning", f"{r.title_fr} : vous vous estimiez « {lv(r.self_level, 'fr')} », la grille "
                           f"dit « {lv(r.grid_level, 'fr')} ».", f"{r.title_en}: you rated yourself \""
                           f"{lv(r.self_level, 'en')}\", the grid says \"{lv(r.grid_level, 'en')}\".", "levels"))
    for r in under:
        out.append(Finding(WORK, "strength", f"{r.title_fr} : vous vous êtes sous-estimé(e) (« {lv(r.self_level, 'fr')} "
                           f"» ; la grille dit « {lv(r.grid_level, 'fr')} »).", f"{r.title_en}: you underrated "
                           f"yourself (\"{lv(r.self_level, 'en')}\"; the grid says \"{lv(r.grid_level, 'en')}\").",
                           "levels"))
    return out


def _extremes(turns: tuple[TurnNote, ...]) -> tuple[TurnNote | None, TurnNote | None]:
    """The turn graded highest and the one graded lowest (the earliest on a tie); None without graded turns."""
    graded = [t for t in turns if t.evidence]
    if not graded:
        return None, None
    best = max(graded, key=lambda t: (t.points, -t.number))
    worst = min(graded, key=lambda t: (t.points, t.number))
    return best, worst


def _moments(assessment: SelfAssessment, debrief: Debrief) -> list[Finding]:
    best, worst = _extremes(debrief.turns)
    by_number = {t.number: t for t in debrief.turns}
    out = []
    for turn_no, which, field, top in ((assessment.best_turn, "best", "best_turn", best),
                                       (assessment.weakest_turn, "weakest", "weakest_turn", worst)):
        if turn_no is None:
            continue
        named = by_number.get(turn_no)
        word_fr, word_en = ("meilleur moment", "best moment") if which == "best" else ("moment le plus faible",
                                                                                     "weakest moment")
        if named is None:
            out.append(Finding(WORK, "warning", f"Votre {word_fr} (tour {turn_no}) n'existe pas : l'entretien compte "
                               f"{len(debrief.turns)} tour(s).", f"Your {word_en} (turn {turn_no}) does not exist: the "
                               f"interview has {len(debrief.turns)} turn(s).", field, None, turn_no))
            continue
        agrees = named.points > 0 if which == "best" else (named.points < 0 or any(e.kind != "strength"
                                                                                  for e in named.evidence))
        if top is not None and (top.number == turn_no or agrees):
            out.append(Finding(WORK, "strength", f"Votre {word_fr} (tour {turn_no}) est aussi celui que la grille "
                               f"retient ({named.points:+d} point(s)).", f"Your {word_en} (turn {turn_no}) is one the "
                               f"grid picks out too ({named.points:+d} point(s)).", field, None, turn_no))
        elif top is not None:
            out.append(Finding(WORK, "warning", f"Votre {word_fr} : tour {turn_no} ({named.points:+d} point(s)) ; la "
                               f"grille retient plutôt le tour {top.number} ({top.points:+d} point(s)) : « {top.learner} »",
                               f"Your {word_en}: turn {turn_no} ({named.points:+d} point(s)); the grid rather picks "
                               f"turn {top.number} ({top.points:+d} point(s)): \"{top.learner}\"", field, None, top.number))
    return out


__all__ = ["compare"]
