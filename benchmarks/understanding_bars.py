"""The bars of issue 14 for free-text understanding, printed against their targets.

Act families on the held-out split of the corpus (one sentence in five, chosen by a hash, never used to
train or tune): macro-F1 >= 0.92 overall, >= 0.85 in English, no family below 0.85, >= 0.85 with the
punctuation removed. Option matching on intent-only paraphrases (no names, no figures) >= 93 %.
Run: .venv/bin/python benchmarks/understanding_bars.py
"""

from __future__ import annotations

from _common import verdict

from simulator.understanding.evaluate import BARS, OPTION_BAR, bars, option_matching


def main() -> int:
    r = bars()
    print(f"Phrases mises de côté : {r['held_out']} (dont {r['held_out_en']} en anglais)")
    rows = [("macro-F1 des familles", "macro_f1"), ("macro-F1 en anglais", "macro_f1_en"),
            ("famille la plus faible", "family_min"), ("macro-F1 sans ponctuation", "macro_f1_no_punct")]
    ok = True
    for label, key in rows:
        good = r[key] >= BARS[key]
        ok &= good
        print(f"  {label:<28} {r[key]:.3f}  (cible >= {BARS[key]:.2f})  {verdict(good)}")
    for family, f1 in sorted(r["per_family"].items()):
        print(f"    {family:<16} {f1:.3f}")
    print(f"  exactitude de l'acte principal {r['act_accuracy']:.3f}  (pour information)")
    m = option_matching()
    good = m["accuracy"] >= OPTION_BAR
    ok &= good
    print(f"Appariement des options : {m['accuracy']:.1%} de {m['paraphrases']} paraphrases "
          f"(cible >= {OPTION_BAR:.0%})  {verdict(good)}")
    for scenario_id, (acc, n) in sorted(m["per_scenario"].items()):
        print(f"    {scenario_id:<28} {acc:.1%} de {n}")
    for miss in m["misses"]:
        print(f"    manqué : {miss}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
