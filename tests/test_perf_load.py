"""Loading large scenarios faster (issue 19, round 7): what was made cheaper still finds and places the same
things. The timings are benchmarks/bench_load.py's."""

from __future__ import annotations

import pytest
import yaml
from factories import MINI_HEAD
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario_text
from simulator.content.yaml_source import (
    _FORBIDDEN,
    SourceMap,
    _StrictLoader,
    may_hold_forbidden,
    read_text,
    true_position,
)

WEAK, GOOD = "question_suggestive", "raison_appel"  # a weak and a good act of rubrics/acts.yaml


def _menus(states: list[list[tuple[str, ...]]]) -> str:
    """A scenario whose states offer these (text, acts[, order]) options, each leading to the next state; the
    last state is a success ending."""
    out = ["format: 1", "id: menus", MINI_HEAD.rstrip("\n"), "start: s0", "states:"]
    for n, options in enumerate(states):
        out += [f"  s{n}:", "    choices:"]
        for i, (text, act, *order) in enumerate(options):
            out += [f"      - id: c{i}", f'        text: "{text}"', f"        acts: [{act}]",
                    "        discovers: [delai]", f"        next: s{n + 1}"] + [f"        order: {o}" for o in order]
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


def _balance(text: str) -> list[tuple[str, str, str, str, int, int, str]]:
    return [(w.code, w.severity, w.where, w.message, w.line, w.column, w.hint)
            for w in load_scenario_text(text).warnings if w.code.startswith("NS30")]


def test_the_balance_warnings_say_what_and_where_in_full():
    text = _menus([[("Une question ouverte et précise ?", GOOD), ("Bof…", WEAK)]] * 3
                  + [[("Bof… non, non.", WEAK), ("Oui, bien sûr", GOOD)]] * 2)
    lines = text.split("\n")
    got = _balance(text)
    assert got[0] == ("NS301", "warning", "states",
                      "la meilleure option est aussi la plus longue dans 3 états de décision sur 5",
                      lines.index("states:") + 1, 1,
                      "au plus 50% : raccourcissez des bonnes réponses ou étoffez les erreurs plausibles")
    first = lines.index("  s0:") + 2  # its « choices: » line
    assert got[1] == ("NS303", "warning", "states.s0.choices",
                      "dans « s0 », l'option « c0 » (33 caractères) est plus de 2.5 fois plus longue que « c1 » (4)",
                      first, 5, "la longueur trahit la bonne réponse : équilibrez les options "
                      "(docs/authoring.md, « Des options équilibrées »)")
    assert [g[2] for g in got[4:]] == ["states.s1.choices", "states.s2.choices"]  # in the order of the file
    hint = "un apprenant l'évitera sans réfléchir : retirez-le des erreurs ou employez-le aussi dans de bonnes options"
    assert got[2:4] == [
        ("NS302", "warning", "states.s0.choices[1].text",
         "« bof » n'apparaît que dans des options notées comme des erreurs (5 options)", first + 7, 16, hint),
        ("NS302", "warning", "states.s0.choices[1].text",
         "« … » n'apparaît que dans des options notées comme des erreurs (5 options)", first + 7, 16, hint)]


def test_the_balance_thresholds_are_strict():
    # 10 characters against 4: exactly 2.5 times, not more; the best option longest in half the decision states
    at_limits = [[("Bon, oui !", GOOD), ("Bon.", WEAK)], [("Bien.", WEAK), ("Bon, non ?", GOOD + ", " + GOOD)]]
    text = _menus(at_limits)
    assert _balance(text) == [
        ("NS301", "warning", "states", "la meilleure option est aussi la plus longue dans 2 états de décision sur 2",
         text.split("\n").index("states:") + 1, 1,
         "au plus 50% : raccourcissez des bonnes réponses ou étoffez les erreurs plausibles")]
    # the second state's best option (two good acts against one) is not its longest: 1 of 2, not more than half
    half = [[("Bon, oui !", GOOD), ("Bon.", WEAK)], [("Bon, non ?", GOOD), ("Bien.", GOOD + ", " + GOOD)]]
    assert _balance(_menus(half)) == []


