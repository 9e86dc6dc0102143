"""Hostile authored content: deep expressions and terminal control sequences get a located diagnostic.

Issue 15: 110 nested parentheses raised RecursionError (``validate`` exited 70 with no place, ``list``,
``play`` and the TUI crashed); YAML escapes such as ``"\\e[2J"`` and right-to-left overrides slipped past
the control-character check into the players and reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import MINIMAL
from hypothesis import given
from hypothesis import strategies as st

from simulator.cli.main import cli
from simulator.content.diagnostics import ContentError
from simulator.content.expressions import (
    MAX_HEIGHT,
    MAX_NESTING,
    ExprError,
    Scope,
    Type,
    VarInfo,
    compile_condition,
    compile_effect,
)
from simulator.content.loader import load_scenario

INTERRUPT = '"patience <= 0"'  # MINIMAL's interrupt condition, line 21, its text from column 10
SAY = 'say: "Bonjour."'  # MINIMAL's first client line, line 32


def scenario(tmp_path: Path, text: str, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def diagnostics(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_scenario(path)
    return [d.render() for d in caught.value.diagnostics]


SCOPE = Scope({"patience": VarInfo(Type("int", lo=0, hi=5)), "ok": VarInfo(Type("bool"))})


@pytest.mark.parametrize("expression, column", [
    ("(" * 110 + "patience <= 0" + ")" * 110, MAX_NESTING + 1),  # the first parenthesis past the limit
    ("not " * 100 + "ok", MAX_NESTING * 4 + 1),
    ("patience <= " + "-" * 100 + "1", 13 + MAX_NESTING),
    ("patience <= " + "abs(" * 40 + "1" + ")" * 40, 13 + MAX_NESTING * 4 + 3),
])
def test_deep_nesting_is_refused_at_its_column_not_a_recursion_error(expression, column):
    with pytest.raises(ExprError) as caught:
        compile_condition(expression, SCOPE)
    assert "trop imbriquée" in caught.value.message and caught.value.column == column


def test_a_long_operator_chain_is_refused_and_a_short_one_compiles():
    with pytest.raises(ExprError, match="trop longue"):
        compile_condition("patience <= " + "+".join(["1"] * 200), SCOPE)
    with pytest.raises(ExprError, match="trop longue"):
        compile_effect("patience = " + "+".join(["1"] * 200), SCOPE)
    fits = compile_condition("patience <= " + "+".join(["0"] * (MAX_HEIGHT - 2)), SCOPE)
    assert fits({"patience": 0}) is True


def test_a_huge_number_in_an_expression_is_refused_not_a_crash():
    with pytest.raises(ExprError, match="nombre trop grand"):
        compile_condition("patience <= " + "9" * 400, SCOPE)


@given(st.lists(st.sampled_from(["(", ")", "not ", "-", "abs(", "patience", " <= ", "1", " and ", "+", "ok", ","]),
                max_size=300))
def test_any_token_soup_compiles_or_raises_expr_error(parts):
    text = "".join(parts)
    try:
        compile_condition(text, SCOPE)
    except ExprError as exc:
        assert exc.column >= 1


def test_validate_and_play_locate_110_nested_parentheses_and_list_survives_them(tmp_path, home):
    deep = '"' + "(" * 110 + "patience <= 0" + ")" * 110 + '"'
    folder = tmp_path / "lib"
    folder.mkdir()
    path = scenario(folder, MINIMAL.replace(INTERRUPT, deep))
    runner = CliRunner()
    validate = runner.invoke(cli, ["validate", str(path)])
    assert validate.exit_code == 1, validate.output
    assert f"{path}:21:{10 + MAX_NESTING}: interrupts[0].if: expression trop imbriquée" in validate.output
    listed = runner.invoke(cli, ["--scenarios", str(folder), "list"])  # headers only (issue 19): it never crashes
    assert listed.exit_code == 0 and "Traceback" not in listed.output and "mini" in listed.output, listed.output
    played = runner.invoke(cli, ["play", "--plain", str(path)], input="")
    assert played.exit_code == 1 and "trop imbriquée" in played.output and "Traceback" not in played.output


@pytest.mark.parametrize("written, char, column", [
    (r'"Bon\e[2Jjour"', "U+001B", 14),
    (r'"Été \x9b31m"', "U+009B", 15),
    (r'"a \\e \u202Eb"', "U+202E", 17),  # an escaped backslash is not an escape
    (r'"ok\r"', "U+000D", 13),
])
def test_an_escape_that_writes_a_control_character_is_located(tmp_path, written, char, column):
    path = scenario(tmp_path, MINIMAL.replace(SAY, "say: " + written))
    [message] = diagnostics(path)
    assert message.startswith(f"{path}:32:{column}: states.accueil.say: caractère de contrôle")
    assert char in message and "[NS003]" in message


def test_an_escaped_control_character_in_a_key_is_located(tmp_path):
    path = scenario(tmp_path, MINIMAL.replace("  patience:", '  "pat\\eience":'))
    [message] = diagnostics(path)
    assert message.startswith(f"{path}:19:7: ") and "U+001B" in message


@pytest.mark.parametrize("chars, column", [("\u202e", 14), ("\u2066", 14), ("\u2069", 14), ("\u202a", 14),
                                           ("\x9b", 14), ("\x85\x1b", 15)])  # U+0085 is a YAML line break
def test_direction_overrides_and_c1_controls_written_as_is_are_located(tmp_path, chars, column):
    path = scenario(tmp_path, MINIMAL.replace("Bonjour.", f"Bon{chars}jour."))
    [message] = diagnostics(path)
    assert message.startswith(f"{path}:32:{column}: caractère de contrôle") and f"U+{ord(chars[-1]):04X}" in message


def test_tabs_line_breaks_and_ordinary_escapes_still_load(tmp_path):
    path = scenario(tmp_path, MINIMAL.replace(SAY, r'say: "Bonjour\tmadame,\nça va ? \u00e9\u2019 \\e"'))
    spec = load_scenario(path).spec
    assert spec.states["accueil"].say == "Bonjour\tmadame,\nça va ? é’ \\e"


# -- a file of the current folder named like a scenario id never shadows it (issue 15)

BUNDLED = "banque-boulangerie"


def test_an_id_is_looked_up_in_the_library_not_in_the_current_folder(tmp_path, monkeypatch, home):
    from simulator.content.bundled import scenarios_dir
    from simulator.content.library import resolve_scenario

    monkeypatch.chdir(tmp_path)
    (tmp_path / BUNDLED).write_text("format: 1\nid: pirate\n", encoding="utf-8")
    assert resolve_scenario(BUNDLED) == scenarios_dir() / f"{BUNDLED}.yaml"
    assert resolve_scenario(f"./{BUNDLED}") == Path(f"./{BUNDLED}")  # asked as a path: read as a path
    (tmp_path / "mine").write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        resolve_scenario("mine")
    assert "écrivez ./mine" in caught.value.diagnostics[0].render()
    played = CliRunner().invoke(cli, ["play", "--plain", BUNDLED], input="q\n")
    assert played.exit_code == 0 and "boulangerie" in played.output.lower() and "pirate" not in played.output


def test_a_folder_named_like_an_id_does_not_shadow_it_in_a_pool_or_a_playtest(tmp_path, monkeypatch, home):
    from simulator.cli.cmd_exam import pool_ids
    from simulator.cli.cmd_playtest import _test_files
    from simulator.content.bundled import scenarios_dir

    monkeypatch.chdir(tmp_path)
    (tmp_path / BUNDLED).mkdir()
    (tmp_path / BUNDLED / "autre.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "lot").mkdir()
    (tmp_path / "lot" / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    assert pool_ids((f"{BUNDLED},lot",)) == [BUNDLED, str(Path("lot") / "a.yaml")]
    assert _test_files(BUNDLED) == [scenarios_dir() / "tests" / f"{BUNDLED}.yaml"]
