"""NS202 (« condition never true ») guesses sets a condition could be true on. A condition on exactly the items it
names (« len(discovered) == 2 and a in discovered and b in discovered »: a step summary once two given needs are
found) holds on that very set: it was reported as never true. A truly impossible one still is."""

from __future__ import annotations

from pathlib import Path

from simulator.content.loader import load_scenario_text

TEXT = (Path(__file__).resolve().parent.parent / "scenarios" / "equipement-machine.yaml").read_text(encoding="utf-8")
CHOICE = "      - id: q-double\n"


def never_true(condition: str) -> list[str]:
    assert TEXT.count(CHOICE) == 1
    text = TEXT.replace(CHOICE, CHOICE + f"        if: \"{condition}\"\n")
    return [w.where for w in load_scenario_text(text, "essai.yaml").warnings if w.code == "NS202"]


def test_a_condition_on_exactly_the_items_it_names_can_be_true():
    assert never_true("len(discovered) == 2 and capacite in discovered and delai in discovered") == []
    assert never_true("len(discovered) == 3 and capacite in discovered and delai in discovered"
                      " and formation in discovered") == []


def test_a_condition_that_cannot_hold_is_still_reported():
    [where] = never_true("len(discovered) == 1 and capacite in discovered and delai in discovered")
    assert where.startswith("states.decouverte.choices[") and where.endswith(".if")
