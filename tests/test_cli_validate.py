"""``negosim validate`` and ``negosim schema`` as a trainer and a CI job use them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from factories import MINIMAL

from simulator.cli.main import cli
from simulator.content import schema

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_shipped_content_validates_clean():
    result = run("validate", str(ROOT / "scenarios"), str(ROOT / "rubrics"))
    assert result.exit_code == 0, result.output
    assert "0 erreur," in result.output


def test_bad_file_exits_1_with_located_message_and_no_traceback(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINIMAL.replace("next: gagne", "next: gagnee"), encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:" in result.output and "[NS101]" in result.output
    assert "Traceback" not in result.output


def test_json_format_for_ci(tmp_path: Path):
    good = tmp_path / "good.yaml"
    good.write_text(MINIMAL, encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: [\n", encoding="utf-8")
    result = run("validate", "--format", "json", str(tmp_path))
    assert result.exit_code == 1
    report = json.loads(result.output)
    by_file = {Path(f["file"]).name: f for f in report["files"]}
    assert by_file["good.yaml"]["ok"] and not by_file["bad.yaml"]["ok"]
    diag = by_file["bad.yaml"]["diagnostics"][0]
    assert diag["code"] == "NS004" and diag["line"] >= 1


def test_usage_errors_exit_2(tmp_path: Path):
    assert run("validate").exit_code == 2
    assert run("validate", str(tmp_path / "missing.yaml")).exit_code == 2


def test_real_process_prints_no_traceback_on_bad_input(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe garbage")
    proc = subprocess.run([sys.executable, "-m", "simulator.cli.main", "validate", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "NS003" in proc.stdout


def test_committed_schemas_are_up_to_date():
    for name in schema.names():
        committed = schema.path_of(name)
        assert committed.is_file(), f"missing {committed}: run negosim schema --write"
        assert committed.read_text(encoding="utf-8") == schema.render(name), (
            f"{committed.name} is stale: run negosim schema --write")


def test_schema_command_prints_draft07():
    result = run("schema", "scenario")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "states" in data["properties"]
    assert run("schema", "nonsense").exit_code == 2


def test_bundled_files_carry_the_schema_modeline():
    for path in sorted((ROOT / "scenarios").glob("*.yaml")):
        assert path.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../simulator/schemas/scenario.schema.json"), path
