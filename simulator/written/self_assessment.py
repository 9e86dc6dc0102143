"""The learner's self-assessment beside the grid: per criterion their level and negosim's, and the best and
weakest moments they named against the turns the scorer graded highest and lowest.

Metacognition is what a jury probes at the oral: the comparison is shown, never graded. A criterion counts as
« rejoint » when both levels are the same; the summary is a strength from two thirds of the rated criteria on.
"""

from __future__ import annotations

from ..i18n.phrase import Authored, Phrase, phrase, phrase_n
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


def _points(n: int) -> Phrase:
    """A turn's points, signed: « +1 point », « -4 points »."""
    return phrase_n("writing.self.points", abs(n), signed=f"{n:+d}")


def _levels(rows: tuple[SelfComparison, ...], debrief: Debrief) -> list[Finding]:
    compared = [r for r in rows if r.gap is not None]
    if not compared:
        return []
    same = sum(r.gap == 0 for r in compared)
    over = [r for r in compared if r.gap is not None and r.gap > 0]
    under = [r for r in compared if r.gap is not None and r.gap < 0]
    out = [Finding(WORK, "strength" if same * 3 >= 2 * len(compared) else "warning",
                   phrase_n("writing.self.match", same, total=len(compared)), "levels")]

    def lv(level: str | None) -> Authored:
        return Authored(*(debrief.level_label(level or "non_evalue", lang).lower() for lang in ("fr", "en")))

    for r in over:
        out.append(Finding(WORK, "warning", phrase("writing.self.over", title=Authored(r.title_fr, r.title_en),
                                                   own=lv(r.self_level), grid=lv(r.grid_level)), "levels"))
    for r in under:
        out.append(Finding(WORK, "strength", phrase("writing.self.under", title=Authored(r.title_fr, r.title_en),
                                                    own=lv(r.self_level), grid=lv(r.grid_level)), "levels"))
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
        moment = phrase("writing.self.best_moment" if is_best else "writing.self.weakest_moment")
        named = by_number.get(turn_no)
        if named is None:
            out.append(Finding(WORK, "warning", phrase_n("writing.self.no_such_turn", len(debrief.turns), moment=moment,
                                                         turn=turn_no), field, None, turn_no))
            continue
        pts, top_pts = _points(named.points), _points(top.points)
        if named.number == top.number:
            out.append(Finding(WORK, "strength", phrase("writing.self.same_moment", moment=moment, turn=turn_no,
                                                        points=pts), field, None, turn_no))
        elif is_best and named.points > 0 and named.points >= CLOSE * top.points:
            out.append(Finding(WORK, "strength", phrase("writing.self.best_close", turn=turn_no, points=pts,
                                                        top=top.number, top_points=top_pts), field, None, turn_no))
        elif not is_best and (named.points < 0 or any(e.kind != "strength" for e in named.evidence)):
            out.append(Finding(WORK, "strength", phrase("writing.self.weak_right", turn=turn_no, points=pts,
                                                        top=top.number, top_points=top_pts), field, None, turn_no))
        else:
            out.append(Finding(WORK, "warning", phrase("writing.self.other_moment", moment=moment, turn=turn_no,
                                                       points=pts, top=top.number, top_points=top_pts,
                                                       line=top.learner), field, None, top.number))
    return out


__all__ = ["compare"]
