"""Every kind of bad input gives the project's own located error: file:line:col, a code, a hint."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import MINIMAL

from simulator.content.diagnostics import ContentError
from simulator.content.loader import load_scenario, load_scenario_text


def errors_of(text: str) -> list:
    with pytest.raises(ContentError) as info:
        load_scenario_text(text, "s.yaml")
    return info.value.diagnostics


def only(diags: list, code: str):
    found = [d for d in diags if d.code == code]
    assert found, f"no {code} in {[d.render() for d in diags]}"
    return found[0]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_minimal_scenario_loads_clean():
    scenario = load_scenario_text(MINIMAL)
    assert scenario.id == "mini"
    assert scenario.warnings == []


def test_duplicate_key_is_located_on_the_second_key():
    text = MINIMAL.replace("title: \"Mini\"", "title: \"Mini\"\ntitle: \"Encore\"")
    d = only(errors_of(text), "NS008")
    assert (d.line, d.column) == (line_of(text, "Encore"), 1)
    assert "déjà à la ligne 3" in d.message


def test_unknown_key_suggests_the_nearest_name():
    text = MINIMAL.replace("\nsummary:", "\nsumary:")
    d = only(errors_of(text), "NS020")
    assert "sumary" in d.message and "summary" in d.hint
    assert d.line == line_of(text, "sumary:")


def test_yaml_11_booleans_are_plain_text_and_no_silent_coercion():
    # 'no' stays the text "no" (YAML 1.2 core): no Norway problem
    text = MINIMAL.replace('title: "Mini"', "title: no")
    assert load_scenario_text(text).title == "no"
    # true where a text is expected is refused, with the fix
    d = only(errors_of(MINIMAL.replace('title: "Mini"', "title: true")), "NS020")
    assert "booléen" in d.message and 'guillemets' in d.hint
    # a number written as text where a number is expected is refused too
    d = only(errors_of(MINIMAL.replace("difficulty: 1", 'difficulty: "1"')), "NS020")
    assert "entier" in d.message


def test_python_tags_are_refused_without_running_anything(tmp_path: Path):
    marker = tmp_path / "pwned"
    text = MINIMAL.replace('title: "Mini"', f'title: !!python/object/apply:os.system ["touch {marker}"]')
    d = only(errors_of(text), "NS009")
    assert d.line == 3
    assert not marker.exists()


def test_alias_bomb_is_refused_before_it_expands():
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        bomb.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    d = only(errors_of("\n".join(bomb) + "\n"), "NS006")  # 9**10 values if it were expanded
    assert d.line >= 1 and "alias" in d.message


def test_recursive_alias_is_refused():
    d = only(errors_of("a: &x\n  b: *x\n"), "NS006")
    assert "récursif" in d.message


def test_oversized_file_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * (17 * 1024 * 1024) + b"\n")
    with pytest.raises(ContentError) as info:
        load_scenario(path)
    assert info.value.diagnostics[0].code == "NS002"


def test_invalid_utf8_is_located(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace('title: "Mini"', 'title: "Éte"').encode("latin-1"))
    with pytest.raises(ContentError) as info:
        load_scenario(path)
    d = info.value.diagnostics[0]
    assert d.code == "NS003" and (d.line, d.column) == (3, 9)
    assert "UTF-8" in d.hint


def test_binary_garbage_and_empty_files(tmp_path: Path):
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# rien\n", encoding="utf-8")
    for path, code in ((garbage, "NS003"), (empty, "NS005")):
        with pytest.raises(ContentError) as info:
            load_scenario(path)
        assert info.value.diagnostics[0].code == code


def test_syntax_error_points_at_the_line():
    text = MINIMAL.replace('summary: "Un scénario minimal."', "summary: Attention: deux points")
    d = only(errors_of(text), "NS004")
    assert d.line == line_of(text, "Attention")
    assert "guillemets" in d.hint


def test_unknown_state_suggests_the_nearest_state():
    text = MINIMAL.replace("        handles: [cher]\n        next: conclusion",
                           "        handles: [cher]\n        next: conclsion")
    d = only(errors_of(text), "NS101")
    assert "conclsion" in d.message and "'conclusion'" in d.hint
    assert d.line == line_of(text, "next: conclsion")
    assert d.where == "states.objection.choices[0].next"


def test_expression_errors_are_located_at_the_word():
    text = MINIMAL.replace('effects: ["patience -= 2"]', 'effects: ["patiense -= 2"]')
    d = only(errors_of(text), "NS103")
    assert "patiense" in d.message and "patience" in d.hint
    line = line_of(text, "patiense")
    assert (d.line, d.column) == (line, text.splitlines()[line - 1].index("patiense") + 1)
    # mistyped: an int compared with a set
    d = only(errors_of(MINIMAL.replace('if: "patience <= 0"', 'if: "patience <= open_objections"')), "NS103")
    assert "entier" in d.message


def test_many_errors_are_reported_at_once():
    text = MINIMAL.replace("acts: [question_ouverte]", "acts: [question_ouvert]").replace(
        "next: gagne", "next: gagner").replace("discovers: [delai]", "discovers: [prix]")
    codes = {d.code for d in errors_of(text)}
    assert {"NS101", "NS102", "NS109"} <= codes


def test_duplicate_choice_ids_and_dead_ends():
    text = MINIMAL.replace("- id: nier", "- id: traiter")
    only(errors_of(text), "NS104")
    text = MINIMAL.replace("  gagne:\n    phase: fin\n    end: {outcome: success, summary: \"Accord.\"}",
                           "  gagne:\n    phase: fin")
    only(errors_of(text), "NS105")


def test_no_reachable_success_is_an_error():
    text = MINIMAL.replace("end: {outcome: success", "end: {outcome: partial")
    only(errors_of(text), "NS106")


def test_inconsistent_prices():
    price = ("price:\n  unit: HT\n  list: 1000\n  target: 1100\n  floor: 800\n"
             "  client: {opening: 900, reservation: 850}\n"
             "  lines: {counter: a, accept: b, walkaway: c}\n")
    text = MINIMAL.replace("start: accueil", price + "start: accueil")
    d = only(errors_of(text), "NS107")
    assert "plancher" in d.message
    codes = [d.code for d in errors_of(text)]
    assert codes.count("NS107") == 2  # target above list, and the client's opening above its reservation


def test_warnings_unreachable_never_true_never_raised_no_acts():
    text = MINIMAL.replace("  gagne:", "  orphelin:\n    phase: fin\n    end: {outcome: partial, summary: x}\n  gagne:")
    text = text.replace("        acts: [abandon]\n", "        acts: []\n        if: \"patience > 9\"\n")
    text = text.replace("objections:\n", "objections:\n  jamais: {type: test, label: J, state: objection}\n")
    scenario = load_scenario_text(text)
    codes = {w.code for w in scenario.warnings}
    assert {"NS201", "NS202", "NS203", "NS205"} <= codes
    assert all(w.severity == "warning" and w.line > 0 for w in scenario.warnings)


def test_deep_nesting_is_refused_without_recursion_error():
    d = only(errors_of("a: " + "[" * 300 + "]" * 300 + "\n"), "NS006")
    assert "imbrication" in d.message


def test_error_flood_stops_after_fifty():
    diags = errors_of("".join("k: 1\n" for _ in range(1000)))
    assert len(diags) == 51 and "lecture arrêtée" in diags[-1].message


def test_misspelt_key_deep_inside_a_choice_gets_a_suggestion():
    text = MINIMAL.replace("        next: gagne", "        nextt: gagne")
    d = only(errors_of(text), "NS020")
    assert "nextt" in d.message and "'next'" in d.hint
    assert d.where == "states.conclusion.choices[0].nextt"