def test_a_pinned_option_is_left_out_and_the_options_after_it_are_not():
    pinned = ("Je raccroche, au revoir, bonne journée à vous.", WEAK, "last")
    states = [[pinned, ("Franchement.", WEAK), ("Je vous écoute.", GOOD)]] * 5
    telltales = [g for g in _balance(_menus(states)) if g[0] == "NS302"]
    assert [(g[2], g[3]) for g in telltales] == [
        ("states.s0.choices[1].text", "« franchement » n'apparaît que dans des options notées comme des erreurs (5 options)")]


def test_grades_sum_the_acts_and_every_state_is_weighed_past_one_that_decides_nothing():
    neutral = "remerciement"  # a neutral act of rubrics/acts.yaml: grade 0
    # +1 +1 -2 = 0, as the neutral option: no decision here (else its longest option, best, would count)
    tie = [("Je vous écoute, dites-moi tout.", f"{GOOD}, {GOOD}, {WEAK}"), ("Bonjour, enchanté.", neutral)]
    lone = [("Je vous écoute.", GOOD)]  # one option: no menu to judge
    good = ("Je vous écoute bien, madame, dites-moi.", GOOD)
    telltale = [("Franchement, prenez-le.", WEAK), ("Franchement, signez.", WEAK), good]
    # « franchement »: 5 weak options in exactly 3 states, after the tie and the lone option
    got = _balance(_menus([tie, lone, telltale, telltale, [telltale[0], good]]))
    assert [(g[0], g[2], g[3]) for g in got] == [
        ("NS301", "states", "la meilleure option est aussi la plus longue dans 3 états de décision sur 3"),
        ("NS302", "states.s2.choices[0].text",
         "« franchement » n'apparaît que dans des options notées comme des erreurs (5 options)")]


def test_words_of_good_options_are_read_past_the_one_that_clears_every_suspect():
    weak = ("Franchement, prenez-le.", WEAK)
    clears_all = ("Franchement, prenez donc.", GOOD)
    states = [[weak, clears_all]] + [[weak, ("Je vous écoute.", GOOD)]] * 4
    assert _telltales(_menus(states)) == []


_EDGES = "\x00\x08\t\n\x0b\x0c\r\x0e\x1f\x7f\x80\x84\x85\x86\x9f\xa0\xab\xe9\u2019\u2026\u2029\u202a\u202e\u202f" \
         "\u2065\u2066\u2069\u206a\ufeff\ufffd\ufffe\uffff\U0001f600"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(_EDGES), st.characters(exclude_categories=("Cs",))), max_size=40))
def test_the_bytes_say_whether_a_text_holds_a_refused_character(text: str):
    """The file's bytes are looked at first; the characters are searched one by one only when they may hold a refused
    one: the bytes must never miss one (the control characters, C1, U+FFFE/FFFF, the bidirectional overrides)."""
    assert may_hold_forbidden(text.encode("utf-8")) == (_FORBIDDEN.search(text) is not None)


def test_the_bytes_miss_no_refused_character_alone_in_a_text():
    """Every character up to U+3000 and from U+FE00 to U+FFFF (and a few beyond), alone amid French text."""
    chars = [*range(0x3000), *range(0xFE00, 0x10000), 0x1F600, 0xE0001, 0x10FFFF]
    for code in chars:
        if 0xD800 <= code <= 0xDFFF:
            continue  # no surrogate in UTF-8
        text = "Prix « " + chr(code) + " » été"
        assert may_hold_forbidden(text.encode("utf-8")) == (_FORBIDDEN.search(text) is not None), hex(code)


def test_a_refused_character_of_a_file_is_still_placed(tmp_path):
    path = tmp_path / "s.yaml"
    for char in ("\x1b", "\x9b", "\u202e", "\uffff"):
        path.write_bytes(("a: 1\nb: \"x" + char + "\"\n").encode("utf-8"))
        with pytest.raises(ContentError) as caught:
            read_text(path)
        assert (caught.value.diagnostics[0].code, caught.value.diagnostics[0].line,
                caught.value.diagnostics[0].column) == ("NS003", 2, 6)
    path.write_bytes("a: « été » — ’…’\u00a0!\u2028\x85\n".encode("utf-8"))
    assert read_text(path).startswith("a: « été »")


