"""Hostile input to the players: odd digits, bytes that are not UTF-8, huge lines, Ctrl+C, odd names.

Issue 15: ``²``, ``①`` or a 5,000-digit number crashed both players (and left an exam record unsealed);
invalid UTF-8 on stdin or in ``--learner`` crashed; Ctrl+C printed click's "Aborted!" without the resume
hint; a 10 MB line took over a minute to wrap.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from exam_support import KEY, begin, exam_scenario
from factories import MINIMAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_exam_plain import Script

from simulator.cli.main import cli
from simulator.content.loader import load_scenario
from simulator.exam.verify import verify_record
from simulator.learner_input import MAX_LINE, QUOTE, InputProblem, learner_name
from simulator.player.plain import PlainIO, PlainPlayer
from simulator.player.plain_exam import ExamPlainPlayer
from simulator.store.journal import read_journal
from simulator.store.recorder import RecordedSession


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


def journals(home: Path) -> list[Path]:
    return sorted((home / "sessions").glob("*.jsonl"))


def test_bytes_that_are_not_utf8_on_stdin_are_refused_like_stray_text(mini, home):
    script = b"ab\xff\xfe\n\xc3\n" + b"question\nconclure\n"
    result = CliRunner().invoke(cli, ["play", "--plain", str(mini)], input=script)
    assert result.exit_code == 0, result.output
    assert "« ab\ufffd\ufffd » n'est pas une réponse" in result.output.replace("\u202f", " ")
    assert "réussite" in result.output
    assert [i.choice for i in read_journal(journals(home)[0]).inputs] == ["question", "conclure"]


@pytest.mark.parametrize("name, reason", [
    ("L\udce9a", "octets qui ne sont pas du texte UTF-8"),  # b"L\xe9a" (Latin-1) as Python decodes argv
    ("Léa\x1b[2J", "caractère invisible (U+001B)"),
    ("Léa \u202enitraM", "caractère invisible (U+202E)"),
    ("   ", "le nom est vide"),
    ("x" * 81, "nom trop long (81 caractères, 80 au plus)"),
])
def test_a_learner_name_that_cannot_be_shown_is_refused_before_anything_starts(mini, home, name, reason):
    result = CliRunner().invoke(cli, ["play", "--plain", "--learner", name, str(mini)], input="")
    assert result.exit_code == 2 and reason in result.output and "Traceback" not in result.output
    assert "--learner" in result.output
    assert not (home / "sessions").exists() or not journals(home)


def test_a_candidate_name_is_checked_the_same_way(home):
    result = CliRunner().invoke(cli, ["exam", "--plain", "--candidate", "A\x07", "-s", "mini"])
    assert result.exit_code == 2 and "caractère invisible (U+0007)" in result.output


def test_markup_and_spaces_in_a_name_are_kept_as_text():
    assert learner_name("  [b]Léa[/b]\t Martin [/oops] ") == "[b]Léa[/b] Martin [/oops]"


def test_a_huge_line_is_refused_unread_and_never_quoted_whole(mini, home):
    huge = "x" * 2_000_000
    result = CliRunner().invoke(cli, ["play", "--plain", str(mini)], input=f"{huge}\np {huge}\n{'y' * 900}\nq\n")
    assert result.exit_code == 0, result.output
    out = result.output.replace("\u202f", " ").replace("\u00a0", " ")
    assert out.count(f"ligne trop longue (2000002 caractères, {MAX_LINE} au plus)") == 1
    assert out.count(f"ligne trop longue (2000000 caractères, {MAX_LINE} au plus)") == 1
    assert f"« {'y' * QUOTE}… » n'est pas une réponse" in out  # 900 characters: read, quoted in part
    assert len(out) < 20_000  # the echo and the messages are cut too: nothing wraps megabytes
    assert journals(home) and not read_journal(journals(home)[0]).inputs


class Interrupting:
    """A terminal where the learner answers, then presses Ctrl+C."""

    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.out: list[str] = []

    def read_line(self, prompt: str) -> str | None:
        if not self.answers:
            raise KeyboardInterrupt
        return self.answers.pop(0)


def test_ctrl_c_saves_and_prints_the_french_resume_hint(mini, home):
    rec = RecordedSession.start(load_scenario(mini), seed=1)
    term = Interrupting(["question"])
    code = PlainPlayer(rec, PlainIO(term.read_line, term.out.append)).run()
    text = "\n".join(term.out)
    assert code == 130
    assert "Interrompu (Ctrl+C)." in text and "Session enregistrée. Pour la reprendre plus tard" in text
    assert f"negosim play --plain --resume {rec.path}" in text
    resumed = CliRunner().invoke(cli, ["play", "--plain", "--resume", str(rec.path)], input="conclure\n")
    assert resumed.exit_code == 0 and "réussite" in resumed.output
    assert [i.choice for i in read_journal(rec.path).inputs] == ["question", "conclure"]


def test_ctrl_c_outside_the_player_says_interrompu_not_aborted(mini, home, monkeypatch):
    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("simulator.content.loader.load_scenario", interrupted)
    result = CliRunner().invoke(cli, ["play", "--plain", str(mini)], input="")
    assert result.exit_code == 130 and "Interrompu." in result.output and "Aborted" not in result.output


@pytest.mark.parametrize("typed", ["²", "①", "9" * 5000, "p ²", "p " + "9" * 5000, "x" * 20_000, "\x1b[2J", "٣"],
                         ids=["superscript", "circled", "5000-digits", "price-superscript", "price-5000-digits",
                              "20000-chars", "escape", "arabic-indic"])
def test_the_exam_player_refuses_odd_input_and_the_record_is_sealed(tmp_path, typed):
    run, clock = begin(exam_scenario(tmp_path), tmp_path / "r", seed=4)
    script = Script(clock, [(5, ""), (5, typed), (5, "1"), (5, "1"), (5, "1"), (5, "1"), (5, "1")])
    code = ExamPlainPlayer(run, script.io()).run()
    assert code == 0 and run.result is not None and run.result.outcome == "success"
    assert "✗" in script.text or "n'est pas" in script.text
    assert verify_record(run.result.path, KEY).ok
    assert all(len(line) < 5_000 for line in script.out)


# -- fuzzing the plain player's prompt loop and the shared reader

_TYPED = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=12),  # ², ①, ٣, Ⅻ
    st.integers(min_value=0, max_value=10**60).map(str),
    st.text(alphabet=st.sampled_from("\x1b[]2J\x9b\u202e\x00\r\t;/"), max_size=20),
    st.sampled_from(["p", "p 9 600 2", "i", "b", "?", "p 1e9", "p -0", "p ,", "p 1.000.000,00"]),
    st.builds(lambda s: "p " + s, st.text(max_size=30)),
)


class Scripted:
    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.out: list[str] = []

    def read_line(self, prompt: str) -> str | None:
        self.out.append(prompt)
        return self.answers.pop(0) if self.answers else None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TYPED, max_size=8))
def test_any_typed_lines_reprompt_or_play_never_a_traceback(priced_scenario, home, lines):
    rec = RecordedSession.start(priced_scenario, seed=2)
    term = Scripted(["question", *lines])
    assert PlainPlayer(rec, PlainIO(term.read_line, term.out.append)).run() == 0
    played = read_journal(rec.path).inputs
    assert played and played[0].choice == "question"  # every move that was played is on disk


@pytest.fixture
def priced_scenario(tmp_path_factory):
    from factories import MINIMAL_PRICE

    path = tmp_path_factory.mktemp("prix") / "prix.yaml"
    path.write_text(MINIMAL_PRICE, encoding="utf-8")
    return load_scenario(path)


@given(st.text(max_size=120))
def test_any_name_is_a_name_or_a_reason(text):
    try:
        name = learner_name(text)
    except InputProblem as problem:
        assert problem.message("fr") and problem.message("en")
    else:
        assert name == name.strip() and "  " not in name and not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e]", name)
        json.dumps(name).encode("utf-8")  # it can be journaled
