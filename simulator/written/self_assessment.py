"""The learner's self-assessment beside the grid: per criterion their level and negosim's, and the best and
weakest moments they named against the turns the scorer graded highest and lowest.

Metacognition is what a jury probes at the oral: the comparison is shown, never graded. A criterion counts as
« rejoint » when both levels are the same; the summary is a strength from two thirds of the rated criteria on.
"""

from __future__ import annotations

from ..i18n import singular
from ..scoring.debrief import Debrief, TurnNote
from .model import SelfAssessment
from .results import Finding, SelfComparison

WORK = "self_assessment"


def compare(assessment: SelfAssessment, debrief: Debrief) -> tuple[tuple[SelfComparison, ...], list[Finding]]:
    """The side-by-side rows (each criterion the grid evaluated, and any other the learner rated, in the grid's
    order) and the findings they lead to."""
    rows = tuple(SelfComparison(c.id, c.title_fr, c.title_en, assessment.levels.get(c.id), c.level)
                 for c in debrief.criteria.values() if c.evaluated or c.id in assessment.levels)
    return rows, [*_levels(rows, debrief), *_moments(assessment, debrief)]


def _count(n: int, one: str, many: str, lang: str = "fr") -> str:
    """« 1 tour », « 3 tours »: the catalogs' plural rule (simulator.i18n.singular)."""
    return f"{n} {one if singular(n, lang) else many}"


def _points(n: int, lang: str = "fr") -> str:
    """A turn's points, signed: « +1 point », « -4 points »."""
    return f"{n:+d} {'point' if singular(abs(n), lang) else 'points'}"


def _levels(rows: tuple[SelfComparison, ...], debrief: Debrief) -> list[Finding]:
    compared = [r for r in rows if r.gap is not None]
    if not compared:
        return []
    same = sum(r.gap == 0 for r in compared)
    over = [r for r in compared if r.gap is not None and r.gap > 0]
    under = [r for r in compared if r.gap is not None and r.gap < 0]
    out = [Finding(WORK, "strength" if same * 3 >= 2 * len(compared) else "warning",
                   f"Votre auto-évaluation rejoint la grille sur {_count(same, 'critère', 'critères')} sur {len(compared)}.",
                   f"Your self-assessment matches the grid on {same} of {len(compared)} criteria.", "levels")]

    def lv(level: str | None, lang: str) -> str:
        return debrief.level_label(level or "non_evalue", lang).lower()

    for r in over:
        out.append(Finding(WORK, "warning", f"{r.title_fr} : vous vous estimiez « {lv(r.self_level, 'fr')} », la grille "
                           f"dit « {lv(r.grid_level, 'fr')} ».", f"{r.title_en}: you rated yourself \""
                           f"{lv(r.self_level, 'en')}\", the grid says \"{lv(r.grid_level, 'en')}\".", "levels"))
    for r in under:
        out.append(Finding(WORK, "strength", f"{r.title_fr} : la grille vous place plus haut que vous (vous disiez "
                           f"« {lv(r.self_level, 'fr')} », elle dit « {lv(r.grid_level, 'fr')} »).",
                           f"{r.title_en}: you underrated yourself (\"{lv(r.self_level, 'en')}\"; the grid says "
                           f"\"{lv(r.grid_level, 'en')}\").", "levels"))
    return out


def _extremes(turns: tuple[TurnNote, ...]) -> tuple[TurnNote | None, TurnNote | None]:
    """The turn graded highest and the one graded lowest (the earliest on a tie); None without graded turns."""
    graded = [t for t in turns if t.evidence]
    if not graded:
        return None, None
    best = max(graded, key=lambda t: (t.points, -t.number))
    worst = min(graded, key=lambda t: (t.points, t.number))
    return best, worst


CLOSE = 0.75  # a best moment graded at least this share of the best turn's points is one of the best


def _moments(assessment: SelfAssessment, debrief: Debrief) -> list[Finding]:
    best, worst = _extremes(debrief.turns)
    if best is None or worst is None:
        return []
    by_number = {t.number: t for t in debrief.turns}
    out = []
    for turn_no, field, top in ((assessment.best_turn, "best_turn", best), (assessment.weakest_turn, "weakest_turn", worst)):
        if turn_no is None:
            continue
        is_best = field == "best_turn"
        word_fr, word_en = ("meilleur moment", "best moment") if is_best else ("moment le plus faible", "weakest moment")
        named = by_number.get(turn_no)
        if named is None:
            out.append(Finding(WORK, "warning", f"Votre {word_fr} (tour {turn_no}) n'existe pas : l'entretien compte "
                               f"{_count(len(debrief.turns), 'tour', 'tours')}.", f"Your {word_en} (turn {turn_no}) does not "
                               f"exist: the interview has {_count(len(debrief.turns), 'turn', 'turns', 'en')}.", field,
                               None, turn_no))
            continue
        pts, pts_en = _points(named.points), _points(named.points, "en")
        if named.number == top.number:
            out.append(Finding(WORK, "strength", f"Votre {word_fr} (tour {turn_no}, {pts}) est aussi celui de la grille.",
                               f"Your {word_en} (turn {turn_no}, {pts_en}) is the grid's too.", field, None, turn_no))
        elif is_best and named.points > 0 and named.points >= CLOSE * top.points:
            out.append(Finding(WORK, "strength", f"Votre meilleur moment (tour {turn_no}, {pts}) est parmi les mieux notés "
                               f"(le meilleur : tour {top.number}, {_points(top.points)}).", f"Your best moment (turn "
                               f"{turn_no}, {pts_en}) is among the best graded (the best: turn {top.number}, "
                               f"{_points(top.points, 'en')}).", field, None, turn_no))
        elif not is_best and (named.points < 0 or any(e.kind != "strength" for e in named.evidence)):
            out.append(Finding(WORK, "strength", f"Votre moment le plus faible (tour {turn_no}, {pts}) est bien une faiblesse "
                               f"relevée par la grille (la plus lourde : tour {top.number}, {_points(top.points)}).",
                               f"Your weakest moment (turn {turn_no}, {pts_en}) is indeed a weakness the grid notes (the "
                               f"heaviest: turn {top.number}, {_points(top.points, 'en')}).", field, None, turn_no))
        else:
            out.append(Finding(WORK, "warning", f"Votre {word_fr} : tour {turn_no} ({pts}) ; la grille retient plutôt le "
                               f"tour {top.number} ({_points(top.points)}) : « {top.learner} »",
                               f"Your {word_en}: turn {turn_no} ({pts_en}); the grid rather picks turn {top.number} "
                               f"({_points(top.points, 'en')}): \"{top.learner}\"", field, None, top.number))
    return out


__all__ = ["compare"]
