"""The plain player in exam mode, driven by a script on an injected clock (no sleeping)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from exam_support import KEY, begin, exam_scenario, use_key_files

from simulator.cli.main import cli
from simulator.engine.session import ChoiceInput
from simulator.exam.verify import verify_record
from simulator.player.plain import PlainIO
from simulator.player.plain_exam import TIMEOUT, ExamPlainPlayer


def plain(text):
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class Script:
    """Answers prompts from a list of (seconds to let pass, answer); records what was shown."""

    def __init__(self, clock, steps):
        self.clock = clock
        self.steps = list(steps)
        self.out: list[str] = []
        self.prompts: list[str] = []

    def read_line(self, prompt):
        self.prompts.append(prompt)
        self.out.append(prompt)
        if not self.steps:
            return None
        wait, answer = self.steps.pop(0)
        self.clock.advance(wait)
        return answer

    def timed(self, prompt, seconds):
        """A terminal reader with a deadline: an answer that would come too late is a timeout."""
        self.prompts.append(prompt)
        if not self.steps:
            return None
        wait, answer = self.steps[0]
        if wait >= seconds:
            self.clock.advance(seconds)
            self.steps[0] = (wait - seconds, answer)
            return TIMEOUT
        self.steps.pop(0)
        self.clock.advance(wait)
        return answer

    def io(self):
        return PlainIO(self.read_line, self.out.append)

    @property
    def text(self):
        """What was shown, with French no-break spaces read as spaces."""
        return "\n".join(self.out).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture
def scenario(tmp_path):
    return exam_scenario(tmp_path)


def test_plain_exam_start_early_play_to_the_end(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=4)
    script = Script(clock, [(30, "b"), (60, ""), (20, "1"), (10, "1"), (10, "1"), (10, "1"), (10, "1")])
    code = ExamPlainPlayer(run, script.io()).run()
    assert code == 0 and run.result.outcome == "success"
    text = script.text
    assert "ÉPREUVE BLANCHE — Léa Martin" in text and "Préparation : 10 min" in text
    assert script.prompts[0].startswith("[Préparation, reste 10:00]")
    assert script.prompts[1].startswith("[Préparation, reste 9:30]")
    assert "L'entretien commence : vous avez 5 min." in text
    interview_prompts = [p for p in script.prompts if p.startswith("[Reste")]
    assert interview_prompts[0] == "[Reste 5:00] > " and interview_prompts[1] == "[Reste 4:40] > "
    assert "Note globale" in text and text.index("Note globale") > text.index("Issue : réussite")  # the mark only at the end
    assert "scellé et signé" in text and "negosim verify" in text
    assert verify_record(run.path, KEY).ok
    assert run.result.preparation_seconds == 90


def test_plain_exam_time_up_while_the_candidate_thinks(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=4)
    script = Script(clock, [(0, ""), (20, "1"), (400, "1")])  # the second answer would come after 5 minutes
    ExamPlainPlayer(run, script.io(), read_timed=script.timed).run()
    assert run.result.outcome == "time_up" and run.result.interview_seconds == 300
    assert "Temps écoulé : l'entretien est terminé." in script.text and "Issue : temps écoulé" in script.text
    lines = [json.loads(x) for x in run.path.read_text(encoding="utf-8").splitlines()]
    assert sum(x["type"] == "input" for x in lines) == 1


def test_plain_exam_preparation_runs_out(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=4)
    script = Script(clock, [(700, "x"), (5, "2")])
    ExamPlainPlayer(run, script.io(), read_timed=script.timed).run()
    assert "Temps de préparation écoulé : l'entretien commence." in script.text
    assert run.result.outcome == "failure" and not run.started_early


def test_plain_exam_quit_needs_confirmation_and_no_resume_help(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=4)
    script = Script(clock, [(0, ""), (5, "?"), (5, "q"), (5, "n"), (5, "q"), (5, "o")])
    ExamPlainPlayer(run, script.io()).run()
    text = script.text
    assert "ne pourra pas reprendre" in text and "reprendre là où" not in text
    assert run.result.outcome == "abandoned" and "Épreuve arrêtée avant la fin." in text


def test_plain_exam_end_of_input_ends_and_seals(scenario, tmp_path):
    run, clock = begin(scenario, tmp_path / "r", seed=4)
    ExamPlainPlayer(run, Script(clock, [(0, "")]).io()).run()
    assert run.result.outcome == "abandoned" and verify_record(run.path, KEY).ok


def test_cli_play_exam_plain_writes_a_sealed_record(tmp_path, home, monkeypatch):
    use_key_files(monkeypatch, tmp_path / "keys")
    path = tmp_path / "examen.yaml"
    exam_scenario(tmp_path)  # writes examen.yaml
    runner = CliRunner()
    result = runner.invoke(cli, ["play", str(path), "--exam", "--plain", "--candidate", "Zoé Petit", "--seed", "3",
                                 "--interview", "2"], input="\n2\n")
    assert result.exit_code == 0, result.output
    assert "Zoé Petit" in result.output and "Entretien : 2 min" in plain(result.output)
    records = list((home / "sessions").glob("*.jsonl"))
    assert len(records) == 1
    header = json.loads(records[0].read_text(encoding="utf-8").splitlines()[0])
    assert header["exam"]["candidate"] == "Zoé Petit" and header["exam"]["interview_minutes"] == 2 and header["seed"] == 3
    verified = runner.invoke(cli, ["verify", str(records[0])])
    assert verified.exit_code == 0 and "valide — signé" in verified.output
    # the passphrase is checked at set-up: a wrong one starts no exam
    monkeypatch.setenv("NEGOSIM_JURY_PASSPHRASE", "pas la bonne phrase")
    wrong = runner.invoke(cli, ["play", str(path), "--exam", "--plain", "--candidate", "Zoé Petit"], input="\n2\n")
    assert wrong.exit_code == 1 and "phrase de passe incorrecte" in wrong.output and "Traceback" not in wrong.output
    assert len(list((home / "sessions").glob("*.jsonl"))) == 1


def test_an_exam_never_resumes_in_the_plain_player(tmp_path, home, monkeypatch):
    """Resuming an interrupted exam replayed it without its timer and sealed it "valide" (issue 15)."""
    monkeypatch.delenv("NEGOSIM_JURY_KEY_FILE", raising=False)
    run, clock = begin(exam_scenario(tmp_path), home / "sessions", preparation=0)
    clock.advance(10)
    run.step(ChoiceInput("presenter"))  # then the process is killed: no end, no seal
    before = run.path.read_bytes()
    result = CliRunner().invoke(cli, ["play", "--plain", "--resume", str(run.path)], input="1\n1\n")
    assert result.exit_code == 1 and "ne reprend jamais" in result.output
    assert "Traceback" not in result.output and run.path.read_bytes() == before  # nothing written


def test_cli_exam_plain_pool_draw_and_bad_setup(tmp_path, home, monkeypatch):
    monkeypatch.delenv("NEGOSIM_JURY_KEY", raising=False)
    runner = CliRunner()
    result = runner.invoke(cli, ["exam", "--plain", "--candidate", "Zoé", "--pool", "banque-boulangerie,immobilier-mandat",
                                 "--seed", "11", "--preparation", "0"], input="1\n")
    assert result.exit_code == 0, result.output
    assert "Tirage (graine 11)" in result.output and "non signé" in plain(result.output).lower()
    header = json.loads(next((home / "sessions").glob("*.jsonl")).read_text(encoding="utf-8").splitlines()[0])
    assert header["exam"]["pool"] == ["banque-boulangerie", "immobilier-mandat"] and header["seed"] == 11
    bad = runner.invoke(cli, ["exam", "--plain", "--candidate", "Zoé", "--scenario", "banque-boulangerie", "--interview", "0"])
    assert bad.exit_code == 2 and "entretien" in plain(bad.output) and "Traceback" not in bad.output
    both = runner.invoke(cli, ["exam", "--plain", "--candidate", "Zoé", "--scenario", "x", "--pool", "y"])
    assert both.exit_code == 2 and "OU un lot" in both.output


def test_timed_reader_on_a_real_pipe_gives_up_when_the_time_is_over():
    import io
    import os

    from simulator.player.plain_exam import timed_reader

    r, w = os.pipe()
    with os.fdopen(r, "r", encoding="utf-8") as inp, os.fdopen(w, "w", encoding="utf-8") as feed:
        out = io.StringIO()
        read = timed_reader(inp, out)
        assert read("[Reste 0:00] > ", 0) is TIMEOUT  # nothing typed and no time left: no waiting
        feed.write("2\n")
        feed.flush()
        assert read("> ", 0) == "2"
        feed.close()
        assert read("> ", 0) is None  # end of input
    assert out.getvalue().startswith("[Reste 0:00] > \n")