def test_composing_goes_through_libyaml_s_parser_alone_and_gives_the_same_tree():
    """Only composing is asked of the loader: libyaml's parser without CSafeLoader's constructor and resolver
    classes, whose instance __dict__ made each of the composer's ~600,000 hook lookups of a large file slower."""
    loader = _StrictLoader("a: 1")
    assert _StrictLoader.__mro__[1] is yaml.cyaml.CParser and not hasattr(loader, "__dict__")
    loader.dispose()
    node = yaml.compose("a: [1, 'x', !!str 2]\nb: {c: ~}\n", Loader=_StrictLoader)
    (ka, va), (kb, vb) = node.value
    assert (ka.value, [(i.value, i.style) for i in va.value]) == ("a", [("1", ""), ("x", "'"), ("2", "")])
    assert va.value[2].tag == "tag:yaml.org,2002:str" and (vb.value[0][1].start_mark.line, vb.end_mark.column) == (1, 9)


def test_choices_naming_the_same_acts_or_needs_share_one_tuple_and_one_set():
    from factories import generated

    scenario = load_scenario_text(generated(40))
    choices = [c for s in scenario.states.values() for c in s.choices]
    assert all(c.acts == tuple(c.spec.acts) and c.discovers == frozenset(c.spec.discovers)
               and c.handles == frozenset(c.spec.handles) for c in choices)
    for field in ("acts", "discovers", "handles"):
        values = {getattr(c, field) for c in choices}
        assert len({id(getattr(c, field)) for c in choices}) == len(values), field  # one object per value


def test_lines_are_compiled_as_written_and_fixed_only_when_there_is_nothing_to_decide():
    """A line set (LineSet.of, built slot by slot) as written: the variants that decide, fixed only when one says it all."""
    from factories import generated

    scenario = load_scenario_text(generated(3, price=True))
    say = scenario.states["s0"].say
    assert (say.plain, [text for text, _ in say.conditional], say.fixed) == (("Réplique 0.",), ["Variante 0."], None)
    assert say.candidates({"confiance": 6}) == ["Variante 0."] and say.candidates({"confiance": 5}) == ("Réplique 0.",)
    accept, counter = scenario.price_lines["accept"], scenario.price_lines["counter"]
    assert (accept.fixed, accept.plain, accept.conditional) == ("D'accord.", ("D'accord.",), ())
    assert (counter.fixed, counter.plain) == (None, ("{contre} ?",))  # filled in when said: never as is


def test_the_plain_names_of_a_file_are_one_object_each():
    """A state's id, as a key and in every « next » leading to it, and every key: one str each, so that the
    tables built on them (pydantic's fields, states, acts) compare the same object."""
    from simulator.content.yaml_source import parse_document

    data = parse_document("a: {id: x, next: s1, acts: [insistance]}\nb: {id: y, next: s1, acts: [insistance]}\n"
                          "s1: {say: \"s1\"}\n").data
    (s1_key,) = (k for k in data if k == "s1")
    assert data["a"]["next"] is data["b"]["next"] is s1_key and data["a"]["acts"][0] is data["b"]["acts"][0]
    assert all(ka is kb for ka, kb in zip(data["a"], data["b"], strict=True))
    assert data == {"a": {"id": "x", "next": "s1", "acts": ["insistance"]},
                    "b": {"id": "y", "next": "s1", "acts": ["insistance"]}, "s1": {"say": "s1"}}


@pytest.mark.parametrize(("text", "column"), [('x: ! "\\e[2J"\n', 7), ('x: [! "\\e[2J"]\n', 8)])
def test_a_double_quoted_value_tagged_with_a_bare_bang_is_still_checked_for_escapes(text: str, column: int):
    """« ! » makes a quoted scalar resolve as a plain one: sharing plain names must not skip its escape check."""
    from simulator.content.yaml_source import parse_document

    with pytest.raises(ContentError) as caught:
        parse_document(text)
    assert [(d.code, d.line, d.column) for d in caught.value.diagnostics] == [("NS003", 1, column)]
