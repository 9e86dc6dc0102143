"""The bars of issue 14 measured on the held-out split of the corpus (never used to train or tune).

Family macro-F1 overall, in English, per family, with punctuation removed; act accuracy for information.
``benchmarks/understanding_bars.py`` prints them, ``tests/test_understanding_bars.py`` asserts them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .corpus import Example, load_corpus
from .normalize import strip_punctuation
from .recognise import understand

BARS = {"macro_f1": 0.92, "macro_f1_en": 0.85, "family_min": 0.85, "macro_f1_no_punct": 0.85}
OPTION_BAR = 0.93


@dataclass(frozen=True)
class Scores:
    macro_f1: float
    per_family: dict[str, float]
    act_accuracy: float
    count: int


def macro_f1(pairs: Iterable[tuple[str, str]]) -> tuple[float, dict[str, float]]:
    """(gold, predicted) pairs -> macro-F1 over the gold labels and F1 per label."""
    pairs = list(pairs)
    labels = sorted({g for g, _ in pairs})
    per: dict[str, float] = {}
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        per[label] = 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return (sum(per.values()) / len(per) if per else 0.0), per


def score(examples: list[Example], no_punctuation: bool = False) -> Scores:
    from ..content.acts import default_catalogue

    families = {a: act.family for a, act in default_catalogue().acts.items()}
    family_pairs, act_hits = [], 0
    for ex in examples:
        text = strip_punctuation(ex.text) if no_punctuation else ex.text
        u = understand(text, ex.lang, ex.context)
        family_pairs.append((families[ex.act], u.family))
        act_hits += u.acts[0].act == ex.act
    f1, per = macro_f1(family_pairs)
    return Scores(f1, per, act_hits / len(examples) if examples else 0.0, len(examples))


def bars() -> dict[str, object]:
    held = [ex for ex in load_corpus() if ex.held_out]
    overall = score(held)
    english = score([ex for ex in held if ex.lang == "en"])
    bare = score(held, no_punctuation=True)
    return {
        "held_out": overall.count, "held_out_en": english.count,
        "macro_f1": overall.macro_f1, "macro_f1_en": english.macro_f1,
        "family_min": min(overall.per_family.values()), "per_family": overall.per_family,
        "macro_f1_no_punct": bare.macro_f1, "act_accuracy": overall.act_accuracy,
    }


PARAPHRASE_DIR = __import__("pathlib").Path(__file__).parent / "paraphrases"


def paraphrases() -> list[tuple[str, str, str, str, str]]:
    """(scenario id, state, expected option, lang, text) from ``paraphrases/*.txt``."""
    out = []
    for path in sorted(PARAPHRASE_DIR.glob("*.txt")):
        state = option = ""
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("@"):
                state, option = line[1:].split()
                continue
            lang, _, text = line.partition(":")
            out.append((path.stem, state, option, lang, text.strip()))
    return out


def option_matching() -> dict[str, object]:
    """Share of intent-only paraphrases matched to the option they paraphrase, among all the state's options."""
    from ..content.bundled import scenarios_dir
    from ..content.loader import load_scenario
    from .matching import Candidate, match_options
    from .scenario_context import state_context

    scenarios: dict[str, object] = {}
    hits, misses = 0, []
    per: dict[str, list[int]] = {}
    items = paraphrases()
    for scenario_id, state_id, expected, lang, text in items:
        if scenario_id not in scenarios:
            scenarios[scenario_id] = load_scenario(scenarios_dir() / f"{scenario_id}.yaml")
        scenario = scenarios[scenario_id]
        state = scenario.spec.states[state_id]
        candidates = [Candidate(c.id, c.text, tuple(c.acts), tuple(c.examples or ())) for c in state.choices]
        u = understand(text, lang, state_context(state))
        match = match_options(u, candidates)
        hit = match.best is not None and match.best.id == expected
        per.setdefault(scenario_id, [0, 0])[0] += hit
        per[scenario_id][1] += 1
        if hit:
            hits += 1
        else:
            got = match.best.id if match.best else None
            misses.append(f"{scenario_id}/{state_id}: {text[:50]!r} -> {got} (attendu {expected})")
    return {"paraphrases": len(items), "accuracy": hits / len(items) if items else 0.0, "misses": misses,
            "per_scenario": {k: (h / n, n) for k, (h, n) in per.items()}}
