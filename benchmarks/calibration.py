"""How closely does negosim grade like a jury? Agreement with the blind calibration set.

``tests/calibration/*.yaml`` holds complete interviews played in the bundled scenarios, each graded blind
by a jury member: a mark band and the level of every criterion, with the reason. This script plays each
interview, scores it with the bundled rubric and prints, per interview and overall:

- mean absolute difference between negosim's mark and the middle of the jury's band;
- Spearman's rank correlation between the two marks;
- exact agreement and Cohen's kappa on criterion levels;
- agreement on the jury's « en cours » (the share of them negosim also calls « en cours »);
- the same figures on the middling interviews alone.

Targets (issue « Score like a jury »): mean absolute difference <= 1.0, kappa >= 0.8, >= 70 % on « en cours ».
Usage: ``python benchmarks/calibration.py [--detail]``. Exits 0: it measures, it does not judge.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator.content.library import resolve_scenario  # noqa: E402
from simulator.content.loader import load_scenario  # noqa: E402
from simulator.engine.session import ChoiceInput, PriceInput, Session  # noqa: E402
from simulator.scoring import default_rubric, score  # noqa: E402

LEVELS = ("acquis", "en_cours", "non_acquis", "non_evalue")


def _input(step):
    return ChoiceInput(step) if isinstance(step, str) else PriceInput(step["price"], step.get("counterpart"))


def graded(folder: Path = ROOT / "tests" / "calibration") -> list[dict]:
    """Every calibration interview with the jury's grading and negosim's."""
    rubric = default_rubric()
    rows = []
    for path in sorted(folder.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        scenario = load_scenario(resolve_scenario(doc["scenario"]))
        for interview in doc["interviews"]:
            session = Session.replay(scenario, interview.get("seed", 0), [_input(s) for s in interview["inputs"]])
            debrief = score(scenario, rubric, session.turns)
            low, high = interview["jury"]["mark"]
            levels = {cid: (j["level"], debrief.criteria[cid].level)
                      for cid, j in interview["jury"]["levels"].items() if cid in debrief.criteria}
            rows.append({"scenario": scenario.id, "name": interview["name"], "profile": interview["profile"],
                         "ended": session.ended, "jury_mark": (low + high) / 2, "band": (low, high),
                         "mark": debrief.mark, "levels": levels})
    return rows


def spearman(xs: list[float], ys: list[float]) -> float:
    def ranks(values: list[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    if len(xs) < 2 or statistics.pstdev(rx) == 0 or statistics.pstdev(ry) == 0:
        return float("nan")
    return statistics.correlation(rx, ry)


def kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return float("nan")
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    jury, ours = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(jury[level] * ours[level] for level in LEVELS) / (n * n)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def figures(rows: list[dict]) -> dict[str, float]:
    pairs = [p for r in rows for p in r["levels"].values()]
    en_cours = [(a, b) for a, b in pairs if a == "en_cours"]
    return {
        "interviews": len(rows),
        "mad": statistics.fmean(abs(r["mark"] - r["jury_mark"]) for r in rows) if rows else float("nan"),
        "spearman": spearman([r["jury_mark"] for r in rows], [r["mark"] for r in rows]),
        "exact": sum(a == b for a, b in pairs) / len(pairs) if pairs else float("nan"),
        "kappa": kappa(pairs),
        "en_cours": sum(b == "en_cours" for _, b in en_cours) / len(en_cours) if en_cours else float("nan"),
        "judgements": len(pairs),
        "jury_en_cours": len(en_cours),
        "negosim_en_cours": sum(b == "en_cours" for _, b in pairs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detail", action="store_true", help="niveaux critère par critère")
    args = parser.parse_args(argv)
    rows = graded()
    if not rows:
        print("aucun entretien de calibration (tests/calibration/*.yaml)")
        return 0
    print(f"{'scénario':<28} {'entretien':<26} {'profil':<9} {'jury':>10} {'negosim':>8} {'niveaux égaux':>14}")
    for r in rows:
        same = sum(a == b for a, b in r["levels"].values())
        band = f"{r['band'][0]:g}–{r['band'][1]:g}"
        print(f"{r['scenario']:<28} {r['name']:<26} {r['profile']:<9} {band:>10} {r['mark']:>8.1f} "
              f"{same:>7}/{len(r['levels'])}" + ("" if r["ended"] else "  (pas de fin)"))
        if args.detail:
            for cid, (jury, ours) in r["levels"].items():
                print(f"    {cid:<20} jury {jury:<11} negosim {ours:<11}{'' if jury == ours else '  ≠'}")
    for title, subset in (("Tous les entretiens", rows), ("Entretiens moyens", [r for r in rows if r["profile"] == "middling"])):
        f = figures(subset)
        print(f"\n{title} ({f['interviews']}) : écart absolu moyen {f['mad']:.2f} point(s) (cible ≤ 1,0) ; "
              f"Spearman {f['spearman']:.3f} ; niveaux identiques {f['exact']:.0%} sur {f['judgements']} ; "
              f"kappa {f['kappa']:.2f} (cible ≥ 0,8) ; « en cours » du jury retrouvés {f['en_cours']:.0%} "
              f"({f['jury_en_cours']} chez le jury, {f['negosim_en_cours']} chez negosim ; cible ≥ 70 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
