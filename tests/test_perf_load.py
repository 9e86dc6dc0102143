"""Loading large scenarios faster (issue 19, round 7): what was made cheaper still finds and places the same
things. The timings are benchmarks/bench_load.py's."""

from __future__ import annotations

import yaml
from factories import MINI_HEAD

from simulator.content.loader import load_scenario_text
from simulator.content.yaml_source import SourceMap, _StrictLoader, true_position

WEAK, GOOD = "question_suggestive", "raison_appel"  # a weak and a good act of rubrics/acts.yaml


def _menus(states: list[list[tuple[str, str]]]) -> str:
    """A scenario whose states offer these (text, act) options, each leading to the next state; the last
    state is a success ending."""
    out = ["format: 1", "id: menus", MINI_HEAD.rstrip("\n"), "start: s0", "states:"]
    for n, options in enumerate(states):
        out += [f"  s{n}:", "    choices:"]
        for i, (text, act) in enumerate(options):
            out += [f"      - id: c{i}", f'        text: "{text}"', f"        acts: [{act}]",
                    "        discovers: [delai]", f"        next: s{n + 1}"]
    out += [f"  s{len(states)}:", "    end: {outcome: success, summary: \"Fin.\"}"]
    return "\n".join(out) + "\n"


def _telltales(text: str) -> list[str]:
    return [w.message for w in load_scenario_text(text).warnings if w.code == "NS302"]


def test_a_word_only_weak_options_use_in_three_states_is_a_telltale_at_its_first_use():
    states = [[("Franchement, prenez-le.", WEAK), ("Je vous écoute.", GOOD)]] * 3 \
        + [[("Franchement, signez.", WEAK), ("Qu'en pensez-vous ?", GOOD)]] * 2
    text = _menus(states)
    warnings = [w for w in load_scenario_text(text).warnings if w.code == "NS302"]
    assert [w.message for w in warnings] == [
        "« franchement » n'apparaît que dans des options notées comme des erreurs (5 options)"]
    assert warnings[0].where == "states.s0.choices[0].text"
    assert text.split("\n")[warnings[0].line - 1].strip() == 'text: "Franchement, prenez-le."'


def test_a_word_a_good_option_also_uses_is_no_telltale_wherever_that_option_stands():
    weak = [[("Franchement, prenez-le vite.", WEAK), ("Je vous écoute.", GOOD)]] * 5
    # two suspect words; the first good option clears one, only the last good option clears the other
    cleared_late = weak[:4] + [[("Franchement, prenez-le vite.", WEAK), ("Vite, franchement ?", GOOD)]]
    assert _telltales(_menus(cleared_late)) == [
        "« prenez » n'apparaît que dans des options notées comme des erreurs (5 options)"]
    cleared_both = weak[:4] + [[("Franchement, prenez-le vite.", WEAK), ("Prenez-le vite, franchement.", GOOD)]]
    assert _telltales(_menus(cleared_both)) == []


def test_a_word_of_too_few_weak_options_or_states_is_no_telltale():
    four = [[("Franchement, prenez-le.", WEAK), ("Je vous écoute.", GOOD)]] * 4 + [[("Bien.", GOOD), ("Oui.", GOOD)]]
    assert _telltales(_menus(four)) == []
    two_states = [[("Franchement oui.", WEAK), ("Franchement non.", WEAK), ("Franchement peut-être.", WEAK),
                   ("Je vous écoute.", GOOD)]] * 2
    assert _telltales(_menus(two_states)) == []


def test_the_best_option_always_longest_and_a_lopsided_menu_are_reported():
    states = [[("Une bonne question ouverte et précise ?", GOOD), ("Bof.", WEAK)]] * 3
    codes = sorted(w.code for w in load_scenario_text(_menus(states)).warnings)
    assert codes == ["NS301", "NS303", "NS303", "NS303"]
    balanced = [[("Une question ouverte ?", GOOD), ("Une question fermée, non ?", WEAK)]] * 3
    assert [w.code for w in load_scenario_text(_menus(balanced)).warnings if w.code.startswith("NS30")] == []


def test_positions_after_a_line_separator_are_corrected_each_time_the_same_text_is_read():
    """The odd line breaks of a file are looked up once per file read, not cached across files: the
    same text read twice, then a text without them, each get their own editor positions."""
    text = 'a: "x\u2028y"\nb: 1\n'
    for _ in range(2):
        source = SourceMap("t.yaml", yaml.compose(text, Loader=_StrictLoader), text)
        assert source.locate(("b",)) == (2, 4)  # YAML counts the U+2028 as a line break: it says line 3
        assert source.locate(("b",), key=True) == (2, 1)
    plain = "a: x\nb: 1\n"
    assert SourceMap("u.yaml", yaml.compose(plain, Loader=_StrictLoader), plain).locate(("b",)) == (2, 4)
    assert true_position(text, 2, 3) == (2, 4) == true_position(text, 2, 3, odd_breaks=True)
    assert true_position(text, 2, 3, odd_breaks=False) == (3, 4)  # the caller's word is taken


def test_the_slot_maker_builds_the_same_frozen_object_as_the_dataclass():
    import dataclasses

    import pytest

    from simulator.content.scenario import EMPTY_LINES, CompiledChoice, CompiledState, make_choice, make_state

    values = ("spec", "s1", "s1/c0", None, (), EMPTY_LINES, ("a",), (), frozenset({"b"}), frozenset(), ("o",),
              True, False, "c0", "Bonjour.")
    made = make_choice(*values)
    assert made == CompiledChoice(*values) and made.raises == ("o",) and made.text == "Bonjour."
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.text = "autre"  # type: ignore[misc]  # what is checked: it stays frozen
    with pytest.raises(ValueError):
        make_choice(*values[:-1])  # every field must be given: no default taken silently
    state = ("s1", "spec", EMPTY_LINES, (made,), (), {"c0": made}, "prix", "client", "success", True, ("doute",))
    assert make_state(*state) == CompiledState(*state)
    assert hash(made) == hash(CompiledChoice(*values))
